"""Drafts (FORMAT.md v2) read from folders and workbooks: bad input named at its file, row and
column, the warnings, the pre-check, allocation.csv's draft_week, and variants reaching them."""

from __future__ import annotations

import csv

from scheduler.scenario import load_scenario, load_with_warnings
from scheduler.scenario.files.workbook_write import write_scenario_workbook
from scheduler.scenario.precheck import precheck
from scheduler.scenario.variants.edit import apply_variant
from scheduler.scenario.variants.variant import option_variant
from tests.conftest import problems, run

# tests/data/base: T1 common quiz (week 2), T2 lab (5-6), T3 essay (7), T4 poster (3, 7B),
# T5 talk (1-3); week 4 has no deadlines; weeks 1-8.


def drafts(folder, least: int | None = None, **cells):
    """Give tasks drafts: ``drafts(base, T3=("2", "10"))`` (draft_weeks, draft_minutes)."""
    path = folder / "tasks.csv"
    rows = list(csv.reader(path.open()))
    rows[0] += ["draft_weeks", "draft_minutes"]
    for row in rows[1:]:
        row += list(cells.get(row[0], ("", "")))
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    if least is not None:
        settings = folder / "scenario.yaml"
        text = settings.read_text().replace(
            "  feedback_weeks: 2", f"  feedback_weeks: 2\n  min_drafted_tasks: {least}"
        )
        settings.write_text(text)
    return folder


def test_drafts_are_read(base):
    scenario = load_scenario(drafts(base, 1, T3=("2", "10")))
    task = scenario.task_by_id["T3"]
    assert (task.draft_weeks, task.draft_minutes, task.has_draft) == (2, 10, True)
    assert not scenario.task_by_id["T1"].has_draft
    assert scenario.settings.policy.min_drafted_tasks == 1


def test_a_draft_one_week_before_is_named(base):
    assert problems(drafts(base, T3=("1", ""))) == [
        "tasks.csv, row 4, column draft_weeks: a draft 1 week before the final leaves no week "
        "for feedback before the final is due. Write 2 or more, or leave the cell empty for no "
        "draft."
    ]


def test_a_window_leaving_no_week_for_the_draft_is_named(base):
    found = problems(drafts(base, T5=("3", "")))
    assert found == [
        "tasks.csv, row 6, column draft_weeks: with drafts 3 weeks before the final, no due "
        "week in 1-3 leaves a week for the draft (week 1 or later, not a no-deadline week). "
        "Move the due weeks later or write a smaller draft_weeks."
    ]


def test_draft_minutes_without_a_draft_is_a_warning(base):
    _, warnings = load_with_warnings(drafts(base, T3=("", "10")))
    assert [str(w) for w in warnings] == [
        "tasks.csv, row 4, column draft_minutes: warning: the task has no draft (draft_weeks is "
        "empty), so draft_minutes is not used."
    ]


def test_a_class_with_too_few_drafted_tasks_is_a_warning(base):
    _, warnings = load_with_warnings(drafts(base, 1, T4=("2", "")))  # T4 is for 7B only
    assert any(
        "key policy.min_drafted_tasks: warning: min_drafted_tasks asks each student for 1 task "
        "with a draft, but class 7A may take only 0 such tasks (none)" in str(w)
        for w in warnings
    ), warnings


def test_the_precheck_counts_places_of_drafted_tasks(base):
    scenario = load_scenario(drafts(base, 1, T2=("2", "")))  # T2 has 4 places for 6 students
    assert (
        "Every student does at least 1 task with a draft: 6 places needed, but the tasks with a "
        "draft hold at most 4." in precheck(scenario).reasons
    )


def test_allocation_csv_writes_and_check_reads_draft_weeks(base, tmp_path):
    drafts(base, T3=("2", "5"))
    out = tmp_path / "plan"
    assert run("solve", base, "--out", out, "--quiet").exit_code == 0
    lines = (out / "allocation.csv").read_text().splitlines()
    assert lines[0] == "student_id,task_id,due_week,marker,draft_week"
    assert "S1,T3,7,K1,5" in lines
    edited = [line.replace("S1,T3,7,K1,5", "S1,T3,7,K1,4") for line in lines]
    (tmp_path / "edited.csv").write_text("\n".join(edited) + "\n")
    result = run("check", base, tmp_path / "edited.csv")
    assert result.exit_code == 0, result.output
    assert (
        "draft_week (4) should be week 5: the due week less T3's draft_weeks. The check uses that."
        in result.output
    )


def test_a_workbook_keeps_drafts(base, tmp_path):
    scenario = load_scenario(drafts(base, 1, T3=("2", "10")))
    book = write_scenario_workbook(scenario, tmp_path / "term.xlsx")
    assert load_scenario(book) == scenario
    assert run("convert", book, tmp_path / "back").exit_code == 0
    assert load_scenario(tmp_path / "back") == scenario


def test_variants_reach_drafts(base):
    scenario = load_scenario(drafts(base, T3=("2", "10")))
    changed = apply_variant(
        scenario,
        option_variant(sets=("task.T2.draft_weeks=3", "policy.min_drafted_tasks=1")),
    )
    assert changed.task_by_id["T2"].draft_weeks == 3
    assert changed.settings.policy.min_drafted_tasks == 1
