"""export --pseudonymise: stable pseudonyms, no names or ids left, the same plan otherwise."""

from __future__ import annotations

from openpyxl import load_workbook

from scheduler.check import check
from scheduler.plan import read_allocation
from scheduler.scenario import load_scenario
from scheduler.scenario.pseudonyms import pseudonymised, pseudonyms
from tests.conftest import run

KEY = "a phrase kept in school"


def every_cell(path) -> set[str]:
    book = load_workbook(path, read_only=True)
    return {str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v}


def test_a_pseudonymised_plan_names_nobody_and_is_stable(base, tmp_path):
    assert run("solve", base, "--out", tmp_path / "plan", "--quiet").exit_code == 0
    for name in ("a", "b"):
        result = run(
            "export",
            base,
            tmp_path / "plan",
            "--out",
            tmp_path / name,
            "--pseudonymise",
            "--key",
            KEY,
        )
        assert result.exit_code == 0, result.output
    first = (tmp_path / "a" / "allocation.csv").read_text()
    assert first == (tmp_path / "b" / "allocation.csv").read_text()  # stable
    scenario = load_scenario(base)
    cells = every_cell(tmp_path / "a" / "plan.xlsx")
    for student in scenario.students:
        assert student.name not in cells and student.student_id not in cells
        assert student.student_id not in first.split()
    names = pseudonyms([s.student_id for s in scenario.students], KEY)
    shared = pseudonymised(scenario, names)
    assignments = read_allocation(tmp_path / "a" / "allocation.csv", shared)
    assert not check(shared, assignments)  # the same plan, under pseudonyms
    other = run(
        "export",
        base,
        tmp_path / "plan",
        "--out",
        tmp_path / "c",
        "--pseudonymise",
        "--key",
        "another phrase",
    )
    assert other.exit_code == 0 and (tmp_path / "c" / "allocation.csv").read_text() != first


def test_pseudonymise_needs_a_real_key(base, tmp_path):
    assert run("solve", base, "--out", tmp_path / "plan", "--quiet").exit_code == 0
    assert (
        run("export", base, tmp_path / "plan", "--out", tmp_path / "a", "--pseudonymise").exit_code
        == 2
    )
    short = run(
        "export", base, tmp_path / "plan", "--out", tmp_path / "a", "--pseudonymise", "--key", "abc"
    )
    assert short.exit_code == 1 and "at least 8 characters" in short.output


def test_export_rebuilds_the_workbook_from_an_edited_allocation(base, tmp_path):
    assert run("solve", base, "--out", tmp_path / "plan", "--quiet").exit_code == 0
    result = run("export", base, tmp_path / "plan" / "allocation.csv", "--out", tmp_path / "again")
    assert result.exit_code == 0, result.output
    again = (tmp_path / "again" / "allocation.csv").read_text()
    assert again == (tmp_path / "plan" / "allocation.csv").read_text()
