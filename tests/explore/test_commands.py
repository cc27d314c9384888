"""whatif, compare, menu, sweep and solve --keep from the command line, on the small base."""

from __future__ import annotations

import shutil

from openpyxl import load_workbook

from tests.conftest import run


def test_whatif_compares_and_writes_every_plan(base, tmp_path):
    out = tmp_path / "whatif"
    variant = tmp_path / "second-lab.yaml"
    variant.write_text("name: second lab\nadd_tasks:\n  - {task_id: T6, like: T2, due_week: 7}\n")
    result = run(
        "whatif", base, variant, "--drop", "T4", "--out", out, "--time-limit", 10, "--jobs", 1
    )
    assert result.exit_code == 0, result.output
    for figure in (
        "plan found (optimal)",
        "worst rank",
        "first choice",
        "worst-off student",
        "mean rank",
    ):
        assert figure in result.output
    assert "K1 busiest week" in result.output and "students whose tasks change" in result.output
    assert "second lab: add T6 (like T2, due_week 7)" in result.output
    book = load_workbook(out / "whatif.xlsx", read_only=True)
    assert book.sheetnames[:2] == ["Comparison", "Changed students"]
    assert {"baseline", "second lab", "drop T4"} <= set(book.sheetnames)
    for folder in ("baseline", "second-lab", "drop-t4"):
        assert {"allocation.csv", "plan.xlsx", "plan.yaml"} <= {
            p.name for p in (out / folder).iterdir()
        }
    again = run("whatif", base, "--drop", "T4", "--out", out, "--quiet")
    assert again.exit_code == 1 and "--overwrite" in again.output


def test_a_variant_plan_is_checked_and_compared_with_its_variant(base, tmp_path):
    out = tmp_path / "whatif"
    assert run("whatif", base, "--add-task", "T6=T2", "--out", out, "--quiet").exit_code == 0
    plan = out / "add-t6-like-t2"
    assert run("check", base, plan, "--bare").exit_code == 1  # T6 is not in the scenario itself
    checked = run("check", base, plan, "--variant", plan / "plan.yaml")
    assert checked.exit_code == 0, checked.output
    recorded = run("check", base, plan)  # plan.yaml says which variant made it
    assert recorded.exit_code == 0, recorded.output
    assert "The plan was made from a variant" in recorded.output
    compared = run("compare", out / "baseline", plan)
    assert compared.exit_code == 0, compared.output
    assert "A: " in compared.output and "keeps every rule" in compared.output
    assert "with different tasks or due weeks" in compared.output


def test_compare_needs_to_know_the_scenario(base, tmp_path):
    out = tmp_path / "whatif"
    assert run("whatif", base, "--drop", "T4", "--out", out, "--quiet").exit_code == 0
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    shutil.copy(out / "baseline" / "allocation.csv", tmp_path / "a")
    shutil.copy(out / "drop-t4" / "allocation.csv", tmp_path / "b")
    unknown = run("compare", tmp_path / "a", tmp_path / "b")
    assert unknown.exit_code == 1 and "--scenario" in unknown.output
    known = run("compare", tmp_path / "a", tmp_path / "b", "--scenario", base)
    assert known.exit_code == 0, known.output


def test_compare_names_the_plan_whose_file_has_a_problem(base, tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "allocation.csv").write_text(
            "student_id,task_id,due_week,marker\nS1,T1,2,K1\n"
        )
    (tmp_path / "b" / "allocation.csv").write_text(
        "student_id,task_id,due_week,marker\nS1,T1,soon,K1\n"
    )
    result = run("compare", tmp_path / "a", tmp_path / "b", "--scenario", base)
    assert result.exit_code == 1
    assert f"{tmp_path / 'b' / 'allocation.csv'}, row 2, column due_week" in result.output
    assert "The plan cannot be used" in result.output


def test_compare_says_which_plan_is_a_schools(base, tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    (tmp_path / "a" / "school.xlsx").write_bytes(b"")
    result = run("compare", tmp_path / "a", tmp_path / "b")
    assert result.exit_code == 1
    assert f"{tmp_path / 'a'} is a school plan and {tmp_path / 'b'} is not" in result.output


def test_a_bad_variant_is_named_and_nothing_is_solved_or_written(base, tmp_path):
    variant = tmp_path / "bad.yaml"
    variant.write_text("tasks:\n  T2: {capacity: lots}\n")
    out = tmp_path / "whatif"
    result = run("whatif", base, variant, "--out", out, "--quiet")
    assert result.exit_code == 1
    assert (
        "bad.yaml, line 2, key tasks.T2.capacity" in result.output
        and "Traceback" not in result.output
    )
    assert not out.exists()
    assert run("whatif", base, "--set", "task.T2=3", "--quiet").exit_code == 1
    assert "give at least one variant" in run("whatif", base, "--quiet").output


def test_solve_keep_lists_every_change(base, tmp_path):
    first = tmp_path / "first"
    assert run("solve", base, "--out", first, "--quiet").exit_code == 0
    result = run(
        "solve",
        base,
        "--set",
        "task.T3.capacity=2",
        "--keep",
        first,
        "--out",
        tmp_path / "after",
        "--quiet",
    )
    assert result.exit_code == 0, result.output
    assert "Changes to the kept plan: 2 students with changed tasks" in result.output
    assert result.output.count("leaves T3") == 2
    none = run(
        "solve",
        base,
        "--set",
        "task.T3.capacity=2",
        "--keep",
        first,
        "--max-changes",
        0,
        "--out",
        tmp_path / "x",
        "--quiet",
    )
    assert none.exit_code == 3 and "No plan changes at most 0" in none.output
    assert run("solve", base, "--max-changes", 3, "--out", tmp_path / "y").exit_code == 1


def test_sweep_writes_a_table_and_a_chart(base, tmp_path):
    out = tmp_path / "sweep"
    result = run(
        "sweep", base, "--set", "teacher.K1.weekly_marking_minutes=100,200", "--out", out, "--quiet"
    )
    assert result.exit_code == 0, result.output
    assert (out / "sweep.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "sweep.csv").read_text().startswith("teacher.K1.weekly_marking_minutes,plan")
    assert (
        run("sweep", base, "--set", "teacher.K1.weekly_marking_minutes=1", "--out", out).exit_code
        == 1
    )
    assert run("sweep", base, "--set", "nothing", "--out", tmp_path / "z").exit_code == 1


def test_menu_reports_every_part(base, tmp_path):
    result = run("menu", base, "--jobs", 1, "--out", tmp_path, "--more-places", 2)
    assert result.exit_code == 0, result.output
    for part in (
        "What more places gain",
        "What the plan loses when a task is dropped",
        "Tasks nobody gets",
        "Tasks that are full and wanted",
        "Criteria and periods, tightest first",
        "What doing a task in groups of 3 would save in marking",
    ):
        assert part in result.output
    assert load_workbook(tmp_path / "menu.xlsx", read_only=True).sheetnames == [
        "Tasks",
        "Criteria",
        "Groups would save",
    ]
    assert run("menu", base, "--tasks", "T9", "--quiet").exit_code == 1


def test_whatif_never_replaces_a_plan_someone_edited(base, tmp_path):
    out = tmp_path / "whatif"
    assert run("whatif", base, "--drop", "T4", "--out", out, "--quiet").exit_code == 0
    edited = out / "drop-t4" / "allocation.csv"
    edited.write_text(edited.read_text() + "\n")
    again = run("whatif", base, "--drop", "T4", "--out", out, "--quiet", "--overwrite")
    assert again.exit_code == 1 and "was changed after scheduler wrote it" in again.output
    assert edited.read_text().endswith("\n\n")


def test_what_groups_would_save_is_counted_per_class():
    """T3 (15 minutes) done by S1, S2 (7A) and S5, S6 (7B): 60 minutes alone; in groups of 3,
    one group a class, 30 minutes: 30 saved. T1 (everyone, 10 minutes): 60 against 20."""
    from scheduler.plan import Assignment, plan_of
    from scheduler.report.menu import group_savings
    from scheduler.scenario import load_scenario
    from tests.conftest import DATA
    from tests.test_check import VALID

    scenario = load_scenario(DATA / "base")
    frame = group_savings(scenario, plan_of(scenario, [Assignment(*r) for r in VALID]))
    rows = {r["task_id"]: r for r in frame.to_dict("records")}
    assert (rows["T3"]["marking minutes"], rows["T3"]["in groups of 3"]) == (60, 30)
    assert (rows["T1"]["marking minutes"], rows["T1"]["minutes saved"]) == (60, 40)
    assert frame["task_id"].tolist()[0] == "T1"  # the most saved first


def test_a_value_swept_twice_is_named(base, tmp_path):
    setting = "policy.max_deadlines_per_week=1,2,1"
    result = run("sweep", base, "--set", setting, "--out", tmp_path / "sweep", "--quiet")
    assert result.exit_code == 1
    assert f"--set {setting}: 1 given twice; give each value once" in result.output
