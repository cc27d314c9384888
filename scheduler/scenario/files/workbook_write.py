"""Write a scenario as one workbook a department can fill in: instructions, drop-downs, checks.

``write_scenario_workbook`` is the other half of ``scheduler.scenario.files.workbook``: what it
writes reads back as the same scenario. ``template_scenario`` is the example that
``scheduler template`` writes, one example row a sheet.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from scheduler.exceptions import OutputTaken
from scheduler.scenario.files.workbook import SETTINGS_KEYS
from scheduler.scenario.files.write import scenario_tables, write_atomically
from scheduler.scenario.files.xlsx import tidy, write_lines, write_table
from scheduler.scenario.models import (
    Criterion,
    Partner,
    Period,
    Pin,
    Scenario,
    Settings,
    Skill,
    Student,
    Task,
    Teacher,
    Unit,
)

ROW_MODELS: dict[str, type[BaseModel]] = {
    "criteria": Criterion,
    "periods": Period,
    "units": Unit,
    "skills": Skill,
    "tasks": Task,
    "students": Student,
    "teachers": Teacher,
    "pins": Pin,
    "partners": Partner,
}
TEXT_COLUMNS = {
    "tasks": [
        "task_id",
        "criteria",
        "due_week",
        "marker",
        "classes",
        "unit",
        "skills",
        "moderator",
        "group_size",
    ],
    "students": ["student_id", "class", "away_weeks"],
    "teachers": ["teacher_id", "classes", "unavailable_weeks"],
    "preferences": ["student_id", "task_id", "week"],
    "pins": ["student_id", "task_id"],
    "partners": ["student_id", "partner_id"],
    "criteria": ["id"],
    "units": ["id"],
    "skills": ["id"],
}
WHOLE_NUMBERS = {
    "tasks": {
        "marking_minutes": 0,
        "capacity": 1,
        "min_students": 1,
        "draft_weeks": 0,
        "draft_minutes": 0,
        "moderation_sample": 1,
    },
    "teachers": {"weekly_marking_minutes": 0},
    "preferences": {"rank": 1},
    "criteria": {"min_per_period": 0, "max_per_period": 0},
    "periods": {"first_week": 1, "last_week": 1},
    "units": {"min_tasks": 0, "max_tasks": 0},
    "skills": {"min_per_term": 0, "max_per_term": 0},
}
WHOLE_SETTINGS = {
    "weeks": 1,
    "policy.tasks_per_student.min": 0,
    "policy.tasks_per_student.max": 0,
    "policy.max_deadlines_per_week": 1,
    "policy.feedback_weeks": 1,
    "policy.min_drafted_tasks": 0,
}
LAST_ROW = 1_048_576  # a sheet's last row: the drop-downs and checks cover every row
LIST_ROWS = 20_000  # rows of the tasks and teachers sheets offered in drop-down lists


def write_scenario_workbook(
    scenario: Scenario, path: str | Path, overwrite: bool = False, example: bool = False
) -> Path:
    """Write ``scenario`` to the workbook ``path``, whole or not at all.

    ``example`` says in the instructions that the rows are examples to replace.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise OutputTaken(
            f"{path} already exists; choose a new file name, or add --overwrite to replace it",
            "--overwrite",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    book = scenario_workbook(scenario, example)
    return write_atomically(path, book.save)


def scenario_workbook(scenario: Scenario, example: bool = False) -> Workbook:
    """The workbook: instructions, settings, criteria, periods, units, skills, then the five
    tables (the tasks sheet with every column, to fill in)."""
    book = Workbook()
    instructions = book.active
    instructions.title = "instructions"
    lines = [line for line in INSTRUCTIONS if example or not line.startswith("Row 2")]
    write_lines(instructions, lines + column_reference())
    _settings_sheet(book.create_sheet("settings"), scenario.settings)
    settings = scenario.settings
    criteria = [[c.id, c.name, c.min_per_period, c.max_per_period] for c in settings.criteria]
    periods = [[p.name, p.first_week, p.last_week] for p in settings.periods]
    units = [[u.id, u.name, u.min_tasks, u.max_tasks] for u in settings.units]
    skills = [[k.id, k.name, k.min_per_term, k.max_per_term] for k in settings.skills]
    tables = {
        "criteria": (["id", "name", "min_per_period", "max_per_period"], criteria),
        "periods": (["name", "first_week", "last_week"], periods),
        "units": (["id", "name", "min_tasks", "max_tasks"], units),
        "skills": (["id", "name", "min_per_term", "max_per_term"], skills),
        **scenario_tables(scenario, every_column=True),
    }
    for name, (header, rows) in tables.items():
        sheet = book.create_sheet(name)
        write_table(sheet, header, rows, text_columns=TEXT_COLUMNS.get(name, ()))
        _validations(sheet, name, header, LAST_ROW)
        tidy(sheet)
    return book


def _settings_sheet(sheet: Worksheet, settings: Settings) -> None:
    values = {
        "name": settings.name,
        "weeks": settings.weeks,
        "start_date": settings.start_date or "",
        "no_deadline_weeks": ";".join(map(str, settings.no_deadline_weeks)),
        "policy.tasks_per_student.min": settings.policy.tasks_per_student.min,
        "policy.tasks_per_student.max": settings.policy.tasks_per_student.max,
        "policy.max_deadlines_per_week": settings.policy.max_deadlines_per_week,
        "policy.feedback_weeks": settings.policy.feedback_weeks,
        "policy.min_drafted_tasks": settings.policy.min_drafted_tasks or None,
    }
    rows = [
        [key, "" if values[key] is None else values[key], SETTING_MEANINGS[key]]
        for key in SETTINGS_KEYS
    ]
    write_table(sheet, ["key", "value", "meaning"], rows)
    for row, key in enumerate(SETTINGS_KEYS, start=2):
        cell = sheet.cell(row=row, column=2)
        if key == "start_date" and isinstance(cell.value, datetime.date):
            cell.number_format = "yyyy-mm-dd"
        elif key == "no_deadline_weeks":
            cell.number_format = "@"
        elif key in WHOLE_SETTINGS:
            _whole(sheet, f"B{row}", WHOLE_SETTINGS[key])
    tidy(sheet, filters=False)


def _validations(sheet: Worksheet, name: str, header: list[str], last: int) -> None:
    """Drop-down lists and whole-number checks down each column, below the header."""

    def cells(column: str) -> str:
        letter = get_column_letter(header.index(column) + 1)
        return f"{letter}2:{letter}{last}"

    for column, least in WHOLE_NUMBERS.get(name, {}).items():
        _whole(sheet, cells(column), least)
    lists = {
        ("tasks", "common"): ('"yes,no"', True),
        ("tasks", "due_mode"): ('"shared,own"', True),
        ("partners", "wish"): ('"with,never"', True),
        ("pins", "rule"): ('"must,never"', True),
        ("tasks", "criteria"): ("criteria!$A$2:$A$100", False),  # may hold A;C
        ("tasks", "unit"): ("units!$A$2:$A$100", True),
        ("tasks", "skills"): ("skills!$A$2:$A$100", False),  # may hold LAB;ORAL
        ("tasks", "marker"): (f"teachers!$A$2:$A${LIST_ROWS}", True),
        ("tasks", "moderator"): (f"teachers!$A$2:$A${LIST_ROWS}", True),
        ("preferences", "task_id"): (f"tasks!$A$2:$A${LIST_ROWS}", True),
        ("pins", "task_id"): (f"tasks!$A$2:$A${LIST_ROWS}", True),
    }
    for (sheet_name, column), (source, strict) in lists.items():
        if sheet_name == name:
            rule = DataValidation(type="list", formula1=source, allow_blank=True)
            rule.showErrorMessage = strict
            rule.error = f"Choose a value from the list for {column}."
            rule.add(cells(column))
            sheet.add_data_validation(rule)


def _whole(sheet: Worksheet, cells: str, least: int) -> None:
    rule = DataValidation(
        type="whole", operator="greaterThanOrEqual", formula1=str(least), allow_blank=True
    )
    rule.error = f"Type a whole number, {least} or more."
    rule.showErrorMessage = True
    rule.add(cells)
    sheet.add_data_validation(rule)


SETTING_MEANINGS = {
    "name": "the scenario's name, shown on every report (required)",
    "weeks": "number of teaching weeks, 1 to 104 (required)",
    "start_date": "optional: the Monday of week 1, for dates in reports",
    "no_deadline_weeks": "optional: weeks in which no task may be due, e.g. 7;8 (default none)",
    "policy.tasks_per_student.min": "fewest tasks a student does in the term, common tasks included (default 1)",
    "policy.tasks_per_student.max": "most tasks a student does in the term (empty: no maximum)",
    "policy.max_deadlines_per_week": "most tasks due for one student in one week (empty: no limit)",
    "policy.feedback_weeks": "work due in week w is marked in weeks w+1 .. w+this (default 1)",
    "policy.min_drafted_tasks": "fewest tasks with a draft each student does (default 0)",
}

INSTRUCTIONS = [
    "How to fill in this scenario workbook",
    "Each sheet holds one part of the term's plan. Keep the sheet names and the column "
    "headers in row 1 as they are; add one row per item below them. Empty rows are skipped.",
    "Row 2 of each sheet is an example: change it or delete it.",
    "Check the workbook with:  scheduler validate THIS_FILE.xlsx",
    "Plan the term with:  scheduler solve THIS_FILE.xlsx --out plans/term1",
    "Sheet settings: one key per row; leave a value empty for its default.",
    "Sheet criteria: one row per criterion (id, name, min_per_period, max_per_period); "
    "an empty min_per_period means 2, an empty max_per_period no maximum.",
    "Sheet periods: one row per reporting period (name, first_week, last_week); "
    "leave it empty for one period over the whole term.",
    "Sheet units: optional, one row per unit of work (id, name, min_tasks, max_tasks): each "
    "student does min_tasks to max_tasks tasks of the unit; an empty min_tasks means 1. "
    "Give each task its unit in the tasks sheet's unit column.",
    "Sheet skills: optional, one row per skill a task may practise (id, name, min_per_term, "
    "max_per_term), such as a full lab report; an empty min_per_term means 0. Give tasks "
    "their skills in the tasks sheet's skills column (LAB;ORAL).",
    "Drafts: a task's draft_weeks (2 or more) gives every submission a draft that many weeks "
    "before its final, with feedback back before the final is due; draft_minutes are the "
    "minutes of feedback on one draft, for whoever marks the final.",
    "Moderation: a task's moderator (a teacher other than its marker) re-marks "
    "moderation_sample of its submissions (3 if empty) in the feedback weeks after it is due.",
    "Sheet tasks: the menu, one row per task. due_week is a week (5) or a window (5-7); "
    "lists such as criteria and classes are separated by ; (A;C).",
    "Own due weeks: a task with a window and due_mode own lets each student hand it in in a "
    "week of their own inside the window (shared, the default: one week for everyone). A "
    "student may wish for weeks in the preferences sheet's week column (9 or 9-10); wishes "
    "are granted as far as the students' ranks allow.",
    "Sheet students: the roster; away_weeks (optional) are weeks a student is away, such as "
    "4;5: nothing of theirs is due then, and a common task due then excuses them. Sheet "
    "teachers: who marks, and how much fits in a week.",
    "Sheet preferences: the students' choices, either one row per student and task "
    "(student_id, task_id, rank), or one row per student with columns 1st choice, "
    "2nd choice, ... holding task ids or titles, as online forms export them.",
    "Sheet pins: optional decisions already taken (rule must or never).",
    "Groups: a task's group_size (3, or 2-4) has it done in groups of that many students of "
    "one class, each group handing in one submission (marked once). Sheet partners: optional, "
    "one row per pair: wish with (the student would like to work with the partner, a wish) "
    "or never (the two are never in one group, a rule).",
    "Drop-down lists offer yes/no, must/never, shared/own, the criteria, units, skills, "
    "teachers and "
    "tasks; number "
    "columns accept whole numbers only.",
    "",
    "Every column:",
]


def column_reference() -> list[str]:
    """One line per sheet column: whether it is required, what it holds, and for an optional
    column what an empty cell means."""
    lines = []
    for sheet, model in ROW_MODELS.items():
        for name, info in model.model_fields.items():
            column = info.alias or name
            need = (
                "required"
                if info.is_required()
                else f"optional; empty means {EMPTY_MEANS[sheet, column]}"
            )
            lines.append(f"{sheet} / {column} ({need}): {info.description}")
    lines += [
        "preferences / student_id (required): a student_id from the students sheet",
        "preferences / task_id (required): a task_id from the tasks sheet",
        "preferences / rank (required): 1 = most wanted; ties allowed",
        "preferences / week (optional; empty means no wish): for a task whose due_mode is "
        "own, the week (9) or weeks (9-10) the student would like to hand it in",
    ]
    return lines


# What an empty cell of each optional column means (the model's default, in words).
EMPTY_MEANS = {
    ("criteria", "name"): "no name",
    ("criteria", "min_per_period"): "2",
    ("criteria", "max_per_period"): "no maximum",
    ("units", "name"): "no name",
    ("units", "min_tasks"): "1",
    ("units", "max_tasks"): "no maximum",
    ("skills", "name"): "no name",
    ("skills", "min_per_term"): "0",
    ("skills", "max_per_term"): "no maximum",
    ("tasks", "unit"): "the task is in no unit",
    ("tasks", "skills"): "the task practises no skill",
    ("tasks", "draft_weeks"): "no draft",
    ("tasks", "draft_minutes"): "0 (no minutes of feedback on drafts)",
    ("tasks", "moderator"): "no moderation",
    ("tasks", "moderation_sample"): "3 when a moderator is given",
    ("tasks", "due_mode"): "shared (one due week for everyone doing the task)",
    ("tasks", "group_size"): "each student does the task alone",
    ("tasks", "capacity"): "no limit",
    ("tasks", "min_students"): "1",
    ("tasks", "marker"): "each student's class teacher marks it",
    ("tasks", "common"): "no",
    ("tasks", "classes"): "open to every class",
    ("students", "away_weeks"): "the student is here every week",
    ("teachers", "classes"): "the teacher has no class of their own",
    ("teachers", "unavailable_weeks"): "marking time every week",
}


def template_scenario() -> Scenario:
    """A small valid scenario: the example rows of the template."""
    settings = Settings(
        name="Year 9 Sciences, Term 1",
        weeks=12,
        start_date=datetime.date(2027, 1, 11),
        no_deadline_weeks=(7,),
        periods=(
            Period(name="Interim", first_week=1, last_week=6),
            Period(name="Final", first_week=7, last_week=12),
        ),
        criteria=(
            Criterion(id="A", name="Knowing and understanding", min_per_period=1),
            Criterion(id="B", name="Inquiring and designing", min_per_period=1),
            Criterion(id="C", name="Processing and evaluating", min_per_period=1),
            Criterion(id="D", name="Reflecting on the impacts of science", min_per_period=1),
        ),
        units=(Unit(id="U1", name="Chemical reactions", min_tasks=1),),
        skills=(Skill(id="LAB", name="Full lab report", min_per_term=1),),
        policy={"tasks_per_student": {"min": 4, "max": 6}, "max_deadlines_per_week": 1},
    )
    task = Task(
        task_id="S01",
        title="Lab practical: rates of reaction",
        criteria="B;C",
        due_week="3-4",
        marking_minutes=20,
        capacity=60,
        marker="OKA",
        unit="U1",
        skills="LAB",
    )
    return Scenario(
        settings=settings,
        tasks=(task,),
        students=(Student(student_id="9A01", name="Ada Example", **{"class": "9A"}),),
        teachers=(
            Teacher(teacher_id="OKA", name="Ms Okafor", classes="9A", weekly_marking_minutes=300),
        ),
        preferences={"9A01": {"S01": 1}},
        pins=(Pin(student_id="9A01", task_id="S01", rule="must"),),
    )
