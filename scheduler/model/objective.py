"""The objective in CP-SAT terms; the costs themselves are defined in scheduler.plan."""

from __future__ import annotations

from ortools.sat.python.cp_model import LinearExpr

from scheduler.model.variables import Variables
from scheduler.plan import Pair


def total_rank(variables: Variables, costs: dict[Pair, int]) -> LinearExpr:
    """The sum over all students of the costs of their chosen tasks."""
    pairs = list(costs)
    return LinearExpr.weighted_sum([variables.assign[p] for p in pairs], [costs[p] for p in pairs])


def wishes_granted(variables: Variables) -> tuple[LinearExpr, int]:
    """The week wishes granted (a student doing the task, due in a wished week), and the
    most there could be."""
    granted = []
    for pair, weeks in variables.scenario.week_wishes.items():
        granted += [y for w, y in variables.due_in.get(pair, {}).items() if w in weeks]
    return LinearExpr.sum(granted), len(variables.scenario.week_wishes)


def ranks_then_wishes(variables: Variables, costs: dict[Pair, int]) -> tuple[LinearExpr, int]:
    """The total rank first, then the most wishes granted, as one expression to minimise:
    (most wishes + 1) x total rank - wishes granted, so that one rank outweighs every wish.
    The second value is that factor (1 with no wishes: the total rank itself)."""
    wishes, most = wishes_granted(variables)
    if not most:
        return total_rank(variables, costs), 1
    return (most + 1) * total_rank(variables, costs) - wishes, most + 1
