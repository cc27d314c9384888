"""The commands on a school folder: validate, solve and check accept one wherever they accept
a scenario; bad input exits 1 naming subject, file, row and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scheduler.scenario.school.synthetic import synthetic_school
from scheduler.scenario.school.write import write_school
from tests.conftest import ROOT, run
from tests.factory import common_due
from tests.scenario.school.test_school import replace_in

SMALL = synthetic_school(students=12, subjects=3, tasks=5, classes=2, seed=1)


@pytest.fixture
def school(tmp_path: Path) -> Path:
    return write_school(SMALL, tmp_path / "school")


def test_validate_a_school(school):
    result = run("validate", school)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Synthetic school, 12 students, 3 subjects: no reason found before solving that a "
        "school plan cannot exist.\n\n3 subjects, 12 students, 15 tasks, 5 teachers (1 in several "
        "subjects); 12 weeks; at most 2 deadlines a week per student, all subjects together."
    ), result.output


def test_solve_then_check_a_school_and_each_subject(school, tmp_path):
    out = tmp_path / "plan"
    result = run("solve", school, "--out", out, "--time-limit", "20", "--workers", "1", "--quiet")
    assert result.exit_code == 0, result.output
    assert "Checked: the school plan keeps every rule." in result.output
    header = (out / "allocation.csv").read_text().splitlines()[0]
    assert header == "subject,student_id,task_id,due_week,marker"
    assert {p.name for p in out.iterdir()} == {"allocation.csv", "school.xlsx", *SMALL.subjects}
    result = run("check", school, out)
    assert result.exit_code == 0 and "the school plan keeps every rule" in result.output
    for name in SMALL.subjects:  # each subject's plan passes check against its scenario
        result = run("check", school / name, out / name)
        assert result.exit_code == 0, result.output
    again = run("solve", school, "--out", out, "--time-limit", "5", "--quiet")
    assert again.exit_code == 1 and "--overwrite" in again.output


def test_check_names_a_plan_that_piles_up_deadlines(school, tmp_path):
    out = tmp_path / "plan"
    run("solve", school, "--out", out, "--time-limit", "20", "--workers", "1", "--quiet")
    replace_in(school / "school.yaml", "max_deadlines_per_week: 2", "max_deadlines_per_week: 1")
    result = run("check", school, out)
    assert result.exit_code == 5, result.output
    assert "Rule 13 (deadlines across subjects)" in result.output


def test_a_school_plan_naming_an_unknown_subject_exits_one(school, tmp_path):
    out = tmp_path / "plan"
    run("solve", school, "--out", out, "--time-limit", "20", "--workers", "1", "--quiet")
    replace_in(out / "allocation.csv", "\nsciences,", "\nscience,")
    result = run("check", school, out)
    assert result.exit_code == 1
    assert 'allocation.csv, row 2, column subject: "science" is not a subject of the school' in (
        result.output
    )


def test_an_unknown_id_in_a_school_plan_names_its_subject(school, tmp_path):
    (tmp_path / "allocation.csv").write_text(
        "subject,student_id,task_id,due_week,marker\nsciences,S00001,M01,2,SCI-K001\n"
    )
    result = run("check", school, tmp_path)
    assert result.exit_code == 1
    assert (
        'allocation.csv, row 2, column task_id: "M01" is not a task_id in tasks.csv of the '
        "subject sciences."
    ) in result.output


def test_a_workbook_given_as_a_school_plan_says_which_file_to_give(school, tmp_path):
    book = tmp_path / "school.xlsx"
    book.write_bytes(b"PK\x03\x04 not read")
    result = run("check", school, book)
    assert result.exit_code == 1
    assert "is a workbook; a school plan is read from its allocation.csv" in result.output
    assert "UTF-8" not in result.output


def test_a_broken_subject_exits_one_naming_it(school):
    replace_in(school / "mathematics" / "teachers.csv", "C01;C02,300", "C01;C02,240")
    result = run("validate", school)
    assert result.exit_code == 1
    assert "mathematics/teachers.csv, row 2, column weekly_marking_minutes" in result.output


def test_options_a_school_does_not_take_yet_are_refused(school, tmp_path):
    result = run("solve", school, "--out", tmp_path / "p", "--keep", tmp_path / "earlier")
    assert result.exit_code == 1
    assert "--keep works on one subject's scenario" in result.output
    result = run("convert", school, tmp_path / "x.xlsx")
    assert result.exit_code == 1
    assert "is a school folder (it holds school.yaml)" in result.output


def test_the_bundled_school_solves_to_a_checked_plan(tmp_path):
    result = run(
        "solve",
        ROOT / "scenarios" / "school",
        "--out",
        tmp_path / "plan",
        "--time-limit",
        "10",
        "--quiet",
    )
    assert result.exit_code == 0, result.output
    assert "Checked: the school plan keeps every rule." in result.output


def test_no_school_plan_exits_three_naming_the_clash(tmp_path):
    from tests.test_check_school import with_policy

    school = with_policy(common_due(SMALL, 6, 7), max_deadlines_per_week=1)
    folder = write_school(school, tmp_path / "school")
    result = run("solve", folder, "--out", tmp_path / "plan", "--time-limit", "20", "--quiet")
    assert result.exit_code == 3, result.output
    assert "no school plan exists" in result.output
    assert "No school plan can keep all of these rules at once" in result.output
    assert "the school allows each student 1 deadline a week" in result.output
    assert not (tmp_path / "plan").exists()
    fixed = common_due(school, 6)  # the common tasks fixed in week 6: the pre-check sees it
    folder = write_school(fixed, tmp_path / "fixed")
    result = run("validate", folder)
    assert result.exit_code == 3
    assert "In week 6, sciences' common task S01, mathematics' common task M01 and" in result.output


def test_the_closest_school_plan_bends_the_cap_and_check_counts_it_alike(tmp_path):
    from tests.test_check_school import with_policy

    school = with_policy(common_due(SMALL, 6), max_deadlines_per_week=2)
    folder = write_school(school, tmp_path / "school")
    out = tmp_path / "plan"
    args = ("--out", out, "--relax", "--weight", "school_deadlines=7", "--time-limit", "20")
    result = run("solve", folder, *args, "--quiet")
    assert result.exit_code == 0, result.output
    assert "the closest school plan, which BREAKS RULES (least shortfall proven)" in result.output
    assert "deadlines a week across subjects: 12 deadlines too many (weight 7 each: 84)" in (
        result.output
    )
    result = run("check", folder, out)
    assert result.exit_code == 5
    assert "  deadlines a week across subjects: 12 deadlines too many\n" in result.output
    assert (
        run("solve", folder, "--out", tmp_path / "x", "--weight", "school_deadlines=7").exit_code
        == 1
    )


def test_a_district_of_two_schools_in_one_table(school, tmp_path):
    other = write_school(
        synthetic_school(students=10, subjects=2, tasks=4, classes=2, seed=2), tmp_path / "other"
    )
    out = tmp_path / "district"
    result = run(
        "district",
        school,
        other,
        "--out",
        out,
        "--time-limit",
        "20",
        "--workers",
        "1",
        "--jobs",
        "1",
        "--quiet",
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("A district of 2 schools:")
    table = (out / "district.csv").read_text().splitlines()
    assert table[0].startswith("school,name,subjects,students,status")
    assert [row.split(",")[0] for row in table[1:]] == ["school", "other"]
    assert run("check", school, out / "school").exit_code == 0
    assert run("check", other, out / "other").exit_code == 0


def test_a_district_with_a_broken_school_solves_nothing(school, tmp_path):
    replace_in(school / "mathematics" / "teachers.csv", "C01;C02,300", "C01;C02,240")
    result = run("district", school, "--out", tmp_path / "d", "--quiet")
    assert result.exit_code == 1
    assert "school/mathematics/teachers.csv, row 2, column weekly_marking_minutes" in result.output
    assert not (tmp_path / "d").exists()
    assert run("district", tmp_path, "--quiet").exit_code == 1  # not a school folder


def test_whatif_on_a_school_compares_its_variants(school, tmp_path):
    variant = tmp_path / "cap3.yaml"
    variant.write_text("name: Cap 3\nmax_deadlines_per_week: 3\n", encoding="utf-8")
    out = tmp_path / "whatif"
    result = run(
        "whatif", school, variant, "--set", "school.max_deadlines_per_week=1",
        "--out", out, "--time-limit", "20", "--workers", "1", "--jobs", "1", "--quiet",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "the school as it is and 2 variants" in result.output
    lines = (out / "whatif.csv").read_text().splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["baseline", "Cap 3", "cap 1"]
    assert run("check", school, out / "baseline").exit_code == 0
    assert run("whatif", school, "--drop", "S01", "--quiet").exit_code == 1
    result = run("compare", out / "baseline", out / "cap-1", "--scenario", school)
    assert result.exit_code == 0, result.output
    assert "students at the cap in some week" in result.output
    assert "rules broken (checker)" in result.output and "with different tasks or due weeks" in (
        result.output
    )
    assert run("compare", out / "baseline", out / "cap-1").exit_code == 1  # which school?


def test_menu_on_a_school_solves_each_change_with_the_whole_school(school, tmp_path):
    out = tmp_path / "menu"
    args = ("menu", school, "--tasks", "sciences:S02,mathematics:S02", "--time-limit", "20")
    result = run(*args, "--workers", "1", "--quiet")
    assert result.exit_code == 1 and "mathematics:S02 names no task of the school" in result.output
    result = run(*args[:3], "sciences:S02,mathematics:M01", *args[4:], "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    assert "every subject's menu, against the school plan" in result.output
    tasks = pd.read_excel(out / "menu.xlsx", sheet_name="Tasks")
    assert list(tasks["subject"]) == ["sciences", "mathematics"]
    assert list(tasks["task_id"]) == ["S02", "M01"]
    assert tasks["dropped: why no plan"].iloc[1].startswith("mathematics: Criterion")
    again = run("menu", school, "--tasks", "sciences:S02", "--out", out, "--quiet")
    assert again.exit_code == 1 and "--overwrite" in again.output


def test_sweep_on_a_school_solves_the_whole_school_for_each_value(school, tmp_path):
    out = tmp_path / "sweep"
    result = run(
        "sweep", school, "--set", "school.max_deadlines_per_week=1,3", "--out", out,
        "--time-limit", "20", "--workers", "1", "--quiet",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "school.max_deadlines_per_week swept over 2 values, the whole school" in result.output
    frame = pd.read_csv(out / "sweep.csv")
    assert list(frame["school.max_deadlines_per_week"]) == [1, 3]
    assert list(frame["plan"]) == ["plan found (optimal)"] * 2
    assert frame["total rank"].iloc[0] >= frame["total rank"].iloc[1]  # a tighter cap costs
    assert (out / "sweep.png").stat().st_size > 0
    bad = run("sweep", school, "--set", "task.S01.capacity=5,6", "--out", tmp_path / "bad")
    assert bad.exit_code == 1 and "SUBJECT:KEY=VALUE" in bad.output


def test_export_a_school_plan_again_under_pseudonyms(school, tmp_path):
    plan, out = tmp_path / "plan", tmp_path / "shared"
    run("solve", school, "--out", plan, "--time-limit", "20", "--workers", "1", "--quiet")
    result = run(
        "export", school, plan, "--out", out, "--pseudonymise", "--key", "our secret phrase"
    )
    assert result.exit_code == 0, result.output
    first = pd.read_csv(plan / "allocation.csv")
    again = pd.read_csv(out / "allocation.csv")
    assert len(again) == len(first) and not set(again["student_id"]) & set(first["student_id"])
    names = dict(zip(first["student_id"], again["student_id"], strict=True))
    assert len(set(names.values())) == len(names)  # one pseudonym a student, in every subject
    for name in SMALL.subjects:
        subject = pd.read_csv(out / name / "allocation.csv")
        assert set(subject["student_id"]) <= set(names.values())
    assert (out / "school.xlsx").exists()


def test_export_rebuilds_an_edited_school_plan_and_says_it_breaks_rules(school, tmp_path):
    plan, out = tmp_path / "plan", tmp_path / "rebuilt"
    run("solve", school, "--out", plan, "--time-limit", "20", "--workers", "1", "--quiet")
    rows = (plan / "allocation.csv").read_text().splitlines()
    (plan / "allocation.csv").write_text("\n".join(rows[:1] + rows[2:]) + "\n")
    result = run("export", school, plan / "allocation.csv", "--out", out)
    assert result.exit_code == 0, result.output
    assert "The school plan breaks" in result.output and f"scheduler check {school}" in (
        result.output
    )
    assert len(pd.read_csv(out / "allocation.csv")) == len(rows) - 2
    assert run("check", school, out).exit_code == 5
    again = run("export", school, plan, "--out", out)
    assert again.exit_code == 1 and "--overwrite" in again.output


def test_a_school_value_swept_twice_is_named(school, tmp_path):
    setting = "school.max_deadlines_per_week=2,2"
    result = run("sweep", school, "--set", setting, "--out", tmp_path / "sweep", "--quiet")
    assert result.exit_code == 1
    assert f"--set {setting}: 2 given twice; give each value once" in result.output
