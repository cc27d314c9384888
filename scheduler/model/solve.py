"""Solve a scenario with CP-SAT and return a plain Plan."""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from scheduler.exceptions import SchedulerError
from scheduler.model.rules.collector import collector_paused
from scheduler.model.rules.constraints import Constraints, TimeUp
from scheduler.model.rules.keep import changes, kept_weeks, start_from
from scheduler.model.rules.slack import Slack
from scheduler.model.rules.variables import Variables
from scheduler.model.search.ranks import Ranks
from scheduler.model.search.solver import Outcome, Search, Watch
from scheduler.model.search.stages import Stages
from scheduler.plan import Assignment, Plan, Status, rank_costs
from scheduler.scenario import Scenario

OBJECTIVES = ("fair", "total")


def solve(
    scenario: Scenario,
    time_limit: float = 60.0,
    num_workers: int = 0,
    seed: int = 0,
    objective: str = "fair",
    display: bool = False,
    relax: dict[str, int] | None = None,
    start: tuple[Assignment, ...] | None = None,
    keep: bool = False,
    max_changes: int | None = None,
    watch: Watch | None = None,
) -> Plan:
    """The best plan for ``scenario`` found within ``time_limit`` seconds.

    ``objective`` "fair" first makes the worst-off student's worst rank as good as
    possible, then minimises the total rank; "total" minimises the total rank only.
    ``relax`` (rule family -> weight, see scheduler.plan.shortfall) lets those rules be
    broken at that cost per unit: the plan first has the least weighted shortfall.
    ``start`` (an earlier plan's assignments) starts the search from that plan and its due
    weeks; with ``keep`` the plan first changes as few of them as possible (or at most
    ``max_changes``), then has the best objective.
    ``num_workers`` 0 uses every core. Ctrl-C (or ``watch.stop()``) stops the search and
    keeps the best plan; ``watch`` is told of each better plan.
    """
    if objective not in OBJECTIVES:
        raise SchedulerError(f"unknown objective {objective!r}; use one of {', '.join(OBJECTIVES)}")
    search = Search(time_limit, num_workers, seed, display, watch)
    stages: list[Outcome] = []
    try:
        with collector_paused():
            model = cp_model.CpModel()
            variables = Variables(model, scenario, relax is not None and "group_size" in relax)
            slack = None if relax is None else Slack(model, relax)
            Constraints(model, scenario, variables, slack=slack).add_all(
                stop=lambda: search.time_left() <= 0
            )
            costs = rank_costs(scenario, variables.pairs)
            weeks = None if start is None else kept_weeks(variables, start)
            ranks = Stages(model, Ranks(variables, costs, weeks), search, stages)
        if start is not None:
            start_from(model, variables, start)
        if _bent_and_kept(ranks, slack, variables, start if keep else None, max_changes):
            ranks.run(objective)
    except KeyboardInterrupt:  # Ctrl-C outside a search: stop, keeping what was found
        stages.append(Outcome(cp_model.UNKNOWN, interrupted=True))
    except TimeUp:  # the limit ran out while the model was built: no plan in time
        stages.append(Outcome(cp_model.UNKNOWN))
    if not any(stage.found for stage in stages):
        return _no_plan(stages, objective, search)
    return _plan(stages, variables, costs, objective, search, slack, ranks.scale)


def _bent_and_kept(ranks: Stages, slack, variables, kept, max_changes) -> bool:
    """The stages before the students' ranks: the least shortfall with rules bent, then the
    fewest changes to a kept plan. True: go on to the ranks."""
    if slack is not None and not ranks.least_shortfall(slack.penalty()):
        return False
    return kept is None or ranks.fewest_changes(changes(variables, kept), max_changes)


def _no_plan(stages: list[Outcome], objective: str, search: Search) -> Plan:
    return Plan(**no_plan_figures(stages, objective, search))


def no_plan_figures(stages: list[Outcome], objective: str, search: Search) -> dict:
    """How a search that found no plan ended: infeasible when a search of the whole model
    proved it (not a probe or a guess), else unknown; its time, and whether it was stopped."""
    whole = ("stage", "first", "final")  # searches of the whole model, not a part of it
    proven = any(s.status == cp_model.INFEASIBLE and s.kind in whole for s in stages)
    return {
        "status": Status.INFEASIBLE if proven else Status.UNKNOWN,
        "objective": objective,
        "seconds": search.seconds(),
        "interrupted": any(stage.interrupted for stage in stages),
    }


def _plan(
    stages: list[Outcome],
    variables: Variables,
    costs,
    objective: str,
    search: Search,
    slack: Slack | None = None,
    scale: int = 1,
) -> Plan:
    """The plan of the last stage that found one, with how the whole search went. The
    search's bound is in units of 1/``scale`` of a rank (wishes count 1, ranks ``scale``):
    the total rank is at least that bound / ``scale``, rounded up."""
    last = next(stage for stage in reversed(stages) if stage.found)
    finished = last is stages[-1] and last.kind == "final"
    proven = finished and all(stage.decided for stage in stages if stage.kind != "guess")
    assignments = assignments_of(variables, last.solution)
    bound, source = last.best_bound() if finished else (None, None)
    chosen = [
        costs[a.student_id, a.task_id] for a in assignments if (a.student_id, a.task_id) in costs
    ]
    return Plan(
        status=Status.OPTIMAL if proven else Status.FEASIBLE,
        assignments=assignments,
        objective=objective,
        worst_rank=max(chosen, default=0),
        total_rank=sum(chosen),
        best_bound=rank_bound(bound, scale),
        bound_source=source,
        seconds=search.seconds(),
        interrupted=any(stage.interrupted for stage in stages),
        shortfall=None if slack is None else slack.values(last.solution),
        weights=None if slack is None else dict(slack.weights),
        shortfall_bound=None if slack is None else shortfall_bound(stages),
        first_plan_seconds=search.first_plan,
    )


def rank_bound(bound: float | None, scale: int) -> float | None:
    """The least total rank a plan can have, from the bound of an objective that counts
    ranks ``scale`` times and each wish granted once (at most ``scale`` - 1 of them)."""
    if bound is None or scale == 1:
        return bound
    return float(math.ceil(bound / scale - 1e-9))


def shortfall_bound(stages: list[Outcome]) -> float | None:
    """The bound of the full search for the least shortfall (the first that is not a guess)."""
    return next((stage.best_bound()[0] for stage in stages if stage.kind != "guess"), None)


def assignments_of(variables: Variables, solution: list[int]) -> tuple[Assignment, ...]:
    def value(var) -> int:
        return solution[var.index]

    groups = {
        (student, slot.task_id): slot.group
        for slots in variables.slots.values()
        for slot in slots
        for student, member in slot.members.items()
        if value(member)
    }
    result = []
    for pair, x in variables.assign.items():
        if value(x):
            week = next(w for w, y in variables.due_in[pair].items() if value(y))
            marker = variables.marker(pair)
            result.append(Assignment(pair[0], pair[1], week, marker, groups.get(pair, "")))
    return tuple(result)
