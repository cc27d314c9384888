"""What the objective's stages ask of the students' ranks: of one scenario's model, or of a
school's subjects in one model."""

from __future__ import annotations

from collections import Counter, defaultdict

from scheduler.model.rules.objective import ranks_then_wishes
from scheduler.model.rules.variables import Variables
from scheduler.model.search.weeks import other_weeks, spread_due_weeks
from scheduler.plan import Pair


class Ranks:
    """The ranks of one scenario's choices: ``costs`` of the pairs its ``variables`` hold."""

    def __init__(self, variables: Variables, costs: dict[Pair, int], weeks: dict | None = None):
        """``weeks`` (task -> due week) overrides the spread guess, e.g. an earlier plan's."""
        self.variables, self.costs = variables, costs
        self.weeks = spread_due_weeks(variables) | (weeks or {})
        self.guess = other_weeks(variables, self.weeks)

    def parts(self) -> list[Ranks]:
        return [self]

    def guess_from(self, values) -> list:
        """Due weeks guessed again from ``values`` (a relaxation's solution, by variable
        index): each guessed task due in the week where most of it is, ties kept to the first
        guess. The literals to fix to 0, as ``guess``."""
        return [literal for part in self.parts() for literal in part._guess_from(values)]

    def _guess_from(self, values) -> list:
        due = self.variables.due
        weeks = {
            task: max(due[task], key=lambda w: (values[due[task][w].index], w == week))
            for task, week in self.weeks.items()
        }
        return other_weeks(self.variables, weeks)

    def objective(self):
        """The expression to minimise (ranks first, then wishes), and how much a rank counts."""
        return ranks_then_wishes([(p.variables, p.costs) for p in self.parts()])

    def costs_asked(self) -> set[int]:
        """Every cost a choice may have."""
        return {cost for part in self.parts() for cost in part.costs.values()}

    def fewest_worst(self) -> int:
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

    def worse_than(self, rank: int) -> list:
        """The choices ranked worse than ``rank``, to forbid."""
        return [self.variables.assign[pair] for pair, cost in self.costs.items() if cost > rank]

    def worst_of(self, solution: list[int]) -> int:
        """The worst rank of a chosen task in a solution."""
        assign = self.variables.assign
        return max(
            (cost for pair, cost in self.costs.items() if solution[assign[pair].index]),
            default=0,
        )


class AllRanks(Ranks):
    """The ranks of several scenarios' choices in one model (a school's subjects): a worst
    rank is the worst in any of them, a total the sum over all."""

    def __init__(self, parts: list[Ranks]):
        self._parts = parts
        self.guess = [literal for part in parts for literal in part.guess]

    def parts(self) -> list[Ranks]:
        return self._parts

    def fewest_worst(self) -> int:
        return max((part.fewest_worst() for part in self._parts), default=0)

    def worse_than(self, rank: int) -> list:
        return [literal for part in self._parts for literal in part.worse_than(rank)]

    def worst_of(self, solution: list[int]) -> int:
        return max((part.worst_of(solution) for part in self._parts), default=0)
