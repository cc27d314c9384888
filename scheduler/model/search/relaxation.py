"""A proven bound from the linear relaxation of a CP-SAT model, solved with HiGHS.

The relaxation is read off the model itself (its proto), so every rule family is in it
without a second copy of the rules: each linear constraint without an enforcement literal
as it stands, Boolean constraints (implications, at-most-one, exactly-one, clauses) as the
linear inequalities they imply, and every variable within its domain's least and most.
Constraints of any other kind are left out, which only weakens the bound. Every plan of the
model is a point of the relaxation, so the relaxation's least objective is a bound.

The bound is not taken on the LP solver's word: it is computed here from the solver's row
duals by weak duality (the Lagrangian bound), which holds for any duals whatever, so a
tolerance or an early stop of the solver can only make it weaker, never false.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import threading
import time
from array import array
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from ortools.sat import cp_model_pb2
from ortools.sat.python import cp_model

INFINITY = float("inf")


@dataclass
class Lagrangian:
    """A bound by weak duality: every point x of the relaxation scores at least ``raw``
    plus, for each column i, |reduced[i]| times the distance of x[i] from the end of its
    range that reduced[i] favours (the least if it is positive, the most if negative).
    ``bound`` is ``raw``, rounded up if it may be."""

    raw: float
    bound: float
    reduced: np.ndarray

    def ranges(self, low: np.ndarray, high: np.ndarray, most: float) -> Ranges:
        """The columns whose range shrinks for points scoring at most ``most`` (a plan's
        score): a column may stray from its favoured end only as far as ``most`` - ``raw``
        allows, its reduced cost a unit (reduced-cost fixing). (index, least, most) arrays."""
        room = most - self.raw + 1e-6 * max(1.0, abs(self.raw))  # floating sums' margin
        reduced = np.abs(self.reduced)
        with np.errstate(divide="ignore", invalid="ignore"):
            reach = np.floor(np.where(reduced > 0, room / reduced, INFINITY) + 1e-9)
        which = np.flatnonzero((room >= 0) & (reach < high - low))
        up = self.reduced[which] > 0  # favours the least
        least = np.where(up, low[which], high[which] - reach[which])
        most_ = np.where(up, low[which] + reach[which], high[which])
        return Ranges(which, least.astype(np.int64), most_.astype(np.int64))


@dataclass
class Ranges:
    """Narrower ranges for some columns: column ``which[i]`` from ``least[i]`` to ``most[i]``."""

    which: np.ndarray
    least: np.ndarray
    most: np.ndarray

    def __len__(self) -> int:
        return len(self.which)


@dataclass
class Relaxation:
    """min c'x + offset over lower <= A x <= upper (rows) and low <= x <= high (columns);
    ``integral``: a plan's objective is a whole number, so a bound may be rounded up."""

    cost: np.ndarray
    offset: float
    low: np.ndarray
    high: np.ndarray
    starts: np.ndarray
    columns: np.ndarray
    values: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    lazy: np.ndarray
    integral: bool

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.lower), len(self.cost)

    def lagrangian(self, duals: np.ndarray) -> Lagrangian:
        """The least objective any point of the relaxation can have, by weak duality from
        ``duals`` (one a row, any values): a valid bound whatever the duals are; with the
        reduced costs it leaves each column."""
        y = np.where(np.isfinite(self.lower), np.maximum(duals, 0), 0) + np.where(
            np.isfinite(self.upper), np.minimum(duals, 0), 0
        )
        rows = np.repeat(np.arange(len(self.lower)), np.diff(self.starts))
        reduced = self.cost - np.bincount(
            self.columns, weights=self.values * y[rows], minlength=len(self.cost)
        )
        from_rows = np.sum(np.where(y > 0, y * np.nan_to_num(self.lower, neginf=0), 0)) + np.sum(
            np.where(y < 0, y * np.nan_to_num(self.upper, posinf=0), 0)
        )
        raw = float(from_rows + least_sum(reduced, self.low, self.high) + self.offset)
        bound = raw
        if self.integral:  # what floating sums may lose is far below this margin
            bound = math.ceil(raw - 1e-6 * max(1.0, abs(raw)))
        return Lagrangian(raw, bound, reduced)

    def lp(self, rows: np.ndarray):
        """HiGHS's linear program of the objective, the columns and the ``rows`` (a mask)."""
        import highspy

        lp = highspy.HighsLp()
        lp.num_col_ = len(self.cost)
        lp.col_cost_, lp.col_lower_, lp.col_upper_ = self.cost, self.low, self.high
        starts, columns, values = self._part(np.flatnonzero(rows))
        lp.num_row_ = int(rows.sum())
        lp.row_lower_, lp.row_upper_ = self.lower[rows], self.upper[rows]
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = lp.num_col_, lp.num_row_
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = starts, columns, values
        lp.offset_ = self.offset
        return lp

    def rows(self, which: np.ndarray) -> tuple:
        """The rows ``which`` (indices) as HiGHS's addRows takes them."""
        starts, columns, values = self._part(which)
        return (
            len(which),
            self.lower[which],
            self.upper[which],
            len(columns),
            starts[:-1],
            columns,
            values,
        )

    def broken(self, x: np.ndarray, among: np.ndarray) -> np.ndarray:
        """The indices of rows in ``among`` (a mask) that ``x`` breaks."""
        which = np.flatnonzero(among)
        starts, columns, values = self._part(which)
        sums = np.add.reduceat(values * x[columns], starts[:-1]) if len(columns) else np.zeros(0)
        sums[np.diff(starts) == 0] = 0
        tolerance = 1e-6
        return which[
            (sums < self.lower[which] - tolerance) | (sums > self.upper[which] + tolerance)
        ]

    def _part(self, which: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The CSR arrays of the rows ``which`` (indices), in that order."""
        lengths = np.diff(self.starts)[which]
        starts = np.zeros(len(which) + 1, dtype=np.int32)
        np.cumsum(lengths, out=starts[1:])
        positions = np.repeat(self.starts[which] - starts[:-1], lengths) + np.arange(starts[-1])
        return starts, self.columns[positions].astype(np.int32), self.values[positions]


def least_sum(coeffs: np.ndarray, low: np.ndarray, high: np.ndarray) -> float:
    """The least sum of coeffs[i] x[i] over every x[i] from low[i] to high[i]."""
    return float(np.sum(np.minimum(coeffs * low, coeffs * high)))


def relaxation(model: cp_model.CpModel) -> Relaxation:
    """The linear relaxation of ``model`` as it stands (domains as fixed now)."""
    proto = _proto(model)
    rows = _Rows()
    for constraint in proto.constraints:
        rows.add(constraint)
    low = np.array([v.domain[0] for v in proto.variables], dtype=float)
    high = np.array([v.domain[-1] for v in proto.variables], dtype=float)
    cost = np.zeros(len(low))
    objective = proto.objective
    if min(objective.vars, default=0) < 0 or objective.scaling_factor not in (0, 1):
        raise ValueError("the objective is not a plain sum of the model's variables")
    np.add.at(cost, np.array(objective.vars, dtype=np.int64), np.array(objective.coeffs, float))
    integral = all(float(v).is_integer() for v in objective.coeffs) and objective.offset == int(
        objective.offset
    )
    return Relaxation(cost, float(objective.offset), low, high, *rows.arrays(), integral=integral)


def _proto(model: cp_model.CpModel) -> cp_model_pb2.CpModelProto:
    """The model's proto as a plain protobuf message (read from its binary form at C speed)."""
    handle, path = tempfile.mkstemp(suffix=".pb")
    os.close(handle)
    try:
        model.export_to_file(path)
        with open(path, "rb") as file:
            return cp_model_pb2.CpModelProto.FromString(file.read())
    finally:
        os.remove(path)


class _Rows:
    """The rows of the relaxation, gathered constraint by constraint."""

    def __init__(self):  # compact arrays, not lists: 1.2 million entries on 1,500 x 60
        self.starts, self.columns, self.values = array("q", [0]), array("q"), array("d")
        self.lower, self.upper, self.lazy = array("d"), array("d"), array("b")

    def add(self, constraint) -> None:
        """The linear inequalities a constraint implies (none for a kind left out)."""
        kind = constraint.WhichOneof("constraint")
        enforced = list(constraint.enforcement_literal)
        if kind == "linear" and not enforced and min(constraint.linear.vars, default=0) >= 0:
            domain = constraint.linear.domain
            self._row(constraint.linear.vars, constraint.linear.coeffs, domain[0], domain[-1])
        elif kind == "bool_and":  # each enforcement true -> each literal true
            for literal in constraint.bool_and.literals:
                self._clause([literal, *(-e - 1 for e in enforced)], lazy=True)
        elif kind == "bool_or":
            self._clause([*constraint.bool_or.literals, *(-e - 1 for e in enforced)])
        elif kind in ("at_most_one", "exactly_one") and not enforced:
            literals = getattr(constraint, kind).literals
            self._literals(literals, -INFINITY if kind == "at_most_one" else 1, 1)

    def _clause(self, literals: list[int], lazy: bool = False) -> None:
        """At least one of ``literals`` true."""
        self._literals(literals, 1, INFINITY, lazy)

    def _literals(self, literals, least: float, most: float, lazy: bool = False) -> None:
        """least <= the number of true ``literals`` <= most (a negative reference r is the
        negation of variable -r - 1, that is 1 minus it)."""
        negated = sum(1 for r in literals if r < 0)
        variables = [r if r >= 0 else -r - 1 for r in literals]
        coeffs = [1 if r >= 0 else -1 for r in literals]
        self._row(variables, coeffs, least - negated, most - negated, lazy)

    def _row(self, variables, coeffs, least: float, most: float, lazy: bool = False) -> None:
        self.columns.extend(variables)
        self.values.extend(coeffs)
        self.starts.append(len(self.columns))
        self.lower.append(_finite(least))
        self.upper.append(_finite(most))
        self.lazy.append(lazy)

    def arrays(self) -> tuple[np.ndarray, ...]:
        return (
            np.frombuffer(self.starts, dtype=np.int64),
            np.frombuffer(self.columns, dtype=np.int64),
            np.frombuffer(self.values, dtype=float),
            np.frombuffer(self.lower, dtype=float),
            np.frombuffer(self.upper, dtype=float),
            np.frombuffer(self.lazy, dtype=np.int8).astype(bool),
        )


def _finite(value: float) -> float:
    """A proto's int64 extremes stand for no limit."""
    return value if abs(value) < 2**62 else math.copysign(INFINITY, value)


class LpBound:
    """The relaxation's bound of a model, sought by HiGHS in a thread of its own while a
    search of the model runs; ``bound`` is the best so far (None before the first).

    It starts only once the search has run ``delay`` seconds (see DELAY): a search that ends
    sooner has no need of it. The model is read then, as it stands (its domains as fixed for
    the search); the search only reads it too. A model that cannot be read into a relaxation
    (an objective that is not a plain sum) or whose proto cannot be written to a temporary
    file gives no bound.
    """

    def __init__(self, model: cp_model.CpModel, time_limit: float, delay: float = 0.0):
        self.bound: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(model, time_limit, delay), daemon=True
        )
        self._thread.start()

    def _run(self, model: cp_model.CpModel, time_limit: float, delay: float) -> None:
        started = time.perf_counter()
        if self._stop.wait(delay):
            return
        try:
            problem = relaxation(model)
        except (OSError, ValueError):
            return
        left = time_limit - (time.perf_counter() - started)
        for bound in bounds(problem, left, self._stop.is_set):
            if self.bound is None or bound > self.bound:
                self.bound = bound

    def finish(self) -> float | None:
        """Stop HiGHS (at once) and give the best bound it reached."""
        self._stop.set()
        self._thread.join()
        return self.bound


class KnownBound:
    """A relaxation's bound found before the search (see ``solved``), read as an LpBound's."""

    def __init__(self, bound: float):
        self.bound = bound

    def finish(self) -> float:
        return self.bound


# DELAY: a search's relaxation starts once the search has run this long. On the year tier
# (200 x 20) the fair objective's searches each take well under a second, and a relaxation
# started with each (read, then HiGHS in a thread beside CP-SAT's two workers on two cores)
# took its time to the optimum from 0.79 to 1.38 s.
DELAY = 1.0


# Rounds of adding the implications a solution breaks stop once this many in a row have not
# raised the bound: on the 1,500 x 60 benchmark tier the first round's bound (29,201, after
# 5 s) was never raised in the 33 rounds that followed (48 s more, each adding 1-4,528 rows).
STALE_ROUNDS = 3


@dataclass
class Round:
    """One round's outcome: its bound (with its reduced costs), and HiGHS's solution (each
    column's value; None if it has none)."""

    lagrangian: Lagrangian
    values: np.ndarray | None


@dataclass
class Solved:
    """A relaxation solved before a search: the best round's bound and reduced costs, the
    last round's solution, and the columns' ranges it was solved over."""

    best: Lagrangian
    values: np.ndarray | None
    low: np.ndarray
    high: np.ndarray

    def ranges(self, most: float) -> Ranges:
        """The ranges a plan scoring at most ``most`` keeps to (see Lagrangian.ranges)."""
        return self.best.ranges(self.low, self.high, most)


def solved(model: cp_model.CpModel, time_limit: float, stopped=None) -> Solved | None:
    """The relaxation of ``model`` as it stands, solved round by round within ``time_limit``
    seconds or until ``stopped()``; None if the model cannot be read into one or HiGHS gave
    no bound. Ctrl-C stops HiGHS and is passed on."""
    try:
        problem = relaxation(model)
    except (OSError, ValueError):
        return None
    best, values = None, None
    for found in rounds(problem, time_limit, stopped):
        if best is None or found.lagrangian.bound > best.bound:
            best = found.lagrangian
        values = found.values if found.values is not None else values
    return None if best is None else Solved(best, values, problem.low, problem.high)


def bounds(problem: Relaxation, time_limit: float, stopped=None):
    """The bounds of ``rounds``, one a round."""
    return (found.lagrangian.bound for found in rounds(problem, time_limit, stopped))


def rounds(problem: Relaxation, time_limit: float, stopped=None):
    """The rounds HiGHS makes on ``problem``'s relaxation, within ``time_limit`` seconds (or
    until ``stopped()`` says so).

    Rows for Boolean implications (most of the rows: each student's due weeks and the
    task's, a choice and its task running) are added only once a round's solution breaks
    them, which makes the first round several times faster (5 s against 44 s for the whole
    relaxation at once on the 1,500 x 60 tier, to the same bound); every round's bound is a
    bound, as it relaxes the model further still.
    """
    deadline = time.perf_counter() + time_limit
    stopped = stopped or (lambda: False)
    highs = _highs()
    active = ~problem.lazy
    highs.passModel(problem.lp(active))
    added, best, stale = np.flatnonzero(active), -INFINITY, 0
    while stale < STALE_ROUNDS:
        highs.setOptionValue("time_limit", max(0.01, deadline - time.perf_counter()))
        _run(highs, stopped)
        solution = highs.getSolution()
        values = np.array(solution.col_value) if solution.value_valid else None
        if solution.dual_valid:
            duals = np.zeros(problem.shape[0])
            duals[added] = np.array(solution.row_dual)
            found = problem.lagrangian(duals)
            stale = 0 if found.bound > best else stale + 1
            best = max(best, found.bound)
            yield Round(found, values)
        if values is None or time.perf_counter() >= deadline or stopped():
            return
        broken = problem.broken(values, ~active)
        if not len(broken):
            return
        highs.addRows(*problem.rows(broken))
        active[broken] = True
        added = np.concatenate([added, broken])


def _run(highs, stopped) -> None:
    """HiGHS's search in a thread (it lets go of the GIL), stopped when ``stopped()`` or on
    Ctrl-C (which is passed on once HiGHS has stopped)."""
    worker = threading.Thread(target=highs.run, daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.05)
            if stopped():
                highs.cancelSolve()
    except KeyboardInterrupt:
        highs.cancelSolve()
        worker.join()
        raise


def _highs():
    """A quiet HiGHS (it prints a banner when made, which goes nowhere here)."""
    import highspy

    with _LOCK, _silenced():
        highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    # Without presolve the first round took 4.7 s against 5.1 s on the 1,500 x 60 tier, and
    # HiGHS held 150 MB against 250 MB
    highs.setOptionValue("presolve", "off")
    highs.HandleUserInterrupt = True  # cancelSolve() then stops it
    return highs


_LOCK = threading.Lock()


@contextmanager
def _silenced():
    """Standard output sent nowhere while the block runs (at the file descriptor, where
    HiGHS's C++ writes)."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as nowhere:
            os.dup2(nowhere.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
