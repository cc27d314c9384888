"""The objective in CP-SAT terms; the costs themselves are defined in scheduler.plan."""

from __future__ import annotations

from ortools.sat.python.cp_model import LinearExpr

from scheduler.model.rules.variables import Variables
from scheduler.plan import Pair


def total_rank(variables: Variables, costs: dict[Pair, int]) -> LinearExpr:
    """The sum over all students of the costs of their chosen tasks."""
    pairs = list(costs)
    return LinearExpr.weighted_sum([variables.assign[p] for p in pairs], [costs[p] for p in pairs])


def wishes_granted(variables: Variables) -> tuple[LinearExpr, int]:
    """The wishes granted, and the most there could be: week wishes (a student doing the task,
    due in a wished week) and partner wishes (a ``with`` row whose two students share a group
    in at least one group task)."""
    granted = []
    for pair, weeks in variables.scenario.week_wishes.items():
        granted += [y for w, y in variables.due_in.get(pair, {}).items() if w in weeks]
    wished = [p for p in variables.scenario.partners if p.wish == "with"]
    granted += [_together(variables, p.student_id, p.partner_id) for p in wished]
    return LinearExpr.sum(granted), len(variables.scenario.week_wishes) + len(wished)


def _together(variables: Variables, a: str, b: str):
    """A literal that may be true only when students a and b share a group of some task."""
    model = variables.model
    both = []
    for slots in variables.slots.values():
        for slot in slots:
            if a in slot.members and b in slot.members:
                z = model.new_bool_var(f"together[{a},{b},{slot.task_id},{slot.number}]")
                model.add_implication(z, slot.members[a])
                model.add_implication(z, slot.members[b])
                both.append(z)
    if not both:
        return 0
    granted = model.new_bool_var(f"partners[{a},{b}]")
    model.add(LinearExpr.sum(both) >= granted)
    return granted


def ranks_then_wishes(parts: list[tuple[Variables, dict[Pair, int]]]) -> tuple[LinearExpr, int]:
    """The total rank first, then the most wishes granted, as one expression to minimise:
    (most wishes + 1) x total rank - wishes granted, so that one rank outweighs every wish.
    The second value is that factor (1 with no wishes: the total rank itself). ``parts``:
    each scenario's variables and costs (one, or each subject of a school), summed."""
    total = LinearExpr.sum([total_rank(variables, costs) for variables, costs in parts])
    granted = [wishes_granted(variables) for variables, _ in parts]
    most = sum(m for _, m in granted)
    if not most:
        return total, 1
    return (most + 1) * total - LinearExpr.sum([w for w, _ in granted]), most + 1
