"""Hand-broken school plans: the checker names the rule across subjects, with the student,
week and subjects, or the teacher and week; a subject's own rule is named with its subject."""

from __future__ import annotations

from scheduler.check import check
from scheduler.check.school import check_school
from scheduler.model.school import solve_school
from scheduler.scenario.school import School
from scheduler.scenario.school.synthetic import synthetic_school
from tests.factory import common_due

SCHOOL = synthetic_school(students=12, subjects=3, tasks=5, classes=2, seed=1, cap=2)
PLAN = solve_school(SCHOOL, time_limit=20, num_workers=1)
PLANS = {name: list(plan.assignments) for name, plan in PLAN.subjects.items()}


def with_policy(school: School, **policy) -> School:
    settings = school.settings.model_copy(
        update={"policy": school.settings.policy.model_copy(update=policy)}
    )
    return school.model_copy(update={"settings": settings})


def with_minutes(school: School, teacher_id: str, minutes: int) -> School:
    subjects = {
        name: scenario.model_copy(
            update={
                "teachers": tuple(
                    t.model_copy(update={"weekly_marking_minutes": minutes})
                    if t.teacher_id == teacher_id
                    else t
                    for t in scenario.teachers
                )
            }
        )
        for name, scenario in school.subjects.items()
    }
    return school.model_copy(update={"subjects": subjects})


def test_the_solved_plan_keeps_every_rule():
    assert PLAN.found
    assert check_school(SCHOOL, PLANS) == []


def test_too_many_deadlines_in_a_week_across_subjects_names_student_week_and_subjects():
    tighter = with_policy(SCHOOL, max_deadlines_per_week=1)
    broken = check_school(tighter, PLANS)
    assert broken and {v.rule for v in broken} == {13}
    student, week = broken[0].about
    due = sorted(f"{s} {a.task_id}" for s, rows in PLANS.items() for a in rows
                 if a.student_id == student and a.due_week == week)  # fmt: skip
    name = SCHOOL.students()[student].name
    assert str(broken[0]) == (
        f"Rule 13 (deadlines across subjects): {student} ({name}) has {len(due)} deadlines in "
        f"week {week} across subjects ({', '.join(due)}); the school allows 1 a week."
    )


def common_in_week(school: School, week: int) -> School:
    """Every subject's common task due in ``week``, and no cap across subjects."""
    return with_policy(common_due(school, week), max_deadlines_per_week=None)


def test_a_teacher_of_two_subjects_out_of_time_in_both_together_names_teacher_and_week():
    school = common_in_week(SCHOOL, 6)  # the teacher marks both common tasks in weeks 7-8
    plans = {n: list(p.assignments) for n, p in solve_school(school, 20, 1).subjects.items()}
    [teacher] = school.shared_teachers()
    squeezed = with_minutes(school, teacher, least_minutes_alone(school, plans, teacher))
    for name, scenario in squeezed.planned_subjects().items():
        assert check(scenario, plans[name]) == []  # each subject alone fits
    broken = check_school(squeezed, plans)
    assert broken and {v.rule for v in broken} == {14}
    assert broken[0].about[0] == teacher
    text = str(broken[0])
    assert text.startswith(f"Rule 14 (marking across subjects): {SCHOOL.teachers()[teacher].name} "
                           f"({teacher}), who marks for sciences and mathematics, cannot finish")  # fmt: skip
    assert "in all subjects together by week 8" in text


def least_minutes_alone(school: School, plans: dict, teacher: str) -> int:
    """The fewest weekly minutes with which each subject's plan alone keeps its marking."""
    least = 0
    while True:
        squeezed = with_minutes(school, teacher, least)
        if all(not check(s, plans[n]) for n, s in squeezed.planned_subjects().items()):
            return least
        least += 5


def test_a_subjects_own_rule_is_named_with_its_subject():
    rows = list(PLANS["mathematics"])
    dropped = rows.pop(0)
    broken = check_school(SCHOOL, {**PLANS, "mathematics": rows})
    assert broken and all(v.message.startswith("mathematics: ") for v in broken)
    assert any(dropped.student_id in v.message for v in broken)
