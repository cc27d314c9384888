"""preferences.csv, read column by column: it can hold a row for every student and task.

It comes in two shapes. The long one has a row per (student, task) with its rank. The
wide one is what online forms export: a row per student, with columns such as
``1st choice``, ``2nd choice``, ... holding task ids or titles.
"""

from __future__ import annotations

import re

import pandas as pd

from scheduler.exceptions import Problem
from scheduler.scenario.cells import split_weeks
from scheduler.scenario.files.tables import Table
from scheduler.scenario.validation.messages import unknown_id, with_hint

FILE = "preferences.csv"
COLUMNS = {"student_id": True, "task_id": True, "rank": True, "week": False}
HINTS = {
    "student_id": "a student_id from students.csv",
    "task_id": "a task_id from tasks.csv",
    "rank": "a whole number, 1 for the most wanted",
    "week": "a week such as 9, or weeks such as 9-10, or empty for no wish",
}


CHOICE = re.compile(
    r"(?:choice|preference|rank|pick|option)\s*(?:no\.?|#)?\s*(\d+)"
    r"|(\d+)\s*(?:st|nd|rd|th)?\s*(?:choice|preference|pick|option)?",
    re.IGNORECASE,
)


ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}


def choice_number(header: str) -> int | None:
    """The rank a wide-shape column stands for: ``2nd choice``, ``Choice 2``, ``[2nd]`` -> 2."""
    text = header.strip()
    bracket = re.search(r"\[([^\]]*)\]\s*$", text)
    if bracket:
        text = bracket.group(1).strip()
    words = text.lower().split()
    if words and words[0] in ORDINALS and set(words[1:]) <= {"choice", "preference", "pick"}:
        return ORDINALS[words[0]]
    match = CHOICE.fullmatch(text)
    if not match:
        return None
    number = int(match.group(1) or match.group(2))
    return number if number >= 1 else None


def preference_columns(header: list[str]) -> dict[str, bool]:
    """The columns to read: the long shape's, or student_id and the choice columns."""
    if "task_id" in header or "rank" in header or not any(map(choice_number, header)):
        return COLUMNS
    return {"student_id": True, **{h: False for h in header if choice_number(h)}}


def is_wide(table: Table) -> bool:
    return "student_id" in table.frame and "task_id" not in table.frame


def parse_preferences(table: Table, tasks: Table | None = None) -> pd.DataFrame:
    """The rows with both ids and a whole rank of 1 or more; problems go to the table.

    ``tasks`` (the menu as read) lets the wide shape name tasks by title.
    """
    frame = table.frame
    if frame.empty:
        return pd.DataFrame({"student_id": [], "task_id": [], "rank": [], "week": []})
    if is_wide(table):
        return parse_wide(table, tasks or Table("tasks.csv"))
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
    weeks = pd.Series([""] * len(frame), index=frame.index, dtype=object)
    if "week" in frame:
        weeks = frame["week"].map(_wished_weeks)
        bad_week = weeks.map(lambda w: isinstance(w, str) and w != "")
        table.problems += _problems(frame[bad_week], "week", lambda v: f'"{v}" is not a week')
        good &= ~bad_week
    kept = frame.loc[good, ["student_id", "task_id"]].copy()
    kept["rank"] = rank[good].astype(int)
    kept["week"] = weeks[good].map(lambda w: w or ())
    return kept


def _wished_weeks(text: str) -> tuple[int, ...] | str:
    """A week wish (``9``, ``9-10``, ``9;11``) as weeks; the text itself when it is no week,
    and "" when empty."""
    if not text.strip():
        return ""
    try:
        weeks = split_weeks(text)
    except ValueError:
        return text
    return weeks if weeks and all(w >= 1 for w in weeks) else text


def preference_problems(
    prefs: pd.DataFrame, students: set[str], tasks: set[str], titles: dict[str, str] | None = None
) -> list[Problem]:
    """Preferences name known students and tasks, each pair once (``titles``: task id to
    title, so that a title given for an id is named as such)."""
    problems = []
    for column, known, home in (
        ("student_id", students, "students.csv"),
        ("task_id", tasks, "tasks.csv"),
    ):
        unknown = prefs[~prefs[column].isin(known)]
        said: dict[str, str] = {}
        for row, value in zip(unknown.index, unknown[column], strict=True):
            if value not in said:
                said[value] = unknown_id(value, column, home, known, titles)
            problems.append(Problem(FILE, row, column, said[value]))
    pairs = prefs[prefs.duplicated(["student_id", "task_id"], keep=False)]
    first: dict[tuple[str, str], int] = {}
    for row, student, task in zip(pairs.index, pairs["student_id"], pairs["task_id"], strict=True):
        if (student, task) in first:
            text = f"student {student} already ranks task {task} in row {first[student, task]}. Keep one of the two rows"
            problems.append(Problem(FILE, row, "task_id", text))
        first.setdefault((student, task), row)
    return problems


def week_wishes(prefs: pd.DataFrame) -> dict[tuple[str, str], tuple[int, ...]]:
    """(student_id, task_id) -> the weeks the student wishes to hand the task in."""
    if "week" not in prefs:
        return {}
    wished = prefs.loc[prefs["week"].map(bool).astype(bool)]
    columns = (wished["student_id"].tolist(), wished["task_id"].tolist(), wished["week"].tolist())
    return {(s, t): tuple(sorted(set(w))) for s, t, w in zip(*columns, strict=True)}


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


def parse_wide(table: Table, tasks: Table) -> pd.DataFrame:
    """The form shape as long rows; a student who answered twice keeps the later answer."""
    names = task_names(tasks)
    columns = sorted((c for c in table.frame if c != "student_id"), key=choice_number)
    latest = {}
    for row, cells in table.rows:
        student = cells["student_id"]
        if not student:
            text = with_hint("is empty, but a value is needed", HINTS["student_id"])
            table.problems.append(Problem(table.file, row, "student_id", text))
        elif student in latest:
            text = f"student {student} answered again in row {row}; this earlier answer is ignored"
            table.problems.append(Problem(table.file, latest[student], "student_id", text, True))
        latest[student] = row
    rows = dict(table.rows)
    found = []
    for student, row in latest.items():
        found += _choices(table, row, student, [(c, rows[row][c]) for c in columns], names)
    return pd.DataFrame(
        [(s, t, r) for _, s, t, r in found],
        columns=["student_id", "task_id", "rank"],
        index=[row for row, *_ in found],
    )


def _choices(table: Table, row: int, student: str, cells: list, names: dict) -> list[tuple]:
    """One form row's (row, student, task, rank) entries; bad cells become problems."""
    chosen: dict[str, str] = {}
    found = []
    for column, cell in cells:
        if not student or not cell:
            continue
        task = names.get(cell) or names.get(_title_key(cell))
        if task is None:
            text = (
                f'"{cell}" is neither a task_id nor a task title in tasks.csv. Check the spelling'
            )
            table.problems.append(Problem(table.file, row, column, text))
        elif task in chosen:
            text = f"task {task} is already this student's {chosen[task]}. Choose each task once"
            table.problems.append(Problem(table.file, row, column, text))
        else:
            chosen[task] = column
            found.append((row, student, task, choice_number(column)))
    return found


def task_names(tasks: Table) -> dict[str, str]:
    """Each task_id, and each title no two tasks share, mapped to its task_id."""
    if not {"task_id", "title"} <= set(tasks.frame):
        return {}
    ids = dict.fromkeys(tasks.frame["task_id"])
    titles = pd.Series(tasks.frame["task_id"].tolist(), index=tasks.frame["title"].map(_title_key))
    unique = titles[~titles.index.duplicated(keep=False)]
    return {**unique.to_dict(), **{i: i for i in ids if i}}


def _title_key(text: str) -> str:
    return " ".join(text.casefold().split())
