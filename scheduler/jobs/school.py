"""What validate, solve and check do with a school folder (school.yaml and its subjects)."""

from __future__ import annotations

from pathlib import Path

from scheduler.check.school import check_school
from scheduler.exceptions import SchedulerError
from scheduler.export.school import SCHOOL_BOOK, free_school_out, write_school_plan
from scheduler.jobs.reading import Tell, plan_named, told
from scheduler.jobs.shortfall import same_shortfall
from scheduler.model import Watch
from scheduler.model.school import find_school_clash, solve_school
from scheduler.plan import Status
from scheduler.plan.school import read_school_plan, school_plan_of
from scheduler.plan.shortfall import bendable_rules, relax_weights
from scheduler.report.school import (
    changed_students,
    school_clash_text,
    school_comparison,
    school_size,
    school_summary,
)
from scheduler.report.shortfall import shortfall_lines
from scheduler.report.validation import table_text
from scheduler.scenario.pseudonyms import pseudonymised, pseudonyms
from scheduler.scenario.school import School, load_school_with_warnings
from scheduler.scenario.school.precheck import proven_reasons
from scheduler.words import count

OK, NO_PLAN_EXISTS, NO_PLAN_IN_TIME, PLAN_BREAKS_RULES = 0, 3, 4, 5


def validate_school_job(source: str | Path) -> tuple[str, int]:
    """The school's size, each subject's verdict, its warnings; exit 3 with the reasons
    first when the bounds alone prove that no school plan exists."""
    school, warnings = load_school_with_warnings(source)
    reasons = proven_reasons(school)
    most = school.settings.policy.max_deadlines_per_week
    lines = [
        f"{school.settings.name}: "
        + (
            "no school plan exists (seen before solving)."
            if reasons
            else "no reason found before solving that a school plan cannot exist."
        ),
        *(f"  - {r}" for r in reasons),
        "",
        f"{school_size(school)}; {school.settings.weeks} weeks; "
        + (
            f"at most {count(most, 'deadline')} a week per student, all subjects together."
            if most
            else "no cap on a student's deadlines across subjects."
        ),
        "",
        "Subjects (each validated as a scenario: scheduler validate SUBJECT says more):",
    ]
    for name, scenario in school.subjects.items():
        lines.append(
            f"  {name}: {count(len(scenario.tasks), 'task')}, "
            f"{count(len(scenario.students), 'student')}, "
            f"{count(len(scenario.teachers), 'teacher')}"
        )
    if warnings:
        lines += ["", "Warnings:", *(f"  - {w}" for w in warnings)]
    return "\n".join(lines) + "\n", NO_PLAN_EXISTS if reasons else OK


def solve_school_job(
    source: str | Path,
    out: str | Path,
    *,
    time_limit: float = 60.0,
    workers: int = 0,
    seed: int = 0,
    objective: str = "fair",
    progress: bool = True,
    overwrite: bool = False,
    relax: bool = False,
    weights: tuple[str, ...] = (),
    tell: Tell = None,
    watch: Watch | None = None,
) -> tuple[str, int]:
    """Load the school, solve every subject together, check the plan independently, write
    it whole, and summarise it. ``relax`` finds the closest plan, bending every subject's
    bendable rules and the school's cap at a cost per unit (``weights``: ``NAME=N``)."""
    if weights and not relax:
        raise SchedulerError("--weight sets what bending a rule costs; use it with --relax")
    bend = relax_weights(weights, school=True) if relax else None
    school, warnings = load_school_with_warnings(source)
    free_school_out(school, out, overwrite)
    said = told(warnings, tell)
    reasons = proven_reasons(school)
    if reasons and bend is None:
        lines = "\n".join(f"  - {r}" for r in reasons)
        return (
            said
            + f"{school.settings.name}: no school plan exists (seen before solving).\n{lines}\n",
            NO_PLAN_EXISTS,
        )
    plan = solve_school(school, time_limit, workers, seed, objective, progress, bend, watch)
    summary = school_summary(school, plan)
    if plan.status == Status.INFEASIBLE and bend is not None:
        return said + summary + (
            f"Even bending {bendable_rules(school=True)}, no school plan exists: the clash is in "
            "the rules that cannot be bent (common tasks, pins, classes, tasks per student).\n"
        ), NO_PLAN_EXISTS
    if plan.status == Status.INFEASIBLE:
        return said + summary + _why_not(school, time_limit), NO_PLAN_EXISTS
    if plan.status == Status.UNKNOWN:
        hint = "Give the search more time with --time-limit, or loosen the tightest rules.\n"
        return said + summary + hint, NO_PLAN_IN_TIME
    broken = check_school(school, {n: list(p.assignments) for n, p in plan.subjects.items()})
    same_shortfall(plan, broken)
    write_school_plan(school, plan, out, overwrite)
    written = f"{Path(out) / 'allocation.csv'}, {Path(out) / 'school.xlsx'}, and each subject's plan in {Path(out)}/SUBJECT/"
    if plan.relaxed:
        text = school_shortfall_text(plan, broken, source, out)
        return said + summary + text + f"Written: {written}\n", OK
    return said + summary + f"\nChecked: the school plan keeps every rule. Written: {written}\n", OK


def school_shortfall_text(plan, broken: list, source, out) -> str:
    """For a school plan found with rules bent: that it breaks them, the shortfall of each
    family, and the first of them one by one."""
    if not broken:
        return "\nThe school plan keeps every rule: no rule needed bending.\n"
    lines = [
        "",
        f"THIS SCHOOL PLAN BREAKS {count(len(broken), 'RULE', 'RULES')}. It is the closest plan: "
        "the one with the least weighted shortfall.",
        "Shortfall by rule:",
        *(f"  {line}" for line in shortfall_lines(broken, plan.weights)),
        *(f"  - {v}" for v in broken[:SHOWN]),
    ]
    if len(broken) > SHOWN:
        lines.append(
            f"  ... and {len(broken) - SHOWN} more, listed by: scheduler check {source} {out}"
        )
    return "\n".join(lines) + "\n"


SHOWN = 12


def _why_not(school: School, time_limit: float) -> str:
    """The rule groups that clash across the school, and what to try."""
    clash = find_school_clash(school, time_limit=min(EXPLAIN_SECONDS, time_limit))
    if clash is None:
        return (
            "The rules that clash could not be narrowed down within the time limit. To see "
            "whether a subject alone has a plan: scheduler solve SCHOOL/SUBJECT.\n"
        )
    return school_clash_text(school, clash)


EXPLAIN_SECONDS = 30.0


def check_school_job(
    source: str | Path, plan_path: str | Path, tell: Tell = None
) -> tuple[str, int]:
    """Check a school plan (its allocation.csv, or its folder) against the school; list
    every rule it breaks, each subject's named."""
    school, warnings = load_school_with_warnings(source)
    said = told(warnings, tell)
    plans, read = read_school_plan(school, plan_path)
    broken = check_school(school, plans)
    name = school.settings.name
    if not broken:
        return said + f"{read}\n{name}: the school plan keeps every rule.\n", OK
    lines = "\n".join(f"  - {v}" for v in broken)
    totals = "".join(f"  {line}\n" for line in shortfall_lines(broken))
    if totals:
        totals = "Shortfall by rule (as solve --relax counts it):\n" + totals
    return (
        said
        + f"{read}\n{name}: the school plan breaks {count(len(broken), 'rule')}:\n{lines}\n"
        + totals,
        PLAN_BREAKS_RULES,
    )


def compare_school_job(
    plan_a: str | Path, plan_b: str | Path, source: str | Path, tell: Tell = None
) -> tuple[str, int]:
    """Two school plans of one school side by side, what the checker says of each, and every
    student whose tasks or due weeks differ."""
    school, warnings = load_school_with_warnings(source)
    said = told(warnings, tell)
    read = []
    for label, path in (("A", plan_a), ("B", plan_b)):
        with plan_named(path):
            plans, _ = read_school_plan(school, path)
        read.append(
            (f"{label}: {path}", school_plan_of(school, plans), len(check_school(school, plans)))
        )
    frame = changed_students(school, read[0][1], read[1][1])
    text = said + school_comparison(school, read)
    text += f"\n{count(len(frame), 'student')} with different tasks or due weeks"
    text += ":\n" + table_text(frame) + "\n" if len(frame) else ".\n"
    return text, OK


def export_school_job(
    source: str | Path,
    plan_path: str | Path,
    out: str | Path,
    *,
    key: str | None = None,
    overwrite: bool = False,
    force: bool = False,
    tell: Tell = None,
) -> tuple[str, int]:
    """Write a school plan's files again from its allocation.csv (perhaps edited by hand),
    with every student under one stable pseudonym in every subject when ``key`` is given."""
    school, warnings = load_school_with_warnings(source)
    free_school_out(school, out, overwrite, force)
    said = told(warnings, tell)
    plans, read = read_school_plan(school, plan_path)
    broken = check_school(school, plans)
    if key is not None:
        names = pseudonyms(list(school.students()), key)
        school = pseudonymised_school(school, names)
        plans = {
            n: [a._replace(student_id=names[a.student_id]) for a in p] for n, p in plans.items()
        }
    write_school_plan(school, school_plan_of(school, plans), out, overwrite, force)
    what = " with students under pseudonyms (the same key gives the same ones)" if key else ""
    lines = [
        read,
        f"Wrote {Path(out) / 'allocation.csv'}, {Path(out) / SCHOOL_BOOK} and each subject's plan in {Path(out)}/SUBJECT/{what}.",
    ]
    if broken:
        lines.append(
            f"The school plan breaks {count(len(broken), 'rule')}; to see which:\n"
            f"  scheduler check {source} {plan_path}"
        )
    return said + "\n".join(lines) + "\n", OK


def pseudonymised_school(school: School, names: dict[str, str]) -> School:
    """The school with each student's id and name replaced by their pseudonym in every
    subject."""
    subjects = {n: pseudonymised(s, names) for n, s in school.subjects.items()}
    return school.model_copy(update={"subjects": subjects})
