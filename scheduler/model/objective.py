"""What a good plan is for students: the ranks of the tasks they get.

Only tasks a student chooses count: common tasks and must pins are the same in every plan.
A chosen task costs its rank (1 for a first choice); a task the student did not rank costs
one more than the worst rank that student gave, so it is wanted less than every ranked one
(a student who ranked nothing is indifferent: every task costs 1).
"""

from __future__ import annotations

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import LinearExpr

from scheduler.model.variables import Pair, Variables
from scheduler.scenario import Scenario


def forced_pairs(scenario: Scenario, pairs: list[Pair]) -> set[Pair]:
    """Pairs every plan has: common tasks open to the student, and must pins."""
    must = {(p.student_id, p.task_id) for p in scenario.pins if p.rule == "must"}
    common = {t.task_id for t in scenario.tasks if t.common}
    return {pair for pair in pairs if pair in must or pair[1] in common}


def rank_costs(scenario: Scenario, pairs: list[Pair]) -> dict[Pair, int]:
    """The cost of each pair a plan may choose (forced pairs cost nothing and are left out)."""
    forced = forced_pairs(scenario, pairs)
    unranked = {s: max(r.values(), default=0) + 1 for s, r in scenario.preferences.items()}
    return {
        (s, t): scenario.preferences.get(s, {}).get(t, unranked.get(s, 1))
        for s, t in pairs
        if (s, t) not in forced
    }


def worst_rank(
    model: cp_model.CpModel, variables: Variables, costs: dict[Pair, int]
) -> cp_model.IntVar:
    """A variable at least the cost of every chosen task: the worst-off student's worst rank."""
    worst = model.new_int_var(0, max(costs.values(), default=0), "worst_rank")
    for pair, cost in costs.items():
        model.add(worst >= cost).only_enforce_if(variables.assign[pair])
    return worst


def total_rank(variables: Variables, costs: dict[Pair, int]) -> LinearExpr:
    """The sum over all students of the costs of their chosen tasks."""
    pairs = list(costs)
    return LinearExpr.weighted_sum([variables.assign[p] for p in pairs], [costs[p] for p in pairs])
