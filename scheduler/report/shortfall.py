"""What the closest plan gives up: the rules it bends, by family and one by one."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from scheduler.check import RULES, Violation
from scheduler.plan import Plan
from scheduler.plan.shortfall import BENDABLE, penalty
from scheduler.scenario import Scenario
from scheduler.words import count, week_list


def shortfall_totals(broken: list[Violation]) -> dict[str, int]:
    """Units of shortfall in each bendable family (families with none left out)."""
    totals: Counter = Counter()
    for violation in broken:
        if violation.bent:
            totals[violation.bent] += violation.amount
    return {name: totals[name] for name in BENDABLE if totals[name]}


def shortfall_lines(broken: list[Violation], weights: dict[str, int] | None = None) -> list[str]:
    """One line per bent rule family: how much, and what it costs at its weight."""
    lines = []
    for name, units in shortfall_totals(broken).items():
        bendable = BENDABLE[name]
        cost = ""
        if weights:
            cost = f" (weight {weights[name]} each: {weights[name] * units:,})"
        lines.append(f"{bendable.rule}: {bendable.words(units)}{cost}")
    return lines


def shortfall_text(
    scenario: Scenario,
    plan: Plan,
    broken: list[Violation],
    check_command: str = "",
    changed_teachers: frozenset[str] | None = None,
) -> str:
    """For a plan found with rules bent: that it breaks them, and the shortfall of each rule,
    grouped by what it is about (a criterion in a period, a teacher, a week, a task) with
    counts; every shortfall one by one is in the workbook and in ``check_command``'s list.
    A teacher's overtime names the work that causes it, and says whether the teacher's
    minutes were changed by the variant (``changed_teachers``; None: no variant)."""
    if not broken:
        return "\nThe plan keeps every rule: no rule needed bending.\n"
    lines = [
        "",
        f"THIS PLAN BREAKS {count(len(broken), 'RULE', 'RULES')}. It is the closest plan: the one with "
        f"the least weighted shortfall{_proven(plan, broken)}",
        "Shortfall by rule:",
    ]
    groups = _groups(broken)
    for name, line in zip(
        shortfall_totals(broken), shortfall_lines(broken, plan.weights), strict=True
    ):
        lines.append(f"  {line}")
        lines += [
            f"    - {_group_line(scenario, plan, name, key, found, changed_teachers)}"
            for (bent, key), found in groups.items()
            if bent == name
        ]
    others = [v for v in broken if not v.bent]
    lines += [f"  - {v}" for v in others]
    lines.append(
        "Every shortfall, one by one, is on the Rules broken sheet of plan.xlsx"
        + (f", and listed by:\n  {check_command}" if check_command else ".")
    )
    lines.append(
        "Decide which of these to give up, change the scenario, and solve again without "
        "--relax for a plan that keeps every rule."
    )
    return "\n".join(lines) + "\n"


def _groups(broken: list[Violation]) -> dict[tuple, list[Violation]]:
    """The bent rules' shortfalls by what they are about (marking: by teacher)."""
    groups: dict[tuple, list[Violation]] = {}
    for v in broken:
        if v.bent:
            key = v.about[:1] if v.bent == "marking" else v.about
            groups.setdefault((v.bent, key), []).append(v)
    return groups


def _group_line(scenario: Scenario, plan: Plan, name: str, key: tuple, found: list, changed) -> str:
    amount = sum(v.amount for v in found)
    words = BENDABLE[name].words(amount)
    each = {v.amount for v in found}
    per = f", {BENDABLE[name].amount(each.pop())} each" if len(found) > 1 and len(each) == 1 else ""
    if name == "coverage":
        criterion, period = key
        return f"criterion {criterion} in {period}: {count(len(found), 'student')} {words}{per}"
    if name == "drafts":
        return f"tasks with a draft: {count(len(found), 'student')} {words}{per}"
    if name in ("units", "skills"):
        return f"{name[:-1]} {key[0]}: {count(len(found), 'student')} {words}{per}"
    if name == "deadlines":
        return f"week {key[0]}: {count(len(found), 'student')} with {words}{per}"
    if name == "marking":
        return _overtime(scenario, plan, key[0], [v.about[1] for v in found], words, changed)
    task = scenario.task_by_id[key[0]]
    return f"{task.task_id} ({task.title}): {words}"


def _overtime(
    scenario: Scenario, plan: Plan, teacher_id: str, weeks: list[int], words: str, changed
) -> str:
    """A teacher's overtime, and the work due in the weeks left unmarked that causes it."""
    teacher = next(t for t in scenario.teachers if t.teacher_id == teacher_id)
    work: Counter = Counter(
        a.task_id for a in plan.assignments if a.marker == teacher_id and a.due_week in weeks
    )
    tasks = ", ".join(
        f"{t} x{n} ({n * scenario.task_by_id[t].marking_minutes:,} min)"
        for t, n in sorted(
            work.items(), key=lambda item: -item[1] * scenario.task_by_id[item[0]].marking_minutes
        )
    )
    minutes = f" ({teacher.weekly_marking_minutes:,} minutes a week)"
    if changed is not None:
        minutes = (
            " after the variant changed their minutes"
            if teacher_id in changed
            else f", though the variant did not change their minutes{minutes}"
        )
    return (
        f"{teacher.name} ({teacher_id}): {words}{minutes}; the work due in "
        f"{week_list(sorted(set(weeks)))} that they mark: {tasks or 'none'}"
    )


def _proven(plan: Plan, broken: list[Violation]) -> str:
    """Whether the shortfall is proven least, and if not, how far from least it may be."""
    if plan.status == "optimal":
        return "."
    found = penalty(shortfall_totals(broken), plan.weights or {})
    bound = (
        "" if plan.shortfall_bound is None else f"; no plan has less than {plan.shortfall_bound:g}"
    )
    return f" found in the time: {found}, not proven least{bound}."


def broken_frame(broken: list[Violation]) -> pd.DataFrame:
    """Every broken rule as a table row: rule, what it is, how far off, and in words."""
    rows = [
        (
            v.rule,
            RULES[v.rule],
            BENDABLE[v.bent].rule if v.bent else "",
            BENDABLE[v.bent].words(v.amount) if v.bent else "",
            v.message,
        )
        for v in broken
    ]
    return pd.DataFrame(rows, columns=["rule", "about", "bent rule", "by how much", "what"])
