"""The school model against the school checker and against solving subjects apart, on many
small generated schools: every plan it returns keeps every rule; the school's optimum is never
better than the subjects' apart (the rules across subjects only remove plans); and a plan of
subjects solved apart is a school plan exactly when the checker finds it keeps the rules
across subjects."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from scheduler.check.school import check_school
from scheduler.model import solve
from scheduler.model.school import SchoolModel, solve_school
from scheduler.plan import Status
from scheduler.plan.shortfall import relax_weights
from scheduler.report.shortfall import shortfall_totals
from scheduler.scenario.school import School
from scheduler.scenario.school.synthetic import synthetic_school
from tests.factory import common_due

SCHOOLS = st.builds(
    synthetic_school,
    students=st.integers(3, 9),
    subjects=st.integers(2, 3),
    tasks=st.integers(3, 5),
    classes=st.integers(1, 2),
    seed=st.integers(0, 10_000),
    cap=st.sampled_from([1, 2, 3, None]),
    shared=st.sampled_from([0, 1, 1]),
    windows=st.sampled_from([0.0, 0.5]),
)


def squeezed(school: School, share: float) -> School:
    """The school with its teachers of several subjects given ``share`` of their minutes."""
    shared = set(school.shared_teachers())
    subjects = {}
    for name, scenario in school.subjects.items():
        teachers = tuple(
            t.model_copy(update={"weekly_marking_minutes": int(t.weekly_marking_minutes * share)})
            if t.teacher_id in shared
            else t
            for t in scenario.teachers
        )
        subjects[name] = scenario.model_copy(update={"teachers": teachers})
    return school.model_copy(update={"subjects": subjects})


SCHOOLS = st.builds(squeezed, SCHOOLS, st.sampled_from([1.0, 0.5, 0.3, 0.2]))
CHECKS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def admitted(school: School, plans: dict) -> bool:
    """Whether the school model has the plan ``plans`` (subject -> assignments) as a solution."""
    model = cp_model.CpModel()
    subjects = SchoolModel(model, school)
    subjects.add_all()
    for name, variables in subjects.variables.items():
        chosen = {(a.student_id, a.task_id): a.due_week for a in plans[name]}
        for pair, x in variables.assign.items():
            model.add(x == int(pair in chosen))
            for week, y in variables.due_in[pair].items():
                model.add(y == int(chosen.get(pair) == week))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20
    status = solver.solve(model)
    assert status != cp_model.UNKNOWN, "undecided in 20 s"
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def apart(school: School, objective: str) -> dict:
    """Each subject solved on its own (its scenario as the school plans it)."""
    return {
        name: solve(scenario, time_limit=20, num_workers=1, objective=objective)
        for name, scenario in school.planned_subjects().items()
    }


@CHECKS
@given(school=SCHOOLS, objective=st.sampled_from(["fair", "total"]))
def test_school_plans_keep_every_rule_and_are_no_better_than_subjects_apart(school, objective):
    plan = solve_school(school, time_limit=20, num_workers=1, objective=objective)
    assert plan.status != Status.UNKNOWN
    alone = apart(school, objective)
    if any(p.status == Status.INFEASIBLE for p in alone.values()):
        assert plan.status == Status.INFEASIBLE  # a subject with no plan: no school plan
        return
    plans = {name: list(p.assignments) for name, p in alone.items()}
    across = [v for v in check_school(school, plans) if v.rule in (13, 14)]
    event(f"apart, rules broken across subjects: {sorted({v.rule for v in across})}")
    assert not [v for v in check_school(school, plans) if v.rule not in (13, 14)]
    assert admitted(school, plans) == (not across), across
    if not plan.found:
        assert across  # the plans apart break a rule across subjects, as every plan must
        return
    assert check_school(school, {n: list(p.assignments) for n, p in plan.subjects.items()}) == []
    if objective == "total":
        assert plan.total_rank >= sum(p.total_rank for p in alone.values())
        if not across:  # the apart optimum is a school plan: then it is the school's optimum
            assert plan.total_rank == sum(p.total_rank for p in alone.values())
    else:
        assert plan.worst_rank >= max(p.worst_rank for p in alone.values())


def test_a_teacher_of_two_subjects_has_their_minutes_once_for_both():
    from tests.test_check_school import SCHOOL, common_in_week, least_minutes_alone, with_minutes

    school = common_in_week(SCHOOL, 6)  # both of the teacher's common tasks marked in 7-8
    plan = solve_school(school, time_limit=20, num_workers=1)
    plans = {n: list(p.assignments) for n, p in plan.subjects.items()}
    [teacher] = school.shared_teachers()
    squeezed = with_minutes(school, teacher, least_minutes_alone(school, plans, teacher))
    assert all(p.found for p in apart(squeezed, "total").values())  # each subject alone: yes
    assert solve_school(squeezed, time_limit=20, num_workers=1).status == Status.INFEASIBLE


def test_the_school_cap_moves_a_subjects_task_to_another_week():
    from tests.test_check_school import SCHOOL, with_policy

    alone = apart(SCHOOL, "total")
    plans = {n: list(p.assignments) for n, p in alone.items()}
    capped = with_policy(SCHOOL, max_deadlines_per_week=1)
    plan = solve_school(capped, time_limit=20, num_workers=1, objective="total")
    assert any(v.rule == 13 for v in check_school(capped, plans))  # apart: a pile-up
    assert (
        plan.found
        and check_school(capped, {n: list(p.assignments) for n, p in plan.subjects.items()}) == []
    )
    assert plan.total_rank >= sum(p.total_rank for p in alone.values())


def _right(school: School) -> bool:
    """Whether the school model answers rightly: a plan the school checker passes, or a
    proof that none exists (asked only of schools where none does)."""
    plan = solve_school(school, time_limit=20, num_workers=1, objective="total")
    if plan.status == Status.INFEASIBLE:
        return True
    plans = {n: list(p.assignments) for n, p in plan.subjects.items()}
    return plan.found and check_school(school, plans) == []


@pytest.mark.parametrize("family", ["deadlines_across_subjects", "shared_marking"])
def test_switching_a_school_family_off_is_noticed(family, monkeypatch):
    """A mutation check of the rules across subjects: with the family's method doing
    nothing, the school model returns a plan that breaks its rule."""
    from tests.test_check_school import (
        SCHOOL,
        common_in_week,
        least_minutes_alone,
        with_minutes,
        with_policy,
    )

    if family == "deadlines_across_subjects":
        school = with_policy(SCHOOL, max_deadlines_per_week=1)
    else:  # both common tasks marked in weeks 7-8, with time for only one (no plan exists)
        school = common_in_week(SCHOOL, 6)
        plans = {n: list(p.assignments) for n, p in solve_school(school, 20, 1).subjects.items()}
        [teacher] = school.shared_teachers()
        school = with_minutes(school, teacher, least_minutes_alone(school, plans, teacher))
    assert _right(school)
    monkeypatch.setattr(SchoolModel, family, lambda self: None)
    assert not _right(school), f"nothing notices {family} switched off"


def test_a_clash_across_subjects_is_named_in_the_coordinators_words():
    from scheduler.model.school import find_school_clash
    from scheduler.report.school import school_clash_text
    from tests.test_check_school import SCHOOL, with_policy

    # every common task due in week 6 or 7: three of them, two weeks, cap 1
    school = common_due(with_policy(SCHOOL, max_deadlines_per_week=1), 6, 7)
    assert solve_school(school, time_limit=20, num_workers=1).status == Status.INFEASIBLE
    clash = find_school_clash(school, time_limit=20)
    assert clash.minimal and ("school deadlines", 6) in clash.groups
    text = school_clash_text(school, clash)
    assert (
        "In week 6, sciences' common task S01 (due in weeks 6-7), mathematics' common task M01 "
        "(due in weeks 6-7) and language-and-literature's common task L01 (due in weeks 6-7) can "
        "be due, and the school allows each student 1 deadline a week, all subjects together."
    ) in text
    assert "mathematics: Every student does the common task M01" in text


def test_a_shared_teachers_clash_names_the_teacher_and_subjects():
    from scheduler.model.school import find_school_clash
    from scheduler.report.school import school_clash_text
    from tests.test_check_school import SCHOOL, common_in_week, least_minutes_alone, with_minutes

    school = common_in_week(SCHOOL, 6)
    plans = {n: list(p.assignments) for n, p in solve_school(school, 20, 1).subjects.items()}
    [teacher] = school.shared_teachers()
    school = with_minutes(school, teacher, least_minutes_alone(school, plans, teacher))
    clash = find_school_clash(school, time_limit=20)
    assert set(clash.groups) == {
        ("subject", "sciences", "common", "S01"),
        ("subject", "mathematics", "common", "M01"),
        ("school marking", teacher),
    }
    name = school.teachers()[teacher].name
    assert f"{name} ({teacher}) marks for sciences and mathematics with" in school_clash_text(
        school, clash
    )


WEIGHTS = st.fixed_dictionaries(
    {name: st.sampled_from([1, 2, 5, 30, 60]) for name in relax_weights(school=True)}
)


@CHECKS
@given(school=SCHOOLS, weights=WEIGHTS)
def test_relaxed_school_plans_have_the_shortfall_the_school_checker_measures(school, weights):
    """--relax on a school: every rule the plan breaks may be bent, and the model's shortfall
    in each family is what the school's checker finds (exactly, when proven least)."""
    plan = solve_school(school, time_limit=20, num_workers=1, relax=weights)
    assert plan.status != Status.UNKNOWN
    if not plan.found:
        return
    broken = check_school(school, {n: list(p.assignments) for n, p in plan.subjects.items()})
    event(f"bent: {sorted({v.bent for v in broken})}")
    assert all(v.bent in weights for v in broken), [str(v) for v in broken if not v.bent]
    found = shortfall_totals(broken)
    for name, paid in plan.shortfall.items():
        assert found.get(name, 0) <= paid, name
        if plan.status == Status.OPTIMAL:
            assert found.get(name, 0) == paid, name
