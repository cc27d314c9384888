"""The pre-check's bounds on the base scenario, and each of its warnings on a variation."""

from __future__ import annotations

import pytest

from scheduler.model import solve
from scheduler.scenario import Pin, load_scenario
from scheduler.scenario.precheck import precheck
from tests.conftest import DATA


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(DATA / "base")


def vary(scenario, tasks=None, teachers=None, policy=None, pins=(), **settings):
    """The scenario with some tasks, teachers or settings changed (by id / by key)."""
    new_tasks = tuple(t.model_copy(update=(tasks or {}).get(t.task_id, {})) for t in scenario.tasks)
    new_teachers = tuple(
        t.model_copy(update=(teachers or {}).get(t.teacher_id, {})) for t in scenario.teachers
    )
    s = scenario.settings
    if policy:
        settings["policy"] = s.policy.model_copy(update=policy)
    return scenario.model_copy(
        update={
            "tasks": new_tasks,
            "teachers": new_teachers,
            "pins": scenario.pins + tuple(Pin(student_id=a, task_id=b, rule=c) for a, b, c in pins),
            "settings": s.model_copy(update=settings),
        }
    )


def test_base_bounds_match_a_hand_count(scenario):
    result = precheck(scenario)
    coverage = {
        (c.period, c.criterion): (c.needed, c.holds, c.students_short) for c in result.coverage
    }
    # First period, A: T1 (common, 6 students) + T5 (6) ; Second, A: T2 (capacity 4) + T3 (6)
    assert coverage[("First", "A")] == (6, 12, 0)
    assert coverage[("Second", "A")] == (6, 10, 0)
    assert coverage[("First", "B")] == (0, 9, 0)
    marking = {m.teacher_id: (m.certain, m.needed, m.available) for m in result.marking}
    # K1: 3 students x 10 minutes of the common quiz + S1's pinned essay (15); 9 weeks x 200
    assert marking["K1"] == (45, 45, 1800)
    # K2 is away in week 6: 8 weeks x 200
    assert marking["K2"] == (30, 30, 1600)
    # the department: 75 certain + five students' cheapest second task, the talk (5 minutes)
    assert (result.department_needed, result.department_available) == (100, 4300)
    assert result.warnings == []


def test_menu_too_small_for_a_criterion(scenario):
    result = precheck(vary(scenario, tasks={"T3": {"capacity": 1}}))
    assert (
        "Criterion A in Second: 6 assessments are needed but the tasks that can be due then hold at most 5."
        in result.warnings
    )


def test_students_with_no_open_task_for_a_criterion(scenario):
    result = precheck(
        vary(scenario, tasks={"T2": {"classes": ("7A",)}, "T3": {"classes": ("7A",)}})
    )
    short = {(c.period, c.criterion): c.students_short for c in result.coverage}
    assert short[("Second", "A")] == 3
    assert (
        "Criterion A in Second: 3 students have too few tasks open to them that assess it in "
        "that period (for example S4 of class 7B: check the tasks' classes and the never pins)."
        in result.warnings
    )


def test_certain_marking_that_cannot_fit_in_its_weeks(scenario):
    result = precheck(vary(scenario, tasks={"T1": {"marking_minutes": 150}}))
    assert (
        "Teacher K1 (Kim) must mark 450 minutes of common tasks and pinned work in weeks 3-4, but only 400 minutes fit there."
        in result.warnings
    )


def test_unavailable_weeks_leave_no_room_for_certain_marking(scenario):
    result = precheck(vary(scenario, teachers={"K2": {"unavailable_weeks": (3, 4)}}))
    assert any(
        w.startswith("Teacher K2 (Lee) must mark 30 minutes") and "only 0 minutes" in w
        for w in result.warnings
    )


def test_teacher_term_total_too_small(scenario):
    result = precheck(vary(scenario, teachers={"K1": {"weekly_marking_minutes": 4}}))
    assert (
        "Teacher K1 (Kim) needs at least 45 marking minutes this term, but only 36 fit."
        in result.warnings
    )


def test_department_total_too_small(scenario):
    everyone = {t: {"weekly_marking_minutes": 1} for t in ("K1", "K2", "LAB")}
    result = precheck(vary(scenario, teachers=everyone))
    assert (
        "The department needs at least 100 marking minutes this term, but its teachers have 26."
        in result.warnings
    )


def test_too_few_open_tasks(scenario):
    minimum = scenario.settings.policy.tasks_per_student.model_copy(update={"min": 5, "max": 5})
    result = precheck(vary(scenario, policy={"tasks_per_student": minimum}))
    # 7A may take T1, T2, T3, T5; S4 (7B) is pinned never to T4
    assert "4 students have fewer than 5 tasks open to them (for example S1)." in result.warnings


def test_too_few_due_weeks_for_the_deadline_limit(scenario):
    minimum = scenario.settings.policy.tasks_per_student.model_copy(update={"min": 4, "max": 5})
    same_week = {"T3": {"due_week": (2, 2)}, "T5": {"due_week": (2, 2)}}
    result = precheck(vary(scenario, tasks=same_week, policy={"tasks_per_student": minimum}))
    # 7A (and S4, pinned never to T4) can hand work in only in weeks 2, 5 and 6
    assert (
        "4 students cannot hand in 4 tasks with at most 1 deadline a week (for example S1)."
        in result.warnings
    )


def test_task_that_can_never_run(scenario):
    result = precheck(vary(scenario, tasks={"T4": {"min_students": 4, "capacity": None}}))
    assert (
        "Task T4 needs 4 students to run but only 3 may take it, so it will not run."
        in result.warnings
    )


def criteria(scenario, **limits):
    """The scenario's criteria with (min, max) per period changed by id."""
    return tuple(
        c.model_copy(
            update=dict(zip(("min_per_period", "max_per_period"), limits[c.id], strict=True))
        )
        if c.id in limits
        else c
        for c in scenario.settings.criteria
    )


def policy_tasks(scenario, least, most):
    return scenario.settings.policy.tasks_per_student.model_copy(update={"min": least, "max": most})


FORCED = {
    "a common task larger than its capacity": (
        lambda s: vary(s, tasks={"T1": {"capacity": 5}}),
        "Task T1 (Common quiz) is common to 6 students, but takes at most 5.",
    ),
    "a must pin on a task too few may take to run": (
        lambda s: vary(
            s, tasks={"T4": {"min_students": 4, "capacity": None}}, pins=[("S5", "T4", "must")]
        ),
        "Task T4 (Poster) is pinned as a must for 1 student, but runs only with at least 4 "
        "and only 3 may take it.",
    ),
    "more common tasks and pins than the policy's most": (
        lambda s: vary(
            s,
            tasks={"T3": {"common": True}, "T5": {"common": True}},
            policy={"tasks_per_student": policy_tasks(s, 2, 2)},
        ),
        "6 students (for example S1 of class 7A) must do 3 tasks (common tasks and must pins: "
        "T1, T3, T5), more than the policy's most of 2.",
    ),
    "common tasks due in the same week": (
        lambda s: vary(s, tasks={"T5": {"common": True, "due_week": (2, 2)}}),
        "6 students (for example S1 of class 7A) must hand in T1, T5 in week 2, more than the "
        "1 deadline a week allowed.",
    ),
    "common tasks assessing a criterion too often": (
        lambda s: vary(
            s,
            tasks={"T4": {"common": True}, "T5": {"common": True}},
            criteria=criteria(s, B=(0, 1)),
        ),
        "2 students (for example S5 of class 7B) must do T4, T5, all assessing criterion B in First, more than its most of 1.",
    ),
    "criteria minimums needing more tasks than the policy allows": (
        lambda s: vary(
            s,
            criteria=criteria(s, B=(2, None)),
            policy={"tasks_per_student": policy_tasks(s, 2, 3)},
        ),
        "Every student needs at least 4 tasks to meet the criteria minimums in every period "
        "(2 in First, 2 in Second), but the policy allows at most 3.",
    ),
    "criteria minimums needing more deadlines than a period's weeks hold": (
        lambda s: vary(
            s,
            criteria=criteria(s, A=(4, None)),
            policy={"tasks_per_student": policy_tasks(s, 2, 8)},
        ),
        "Every student needs at least 4 tasks due in First to meet the criteria minimums there, "
        "but its 3 weeks open for deadlines can hold at most 1 deadline each.",
    ),
}


@pytest.mark.parametrize("name", list(FORCED))
def test_each_precheck_warning_is_said_and_true(scenario, name):
    """The warning names the tasks, students and limits; and the solver agrees: no plan."""
    change, warning = FORCED[name]
    changed = change(scenario)
    assert any(warning in w for w in precheck(changed).warnings), precheck(changed).warnings
    assert solve(changed, time_limit=10, num_workers=1).status == "infeasible"
