"""The linear relaxation's bound: never above a plan, tight where the relaxation is, honest
whatever duals it is given."""

from __future__ import annotations

import time

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from scheduler.model import solve
from scheduler.model.rules.constraints import Constraints
from scheduler.model.rules.objective import total_rank
from scheduler.model.rules.variables import Variables
from scheduler.model.search.copies import fixed, narrowed
from scheduler.model.search.relaxation import LpBound, bounds, relaxation, rounds, solved
from scheduler.model.search.solver import BOUND_SOURCES, Outcome
from scheduler.plan import rank_costs
from scheduler.scenario import load_scenario
from tests.brute import best
from tests.conftest import ROOT
from tests.strategies import tiny_scenarios


def total_rank_model(scenario) -> cp_model.CpModel:
    """The scenario's model, as `solve` builds it, minimising the total rank."""
    model = cp_model.CpModel()
    variables = Variables(model, scenario)
    Constraints(model, scenario, variables).add_all()
    model.minimize(total_rank(variables, rank_costs(scenario, variables.pairs)))
    return model


def lp(model: cp_model.CpModel) -> float | None:
    return max(bounds(relaxation(model), 30), default=None)


def test_rounds_the_bound_up_when_every_plan_scores_a_whole_number():
    model = cp_model.CpModel()
    x, y = model.new_bool_var("x"), model.new_bool_var("y")
    model.add(2 * x + 2 * y >= 3)  # x + y >= 1.5: the relaxation's least is 1.5
    model.minimize(x + y)
    assert lp(model) == 2


def test_adds_the_implications_its_solution_breaks():
    """Without x -> y the relaxation's least is -1 (x alone); with it, 0.5 (half of each),
    which a whole-number objective rounds up to 1."""
    model = cp_model.CpModel()
    x, y = model.new_bool_var("x"), model.new_bool_var("y")
    model.add_implication(x, y)
    model.add(x + y >= 1)
    model.minimize(2 * y - x)
    problem = relaxation(model)
    assert problem.lazy.sum() == 1  # the implication waits until it is broken
    assert list(bounds(problem, 30)) == [-1, 1]


def test_a_negated_literal_counts_as_one_less_the_variable():
    model = cp_model.CpModel()
    x, y = model.new_bool_var("x"), model.new_bool_var("y")
    model.add_bool_or([x.Not(), y.Not()])  # not both
    model.add_exactly_one([x, y])
    model.minimize(-x - y)
    assert lp(model) == -1


def test_leaves_out_what_it_cannot_read_and_stays_a_bound():
    """An enforced linear constraint is left out: the bound is weaker, still a bound."""
    model = cp_model.CpModel()
    x, y, z = (model.new_bool_var(n) for n in "xyz")
    model.add(x + y >= 2).only_enforce_if(z)
    model.add_bool_or([z])
    model.minimize(x + y)
    assert lp(model) == 0  # the truth is 2


def test_domains_fixed_in_place_are_read_as_they_stand():
    model = cp_model.CpModel()
    x, y = model.new_bool_var("x"), model.new_bool_var("y")
    model.add(x + y >= 1)
    model.minimize(3 * x + y)
    assert lp(model) == 1
    with fixed(model, [y], 0):
        assert lp(model) == 3
    assert lp(model) == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=tiny_scenarios(), seed=st.integers(0, 2**32 - 1))
def test_never_above_the_least_total_and_honest_for_any_duals(scenario, seed):
    """On tiny scenarios, against exhaustive search: the relaxation's bound never exceeds the
    least total rank of any plan, nor does the weak-duality bound of random duals."""
    truth = best(scenario)
    model = total_rank_model(scenario)
    problem = relaxation(model)
    found = list(bounds(problem, 30))
    random_duals = np.random.default_rng(seed).normal(0, 3, problem.shape[0])
    if truth is None:
        return  # no plan: any bound holds
    least = truth[1][0]
    assert found and max(found) <= least
    assert problem.lagrangian(random_duals).bound <= least


def test_reduced_costs_narrow_what_a_plan_as_good_cannot_use():
    """min 3x + y with x + y >= 1: the relaxation's least is 1 (y), x's reduced cost 2. A plan
    scoring at most 1 cannot have x; one scoring at most 3 may."""
    model = cp_model.CpModel()
    x, y = model.new_bool_var("x"), model.new_bool_var("y")
    model.add(x + y >= 1)
    model.minimize(3 * x + y)
    lp = solved(model, 30)
    assert lp.best.bound == 1
    tight = lp.ranges(1)
    assert (list(tight.which), list(tight.least), list(tight.most)) == ([x.index], [0], [0])
    assert len(lp.ranges(3)) == 0


def least_of(model: cp_model.CpModel) -> float | None:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    assert status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
    return solver.objective_value if status == cp_model.OPTIMAL else None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=tiny_scenarios(), seed=st.integers(0, 2**32 - 1))
def test_narrowing_by_reduced_costs_keeps_every_plan_as_good(scenario, seed):
    """On tiny scenarios: the model kept to the ranges that HiGHS's duals, or random duals,
    allow a plan as good as the best still has the best plan (so a search's bound there is
    a bound of the whole)."""
    model = total_rank_model(scenario)
    least = least_of(model)
    if least is None:
        return
    problem = relaxation(model)
    found = [r.lagrangian for r in rounds(problem, 30)]
    random_duals = np.random.default_rng(seed).normal(0, 3, problem.shape[0])
    for lagrangian in [*found, problem.lagrangian(random_duals)]:
        with narrowed(model, lagrangian.ranges(problem.low, problem.high, least)):
            assert least_of(model) == least


def test_narrowed_puts_every_domain_back_and_leaves_holes_alone():
    model = cp_model.CpModel()
    x = model.new_int_var(0, 9, "x")
    holes = model.new_int_var_from_domain(cp_model.Domain.from_values([0, 5, 9]), "holes")
    ranges = type("Ranges", (), {})()
    ranges.which, ranges.least, ranges.most = [x.index, holes.index], [2, 5], [4, 5]
    with narrowed(model, ranges):
        assert list(model.proto.variables[x.index].domain) == [2, 4]
        assert list(model.proto.variables[holes.index].domain) == [0, 0, 5, 5, 9, 9]
    assert list(model.proto.variables[x.index].domain) == [0, 9]


def test_a_search_keeps_the_better_bound_and_says_whose():
    assert Outcome(cp_model.FEASIBLE, 10, 7, lp_bound=9).best_bound() == (
        9,
        BOUND_SOURCES["relaxation"],
    )
    assert Outcome(cp_model.FEASIBLE, 10, 9, lp_bound=8).best_bound() == (
        9,
        BOUND_SOURCES["search"],
    )
    assert Outcome(cp_model.FEASIBLE, 10, 9).best_bound() == (9, BOUND_SOURCES["search"])


def test_stopping_ends_highs_at_once():
    """The bound sought beside a search stops when the search does (here at once)."""
    model = total_rank_model(load_scenario(ROOT / "scenarios" / "year-group"))
    started = time.perf_counter()
    lp_bound = LpBound(model, 60)
    lp_bound.finish()
    assert time.perf_counter() - started < 5
    assert not lp_bound._thread.is_alive()


def test_a_plan_reports_its_bound_and_where_it_came_from():
    plan = solve(load_scenario(ROOT / "scenarios" / "year-group"), time_limit=60, num_workers=2)
    assert plan.status == "optimal"
    assert plan.best_bound == plan.total_rank
    assert plan.bound_source in BOUND_SOURCES.values()


def test_a_search_shorter_than_the_delay_never_starts_highs():
    model = total_rank_model(load_scenario(ROOT / "scenarios" / "year-group"))
    started = time.perf_counter()
    assert LpBound(model, 60, delay=30).finish() is None
    assert time.perf_counter() - started < 1
