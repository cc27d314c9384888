"""Table-driven: each broken scenario exits 1 and names the file, row and column of the fault.

Each case makes one edit to the valid base scenario, then checks that a problem line starts
with the expected place (file, row or line, column or key) and says the expected words.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import run


def set_cell(file: str, row: int, column: str, value: str):
    """Edit one cell; ``row`` is the spreadsheet row (the header is row 1)."""

    def edit(folder: Path) -> None:
        path = folder / file
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        rows[row - 1][rows[0].index(column)] = value
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)

    return edit


def add_line(file: str, line: str):
    def edit(folder: Path) -> None:
        with (folder / file).open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    return edit


def replace(file: str, old: str, new: str):
    def edit(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def delete(file: str):
    return lambda folder: (folder / file).unlink()


def write_bytes(file: str, data: bytes):
    return lambda folder: (folder / file).write_bytes(data)


def edits(*steps):
    """Several edits made one after another."""

    def edit(folder: Path) -> None:
        for step in steps:
            step(folder)

    return edit


CASES = [
    # missing files and columns
    ("missing file", delete("tasks.csv"), "tasks.csv: ", "missing"),
    ("missing settings", delete("scenario.yaml"), "scenario.yaml: ", "missing"),
    (
        "missing column",
        replace("tasks.csv", "marking_minutes", "minutes"),
        "tasks.csv, row 1, column marking_minutes:",
        "required column",
    ),
    (
        "column twice",
        replace("students.csv", "student_id,name,class", "student_id,name,class,name"),
        "students.csv, row 1, column name:",
        "twice",
    ),
    (
        "empty file",
        write_bytes("teachers.csv", b""),
        "teachers.csv, row 1:",
        "header row is missing",
    ),
    (
        "not utf-8",
        write_bytes(
            "students.csv", "student_id,name,class\nS1,Ana,7A\nS2,Zo\xeb,7A\n".encode("latin-1")
        ),
        "students.csv, row 3:",
        "utf-8",
    ),
    (
        "too many cells",
        add_line("students.csv", "S7,Gus,7A,extra"),
        "students.csv, row 8:",
        "4 cells",
    ),
    # unknown or duplicate ids
    (
        "duplicate task",
        add_line("tasks.csv", "T2,Again,A,5,10,,,,no,"),
        "tasks.csv, row 7, column task_id:",
        "already used in row 3",
    ),
    (
        "duplicate student",
        add_line("students.csv", "S3,Cat,7A"),
        "students.csv, row 8, column student_id:",
        "already used in row 4",
    ),
    (
        "duplicate teacher",
        add_line("teachers.csv", "K1,Kit,,100,"),
        "teachers.csv, row 5, column teacher_id:",
        "already used in row 2",
    ),
    (
        "preference unknown student",
        set_cell("preferences.csv", 3, "student_id", "S99"),
        "preferences.csv, row 3, column student_id:",
        '"s99" is not a student_id',
    ),
    (
        "preference unknown task",
        set_cell("preferences.csv", 4, "task_id", "T99"),
        "preferences.csv, row 4, column task_id:",
        '"t99" is not a task_id',
    ),
    (
        "preference twice",
        add_line("preferences.csv", "S1,T2,3"),
        "preferences.csv, row 8, column task_id:",
        "already ranks task t2 in row 2",
    ),
    (
        "pin unknown student",
        set_cell("pins.csv", 2, "student_id", "X1"),
        "pins.csv, row 2, column student_id:",
        '"x1" is not a student_id',
    ),
    (
        "pin unknown task",
        set_cell("pins.csv", 3, "task_id", "T0"),
        "pins.csv, row 3, column task_id:",
        '"t0" is not a task_id',
    ),
    (
        "unknown criterion",
        set_cell("tasks.csv", 4, "criteria", "A;E"),
        "tasks.csv, row 4, column criteria:",
        'criterion "e" is not defined',
    ),
    (
        "unknown marker",
        set_cell("tasks.csv", 3, "marker", "NOBODY"),
        "tasks.csv, row 3, column marker:",
        "not a teacher_id",
    ),
    (
        "unknown class",
        set_cell("tasks.csv", 5, "classes", "7Z"),
        "tasks.csv, row 5, column classes:",
        'class "7z" has no students',
    ),
    # weeks and periods
    (
        "due week after term",
        set_cell("tasks.csv", 4, "due_week", "9"),
        "tasks.csv, row 4, column due_week:",
        "after the term's last week (8)",
    ),
    (
        "due week in no-deadline week",
        set_cell("tasks.csv", 5, "due_week", "4"),
        "tasks.csv, row 5, column due_week:",
        "no-deadline week",
    ),
    (
        "window reversed",
        set_cell("tasks.csv", 3, "due_week", "6-5"),
        "tasks.csv, row 3, column due_week:",
        "ends before it starts",
    ),
    (
        "window as a date",
        set_cell("tasks.csv", 3, "due_week", "5-Jun"),
        "tasks.csv, row 3, column due_week:",
        "looks like a date",
    ),
    (
        "periods overlap",
        replace("scenario.yaml", "{name: Second, first_week: 5", "{name: Second, first_week: 4"),
        "scenario.yaml, line 6, key periods[2].first_week:",
        "overlaps period first",
    ),
    (
        "period leaves term",
        replace("scenario.yaml", "last_week: 8}", "last_week: 9}"),
        "scenario.yaml, line 6, key periods[2].last_week:",
        "after the term's last week",
    ),
    (
        "no-deadline week after term",
        replace("scenario.yaml", "no_deadline_weeks: [4]", "no_deadline_weeks: [4, 11]"),
        "scenario.yaml, line 3, key no_deadline_weeks[2]:",
        "after the last week",
    ),
    # numbers
    (
        "minutes not a number",
        set_cell("tasks.csv", 2, "marking_minutes", "ten"),
        "tasks.csv, row 2, column marking_minutes:",
        '"ten" is not a whole number',
    ),
    (
        "negative capacity",
        set_cell("tasks.csv", 5, "capacity", "-3"),
        "tasks.csv, row 5, column capacity:",
        "too small",
    ),
    (
        "negative weekly minutes",
        set_cell("teachers.csv", 3, "weekly_marking_minutes", "-60"),
        "teachers.csv, row 3, column weekly_marking_minutes:",
        "too small",
    ),
    (
        "fractional rank",
        set_cell("preferences.csv", 2, "rank", "1.5"),
        "preferences.csv, row 2, column rank:",
        "not a whole number",
    ),
    (
        "rank zero",
        set_cell("preferences.csv", 2, "rank", "0"),
        "preferences.csv, row 2, column rank:",
        "least allowed is 1",
    ),
    (
        "weeks not a number",
        replace("scenario.yaml", "weeks: 8", "weeks: eight"),
        "scenario.yaml, line 2, key weeks:",
        '"eight" is not a whole number',
    ),
    (
        "bad start date",
        replace("scenario.yaml", "weeks: 8", "weeks: 8\nstart_date: next monday"),
        "scenario.yaml, line 3, key start_date:",
        "not a date",
    ),
    (
        "empty required cell",
        set_cell("tasks.csv", 3, "title", ""),
        "tasks.csv, row 3, column title:",
        "is empty",
    ),
    # sizes
    (
        "min_students above capacity",
        set_cell("tasks.csv", 3, "min_students", "5"),
        "tasks.csv, row 3, column min_students:",
        "above capacity 4",
    ),
    (
        "common task too small",
        set_cell("tasks.csv", 2, "capacity", "3"),
        "tasks.csv, row 2, column capacity:",
        "all 6 students",
    ),
    (
        "common task too few takers",
        set_cell("tasks.csv", 2, "min_students", "7"),
        "tasks.csv, row 2, column min_students:",
        "only 6 students",
    ),
    # teachers and classes
    (
        "class without teacher",
        set_cell("teachers.csv", 3, "classes", ""),
        "students.csv, row 5, column class:",
        "class 7b has no teacher",
    ),
    (
        "class taught twice",
        set_cell("teachers.csv", 3, "classes", "7A;7B"),
        "teachers.csv, row 3, column classes:",
        "also taught by k1",
    ),
    # pins
    (
        "pin to a closed task",
        add_line("pins.csv", "S2,T4,must"),
        "pins.csv, row 4, column task_id:",
        "closed to class 7a",
    ),
    (
        "never pin on common task",
        add_line("pins.csv", "S2,T1,never"),
        "pins.csv, row 4, column rule:",
        "task t1 is common",
    ),
    (
        "pins contradict",
        add_line("pins.csv", "S1,T3,never"),
        "pins.csv, row 4, column rule:",
        "row 2 pins s1 to t3 as must",
    ),
    (
        "pin rule unknown",
        set_cell("pins.csv", 2, "rule", "sometimes"),
        "pins.csv, row 2, column rule:",
        "not one of",
    ),
    (
        "too many forced tasks",
        edits(add_line("pins.csv", "S1,T2,must"), replace("scenario.yaml", "max: 4", "max: 2")),
        "pins.csv, row 4, column task_id:",
        "must do 3 tasks",
    ),
    # settings
    (
        "unknown setting",
        replace("scenario.yaml", "max_deadlines_per_week", "max_deadline_per_week"),
        "scenario.yaml, line 12, key policy.max_deadline_per_week:",
        'did you mean "max_deadlines_per_week"',
    ),
    (
        "criterion min above max",
        replace(
            "scenario.yaml",
            "min_per_period: 0, max_per_period: 2",
            "min_per_period: 3, max_per_period: 2",
        ),
        "scenario.yaml, line 9, key criteria[2].max_per_period:",
        "below min_per_period 3",
    ),
    (
        "tasks per student min above max",
        replace("scenario.yaml", "{min: 2, max: 4}", "{min: 5, max: 4}"),
        "scenario.yaml, line 11, key policy.tasks_per_student.max:",
        "below min 5",
    ),
    (
        "criterion defined twice",
        replace("scenario.yaml", "{id: B,", "{id: A,"),
        "scenario.yaml, line 9, key criteria[2].id:",
        "defined twice",
    ),
    (
        "yaml syntax",
        replace("scenario.yaml", "weeks: 8", "weeks: [8"),
        "scenario.yaml, line",
        "not valid yaml",
    ),
]


@pytest.mark.parametrize(
    ("edit", "where", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_broken_scenario_names_the_place(base, edit, where, words):
    edit(base)
    result = run("validate", base)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith(f"  - {where}")]
    assert lines, f"no problem at {where!r} in:\n{result.output}"
    assert any(words in line.lower() for line in lines), result.output


def test_at_least_twenty_faults_name_file_row_and_column():
    located = [c for c in CASES if ", row " in c[2] or (", line " in c[2] and "key" in c[2])]
    assert len({c[0] for c in located}) >= 20


def test_every_problem_is_listed_not_just_the_first(base):
    set_cell("tasks.csv", 2, "marking_minutes", "ten")(base)
    set_cell("students.csv", 3, "class", "")(base)
    add_line("preferences.csv", "S1,T99,4")(base)
    replace("scenario.yaml", "weeks: 8", "weeks: -1")(base)
    result = run("validate", base)
    assert result.exit_code == 1
    for where in (
        "tasks.csv, row 2, column marking_minutes",
        "students.csv, row 3, column class",
        "preferences.csv, row 8, column task_id",
        "scenario.yaml, line 2, key weeks",
    ):
        assert where in result.output


def test_unknown_column_is_a_warning_that_guesses(base):
    replace("tasks.csv", "classes\n", "classes,notes\n")(base)
    result = run("validate", base)
    assert result.exit_code == 0, result.output
    assert 'tasks.csv, row 1, column notes: warning: "notes" is not a name' in result.output
    assert "The column is ignored" in result.output


def test_missing_folder_is_bad_input(tmp_path):
    result = run("validate", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_a_teachers_broken_row_still_teaches_its_classes(base):
    """A teacher's row with a bad cell is one problem, not also one for each of its classes
    ("class 7B has no teacher"), which would send the user to fix what is not broken."""
    set_cell("teachers.csv", 3, "weekly_marking_minutes", "lots")(base)
    result = run("validate", base)
    assert result.exit_code == 1, result.output
    assert "teachers.csv, row 3, column weekly_marking_minutes:" in result.output
    assert "has no teacher" not in result.output
    assert "1 problem to fix" in result.output
