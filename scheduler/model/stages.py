"""The objective's stages: the least total rank, or the fair least worst rank, then the least
total at it. Where tasks have windows, each stage first looks for plans with the due weeks
guessed (scheduler.model.weeks), which is far faster, and starts the full search from them.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from scheduler.model.copies import fixed
from scheduler.model.objective import total_rank
from scheduler.model.search import Outcome, Search, hint
from scheduler.model.variables import Variables
from scheduler.model.weeks import other_weeks, spread_due_weeks
from scheduler.plan import Pair

# The share of the time limit a search with the due weeks guessed may take. On the 600 x 40
# benchmark tier its plan came within 5 s and 1% of the optimum, where the full model
# found its first plan after 10-14 s; on 1,500 x 60 the full model found none in 60 s.
GUESS_SHARE = 0.5
# A worst rank neither refuted nor given a plan within this share of the limit is passed over.
PROBE_SHARE = 0.2

# WORST_BY_PROBES: the fair objective's least worst rank is found by bisection over copies
# of the model that forbid every choice ranked worse than k, not by minimising a worst-rank
# variable, whose LP bound stayed at 0 and which fell one rank at a time (4-10 s a step on
# the 600 x 40 benchmark tier). Impossible ranks are refuted by presolve in about 0.2 s.
# Measured with PRESOLVE_ITERATIONS against the previous code, fair objective, 2 workers,
# CP-SAT seeds 0-2: year tier 2.8, 3.0, 3.0 s -> 1.7, 1.6, 1.8 s; year-windows 7.7, 9.0,
# 11.0 s -> 6.8, 5.7, 6.4 s; large, proven in 81 s and 109 s (before: 109 s, and not at 120 s).


class Stages:
    """Runs an objective's stages on one model; every stage's outcome goes to ``outcomes``."""

    def __init__(
        self, model, variables: Variables, costs: dict[Pair, int], search: Search, outcomes
    ):
        self.model, self.variables, self.costs, self.search = model, variables, costs, search
        self.outcomes: list[Outcome] = outcomes
        self.guess = other_weeks(variables, spread_due_weeks(variables))

    def run(self, objective: str) -> None:
        """Total: the least total rank. Fair: the least worst rank, then the least total at it."""
        self.model.minimize(total_rank(self.variables, self.costs))
        if objective == "total":
            self._least_total(self.model, "total rank")
        elif self.guess:
            self._fair_from_guesses()
        else:
            self._fair()

    def _fair(self) -> None:
        """Ask each possible worst rank in turn, from one no plan can beat, for the least total
        with no choice ranked worse: an impossible rank is refuted by presolve at once, so the
        first rank with a plan is the least, and its search the last (see WORST_BY_PROBES).
        A rank neither refuted nor given a plan within PROBE_SHARE of the limit is passed
        over, and the plan is then not proven best."""
        ranks = self._ranks_to_ask()
        for rank in ranks:
            with fixed(self.model, self._worse_than(rank), 0):
                what = f"total rank with worst rank {rank}"
                outcome = self._least_total(self.model, what, PROBE_SHARE)
            if outcome.found or self.search.over(outcome):
                return
            if rank != ranks[-1]:  # the last forbids nothing: its outcome is the model's
                outcome.mark("probe")

    def _fair_from_guesses(self) -> None:
        """As _fair, but each rank is asked first with the due weeks guessed (after a quick
        first plan), and only the rank below the first with a plan is asked in full: when it
        is refuted, so is every lower rank. With no plan for any guess, as _fair."""
        first = self._guessed(self.model, "a first plan", first_only=True, plan_within=0.1)
        if first.interrupted:
            return
        ranks = self._ranks_to_ask()
        found = self._least_guessed_rank(ranks)
        if found is None:
            if not self.outcomes[-1].interrupted and self.search.time_left() > 0:
                self._fair()
            return
        least, solution = self._confirmed(ranks, *found)
        if least is not None:
            with fixed(self.model, self._worse_than(least), 0):
                hint(self.model, solution)
                what = f"total rank with worst rank {least}"
                self._add(self.search.run(self.model, what).mark("final"))

    def _least_guessed_rank(self, ranks: list[int]) -> tuple | None:
        """The least rank with a plan when the due weeks are guessed, and its best plan."""
        for rank in ranks:
            with fixed(self.model, self._worse_than(rank), 0):
                what = f"total rank with worst rank {rank}"
                outcome = self._guessed(self.model, what, plan_within=PROBE_SHARE)
            if outcome.found:
                return rank, outcome.solution
            if self.search.over(outcome):
                return None
        return None

    def _confirmed(self, ranks: list[int], rank: int, solution: list[int]) -> tuple:
        """The least worst rank, asking the full model below ``rank`` (a rank with a plan)
        down to one it refutes; the rank is None if a question was left undecided."""
        for lower in reversed([r for r in ranks if r < rank]):
            with fixed(self.model, self._worse_than(lower), 0):
                question = f"is a worst rank of {lower} possible"
                outcome = self.search.run(self.model, question, PROBE_SHARE, first_only=True)
            self._add(outcome.mark("probe"))
            if outcome.found:
                rank, solution = lower, outcome.solution
            elif outcome.interrupted or self.search.time_left() <= 0:
                return None, None
            else:  # refuted, or undecided: then the plan is not proven best
                break
        return rank, solution

    def _least_total(self, model, what: str, plan_within: float = 1.0) -> Outcome:
        """The least total rank of ``model``: first with the due weeks guessed, then in full
        from that plan (when the guess has one). The outcome of the last search."""
        guessed = self._guessed(model, what)
        if guessed is not None and guessed.found:
            hint(model, guessed.solution)
        elif guessed is not None and guessed.interrupted:
            return guessed
        if guessed is not None and self.search.over(guessed):
            return guessed
        return self._add(self.search.run(model, what, plan_within=plan_within).mark("final"))

    def _add(self, outcome: Outcome) -> Outcome:
        self.outcomes.append(outcome)
        return outcome

    def _guessed(
        self, model, what: str, first_only: bool = False, plan_within: float = 1.0
    ) -> Outcome | None:
        """``model`` searched with the due weeks guessed; None when no task has a choice."""
        if not self.guess:
            return None
        with fixed(model, self.guess, 0):
            outcome = self.search.run(
                model, f"{what}, due weeks guessed", GUESS_SHARE, plan_within, first_only
            )
        return self._add(outcome.mark("guess"))

    def _ranks_to_ask(self) -> list[int]:
        """The ranks a plan's worst could be, from the least any plan can have."""
        fewest = self._fewest_worst()
        return sorted({cost for cost in self.costs.values() if cost >= fewest} or {0})

    def _fewest_worst(self) -> int:
        """No plan's worst rank is better: each student's n-th best choice, where n is how
        many tasks they must take beyond those forced on them (common tasks, must pins)."""
        costs: dict[str, list[int]] = defaultdict(list)
        forced: Counter = Counter()
        for pair in self.variables.pairs:
            if pair in self.costs:
                costs[pair[0]].append(self.costs[pair])
            else:
                forced[pair[0]] += 1
        least = self.variables.scenario.settings.policy.tasks_per_student.min
        return max(
            (
                sorted(c)[least - forced[s] - 1]
                for s, c in costs.items()
                if least - forced[s] > 0 and len(c) >= least - forced[s]
            ),
            default=0,
        )

    def _worse_than(self, rank: int) -> list:
        """The choices ranked worse than ``rank``, to forbid."""
        return [self.variables.assign[pair] for pair, cost in self.costs.items() if cost > rank]
