"""Plain words and numbers, as a new user reads them: plans found or not, whole numbers,
closest plans grouped by rule, messages that count and name what they should, and the
spreadsheets (task titles on the Students sheet, drop-downs on every row, defaults said)."""

from __future__ import annotations

import shutil

import pandas as pd
from openpyxl import load_workbook

from scheduler.plan import Plan, Status
from scheduler.report.compare import why_no_plan
from scheduler.report.sweep import sweep_figure
from scheduler.scenario import write_scenario
from scheduler.scenario.precheck import precheck
from tests.conftest import ROOT, run
from tests.factory import task, tiny

SINGLE = ROOT / "scenarios" / "single-class"
QUICK = ("--time-limit", "10", "--jobs", "1", "--quiet")


def test_sweep_says_plan_found_or_no_plan_in_whole_numbers(tmp_path):
    out = tmp_path / "sweep"
    swept = run(
        "sweep", SINGLE, "--set", "teacher.RIV.weekly_marking_minutes=100,300", "--out", out, *QUICK
    )
    assert swept.exit_code == 0, swept.output
    assert "feasible" not in swept.output and ".0 " not in swept.output
    assert "swept over 2 values" in swept.output
    frame = pd.read_csv(out / "sweep.csv", dtype=str, keep_default_na=False)
    assert list(frame["plan"]) == ["no plan", "plan found (optimal)"]
    assert frame["worst rank"][1].isdigit() and frame["total rank"][1].isdigit()
    assert frame["why no plan"][0].startswith("Teacher RIV (Ms Rivera) needs at least 1,250")


def test_the_sweep_chart_marks_no_plan_and_counts_in_whole_numbers():
    frame = pd.DataFrame(
        {
            "x": ["100", "200", "300"],
            "plan": ["no plan", "plan found (optimal)", "plan found (optimal)"],
            "worst rank": pd.array([None, 6, 6], dtype="Int64"),
            "total rank": pd.array([None, 195, 192], dtype="Int64"),
            "first choice": pd.array([None, 24, 24], dtype="Int64"),
            "only top three": pd.array([None, 9, 8], dtype="Int64"),
        }
    )
    figure = sweep_figure(frame, "x", "title")
    texts = [t.get_text() for axes in figure.axes for t in axes.texts]
    assert texts.count("no plan") == 2  # on both panels
    for axes in figure.axes:
        ticks = axes.get_yticks()
        assert all(float(t).is_integer() for t in ticks), ticks


def test_menu_says_no_plan_and_gives_the_precheck_reason(base):
    result = run("menu", base, "--tasks", "T3", *QUICK)
    assert result.exit_code == 0, result.output
    assert "infeasible" not in result.output and "feasible" not in result.output
    assert "no plan" in result.output
    assert "Criterion A in Second: 6 assessments are needed but the tasks" in result.output


def test_whatif_names_plans_found(base):
    result = run("whatif", base, "--drop", "T4", *QUICK)
    assert result.exit_code == 0, result.output
    assert (
        "plan found (optimal)" in result.output
        and "optimal " not in result.output.split("plan found (optimal)")[0]
    )


def test_the_closest_plan_is_grouped_by_rule_and_says_why_a_teacher_works_over(tmp_path):
    out = tmp_path / "closest"
    solved = run(
        "solve", SINGLE, "--set", "criterion.A.min_per_period=3", "--relax", "--out", out,
        "--quiet",
    )  # fmt: skip
    assert solved.exit_code == 0, solved.output
    text = solved.output
    assert "THIS PLAN BREAKS 3 RULES." in text
    assert (
        "    - Ms Rivera (RIV): 425 minutes left over, though the variant did not change their "
        "minutes (300 minutes a week); the work due in weeks 3, 5 that they mark: D2 x25 "
        "(625 min), D4 x25 (500 min)"
    ) in text
    assert "    - D2 (Product teardown analysis): 13 students too many" in text
    assert f"listed by:\n  scheduler check {SINGLE} {out}" in text
    assert "Rule 6 (marking in time)" not in text  # one by one only in the workbook and check
    checked = run("check", SINGLE, out)
    assert checked.exit_code == 5 and checked.output.count("  - Rule ") == 3


def test_coverage_shortfalls_are_counted_per_criterion_and_period(tmp_path):
    folder = tmp_path / "scenario"
    tasks = [task("T1", "A", "1", capacity=1), task("T2", "B", "2")]
    write_scenario(tiny(tasks, students=4, criteria=(("A", 1, None), ("B", 1, None))), folder)
    solved = run(
        "solve", folder, "--relax", "--weight", "capacity=100", "--out", tmp_path / "plan",
        "--quiet",
    )  # fmt: skip
    assert solved.exit_code == 0, solved.output
    assert "    - criterion A in Term: 3 students off by 3 assessments, 1 assessment each" in (
        solved.output
    )


def test_problems_are_counted_apart_from_warnings(base):
    tasks = base / "tasks.csv"
    text = tasks.read_text().replace("common,classes", "common,classes,notes")
    tasks.write_text(text.replace("T2,Lab,A;B,5-6,20,4,", "T2,Lab,A;B,5-6,lots,4,"))
    result = run("validate", base)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "The scenario cannot be used: 1 problem to fix."
    assert lines[1].startswith("  - tasks.csv, row 3, column marking_minutes")
    assert lines[2] == "And 1 warning:"
    assert '"notes" is not a name' in lines[3]


def test_an_id_in_another_case_or_a_title_gets_did_you_mean(base):
    prefs = base / "preferences.csv"
    prefs.write_text(
        prefs.read_text().replace("S1,T2,1", "s1,t2,1").replace("S5,T3,1", "S5,Essay,1")
    )
    pins = base / "pins.csv"
    pins.write_text(pins.read_text().replace("S1,T3,must", "S1,essay,must"))
    result = run("validate", base)
    assert result.exit_code == 1
    out = result.output
    assert (
        'row 2, column student_id: "s1" is not a student_id in students.csv. Did you mean "S1"?'
        in out
    )
    assert 'column task_id: "t2" is not a task_id in tasks.csv. Did you mean "T2"?' in out
    assert (
        '"Essay" is not a task_id in tasks.csv. That is the title of task T3: give its id, "T3"'
        in out
    )
    assert (
        'pins.csv, row 2, column task_id: "essay" is not a task_id in tasks.csv. That is the title of task T3'
        in out
    )


def test_an_empty_file_lists_the_columns_it_needs(base):
    (base / "tasks.csv").write_text("")
    result = run("validate", base)
    assert result.exit_code == 1
    assert (
        "tasks.csv, row 1: the header row is missing. Row 1 names the columns: task_id, title, "
        "criteria, due_week, marking_minutes (and, where used, capacity, min_students, marker, "
        "common, classes, unit, skills, draft_weeks, draft_minutes, moderator, moderation_sample, due_mode, group_size)."
    ) in result.output


def test_counts_and_weeks_are_said_in_good_grammar():
    one = tiny([task("T1", "A", "2", capacity=1)], students=2, criteria=(("A", 1, None),))
    reasons = precheck(one).reasons
    assert (
        "Criterion A in Term: 2 assessments are needed but the tasks that can be due then hold at most 1."
        in reasons
    )
    alone = tiny([task("T1", "A", "2", capacity=1)], students=1, criteria=(("A", 2, None),))
    assert any("2 assessments are needed" in r for r in precheck(alone).reasons)
    busy = tiny([task("T1", "A", "2", minutes=50, common=True)], students=3, weekly=100, weeks=3)
    overload = [r for r in precheck(busy).reasons if "must mark" in r]
    assert overload == [
        "Teacher K1 (Teacher 1) must mark 150 minutes of common tasks and pinned work in "
        "week 3, but only 100 minutes fit there."
    ]


def test_a_plan_workbook_given_as_a_scenario_is_named_with_the_command_to_check_it(tmp_path):
    out = tmp_path / "plan"
    assert run("solve", SINGLE, "--out", out, "--quiet").exit_code == 0
    for command in ("validate", "solve"):
        words = (command, out / "plan.xlsx") + (
            ("--out", tmp_path / "x") if command == "solve" else ()
        )
        result = run(*words)
        assert result.exit_code == 1
        assert (
            "is a plan workbook (a plan.xlsx, with an Allocation sheet), not a scenario"
            in result.output
        )
        assert f"scheduler check {SINGLE.resolve()} {out / 'plan.xlsx'}" in result.output


def test_a_plan_and_its_scenario_the_wrong_way_round_are_named_as_such(tmp_path):
    out = tmp_path / "plan"
    assert run("solve", SINGLE, "--out", out, "--quiet").exit_code == 0
    given = run("validate", out)
    assert given.exit_code == 1
    assert f"{out} is a plan's folder (it holds allocation.csv), not a scenario" in given.output
    assert f"scheduler check {SINGLE.resolve()} {out}" in given.output
    swapped = run("check", out, SINGLE)
    assert swapped.exit_code == 1
    assert "is a scenario folder (it holds scenario.yaml), not a plan" in swapped.output
    assert "take the scenario first, then the plan" in swapped.output
    both = tmp_path / "both"  # a plan written into its scenario's own folder still checks
    shutil.copytree(SINGLE, both)
    assert run("solve", both, "--out", both, "--quiet").exit_code == 0
    assert run("check", both, both).exit_code == 0


def test_the_students_sheet_shows_task_titles_and_check_still_reads_it(tmp_path):
    out = tmp_path / "plan"
    assert run("solve", SINGLE, "--out", out, "--quiet").exit_code == 0
    sheet = load_workbook(out / "plan.xlsx")["Students"]
    header = [c.value for c in sheet[1]]
    assert header[3:7] == ["task 1", "title 1", "due week 1", "rank 1"]
    row = [c.value for c in sheet[2]]
    titles = {"D1": "Design brief and research", "D2": "Product teardown analysis"}
    if row[3] in titles:
        assert row[4] == titles[row[3]]
    (out / "allocation.csv").unlink()
    assert run("check", SINGLE, out / "plan.xlsx").exit_code == 0


def test_the_template_checks_every_row_and_says_each_default(tmp_path):
    book_path = tmp_path / "t.xlsx"
    assert run("template", book_path).exit_code == 0
    book = load_workbook(book_path)
    ranges = [str(r.sqref) for r in book["preferences"].data_validations.dataValidation]
    assert any(r.endswith("1048576") for r in ranges), ranges  # far beyond 2,860 rows
    lines = [c.value for c in book["instructions"]["A"] if c.value]
    assert (
        "criteria / min_per_period (optional; empty means 2): how many tasks per period must assess it (a whole number)"
        in lines
    )
    assert any(
        line.startswith("tasks / capacity (optional; empty means no limit)") for line in lines
    )


def test_a_year_group_workbook_keeps_its_checks_past_its_last_row(tmp_path):
    book_path = tmp_path / "yg.xlsx"
    folder = tmp_path / "yg"
    shutil.copytree(ROOT / "scenarios" / "year-group", folder)
    assert run("convert", folder, book_path).exit_code == 0
    book = load_workbook(book_path)
    sheet = book["preferences"]
    assert sheet.max_row == 2861
    ranges = " ".join(str(r.sqref) for r in sheet.data_validations.dataValidation)
    assert "1048576" in ranges


def test_a_plan_not_found_is_said_once_not_twice():
    """What-if's lines on plans not found give the verdict once, then the reason."""
    unknown, none = Plan(status=Status.UNKNOWN), Plan(status=Status.INFEASIBLE)
    timed_out = "no plan found within the time limit"
    assert why_no_plan(unknown, timed_out) == timed_out
    unfound = "no plan exists; the rules that clash were not found within 2 s"
    assert why_no_plan(none, unfound) == unfound
    clash = "clash: criterion A in Interim"
    assert why_no_plan(none, clash) == f"no plan exists: {clash}"


def test_whatif_lists_a_variants_changes_only_where_its_name_does_not_say_them(tmp_path):
    variant = tmp_path / "more.yaml"
    variant.write_text("name: More minutes\nteachers:\n  RIV: {weekly_marking_minutes: 900}\n")
    result = run(
        "whatif", SINGLE, variant, "--set", "teacher.RIV.weekly_marking_minutes=800", *QUICK
    )
    assert result.exit_code == 0, result.output
    assert "More minutes: RIV weekly_marking_minutes 900" in result.output
    named = "RIV weekly_marking_minutes 800"
    assert named in result.output and f"{named}: {named}" not in result.output
