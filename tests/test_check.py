"""The checker catches hand-broken plans: each edit breaks exactly one rule of FORMAT.md."""

from __future__ import annotations

import pytest

from scheduler.check import check
from scheduler.plan import Assignment
from scheduler.scenario import Partner, Skill, Unit, load_scenario
from tests.conftest import DATA, run

BASE = load_scenario(DATA / "base")

# A valid plan for tests/data/base, written by hand: everyone takes the common quiz T1
# (week 2); S1 (pinned), S2, S5 and S6 write the essay T3 (week 7); S3 and S4 do the lab T2
# (week 5, marked by LAB).
VALID = [
    ("S1", "T1", 2, "K1"),
    ("S1", "T3", 7, "K1"),
    ("S2", "T1", 2, "K1"),
    ("S2", "T3", 7, "K1"),
    ("S3", "T1", 2, "K1"),
    ("S3", "T2", 5, "LAB"),
    ("S4", "T1", 2, "K2"),
    ("S4", "T2", 5, "LAB"),
    ("S5", "T1", 2, "K2"),
    ("S5", "T3", 7, "K2"),
    ("S6", "T1", 2, "K2"),
    ("S6", "T3", 7, "K2"),
]


def plan(drop=(), add=(), due=None):
    """VALID less the (student, task) pairs in ``drop``, plus ``add``; ``due`` moves tasks."""
    rows = [Assignment(*r) for r in VALID if (r[0], r[1]) not in drop] + [
        Assignment(*r) for r in add
    ]
    due = due or {}
    return [
        a._replace(due_week=due.get((a.student_id, a.task_id), due.get(a.task_id, a.due_week)))
        for a in rows
    ]


def with_policy(**changes):
    policy = BASE.settings.policy
    bounds = policy.tasks_per_student.model_copy(update=changes.pop("tasks", {}))
    settings = BASE.settings.model_copy(
        update={"policy": policy.model_copy(update={"tasks_per_student": bounds})}
    )
    return BASE.model_copy(update={"settings": settings, **changes})


def b_at_most(most: int):
    criteria = tuple(
        c.model_copy(update={"max_per_period": most}) if c.id == "B" else c
        for c in BASE.settings.criteria
    )
    return BASE.model_copy(
        update={"settings": BASE.settings.model_copy(update={"criteria": criteria})}
    )


def k1_minutes(minutes: int):
    teachers = tuple(
        t.model_copy(update={"weekly_marking_minutes": minutes}) if t.teacher_id == "K1" else t
        for t in BASE.teachers
    )
    return BASE.model_copy(update={"teachers": teachers})


def curriculum(units=(), skills=(), a_least=1, **tasks):
    """BASE with units and skills declared and tasks' ``T2=("U1", "LAB")`` given; criterion A
    asked ``a_least`` times a period."""
    criteria = tuple(
        c.model_copy(update={"min_per_period": a_least}) if c.id == "A" else c
        for c in BASE.settings.criteria
    )
    settings = BASE.settings.model_copy(
        update={
            "units": tuple(Unit(id=u, min_tasks=lo, max_tasks=hi) for u, lo, hi in units),
            "skills": tuple(Skill(id=k, min_per_term=lo, max_per_term=hi) for k, lo, hi in skills),
            "criteria": criteria,
        }
    )
    changed = tuple(
        t.model_copy(update={"unit": tasks[t.task_id][0], "skills": tasks[t.task_id][1]})
        if t.task_id in tasks
        else t
        for t in BASE.tasks
    )
    return BASE.model_copy(update={"settings": settings, "tasks": changed})


def away(**weeks):
    """BASE with students away: ``away(S3=(5,))``."""
    students = tuple(
        s.model_copy(update={"away_weeks": weeks.get(s.student_id, ())}) for s in BASE.students
    )
    return BASE.model_copy(update={"students": students})


def drafted(least: int = 0, **tasks):
    """BASE with tasks given drafts: ``drafted(T3=(2, 10))`` (draft_weeks, draft_minutes)."""
    changed = tuple(
        t.model_copy(
            update={"draft_weeks": tasks[t.task_id][0], "draft_minutes": tasks[t.task_id][1]}
        )
        if t.task_id in tasks
        else t
        for t in BASE.tasks
    )
    policy = BASE.settings.policy.model_copy(update={"min_drafted_tasks": least})
    settings = BASE.settings.model_copy(update={"policy": policy})
    return BASE.model_copy(update={"tasks": changed, "settings": settings})


def own(*task_ids):
    """BASE with these tasks' students handing in in weeks of their own (due_mode own)."""
    tasks = tuple(
        t.model_copy(update={"due_mode": "own"}) if t.task_id in task_ids else t for t in BASE.tasks
    )
    return BASE.model_copy(update={"tasks": tasks})


def paired(*partners):
    """BASE with the essay T3 done in pairs (S1 with S2, S5 with S6 in ``grouped``), and
    partners.csv rows ``(student, partner, wish)``."""
    tasks = tuple(
        t.model_copy(update={"group_size": (2, 2)}) if t.task_id == "T3" else t for t in BASE.tasks
    )
    rows = tuple(Partner(student_id=a, partner_id=b, wish=w) for a, b, w in partners)
    return BASE.model_copy(update={"tasks": tasks, "partners": rows})


def grouped(groups=None, **changes):
    """plan() with T3's groups: ``{"S1": "a", ...}`` (S1 and S2 in a, S5 and S6 in b)."""
    groups = groups or {"S1": "a", "S2": "a", "S5": "b", "S6": "b"}
    return [
        a._replace(group=groups.get(a.student_id, "")) if a.task_id == "T3" else a
        for a in plan(**changes)
    ]


CASES = {
    "common task missing": (
        1,
        BASE,
        plan(drop=[("S2", "T1")], add=[("S2", "T5", 1, "K1")]),
        "does not do the common task T1",
    ),
    "must pin broken": (
        1,
        BASE,
        plan(drop=[("S1", "T3")], add=[("S1", "T2", 5, "LAB")]),
        "against a must pin",
    ),
    "never pin broken": (1, BASE, plan(add=[("S4", "T4", 3, "K2")]), "against a never pin"),
    "task closed to the class": (1, BASE, plan(add=[("S2", "T4", 3, "K1")]), "closed to class 7A"),
    "due outside the window": (2, BASE, plan(due={"T3": 8}), "outside its due weeks"),
    "different due weeks": (2, BASE, plan(due={("S4", "T2"): 6}), "different due weeks"),
    "own due week outside the window": (
        11,
        own("T2"),
        plan(due={("S4", "T2"): 7}),
        "S4 (Dee, 7B) hands in T2 (Lab) in week 7, outside its due weeks 5-6.",
    ),
    "own due week in a no-deadline week": (
        11,
        own("T5").model_copy(
            update={"settings": BASE.settings.model_copy(update={"no_deadline_weeks": (3, 4)})}
        ),
        plan(add=[("S3", "T5", 1, "K1"), ("S4", "T5", 3, "K2")]),
        "S4 (Dee, 7B) hands in T5 (Talk) in week 3, a no-deadline week.",
    ),
    "group too small": (
        12,
        paired(),
        grouped({"S1": "a", "S2": "c", "S5": "b", "S6": "b"}),
        "Group a of T3 (Essay) (S1 (Ana, 7A)) has 1 students; its groups have 2.",
    ),
    "group mixing classes": (
        12,
        paired(),
        grouped({"S1": "a", "S5": "a", "S2": "b", "S6": "b"}),
        "Group a of T3 (Essay) (S1 (Ana, 7A), S5 (Eli, 7B)) mixes classes 7A, 7B.",
    ),
    "never pair in a group": (
        12,
        paired(("S2", "S1", "never")),
        grouped(),
        "holds S1 and S2, who are never to be in one group (partners.csv).",
    ),
    "in no group": (
        12,
        paired(),
        grouped({"S1": "a", "S2": "a", "S5": "b"}),
        "S6 (Fay, 7B) does T3 (Essay), a group task, but is in no group",
    ),
    "over capacity": (
        3,
        BASE,
        plan(add=[("S2", "T2", 5, "LAB"), ("S5", "T2", 5, "LAB"), ("S6", "T2", 5, "LAB")]),
        "more than its capacity of 4",
    ),
    "too few to run": (
        3,
        BASE,
        plan(drop=[("S4", "T2")], add=[("S4", "T3", 7, "K2")]),
        "runs only with at least 2",
    ),
    "too many tasks": (
        4,
        with_policy(tasks={"max": 2}),
        plan(add=[("S3", "T5", 1, "K1")]),
        "has 3 tasks; the policy asks for 2 to 2",
    ),
    "too few tasks": (
        4,
        with_policy(tasks={"min": 3}),
        plan(),
        "has 2 tasks; the policy asks for 3 to 4",
    ),
    "two deadlines in a week": (
        4,
        BASE,
        plan(add=[("S3", "T5", 2, "K1")]),
        "2 tasks due in week 2",
    ),
    "criterion missing in a period": (
        5,
        BASE,
        plan(drop=[("S2", "T3")], add=[("S2", "T5", 3, "K1")]),
        "not assessed on criterion A in Second",
    ),
    "criterion too often": (
        5,
        b_at_most(1),
        plan(add=[("S5", "T4", 3, "K2"), ("S5", "T5", 1, "K2")]),
        "criterion B twice in First",
    ),
    "wrong marker": (
        6,
        BASE,
        plan(drop=[("S1", "T1")], add=[("S1", "T1", 2, "K2")]),
        "falls to K1",
    ),
    "marking does not fit": (
        6,
        k1_minutes(10),
        plan(),
        "cannot finish marking the 30 minutes due in week 2 by week 4: 10 minutes",
    ),
    "unit not treated": (
        7,
        curriculum(units=[("U1", 1, None)], a_least=0, T2=("U1", ()), T3=("U1", ())),
        plan(drop=[("S5", "T3")], add=[("S5", "T5", 3, "K2")]),
        "does no task of unit U1; at least 1 needed",
    ),
    "unit too often": (
        7,
        curriculum(units=[("U1", 0, 1)], T2=("U1", ()), T3=("U1", ())),
        plan(add=[("S3", "T3", 7, "K1")]),
        "does 2 tasks (T2, T3) of unit U1; at most 1 allowed",
    ),
    "skill not practised": (
        8,
        curriculum(skills=[("LAB", 1, None)], a_least=0, T2=(None, ("LAB",)), T3=(None, ("LAB",))),
        plan(drop=[("S5", "T3")], add=[("S5", "T5", 3, "K2")]),
        "does no task practising skill LAB; at least 1 needed",
    ),
    "due while away": (
        10,
        away(S3=(5, 6)),
        plan(),
        "S3 (Cai, 7A) is away in week 5, but T2 (Lab) is due then.",
    ),
    "common task done while away": (
        10,
        away(S2=(2,)),
        plan(),
        "is away in week 2, but T1 (Common quiz) is due then.",
    ),
    "draft in a no-deadline week": (
        9,
        drafted(T2=(2, 0)),
        plan(due={"T2": 6}),
        "T2 (Lab) is due in week 6, so its draft would be due in week 4, a no-deadline week.",
    ),
    "draft before week 1": (
        9,
        drafted(T1=(2, 0)),
        plan(),
        "T1 (Common quiz) is due in week 2, so its draft would be due in week 0, before week 1.",
    ),
    "too few tasks with a draft": (
        9,
        drafted(least=1, T3=(2, 0)),
        plan(),
        "does no task with a draft; at least 1 needed.",
    ),
    "draft while away": (
        10,
        away(S2=(5,)).model_copy(update={"tasks": drafted(T3=(2, 0)).tasks}),
        plan(),
        "S2 (Ben, 7A) is away in week 5, but the draft of T3 (Essay) is due then.",
    ),
    "draft feedback does not fit": (
        6,
        drafted(T3=(2, 40)).model_copy(update={"teachers": k1_minutes(50).teachers}),
        plan(),
        "Kim (K1) cannot finish the feedback on the 80 minutes of drafts due in week 5 by week 6: "
        "30 minutes are left over.",
    ),
    "moderation does not fit": (
        6,
        BASE.model_copy(
            update={
                "tasks": tuple(
                    t.model_copy(update={"moderator": "LAB", "moderation_sample": 4})
                    if t.task_id == "T3"
                    else t
                    for t in BASE.tasks
                ),
                "teachers": tuple(
                    t.model_copy(update={"weekly_marking_minutes": 20})
                    if t.teacher_id == "LAB"
                    else t
                    for t in BASE.teachers
                ),
            }
        ),
        plan(),
        "Lab tech (LAB) cannot finish moderating T3 (60 minutes, due in week 7) by week 9: 20 "
        "minutes are left over.",
    ),
    "skill too often": (
        8,
        curriculum(skills=[("ORAL", 0, 1)], T2=(None, ("ORAL",)), T5=(None, ("ORAL",))),
        plan(add=[("S3", "T5", 1, "K1")]),
        "does 2 tasks (T2, T5) practising skill ORAL; at most 1 allowed",
    ),
}


def test_the_hand_written_plan_is_valid():
    assert check(BASE, plan()) == []


@pytest.mark.parametrize(
    ("rule", "scenario", "rows", "words"), list(CASES.values()), ids=list(CASES)
)
def test_checker_finds_exactly_the_broken_rule(rule, scenario, rows, words):
    found = check(scenario, rows)
    assert {v.rule for v in found} == {rule}, [str(v) for v in found]
    if words:
        assert any(words in v.message for v in found), [str(v) for v in found]


def test_students_doing_an_own_task_may_hand_in_in_different_weeks():
    """T2 with own due weeks: S3 in week 5 and S4 in week 6 keep every rule; shared, rule 2
    is broken."""
    rows = plan(due={("S4", "T2"): 6})
    assert check(own("T2"), rows) == []
    assert {v.rule for v in check(BASE, rows)} == {2}


def test_a_pair_is_marked_once():
    """T3 (week 7) in pairs: K1 marks one submission of 15 minutes, not two; with 15 minutes
    a week and week 9 off, only the pair's essay is marked in time."""
    teachers = tuple(
        t.model_copy(update={"weekly_marking_minutes": 15, "unavailable_weeks": (9,)})
        if t.teacher_id == "K1"
        else t
        for t in BASE.teachers
    )
    assert check(paired().model_copy(update={"teachers": teachers}), grouped()) == []
    alone = check(BASE.model_copy(update={"teachers": teachers}), plan())
    assert {v.rule for v in alone} == {6}


def test_a_student_away_when_a_common_task_is_due_is_excused_from_it():
    """S2 is away in week 2: without the common quiz T1 the plan keeps every rule, and the
    checker lists S2 as excused; with nobody away, S2 may not skip it."""
    from scheduler.check import excused_students

    rows = plan(drop=[("S2", "T1")], add=[("S2", "T5", 1, "K1")])
    assert check(away(S2=(2,)), rows) == []
    assert excused_students(away(S2=(2,)), rows) == [("S2", "T1")]
    assert {v.rule for v in check(BASE, rows)} == {1}


def test_no_deadline_week_is_named():
    rows = plan()
    scenario = BASE.model_copy(
        update={"settings": BASE.settings.model_copy(update={"no_deadline_weeks": (4, 7)})}
    )
    found = check(scenario, rows)
    assert {v.rule for v in found} == {2} and "a no-deadline week" in found[0].message


def test_check_command_exit_codes(tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    header = "student_id,task_id,due_week,marker\n"
    good.write_text(header + "".join(",".join(map(str, r)) + "\n" for r in VALID))
    bad.write_text(header + "".join(",".join(map(str, r)) + "\n" for r in VALID[2:]))
    assert run("check", DATA / "base", good).exit_code == 0
    result = run("check", DATA / "base", bad)
    assert result.exit_code == 5
    assert (
        "Rule 1 (common tasks, pins and classes): S1 (Ana, 7A) does not do the common task T1 (Common quiz)."
        in result.output
    )


HEADER = "student_id,task_id,due_week,marker\n"


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("student_id,task_id,due_week\nS1,T1,2\n", "row 1, column marker", "missing"),
        (HEADER + "S9,T1,2,K1\n", "row 2, column student_id", '"S9" is not a student_id'),
        (HEADER + ",T1,2,K1\n", "row 2, column student_id", "is empty, but a value is needed"),
        (HEADER + "S1,T1,two,K1\n", "row 2, column due_week", '"two" is not a week number'),
        (HEADER + "S1,T1,,K1\n", "row 2, column due_week", "is empty, but a value is needed"),
        (HEADER + "S1,T1,2,K1\nS1,T1,2,K1\n", "row 3, column task_id", "already has task T1"),
    ],
)
def test_bad_plan_files_are_bad_input(tmp_path, text, where, words):
    (tmp_path / "allocation.csv").write_text(text)
    result = run("check", DATA / "base", tmp_path)
    assert result.exit_code == 1
    assert f"allocation.csv, {where}: " in result.output, result.output
    assert words in result.output and "Traceback" not in result.output
