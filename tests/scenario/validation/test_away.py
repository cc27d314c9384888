"""Students' away weeks (FORMAT.md v2) read from folders and workbooks: the bad input named at
its file, row and column, the excused warning, the pre-check, and variants reaching them."""

from __future__ import annotations

import pytest

from scheduler.exceptions import ScenarioError
from scheduler.scenario import load_scenario, load_with_warnings
from scheduler.scenario.files.workbook_write import write_scenario_workbook
from scheduler.scenario.precheck import precheck
from scheduler.scenario.variants.edit import apply_variant
from scheduler.scenario.variants.variant import option_variant
from tests.conftest import add_column, problems, run

# tests/data/base: T1 common quiz (week 2), T2 lab (5-6), T3 essay (7), T4 poster (3, 7B),
# T5 talk (1-3); S1 pinned to T3.


def away(folder, **weeks):
    """Give students of the base scenario away weeks: ``away(base, S2="2")``."""
    add_column(folder / "students.csv", "away_weeks", lambda cells: weeks.get(cells[0], ""))
    return folder


def test_away_weeks_are_read(base):
    scenario = load_scenario(away(base, S2="2", S5="6-7"))
    assert scenario.student_by_id["S5"].away_weeks == (6, 7)
    assert scenario.student_by_id["S1"].away_weeks == ()


def test_a_week_after_the_term_is_named(base):
    found = problems(away(base, S2="3;9"))
    assert found == [
        "students.csv, row 3, column away_weeks: week 9 is after the term's last week (8). "
        "Choose weeks 1 to 8."
    ]
    assert run("validate", base).exit_code == 1


def test_a_week_zero_is_named(base):
    found = problems(away(base, S2="0"))
    assert found[0].startswith("students.csv, row 3, column away_weeks:")


def test_a_must_pin_on_a_task_due_only_while_away_is_named(base):
    found = problems(away(base, S1="7"))
    assert found == [
        "pins.csv, row 2, column task_id: S1 is away in week 7, and T3 can only be due then, "
        "so the must pin cannot hold. Remove the pin, or change the away weeks in students.csv."
    ]


def test_validate_lists_who_is_excused_from_a_common_task(base):
    _, warnings = load_with_warnings(away(base, S2="2"))
    assert warnings == []
    result = run("validate", base)
    assert "Excused from common tasks (away whenever they can be due): S2 from T1" in result.output


def test_solve_excuses_and_says_so(base, tmp_path):
    result = run("solve", away(base, S2="2"), "--out", tmp_path / "plan", "--quiet")
    assert result.exit_code == 0, result.output
    assert "Excused from common tasks (away when they are due): S2 from T1 (away in week 2)" in (
        result.output
    )
    assert run("check", base, tmp_path / "plan" / "plan.xlsx").exit_code == 0


def test_the_precheck_leaves_out_tasks_a_student_cannot_hand_in(base):
    # S2 away in weeks 1-3 and 5-8: only T... nothing but week 4, a no-deadline week.
    scenario = load_scenario(away(base, S2="1-3;5-8"))
    reasons = precheck(scenario).reasons
    assert any(
        "1 student has fewer than 2 tasks open to them (for example S2)" in r for r in reasons
    )


def test_a_workbook_keeps_away_weeks(base, tmp_path):
    scenario = load_scenario(away(base, S2="2", S5="6-7"))
    book = write_scenario_workbook(scenario, tmp_path / "term.xlsx")
    assert load_scenario(book) == scenario
    assert run("convert", book, tmp_path / "back").exit_code == 0
    assert "away_weeks" in (tmp_path / "back" / "students.csv").read_text().splitlines()[0]


def test_a_variant_sets_a_students_away_weeks(base):
    scenario = load_scenario(base)
    changed = apply_variant(scenario, option_variant(sets=("student.S4.away_weeks=5;6",)))
    assert changed.student_by_id["S4"].away_weeks == (5, 6)
    with pytest.raises(ScenarioError) as error:
        apply_variant(scenario, option_variant(sets=("student.S4.away_weeks=12",)))
    assert "week 12 is after the term's last week (8)" in str(error.value.errors[0])
