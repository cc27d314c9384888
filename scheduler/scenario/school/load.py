"""Load a school folder: school.yaml and each subject's scenario, every problem named by
subject, file, row and column."""

from __future__ import annotations

from pathlib import Path

from scheduler.exceptions import Problem, ScenarioError
from scheduler.scenario.files.load import load_with_tables
from scheduler.scenario.files.workbook import is_workbook
from scheduler.scenario.files.yamlfile import read_settings
from scheduler.scenario.school.models import School, SchoolSettings, subject_name
from scheduler.scenario.school.validation import Subject, in_school, school_problems

SCHOOL_FILE = "school.yaml"


def is_school(path: str | Path) -> bool:
    """Whether ``path`` is a school folder (it holds school.yaml)."""
    return Path(path).is_dir() and (Path(path) / SCHOOL_FILE).is_file()


def load_school(folder: str | Path) -> School:
    """Read and validate a school folder; raises ``ScenarioError`` listing every problem."""
    school, _ = load_school_with_warnings(folder)
    return school


def load_school_with_warnings(folder: str | Path) -> tuple[School, list[Problem]]:
    """Like ``load_school``, and also return the warnings found while reading."""
    folder = Path(folder)
    settings, problems, place = read_settings(folder, SCHOOL_FILE, SchoolSettings)
    if settings is None:
        raise ScenarioError(problems)
    subjects: list[Subject] = []
    for index, entry in enumerate(settings.subjects):
        source = subject_source(folder, entry)
        if source is None:
            problems.append(Problem(*place(("subjects", index)), _missing(entry)))
            continue
        try:
            scenario, warnings, tables, where = load_with_tables(source)
        except ScenarioError as error:
            problems += _named(error.problems, source)
            continue
        problems += _named(warnings, source)
        subjects.append(Subject(subject_name(entry), source, scenario, tables, where))
    problems += school_problems(settings, place, subjects)
    if any(not p.warning for p in problems):
        raise ScenarioError(problems)
    school = School(settings=settings, subjects={s.name: s.scenario for s in subjects})
    return school, ScenarioError(problems).problems


def subject_source(folder: Path, entry: str) -> Path | None:
    """A subject's folder, or its workbook (``sciences.xlsx``), beside school.yaml."""
    name = subject_name(entry)
    for source in (folder / entry, folder / name, folder / f"{name}.xlsx"):
        if source.is_dir() or (is_workbook(source) and source.is_file()):
            return source
    return None


def _missing(entry: str) -> str:
    name = subject_name(entry)
    return (
        f'the subject "{entry}" has no folder {name}/ (nor workbook {name}.xlsx) beside '
        "school.yaml. Add its scenario there, or take it out of subjects"
    )


def _named(problems: list[Problem], source: Path) -> list[Problem]:
    """A subject's problems, their files named inside the school (``sciences/tasks.csv``);
    a workbook's are named after its sheets already."""
    return [
        Problem(in_school(source, p.file), p.row, p.column, p.message, p.warning) for p in problems
    ]
