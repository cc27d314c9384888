"""A scenario as one workbook: round trips, the template, and problems named by sheet."""

from __future__ import annotations

import datetime

import pytest
from openpyxl import load_workbook

from scheduler.exceptions import ScenarioError
from scheduler.scenario import load_scenario, load_with_warnings
from scheduler.scenario.files.workbook_write import template_scenario, write_scenario_workbook
from scheduler.scenario.files.write import scenario_files
from tests.conftest import BUNDLED, DATA, run

FOLDERS = [DATA / "base", *BUNDLED]


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_folder_to_workbook_to_folder_gives_the_same_scenario(folder, tmp_path):
    book, back = tmp_path / "scenario.xlsx", tmp_path / "back"
    assert run("convert", folder, book).exit_code == 0
    assert run("convert", book, back).exit_code == 0
    assert load_scenario(book) == load_scenario(folder)
    lines = [c.value for c in load_workbook(book)["instructions"]["A"]]
    assert not any("is an example" in (line or "") for line in lines)
    for name, text in scenario_files(load_scenario(folder)).items():
        assert (back / name).read_text(encoding="utf-8") == text


def test_the_template_is_a_valid_scenario_with_drop_downs(tmp_path):
    path = tmp_path / "term.xlsx"
    result = run("template", path)
    assert result.exit_code == 0, result.output
    scenario, warnings = load_with_warnings(path)
    assert scenario == template_scenario()
    assert warnings == []
    book = load_workbook(path)
    assert book.sheetnames[0] == "instructions"
    assert "Row 2 of each sheet is an example: change it or delete it." in [
        c.value for c in book["instructions"]["A"]
    ]
    for sheet in ("tasks", "students", "teachers", "preferences", "pins", "criteria"):
        assert book[sheet].max_row >= 2, f"{sheet} has an example row"
    rules = {
        (name, v.type, v.formula1): str(v.sqref)
        for name in book.sheetnames
        for v in book[name].data_validations.dataValidation
    }
    assert ("tasks", "list", '"yes,no"') in rules
    assert ("pins", "list", '"must,never"') in rules
    assert ("tasks", "list", "criteria!$A$2:$A$100") in rules
    assert ("tasks", "whole", "0") in rules  # marking_minutes
    assert ("preferences", "whole", "1") in rules  # rank
    assert book["tasks"]["D2"].number_format == "@"  # due_week stays text: 3-4, not a date


def test_template_refuses_to_overwrite(tmp_path):
    path = tmp_path / "term.xlsx"
    path.write_bytes(b"mine")
    result = run("template", path)
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert path.read_bytes() == b"mine"


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "year9.xlsx"
    write_scenario_workbook(load_scenario(DATA / "base"), path)
    return path


def edit(path, changes):
    workbook = load_workbook(path)
    for sheet, cell, value in changes:
        if cell is None:
            del workbook[sheet]
        else:
            workbook[sheet][cell] = value
    workbook.save(path)


BROKEN = [
    ("tasks", "D3", "ten", "year9.xlsx, sheet tasks, row 3, column due_week", "not a week"),
    (
        "tasks",
        "D3",
        datetime.datetime(2026, 5, 7),
        "year9.xlsx, sheet tasks, row 3, column due_week",
        "looks like a date",
    ),
    (
        "tasks",
        "H3",
        "NOBODY",
        "year9.xlsx, sheet tasks, row 3, column marker",
        "not a teacher_id in the teachers sheet",
    ),
    ("students", "C2", None, "year9.xlsx, sheet students, row 2, column class", "is empty"),
    ("settings", "B3", "twelve", "year9.xlsx, sheet settings, row 3, key weeks", "whole number"),
    (
        "settings",
        "A2",
        "nmae",
        "year9.xlsx, sheet settings, row 2",
        'Did you mean "name"',
    ),
    (
        "criteria",
        "C2",
        -1,
        "year9.xlsx, sheet criteria, row 2, column min_per_period",
        "too small",
    ),
    (
        "periods",
        "C3",
        40,
        "year9.xlsx, sheet periods, row 3, column last_week",
        "after the term's last week",
    ),
    (
        "preferences",
        "B2",
        "T9",
        "year9.xlsx, sheet preferences, row 2, column task_id",
        "not a task_id in the tasks sheet",
    ),
    ("pins", "C2", "maybe", "year9.xlsx, sheet pins, row 2, column rule", "not one of"),
    ("teachers", None, None, "year9.xlsx, sheet teachers", "Add a sheet named teachers"),
]


@pytest.mark.parametrize(("sheet", "cell", "value", "where", "words"), BROKEN)
def test_a_broken_workbook_names_sheet_row_and_column(book, sheet, cell, value, where, words):
    edit(book, [(sheet, cell, value)])
    result = run("validate", book)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip().startswith(f"- {where}")]
    assert lines, result.output
    assert any(words in line for line in lines), result.output


def test_a_file_that_is_not_a_workbook_is_bad_input(tmp_path):
    path = tmp_path / "scenario.xlsx"
    path.write_text("task_id,title\n", encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 1
    assert "scenario.xlsx: this is not an Excel workbook" in result.output


def test_whole_numbers_typed_as_decimals_and_sheet_names_in_any_case_are_read(book):
    workbook = load_workbook(book)
    workbook["tasks"]["E2"] = 10.0
    workbook["tasks"].title = "menu"
    workbook["menu"].title = "Tasks "
    workbook.save(book)
    assert load_scenario(book).task_by_id["T1"].marking_minutes == 10


def test_convert_refuses_a_non_empty_folder_and_keeps_it(base, tmp_path):
    out = tmp_path / "kept"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("convert", base, out)
    assert result.exit_code == 1
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_convert_says_ignored_columns_are_not_carried_over(base, tmp_path):
    tasks = base / "tasks.csv"
    lines = tasks.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",notes"] + [line + "," for line in lines[1:]]
    tasks.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("convert", base, tmp_path / "out.xlsx")
    assert result.exit_code == 0
    assert "notes" in result.output
    assert "not carried over" in result.output


def test_formula_like_names_survive_csv_and_workbook_as_plain_text(base, tmp_path):
    students = base / "students.csv"
    text = students.read_text(encoding="utf-8").replace("Ana", "=HYPERLINK(1)")
    students.write_text(text.replace("Ben", "+Ben").replace("Cai", "@Cai"), encoding="utf-8")
    scenario = load_scenario(base)
    book, folder = tmp_path / "s.xlsx", tmp_path / "s"
    assert run("convert", base, book).exit_code == 0
    assert run("convert", book, folder).exit_code == 0
    cells = [c.value for c in load_workbook(book)["students"]["B"]]
    assert "=HYPERLINK(1)" in cells
    assert load_workbook(book)["students"]["B2"].data_type == "s"
    written = (folder / "students.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(1)" in written
    assert "'+Ben" in written
    assert "'@Cai" in written
    assert load_scenario(folder) == scenario
    assert load_scenario(book) == scenario


def test_scenario_workbook_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    path = tmp_path / "s.xlsx"
    path.write_bytes(b"old")

    def broken_save(self, filename):
        with open(filename, "wb") as handle:
            handle.write(b"half")
        raise OSError("disk full")

    monkeypatch.setattr("openpyxl.Workbook.save", broken_save)
    with pytest.raises(OSError):
        write_scenario_workbook(load_scenario(DATA / "base"), path, overwrite=True)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["s.xlsx"]


def test_missing_criteria_sheet_is_reported_once(book):
    edit(book, [("criteria", None, None)])
    with pytest.raises(ScenarioError) as error:
        load_scenario(book)
    assert [str(p) for p in error.value.errors] == [
        "year9.xlsx, sheet criteria: the sheet is missing. Add a sheet named criteria (the "
        'workbook has the sheets "instructions", "settings", "periods", "units", "skills", "tasks", "students", "teachers", '
        '"preferences", "pins", "partners").'
    ]


def test_a_scenario_workbook_solves_like_its_folder(tmp_path):
    folder = DATA / "base"
    book = tmp_path / "base.xlsx"
    write_scenario_workbook(load_scenario(folder), book)
    one = run("solve", folder, "--out", tmp_path / "a", "--quiet", "--workers", "1")
    two = run("solve", book, "--out", tmp_path / "b", "--quiet", "--workers", "1")
    assert one.exit_code == two.exit_code == 0
    assert (tmp_path / "a" / "allocation.csv").read_bytes() == (
        tmp_path / "b" / "allocation.csv"
    ).read_bytes()
