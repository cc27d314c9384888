"""Students' own due weeks and week wishes (FORMAT.md v2) read from folders and workbooks: the
bad input named at its file, row and column, the warning for a wish that can never be
granted, the plan files, and variants reaching them."""

from __future__ import annotations

import pytest

from scheduler.exceptions import ScenarioError
from scheduler.scenario import load_scenario, load_with_warnings
from scheduler.scenario.files.workbook_write import write_scenario_workbook
from scheduler.scenario.variants.edit import apply_variant
from scheduler.scenario.variants.variant import option_variant
from tests.conftest import add_column, problems, run

# tests/data/base: T1 common quiz (week 2), T2 lab (5-6), T3 essay (7), T4 poster (3, 7B),
# T5 talk (1-3), no deadlines in week 4; S2 ranks T5 first (row 4 of preferences.csv).


def own(folder, *task_ids, mode="own"):
    """Give tasks of the base scenario a due_mode column: ``own(base, "T5")``."""
    add_column(folder / "tasks.csv", "due_mode", lambda c: mode if c[0] in task_ids else "")
    return folder


def wish(folder, **weeks):
    """Give rows of preferences.csv a week wish: ``wish(base, S2_T5="2-3")``."""
    add_column(folder / "preferences.csv", "week", lambda c: weeks.get(f"{c[0]}_{c[1]}", ""))
    return folder


def test_due_mode_and_week_wishes_are_read(base):
    scenario = load_scenario(wish(own(base, "T5"), S2_T5="2-3"))
    assert scenario.task_by_id["T5"].own_weeks and not scenario.task_by_id["T2"].own_weeks
    assert scenario.week_wishes == {("S2", "T5"): (2, 3)}


def test_a_due_mode_that_is_neither_shared_nor_own_is_named(base):
    found = problems(own(base, "T5", mode="sometimes"))
    assert len(found) == 1
    assert found[0].startswith("tasks.csv, row 6, column due_mode:")
    assert "shared" in found[0] and "own" in found[0]
    assert run("validate", base).exit_code == 1


def test_a_week_wish_on_a_shared_task_is_named(base):
    found = problems(wish(base, S2_T5="2"))
    assert found == [
        "preferences.csv, row 4, column week: T5 has one due week for everyone (its due_mode "
        "is not own), so a week wish cannot apply. Clear the cell, or write own in T5's "
        "due_mode column in tasks.csv."
    ]


def test_a_week_wish_outside_the_window_is_named(base):
    found = problems(wish(own(base, "T5"), S2_T5="3-5"))
    assert found == [
        "preferences.csv, row 4, column week: weeks 4, 5 are outside T5's due weeks (weeks "
        "1-3). Wish for weeks inside them."
    ]


def test_a_week_wish_that_is_no_week_is_named(base):
    found = problems(wish(own(base, "T5"), S2_T5="soon"))
    assert found[0].startswith('preferences.csv, row 4, column week: "soon" is not a week')


def test_a_wish_that_can_never_be_granted_is_a_warning(base):
    folder = wish(own(base, "T5"), S2_T5="2")
    students = folder / "students.csv"
    students.write_text(students.read_text() + "S7,Gus,7A\n")
    text = students.read_text().replace("S2,Ben,7A", "S2,Ben,7A,2")
    students.write_text(text.replace("student_id,name,class", "student_id,name,class,away_weeks"))
    _, warnings = load_with_warnings(folder)
    assert [str(w) for w in warnings] == [
        "preferences.csv, row 4, column week: warning: S2 can never hand in T5 in week 2 (a "
        "no-deadline week, a week they or their draft would be away, or a draft before week "
        "1), so the wish cannot be granted."
    ]


def test_solve_grants_wishes_and_the_plan_files_show_them(base, tmp_path):
    """T2 (weeks 5-6) with own due weeks: S4 wishes week 6 and gets it."""
    folder = wish(own(base, "T2"), S4_T2="6")
    result = run("solve", folder, "--out", tmp_path / "plan", "--quiet")
    assert result.exit_code == 0, result.output
    assert "Week wishes: 1 of 1 granted" in result.output
    rows = (tmp_path / "plan" / "allocation.csv").read_text().splitlines()
    assert "S4,T2,6,LAB" in rows
    assert run("check", folder, tmp_path / "plan" / "plan.xlsx").exit_code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "plan" / "plan.xlsx")["Students"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "S4")
    assert row[header.index("wishes")] == "T2 in week 6 (granted)"
    summary = dict(load_workbook(tmp_path / "plan" / "plan.xlsx")["Summary"].iter_rows(
        min_row=4, max_col=2, values_only=True))  # fmt: skip
    assert summary["week wishes granted"] == "1 of 1"


def test_a_hand_edited_own_week_is_checked(base, tmp_path):
    folder = wish(own(base, "T2"), S4_T2="6")
    assert run("solve", folder, "--out", tmp_path / "plan", "--quiet").exit_code == 0
    allocation = tmp_path / "plan" / "allocation.csv"
    allocation.write_text(allocation.read_text().replace("S4,T2,6,LAB", "S4,T2,7,LAB"))
    result = run("check", folder, allocation)
    assert result.exit_code == 5
    assert "Rule 11 (own due weeks): S4 (Dee, 7B) hands in T2 (Lab) in week 7" in result.output


def test_a_workbook_keeps_due_modes_and_wishes(base, tmp_path):
    scenario = load_scenario(wish(own(base, "T5"), S2_T5="2-3"))
    book = write_scenario_workbook(scenario, tmp_path / "term.xlsx")
    assert load_scenario(book) == scenario
    assert run("convert", book, tmp_path / "back").exit_code == 0
    assert load_scenario(tmp_path / "back") == scenario
    assert "due_mode" in (tmp_path / "back" / "tasks.csv").read_text().splitlines()[0]
    assert "S2,T5,1,2-3" in (tmp_path / "back" / "preferences.csv").read_text().splitlines()


def test_a_variant_sets_a_tasks_due_mode(base):
    scenario = load_scenario(base)
    changed = apply_variant(scenario, option_variant(sets=("task.T5.due_mode=own",)))
    assert changed.task_by_id["T5"].own_weeks
    with pytest.raises(ScenarioError) as error:
        apply_variant(scenario, option_variant(sets=("task.T5.due_mode=later",)))
    assert "due_mode" in str(error.value.errors[0])


def test_a_version_1_scenario_writes_no_v2_column(base, tmp_path):
    assert run("convert", base, tmp_path / "copy").exit_code == 0
    assert (tmp_path / "copy" / "preferences.csv").read_text().splitlines()[0] == (
        "student_id,task_id,rank"
    )
    assert "due_mode" not in (tmp_path / "copy" / "tasks.csv").read_text()
