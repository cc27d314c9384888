"""plan.xlsx: the plan as the department's document, with charts, colours and filters."""

from __future__ import annotations

import datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.check import check
from scheduler.plan import Plan, allocation_fingerprint
from scheduler.plan.shortfall import penalty
from scheduler.plan.wishes import partner_wishes, week_wishes
from scheduler.plan.workbook import FINGERPRINT
from scheduler.report.plan import (
    allocation_frame,
    calendar_frame,
    coverage_frame,
    curriculum_columns,
    curriculum_counts,
    curriculum_frame,
    drafts_given,
    excused_text,
    groups_frame,
    load_rows,
    moderation_frame,
    rank_distribution,
    rosters,
    satisfaction,
    students_frame,
    tasks_frame,
    teacher_load_frame,
    verdict,
)
from scheduler.report.shortfall import broken_frame, shortfall_lines, shortfall_totals
from scheduler.scenario import Scenario
from scheduler.scenario.files.xlsx import HEADER_FONT, TITLE_FONT, put, tidy, write_table

RED = PatternFill("solid", fgColor="F8CBAD")
AMBER = PatternFill("solid", fgColor="FFE699")
GREY = PatternFill("solid", fgColor="EDEDED")


def plan_workbook(scenario: Scenario, plan: Plan) -> Workbook:
    """Summary, Students, Tasks, Rosters, Teacher load, Coverage, Calendar, Allocation."""
    book = Workbook()
    broken = check(scenario, list(plan.assignments)) if plan.relaxed else []
    _summary(book.active, scenario, plan, broken)
    if plan.relaxed:
        frame_sheet(book.create_sheet("Rules broken"), broken_frame(broken))
    students = book.create_sheet("Students")
    frame_sheet(students, students_frame(scenario, plan))
    narrow_titles(students)
    frame_sheet(book.create_sheet("Tasks"), tasks_frame(scenario, plan))
    _rosters(book.create_sheet("Rosters"), scenario, plan)
    _teacher_load(book.create_sheet("Teacher load"), scenario, plan)
    _coverage(book.create_sheet("Coverage"), scenario, plan)
    frame_sheet(book.create_sheet("Calendar"), calendar_frame(scenario, plan))
    if any(t.moderator for t in scenario.tasks):
        frame_sheet(book.create_sheet("Moderation"), moderation_frame(scenario, plan))
    if any(t.in_groups for t in scenario.tasks):
        frame_sheet(book.create_sheet("Groups"), groups_frame(scenario, plan))
    frame_sheet(book.create_sheet("Allocation"), allocation_frame(plan, scenario))
    book.custom_doc_props.append(
        StringProperty(name=FINGERPRINT, value=allocation_fingerprint(plan.assignments))
    )
    return book


def narrow_titles(sheet: Worksheet) -> None:
    """The Students sheet's ``title k`` columns at most TITLE_WIDTH wide, so the sheet still
    prints legibly one page wide; the whole title shows in the cell."""
    for cell in sheet[1]:
        if str(cell.value).startswith("title "):
            dimension = sheet.column_dimensions[cell.column_letter]
            dimension.width = min(dimension.width or TITLE_WIDTH, TITLE_WIDTH)


TITLE_WIDTH = 24


def frame_sheet(sheet: Worksheet, frame: pd.DataFrame, first_row: int = 1) -> int:
    rows = frame.itertuples(index=False, name=None)
    last = write_table(sheet, [str(c) for c in frame.columns], rows, first_row=first_row)
    for row in sheet.iter_rows(min_row=first_row + 1, max_row=last):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "ddd d mmm yyyy"
    tidy(sheet, header_row=first_row)
    return last


def _wishes_facts(scenario: Scenario, plan: Plan) -> list[tuple[str, str]]:
    """``week wishes granted: 14 of 20`` and ``partner wishes granted: ...``, where there
    are such wishes."""
    facts = []
    for kind, wishes in (
        ("week", week_wishes(scenario, plan.assignments)),
        ("partner", partner_wishes(scenario, plan.assignments)),
    ):
        if wishes:
            facts.append(
                (f"{kind} wishes granted", f"{sum(w.granted for w in wishes)} of {len(wishes)}")
            )
    return facts


def _summary(sheet: Worksheet, scenario: Scenario, plan: Plan, broken: list) -> None:
    sheet.title = "Summary"
    put(sheet, 1, 1, scenario.settings.name).font = TITLE_FONT
    happy = satisfaction(scenario, plan)
    n = happy["students"]
    running = len(plan.due_weeks())
    facts = [
        ("status", verdict(plan)),
        ("objective", plan.objective),
        ("optimality gap", "" if plan.gap is None else plan.gap),
        ("worst rank of a chosen task", plan.worst_rank),
        ("total rank", plan.total_rank),
        ("best bound on the total rank", "" if plan.best_bound is None else plan.best_bound),
        ("the bound proven by", plan.bound_source or ""),
        ("search seconds", round(plan.seconds, 1)),
        ("students", n),
        ("got their first choice", happy["first choice"]),
        ("share with their first choice", happy["first choice"] / n if n else ""),
        ("got only tasks from their top three", happy["only top three"]),
        ("worst-off student", happy["worst-off student"]),
        ("worst-off student's ranks", ", ".join(map(str, happy["worst-off ranks"]))),
        ("mean rank of a chosen task", round(happy["mean rank"], 2)),
        ("tasks running", running),
        ("tasks cancelled", len(scenario.tasks) - running),
        *((f"students doing {name}", done) for name, done in curriculum_counts(scenario, plan)),
        *(
            [("drafts given (feedback before the final)", drafts_given(scenario, plan)[0])]
            if any(t.has_draft for t in scenario.tasks)
            else []
        ),
        *_wishes_facts(scenario, plan),
        *(
            [("excused from common tasks (away when due)", text)]
            if (text := excused_text(scenario, plan))
            else []
        ),
        ("first week starts", scenario.settings.start_date or ""),
        *_shortfall_facts(plan, broken),
    ]
    last = write_table(sheet, ["what", "value"], facts, first_row=3)
    for row in range(4, last + 1):
        if str(sheet.cell(row, 1).value).startswith(("optimality", "share")):
            sheet.cell(row, 2).number_format = "0.0%"
        if isinstance(sheet.cell(row, 2).value, datetime.date):
            sheet.cell(row, 2).number_format = "ddd d mmm yyyy"
    top = last + 2
    put(sheet, top, 1, "How many students got which ranks").font = HEADER_FONT
    ranks = rank_distribution(scenario, plan)
    end = write_table(sheet, list(ranks.columns), ranks.itertuples(index=False, name=None), top + 1)
    chart = BarChart()
    chart.title = "Ranks students got"
    chart.x_axis.title = "rank (1 = first choice)"
    chart.y_axis.title = "count"
    data = Reference(sheet, min_col=2, max_col=3, min_row=top + 1, max_row=end)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=top + 2, max_row=end))
    chart.width, chart.height = 18, 9
    sheet.add_chart(chart, "E3")
    tidy(sheet, header_row=3, filters=False)


def _shortfall_facts(plan: Plan, broken: list) -> list[tuple[str, object]]:
    """For a plan found with rules bent: how far it breaks them (see the Rules broken sheet)."""
    if not plan.relaxed:
        return []
    facts: list[tuple[str, object]] = [
        ("rules broken (see the Rules broken sheet)", len(broken)),
        ("weighted shortfall", penalty(shortfall_totals(broken), plan.weights)),
        ("no plan has a weighted shortfall below", plan.shortfall_bound),
        ("weights", ", ".join(f"{k} {v}" for k, v in plan.weights.items())),
    ]
    return facts + [("rule bent", line) for line in shortfall_lines(broken, plan.weights)]


def _rosters(sheet: Worksheet, scenario: Scenario, plan: Plan) -> None:
    """One block per running task: a heading, then its students."""
    row = 1
    for heading, frame in rosters(scenario, plan):
        put(sheet, row, 1, heading).font = HEADER_FONT
        row = write_table(
            sheet, list(frame.columns), frame.itertuples(index=False, name=None), row + 1
        )
        row += 2
    tidy(sheet, filters=False)
    sheet.freeze_panes = None


def _teacher_load(sheet: Worksheet, scenario: Scenario, plan: Plan) -> None:
    """Teacher by week: handed in (finals, and drafts where there are any), marked, capacity;
    busy weeks coloured; a chart."""
    frame = teacher_load_frame(scenario, plan)
    labels = load_rows(scenario)
    step = len(labels)
    last = frame_sheet(sheet, frame)
    first_week, last_col = 4, get_column_letter(len(frame.columns))
    for row in range(2, last + 1, step):
        marked, room = row + labels.index("marked"), row + labels.index("capacity")
        cells = f"D{marked}:{last_col}{marked}"
        full = FormulaRule(formula=[f"AND(D{marked}>0,D{marked}>=D{room})"], fill=RED)
        busy = FormulaRule(formula=[f"AND(D{marked}>0,D{marked}>=0.8*D{room})"], fill=AMBER)
        sheet.conditional_formatting.add(cells, full)
        sheet.conditional_formatting.add(cells, busy)
        off = FormulaRule(formula=[f"D{room}=0"], fill=GREY)
        sheet.conditional_formatting.add(f"D{room}:{last_col}{room}", off)
    chart = BarChart()
    chart.title = "Minutes marked each week (earliest deadline first)"
    chart.y_axis.title = "minutes"
    width = len(frame.columns)
    offset = labels.index("marked")
    for row, teacher in zip(
        range(2 + offset, last + 1, step), frame["teacher"][offset::step], strict=True
    ):
        values = Reference(sheet, min_col=first_week, max_col=width, min_row=row)
        chart.add_data(values, from_rows=True, titles_from_data=False)
        chart.series[-1].tx = SeriesLabel(v=str(teacher))
    chart.set_categories(Reference(sheet, min_col=first_week, max_col=width, min_row=1))
    chart.width, chart.height = 24, 10
    sheet.add_chart(chart, f"A{last + 3}")
    put(
        sheet,
        last + 2,
        1,
        f"Rows: {', '.join(labels)}. Red: a week's marking time is full; amber: 80% or more; grey: no marking time.",
    )


def _coverage(sheet: Worksheet, scenario: Scenario, plan: Plan) -> None:
    """Student by period and criterion counts, then units and skills; counts outside the
    limits in red."""
    frame = pd.concat([coverage_frame(scenario, plan), curriculum_frame(scenario, plan)], axis=1)
    last = frame_sheet(sheet, frame)
    limits = [
        (c.min_per_period, c.max_per_period)
        for _ in scenario.settings.reporting_periods
        for c in scenario.settings.criteria
    ]
    limits += [(least, most) for _, _, least, most in curriculum_columns(scenario)]
    for column, (low, high) in enumerate(limits, start=4):
        letter = get_column_letter(column)
        cells = f"{letter}2:{letter}{max(last, 2)}"
        sheet.conditional_formatting.add(
            cells, CellIsRule(operator="lessThan", formula=[str(low)], fill=RED)
        )
        if high is not None:
            sheet.conditional_formatting.add(
                cells, CellIsRule(operator="greaterThan", formula=[str(high)], fill=RED)
            )
