"""Moderation (FORMAT.md v2): a task's moderator is a teacher, and not the task's own marker;
a sample without a moderator is not used (a warning)."""

from __future__ import annotations

from scheduler.exceptions import Problem
from scheduler.scenario.models import Task
from scheduler.scenario.validation.messages import meant_id

TASKS = "tasks.csv"


def moderation_problems(tasks: list[tuple[int, Task]], teacher_ids: set[str]) -> list[Problem]:
    """Every problem with moderators and samples."""
    problems = []
    for row, task in tasks:
        if task.moderator and task.moderator not in teacher_ids:
            hint = meant_id(task.moderator, teacher_ids) or (
                "Name a teacher from there, or leave the cell empty for no moderation"
            )
            text = f'"{task.moderator}" is not a teacher_id in teachers.csv. {hint}'
            problems.append(Problem(TASKS, row, "moderator", text))
        elif task.moderator and task.moderator == task.marker:
            text = (
                f"{task.moderator} marks the task, so cannot also moderate it: moderation is a "
                "second teacher's re-marking. Name another teacher"
            )
            problems.append(Problem(TASKS, row, "moderator", text))
        if task.moderation_sample is not None and not task.moderator:
            text = "the task has no moderator, so moderation_sample is not used"
            problems.append(Problem(TASKS, row, "moderation_sample", text, warning=True))
    return problems
