"""The solver against the checker and against exhaustive search, on many tiny scenarios."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.check import check
from scheduler.model import solve
from scheduler.model.search import stages
from scheduler.plan.shortfall import penalty
from scheduler.scenario.precheck import precheck
from scheduler.scenario.synthetic import synthetic_scenario
from tests.brute import best, granted, least_shortfall
from tests.strategies import relax_weights, tiny_scenarios


@pytest.mark.parametrize("objective", ["fair", "total"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=tiny_scenarios())
def test_plans_are_valid_and_optimal(objective, scenario):
    """A returned plan keeps every rule and matches the exhaustive optimum; 'no plan' is true.

    Fair: the least worst rank, then the least total at it. Total: the least total. Then,
    for both, the most week wishes granted.
    """
    plan = solve(scenario, time_limit=20, num_workers=1, objective=objective)
    assert_the_best(scenario, plan, objective)


@pytest.mark.parametrize("objective", ["fair", "total"])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    students=st.integers(12, 40),
    tasks=st.integers(5, 9),
    slack=st.sampled_from([1.0, 1.3, 2.0]),
    curriculum=st.booleans(),
    own=st.sampled_from([0, 0, 1]),
    seed=st.integers(0, 10**6),
)
def test_the_relaxation_first_keeps_the_optimum(
    objective, students, tasks, slack, curriculum, own, seed
):
    """Every model counted large enough for its relaxation to be solved before its whole
    search (due weeks guessed again from it, the search narrowed by reduced costs; see
    RELAXATION_FIRST in scheduler.model.search.stages), on small synthetic scenarios with windows
    (the tiny ones above seldom have a plan with a window guessed): the same proven optimum
    as without, and a valid plan."""
    scenario = synthetic_scenario(
        students,
        2,
        tasks,
        weeks=8,
        ranked=tasks,
        seed=seed,
        windows=0.5,
        slack=slack,
        curriculum=curriculum,
        own=own,
    )
    plain = solve(scenario, time_limit=30, num_workers=2, objective=objective)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stages, "RELAXATION_FIRST_FROM", 0)
        first = solve(scenario, time_limit=30, num_workers=2, objective=objective)
    assert first.status == plain.status
    if objective == "fair":
        assert (first.worst_rank, first.total_rank) == (plain.worst_rank, plain.total_rank)
    else:
        assert first.total_rank == plain.total_rank
    if first.assignments:
        assert check(scenario, list(first.assignments)) == []


def assert_the_best(scenario, plan, objective: str) -> None:
    """The plan is valid and the exhaustive optimum of ``objective``, or truly none."""
    truth = best(scenario)
    if truth is None:
        assert plan.status == "infeasible"
        return
    assert plan.status == "optimal"
    assert check(scenario, list(plan.assignments)) == []
    (worst, total_at_worst, wishes_at_both), (total, wishes_at_total) = truth
    wishes = granted(scenario, list(plan.assignments))
    if objective == "fair":
        assert (plan.worst_rank, plan.total_rank, wishes) == (
            worst,
            total_at_worst,
            wishes_at_both,
        )
    else:
        assert (plan.total_rank, wishes) == (total, wishes_at_total)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=tiny_scenarios(), weights=relax_weights())
def test_relaxed_plans_have_the_least_shortfall_the_checker_measures(scenario, weights):
    """--relax: the model's shortfalls are exactly what the checker finds, and least.

    Exhaustive search over every plan that keeps the unbendable rules gives the least
    weighted shortfall by the checker's measure; the solver must reach it, and its own
    shortfall count in each rule family must equal the checker's.
    """
    plan = solve(scenario, time_limit=20, num_workers=1, relax=weights)
    least = least_shortfall(scenario, weights)
    if least is None:
        assert plan.status == "infeasible"
        return
    assert plan.status == "optimal"
    broken = check(scenario, list(plan.assignments))
    assert all(v.bent for v in broken), broken
    found = {name: sum(v.amount for v in broken if v.bent == name) for name in weights}
    assert found == plan.shortfall
    assert penalty(found, weights) == least


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=tiny_scenarios())
def test_precheck_reasons_are_true(scenario):
    """Every reason the pre-check gives for 'no plan' is right: exhaustive search finds none."""
    reasons = precheck(scenario).reasons
    if reasons:
        assert best(scenario) is None, reasons
