"""Preferences in the wide shape online forms export: one row per student, a column a choice."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from scheduler.exceptions import ScenarioError
from scheduler.scenario import load_scenario, load_with_warnings
from scheduler.scenario.files.preferences import choice_number
from scheduler.scenario.files.workbook_write import write_scenario_workbook
from tests.conftest import BUNDLED, run


@pytest.mark.parametrize(
    ("header", "number"),
    [
        ("1st choice", 1),
        ("2nd Choice", 2),
        ("3rd", 3),
        ("10th choice", 10),
        ("Choice 4", 4),
        ("Preference #2", 2),
        ("rank 5", 5),
        ("Which task do you want most? [1st choice]", 1),
        ("2", 2),
        ("First choice", 1),
        ("third", 3),
        ("student_id", None),
        ("Timestamp", None),
        ("Email address", None),
        ("0th choice", None),
    ],
)
def test_choice_columns_are_recognised(header, number):
    assert choice_number(header) == number


def write_wide(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def wide_rows(scenario, by_title=frozenset()):
    """The scenario's strict rankings as a form export; tasks in ``by_title`` by title."""
    titles = {t.task_id: t.title for t in scenario.tasks}
    longest = max((len(r) for r in scenario.preferences.values()), default=0)
    ordinal = {1: "1st", 2: "2nd", 3: "3rd"}
    header = ["Timestamp", "student_id"]
    header += [f"{ordinal.get(k, f'{k}th')} choice" for k in range(1, longest + 1)]
    rows = [header]
    for student in scenario.students:
        ranks = scenario.preferences.get(student.student_id, {})
        order = sorted(ranks, key=ranks.get)
        cells = [titles[t].upper() if t in by_title else t for t in order]
        rows.append(["2026-11-02 09:00", student.student_id, *cells])
    return rows


def test_wide_and_long_shapes_give_the_same_scenario(base):
    scenario = load_scenario(base)
    write_wide(base / "preferences.csv", wide_rows(scenario, by_title={"T3", "T4"}))
    wide, warnings = load_with_warnings(base)
    assert wide == scenario
    assert [w.column for w in warnings] == ["Timestamp"]


def test_wide_and_long_shapes_give_the_same_plan(tmp_path):
    """On the real AGH 2003 rankings: the form shape, with one task named by its title."""
    folder = next(p for p in BUNDLED if p.name == "agh-2003")
    scenario = load_scenario(folder)
    long_book, wide_book = tmp_path / "long.xlsx", tmp_path / "wide.xlsx"
    write_scenario_workbook(scenario, long_book)
    write_scenario_workbook(scenario, wide_book)
    book = load_workbook(wide_book)
    del book["preferences"]
    sheet = book.create_sheet("preferences")
    for row in wide_rows(scenario, by_title={scenario.tasks[0].task_id}):
        sheet.append(row)
    book.save(wide_book)
    assert load_scenario(wide_book) == scenario
    plans = []
    for name, path in (("long", long_book), ("wide", wide_book)):
        out = tmp_path / name
        result = run("solve", path, "--out", out, "--quiet", "--workers", "1")
        assert result.exit_code == 0, result.output
        plans.append((out / "allocation.csv").read_text(encoding="utf-8"))
    assert plans[0] == plans[1]


def problems_of(folder):
    with pytest.raises(ScenarioError) as error:
        load_scenario(folder)
    return [str(p) for p in error.value.problems]


def test_unknown_task_in_a_form_names_the_choice_column(base):
    write_wide(
        base / "preferences.csv", [["student_id", "1st choice"], ["S1", "Lab"], ["S2", "Labs"]]
    )
    assert problems_of(base) == [
        'preferences.csv, row 3, column 1st choice: "Labs" is neither a task_id nor a task '
        "title in tasks.csv. Check the spelling."
    ]


def test_a_task_chosen_twice_by_one_student_is_an_error(base):
    write_wide(
        base / "preferences.csv", [["student_id", "1st choice", "2nd choice"], ["S1", "T2", "lab"]]
    )
    assert problems_of(base) == [
        "preferences.csv, row 2, column 2nd choice: task T2 is already this student's "
        "1st choice. Choose each task once."
    ]


def test_a_student_who_answered_twice_keeps_the_later_answer(base):
    rows = [["student_id", "1st choice", "2nd choice"], ["S1", "T2", "T3"], ["S1", "T3", "T2"]]
    write_wide(base / "preferences.csv", rows)
    scenario, warnings = load_with_warnings(base)
    assert scenario.preferences["S1"] == {"T3": 1, "T2": 2}
    assert [str(w) for w in warnings] == [
        "preferences.csv, row 2, column student_id: warning: student S1 answered again in "
        "row 3; this earlier answer is ignored."
    ]


def test_an_unknown_student_in_a_form_is_named(base):
    write_wide(base / "preferences.csv", [["student_id", "1st choice"], ["S99", "T2"]])
    assert problems_of(base) == [
        'preferences.csv, row 2, column student_id: "S99" is not a student_id in students.csv. '
        "Check the spelling, or add it to students.csv."
    ]


def test_a_title_two_tasks_share_must_be_given_as_an_id(base):
    tasks = base / "tasks.csv"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace("Essay", "Lab"), encoding="utf-8")
    write_wide(base / "preferences.csv", [["student_id", "1st choice"], ["S1", "Lab"]])
    assert "is neither a task_id nor a task title" in problems_of(base)[0]
