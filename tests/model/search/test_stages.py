"""The search's stages: guessed due weeks, fixing literals in place, the fair scan."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

from scheduler.check import check
from scheduler.model import solve
from scheduler.model.rules.constraints import Constraints, TimeUp
from scheduler.model.rules.variables import Variables
from scheduler.model.search import stages
from scheduler.model.search.copies import fixed
from scheduler.model.search.ranks import Ranks
from scheduler.model.search.solver import BOUND_SOURCES, Outcome, Search
from scheduler.model.search.weeks import other_weeks, spread_due_weeks
from scheduler.model.solve import _no_plan
from scheduler.plan import Status, rank_costs
from scheduler.scenario import load_scenario
from tests.conftest import DATA
from tests.factory import everyone, task, tiny


def wrong_guess():
    """T2 (window 2-3) must be due in week 2 to cover A in the first period, but week 2
    already holds the common task T1, so spreading the deadlines guesses week 3."""
    return tiny(
        [
            task("T1", "B", "2", common=True),
            task("T2", "A", "2-3"),
            task("T3", "A", "4"),
        ],
        everyone({"T2": 1, "T3": 2}),
        criteria=(("A", 1, None), ("B", 0, None)),
        periods=(("P1", 1, 2), ("P2", 3, 4)),
    )


def test_spread_puts_a_window_where_fewest_deadlines_fall():
    variables = Variables(cp_model.CpModel(), wrong_guess())
    assert spread_due_weeks(variables) == {"T2": 3}
    assert other_weeks(variables, {"T2": 3}) == [variables.due["T2"][2]]


def test_two_windows_over_the_same_weeks_are_spread_apart():
    scenario = tiny([task("T1", "A", "2-3"), task("T2", "B", "2-3")])
    variables = Variables(cp_model.CpModel(), scenario)
    assert sorted(spread_due_weeks(variables).values()) == [2, 3]


@pytest.mark.parametrize("objective", ["fair", "total"])
def test_a_guess_with_no_plan_still_gives_the_best_plan(objective):
    scenario = wrong_guess()
    plan = solve(scenario, time_limit=20, num_workers=1, objective=objective)
    assert plan.status == Status.OPTIMAL
    assert {a.due_week for a in plan.assignments if a.task_id == "T2"} == {2}
    assert check(scenario, plan.assignments) == []


def test_fixed_holds_literals_only_inside_the_block():
    model = cp_model.CpModel()
    x, y = model.new_bool_var("x"), model.new_bool_var("y")
    model.add(x + y == 1)
    solver = cp_model.CpSolver()
    with fixed(model, [x, x], 0):
        assert solver.solve(model) == cp_model.OPTIMAL
        assert solver.value(y) == 1
    assert [list(v.domain) for v in model.proto.variables] == [[0, 1], [0, 1]]
    with pytest.raises(RuntimeError), fixed(model, [y], 0):
        raise RuntimeError
    assert list(model.proto.variables[1].domain) == [0, 1]


def test_only_a_search_of_the_whole_model_proves_that_no_plan_exists():
    search = Search(1.0, 1, 0, False)
    refuted_rank = Outcome(cp_model.INFEASIBLE).mark("probe")
    refuted_guess = Outcome(cp_model.INFEASIBLE).mark("guess")
    undecided = Outcome(cp_model.UNKNOWN).mark("final")
    assert _no_plan([refuted_guess, refuted_rank, undecided], "fair", search).status == (
        Status.UNKNOWN
    )
    for kind in ("first", "stage", "final"):
        refuted = Outcome(cp_model.INFEASIBLE).mark(kind)
        assert _no_plan([refuted_guess, refuted], "fair", search).status == Status.INFEASIBLE


def test_the_time_limit_stops_the_model_being_built(monkeypatch):
    scenario = load_scenario(DATA / "base")
    model = cp_model.CpModel()
    asked = []
    with pytest.raises(TimeUp):
        Constraints(model, scenario, Variables(model, scenario)).add_all(
            stop=lambda: asked.append(1) or len(asked) > 3
        )
    assert len(asked) == 4  # checked between rule families, stopped at the fourth
    monkeypatch.setattr(Search, "time_left", lambda self: 0.0)
    plan = solve(scenario, time_limit=30)
    assert plan.status == Status.UNKNOWN and not plan.assignments


def test_a_guessed_plan_that_meets_the_relaxations_bound_needs_no_whole_search(monkeypatch, capsys):
    """Every model counted large (RELAXATION_FIRST): the plan with the due weeks guessed
    scores the relaxation's bound, so it is proven best without searching the whole model."""
    monkeypatch.setattr(stages, "RELAXATION_FIRST_FROM", 0)
    scenario = tiny([task("T1", "A", "2-3"), task("T2", "B", "2-3")])
    plan = solve(scenario, time_limit=20, num_workers=1, objective="total", display=True)
    shown = capsys.readouterr().err
    assert "the linear relaxation: bound 3" in shown
    assert "total rank: plan" not in shown  # only the guessed search ran
    assert plan.status == Status.OPTIMAL
    assert plan.best_bound == plan.total_rank == 3
    assert plan.bound_source == BOUND_SOURCES["relaxation"]
    assert check(scenario, plan.assignments) == []


def test_due_weeks_guessed_again_where_the_relaxation_puts_them(monkeypatch, capsys):
    """The first guess puts T2 in week 3, where it cannot cover criterion A in time; the
    relaxation's solution has it in week 2, so the second guess is right."""
    monkeypatch.setattr(stages, "RELAXATION_FIRST_FROM", 0)
    scenario = wrong_guess()
    variables = Variables(cp_model.CpModel(), scenario)
    ranks = Ranks(variables, rank_costs(scenario, variables.pairs))
    values = [0.0] * (1 + max(v.index for w in variables.due.values() for v in w.values()))
    values[variables.due["T2"][2].index] = 1.0
    assert ranks.guess_from(values) == [variables.due["T2"][3]]
    assert ranks.guess == [variables.due["T2"][2]]


def test_the_least_worst_rank_found_in_full_is_searched_with_its_plans_due_weeks(capsys):
    """Every student is away in week 3, where the first guess puts T2 (week 2 holds the
    common T1), so with the guessed weeks no one can have their first choice. The whole model
    finds worst rank 1 (T2 in week 2); its total is then sought with that plan's due weeks."""
    scenario = tiny(
        [task("T1", "B", "2", common=True), task("T2", "A", "2-3"), task("T3", "A", "4")],
        everyone({"T2": 1, "T3": 2}),
        tasks_per_student=(2, None),
        away={f"S{i}": (3,) for i in (1, 2, 3)},
    )
    plan = solve(scenario, time_limit=20, num_workers=1, objective="fair", display=True)
    shown = capsys.readouterr().err
    assert "a first plan, due weeks guessed: plan 6" in shown  # T3 for all: worst 2
    assert "total rank with worst rank 1, due weeks of the plan so far: plan 3" in shown
    assert plan.status == Status.OPTIMAL
    assert (plan.worst_rank, plan.total_rank) == (1, 3)
    assert check(scenario, plan.assignments) == []


def test_a_last_search_that_finds_no_plan_in_time_keeps_the_plan_so_far_and_its_bound(
    monkeypatch,
):
    """The whole model's search runs out of time before any plan (as a large model's presolve
    may): the plan with the due weeks guessed is still the answer, with the bound found."""
    run = Search.run

    def cut_short(self, model, what, *args, seek_bound=False, **kwargs):
        if seek_bound:  # the whole model's last search
            return Outcome(cp_model.UNKNOWN, lp_bound=2.0)
        return run(self, model, what, *args, **kwargs)

    monkeypatch.setattr(Search, "run", cut_short)
    scenario = tiny([task("T1", "A", "2-3"), task("T2", "B", "2-3")])
    plan = solve(scenario, time_limit=20, num_workers=1, objective="total")
    assert plan.status == Status.FEASIBLE and plan.total_rank == 3
    assert (plan.best_bound, plan.bound_source) == (2.0, BOUND_SOURCES["relaxation"])
    assert check(scenario, plan.assignments) == []
