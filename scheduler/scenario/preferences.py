"""preferences.csv, read column by column: it can hold a row for every student and task."""

from __future__ import annotations

import pandas as pd

from scheduler.exceptions import Problem
from scheduler.scenario.messages import with_hint
from scheduler.scenario.tables import Table

FILE = "preferences.csv"
COLUMNS = {"student_id": True, "task_id": True, "rank": True}
HINTS = {
    "student_id": "a student_id from students.csv",
    "task_id": "a task_id from tasks.csv",
    "rank": "a whole number, 1 for the most wanted",
}


def parse_preferences(table: Table) -> pd.DataFrame:
    """The rows with both ids and a whole rank of 1 or more; problems go to the table."""
    frame = table.frame
    if frame.empty:
        return pd.DataFrame({"student_id": [], "task_id": [], "rank": []})
    rank = pd.to_numeric(frame["rank"], errors="coerce")
    whole = rank.notna() & (rank % 1 == 0)
    good = whole & (rank >= 1)
    for column in ("student_id", "task_id"):
        empty = frame[column] == ""
        table.problems += _problems(
            frame[empty], column, lambda _: "is empty, but a value is needed"
        )
        good &= ~empty
    table.problems += _problems(frame[~whole], "rank", lambda v: f'"{v}" is not a whole number')
    too_small = frame[whole & (rank < 1)]
    table.problems += _problems(
        too_small, "rank", lambda v: f'"{v}" is too small: the least allowed is 1'
    )
    kept = frame.loc[good, ["student_id", "task_id"]].copy()
    kept["rank"] = rank[good].astype(int)
    return kept


def preference_problems(prefs: pd.DataFrame, students: set[str], tasks: set[str]) -> list[Problem]:
    """Preferences name known students and tasks, each pair once."""
    problems = []
    for column, known, home in (
        ("student_id", students, "students.csv"),
        ("task_id", tasks, "tasks.csv"),
    ):
        unknown = prefs[~prefs[column].isin(known)]
        problems += [
            Problem(
                FILE,
                row,
                column,
                f'"{value}" is not a {column} in {home}. Check the spelling, or add it to {home}',
            )
            for row, value in zip(unknown.index, unknown[column], strict=True)
        ]
    pairs = prefs[prefs.duplicated(["student_id", "task_id"], keep=False)]
    first: dict[tuple[str, str], int] = {}
    for row, student, task in zip(pairs.index, pairs["student_id"], pairs["task_id"], strict=True):
        if (student, task) in first:
            text = f"student {student} already ranks task {task} in row {first[student, task]}. Keep one of the two rows"
            problems.append(Problem(FILE, row, "task_id", text))
        first.setdefault((student, task), row)
    return problems


def preference_ranks(prefs: pd.DataFrame) -> dict[str, dict[str, int]]:
    """student_id -> task_id -> rank."""
    ranks: dict[str, dict[str, int]] = {}
    columns = (prefs["student_id"].tolist(), prefs["task_id"].tolist(), prefs["rank"].tolist())
    for student, task, rank in zip(*columns, strict=True):
        ranks.setdefault(student, {})[task] = int(rank)
    return ranks


def _problems(rows: pd.DataFrame, column: str, what) -> list[Problem]:
    return [
        Problem(FILE, row, column, with_hint(what(value), HINTS[column]))
        for row, value in zip(rows.index, rows[column], strict=True)
    ]
