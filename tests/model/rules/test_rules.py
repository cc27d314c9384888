"""One test per rule family: the rule alone decides the answer.

Each case gives a tiny scenario and the same scenario with one rule relaxed. The solver's
plan for the relaxed scenario breaks the rule (so the rule binds, and removing it changes
the plan), and the plan for the real scenario keeps every rule.
"""

from __future__ import annotations

import pytest

from scheduler.check import check
from scheduler.model import solve
from tests.factory import everyone, task, tiny

A_THEN_B = everyone({"T1": 1, "T2": 2})


def _teachers(k1: int, lab: int):
    """The tiny scenario's teachers: K1 (class 7A) and LAB, with these weekly minutes."""
    return tuple(
        t.model_copy(update={"weekly_marking_minutes": k1 if t.teacher_id == "K1" else lab})
        for t in tiny([task("T1")]).teachers
    )


UNITS = (("U1", 0, None), ("U2", 1, None))


def _own_week(**rules):
    """T2 (weeks 2-4) with own due weeks; S1 must do T1 (week 2), and one deadline a week."""
    return tiny(
        [task("T1", due="2"), task("T2", due="2-4", due_mode="own"), task("T3", due="4")],
        everyone({"T2": 1, "T3": 2}, students=2),
        students=2,
        pins=(("S1", "T1", "must"),),
        max_deadlines=1,
        tasks_per_student=(2, None),
        **rules,
    )


def case(rule, real, relaxed):
    return pytest.param(rule, real, relaxed)


CASES = {
    "common task": case(
        1,
        tiny([task("T1"), task("T2", common=True)], A_THEN_B),
        tiny([task("T1"), task("T2")], A_THEN_B),
    ),
    "common task against a criterion maximum": case(
        1,
        tiny(
            [task("T1", "A;B"), task("T2", "A", common=True), task("T3", "B", due="3")],
            everyone({"T1": 1, "T3": 5}),
            criteria=(("A", 0, 1), ("B", 1, None)),
        ),
        tiny(
            [task("T1", "A;B"), task("T2", "A"), task("T3", "B", due="3")],
            everyone({"T1": 1, "T3": 5}),
            criteria=(("A", 0, 1), ("B", 1, None)),
        ),
    ),
    "must pin on a contested place": case(
        1,
        tiny(
            [task("T1"), task("T2", capacity=1)],
            {"S1": {"T1": 1, "T2": 2}, "S2": {"T2": 1, "T1": 5}, "S3": {"T1": 1}},
            pins=(("S1", "T2", "must"),),
        ),
        tiny(
            [task("T1"), task("T2", capacity=1)],
            {"S1": {"T1": 1, "T2": 2}, "S2": {"T2": 1, "T1": 5}, "S3": {"T1": 1}},
        ),
    ),
    "must pin": case(
        1,
        tiny([task("T1"), task("T2")], A_THEN_B, pins=(("S1", "T2", "must"),)),
        tiny([task("T1"), task("T2")], A_THEN_B),
    ),
    "never pin": case(
        1,
        tiny([task("T1"), task("T2")], A_THEN_B, pins=(("S1", "T1", "never"),)),
        tiny([task("T1"), task("T2")], A_THEN_B),
    ),
    "class restriction": case(
        1,
        tiny([task("T1", classes=("7B",)), task("T2")], A_THEN_B, classes=("7A", "7B")),
        tiny([task("T1"), task("T2")], A_THEN_B, classes=("7A", "7B")),
    ),
    "due window": case(
        2,
        tiny(
            [task("T1", due="2"), task("T2", due="2"), task("T3", due="4")],
            everyone({"T1": 1, "T2": 2, "T3": 3}),
            tasks_per_student=(2, None),
            max_deadlines=1,
        ),
        tiny(
            [task("T1", due="2"), task("T2", due="2-3"), task("T3", due="4")],
            everyone({"T1": 1, "T2": 2, "T3": 3}),
            tasks_per_student=(2, None),
            max_deadlines=1,
        ),
    ),
    "no-deadline week": case(
        2,
        tiny(
            [task("T1", due="2"), task("T2", due="2-3"), task("T3", due="4")],
            everyone({"T1": 1, "T2": 2, "T3": 3}),
            tasks_per_student=(2, None),
            max_deadlines=1,
            no_deadline_weeks=(3,),
        ),
        tiny(
            [task("T1", due="2"), task("T2", due="2-3"), task("T3", due="4")],
            everyone({"T1": 1, "T2": 2, "T3": 3}),
            tasks_per_student=(2, None),
            max_deadlines=1,
        ),
    ),
    "own due week": case(11, _own_week(no_deadline_weeks=(3,)), _own_week()),
    "groups": case(
        12,
        tiny([task("T1", group_size="2"), task("T2", due="3")], A_THEN_B),
        tiny([task("T1"), task("T2", due="3")], A_THEN_B),
    ),
    "never in one group": case(
        12,
        tiny(
            [task("T1", group_size="2"), task("T2", due="3")],
            everyone({"T1": 1, "T2": 2}, students=2),
            students=2,
            partners=(("S1", "S2", "never"),),
        ),
        tiny(
            [task("T1", group_size="2"), task("T2", due="3")],
            everyone({"T1": 1, "T2": 2}, students=2),
            students=2,
        ),
    ),
    "capacity": case(
        3,
        tiny([task("T1", capacity=1), task("T2")], A_THEN_B),
        tiny([task("T1"), task("T2")], A_THEN_B),
    ),
    "run or cancel": case(
        3,
        tiny(
            [task("T1"), task("T2", min_students=3)],
            {"S1": {"T2": 1, "T1": 2}, "S2": A_THEN_B["S2"], "S3": A_THEN_B["S3"]},
        ),
        tiny(
            [task("T1"), task("T2")],
            {"S1": {"T2": 1, "T1": 2}, "S2": A_THEN_B["S2"], "S3": A_THEN_B["S3"]},
        ),
    ),
    "tasks per student, min": case(
        4,
        tiny([task("T1"), task("T2", due="3")], A_THEN_B, tasks_per_student=(2, None)),
        tiny([task("T1"), task("T2", due="3")], A_THEN_B),
    ),
    "tasks per student, max": case(
        4,
        tiny(
            [task("T1", "A"), task("T2", "B", due="3"), task("T3", "A;B", due="4")],
            everyone({"T1": 1, "T2": 2, "T3": 4}),
            criteria=(("A", 1, None), ("B", 1, None)),
            tasks_per_student=(1, 1),
        ),
        tiny(
            [task("T1", "A"), task("T2", "B", due="3"), task("T3", "A;B", due="4")],
            everyone({"T1": 1, "T2": 2, "T3": 4}),
            criteria=(("A", 1, None), ("B", 1, None)),
        ),
    ),
    "deadlines per week": case(
        4,
        tiny(
            [task("T1"), task("T2"), task("T3", due="3")],
            everyone({"T1": 1, "T2": 2, "T3": 3}),
            tasks_per_student=(2, None),
            max_deadlines=1,
        ),
        tiny(
            [task("T1"), task("T2"), task("T3", due="3")],
            everyone({"T1": 1, "T2": 2, "T3": 3}),
            tasks_per_student=(2, None),
        ),
    ),
    "criterion minimum": case(
        5,
        tiny(
            [task("T1", "A"), task("T2", "B", due="3")],
            A_THEN_B,
            criteria=(("A", 0, None), ("B", 1, None)),
        ),
        tiny([task("T1", "A"), task("T2", "B", due="3")], A_THEN_B),
    ),
    "criterion maximum": case(
        5,
        tiny(
            [task("T1", "A"), task("T2", "A", due="3"), task("T3", "B", due="4")],
            everyone({"T1": 1, "T2": 2, "T3": 3}),
            criteria=(("A", 0, 1), ("B", 0, None)),
            tasks_per_student=(2, None),
        ),
        tiny(
            [task("T1", "A"), task("T2", "A", due="3"), task("T3", "B", due="4")],
            everyone({"T1": 1, "T2": 2, "T3": 3}),
            tasks_per_student=(2, None),
        ),
    ),
    "criteria per period": case(
        5,
        tiny(
            [task("T1", "A", due="1"), task("T2", "A", due="3")],
            A_THEN_B,
            criteria=(("A", 1, None),),
            periods=(("P1", 1, 2), ("P2", 3, 4)),
        ),
        tiny(
            [task("T1", "A", due="1"), task("T2", "A", due="3")],
            A_THEN_B,
            criteria=(("A", 1, None),),
        ),
    ),
    "marking time": case(
        6,
        tiny([task("T1", minutes=20), task("T2", minutes=0)], A_THEN_B, weekly=30),
        tiny([task("T1", minutes=20), task("T2", minutes=0)], A_THEN_B, weekly=1000),
    ),
    "unavailable week": case(
        6,
        tiny(
            [task("T1", minutes=20), task("T2", minutes=0)],
            A_THEN_B,
            weekly=30,
            feedback=2,
            unavailable=(3,),
        ),
        tiny([task("T1", minutes=20), task("T2", minutes=0)], A_THEN_B, weekly=30, feedback=2),
    ),
    "unit minimum": case(
        7,
        tiny([task("T1", unit="U1"), task("T2", unit="U2")], A_THEN_B, units=UNITS),
        tiny([task("T1", unit="U1"), task("T2", unit="U2")], A_THEN_B),
    ),
    "unit maximum": case(
        7,
        tiny(
            [task("T1", unit="U1"), task("T2", unit="U1", due="3"), task("T3", due="4")],
            everyone({"T1": 1, "T2": 2, "T3": 3}),
            tasks_per_student=(2, 2),
            units=(("U1", 0, 1),),
        ),
        tiny(
            [task("T1", unit="U1"), task("T2", unit="U1", due="3"), task("T3", due="4")],
            everyone({"T1": 1, "T2": 2, "T3": 3}),
            tasks_per_student=(2, 2),
        ),
    ),
    "skill minimum": case(
        8,
        tiny([task("T1"), task("T2", skills="LAB")], A_THEN_B, skills=(("LAB", 1, None),)),
        tiny([task("T1"), task("T2", skills="LAB")], A_THEN_B),
    ),
    "skill maximum": case(
        8,
        tiny(
            [task("T1", skills="POSTER"), task("T2", skills="ORAL;POSTER", due="3"), task("T3")],
            everyone({"T1": 1, "T2": 2, "T3": 3}),
            tasks_per_student=(2, 2),
            skills=(("POSTER", 0, 1), ("ORAL", 0, None)),
        ),
        tiny(
            [task("T1", skills="POSTER"), task("T2", skills="ORAL;POSTER", due="3"), task("T3")],
            everyone({"T1": 1, "T2": 2, "T3": 3}),
            tasks_per_student=(2, 2),
        ),
    ),
    "away week": case(
        10,
        tiny([task("T1"), task("T2", due="3")], A_THEN_B, away={"S1": (2,)}),
        tiny([task("T1"), task("T2", due="3")], A_THEN_B),
    ),
    "away when a common task is due": case(
        10,
        tiny([task("T1", common=True), task("T2", due="3")], A_THEN_B, away={"S2": (2,)}),
        tiny([task("T1", common=True), task("T2", due="3")], A_THEN_B),
    ),
    "tasks with a draft": case(
        9,
        tiny([task("T1"), task("T2", due="3", draft_weeks=2)], A_THEN_B, min_drafted=1),
        tiny([task("T1"), task("T2", due="3", draft_weeks=2)], A_THEN_B),
    ),
    "draft before week 1": case(
        9,
        tiny([task("T1", due="1-2", draft_weeks=2), task("T2", due="3")], A_THEN_B),
        tiny([task("T1", due="1-2"), task("T2", due="3")], A_THEN_B),
    ),
    "away for a draft": case(
        10,
        tiny(
            [task("T1", due="4", draft_weeks=2), task("T2", due="3")], A_THEN_B, away={"S1": (2,)}
        ),
        tiny([task("T1", due="4", draft_weeks=2), task("T2", due="3")], A_THEN_B),
    ),
    "draft feedback time": case(
        6,
        tiny(
            [
                task("T1", due="4", minutes=0, draft_weeks=2, draft_minutes=20),
                task("T2", minutes=0),
            ],
            A_THEN_B,
            weekly=30,
        ),
        tiny(
            [task("T1", due="4", minutes=0, draft_weeks=2), task("T2", minutes=0)],
            A_THEN_B,
            weekly=30,
        ),
    ),
    "moderation time": case(
        6,
        tiny(
            [task("T1", minutes=20, moderator="LAB", moderation_sample=2), task("T2", minutes=0)],
            A_THEN_B,
            weekly=30,
        ).model_copy(update={"teachers": _teachers(k1=1000, lab=30)}),
        tiny(
            [task("T1", minutes=20), task("T2", minutes=0)],
            A_THEN_B,
        ),
    ),
}


@pytest.mark.parametrize(("rule", "real", "relaxed"), list(CASES.values()), ids=list(CASES))
def test_rule_decides_the_plan(rule, real, relaxed):
    loose = solve(relaxed, time_limit=10, num_workers=1)
    assert loose.found
    assert rule in {v.rule for v in check(real, list(loose.assignments))}, "the rule does not bind"
    plan = solve(real, time_limit=10, num_workers=1)
    assert plan.status == "optimal"
    assert check(real, list(plan.assignments)) == []
    assert plan.assignments != loose.assignments


def test_marking_may_be_split_across_the_feedback_weeks():
    """60 minutes due in week 2 fit in weeks 3 and 4 at 30 a week, but in neither alone."""
    scenario = tiny(
        [task("T1", minutes=20), task("T2", minutes=0)], A_THEN_B, weekly=30, feedback=2
    )
    plan = solve(scenario, time_limit=10, num_workers=1)
    assert sorted(a.task_id for a in plan.assignments) == ["T1", "T1", "T1"]
    assert check(scenario, list(plan.assignments)) == []


# S1 is busy in week 2 and S2 in week 3; T2 (window 2-3) can suit only one of them.
SHARED_WEEK = tiny(
    [task("T1", due="2"), task("T2", due="2-3"), task("T3", due="3"), task("T4", due="4")],
    {"S1": {"T2": 1, "T4": 2}, "S2": {"T2": 1, "T4": 2}},
    students=2,
    pins=(("S1", "T1", "must"), ("S2", "T3", "must")),
    tasks_per_student=(2, 2),
    max_deadlines=1,
)


def test_students_doing_a_task_share_its_due_week():
    """S1 is busy in week 2 and S2 in week 3; T2 (window 2-3) can suit only one of them."""
    scenario = SHARED_WEEK
    plan = solve(scenario, time_limit=10, num_workers=1)
    assert check(scenario, list(plan.assignments)) == []
    assert sum(a.task_id == "T2" for a in plan.assignments) == 1
    assert plan.total_rank == 3


def test_students_with_own_due_weeks_hand_in_in_different_weeks():
    """SHARED_WEEK with T2's students handing in in weeks of their own: both take it."""
    tasks = [t.model_copy(update={"due_mode": "own"}) if t.task_id == "T2" else t for t in
             SHARED_WEEK.tasks]  # fmt: skip
    scenario = SHARED_WEEK.model_copy(update={"tasks": tuple(tasks)})
    plan = solve(scenario, time_limit=10, num_workers=1)
    assert plan.status == "optimal" and check(scenario, list(plan.assignments)) == []
    weeks = {a.student_id: a.due_week for a in plan.assignments if a.task_id == "T2"}
    assert weeks == {"S1": 3, "S2": 2} and plan.total_rank == 2


def test_week_wishes_are_granted_after_the_ranks():
    """T1 (own, weeks 2-4) for everyone; S1 wishes week 3, S2 weeks 3-4, S3 week 2; T1 fits
    any of them. The wishes never cost a rank: S2 prefers T2 (due 3) to T1, and with one
    deadline a week S2's wish for T1 in 3 or 4 is granted in 4."""
    tasks = [task("T1", due="2-4", due_mode="own"), task("T2", due="3")]
    prefs = {"S1": {"T1": 1}, "S2": {"T2": 1, "T1": 2}, "S3": {"T1": 1}}
    wishes = {("S1", "T1"): (3,), ("S2", "T1"): (3, 4), ("S3", "T1"): (2,)}
    scenario = tiny(tasks, prefs, tasks_per_student=(1, 2), max_deadlines=1, wishes=wishes)
    plan = solve(scenario, time_limit=10, num_workers=1)
    assert plan.status == "optimal" and check(scenario, list(plan.assignments)) == []
    rows = sorted((a.student_id, a.task_id, a.due_week) for a in plan.assignments)
    assert rows == [("S1", "T1", 3), ("S2", "T2", 3), ("S3", "T1", 2)]
    # with S2 made to do both, the wish is granted in week 4, not 3 (T2 is due then)
    both = tiny(tasks, prefs, tasks_per_student=(2, 2), max_deadlines=1, wishes=wishes)
    plan = solve(both, time_limit=10, num_workers=1)
    assert ("S2", "T1", 4) in {(a.student_id, a.task_id, a.due_week) for a in plan.assignments}


def test_a_group_hands_in_one_submission_so_marking_is_lighter():
    """Four students want T1 (30 minutes a submission), the teacher has 60 minutes: alone
    only two fit; in pairs (two submissions) all four do."""
    prefs = everyone({"T1": 1, "T2": 2}, students=4)
    alone = tiny([task("T1", minutes=30), task("T2", minutes=0)], prefs, students=4, weekly=60)
    pairs = tiny(
        [task("T1", minutes=30, group_size="2"), task("T2", minutes=0)],
        prefs,
        students=4,
        weekly=60,
    )
    assert solve(alone, time_limit=10, num_workers=1).total_rank == 6
    plan = solve(pairs, time_limit=10, num_workers=1)
    assert plan.status == "optimal" and plan.total_rank == 4
    assert check(pairs, list(plan.assignments)) == []
    assert len({a.group for a in plan.assignments}) == 2


def test_partner_wishes_are_granted_after_the_ranks():
    """T1 in pairs for four students; S1 wishes to work with S4 and S2 with S3."""
    scenario = tiny(
        [task("T1", group_size="2")],
        everyone({"T1": 1}, students=4),
        students=4,
        partners=(("S1", "S4", "with"), ("S2", "S3", "with")),
    )
    plan = solve(scenario, time_limit=10, num_workers=1)
    groups = {a.student_id: a.group for a in plan.assignments}
    assert groups["S1"] == groups["S4"] and groups["S2"] == groups["S3"]
    assert check(scenario, list(plan.assignments)) == []


def test_an_own_week_group_hands_in_together():
    """T1 (own weeks 2-3) in pairs; S1 and S2 are each busy in one of the weeks (pins), S3
    and S4 free: S1 and S2 cannot be a pair, and each pair shares its week."""
    scenario = tiny(
        [
            task("T1", due="2-3", due_mode="own", group_size="2"),
            task("T2", due="2"),
            task("T3", due="3"),
        ],
        everyone({"T1": 1}, students=4),
        students=4,
        pins=(("S1", "T2", "must"), ("S2", "T3", "must")),
        max_deadlines=1,
        tasks_per_student=(2, 2),
    )
    plan = solve(scenario, time_limit=10, num_workers=1)
    assert check(scenario, list(plan.assignments)) == []
    t1 = {a.student_id: (a.group, a.due_week) for a in plan.assignments if a.task_id == "T1"}
    assert len(t1) == 4 and t1["S1"][0] != t1["S2"][0]
    for group in {g for g, _ in t1.values()}:
        assert len({w for g, w in t1.values() if g == group}) == 1


def test_a_common_task_in_a_window_excuses_only_if_due_while_away():
    """T1 is common, due in week 2 or 3; S1 is away in week 2. Due in 2, S1 is excused and
    must do T2 instead (ranked last); due in 3, S1 does T1: the fair plan puts it in 3."""
    tasks = [task("T1", due="2-3", common=True), task("T2", due="4")]
    prefs = {"S1": {"T2": 5}, "S2": {"T2": 5}}
    scenario = tiny(tasks, prefs, students=2, away={"S1": (2,)})
    plan = solve(scenario, time_limit=10, num_workers=1)
    assert check(scenario, list(plan.assignments)) == []
    assert sorted((a.student_id, a.task_id, a.due_week) for a in plan.assignments) == [
        ("S1", "T1", 3),
        ("S2", "T1", 3),
    ]


def test_infeasible_scenario_is_reported():
    scenario = tiny([task("T1", capacity=1)], A_THEN_B)
    plan = solve(scenario, time_limit=10, num_workers=1)
    assert plan.status == "infeasible" and plan.assignments == ()


def test_unranked_tasks_are_wanted_least_and_ranks_decide():
    scenario = tiny(
        [task("T1"), task("T2"), task("T3")],
        {"S1": {"T3": 1}, "S2": {"T2": 1, "T3": 2}},
        students=3,
    )
    plan = solve(scenario, time_limit=10, num_workers=1, objective="total")
    got = {a.student_id: a.task_id for a in plan.assignments}
    assert got["S1"] == "T3" and got["S2"] == "T2"
    assert plan.total_rank == 3  # S1 and S2 rank 1; S3 ranked nothing, so any task costs 1


def test_fair_objective_helps_the_worst_off_before_the_total():
    """T1 has one place. Total alone gives it to... anyone; fair makes sure nobody gets rank 3."""
    prefs = {"S1": {"T1": 1, "T2": 2, "T3": 3}, "S2": {"T1": 1, "T3": 2, "T2": 3}}
    tasks = [task("T1", capacity=1), task("T2", capacity=1), task("T3", capacity=1)]
    scenario = tiny(tasks, prefs, students=2)
    fair = solve(scenario, time_limit=10, num_workers=1)
    assert fair.worst_rank == 2 and fair.status == "optimal"


def test_a_criterion_listed_twice_for_a_task_counts_once():
    """criteria "A;A" assesses A once: a student may do it where A may be assessed only once."""
    scenario = tiny([task("T1", criteria="A;A")], criteria=(("A", 1, 1), ("B", 0, None)))
    plan = solve(scenario, time_limit=10, num_workers=1)
    assert plan.found and len(plan.assignments) == 3
    assert check(scenario, list(plan.assignments)) == []
