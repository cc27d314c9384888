"""The objective in CP-SAT terms; the costs themselves are defined in scheduler.plan."""

from __future__ import annotations

from ortools.sat.python.cp_model import LinearExpr

from scheduler.model.variables import Variables
from scheduler.plan import Pair


def total_rank(variables: Variables, costs: dict[Pair, int]) -> LinearExpr:
    """The sum over all students of the costs of their chosen tasks."""
    pairs = list(costs)
    return LinearExpr.weighted_sum([variables.assign[p] for p in pairs], [costs[p] for p in pairs])
