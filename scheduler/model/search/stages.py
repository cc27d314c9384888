"""The objective's stages: the least total rank, or the fair least worst rank, then the least
total at it. Where tasks have windows, each stage first looks for plans with the due weeks
guessed (scheduler.model.search.weeks), which is far faster, and starts the full search from them.
"""

from __future__ import annotations

import sys

from ortools.sat.python import cp_model

from scheduler.model.search.copies import fixed, narrowed
from scheduler.model.search.ranks import Ranks
from scheduler.model.search.relaxation import Solved, solved
from scheduler.model.search.solver import Outcome, Search, hint, large

# GUESS: with every window fixed to a guessed week the model is far easier. Seed 0, 2 workers,
# total rank: 600 x 40 optimal in 4-6 s with the weeks fixed (13,424, against the true 13,287,
# which the full model proves in 40-47 s, its first plan coming after 10-14 s); 1,500 x 60
# found a plan in 20 s, within 0.01% of the fixed-week model's bound at 30 s; the full model found
# no plan in 60 s. A guessed search may take this share of the limit:
GUESS_SHARE = 0.5
# A worst rank neither refuted nor given a plan within this share of the limit is passed over.
PROBE_SHARE = 0.2

# With rules bent, the least shortfall is often hard to prove (on the year group with a
# teacher's minutes halved the bound was still 15% below the best plan after 90 s), and
# a plan spending the whole limit there gets no time for the students' ranks. So the
# shortfall stage gets at most this share of the limit; the summary says if unproven.
SHORTFALL_SHARE = 0.5
# Keeping to an earlier plan (`solve --keep`), the fewest changes get at most this share.
KEEP_SHARE = 0.5

# RELAXATION_FIRST: the whole search of a model of RELAXATION_FIRST_FROM variables or more,
# started from a plan, first solves the model's linear relaxation (within RELAXATION_SHARE of
# its share of the limit; a tenth was tried: the bundled school's relaxation, 30 s limit, was
# then cut short and its plan not proven, where with a quarter it was, in 18.5 s), then
# - guesses the due weeks again where the relaxation's solution puts them, and searches with
#   them, keeping the better plan: on the 600 x 40 benchmark tier (total rank) the relaxation
#   put 9 of 15 guessed tasks elsewhere, and their search found 13,287 in 4.5 s, the optimum,
#   where the first guess's best was 13,424;
# - keeps the whole search to the ranges a plan at least as good as the best so far must keep
#   to, by the relaxation's reduced costs (scheduler.model.search.relaxation.Lagrangian.ranges): no
#   plan as good is lost, so the search's bound stays a bound of the whole model. On 600 x 40
#   from 13,287 (the relaxation's bound 13,272) it narrowed 10,048 of 45,526 variables, and
#   CP-SAT proved the optimum in 9.5 s, where the whole model's proof took 40-47 s.
# Solving the relaxation first, not beside the search, also keeps its memory apart from
# CP-SAT's. Smaller models seek the bound beside the search (Search.run's seek_bound).
RELAXATION_FIRST_FROM = 20_000
RELAXATION_SHARE = 0.25

# WORST_BY_PROBES: the fair objective's least worst rank is found by asking each rank k in
# turn, from below, in the model with every choice ranked worse than k forbidden, not by
# minimising a worst-rank variable, whose LP bound stayed at 0 and which fell one rank at a
# time (4-10 s a step on 600 x 40). Presolve refutes an impossible rank at once (0.01-0.02 s
# on 200 x 20, 0.2 s on 600 x 40, 0.45 s on 1,500 x 60), where a possible one takes a search
# (0.3 s, 4-6 s and 8 s or more), so asking upward needs one search where bisection needed
# three or four; and the search at the least rank minimises the total at once. Fair objective,
# 2 workers, seed 0, against bisection after a first least-total stage: 200 x 20, 1.9 -> 0.6 s;
# 200 x 20 with windows, 8.5 -> 1.6 s; 600 x 40, 116 -> 16 s, first plan 14 -> 2.3 s.

# FAIR_FROM_THE_PROBE: when the guessed weeks' least worst rank is beaten by the full model's
# (asked one rank lower), the total at that rank is first sought with the due weeks of the full
# model's plan, then in full. The school of issue 18 (1,200 x 8 subjects x 8 tasks, fair, 2
# workers, 300 s): the full model's plan at worst rank 6 (52,168) searched with its own weeks
# reached 40,168 in 15 s and 32,074 in 65 s, where the whole search from it reached 37,088 in
# 80 s. Asking each guessed rank for a first plan only, and seeking the total only at the least,
# was tried too: on 1,500 x 60 (120 s) the rank's first plan then took 35 s, and the search
# with its weeks, hinted from that poor plan, improved nothing in 34 s (35,727 at 120 s against
# 29,238). A guessed search before a whole one takes at most half the time left
# (Stages._guess_share), so that the whole search has the rest.


class Stages:
    """Runs an objective's stages on one model; every stage's outcome goes to ``outcomes``."""

    def __init__(self, model, ranks: Ranks, search: Search, outcomes):
        self.model, self.ranks, self.search = model, ranks, search
        self.outcomes: list[Outcome] = outcomes
        self.guess = ranks.guess
        self.scale = 1  # the students' ranks count this much in the objective (wishes: 1)

    def least_shortfall(self, penalty) -> bool:
        """With rules bent, the least weighted ``penalty`` first (with the due weeks guessed,
        then in full), kept to from then on. True: go on to the students' ranks."""
        return self.least_first(penalty, "rule shortfall", SHORTFALL_SHARE)

    def fewest_changes(self, changes, most: int | None) -> bool:
        """Keeping to an earlier plan: at most ``most`` changes, or else the fewest first,
        kept to from then on. True: go on to the students' ranks."""
        if most is not None:
            self.model.add(changes <= most)
            return True
        return self.least_first(changes, "fewest changes", KEEP_SHARE)

    def least_first(self, expr, what: str, share: float) -> bool:
        """The least ``expr`` within ``share`` of the limit (with the due weeks guessed, then
        in full), kept to from then on. True: there is time to go on."""
        before = len(self.outcomes)
        self.model.minimize(expr)
        self._least(self.model, what, share, kind="stage")
        best = next((o for o in reversed(self.outcomes[before:]) if o.found), None)
        if best is None or self.outcomes[-1].interrupted or self.search.time_left() <= 0:
            return False
        self.model.add(expr <= round(best.value))
        hint(self.model, best.solution)
        return True

    def run(self, objective: str) -> None:
        """Total: the least total rank. Fair: the least worst rank, then the least total at it."""
        expr, self.scale = self.ranks.objective()
        self.model.minimize(expr)
        if self.scale > 1 and self.search.display:
            print(
                f"  (with students' wishes, a plan below is scored {self.scale} x its total "
                "rank - the wishes it grants)",
                file=sys.stderr,
                flush=True,
            )
        if objective == "total":
            if self._first_plan_of_large():
                self._least(self.model, "total rank")
        elif self.guess:
            self._fair_from_guesses()
        else:
            self._fair()

    def _first_plan_of_large(self) -> bool:
        """In a large model, any plan first (with the due weeks guessed, if any), sought for
        itself (see FIRST_PLAN in scheduler.model.search.solver), so that a short time limit still
        gives one: on the 1,500 x 60 tier the least total's own first plan came after 20-27 s,
        and with `--time-limit 30` none came; this one came after 11-13 s. The least total's
        search does not start from it: started from a plan that far from the best (149,000
        against 29,231; measured together with the relaxation sought beside it, so the two
        were not told apart), its guessed search took 67 s to its optimum, against 35 s
        without. False: stop here (time is up, or the whole model has no plan)."""
        if not large(self.model):
            return True
        first = self._guessed(self.model, "a first plan", first_only=True, share=1.0)
        if first is None:
            first = self.search.run(self.model, "a first plan", first_only=True)
            if not self._add(first.mark("first")).found and first.decided:
                return False
        return not self.search.over(first)

    def _fair(self) -> None:
        """First any plan; its worst rank W bounds the least. Then each rank below W in turn,
        from one no plan can beat, is asked for the least total with no choice ranked worse:
        an impossible rank is refuted by presolve at once, so the first rank with a plan is
        the least, and its search the last (see WORST_BY_PROBES). A rank neither refuted nor
        given a plan within PROBE_SHARE of the limit is passed over (the plan is then not
        proven best); W itself is searched from the first plan."""
        first = self.search.run(self.model, "a first plan", first_only=True)
        if not self._add(first.mark("first")).found or self.search.over(first):
            return
        most = self._worst_of(first.solution)
        for rank in [*self._ranks_to_ask(most), most]:
            with fixed(self.model, self._worse_than(rank), 0):
                if rank == most:
                    hint(self.model, first.solution)
                what = f"total rank with worst rank {rank}"
                outcome = self._least(self.model, what, plan_within=PROBE_SHARE)
            if outcome.found or self.search.over(outcome):
                return
            outcome.mark("probe")

    def _fair_from_guesses(self) -> None:
        """As _fair, but the first plan and each rank are searched with the due weeks guessed,
        and only the rank below the least with a plan is asked in full: when it is refuted, so
        is every lower rank. When only the full model reaches a lower rank, its plan's own due
        weeks are searched first (see FAIR_FROM_THE_PROBE). With no plan for the guessed
        weeks, as _fair. (Guessing again from the due weeks of the full model's first plan was
        tried: on the bundled year group it took 4.7 s to the optimum against 3.8 s without.)"""
        # It stops at its first plan, so it may have the whole limit: on 1,500 x 60 that plan
        # took 17-25 s, and with `--time-limit 30` half the limit left the run without one.
        first = self._guessed(self.model, "a first plan", first_only=True, share=1.0)
        if self.search.over(first):
            return
        if not first.found:  # none with these weeks, or not found within their share
            self.guess = []
            self._fair()
            return
        most = self._worst_of(first.solution)
        ranks = self._ranks_to_ask(most)
        found = self._least_guessed_rank(ranks) or (most, first)
        if self.search.over(self.outcomes[-1]):
            return
        least, start = self._confirmed(ranks, *found)
        if least is None:
            return
        with fixed(self.model, self._worse_than(least), 0):
            what = f"total rank with worst rank {least}"
            if start.kind == "probe":  # a plan of the full model's only
                self._least(self.model, what, start=start)
            else:
                self._add(self._full(self.model, what, start=start).mark("final"))

    def _least_guessed_rank(self, ranks: list[int]) -> tuple | None:
        """The least of ``ranks`` with a plan when the due weeks are guessed, and its outcome."""
        for rank in ranks:
            with fixed(self.model, self._worse_than(rank), 0):
                what = f"total rank with worst rank {rank}"
                outcome = self._guessed(self.model, what, plan_within=PROBE_SHARE)
            if outcome.found:
                return rank, outcome
            if self.search.over(outcome):
                return None
        return None

    def _confirmed(self, ranks: list[int], rank: int, start: Outcome) -> tuple:
        """The least worst rank, asking the full model below ``rank`` (a rank with a plan,
        ``start``) down to one it refutes, and the outcome with its plan; the rank is None if
        a question was left undecided."""
        for lower in reversed([r for r in ranks if r < rank]):
            with fixed(self.model, self._worse_than(lower), 0):
                question = f"is a worst rank of {lower} possible"
                outcome = self.search.run(self.model, question, PROBE_SHARE, first_only=True)
            self._add(outcome.mark("probe"))
            if outcome.found:
                rank, start = lower, outcome
            elif outcome.interrupted or self.search.time_left() <= 0:
                return None, None
            else:  # refuted, or undecided: then the plan is not proven best
                break
        return rank, start

    def _least(
        self,
        model,
        what: str,
        share: float = 1.0,
        plan_within: float = 1.0,
        kind: str = "final",
        start: Outcome | None = None,
    ) -> Outcome:
        """The least objective of ``model`` within ``share`` of the limit: first with the due
        weeks guessed (from ``start``'s plan, if given), then in full from the better plan. The
        outcome of the last search; the full search's is marked ``kind``."""
        guess = None
        if start is not None:
            guess = self.ranks.guess_from(start.solution)
            hint(model, start.solution)
        how = "due weeks guessed" if start is None else "due weeks of the plan so far"
        guessed = self._guessed(model, what, share=self._guess_share(share), guess=guess, how=how)
        if guessed is not None and self.search.over(guessed):
            return guessed
        if start is not None and not _better(guessed, start):
            guessed = start
        return self._add(self._full(model, what, share, plan_within, guessed).mark(kind))

    def _guess_share(self, share: float) -> float:
        """A guessed search's share of the limit before a whole search: GUESS_SHARE of the
        stage's, and at most half the time left, so that the whole search has the rest."""
        return min(GUESS_SHARE * share, self.search.time_left() / self.search.time_limit / 2)

    def _full(
        self, model, what: str, share: float = 1.0, plan_within: float = 1.0, start=None
    ) -> Outcome:
        """The whole model's search, from ``start`` (the best plan so far) if it found one.
        A large model started from a plan first has its relaxation solved: the due weeks
        guessed again from it, and the search kept to what a plan as good may be (see
        RELAXATION_FIRST). The outcome is the whole model's."""
        start = start if start is not None and start.found else None
        lp = None if start is None else self._relaxation(model, share)
        if lp is None:
            if start is not None:
                hint(model, start.solution)
            outcome = self.search.run(model, what, share, plan_within, seek_bound=True)
            return outcome if start is None else _kept(outcome, start)
        start = self._guessed_again(model, what, lp, start, share)
        bound = lp.best.bound
        if start.value <= bound or self.search.over(start):  # proven best, or no time
            return _kept(
                Outcome(cp_model.UNKNOWN, interrupted=self.search.stopped, lp_bound=bound), start
            )
        hint(model, start.solution)
        with narrowed(model, lp.ranges(start.value)):
            outcome = self.search.run(model, what, share, plan_within, known_bound=bound)
        return _kept(outcome, start)

    def _relaxation(self, model, share: float) -> Solved | None:
        """A large model's relaxation (see RELAXATION_FIRST), solved within its share."""
        if len(model.proto.variables) < RELAXATION_FIRST_FROM:
            return None
        limit = min(self.search.time_left(), RELAXATION_SHARE * share * self.search.time_limit)
        lp = solved(model, limit, lambda: self.search.time_left() <= 0)
        if lp is not None and self.search.display:
            print(
                f"  the linear relaxation: bound {lp.best.bound:g}, {self.search.seconds():.1f} s",
                file=sys.stderr,
                flush=True,
            )
        return lp

    def _guessed_again(self, model, what: str, lp: Solved, start: Outcome, share: float):
        """The due weeks guessed again where the relaxation's solution puts them, if it puts
        any elsewhere, and searched from ``start``: the better plan's outcome."""
        if not self.guess or lp.values is None:
            return start
        guess = self.ranks.guess_from(lp.values)
        if {literal.index for literal in guess} == {literal.index for literal in self.guess}:
            return start
        hint(model, start.solution)
        how = "due weeks guessed from the relaxation"
        outcome = self._guessed(model, what, share=self._guess_share(share), guess=guess, how=how)
        return outcome if _better(outcome, start) else start

    def _add(self, outcome: Outcome) -> Outcome:
        self.outcomes.append(outcome)
        return outcome

    def _guessed(
        self,
        model,
        what: str,
        first_only: bool = False,
        plan_within: float = 1.0,
        share: float = GUESS_SHARE,
        guess: list | None = None,
        how: str = "due weeks guessed",
    ) -> Outcome | None:
        """``model`` searched with the due weeks guessed (``guess``: the literals to fix to 0,
        else the first guess; ``how``: which guess, for the display); None when no task has a
        choice."""
        if not self.guess:
            return None
        with fixed(model, guess or self.guess, 0):
            outcome = self.search.run(model, f"{what}, {how}", share, plan_within, first_only)
        return self._add(outcome.mark("guess"))

    def _ranks_to_ask(self, most: int) -> list[int]:
        """The ranks a plan's worst could be below ``most``, from the least any can have."""
        fewest = self.ranks.fewest_worst()
        return sorted({cost for cost in self.ranks.costs_asked() if fewest <= cost < most})

    def _worse_than(self, rank: int) -> list:
        """The choices ranked worse than ``rank``, to forbid."""
        return self.ranks.worse_than(rank)

    def _worst_of(self, solution: list[int]) -> int:
        """The worst rank of a chosen task in a solution."""
        return self.ranks.worst_of(solution)


def _better(outcome: Outcome | None, than: Outcome) -> bool:
    """Whether ``outcome`` found a plan better than ``than``'s."""
    return outcome is not None and outcome.found and outcome.value < than.value


def _kept(outcome: Outcome, start: Outcome) -> Outcome:
    """A whole search's outcome, or if it found no plan as good as ``start``'s within its time
    (a large model's presolve alone may outlast it), ``start``'s plan with the search's
    bounds: a plan of the whole model all the same, proven best if it meets the relaxation's."""
    if outcome.found and outcome.value <= start.value:
        return outcome
    meets = outcome.lp_bound is not None and start.value <= outcome.lp_bound
    return Outcome(
        cp_model.OPTIMAL if meets else cp_model.FEASIBLE,
        start.value,
        outcome.bound,
        start.solution,
        outcome.interrupted,
        lp_bound=outcome.lp_bound,
    )
