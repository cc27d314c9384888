"""Group tasks and partners (FORMAT.md v2): partners.csv names two different students, a pair
is not both a wish and a rule, and a warning where a class is too small for one group of a
task it may take."""

from __future__ import annotations

from collections import Counter

from scheduler.exceptions import Problem
from scheduler.scenario.models import Partner, Task
from scheduler.scenario.validation.messages import unknown_id

PARTNERS, STUDENTS = "partners.csv", "students.csv"


def group_problems(
    partners: list[tuple[int, Partner]],
    student_ids: set[str],
    tasks: list[tuple[int, Task]],
    class_sizes: Counter,
) -> list[Problem]:
    """Every problem with partners, and the warnings for classes too small for a group."""
    return partner_problems(partners, student_ids) + small_classes(tasks, class_sizes)


def partner_problems(partners: list[tuple[int, Partner]], student_ids: set[str]) -> list[Problem]:
    problems = []
    said: dict[frozenset, tuple[int, str]] = {}
    for row, p in partners:
        for column in ("student_id", "partner_id"):
            value = getattr(p, column)
            if value not in student_ids:
                text = unknown_id(value, column, STUDENTS, student_ids)
                problems.append(Problem(PARTNERS, row, column, text))
        if p.student_id == p.partner_id:
            text = f"{p.student_id} is named as their own partner. Name another student"
            problems.append(Problem(PARTNERS, row, "partner_id", text))
        pair = frozenset((p.student_id, p.partner_id))
        if pair in said and said[pair][1] != p.wish:
            first, wish = said[pair]
            text = (
                f"row {first} gives {p.student_id} and {p.partner_id} as {wish}, this row as "
                f"{p.wish}. Keep the one that is meant (never keeps them apart; with is a wish)"
            )
            problems.append(Problem(PARTNERS, row, "wish", text))
        said.setdefault(pair, (row, p.wish))
    return problems


def small_classes(tasks: list[tuple[int, Task]], class_sizes: Counter) -> list[Problem]:
    """A warning for each group task and class too small to fill one of its groups."""
    problems = []
    for row, task in tasks:
        if not task.in_groups:
            continue
        least = task.group_size[0]
        for class_id, size in class_sizes.items():
            if task.is_open_to(class_id) and size < least:
                text = (
                    f"class {class_id} has {size} students, too few for one group of "
                    f"{task.task_id} ({_sizes(task)}), so none of them can take it"
                )
                problems.append(Problem("tasks.csv", row, "group_size", text, warning=True))
    return problems


def _sizes(task: Task) -> str:
    least, most = task.group_size
    return f"groups of {least}" if least == most else f"groups of {least} to {most}"
