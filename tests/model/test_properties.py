"""The solver against the checker and against exhaustive search, on many tiny scenarios."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from scheduler.check import check
from scheduler.model import solve
from tests.brute import best
from tests.strategies import tiny_scenarios

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(tiny_scenarios())
def test_fair_plans_are_valid_and_optimal(scenario):
    plan = solve(scenario, time_limit=20, num_workers=1)
    truth = best(scenario)
    if truth is None:
        assert plan.status == "infeasible"
        return
    assert plan.status == "optimal"
    assert check(scenario, list(plan.assignments)) == []
    (worst, total_at_worst), _ = truth
    assert (plan.worst_rank, plan.total_rank) == (worst, total_at_worst)


@SETTINGS
@given(tiny_scenarios())
def test_total_plans_are_valid_and_optimal(scenario):
    plan = solve(scenario, time_limit=20, num_workers=1, objective="total")
    truth = best(scenario)
    if truth is None:
        assert plan.status == "infeasible"
        return
    assert plan.status == "optimal"
    assert check(scenario, list(plan.assignments)) == []
    assert plan.total_rank == truth[1]
