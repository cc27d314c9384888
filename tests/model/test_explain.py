"""Impossible scenarios: the clash names the right rule groups, and each one is needed.

"Needed" is shown without the explainer: loosening that one rule in the scenario itself
(more places, fewer required assessments, more marking time, ...) gives a plan.
"""

from __future__ import annotations

import shutil

import pytest

from scheduler.model import solve
from scheduler.model.explain import find_clash
from scheduler.plan import Status
from scheduler.report.clash import clash_text
from scheduler.scenario import load_scenario
from tests.conftest import DATA, ROOT, run
from tests.factory import task, tiny


def loosen_task(scenario, task_id, **change):
    tasks = tuple(
        t.model_copy(update=change) if t.task_id == task_id else t for t in scenario.tasks
    )
    return scenario.model_copy(update={"tasks": tasks})


def loosen_criterion(scenario, criterion_id, least):
    settings = scenario.settings
    criteria = tuple(
        c.model_copy(update={"min_per_period": least}) if c.id == criterion_id else c
        for c in settings.criteria
    )
    return scenario.model_copy(
        update={"settings": settings.model_copy(update={"criteria": criteria})}
    )


def loosen_teacher(scenario, teacher_id, minutes):
    teachers = tuple(
        t.model_copy(update={"weekly_marking_minutes": minutes})
        if t.teacher_id == teacher_id
        else t
        for t in scenario.teachers
    )
    return scenario.model_copy(update={"teachers": teachers})


def loosen_policy(scenario, **change):
    settings = scenario.settings
    policy = settings.policy.model_copy(update=change)
    return scenario.model_copy(update={"settings": settings.model_copy(update={"policy": policy})})


CASES = {
    "criterion in a period the menu cannot cover": (
        tiny(
            [task("T1", "A", "2"), task("T2", "B", "3")], criteria=(("A", 2, None), ("B", 0, None))
        ),
        {("coverage", "Term", "A"): lambda s: loosen_criterion(s, "A", 1)},
        ["criterion A", "at least 2", "Term period", "T1 (due week 2)", "3 students"],
    ),
    "capacity against coverage": (
        tiny(
            [task("T1", "A", "2", capacity=2), task("T2", "B", "3")],
            criteria=(("A", 1, None), ("B", 0, None)),
        ),
        {
            ("capacity", "T1"): lambda s: loosen_task(s, "T1", capacity=3),
            ("coverage", "Term", "A"): lambda s: loosen_criterion(s, "A", 0),
        },
        ["Task T1 (Task T1) takes at most 2 students", "criterion A"],
    ),
    "common task against its teacher's marking time": (
        tiny([task("T1", "A", "2", minutes=10, common=True), task("T2", minutes=0)], weekly=20),
        {
            ("common", "T1"): lambda s: loosen_task(s, "T1", common=False),
            ("marking", "K1"): lambda s: loosen_teacher(s, "K1", 30),
        },
        ["common task T1", "Teacher 1 (K1) can mark 20 minutes a week", "T1"],
    ),
    "more tasks than weeks with deadline room": (
        tiny(
            [task("T1", "A", "2"), task("T2", "A", "2"), task("T3", "A", "3")],
            tasks_per_student=(3, None),
            max_deadlines=1,
        ),
        {
            ("tasks_per_student", "7A"): lambda s: loosen_policy(
                s,
                tasks_per_student=s.settings.policy.tasks_per_student.model_copy(update={"min": 2}),
            ),
            ("deadlines", "7A"): lambda s: loosen_policy(s, max_deadlines_per_week=2),
        },
        ["at least 3", "class 7A", "at most 1 deadline a week"],
    ),
    "minimum size against capacity of a criterion's only task": (
        tiny(
            [task("T1", "A", "2", min_students=4), task("T2", "B", "3")],
            criteria=(("A", 1, None), ("B", 0, None)),
        ),
        {
            ("min_students", "T1"): lambda s: loosen_task(s, "T1", min_students=3),
            ("coverage", "Term", "A"): lambda s: loosen_criterion(s, "A", 0),
        },
        ["runs only with at least 4 students; 3 may take it", "criterion A"],
    ),
    "common task larger than its capacity": (
        tiny([task("T1", "A", "2", common=True, capacity=2), task("T2", "B", "3")]),
        {
            ("common", "T1"): lambda s: loosen_task(s, "T1", common=False),
            ("capacity", "T1"): lambda s: loosen_task(s, "T1", capacity=3),
        },
        ["common task T1 (Task T1), due in week 2", "Task T1 (Task T1) takes at most 2 students"],
    ),
    "class restriction and a never pin against a criterion": (
        tiny(
            [task("T1", "A", "2", classes=("7A",)), task("T2", "A", "3"), task("T3", "B", "3")],
            classes=("7A", "7B"),
            pins=(("S2", "T2", "never"),),
            criteria=(("A", 1, None), ("B", 0, None)),
        ),
        {("coverage", "Term", "A"): lambda s: loosen_criterion(s, "A", 0)},
        [
            "criterion A at least 1 time in the Term period",
            "Too few of these are open to Student 2 (S2, class 7B): closed to their class or "
            "pinned never.",
        ],
    ),
    "must pins against the most tasks a student may do": (
        tiny(
            [task("T1", "A", "1"), task("T2", "A", "2"), task("T3", "A", "3")],
            pins=(("S1", "T1", "must"), ("S1", "T2", "must"), ("S1", "T3", "must")),
            tasks_per_student=(1, 2),
        ),
        {
            ("pin", "S1", "T1"): lambda s: unpin(s, "S1", "T1"),
            ("pin", "S1", "T2"): lambda s: unpin(s, "S1", "T2"),
            ("pin", "S1", "T3"): lambda s: unpin(s, "S1", "T3"),
            ("tasks_per_student", "7A"): lambda s: loosen_policy(
                s,
                tasks_per_student=s.settings.policy.tasks_per_student.model_copy(update={"max": 3}),
            ),
        },
        [
            "Student 1 (S1, class 7A) is pinned to do T1 (Task T1), due in week 1",
            "Student 1 (S1, class 7A) is pinned to do T3 (Task T3), due in week 3",
            "Each of the 3 students of class 7A does at least 1 and at most 2 tasks",
        ],
    ),
}


def unpin(scenario, student_id, task_id):
    pins = tuple(p for p in scenario.pins if (p.student_id, p.task_id) != (student_id, task_id))
    return scenario.model_copy(update={"pins": pins})


@pytest.mark.parametrize("name", list(CASES))
def test_the_clash_names_exactly_the_groups_that_are_needed(name):
    scenario, loosen, words = CASES[name]
    assert solve(scenario, time_limit=10, num_workers=1).status == Status.INFEASIBLE
    clash = find_clash(scenario, time_limit=20)
    assert clash is not None and clash.minimal
    assert set(clash.groups) == set(loosen)
    for group, loosened in loosen.items():
        plan = solve(loosened(scenario), time_limit=10, num_workers=1)
        assert plan.status in (Status.OPTIMAL, Status.FEASIBLE), f"{group} was not needed"
    text = clash_text(scenario, clash)
    for word in words:
        assert word in text


def test_a_scenario_with_a_plan_has_no_clash():
    assert find_clash(tiny([task("T1")]), time_limit=10) is None


def test_solve_exit_3_says_which_rules_clash(tmp_path):
    folder = tmp_path / "base"
    shutil.copytree(ROOT / "tests" / "data" / "base", folder)
    teachers = folder / "teachers.csv"
    teachers.write_text(
        teachers.read_text(encoding="utf-8").replace("LAB,Lab tech,,100,", "LAB,Lab tech,,10,"),
        encoding="utf-8",
    )
    tasks = folder / "tasks.csv"
    text = tasks.read_text(encoding="utf-8").replace("T3,Essay,A,7,", "T3,Essay,B,7,")
    tasks.write_text(text.replace("T2,Lab,A;B,5-6,20,4,2", "T2,Lab,A;B,5-6,20,6,2"), "utf-8")
    result = run("solve", folder, "--out", tmp_path / "plan", "--quiet")
    assert result.exit_code == 3, result.output
    assert "No plan can keep all of these rules at once" in result.output
    assert "Lab tech (LAB) can mark 10 minutes a week" in result.output
    assert "criterion A (Knowing) at least 1 time in the Second period" in result.output
    assert not (tmp_path / "plan").exists()


def test_a_reason_seen_before_solving_skips_the_search(base, tmp_path):
    """The Essay holds one student, so criterion A in Second (6 needed) can reach only 5."""
    tasks = base / "tasks.csv"
    text = tasks.read_text(encoding="utf-8")
    tasks.write_text(text.replace("T3,Essay,A,7,15,,", "T3,Essay,A,7,15,1,"), encoding="utf-8")
    result = run("solve", base, "--out", tmp_path / "plan", "--quiet")
    assert result.exit_code == 3, result.output
    assert result.output.startswith("Test base: no plan exists (seen before solving).")
    assert (
        "Criterion A in Second: 6 assessments are needed but the tasks that can be due then "
        "hold at most 5." in result.output
    )
    assert "No plan can keep all of these rules at once" not in result.output  # no search
    assert "--relax" in result.output


def test_a_clash_that_assumptions_are_slow_to_prove(tmp_path):
    """Under assumptions CP-SAT needed over 20 s to prove this infeasible; presolved, 0.01 s.

    30 students, a common task due in week 2 that fills their teacher's marking of weeks
    3-4, and criterion D in the first period only from two 16-place tasks due in week 3.
    """
    scenario = load_scenario(DATA / "slow-core")
    clash = find_clash(scenario, time_limit=20)
    assert clash is not None and clash.minimal
    assert set(clash.groups) == {
        ("common", "T001"),
        ("capacity", "T007"),
        ("coverage", "Period 1", "D"),
        ("marking", "K001"),
    }


def test_a_unit_a_class_cannot_treat_is_named_in_the_departments_words():
    """Unit U2's only tasks are closed to 7A: the clash is U2 for 7A, in words."""
    scenario = tiny(
        [
            task("T1", unit="U1"),
            task("T2", unit="U2", classes=("7B",)),
            task("T3", unit="U2", classes=("7B",)),
        ],
        students=4,
        classes=("7A", "7B"),
        units=(("U1", 0, None), ("U2", 1, None)),
    )
    clash = find_clash(scenario, time_limit=10)
    assert clash is not None and clash.groups == (("units", "U2", "7A"),)
    assert (
        "Each of the 2 students of class 7A does at least 1 task of unit U2: only T2 and T3 are "
        "such tasks, and class 7A may take none of them."
    ) in clash_text(scenario, clash)


def test_a_skill_maximum_against_a_common_task_is_named():
    """Two common posters, at most one poster each: the clash names the skill and the tasks."""
    scenario = tiny(
        [
            task("T1", skills="POSTER", common=True),
            task("T2", skills="POSTER", common=True, due="3"),
        ],
        skills=(("POSTER", 0, 1),),
    )
    clash = find_clash(scenario, time_limit=10)
    assert clash is not None
    assert ("skills", "POSTER", "7A") in clash.groups
    text = clash_text(scenario, clash)
    assert "does at most 1 task practising POSTER: only T1 and T2 are such tasks." in text


def test_an_own_week_task_in_a_clash_is_named_as_such():
    """Common T1 in weeks 2-3, each student in a week of their own, but common T2 and T3 fill
    both weeks and a student hands in one task a week: the clash says T1's weeks are each
    student's own."""
    scenario = tiny(
        [
            task("T1", due="2-3", common=True, due_mode="own"),
            task("T2", due="2", common=True),
            task("T3", due="3", common=True),
        ],
        max_deadlines=1,
    )
    clash = find_clash(scenario, time_limit=10)
    assert clash is not None
    text = clash_text(scenario, clash)
    assert "common task T1 (Task T1), due in weeks 2-3, each student in a week of their own" in text


def test_groups_that_cannot_be_formed_are_named():
    """Three students of 7A must all do T1 in pairs: the clash names the common task and the
    groups, in words."""
    scenario = tiny([task("T1", group_size="2", common=True)], students=3)
    clash = find_clash(scenario, time_limit=10)
    assert clash is not None and set(clash.groups) == {("common", "T1"), ("groups", "T1", "7A")}
    assert (
        "Students of class 7A who do the group task T1 (Task T1) work in groups of 2, each "
        "group of one class (class 7A has 3 students)."
    ) in clash_text(scenario, clash)
