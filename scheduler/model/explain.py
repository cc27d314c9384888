"""Why no plan exists: the smallest set of rule groups that clash, in teachers' words.

Every rule group (a teacher's marking, a criterion in a period, a task's capacity, ...)
is guarded by a literal. CP-SAT, assuming them all, names a set of assumptions that is
enough for infeasibility; a deletion filter then shrinks the set until every group in
it is needed: drop any one of them and a plan exists.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.model.rules.collector import collector_paused
from scheduler.model.rules.constraints import Constraints, Guards
from scheduler.model.rules.variables import Variables
from scheduler.model.search.copies import fixed_copy
from scheduler.scenario import Scenario


@dataclass(frozen=True)
class Clash:
    """Rule groups that cannot hold together, and whether each was shown to be needed.

    ``minimal``: with only these groups enforced, leaving out any one of them gives a plan.
    """

    groups: tuple[tuple, ...]
    minimal: bool


def find_clash(scenario: Scenario, time_limit: float = 30.0) -> Clash | None:
    """The rule groups that clash, or None when CP-SAT finds a plan or runs out of time."""
    deadline = time.monotonic() + time_limit
    model = cp_model.CpModel()
    guards = Guards(model)
    with collector_paused():
        Constraints(model, scenario, Variables(model, scenario), guards).add_all()
    return clash_of(model, guards, deadline)


def clash_of(model: cp_model.CpModel, guards: Guards, deadline: float) -> Clash | None:
    """The smallest set of ``guards``' rule groups found that clash in ``model`` by
    ``deadline`` (time.monotonic()), or None when a plan keeps them all or time runs out."""
    order = list(guards.literals)
    if _status(model, guards, order, deadline) != cp_model.INFEASIBLE:
        return None
    core = _core(model, guards, order, deadline) or order
    needed, minimal = list(core), True
    for group in core:
        trial = [g for g in needed if g != group]
        status = _status(model, guards, trial, deadline)
        if status == cp_model.INFEASIBLE:
            needed = trial
        elif status not in (cp_model.FEASIBLE, cp_model.OPTIMAL):
            minimal = False  # not shown needed in time; kept to be safe
    return Clash(tuple(needed), minimal)


def _solver(deadline: float, share: float = 1.0) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # cores need one worker (or-tools #3102, #3017)
    solver.parameters.max_time_in_seconds = max(0.1, share * (deadline - time.monotonic()))
    return solver


def _status(model: cp_model.CpModel, guards: Guards, groups: list[tuple], deadline: float) -> int:
    """Whether a plan keeps the rule groups ``groups`` (and the structure), proven in time.

    The groups' literals are fixed true in a copy of the model rather than assumed:
    presolve then simplifies with them, which proves most clashes at once, where a
    search under assumptions may need many seconds for the same proof.
    """
    trial = fixed_copy(model, [guards.literals[group] for group in groups], 1)
    return _solver(deadline).solve(trial)


def _core(model, guards: Guards, groups: list[tuple], deadline: float) -> list[tuple]:
    """CP-SAT's sufficient assumptions, as groups; [] if not found in a tenth of the time.

    Literals that were not assumed are skipped (with presolve on, or-tools #5141).
    """
    model.clear_assumptions()
    model.add_assumptions([guards.literals[g] for g in groups])
    solver = _solver(deadline, share=0.1)
    if solver.solve(model) != cp_model.INFEASIBLE:
        return []
    by_index = {guards.literals[g].index: g for g in groups}
    found = {
        by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index
    }
    return [g for g in groups if g in found]
