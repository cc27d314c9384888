"""Students' wishes in a plan (FORMAT.md v2): a week wish is granted when the student does
the task and hands it in in one of the wished weeks."""

from __future__ import annotations

from typing import NamedTuple

from scheduler.scenario import Scenario


class WeekWish(NamedTuple):
    student_id: str
    task_id: str
    weeks: tuple[int, ...]
    granted: bool


def week_wishes(scenario: Scenario, assignments) -> list[WeekWish]:
    """Every week wish of the scenario, and whether the plan grants it."""
    due = {(a.student_id, a.task_id): a.due_week for a in assignments}
    return [
        WeekWish(student, task, weeks, due.get((student, task)) in weeks)
        for (student, task), weeks in scenario.week_wishes.items()
    ]


class PartnerWish(NamedTuple):
    student_id: str
    partner_id: str
    granted: bool


def partner_wishes(scenario: Scenario, assignments) -> list[PartnerWish]:
    """Every ``with`` row of partners.csv, and whether the plan puts the two in one group of
    some group task."""
    groups: dict[str, set[tuple[str, str]]] = {}
    for a in assignments:
        if a.group:
            groups.setdefault(a.student_id, set()).add((a.task_id, a.group))
    together = [
        (p, groups.get(p.student_id, set()) & groups.get(p.partner_id, set()))
        for p in scenario.partners
        if p.wish == "with"
    ]
    return [PartnerWish(p.student_id, p.partner_id, bool(shared)) for p, shared in together]


def wish_text(wish: WeekWish) -> str:
    """``T2 in weeks 9-10 (granted)``."""
    weeks = _weeks(wish.weeks)
    return f"{wish.task_id} in {weeks} ({'granted' if wish.granted else 'not granted'})"


def _weeks(weeks: tuple[int, ...]) -> str:
    """``week 9``, ``weeks 9-10`` or ``weeks 9, 11``."""
    if len(weeks) == 1:
        return f"week {weeks[0]}"
    if list(weeks) == list(range(weeks[0], weeks[-1] + 1)):
        return f"weeks {weeks[0]}-{weeks[-1]}"
    return "weeks " + ", ".join(map(str, weeks))


def partner_text(wish: PartnerWish) -> str:
    """``with 9A07 (granted)``."""
    return f"with {wish.partner_id} ({'granted' if wish.granted else 'not granted'})"
