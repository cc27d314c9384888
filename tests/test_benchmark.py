"""A smoke run of the benchmark (class tier, one 5-second mark): it runs, and every plan checks;
the build benchmark times every part of the model solve builds."""

from __future__ import annotations

import subprocess
import sys

import pytest
from ortools.sat.python import cp_model

from scheduler.model.rules.constraints import Constraints
from scheduler.model.rules.variables import Variables
from scheduler.model.school import SchoolModel
from scheduler.model.search.ranks import Ranks
from scheduler.plan import rank_costs
from tests.conftest import ROOT


def test_the_class_tier_benchmark_runs_and_every_plan_keeps_the_rules():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--tiers", "class", "--marks", "5"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [line.split("|") for line in result.stdout.splitlines() if line.startswith("| ours")]
    rows += [line.split("|") for line in result.stdout.splitlines() if line.startswith("| highs")]
    assert len(rows) == 4  # two solvers, two objectives
    for cells in rows:
        assert cells[-2].strip() == "0", cells  # rules broken
        assert cells[4].strip(), cells  # a proven optimum
    assert "| greedy |" in result.stdout
    assert "ours / HiGHS time to optimum" in result.stdout


@pytest.fixture(scope="module")
def build_speed():
    """benchmarks/build_speed.py, imported as the benchmark runs it (beside its neighbours)."""
    folder = str(ROOT / "benchmarks")
    sys.path.insert(0, folder)
    try:
        import build_speed
    finally:
        sys.path.remove(folder)
    return build_speed


def test_the_build_benchmark_times_the_model_solve_builds(build_speed):
    """Every rule family is timed, and the model timed is the one solve builds."""
    scenario = build_speed.TIERS["class"].scenario(0)
    laps, model, assignments = build_speed.build_scenario(scenario)
    usual = cp_model.CpModel()
    variables = Variables(usual, scenario)
    constraints = Constraints(usual, scenario, variables)
    constraints.add_all()
    usual.minimize(Ranks(variables, rank_costs(scenario, variables.pairs)).objective()[0])
    assert str(model.proto) == str(usual.proto)
    families = {f.__name__ for f in constraints.families()}
    assert set(laps.parts) == {"variables", "objective"} | families
    assert assignments == len(variables.pairs) and laps.total() > 0


def test_the_build_benchmark_times_a_schools_own_rules_and_tabulates(build_speed):
    school = build_speed.school_of(50, 0)
    laps, model, assignments = build_speed.build_school(school)
    usual = cp_model.CpModel()
    subjects = SchoolModel(usual, school)
    subjects.add_all()
    usual.minimize(subjects.ranks().objective()[0])
    assert str(model.proto) == str(usual.proto)
    assert {"deadlines_across_subjects", "shared_marking", "criteria_coverage"} <= set(laps.parts)
    assert assignments == 50 * 8 * 8  # every student may take every task of 8 subjects
    row = build_speed.measure(*build_speed.SCHOOL_BUILDS, lambda s: 0.5, school, "tiny", 1)
    table = build_speed.table([row, {**row, "label": "twice", "seconds": 2 * row["seconds"]}], "x")
    lines = table.splitlines()
    assert len(lines) == 4 and "| tiny | 3,200 |" in lines[2] and "| 2.00x |" in lines[3]
