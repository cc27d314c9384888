"""A school plan on disk: allocation.csv with a subject column, each subject's plan files in a
folder of its own, and school.xlsx for people (FORMAT.md, "A school is a folder of subjects")."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.check import check
from scheduler.exceptions import OutputTaken
from scheduler.export.files import free_out
from scheduler.export.workbook import AMBER, RED, frame_sheet, plan_workbook
from scheduler.plan import allocation_text
from scheduler.plan.school import SchoolPlan, school_allocation_text
from scheduler.plan.shortfall import SCHOOL_ONLY
from scheduler.report.school import (
    busiest_weeks_frame,
    school_verdict,
    student_weeks,
    student_weeks_frame,
    subjects_frame,
    teacher_load_frame,
)
from scheduler.report.shortfall import shortfall_totals
from scheduler.scenario.files.write import write_files_atomically
from scheduler.scenario.files.xlsx import TITLE_FONT, put, tidy, write_table
from scheduler.scenario.school import School

SCHOOL_BOOK = "school.xlsx"


def free_school_out(
    school: School, out: str | Path, overwrite: bool = False, force: bool = False
) -> None:
    """Refuse, before any work is done, a folder that cannot take the school plan: one
    holding a plan (the school's, or a subject's) without ``overwrite``, or a subject's plan
    edited since it was written without ``force``."""
    out = Path(out)
    for place in [out, *(out / name for name in school.subjects)]:
        free_out(place, overwrite, force)
    if (out / SCHOOL_BOOK).exists() and not overwrite:
        raise OutputTaken(
            f"{out} already holds {SCHOOL_BOOK}; choose another --out folder, or add --overwrite",
            "--overwrite",
        )


def write_school_plan(
    school: School, plan: SchoolPlan, out: str | Path, overwrite: bool = False, force: bool = False
) -> list[Path]:
    """Write the school plan whole into ``out``: allocation.csv (with ``subject``),
    SUBJECT/allocation.csv and SUBJECT/plan.xlsx for each subject, and school.xlsx."""
    out = Path(out)
    free_school_out(school, out, overwrite, force)
    contents = {
        out / "allocation.csv": school_allocation_text(school, plan).encode(),
        out / SCHOOL_BOOK: _saved(school_workbook(school, plan)),
    }
    broken = _broken_by_subject(school, plan) if plan.relaxed else {}
    for name, scenario in school.planned_subjects().items():
        subject_plan = plan.subjects[name]
        if plan.relaxed:  # its plan.xlsx lists what it bends (its Rules broken sheet)
            totals = shortfall_totals(broken.get(name, []))
            shortfall = {k: totals.get(k, 0) for k in plan.weights if k not in SCHOOL_ONLY}
            subject_plan = subject_plan.model_copy(
                update={"shortfall": shortfall, "weights": plan.weights}
            )
        contents[out / name / "allocation.csv"] = allocation_text(subject_plan, scenario).encode()
        contents[out / name / "plan.xlsx"] = _saved(plan_workbook(scenario, subject_plan))
    for path in contents:
        path.parent.mkdir(parents=True, exist_ok=True)
    return write_files_atomically(contents)


def _broken_by_subject(school: School, plan: SchoolPlan) -> dict[str, list]:
    """Each subject's own broken rules, as the checker finds them in the school plan."""
    scenarios = school.planned_subjects()
    return {
        name: check(scenarios[name], list(subject_plan.assignments))
        for name, subject_plan in plan.subjects.items()
    }


def _saved(book: Workbook) -> bytes:
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def school_workbook(school: School, plan: SchoolPlan) -> Workbook:
    """Summary (each subject's), Student weeks (a grid of deadlines, coloured where the cap
    binds), Teacher load (across subjects), Busiest weeks."""
    book = Workbook()
    _summary(book.active, school, plan)
    _student_weeks(book.create_sheet("Student weeks"), school, plan)
    frame_sheet(book.create_sheet("Teacher load"), teacher_load_frame(school, plan))
    frame_sheet(book.create_sheet("Busiest weeks"), busiest_weeks_frame(school, plan))
    return book


def _summary(sheet: Worksheet, school: School, plan: SchoolPlan) -> None:
    sheet.title = "Summary"
    put(sheet, 1, 1, school.settings.name).font = TITLE_FONT
    most = school.settings.policy.max_deadlines_per_week
    facts = [
        ("status", school_verdict(plan)),
        ("objective", plan.objective),
        ("optimality gap", "" if plan.gap is None else plan.gap),
        ("worst rank of a chosen task, in any subject", plan.worst_rank),
        ("total rank, over all subjects", plan.total_rank),
        ("best bound on the total rank", "" if plan.best_bound is None else plan.best_bound),
        ("the bound proven by", plan.bound_source or ""),
        ("search seconds", round(plan.seconds, 1)),
        ("students", len(school.students())),
        ("deadlines a student may have in one week, in all subjects", most or "no limit"),
        ("first week starts", school.settings.start_date or ""),
    ]
    last = write_table(sheet, ["what", "value"], facts, first_row=3)
    sheet.cell(6, 2).number_format = "0.0%"
    frame = subjects_frame(school, plan)
    rows = frame.itertuples(index=False, name=None)
    write_table(sheet, [str(c) for c in frame.columns], rows, first_row=last + 2)
    tidy(sheet, header_row=3, filters=False)


def _student_weeks(sheet: Worksheet, school: School, plan: SchoolPlan) -> None:
    """The grid of each student's deadlines by week: amber where the student is at the
    school's cap, red beyond it."""
    frame = student_weeks_frame(school, plan)
    frame_sheet(sheet, frame)
    most = school.settings.policy.max_deadlines_per_week
    if not most:
        return
    weeks = student_weeks(plan)
    for row, student_id in enumerate(frame["student"], start=2):
        for week, tasks in weeks.get(student_id, {}).items():
            if len(tasks) >= most:
                sheet.cell(row, 2 + week).fill = RED if len(tasks) > most else AMBER
