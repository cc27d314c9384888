"""A mutation check of the model: each rule family's ``Constraints`` method, switched off,
lets the solver return a plan the checker rejects on one of that family's rule tests.

A method no test notices could be deleted without any test failing; this finds it.
"""

from __future__ import annotations

import pytest

from scheduler.check import check
from scheduler.model import solve
from scheduler.model.rules.constraints import Constraints
from tests.model.rules.test_rules import CASES, SHARED_WEEK

# Each family's method, and the rule tests that must notice it missing.
KILLED_BY = {
    "common_tasks_and_must_pins": [
        "common task against a criterion maximum",
        "must pin on a contested place",
    ],
    "due_weeks": [],  # the shared-week scenario below
    "own_due_weeks": ["own due week"],
    "groups": ["groups", "never in one group"],
    "task_sizes": ["capacity", "run or cancel"],
    "tasks_per_student": ["tasks per student, min", "tasks per student, max"],
    "deadlines_per_week": ["deadlines per week"],
    "criteria_coverage": ["criterion minimum", "criterion maximum"],
    "teacher_marking": ["marking time", "draft feedback time", "moderation time"],
    "units_of_work": ["unit minimum", "unit maximum"],
    "skills_practised": ["skill minimum", "skill maximum"],
    "drafted_tasks": ["tasks with a draft"],
    "away_weeks": ["away week", "away when a common task is due", "away for a draft"],
}


def test_every_family_is_listed():
    """A new rule family joins the mutation check (add it to KILLED_BY with its tests)."""
    families = [name for name in vars(Constraints) if not name.startswith("_")]
    # add_all and families run the families; window_loads serves a school's shared teachers
    helpers = {"add_all", "families", "window_loads"}
    assert set(families) - helpers == set(KILLED_BY)


@pytest.mark.parametrize("family", list(KILLED_BY))
def test_switching_a_family_off_is_noticed(family, monkeypatch):
    """With the family's method doing nothing, some plan the solver returns breaks a rule."""
    scenarios = [CASES[name].values[1] for name in KILLED_BY[family]]
    if family == "due_weeks":
        scenarios = [SHARED_WEEK]
    assert scenarios and all(_valid(s) for s in scenarios)
    monkeypatch.setattr(Constraints, family, lambda self: None)
    assert not all(_valid(s) for s in scenarios), f"nothing notices {family} switched off"


def _valid(scenario) -> bool:
    """Whether the solver's plan for ``scenario`` passes the checker (a mutant model that
    cannot even turn its solution into a plan is noticed too)."""
    try:
        plan = solve(scenario, time_limit=10, num_workers=1)
    except StopIteration:  # a student's task with no due week: the plan cannot be read
        return False
    return plan.found and check(scenario, list(plan.assignments)) == []
