"""The solver against the checker and against exhaustive search, on many tiny scenarios."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from scheduler.check import check
from scheduler.model import solve
from scheduler.plan.shortfall import penalty
from scheduler.scenario.precheck import precheck
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
