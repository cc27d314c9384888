"""Load a scenario folder: read every file, collect every problem, or return a Scenario."""

from __future__ import annotations

from pathlib import Path

from scheduler.exceptions import Problem, ScenarioError
from scheduler.scenario.cells import split_list
from scheduler.scenario.files.preferences import (
    parse_preferences,
    preference_columns,
    preference_ranks,
    week_wishes,
)
from scheduler.scenario.files.tables import Table, column_names, parse_rows, read_table
from scheduler.scenario.files.workbook import is_workbook, read_workbook, relabel
from scheduler.scenario.files.yamlfile import Place, read_settings
from scheduler.scenario.models import (
    Partner,
    Pin,
    Scenario,
    Student,
    Task,
    Teacher,
)
from scheduler.scenario.validation.crosscheck import Parsed, all_problems


def load_scenario(folder: str | Path) -> Scenario:
    """Read and validate a scenario folder, or a scenario workbook (.xlsx).

    Raises ``ScenarioError`` listing every problem found. Warnings that do not stop
    the scenario from being used are available from ``scenario_warnings``.
    """
    scenario, _ = load_with_warnings(folder)
    return scenario


def load_with_warnings(folder: str | Path) -> tuple[Scenario, list[Problem]]:
    """Like ``load_scenario``, and also return the warnings found while reading."""
    scenario, warnings, _, _ = load_with_tables(folder)
    return scenario, warnings


def load_with_tables(folder: str | Path) -> tuple[Scenario, list[Problem], dict[str, Table], Place]:
    """Like ``load_with_warnings``, and also the tables read (their rows numbered as a
    spreadsheet shows them) and where each setting is written: to name a row or a line in
    problems found later, across a school's subjects."""
    source = Path(folder)
    if is_workbook(source):
        try:
            parts = read_workbook(source, TABLE_COLUMNS)
            scenario, problems = load_parts(*parts)
        except ScenarioError as error:
            raise ScenarioError(relabel(error.problems, source)) from None
        return scenario, relabel(problems, source), parts[3], parts[2]
    if not source.is_dir():
        what = "is a file, not a folder" if source.exists() else "does not exist"
        text = f"{what}. Give the scenario's folder, or its workbook (.xlsx)"
        raise ScenarioError([Problem(str(source), None, None, text)])
    tables = _read_tables(source)
    settings, settings_problems, place = read_settings(source)
    scenario, problems = load_parts(settings, settings_problems, place, tables)
    return scenario, problems, tables, place


def load_parts(settings, settings_problems, place, tables) -> tuple[Scenario, list[Problem]]:
    problems = settings_problems + [p for t in tables.values() for p in t.problems]
    if any(not p.warning for t in tables.values() for p in t.problems):
        raise ScenarioError(problems)
    parsed = _parse(settings, place, tables)
    problems = settings_problems + [p for t in tables.values() for p in t.problems]
    problems += all_problems(parsed)
    if any(not p.warning for p in problems):
        raise ScenarioError(problems)
    return _scenario(parsed), ScenarioError(problems).problems


TABLE_COLUMNS = {
    "tasks": column_names(Task),
    "students": column_names(Student),
    "teachers": column_names(Teacher),
    "preferences": preference_columns,
    "pins": column_names(Pin),
    "partners": column_names(Partner),
}
OPTIONAL_TABLES = ("pins", "partners")


def _read_tables(folder: Path) -> dict[str, Table]:
    tables = {}
    for name, columns in TABLE_COLUMNS.items():
        path = folder / f"{name}.csv"
        optional = name in OPTIONAL_TABLES and not path.exists()
        tables[name] = Table(path.name) if optional else read_table(path, columns)
    return tables


def _parse(settings, place, tables: dict[str, Table]) -> Parsed:
    return Parsed(
        settings=settings,
        place=place,
        tasks=parse_rows(tables["tasks"], Task),
        students=parse_rows(tables["students"], Student),
        teachers=parse_rows(tables["teachers"], Teacher),
        preferences=parse_preferences(tables["preferences"], tables["tasks"]),
        pins=parse_rows(tables["pins"], Pin),
        partners=parse_rows(tables["partners"], Partner),
        task_ids=tables["tasks"].cells("task_id"),
        student_ids=tables["students"].cells("student_id"),
        teacher_ids=tables["teachers"].cells("teacher_id"),
        taught=_listed(tables["teachers"].cells("classes")),
        task_columns=set(tables["tasks"].frame.columns),
    )


def _listed(cells: set[str]) -> set[str]:
    """Every item of cells holding lists (``9A;9B``)."""
    return {item for cell in cells for item in split_list(cell)}


def _scenario(parsed: Parsed) -> Scenario:
    preferences = preference_ranks(parsed.preferences)
    return Scenario.model_construct(
        settings=parsed.settings,
        tasks=tuple(t for _, t in parsed.tasks),
        students=tuple(s for _, s in parsed.students),
        teachers=tuple(t for _, t in parsed.teachers),
        preferences=preferences,
        week_wishes=week_wishes(parsed.preferences),
        pins=tuple(p for _, p in parsed.pins),
        partners=tuple(p for _, p in parsed.partners),
    )
