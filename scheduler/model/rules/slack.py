"""Penalised shortfalls: the rules a department may bend, as CP-SAT slack variables."""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import LinearExpr

from scheduler.exceptions import SchedulerError
from scheduler.plan.shortfall import BENDABLE


class Slack:
    """Slack variables by rule family; each unit costs the family's weight.

    A constraint ``total >= least`` becomes ``total + short >= least`` with ``short``
    from :meth:`allow`; minimising the weighted slack finds the closest plan.
    """

    def __init__(self, model: cp_model.CpModel, weights: dict[str, int]):
        unknown = set(weights) - set(BENDABLE)
        if unknown:
            raise SchedulerError(f"these rules cannot be bent: {', '.join(sorted(unknown))}")
        self.model = model
        self.weights = weights
        self.variables: dict[str, list[cp_model.IntVar]] = defaultdict(list)

    def allow(self, family: str, most: int) -> cp_model.IntVar | int:
        """A new shortfall of 0..``most`` units in ``family`` (0 if it may not be bent)."""
        if family not in self.weights or most <= 0:
            return 0
        var = self.model.new_int_var(0, most, f"short[{family},{len(self.variables[family])}]")
        self.variables[family].append(var)
        return var

    def penalty(self) -> LinearExpr:
        """The weighted sum of every shortfall: what the closest plan minimises."""
        variables, weights = [], []
        for family, found in self.variables.items():
            variables += found
            weights += [self.weights[family]] * len(found)
        return LinearExpr.weighted_sum(variables, weights)

    def values(self, solution: list[int]) -> dict[str, int]:
        """Units of shortfall in each family in a solution (every bendable family listed)."""
        return {
            family: sum(solution[v.index] for v in self.variables.get(family, []))
            for family in self.weights
        }
