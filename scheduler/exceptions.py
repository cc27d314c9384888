"""Errors the library raises, and the problems they carry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a warning) in a scenario, located for a person.

    ``row`` is the row number a spreadsheet shows (the header is row 1); for a YAML
    file it is the line number. ``column`` is a CSV column name, or for a YAML file
    (and a workbook's settings sheet) the key path, such as ``policy.tasks_per_student.min``.
    ``file`` names a workbook's sheet as ``book.xlsx, sheet tasks``.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return self.said(None if self.row is None else [self.row])

    def said(self, rows: list[int] | None) -> str:
        """The problem in words, at ``rows`` (the same problem on each of them)."""
        yaml = self.file.endswith((".yaml", ".yml"))
        keys = yaml or self.file.endswith("sheet settings")
        place = [self.file]
        if rows:
            word = "line" if yaml else "row"
            shown = ", ".join(map(str, rows[:MOST_ROWS_NAMED]))
            more = len(rows) - MOST_ROWS_NAMED
            shown += f" and {more} more" if more > 0 else ""
            place.append(f"{word}{'s' if len(rows) > 1 else ''} {shown}")
        if self.column:
            label = "option" if self.file == "command line" else "key" if keys else "column"
            place.append(f"{label} {self.column}")
        end = "" if self.message.endswith((".", "?", "!")) else "."
        label = "warning: " if self.warning else ""
        return f"{', '.join(place)}: {label}{self.message}{end}"


MOST_ROWS_NAMED = 8


def problem_lines(problems: list[Problem]) -> list[str]:
    """Each problem as a line, in order; the same problem (file, column and message) on
    several rows is one line naming its rows, so 60 rows naming one unknown task read as one."""
    rows: dict[tuple, list[int]] = {}
    for p in problems:
        rows.setdefault((p.file, p.column, p.message, p.warning), [])
        if p.row is not None:
            rows[p.file, p.column, p.message, p.warning].append(p.row)
    return [Problem(f, None, c, m, w).said(r) for (f, c, m, w), r in rows.items()]


class SchedulerError(Exception):
    """Base class of every error the library raises on purpose."""


class OutputTaken(SchedulerError):
    """The output would replace files: ``option`` (``--overwrite`` or ``--force``) allows it."""

    def __init__(self, message: str, option: str):
        self.option = option
        super().__init__(message)


class ScenarioError(SchedulerError):
    """The scenario cannot be used; ``problems`` lists everything found, warnings too."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_problem_order)
        self.errors = [p for p in self.problems if not p.warning]
        super().__init__(f"{len(self.errors)} problem(s) in the scenario")


FILE_ORDER = (
    "scenario.yaml",
    "tasks.csv",
    "students.csv",
    "teachers.csv",
    "preferences.csv",
    "pins.csv",
    "partners.csv",
)


SHEET_ORDER = (
    "settings",
    "criteria",
    "periods",
    "tasks",
    "students",
    "teachers",
    "preferences",
    "pins",
    "partners",
)


def _problem_order(problem: Problem) -> tuple:
    sheet = problem.file.rpartition(", sheet ")[2]
    if problem.file in FILE_ORDER:
        rank = FILE_ORDER.index(problem.file)
    else:
        rank = SHEET_ORDER.index(sheet) if sheet in SHEET_ORDER else 99
    return (rank, problem.file, problem.row or 0, problem.column or "", problem.message)


STOPPED = 130  # the shell's code for a program ended by Ctrl-C
STOPPED_TEXT = "Stopped (Ctrl-C); nothing was written."
