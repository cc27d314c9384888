"""solve --relax: the closest plan, written like any plan, its shortfalls listed as check lists them."""

from __future__ import annotations

import shutil

import pytest
from openpyxl import load_workbook

from scheduler.scenario import write_scenario
from tests.conftest import ROOT, run
from tests.factory import task, tiny
from tests.model.test_explain import CASES

BENT = {
    "criterion in a period the menu cannot cover": "criteria minimums and maximums: off by 3 assessments",
    "capacity against coverage": "task capacities: 1 student too many",
    "common task against its teacher's marking time": "teachers' marking minutes: 10 minutes left over",
    "more tasks than weeks with deadline room": "deadlines per week: 3 deadlines too many",
    "minimum size against capacity of a criterion's only task": "minimum task sizes: 1 student too few",
    "class restriction and a never pin against a criterion": "criteria minimums and maximums: off by 1 assessment",
}


def listed(output: str, after: str) -> list[str]:
    """The ``  - `` lines that follow the line starting with ``after``."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(after))
    found = []
    for line in lines[start + 1 :]:
        if not line.startswith("  - "):
            break
        found.append(line[4:])
    return found


def rules_broken_sheet(out) -> list[str]:
    """The Rules broken sheet of a closest plan, each row as check words it."""
    sheet = load_workbook(out / "plan.xlsx")["Rules broken"]
    return [f"Rule {r[0]} ({r[1]}): {r[4]}" for r in sheet.iter_rows(min_row=2, values_only=True)]


def relax_and_check(folder, out, *options):
    solved = run("solve", folder, "--out", out, "--relax", "--quiet", *options)
    checked = run("check", folder, out / "allocation.csv")
    return solved, checked


@pytest.mark.parametrize("name", list(BENT))
def test_each_impossible_case_gets_a_closest_plan_that_check_agrees_with(tmp_path, name):
    folder = tmp_path / "scenario"
    write_scenario(CASES[name][0], folder)
    solved, checked = relax_and_check(folder, tmp_path / "plan", "--time-limit", "20")
    assert solved.exit_code == 0, solved.output
    assert "BREAKS RULES" in solved.output and "It is the closest plan" in solved.output
    assert BENT[name] in solved.output
    assert checked.exit_code == 5, checked.output
    shortfalls = rules_broken_sheet(tmp_path / "plan")
    assert shortfalls and shortfalls == listed(checked.output, "Tiny")
    assert f"Shortfall by rule (as solve --relax counts it):\n  {BENT[name]}" in checked.output


def test_a_clash_in_rules_that_cannot_bend_still_exits_3(tmp_path):
    """Class 7B may take only two tasks but every student must do three: nothing bends that."""
    folder = tmp_path / "scenario"
    tasks = [task("T1", "A", "1"), task("T2", "A", "2"), task("T3", "A", "3", classes=("7A",))]
    write_scenario(tiny(tasks, classes=("7A", "7B"), tasks_per_student=(3, None)), folder)
    result = run("solve", folder, "--out", tmp_path / "plan", "--relax", "--quiet")
    assert result.exit_code == 3, result.output
    assert "Even bending criteria minimums and maximums" in result.output
    assert "1 student has fewer than 3 tasks open to them (for example S2)" in result.output
    assert "The one student of class 7B does at least 3" in result.output
    assert not (tmp_path / "plan").exists()


def test_without_relax_the_message_offers_it(tmp_path):
    folder = tmp_path / "scenario"
    write_scenario(CASES["capacity against coverage"][0], folder)
    result = run("solve", folder, "--out", tmp_path / "plan", "--quiet")
    assert result.exit_code == 3
    assert f"scheduler solve {folder} --out {tmp_path / 'plan'} --quiet --relax" in result.output


def test_a_scenario_with_a_plan_is_solved_as_usual_with_relax(base, tmp_path):
    solved, checked = relax_and_check(base, tmp_path / "plan", "--time-limit", "20")
    assert solved.exit_code == 0 and checked.exit_code == 0
    assert "The plan keeps every rule: no rule needed bending." in solved.output
    assert "BREAKS" not in solved.output


def test_weights_decide_which_rule_bends(tmp_path):
    """Capacity against coverage: one student over capacity (30) or one missing assessment (60)."""
    folder = tmp_path / "scenario"
    write_scenario(CASES["capacity against coverage"][0], folder)
    cheap = run("solve", folder, "--out", tmp_path / "a", "--relax", "--quiet")
    assert "task capacities: 1 student too many (weight 30 each: 30)" in cheap.output
    dear = run(
        "solve", folder, "--out", tmp_path / "b", "--relax", "--quiet", "--weight", "capacity=100"
    )
    assert dear.exit_code == 0, dear.output
    assert "criteria minimums and maximums: off by 1 assessment (weight 60 each: 60)" in dear.output
    assert "task capacities" not in dear.output


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--relax", "--weight", "lunch=3"], "the rules that may be bent are coverage, marking"),
        (["--relax", "--weight", "marking=0"], "give a whole number of at least 1"),
        (["--relax", "--weight", "marking"], "give a whole number of at least 1"),
        (["--weight", "marking=2"], "use it with --relax"),
    ],
)
def test_bad_weights_exit_1_with_a_message(base, tmp_path, options, words):
    result = run("solve", base, "--out", tmp_path / "plan", "--quiet", *options)
    assert result.exit_code == 1, result.output
    assert words in result.output and "Traceback" not in result.output


def test_year_group_with_a_teacher_halved(tmp_path):
    """The issue's case: Ms Okafor's weekly minutes cut from 540 to 270.

    Without --relax: exit 3, naming her and the common task that overloads her. With it:
    a plan whose listed shortfalls are exactly check's, and a Rules broken sheet.
    """
    folder = tmp_path / "half"
    shutil.copytree(ROOT / "scenarios" / "year-group", folder)
    teachers = folder / "teachers.csv"
    text = teachers.read_text(encoding="utf-8")
    teachers.write_text(text.replace("OKA,Ms Okafor,9A;9B,540,", "OKA,Ms Okafor,9A;9B,270,"))
    impossible = run("solve", folder, "--out", tmp_path / "none", "--quiet", "--time-limit", "30")
    assert impossible.exit_code == 3, impossible.output
    assert impossible.output.startswith(
        "Year 9 Sciences, Term 1: no plan exists (seen before solving).\n  - Teacher OKA "
        "(Ms Okafor) must mark 765 minutes of common tasks and pinned work in weeks 6-7, but "
        "only 540 minutes fit there."
    ), impossible.output
    out = tmp_path / "plan"
    solved, checked = relax_and_check(folder, out, "--time-limit", "20")
    assert solved.exit_code == 0, solved.output
    shortfalls = listed(checked.output, "Year 9")
    assert rules_broken_sheet(out) == shortfalls
    assert any("Ms Okafor (OKA) cannot finish marking" in line for line in shortfalls)
    assert "    - Ms Okafor (OKA): " in solved.output  # grouped: one line for her
    assert "(270 minutes a week); the work due in week" in solved.output


def test_a_unit_a_class_cannot_treat_bends_with_its_own_weight(tmp_path):
    """U2's tasks are closed to 7A: the closest plan leaves 7A's two students without U2,
    says so by unit, and check agrees; a dearer unit weight does not make it possible."""
    folder = tmp_path / "scenario"
    tasks = [
        task("T1", unit="U1"),
        task("T2", unit="U2", classes=("7B",)),
        task("T3", unit="U2", classes=("7B",), due="3"),
    ]
    units = (("U1", 0, None), ("U2", 1, None))
    write_scenario(tiny(tasks, students=4, classes=("7A", "7B"), units=units), folder)
    solved, checked = relax_and_check(folder, tmp_path / "plan", "--weight", "units=90")
    assert solved.exit_code == 0, solved.output
    assert "units' task counts: off by 2 tasks (weight 90 each: 180)" in solved.output
    assert "    - unit U2: 2 students off by 2 tasks, 1 task each" in solved.output
    assert checked.exit_code == 5
    assert "does no task of unit U2; at least 1 needed." in checked.output


def test_group_sizes_bend_with_their_own_weight():
    """Three students of 7A must do T1 in pairs: no plan; the closest plan has one group off
    by 1 student, which the checker measures alike, and --weight group_size sets its cost."""
    from scheduler.check import check
    from scheduler.model import solve
    from scheduler.plan.shortfall import relax_weights
    from tests.factory import task, tiny

    scenario = tiny([task("T1", group_size="2", common=True)], students=3)
    assert solve(scenario, time_limit=10, num_workers=1).status == "infeasible"
    weights = relax_weights(["group_size=7"])
    plan = solve(scenario, time_limit=10, num_workers=1, relax=weights)
    assert plan.status == "optimal" and plan.shortfall["group_size"] == 1
    broken = check(scenario, list(plan.assignments))
    assert [(v.rule, v.bent, v.amount) for v in broken] == [(12, "group_size", 1)]
