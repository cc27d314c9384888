"""Students' own due weeks (FORMAT.md v2, ``due_mode: own``): a week wish in preferences.csv
is for an ``own`` task and inside its window; a wish that can never be granted (a
no-deadline week, a week the student is away) is a warning."""

from __future__ import annotations

import pandas as pd

from scheduler.exceptions import Problem
from scheduler.scenario.models import Settings, Student, Task
from scheduler.scenario.validation.away import weeks_left
from scheduler.words import week_list, week_span

PREFERENCES = "preferences.csv"


def week_wish_problems(
    settings: Settings, prefs: pd.DataFrame, tasks: list[Task], students: list[Student]
) -> list[Problem]:
    """Every problem with the week wishes of preferences.csv."""
    if "week" not in prefs:
        return []
    task_by_id = {t.task_id: t for t in tasks}
    student_by_id = {s.student_id: s for s in students}
    problems = []
    for row, student_id, task_id, weeks in zip(
        prefs.index, prefs["student_id"], prefs["task_id"], prefs["week"], strict=True
    ):
        task = task_by_id.get(task_id)
        if weeks and task is not None:
            text = _wish_problem(settings, task, student_by_id.get(student_id), weeks)
            if text:
                problems.append(Problem(PREFERENCES, row, "week", *text))
    return problems


def _wish_problem(settings, task: Task, student: Student | None, weeks) -> tuple | None:
    """(what is wrong, whether only a warning), or None."""
    window = week_span(*task.due_week)
    if not task.own_weeks:
        return (
            f"{task.task_id} has one due week for everyone (its due_mode is not own), so a "
            f"week wish cannot apply. Clear the cell, or write own in {task.task_id}'s "
            "due_mode column in tasks.csv",
            False,
        )
    outside = [w for w in weeks if w not in task.due_weeks]
    if outside:
        return (
            f"{week_list(outside)} {'is' if len(outside) == 1 else 'are'} outside "
            f"{task.task_id}'s due weeks ({window}). Wish for weeks inside them",
            False,
        )
    if student is not None and not set(weeks) & set(weeks_left(settings, task, student)):
        return (
            f"{student.student_id} can never hand in {task.task_id} in {week_list(weeks)} (a "
            "no-deadline week, a week they or their draft would be away, or a draft before "
            "week 1), so the wish cannot be granted",
            True,
        )
    return None
