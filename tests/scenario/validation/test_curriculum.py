"""Units and skills (FORMAT.md v2) read from folders and workbooks: the bad input each names
at its file, row and column, the warnings, and the pre-check's bounds."""

from __future__ import annotations

import csv

import pytest

from scheduler.scenario import load_scenario, load_with_warnings
from scheduler.scenario.files.workbook_write import write_scenario_workbook
from scheduler.scenario.precheck import precheck
from tests.conftest import problems, run

CURRICULUM = """
units:
  - {id: U1, name: Measuring}
  - {id: U2, name: Making, min_tasks: 0, max_tasks: 1}
skills:
  - {id: LAB, name: Lab report, min_per_term: 1}
  - {id: ORAL, max_per_term: 1}
"""
# T1 common quiz, T2 lab, T3 essay, T4 poster (7B only), T5 talk
TASK_CELLS = {
    "T1": ("U1", ""),
    "T2": ("U1", "LAB"),
    "T3": ("U2", "LAB"),
    "T4": ("U2", ""),
    "T5": ("", "ORAL"),
}


def with_curriculum(folder, yaml_text=CURRICULUM, cells=None, columns=("unit", "skills")):
    """Add units and skills to the base scenario's files."""
    path = folder / "scenario.yaml"
    path.write_text(path.read_text() + yaml_text)
    cells = {**TASK_CELLS, **(cells or {})}
    rows = list(csv.reader((folder / "tasks.csv").open()))
    index = {"unit": 0, "skills": 1}
    rows[0] += list(columns)
    for row in rows[1:]:
        row += [cells[row[0]][index[c]] for c in columns]
    with (folder / "tasks.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return folder


def test_units_and_skills_are_read(base):
    scenario = load_scenario(with_curriculum(base))
    assert [u.id for u in scenario.settings.units] == ["U1", "U2"]
    assert scenario.settings.units[0].min_tasks == 1  # the default
    assert scenario.settings.skills[1].max_per_term == 1
    assert scenario.task_by_id["T3"].unit == "U2"
    assert scenario.task_by_id["T3"].skills == ("LAB",)
    assert [t.task_id for t in scenario.tasks_with_skill("LAB")] == ["T2", "T3"]


@pytest.mark.parametrize(
    ("yaml_text", "cells", "columns", "expected"),
    [
        (
            CURRICULUM,
            {"T5": ("U7", "ORAL")},
            ("unit", "skills"),
            'tasks.csv, row 6, column unit: unit "U7" is not declared in scenario.yaml. Use one of U1, U2',
        ),
        (
            CURRICULUM,
            {"T5": ("", "ORALS")},
            ("unit", "skills"),
            'tasks.csv, row 6, column skills: skill "ORALS" is not declared in scenario.yaml. Did you mean "ORAL"?',
        ),
        (
            CURRICULUM,
            None,
            ("skills",),
            "scenario.yaml, line 15, key units: units are declared, but tasks.csv has no unit column",
        ),
        (
            CURRICULUM,
            {"T3": ("U1", "LAB"), "T4": ("U1", "")},
            ("unit", "skills"),
            "scenario.yaml, line 17, key units[2].id: no task belongs to unit U2 (Making)",
        ),
        (
            CURRICULUM.replace("min_tasks: 0, max_tasks: 1", "min_tasks: 2, max_tasks: 1"),
            None,
            ("unit", "skills"),
            "key units[2].max_tasks: max_tasks 1 is below min_tasks 2",
        ),
        (
            CURRICULUM.replace("max_per_term: 1", "min_per_term: 2, max_per_term: 1"),
            None,
            ("unit", "skills"),
            "key skills[2].max_per_term: max_per_term 1 is below min_per_term 2",
        ),
        (
            CURRICULUM + "  - {id: LAB}\n",
            None,
            ("unit", "skills"),
            'key skills[3].id: skill "LAB" is declared twice',
        ),
        (
            CURRICULUM.replace("min_per_term: 1}", "min_per_term: -1}"),
            None,
            ("unit", "skills"),
            "scenario.yaml, line 19, key skills[1].min_per_term: -1 is too small",
        ),
    ],
    ids=[
        "unit not declared",
        "skill not declared",
        "no unit column",
        "unit with no task",
        "min_tasks above max_tasks",
        "min_per_term above max_per_term",
        "skill declared twice",
        "negative minimum",
    ],
)
def test_bad_units_and_skills_are_named(base, yaml_text, cells, columns, expected):
    found = problems(with_curriculum(base, yaml_text, cells, columns))
    assert any(expected in p for p in found), found
    result = run("validate", base)
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_a_unit_column_without_units_names_each_cell(base):
    found = problems(with_curriculum(base, "", columns=("unit",)))
    assert (
        'tasks.csv, row 2, column unit: unit "U1" is not declared in scenario.yaml. Declare it'
        in found[0]
    )


def test_warnings_for_limits_that_never_bind_or_a_class_cannot_meet(base):
    text = CURRICULUM + "  - {id: ART, min_per_term: 1}\n"
    _, warnings = load_with_warnings(with_curriculum(base, text, {"T4": ("U2", "ART")}))
    said = [str(w) for w in warnings]
    assert (
        "scenario.yaml, line 20, key skills[2].max_per_term: warning: max_per_term 1 can never "
        "bind: only 1 task practises skill ORAL." in said
    ), said
    assert (
        "scenario.yaml, line 21, key skills[3].min_per_term: warning: skill ART asks each student "
        "for at least 1 task, but only T4 practises ART and class 7A may not take it." in said
    ), said


def test_the_precheck_proves_a_class_short_of_a_skill(base):
    text = CURRICULUM + "  - {id: ART, min_per_term: 1}\n"
    scenario = load_scenario(with_curriculum(base, text, {"T4": ("U2", "ART")}))
    reasons = precheck(scenario).reasons
    assert any(
        "Skill ART: 3 students of class 7A" in r and "too few are open" in r for r in reasons
    ), reasons


def test_the_precheck_counts_places_against_need(base):
    # T2 (capacity 4) is the only LAB task: 6 students need 6 places.
    scenario = load_scenario(with_curriculum(base, cells={"T3": ("U2", "")}))
    bounds = precheck(scenario)
    assert (
        "Skill LAB (Lab report): the 6 students need 6 tasks practising it, but those tasks hold at most 4 places for them."
        in bounds.reasons
    )


def test_the_precheck_sees_unit_minimums_above_the_most_tasks(base):
    text = CURRICULUM.replace(
        "{id: U2, name: Making, min_tasks: 0, max_tasks: 1}", "{id: U2, name: Making, min_tasks: 4}"
    )
    scenario = load_scenario(with_curriculum(base, text))
    assert any(
        "at least 5 tasks to meet the units' minimums (1 in U1, 4 in U2), but the policy allows at most 4"
        in r
        for r in precheck(scenario).reasons
    )


def test_a_workbook_reads_the_same_and_names_its_sheets(base, tmp_path):
    scenario = load_scenario(with_curriculum(base))
    book = write_scenario_workbook(scenario, tmp_path / "term.xlsx")
    assert load_scenario(book) == scenario
    result = run("convert", book, tmp_path / "back")
    assert result.exit_code == 0, result.output
    assert load_scenario(tmp_path / "back") == scenario
    assert "unit,skills" in (tmp_path / "back" / "tasks.csv").read_text().splitlines()[0]


def test_a_workbook_problem_names_the_sheet_and_row(base, tmp_path):
    import openpyxl

    scenario = load_scenario(with_curriculum(base))
    book = write_scenario_workbook(scenario, tmp_path / "term.xlsx")
    workbook = openpyxl.load_workbook(book)
    workbook["units"]["D3"] = 0  # U2's max_tasks below... its min_tasks of 0 is fine; make min 2
    workbook["units"]["C3"] = 2
    sheet = workbook["tasks"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=6, column=header.index("skills") + 1, value="ORL")
    workbook.save(book)
    found = problems(book)
    assert any(
        "term.xlsx, sheet units, row 3, column max_tasks: max_tasks 0 is below min_tasks 2" in p
        for p in found
    ), found
    assert any(
        'term.xlsx, sheet tasks, row 6, column skills: skill "ORL" is not declared in the settings sheets'
        in p
        for p in found
    ), found


def test_a_version_1_folder_is_written_as_it_was(base, tmp_path):
    """Its workbook has the unit and skills columns to fill in; back in a folder, they go."""
    run("convert", base, tmp_path / "book.xlsx")
    run("convert", tmp_path / "book.xlsx", tmp_path / "back")
    for name in ("scenario.yaml", "tasks.csv"):
        assert (tmp_path / "back" / name).read_text() == load_text(base, name)


def load_text(folder, name: str) -> str:
    from scheduler.scenario.files.write import scenario_files

    return scenario_files(load_scenario(folder))[name]
