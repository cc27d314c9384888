"""Group tasks and partners (FORMAT.md v2) read from folders and workbooks: the bad input named
at its file, row and column, the warning for a class too small for a group, the plan files,
a group edited in the plan workbook, and variants reaching them."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from scheduler.exceptions import ScenarioError
from scheduler.scenario import load_scenario, load_with_warnings
from scheduler.scenario.files.workbook_write import write_scenario_workbook
from scheduler.scenario.variants.edit import apply_variant
from scheduler.scenario.variants.variant import option_variant, read_variant
from tests.conftest import add_column, problems, run

# tests/data/base: T3 essay (week 7, open to all); S1 (pinned to T3), S2, S3 in 7A and S4, S5,
# S6 in 7B; S1 and S5 rank T3.


def in_groups(folder, size="2", task_id="T3"):
    """Give a task of the base scenario a group_size."""
    add_column(folder / "tasks.csv", "group_size", lambda c: size if c[0] == task_id else "")
    return folder


def partners(folder, *rows):
    """Write partners.csv: ``partners(base, "S1,S2,with")``."""
    (folder / "partners.csv").write_text("student_id,partner_id,wish\n" + "\n".join(rows) + "\n")
    return folder


def test_group_sizes_and_partners_are_read(base):
    scenario = load_scenario(partners(in_groups(base, "2-3"), "S1,S2,with", "S4,S5,Never"))
    assert scenario.task_by_id["T3"].group_size == (2, 3)
    assert scenario.task_by_id["T2"].group_size is None
    assert [(p.student_id, p.partner_id, p.wish) for p in scenario.partners] == [
        ("S1", "S2", "with"),
        ("S4", "S5", "never"),
    ]


@pytest.mark.parametrize(
    ("size", "words"),
    [
        ("4-2", '"4-2" runs from more to fewer students: write 2-4'),
        ("0", '"0": a group has at least 1 student'),
        ("pairs", '"pairs" is not a group size such as 3 or 2-4'),
    ],
)
def test_a_bad_group_size_is_named(base, size, words):
    found = problems(in_groups(base, size))
    assert len(found) == 1 and found[0].startswith("tasks.csv, row 4, column group_size:")
    assert words in found[0]


def test_a_partner_who_is_not_a_student_or_the_student_themself_is_named(base):
    found = problems(partners(base, "S1,S9,with", "S2,S2,never"))
    assert found[0].startswith('partners.csv, row 2, column partner_id: "S9" is not')
    assert found[1] == (
        "partners.csv, row 3, column partner_id: S2 is named as their own partner. Name "
        "another student."
    )


def test_one_pair_as_both_with_and_never_is_named(base):
    found = problems(partners(base, "S1,S2,with", "S2,S1,never"))
    assert found == [
        "partners.csv, row 3, column wish: row 2 gives S2 and S1 as with, this row as never. "
        "Keep the one that is meant (never keeps them apart; with is a wish)."
    ]


def test_a_class_too_small_for_a_group_is_a_warning(base):
    _, warnings = load_with_warnings(in_groups(base, "4"))
    assert [str(w) for w in warnings] == [
        "tasks.csv, row 4, column group_size: warning: class 7A has 3 students, too few for one "
        "group of T3 (groups of 4), so none of them can take it.",
        "tasks.csv, row 4, column group_size: warning: class 7B has 3 students, too few for one "
        "group of T3 (groups of 4), so none of them can take it.",
    ]


def test_solve_writes_groups_and_check_reads_an_edited_group(base, tmp_path):
    folder = partners(in_groups(base, "2-3"), "S1,S2,never")
    result = run("solve", folder, "--out", tmp_path / "plan", "--quiet")
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "plan" / "allocation.csv").read_text().splitlines()
    assert lines[0] == "student_id,task_id,due_week,marker,group"
    book = load_workbook(tmp_path / "plan" / "plan.xlsx")
    groups = [r for r in book["Groups"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert groups and all(r[0] == "T3" for r in groups)
    assert run("check", folder, tmp_path / "plan" / "plan.xlsx").exit_code == 0
    # move S5 (7B, who ranks T3 first) into the group of S1 (7A, pinned to T3)
    sheet = book["Students"]
    header = [c.value for c in sheet[1]]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2) if r[0].value}

    def t3_group(student: str):
        k = next(k for k in range(1, 5) if rows[student][header.index(f"task {k}")].value == "T3")
        return rows[student][header.index(f"group {k}")]

    t3_group("S5").value = t3_group("S1").value
    book.save(tmp_path / "edited.xlsx")
    result = run("check", folder, tmp_path / "edited.xlsx")
    assert result.exit_code == 5, result.output
    assert "The Students sheet of edited.xlsx was edited" in result.output
    assert "mixes classes 7A, 7B." in result.output


def test_a_workbook_keeps_groups_and_partners(base, tmp_path):
    scenario = load_scenario(partners(in_groups(base, "2-3"), "S1,S2,with", "S4,S5,never"))
    book = write_scenario_workbook(scenario, tmp_path / "term.xlsx")
    assert load_scenario(book) == scenario
    assert run("convert", book, tmp_path / "back").exit_code == 0
    assert load_scenario(tmp_path / "back") == scenario
    assert (tmp_path / "back" / "partners.csv").read_text().splitlines() == [
        "student_id,partner_id,wish",
        "S1,S2,with",
        "S4,S5,never",
    ]


def test_a_variant_sets_a_tasks_group_size(base):
    scenario = load_scenario(base)
    changed = apply_variant(scenario, option_variant(sets=("task.T3.group_size=2-3",)))
    assert changed.task_by_id["T3"].group_size == (2, 3)
    with pytest.raises(ScenarioError) as error:
        apply_variant(scenario, option_variant(sets=("task.T3.group_size=3-2",)))
    assert "group_size" in str(error.value.errors[0])


def test_a_scenario_without_groups_writes_no_partners_file(base, tmp_path):
    assert run("convert", base, tmp_path / "copy").exit_code == 0
    assert not (tmp_path / "copy" / "partners.csv").exists()
    assert "group_size" not in (tmp_path / "copy" / "tasks.csv").read_text()


def test_a_variant_file_adds_and_removes_partners(base, tmp_path):
    scenario = load_scenario(partners(in_groups(base, "2-3"), "S1,S2,with", "S4,S5,never"))
    path = tmp_path / "friends.yaml"
    path.write_text(
        "name: Friends\n"
        "add_partners:\n  - {student_id: S2, partner_id: S3, wish: with}\n"
        "  - {student_id: S1, partner_id: S2, wish: never}\n"
        "remove_partners:\n  - {student_id: S5, partner_id: S4}\n"
    )
    changed = apply_variant(scenario, read_variant(path))
    assert [(p.student_id, p.partner_id, p.wish) for p in changed.partners] == [
        ("S2", "S3", "with"),
        ("S1", "S2", "never"),
    ]
    path.write_text("remove_partners:\n  - {student_id: S1, partner_id: S6}\n")
    with pytest.raises(ScenarioError) as error:
        apply_variant(scenario, read_variant(path))
    assert "there is no partners row for S1 and S6 to remove" in str(error.value.errors[0])


def test_dropping_a_student_drops_their_partners_rows(base):
    scenario = load_scenario(partners(base, "S1,S2,with", "S3,S1,never", "S4,S5,never"))
    changed = apply_variant(scenario, option_variant(drop_students=("S1",)))
    assert [(p.student_id, p.partner_id) for p in changed.partners] == [("S4", "S5")]
