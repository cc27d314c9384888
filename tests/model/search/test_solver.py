"""One search: a large model's search for any plan goes without its objective, and puts it
back."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.model import solve
from scheduler.model.rules.constraints import Constraints
from scheduler.model.rules.objective import total_rank
from scheduler.model.rules.variables import Variables
from scheduler.model.search import solver
from scheduler.model.search.solver import Search
from scheduler.plan import rank_costs
from scheduler.scenario import load_scenario
from tests.conftest import ROOT


def test_a_first_plan_of_a_large_model_is_sought_without_the_objective(monkeypatch):
    """The objective is left out of the search (FIRST_PLAN), then put back whole; the plan's
    value is still its objective's, and the bound is the objective's least possible."""
    monkeypatch.setattr(solver, "FIRST_PLAN_FROM", 0)  # every model counts as large
    scenario = load_scenario(ROOT / "scenarios" / "single-class")
    model = cp_model.CpModel()
    variables = Variables(model, scenario)
    Constraints(model, scenario, variables).add_all()
    costs = rank_costs(scenario, variables.pairs)
    model.minimize(total_rank(variables, costs))
    before = (list(model.proto.objective.vars), list(model.proto.objective.coeffs))
    seen = []
    monkeypatch.setattr(cp_model.CpSolver, "solve", _spy(cp_model.CpSolver.solve, seen))
    outcome = Search(30, 1, 0, False).run(model, "a first plan", first_only=True)
    assert seen == [False]  # the search ran without an objective
    assert (list(model.proto.objective.vars), list(model.proto.objective.coeffs)) == before
    chosen = [p for p, x in variables.assign.items() if outcome.solution[x.index]]
    assert outcome.value == sum(costs.get(p, 0) for p in chosen)
    assert outcome.bound == 0


def _spy(solve, seen):
    def spied(solver, model, *args, **kwargs):
        seen.append(model.has_objective())
        return solve(solver, model, *args, **kwargs)

    return spied


def test_the_least_total_of_a_large_model_first_finds_any_plan(monkeypatch, capsys):
    """Total objective, a large model: a first plan sought for itself, then the least total,
    which is still proven and the same as without it."""
    scenario = load_scenario(ROOT / "scenarios" / "single-class")
    alone = solve(scenario, time_limit=60, num_workers=2, objective="total")
    monkeypatch.setattr(solver, "FIRST_PLAN_FROM", 0)
    plan = solve(scenario, time_limit=60, num_workers=2, objective="total", display=True)
    assert "a first plan" in capsys.readouterr().err
    assert plan.status == alone.status == "optimal"
    assert plan.total_rank == alone.total_rank
