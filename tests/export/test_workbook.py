"""plan.xlsx: the department's document, read back by check after a person edits it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scheduler.check import check
from scheduler.export import write_plan
from scheduler.plan import Assignment, Plan, Status, read_allocation
from scheduler.plan.workbook import read_plan_workbook
from scheduler.scenario import load_scenario
from tests.conftest import DATA, run

# A valid plan for tests/data/base with the Lab (T2) full: capacity 2, two students.
FULL_LAB = [
    ("S1", "T1", 2, "K1"),
    ("S1", "T3", 7, "K1"),
    ("S2", "T1", 2, "K1"),
    ("S2", "T2", 6, "LAB"),
    ("S3", "T1", 2, "K1"),
    ("S3", "T3", 7, "K1"),
    ("S4", "T1", 2, "K2"),
    ("S4", "T2", 6, "LAB"),
    ("S5", "T1", 2, "K2"),
    ("S5", "T3", 7, "K2"),
    ("S6", "T1", 2, "K2"),
    ("S6", "T3", 7, "K2"),
]


@pytest.fixture
def full_lab(base, tmp_path):
    """The base scenario with T2 capped at 2, and its plan written to tmp_path/plan."""
    tasks = base / "tasks.csv"
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace("T2,Lab,A;B,5-6,20,4,2", "T2,Lab,A;B,5-6,20,2,2"),
        encoding="utf-8",
    )
    scenario = load_scenario(base)
    plan = Plan(status=Status.FEASIBLE, assignments=tuple(Assignment(*a) for a in FULL_LAB))
    assert check(scenario, list(plan.assignments)) == []
    write_plan(scenario, plan, tmp_path / "plan")
    return base, tmp_path / "plan" / "plan.xlsx"


def student_row(sheet, student_id):
    return next(row for row in sheet.iter_rows(min_row=2) if row[0].value == student_id)


def slot(sheet, row, name):
    header = [c.value for c in sheet[1]]
    return row[header.index(name)]


def test_plan_xlsx_read_back_is_the_same_plan(full_lab):
    base, book = full_lab
    scenario = load_scenario(base)
    assignments, source = read_plan_workbook(book, scenario)
    assert sorted(assignments) == sorted(Assignment(*a) for a in FULL_LAB)
    assert "the Students sheet agrees" in source


def test_the_year_group_plan_round_trips_through_plan_xlsx(tmp_path):
    scenario = load_scenario(DATA / "year-group-v1")
    rows = read_allocation(DATA / "year-group-plan" / "allocation.csv", scenario)
    plan = Plan(status=Status.FEASIBLE, assignments=tuple(rows))
    write_plan(scenario, plan, tmp_path)
    back, _ = read_plan_workbook(tmp_path / "plan.xlsx", scenario)
    assert sorted(back) == sorted(rows)
    book = load_workbook(tmp_path / "plan.xlsx")
    del book["Allocation"]
    book.save(tmp_path / "plan.xlsx")
    back, source = read_plan_workbook(tmp_path / "plan.xlsx", scenario)
    assert sorted(back) == sorted(rows)
    assert source == "Read the Students sheet of plan.xlsx."


def test_moving_a_student_into_a_full_task_is_exactly_one_breach(full_lab):
    base, path = full_lab
    book = load_workbook(path)
    sheet = book["Students"]
    row = student_row(sheet, "S3")
    assert [slot(sheet, row, "task 2").value, slot(sheet, row, "due week 2").value] == ["T3", 7]
    slot(sheet, row, "task 2").value = "T2"  # as a person would: Essay -> Lab, due in week 6
    slot(sheet, row, "due week 2").value = 6
    book.save(path)
    result = run("check", base, path)
    assert result.exit_code == 5, result.output
    assert "The Students sheet of plan.xlsx was edited" in result.output
    breaches = [line for line in result.output.splitlines() if line.startswith("  - ")]
    assert breaches == [
        "  - Rule 3 (task sizes): T2 (Lab) has 3 students, more than its capacity of 2."
    ]


def test_a_plan_folder_holding_only_plan_xlsx_is_checked_from_it(full_lab):
    base, path = full_lab
    (path.parent / "allocation.csv").unlink()
    result = run("check", base, path.parent)
    assert result.exit_code == 0
    assert "Read the Allocation sheet of plan.xlsx" in result.output


def test_an_edited_allocation_sheet_is_the_one_read(full_lab):
    base, path = full_lab
    book = load_workbook(path)
    sheet = book["Allocation"]
    sheet["C5"] = 5  # S2's Lab now due in week 5, S4's still in week 6
    book.save(path)
    result = run("check", base, path)
    assert result.exit_code == 5
    assert "The Allocation sheet of plan.xlsx was edited" in result.output
    assert "Rule 2 (due weeks): Students doing T2 (Lab) have different due weeks" in result.output


def test_both_sheets_edited_differently_is_bad_input(full_lab):
    base, path = full_lab
    book = load_workbook(path)
    book["Allocation"]["C5"] = 5
    row = student_row(book["Students"], "S3")
    slot(book["Students"], row, "due week 1").value = 3
    book.save(path)
    result = run("check", base, path)
    assert result.exit_code == 1
    assert "The plan cannot be used" in result.output
    assert "the Students and Allocation sheets disagree" in result.output


def test_a_bad_cell_in_the_students_sheet_names_its_row_and_column(full_lab):
    base, path = full_lab
    book = load_workbook(path)
    row = student_row(book["Students"], "S3")
    slot(book["Students"], row, "task 2").value = "T99"
    slot(book["Students"], row, "due week 1").value = "soon"
    book.save(path)
    result = run("check", base, path)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        'plan.xlsx, sheet Students, row 4, column task 2: "T99" is not a task_id in tasks.csv'
        in result.output
    )
    assert 'plan.xlsx, sheet Students, row 4, column due week 1: "soon" is not a week' in (
        result.output
    )


def test_the_workbook_has_what_a_department_shares(tmp_path):
    scenario = load_scenario(DATA / "year-group-v1")
    rows = read_allocation(DATA / "year-group-plan" / "allocation.csv", scenario)
    write_plan(scenario, Plan(status=Status.OPTIMAL, assignments=tuple(rows)), tmp_path)
    book = load_workbook(tmp_path / "plan.xlsx")
    assert len(book["Summary"]._charts) == 1
    assert len(book["Teacher load"]._charts) == 1
    assert book["Teacher load"].conditional_formatting
    assert book["Coverage"].conditional_formatting
    for name in ("Students", "Tasks", "Teacher load", "Coverage", "Calendar", "Allocation"):
        assert book[name].freeze_panes == "A2", name
        assert book[name].auto_filter.ref, name
    tasks = book["Tasks"]
    header = [c.value for c in tasks[1]]
    assert {"status", "due week", "due date", "students", "capacity", "marker"} <= set(header)
    calendar = [c.value for c in book["Calendar"][1]]
    assert calendar[:4] == ["week", "starts", "period", "note"]
    assert book["Calendar"]["B2"].value.date().isoformat() == "2027-01-11"
    students = [c.value for c in book["Students"][1]]
    assert students[:7] == [
        "student_id", "name", "class", "task 1", "title 1", "due week 1", "rank 1"
    ]  # fmt: skip
    assert any(str(h).startswith("Interim A") for h in students)
    assert book["Rosters"]["A1"].value.startswith("S01 Common assessment")


def test_formula_like_names_are_plain_text_in_plan_files(base, tmp_path):
    students = base / "students.csv"
    text = students.read_text(encoding="utf-8").replace("S1,Ana", "=S1,=cmd|' /C calc'!A0")
    students.write_text(text, encoding="utf-8")
    for name in ("preferences.csv", "pins.csv"):
        path = base / name
        path.write_text(path.read_text(encoding="utf-8").replace("S1,", "=S1,"), encoding="utf-8")
    out = tmp_path / "plan"
    assert run("solve", base, "--out", out, "--quiet").exit_code == 0
    assert "'=S1,T1" in (out / "allocation.csv").read_text(encoding="utf-8")
    sheet = load_workbook(out / "plan.xlsx")["Students"]
    assert sheet["A2"].value == "=S1"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == "=cmd|' /C calc'!A0"
    assert run("check", base, out / "allocation.csv").exit_code == 0
    assert run("check", base, out / "plan.xlsx").exit_code == 0


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_year_group_plan_workbook_opens_in_libreoffice(tmp_path):
    scenario = load_scenario(DATA / "year-group-v1")
    rows = read_allocation(DATA / "year-group-plan" / "allocation.csv", scenario)
    write_plan(scenario, Plan(status=Status.OPTIMAL, assignments=tuple(rows)), tmp_path)
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(tmp_path / "plan.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr
    pdf = Path(tmp_path / "pdf" / "plan.pdf")
    assert pdf.is_file()
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 50_000
