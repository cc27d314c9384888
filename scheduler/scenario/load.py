"""Load a scenario folder: read every file, collect every problem, or return a Scenario."""

from __future__ import annotations

from pathlib import Path

from scheduler.exceptions import Problem, ScenarioError
from scheduler.scenario.crosscheck import Parsed, all_problems
from scheduler.scenario.models import (
    Pin,
    Scenario,
    Student,
    Task,
    Teacher,
)
from scheduler.scenario.preferences import COLUMNS as PREFERENCE_COLUMNS
from scheduler.scenario.preferences import parse_preferences, preference_ranks
from scheduler.scenario.tables import Table, column_names, parse_rows, read_table
from scheduler.scenario.yamlfile import read_settings


def load_scenario(folder: str | Path) -> Scenario:
    """Read and validate a scenario folder.

    Raises ``ScenarioError`` listing every problem found. Warnings that do not stop
    the scenario from being used are available from ``scenario_warnings``.
    """
    scenario, _ = load_with_warnings(folder)
    return scenario


def load_with_warnings(folder: str | Path) -> tuple[Scenario, list[Problem]]:
    """Like ``load_scenario``, and also return the warnings found while reading."""
    folder = Path(folder)
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise ScenarioError(
            [Problem(str(folder), None, None, f"{what}. Give the scenario's folder")]
        )
    settings, yaml_problems, lines = read_settings(folder)
    tables = _read_tables(folder)
    problems = yaml_problems + [p for t in tables.values() for p in t.problems]
    if any(not p.warning for p in problems if p.file != "scenario.yaml"):
        raise ScenarioError(problems)
    parsed = _parse(settings, lines, tables)
    problems = yaml_problems + [p for t in tables.values() for p in t.problems]
    problems += all_problems(parsed)
    if any(not p.warning for p in problems):
        raise ScenarioError(problems)
    return _scenario(parsed), ScenarioError(problems).problems


def _read_tables(folder: Path) -> dict[str, Table]:
    tables = {
        "tasks": read_table(folder / "tasks.csv", column_names(Task)),
        "students": read_table(folder / "students.csv", column_names(Student)),
        "teachers": read_table(folder / "teachers.csv", column_names(Teacher)),
        "preferences": read_table(folder / "preferences.csv", PREFERENCE_COLUMNS),
    }
    pins = folder / "pins.csv"
    tables["pins"] = read_table(pins, column_names(Pin)) if pins.exists() else Table("pins.csv")
    return tables


def _parse(settings, lines, tables: dict[str, Table]) -> Parsed:
    return Parsed(
        settings=settings,
        lines=lines,
        tasks=parse_rows(tables["tasks"], Task),
        students=parse_rows(tables["students"], Student),
        teachers=parse_rows(tables["teachers"], Teacher),
        preferences=parse_preferences(tables["preferences"]),
        pins=parse_rows(tables["pins"], Pin),
        task_ids=tables["tasks"].cells("task_id"),
        student_ids=tables["students"].cells("student_id"),
        teacher_ids=tables["teachers"].cells("teacher_id"),
    )


def _scenario(parsed: Parsed) -> Scenario:
    preferences = preference_ranks(parsed.preferences)
    return Scenario.model_construct(
        settings=parsed.settings,
        tasks=tuple(t for _, t in parsed.tasks),
        students=tuple(s for _, s in parsed.students),
        teachers=tuple(t for _, t in parsed.teachers),
        preferences=preferences,
        pins=tuple(p for _, p in parsed.pins),
    )
