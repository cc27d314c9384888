"""One CP-SAT search within a shared time budget: its settings, progress and outcome."""

from __future__ import annotations

import math
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from scheduler.exceptions import SchedulerError
from scheduler.model.search.relaxation import DELAY, KnownBound, LpBound, least_sum

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

# FIRST_PLAN: in a large model (FIRST_PLAN_FROM variables or more), a search for any plan
# (the fair objective's first) leaves the objective out, presolves without probing, and below
# 4 workers runs no_lp beside quick_restart. On the 1,500 x 60 benchmark tier with the due
# weeks guessed (164,000 variables, 2 workers), its plan came 7.7 s into the search (presolve
# 1.3 s of it), where with the objective and the max_lp pair it came after 20 s (presolve
# 5.5 s), found by the feasibility jump, and with the objective and no_lp after 11.4 s. In
# a smaller model the objective's LP guides the search to a plan: on the bundled year group
# (4,600 variables) the max_lp pair with the objective found one in 1.1 s, without it in
# 10.9 s, and no_lp without it none in 40 s; on 600 x 40 (45,000) both took 1.1 s.
# It also keeps the symmetries presolve finds for the search (keep_symmetry_in_presolve), where
# CP-SAT otherwise computes them again on the presolved model: on 1,500 x 60 the same first
# plan came 6.2-9.7 s into the search (median 6.4 s of 7 runs), against 8.7-10.9 s (median
# 9.9 s of 6); its presolve took 2.9 s against 5.8 s.
# Without symmetries at all (symmetry_level 0 or 1) presolve took 3.2-4.2 s but no_lp found
# no plan, and the feasibility jump's came after 15 s.
# It leaves out the SAT solver's inprocessing (use_sat_inprocessing), which spent a third of
# no_lp's time vivifying clauses (402,000 decisions for 18,000 clauses) before its first
# plan: on 1,500 x 60, no_lp's plan came after 1.9-2.0 s of search in 2 runs, against
# 3.2-3.3 s in 2, after the same 423-443 conflicts; `solve --objective total` with 12 s gave
# its first plan at 7.3 and 8.6 s, against 10.1 and 12.1 s run by turns with it. On the school
# of issue 18 (1,200 x 8 x 8), whose first plan comes from the feasibility jump, 15.3-16.1 s
# against 16.1-16.5 s; its question "is a worst rank of 6 possible" (a search for any plan
# too), with a 300 s limit, found its plan at 165 and 174 s in two runs against 199 s in one.
# Tried on 1,500 x 60 and not kept: no presolve at all (no plan within 40 s); each task's and
# each due week's implications from its takers gathered into one enforced bool_and (163,500
# constraints fewer): the model built in 3.1 against 3.3 s, the same first plan 5.1-5.5 s into
# the search against 4.8-5.2 s.
FIRST_PLAN_FROM = 100_000
FIRST_PLAN_PORTFOLIOS = ["no_lp", "quick_restart"]


def large(model: cp_model.CpModel) -> bool:
    """Whether the model is large enough for its first plan to be sought for itself (see
    FIRST_PLAN)."""
    return len(model.proto.variables) >= FIRST_PLAN_FROM


@dataclass
class Outcome:
    """How one stage of the search ended."""

    status: int
    value: float | None = None
    bound: float | None = None
    solution: list[int] | None = None
    interrupted: bool = False
    # "stage" (a search for the best plan of the whole model), "first" (for any plan of it),
    # "probe" (a yes-or-no question on a restricted model: its "no" says nothing of the
    # whole), "guess" (a search with due weeks guessed: it may find plans but proves
    # nothing), or "final" (the last stage)
    kind: str = "stage"
    lp_bound: float | None = None  # the linear relaxation's, when it was sought beside

    def mark(self, kind: str) -> Outcome:
        self.kind = kind
        return self

    @property
    def decided(self) -> bool:
        """Proven: an optimum, or for a yes-or-no question a plan or a proof that there is
        none."""
        proofs = (
            (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE)
            if self.kind in ("probe", "first")
            else (cp_model.OPTIMAL,)
        )
        return self.status in proofs and not self.interrupted

    @property
    def found(self) -> bool:
        return self.status in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    def best_bound(self) -> tuple[float | None, str | None]:
        """The better of the search's bound and the relaxation's, and which it is."""
        if self.lp_bound is not None and (self.bound is None or self.lp_bound > self.bound):
            return self.lp_bound, BOUND_SOURCES["relaxation"]
        return self.bound, None if self.bound is None else BOUND_SOURCES["search"]


BOUND_SOURCES = {
    "search": "CP-SAT's search",
    "relaxation": "the linear relaxation (HiGHS)",
}


class Watch:
    """A search followed from elsewhere (the local page, in another thread): told of each
    better plan, and able to stop the search as Ctrl-C does, keeping the best plan."""

    def __init__(self):
        self.latest: tuple[str, float, float, float] | None = None  # what, plan, bound, seconds
        self.plans = 0
        self._stop = threading.Event()

    def plan(self, what: str, value: float, bound: float, seconds: float) -> None:
        self.latest = (what, value, bound, seconds)
        self.plans += 1

    def stop(self) -> None:
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()


class Search:
    """Runs CP-SAT stages within one time budget, showing progress and obeying Ctrl-C (or a
    ``watch`` asking it to stop)."""

    def __init__(
        self,
        time_limit: float,
        num_workers: int,
        seed: int,
        display: bool,
        watch: Watch | None = None,
    ):
        self.deadline = time.perf_counter() + time_limit
        self.time_limit = time_limit
        self.started = time.perf_counter()
        self.num_workers, self.seed, self.display = num_workers, seed, display
        self.watch = watch
        self.first_plan: float | None = None  # seconds to the first plan of any stage

    def time_left(self) -> float:
        if self.watch is not None and self.watch.stopped:
            return 0.0
        return self.deadline - time.perf_counter()

    @property
    def stopped(self) -> bool:
        """Whether the ``watch`` asked the search to stop."""
        return self.watch is not None and self.watch.stopped

    def over(self, outcome: Outcome) -> bool:
        """Whether to stop after ``outcome``: it was stopped by Ctrl-C, or time is up."""
        return outcome.interrupted or self.time_left() <= 0

    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def run(
        self,
        model: cp_model.CpModel,
        what: str,
        share: float = 1.0,
        plan_within: float = 1.0,
        first_only: bool = False,
        seek_bound: bool = False,
        known_bound: float | None = None,
    ) -> Outcome:
        """Solve ``model``, for at most ``share`` of the whole time limit, giving up if no plan
        comes within ``plan_within`` of it (the outcome is then UNKNOWN, not interrupted), or
        stopping at the first plan if ``first_only``. With ``seek_bound``, the linear relaxation's
        bound is sought beside (scheduler.model.search.relaxation), and a plan that meets it is
        proven best at once; ``known_bound`` is such a bound found before the search."""
        feasibility = first_only and large(model)
        solver = self._solver(share, first_only, feasibility)
        limit = solver.parameters.max_time_in_seconds
        lp = LpBound(model, limit, DELAY) if seek_bound else None
        if known_bound is not None:
            lp = KnownBound(known_bound)
        with _objective_left_out(model) if feasibility else nullcontext() as objective:
            return self._solve(model, solver, _Progress(what, self, lp, objective), plan_within)

    def _solve(self, model, solver, progress: _Progress, plan_within: float) -> Outcome:
        """The search itself, in a thread of its own (see ``_wait``)."""
        give_up_at = time.perf_counter() + plan_within * self.time_limit
        result: dict[str, int] = {}
        done = threading.Event()

        def work() -> None:
            try:
                result["status"] = solver.solve(model, progress)
            finally:
                done.set()

        threading.Thread(target=work, daemon=True).start()
        interrupted = _wait(
            done,
            solver,
            lambda: progress.met() or (not progress.plans and time.perf_counter() > give_up_at),
            self.watch,
        )
        lp_bound = None if progress.lp is None else progress.lp.finish()
        status = result["status"]
        if status == cp_model.MODEL_INVALID:
            raise SchedulerError(f"internal error: the model is invalid ({model.validate()})")
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Outcome(status, interrupted=interrupted, lp_bound=lp_bound)
        if lp_bound is not None and solver.objective_value <= lp_bound:
            status = cp_model.OPTIMAL  # the plan meets a proven bound
        solution = list(solver.response_proto.solution)
        value, bound = solver.objective_value, solver.best_objective_bound
        if progress.objective is not None:  # left out of this search: count it here
            value, bound = progress.objective.value(solution), progress.objective.least
        return Outcome(status, value, bound, solution, interrupted, lp_bound=lp_bound)

    def _solver(
        self, share: float, first_only: bool = False, feasibility: bool = False
    ) -> cp_model.CpSolver:
        """CP-SAT set up for this problem; see SMALL_PORTFOLIOS, and FIRST_PLAN for a search
        for any plan of a large model (``feasibility``)."""
        solver = cp_model.CpSolver()
        params = solver.parameters
        workers = self.num_workers or os.cpu_count() or 1
        params.max_time_in_seconds = max(0.01, min(self.time_left(), share * self.time_limit))
        params.num_workers = workers
        params.random_seed = self.seed
        params.catch_sigint_signal = False
        params.max_presolve_iterations = PRESOLVE_ITERATIONS
        params.stop_after_first_solution = first_only
        if feasibility:
            params.cp_model_probing_level = 0
            params.keep_symmetry_in_presolve = True
            params.use_sat_inprocessing = False
        if workers == 1:
            params.linearization_level = 2
        elif workers < 4:
            portfolio = FIRST_PLAN_PORTFOLIOS if feasibility else SMALL_PORTFOLIOS
            params.subsolvers.extend(portfolio[:workers])
        return solver


def _wait(done: threading.Event, solver: cp_model.CpSolver, give_up, watch=None) -> bool:
    """Wait for the search to end; on Ctrl-C (or ``watch`` stopped) ask it to stop and keep
    waiting. True if asked. Also asks it to stop, not counted as Ctrl-C, once ``give_up()``
    says so.

    An Event is waited on, not the thread: a join() broken by Ctrl-C may later return while
    the thread still runs, and leaving CP-SAT running at exit aborts the process.
    """
    interrupted = False
    while True:
        try:
            if done.wait(0.1):
                return interrupted
            if watch is not None and watch.stopped and not interrupted:
                interrupted = True
                solver.stop_search()
            if give_up():
                solver.stop_search()
        except KeyboardInterrupt:
            interrupted = True
            solver.stop_search()


class _Objective:
    """A model's objective, kept aside while a search goes without it."""

    def __init__(self, model: cp_model.CpModel):
        proto = model.proto.objective
        self.saved = type(proto)()
        self.saved.copy_from(proto)
        self.terms = np.array(proto.vars, dtype=np.int64), np.array(proto.coeffs, dtype=float)
        domains = model.proto.variables
        low = np.array([domains[i].domain[0] for i in proto.vars], dtype=float)
        high = np.array([domains[i].domain[-1] for i in proto.vars], dtype=float)
        self.least = least_sum(self.terms[1], low, high) + proto.offset

    def value(self, solution) -> float:
        """The objective's value at ``solution`` (every variable's value, in order)."""
        variables, coeffs = self.terms
        return float(np.dot(np.asarray(solution, dtype=float)[variables], coeffs)) + (
            self.saved.offset
        )


@contextmanager
def _objective_left_out(model: cp_model.CpModel) -> Iterator[_Objective | None]:
    """The model without its objective while the block runs (put back after)."""
    if not model.has_objective():
        yield None
        return
    objective = _Objective(model)
    model.proto.clear_objective()
    try:
        yield objective
    finally:
        model.proto.objective.copy_from(objective.saved)


class _Progress(cp_model.CpSolverSolutionCallback):
    """Notes when the first plan came; shows each better plan, bound and time on stderr.
    The bound shown is the better of the search's and the relaxation's (``lp``), if sought;
    for a search without the ``objective``, its value and its least possible."""

    def __init__(
        self,
        what: str,
        search: Search,
        lp: LpBound | KnownBound | None = None,
        objective: _Objective | None = None,
    ):
        super().__init__()
        self.what, self.search, self.lp, self.objective = what, search, lp, objective
        self.plans = 0
        self.best: float | None = None  # the best plan's objective

    def met(self) -> bool:
        """Whether the best plan so far meets the relaxation's bound: then it is the best."""
        bound = None if self.lp is None else self.lp.bound
        return bound is not None and self.best is not None and self.best <= bound

    def on_solution_callback(self) -> None:
        self.plans += 1
        self.best, bound = self.objective_value, self.best_objective_bound
        if self.objective is not None:
            self.best = self.objective.value(self.response_proto.solution)
            bound = self.objective.least
        elapsed = self.search.seconds()
        if self.search.first_plan is None:
            self.search.first_plan = elapsed
        bound = max(bound, (self.lp and self.lp.bound) or -math.inf)
        if self.search.watch is not None:
            self.search.watch.plan(self.what, self.best, bound, elapsed)
        if not self.search.display:
            return
        print(
            f"  {self.what}: plan {self.best:g}, bound {bound:g}, {elapsed:.1f} s",
            file=sys.stderr,
            flush=True,
        )


def hint(model: cp_model.CpModel, solution: list[int]) -> None:
    """Start the next stage from the last plan (a complete hint)."""
    model.clear_hints()
    for index, value in enumerate(solution):
        model.add_hint(model.get_int_var_from_proto_index(index), value)
