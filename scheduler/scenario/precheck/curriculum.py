"""Bounds for units and skills (rules 7 and 8): tasks each class needs against the places
that can reach it, and forced tasks above a maximum.

A unit asks each student for ``min_tasks`` of its tasks, a skill for ``min_per_term`` tasks
practising it. Each student does a task at most once, so a task gives a class at most as many
places as its seats, or the class's students who may take it. A need above what reaches the
class, or above every seat of the item's tasks, means no plan exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.scenario.models import Skill, Task, Unit
from scheduler.scenario.precheck.facts import Facts
from scheduler.words import count

ALL = "all"  # the class of the line that counts every student


@dataclass(frozen=True)
class QuotaLine:
    """Tasks of one unit or skill that one class (or, for ``all``, everyone) needs, against the
    most places its tasks hold for them, and the students with too few of them open."""

    kind: str  # unit or skill
    item: str
    class_id: str
    needed: int
    places: int
    students_short: int = 0
    example: str = ""


def quota_lines(facts: Facts) -> list[QuotaLine]:
    """A line per unit and skill with a minimum, for each class and for everyone."""
    lines = []
    for kind, item, least, tasks in _items(facts):
        if least == 0:
            continue
        for class_id, size in facts.class_sizes.items():
            groups = [g for g in facts.groups if g.class_id == class_id]
            places = sum(
                min(facts.seats(t), sum(g.size for g in groups if t in facts.open_tasks(g)))
                for t in tasks
            )
            short = [g for g in groups if sum(t in facts.open_tasks(g) for t in tasks) < least]
            example = short[0].example if short else ""
            lines.append(
                QuotaLine(
                    kind,
                    item.id,
                    class_id,
                    size * least,
                    places,
                    sum(g.size for g in short),
                    example,
                )
            )
        everyone = len(facts.scenario.students) * least
        lines.append(QuotaLine(kind, item.id, ALL, everyone, sum(facts.seats(t) for t in tasks)))
    return lines


def quota_warnings(facts: Facts, lines: list[QuotaLine]) -> list[str]:
    """The lines whose need exceeds what reaches the class; forced tasks above a maximum;
    unit minimums that together need more tasks than the policy allows."""
    names = {(kind, item.id): item for kind, item, _, _ in _items(facts)}
    warnings = []
    for line in lines:
        label = _label(line.kind, names[line.kind, line.item])
        whose = "the" if line.class_id == ALL else f"class {line.class_id}'s"
        if line.needed > line.places:
            warnings.append(
                f"{label}: {whose} {count(line.needed // _least(names, line), 'student')} need "
                f"{count(line.needed, 'task')} {'of the unit' if line.kind == 'unit' else 'practising it'}, but those tasks hold at most "
                f"{count(line.places, 'place')} for them."
            )
        if line.students_short:
            warnings.append(
                f"{label}: {count(line.students_short, 'student')} of class {line.class_id} "
                f"(for example {line.example}) cannot do enough of its tasks: too few are open "
                "to them (check the tasks' classes and the never pins)."
            )
    return warnings + forced_above_most(facts) + unit_minimums(facts) + drafted_tasks(facts)


def forced_above_most(facts: Facts) -> list[str]:
    """Groups whose common tasks and must pins alone hold more of an item than its maximum."""
    warnings = []
    for kind, item, _, tasks in _items(facts):
        most = item.max_tasks if kind == "unit" else item.max_per_term
        if most is None:
            continue
        for group in facts.groups:
            ids = [t.task_id for t in facts.forced(group) if t in tasks]
            if len(ids) > most:
                warnings.append(
                    f"{count(group.size, 'student')} (for example {group.example} of class "
                    f"{group.class_id}) must do {', '.join(ids)} (common tasks and must pins), "
                    f"{len(ids)} tasks of {_label(kind, item)}, more than its most of {most}."
                )
    return warnings


def unit_minimums(facts: Facts) -> list[str]:
    """A task is in one unit at most, so the unit minimums add up to tasks each student does."""
    units = facts.settings.units
    total, most = sum(u.min_tasks for u in units), facts.settings.policy.tasks_per_student.max
    if most is None or total <= most:
        return []
    each = ", ".join(f"{u.min_tasks} in {u.id}" for u in units if u.min_tasks)
    return [
        f"Every student needs at least {count(total, 'task')} to meet the units' minimums "
        f"({each}), but the policy allows at most {most}."
    ]


def drafted_tasks(facts: Facts) -> list[str]:
    """``min_drafted_tasks`` against the tasks with a draft: those open to each group of
    students, the places they hold, and the most tasks a student does."""
    least = facts.settings.policy.min_drafted_tasks
    if not least:
        return []
    drafted = [t for t in facts.scenario.tasks if t.has_draft]
    warnings = []
    short = [g for g in facts.groups if sum(t in facts.open_tasks(g) for t in drafted) < least]
    if short:
        n = sum(g.size for g in short)
        warnings.append(
            f"{count(n, 'student')} (for example {short[0].example} of class "
            f"{short[0].class_id}) cannot do {count(least, 'task')} with a draft: too few are "
            "open to them (check the tasks' classes, the never pins and away weeks)."
        )
    places = sum(facts.seats(t) for t in drafted)
    needed = len(facts.scenario.students) * least
    if needed > places:
        warnings.append(
            f"Every student does at least {count(least, 'task')} with a draft: "
            f"{count(needed, 'place')} needed, but the tasks with a draft hold at most {places}."
        )
    most = facts.settings.policy.tasks_per_student.max
    if most is not None and least > most:
        warnings.append(
            f"min_drafted_tasks asks every student for {least} tasks with a draft, but the "
            f"policy allows at most {most} tasks."
        )
    return warnings


def _items(facts: Facts) -> list[tuple[str, Unit | Skill, int, list[Task]]]:
    """(kind, item, its minimum, its tasks) for every unit and skill."""
    scenario = facts.scenario
    return [
        ("unit", u, u.min_tasks, scenario.tasks_of_unit(u.id)) for u in facts.settings.units
    ] + [
        ("skill", k, k.min_per_term, scenario.tasks_with_skill(k.id)) for k in facts.settings.skills
    ]


def _least(names: dict, line: QuotaLine) -> int:
    item = names[line.kind, line.item]
    return item.min_tasks if line.kind == "unit" else item.min_per_term


def _label(kind: str, item: Unit | Skill) -> str:
    """``Unit U2 (Energy)``."""
    return f"{kind.capitalize()} {item.id}" + (f" ({item.name})" if item.name else "")
