"""Moderation (FORMAT.md v2) read from folders and workbooks: bad input named at its file, row
and column, the sample's default, the Moderation sheet, and variants reaching them."""

from __future__ import annotations

import csv

from openpyxl import load_workbook

from scheduler.scenario import load_scenario, load_with_warnings
from scheduler.scenario.files.workbook_write import write_scenario_workbook
from scheduler.scenario.variants.edit import apply_variant
from scheduler.scenario.variants.variant import option_variant
from tests.conftest import problems, run

# tests/data/base: T2 (lab, 5-6) is marked by LAB; teachers K1, K2, LAB.


def moderated(folder, **cells):
    """Give tasks moderators: ``moderated(base, T3=("LAB", "2"))`` (moderator, sample)."""
    path = folder / "tasks.csv"
    rows = list(csv.reader(path.open()))
    rows[0] += ["moderator", "moderation_sample"]
    for row in rows[1:]:
        row += list(cells.get(row[0], ("", "")))
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return folder


def test_moderators_are_read_with_the_default_sample(base):
    scenario = load_scenario(moderated(base, T3=("LAB", ""), T2=("K1", "2")))
    assert (scenario.task_by_id["T3"].moderator, scenario.task_by_id["T3"].sample) == ("LAB", 3)
    assert scenario.task_by_id["T2"].sample == 2
    assert scenario.task_by_id["T1"].sample == 0


def test_a_moderator_who_is_not_a_teacher_is_named(base):
    assert problems(moderated(base, T3=("lab", ""))) == [
        'tasks.csv, row 4, column moderator: "lab" is not a teacher_id in teachers.csv. Did you '
        'mean "LAB"? Ids are matched exactly, case and all.'
    ]


def test_a_moderator_nobody_resembles_is_named_with_what_to_do(base):
    assert problems(moderated(base, T3=("NOBODY", ""))) == [
        'tasks.csv, row 4, column moderator: "NOBODY" is not a teacher_id in teachers.csv. Name '
        "a teacher from there, or leave the cell empty for no moderation."
    ]


def test_the_marker_cannot_moderate_their_own_task(base):
    assert problems(moderated(base, T2=("LAB", ""))) == [
        "tasks.csv, row 3, column moderator: LAB marks the task, so cannot also moderate it: "
        "moderation is a second teacher's re-marking. Name another teacher."
    ]


def test_a_sample_below_one_is_named(base):
    found = problems(moderated(base, T3=("LAB", "0")))
    assert found[0].startswith('tasks.csv, row 4, column moderation_sample: "0" is too small')


def test_a_sample_without_a_moderator_is_a_warning(base):
    _, warnings = load_with_warnings(moderated(base, T3=("", "2")))
    assert [str(w) for w in warnings] == [
        "tasks.csv, row 4, column moderation_sample: warning: the task has no moderator, so "
        "moderation_sample is not used."
    ]


def test_the_plan_has_a_moderation_sheet_and_says_who_moderates(base, tmp_path):
    moderated(base, T3=("LAB", "2"))
    out = tmp_path / "plan"
    result = run("solve", base, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out / "plan.xlsx")["Moderation"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("task_id", "title", "marked by", "moderator")
    task, title, marked_by, moderator, sample, submissions, done, minutes, week, weeks = rows[1]
    assert (task, title, marked_by, moderator, sample, week) == (
        "T3",
        "Essay",
        "class teachers",
        "LAB",
        2,
        7,
    )
    assert done == min(2, submissions) and minutes == 15 * done and weeks == "8-9"
    line = f"Moderation:\n  T3 by LAB: {done} of {submissions} submissions, weeks 8-9"
    assert line in result.output
    assert run("check", base, out / "plan.xlsx").exit_code == 0


def test_a_workbook_keeps_moderators(base, tmp_path):
    scenario = load_scenario(moderated(base, T3=("LAB", "2")))
    book = write_scenario_workbook(scenario, tmp_path / "term.xlsx")
    assert load_scenario(book) == scenario
    assert run("convert", book, tmp_path / "back").exit_code == 0
    assert load_scenario(tmp_path / "back") == scenario


def test_variants_reach_moderation(base):
    scenario = load_scenario(moderated(base, T3=("LAB", "2")))
    changed = apply_variant(
        scenario, option_variant(sets=("task.T3.moderator=K2", "task.T3.moderation_sample=4"))
    )
    assert (changed.task_by_id["T3"].moderator, changed.task_by_id["T3"].sample) == ("K2", 4)
