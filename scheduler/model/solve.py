"""Solve a scenario with CP-SAT and return a plain Plan."""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.exceptions import SchedulerError
from scheduler.model.constraints import Constraints
from scheduler.model.copies import fixed_copy
from scheduler.model.objective import total_rank
from scheduler.model.slack import Slack
from scheduler.model.variables import Variables
from scheduler.plan import Assignment, Plan, Status, rank_costs
from scheduler.scenario import Scenario

OBJECTIVES = ("fair", "total")

# Below 4 workers CP-SAT's default portfolio has no worker with the full LP relaxation, and
# its bound on this problem stalls. Measured on the year-group scenario (benchmarks/): two
# workers running max_lp and quick_restart proved the optimum in 4.5-7.8 s over 4 seeds,
# where the default two workers had not after 60 s, and one worker with
# linearization_level=2 found no plan within 40 s for 3 of 4 seeds.
SMALL_PORTFOLIOS = ["max_lp", "quick_restart", "default_lp"]

# CP-SAT's default presolve runs three rounds; on this model the later rounds change little
# (on the 600 x 40 benchmark tier each took about 3 s, mostly probing). One round, measured
# on the benchmark tiers with the total objective on 2 workers: large, first plan 14.1 -> 9.6 s
# and optimum 47.1 -> 37.3 s (seed 1: 13.2 -> 9.0 s, 43.4 -> 35.5 s); year-windows, optimum
# 2.7 -> 1.7 s; year 0.6 -> 0.4 s. Turning probing off instead lost the optimum at 90 s.
PRESOLVE_ITERATIONS = 1

# With rules bent, the least shortfall is often hard to prove (on the year group with a
# teacher's minutes halved the bound was still 15% below the best plan after 90 s), and
# a plan spending the whole limit there gets no time for the students' ranks. So the
# shortfall stage gets at most this share of the limit; the summary says if unproven.
SHORTFALL_SHARE = 0.5
WORST_SHARE_WHEN_RELAXED = 0.25  # the first fair stage; the probes and the last get the rest

# WORST_BY_PROBES: the fair objective's least worst rank is found by bisection over copies
# of the model that forbid every choice ranked worse than k, not by minimising a worst-rank
# variable, whose LP bound stayed at 0 and which fell one rank at a time (4-10 s a step on
# the 600 x 40 benchmark tier). Impossible ranks are refuted by presolve in about 0.2 s.
# Measured with PRESOLVE_ITERATIONS against the previous code, fair objective, 2 workers,
# CP-SAT seeds 0-2: year tier 2.8, 3.0, 3.0 s -> 1.7, 1.6, 1.8 s; year-windows 7.7, 9.0,
# 11.0 s -> 6.8, 5.7, 6.4 s; large, proven in 81 s and 109 s (before: 109 s, and not at 120 s).


def solve(
    scenario: Scenario,
    time_limit: float = 60.0,
    num_workers: int = 0,
    seed: int = 0,
    objective: str = "fair",
    display: bool = False,
    relax: dict[str, int] | None = None,
) -> Plan:
    """The best plan for ``scenario`` found within ``time_limit`` seconds.

    ``objective`` "fair" first makes the worst-off student's worst rank as good as
    possible, then minimises the total rank; "total" minimises the total rank only.
    ``relax`` (rule family -> weight, see scheduler.plan.shortfall) lets those rules be
    broken at that cost per unit: the plan first has the least weighted shortfall.
    ``num_workers`` 0 uses every core. Ctrl-C stops the search and keeps the best plan.
    """
    if objective not in OBJECTIVES:
        raise SchedulerError(f"unknown objective {objective!r}; use one of {', '.join(OBJECTIVES)}")
    search = Search(time_limit, num_workers, seed, display)
    stages: list[Outcome] = []
    try:
        model = cp_model.CpModel()
        variables = Variables(model, scenario)
        slack = None if relax is None else Slack(model, relax)
        Constraints(model, scenario, variables, slack=slack).add_all()
        costs = rank_costs(scenario, variables.pairs)
        if _least_shortfall(model, slack, search, stages):
            share = 1.0 if slack is None else WORST_SHARE_WHEN_RELAXED
            _run_stages(model, variables, costs, objective, search, stages, share)
    except KeyboardInterrupt:  # Ctrl-C outside a search: stop, keeping what was found
        stages.append(Outcome(cp_model.UNKNOWN, interrupted=True))
    if not any(stage.found for stage in stages):
        return _no_plan(stages, objective, search)
    return _plan(stages, variables, costs, objective, search, slack)


def _least_shortfall(model, slack: Slack | None, search, stages: list[Outcome]) -> bool:
    """With rules bent, find the least weighted shortfall first and keep to it. True: go on."""
    if slack is None:
        return True
    penalty = slack.penalty()
    model.minimize(penalty)
    stages.append(search.run(model, "rule shortfall", share=SHORTFALL_SHARE))
    first = stages[-1]
    if not first.found or first.interrupted or search.time_left() <= 0:
        return False
    model.add(penalty <= round(first.value))
    _hint(model, first.solution)
    return True


def _run_stages(
    model, variables, costs, objective, search, stages: list[Outcome], share: float = 1.0
) -> None:
    """Total: the least total rank. Fair: the least worst rank, then the least total at it.

    Fair starts from the least-total plan (its worst rank is a first upper bound, and the
    first stage may use ``share`` of the time limit), then finds the least worst rank by
    bisection: each probe forbids every choice ranked worse than k in a copy of the model,
    which presolve shrinks, so an impossible k is refuted at once (see WORST_BY_PROBES).
    """
    model.minimize(total_rank(variables, costs))
    if objective == "total":
        stages.append(search.run(model, "total rank").mark("final"))
        return
    stages.append(search.run(model, "total rank, for a first worst rank", share))
    first = stages[-1]
    if not first.found or first.interrupted or search.time_left() <= 0:
        return
    least, solution = _least_worst(model, variables, costs, first.solution, search, stages)
    if least is None:
        return
    final = _capped(model, variables, costs, least)  # the copy keeps the total-rank objective
    _hint(final, solution)
    stages.append(search.run(final, f"total rank with worst rank {least}").mark("final"))


def _least_worst(model, variables, costs, solution, search, stages) -> tuple:
    """The least worst rank any plan has, by bisection, and a plan that has it.

    None for the rank when time ran out or a probe was stopped before it was decided.
    """
    low, high = 0, _worst_of(variables, costs, solution)
    while low < high:
        middle = (low + high) // 2
        probe = _capped(model, variables, costs, middle)
        probe.clear_objective()
        stages.append(search.run(probe, f"is a worst rank of {middle} possible").mark("probe"))
        outcome = stages[-1]
        if outcome.found:
            high, solution = middle, outcome.solution
        elif outcome.status == cp_model.INFEASIBLE and not outcome.interrupted:
            low = middle + 1
        else:
            return None, None
    return high, solution


def _capped(model: cp_model.CpModel, variables, costs, most: int) -> cp_model.CpModel:
    """A copy of the model in which no student gets a task ranked worse than ``most``."""
    worse = [variables.assign[pair] for pair, cost in costs.items() if cost > most]
    return fixed_copy(model, worse, 0)


def _worst_of(variables, costs, solution: list[int]) -> int:
    """The worst rank of a chosen task in a solution."""
    return max(
        (cost for pair, cost in costs.items() if solution[variables.assign[pair].index]),
        default=0,
    )


@dataclass
class Outcome:
    """How one stage of the search ended."""

    status: int
    value: float | None = None
    bound: float | None = None
    solution: list[int] | None = None
    interrupted: bool = False
    kind: str = "stage"  # "probe" (a yes-or-no question) or "final" (the last stage)

    def mark(self, kind: str) -> Outcome:
        self.kind = kind
        return self

    @property
    def decided(self) -> bool:
        """Proven: an optimum, or for a probe also a proof that no plan answers it."""
        proofs = (
            (cp_model.OPTIMAL, cp_model.INFEASIBLE) if self.kind == "probe" else (cp_model.OPTIMAL,)
        )
        return self.status in proofs and not self.interrupted

    @property
    def found(self) -> bool:
        return self.status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


class Search:
    """Runs CP-SAT stages within one time budget, showing progress and obeying Ctrl-C."""

    def __init__(self, time_limit: float, num_workers: int, seed: int, display: bool):
        self.deadline = time.perf_counter() + time_limit
        self.time_limit = time_limit
        self.started = time.perf_counter()
        self.num_workers, self.seed, self.display = num_workers, seed, display
        self.first_plan: float | None = None  # seconds to the first plan of any stage

    def time_left(self) -> float:
        return self.deadline - time.perf_counter()

    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def run(self, model: cp_model.CpModel, what: str, share: float = 1.0) -> Outcome:
        """Solve ``model``, for at most ``share`` of the whole time limit."""
        solver = self._solver(share)
        progress = _Progress(what, self)
        result: dict[str, int] = {}
        done = threading.Event()

        def work() -> None:
            try:
                result["status"] = solver.solve(model, progress)
            finally:
                done.set()

        threading.Thread(target=work, daemon=True).start()
        interrupted = _wait(done, solver)
        status = result["status"]
        if status == cp_model.MODEL_INVALID:
            raise SchedulerError(f"internal error: the model is invalid ({model.validate()})")
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Outcome(status, interrupted=interrupted)
        response = solver.response_proto
        return Outcome(
            status,
            solver.objective_value,
            solver.best_objective_bound,
            list(response.solution),
            interrupted,
        )

    def _solver(self, share: float) -> cp_model.CpSolver:
        """CP-SAT set up for this problem; see SMALL_PORTFOLIOS for why."""
        solver = cp_model.CpSolver()
        params = solver.parameters
        workers = self.num_workers or os.cpu_count() or 1
        params.max_time_in_seconds = max(0.01, min(self.time_left(), share * self.time_limit))
        params.num_workers = workers
        params.random_seed = self.seed
        params.catch_sigint_signal = False
        params.max_presolve_iterations = PRESOLVE_ITERATIONS
        if workers == 1:
            params.linearization_level = 2
        elif workers < 4:
            params.subsolvers.extend(SMALL_PORTFOLIOS[:workers])
        return solver


def _wait(done: threading.Event, solver: cp_model.CpSolver) -> bool:
    """Wait for the search to end; on Ctrl-C ask it to stop and keep waiting. True if asked.

    An Event is waited on, not the thread: a join() broken by Ctrl-C may later return while
    the thread still runs, and leaving CP-SAT running at exit aborts the process.
    """
    interrupted = False
    while True:
        try:
            if done.wait(0.1):
                return interrupted
        except KeyboardInterrupt:
            interrupted = True
            solver.stop_search()


class _Progress(cp_model.CpSolverSolutionCallback):
    """Notes when the first plan came; shows each better plan, bound and time on stderr."""

    def __init__(self, what: str, search: Search):
        super().__init__()
        self.what, self.search = what, search

    def on_solution_callback(self) -> None:
        elapsed = self.search.seconds()
        if self.search.first_plan is None:
            self.search.first_plan = elapsed
        if not self.search.display:
            return
        print(
            f"  {self.what}: plan {self.objective_value:g}, bound {self.best_objective_bound:g}, "
            f"{elapsed:.1f} s",
            file=sys.stderr,
            flush=True,
        )


def _hint(model: cp_model.CpModel, solution: list[int]) -> None:
    """Start the next stage from the last plan (a complete hint)."""
    model.clear_hints()
    for index, value in enumerate(solution):
        model.add_hint(model.get_int_var_from_proto_index(index), value)


def _no_plan(stages: list[Outcome], objective: str, search: Search) -> Plan:
    proven = any(stage.status == cp_model.INFEASIBLE for stage in stages)
    return Plan(
        status=Status.INFEASIBLE if proven else Status.UNKNOWN,
        objective=objective,
        seconds=search.seconds(),
        interrupted=any(stage.interrupted for stage in stages),
    )


def _plan(
    stages: list[Outcome],
    variables: Variables,
    costs,
    objective: str,
    search: Search,
    slack: Slack | None = None,
) -> Plan:
    """The plan of the last stage that found one, with how the whole search went."""
    last = next(stage for stage in reversed(stages) if stage.found)
    finished = last is stages[-1] and last.kind == "final"
    proven = finished and all(stage.decided for stage in stages)
    assignments = _assignments(variables, last.solution)
    chosen = [
        costs[a.student_id, a.task_id] for a in assignments if (a.student_id, a.task_id) in costs
    ]
    return Plan(
        status=Status.OPTIMAL if proven else Status.FEASIBLE,
        assignments=assignments,
        objective=objective,
        worst_rank=max(chosen, default=0),
        total_rank=sum(chosen),
        best_bound=last.bound if finished else None,
        seconds=search.seconds(),
        interrupted=any(stage.interrupted for stage in stages),
        shortfall=None if slack is None else slack.values(last.solution),
        weights=None if slack is None else dict(slack.weights),
        shortfall_bound=None if slack is None else stages[0].bound,
        first_plan_seconds=search.first_plan,
    )


def _assignments(variables: Variables, solution: list[int]) -> tuple[Assignment, ...]:
    def value(var) -> int:
        return solution[var.index]

    result = []
    for pair, x in variables.assign.items():
        if value(x):
            week = next(w for w, y in variables.due_in[pair].items() if value(y))
            result.append(Assignment(pair[0], pair[1], week, variables.marker(pair)))
    return tuple(result)
