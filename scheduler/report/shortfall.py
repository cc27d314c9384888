"""What the closest plan gives up: the rules it bends, by family and one by one."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from scheduler.check import RULES, Violation
from scheduler.plan import Plan
from scheduler.plan.shortfall import BENDABLE, penalty


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
    for name, count in shortfall_totals(broken).items():
        bendable = BENDABLE[name]
        cost = ""
        if weights:
            cost = f" (weight {weights[name]} each: {weights[name] * count})"
        lines.append(f"{bendable.rule}: {bendable.words(count)}{cost}")
    return lines


def shortfall_text(plan: Plan, broken: list[Violation]) -> str:
    """For a plan found with rules bent: that it breaks them, the totals, and every shortfall."""
    if not broken:
        return "\nThe plan keeps every rule: no rule needed bending.\n"
    lines = [
        "",
        f"THIS PLAN BREAKS {len(broken)} RULE(S). It is the closest plan: the one with the "
        f"least weighted shortfall{_proven(plan, broken)}",
        "Shortfall by rule:",
        *(f"  {line}" for line in shortfall_lines(broken, plan.weights)),
        "Every shortfall:",
        *(f"  - {v}" for v in broken),
        "Decide which of these to give up, change the scenario, and solve again without "
        "--relax for a plan that keeps every rule.",
    ]
    return "\n".join(lines) + "\n"


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
