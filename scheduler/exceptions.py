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
        yaml = self.file.endswith((".yaml", ".yml"))
        keys = yaml or self.file.endswith("sheet settings")
        place = [self.file]
        if self.row is not None:
            place.append(f"{'line' if yaml else 'row'} {self.row}")
        if self.column:
            label = "option" if self.file == "command line" else "key" if keys else "column"
            place.append(f"{label} {self.column}")
        end = "" if self.message.endswith((".", "?", "!")) else "."
        label = "warning: " if self.warning else ""
        return f"{', '.join(place)}: {label}{self.message}{end}"


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
)


SHEET_ORDER = ("settings", "criteria", "periods", "tasks", "students", "teachers", "preferences")


def _problem_order(problem: Problem) -> tuple:
    sheet = problem.file.rpartition(", sheet ")[2]
    if problem.file in FILE_ORDER:
        rank = FILE_ORDER.index(problem.file)
    else:
        rank = SHEET_ORDER.index(sheet) if sheet in SHEET_ORDER else 99
    return (rank, problem.file, problem.row or 0, problem.column or "", problem.message)


STOPPED = 130  # the shell's code for a program ended by Ctrl-C
STOPPED_TEXT = "Stopped (Ctrl-C); nothing was written."
