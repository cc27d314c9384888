"""solve --keep on the year group: the fewest changes to a plan, proven, then the best plan."""

from __future__ import annotations

import pytest

from scheduler.check import check
from scheduler.model import solve
from scheduler.plan import Status
from scheduler.report.compare import changed_students, changes_text
from scheduler.scenario import load_scenario
from scheduler.scenario.variants.edit import apply_variant
from scheduler.scenario.variants.variant import option_variant
from tests.conftest import DATA


@pytest.fixture(scope="module")
def year():
    return load_scenario(DATA / "year-group-v1")


@pytest.fixture(scope="module")
def baseline(year):
    plan = solve(year, 60, 2)
    assert plan.status == Status.OPTIMAL
    return plan


def kept(scenario, baseline, **options):
    plan = solve(scenario, 60, 2, start=baseline.assignments, keep=True, **options)
    assert not check(scenario, list(plan.assignments)) if plan.found else True
    return plan


def changes(scenario, before, after) -> int:
    """As the model counts: kept students' assignments not kept with the same due week, plus
    their new tasks."""
    here = set(scenario.student_by_id)
    old = {
        (a.student_id, a.task_id, a.due_week) for a in before.assignments if a.student_id in here
    }
    new = {(a.student_id, a.task_id, a.due_week) for a in after.assignments}
    old_pairs = {(s, t) for s, t, _ in old}
    students = {s for s, _, _ in old}
    added = {(s, t) for s, t, _ in new if s in students and (s, t) not in old_pairs}
    return len(old - new) + len(added)


def test_keeping_a_plan_that_is_still_valid_changes_nothing(year, baseline):
    plan = kept(year, baseline)
    assert plan.status == Status.OPTIMAL
    assert set(plan.assignments) == set(baseline.assignments)


def test_after_a_student_leaves_no_other_student_changes(year, baseline):
    smaller = apply_variant(year, option_variant(drop_students=("9A01",)))
    plan = kept(smaller, baseline)
    assert plan.status == Status.OPTIMAL
    assert changed_students(baseline, plan) == []
    assert set(plan.assignments) == {a for a in baseline.assignments if a.student_id != "9A01"}
    assert "0 students with changed tasks" in changes_text(smaller, baseline, plan)


def test_after_a_task_is_cancelled_only_the_fewest_students_move_and_all_are_listed(year, baseline):
    takers = {a.student_id for a in baseline.assignments if a.task_id == "S03"}
    cancelled = apply_variant(year, option_variant(drop=("S03",)))
    plan = kept(cancelled, baseline)
    assert plan.status == Status.OPTIMAL  # the fewest changes, then the best plan, both proven
    moved = set(changed_students(baseline, plan))
    assert takers <= moved
    assert len(moved - takers) <= 2  # students who must make room (here: one, for a full task)
    text = changes_text(cancelled, baseline, plan)
    assert all(student in text for student in moved)
    fewest = changes(cancelled, baseline, plan)
    free = solve(cancelled, 60, 2)
    assert changes(cancelled, baseline, free) > fewest  # not keeping to the plan moves more
    fewer = kept(cancelled, baseline, max_changes=fewest - 1)
    assert fewer.status == Status.INFEASIBLE  # fewer changes are impossible


def test_max_changes_bounds_the_changes_then_the_objective_is_best(year, baseline):
    cancelled = apply_variant(year, option_variant(drop=("S03",)))
    fewest = changes(cancelled, baseline, kept(cancelled, baseline))
    plan = kept(cancelled, baseline, max_changes=fewest + 40)
    assert plan.found and changes(cancelled, baseline, plan) <= fewest + 40


def test_a_student_who_joins_gets_tasks_and_nobody_else_changes(year):
    without = apply_variant(year, option_variant(drop_students=("9A01",)))
    before = solve(without, 60, 2)
    plan = kept(year, before)
    assert plan.found and changed_students(before, plan) == []
    assert {a.task_id for a in plan.assignments if a.student_id == "9A01"}
    text = changes_text(year, before, plan)
    assert text.startswith(
        "Changes to the kept plan: 0 students with changed tasks or due weeks, 181 unchanged; 1 new student:"
    )
    assert "9A01 Dara Tanaka (new): takes" in text
