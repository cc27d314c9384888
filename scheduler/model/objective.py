"""The objective in CP-SAT terms; the costs themselves are defined in scheduler.plan."""

from __future__ import annotations

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import LinearExpr

from scheduler.model.variables import Variables
from scheduler.plan import Pair


def worst_rank(
    model: cp_model.CpModel, variables: Variables, costs: dict[Pair, int]
) -> cp_model.IntVar:
    """A variable at least the cost of every chosen task: the worst-off student's worst rank."""
    worst = model.new_int_var(0, max(costs.values(), default=0), "worst_rank")
    for pair, cost in costs.items():
        model.add(worst >= cost).only_enforce_if(variables.assign[pair])
    return worst


def total_rank(variables: Variables, costs: dict[Pair, int]) -> LinearExpr:
    """The sum over all students of the costs of their chosen tasks."""
    pairs = list(costs)
    return LinearExpr.weighted_sum([variables.assign[p] for p in pairs], [costs[p] for p in pairs])
