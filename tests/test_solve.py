"""scheduler solve end to end: plans checked and written, exit codes, repeatability, Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
from openpyxl import load_workbook

from scheduler import jobs
from scheduler.plan import Plan, Status
from scheduler.scenario import load_scenario
from tests.conftest import BUNDLED, DATA, ROOT, run
from tests.factory import task, tiny


@pytest.mark.parametrize("folder", BUNDLED, ids=[p.name for p in BUNDLED])
def test_every_bundled_scenario_solves_to_a_checked_plan(folder, tmp_path):
    out = tmp_path / "plan"
    result = run("solve", folder, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    assert "Checked: the plan keeps every rule." in result.output
    assert run("check", folder, out / "allocation.csv").exit_code == 0
    assert run("check", folder, out / "plan.xlsx").exit_code == 0
    sheets = load_workbook(out / "plan.xlsx", read_only=True).sheetnames
    tasks = load_scenario(folder).tasks
    moderated = any(t.moderator for t in tasks)
    assert sheets == [
        "Summary",
        "Students",
        "Tasks",
        "Rosters",
        "Teacher load",
        "Coverage",
        "Calendar",
        *(["Moderation"] if moderated else []),
        *(["Groups"] if any(t.in_groups for t in tasks) else []),
        "Allocation",
    ]


def test_summary_reports_what_a_department_looks_at(tmp_path):
    result = run("solve", ROOT / "scenarios" / "single-class", "--out", tmp_path / "p", "--quiet")
    out = result.output
    assert "an optimal plan (objective: fair)" in out
    for words in (
        "worst rank",
        "best bound",
        "proven by",
        "got their first choice",
        "got only tasks from their top three",
        "the worst-off student",
        "mean rank",
        "busiest due week",
    ):
        assert words in out


def test_progress_goes_to_stderr_unless_quiet(tmp_path):
    loud = subprocess.run(
        [
            sys.executable,
            "-m",
            "scheduler",
            "solve",
            str(DATA / "base"),
            "--out",
            str(tmp_path / "a"),
        ],
        capture_output=True,
        text=True,
    )
    assert (
        loud.returncode == 0
        and "bound" in loud.stderr
        and "bound" not in loud.stdout.split("search:")[0]
    )
    quiet = subprocess.run(
        [
            sys.executable,
            "-m",
            "scheduler",
            "solve",
            str(DATA / "base"),
            "--out",
            str(tmp_path / "b"),
            "--quiet",
        ],
        capture_output=True,
        text=True,
    )
    assert quiet.returncode == 0 and quiet.stderr == ""


@pytest.mark.parametrize(
    "folder", [DATA / "base", ROOT / "scenarios" / "agh-2003"], ids=["base", "agh-2003"]
)
def test_one_worker_and_a_seed_repeat_byte_for_byte(folder, tmp_path):
    for name in ("a", "b"):
        result = run(
            "solve", folder, "--out", tmp_path / name, "--workers", "1", "--seed", "7", "--quiet"
        )
        assert result.exit_code == 0
    assert (tmp_path / "a" / "allocation.csv").read_bytes() == (
        tmp_path / "b" / "allocation.csv"
    ).read_bytes()


def test_existing_plan_files_are_not_replaced_without_overwrite(tmp_path):
    out = tmp_path / "p"
    assert run("solve", DATA / "base", "--out", out, "--quiet").exit_code == 0
    (out / "allocation.csv").write_text("my edits")
    refused = run("solve", DATA / "base", "--out", out, "--quiet")
    assert refused.exit_code == 1 and "--overwrite" in refused.output
    assert (out / "allocation.csv").read_text() == "my edits"
    edited = run("solve", DATA / "base", "--out", out, "--quiet", "--overwrite")
    assert edited.exit_code == 1 and "--force" in edited.output  # edits are never lost silently
    assert (
        run("solve", DATA / "base", "--out", out, "--quiet", "--overwrite", "--force").exit_code
        == 0
    )
    assert (out / "allocation.csv").read_text().startswith("student_id,task_id,due_week,marker")


def test_no_plan_exists_exits_three_and_writes_nothing(tmp_path):
    from scheduler.scenario import write_scenario

    folder = write_scenario(tiny([task("T1", capacity=1)], {"S1": {"T1": 1}}), tmp_path / "s")
    result = run("solve", folder, "--out", tmp_path / "p", "--quiet")
    assert result.exit_code == 3
    assert "no plan exists" in result.output
    assert "Criterion" not in result.output or "needed" in result.output
    assert not (tmp_path / "p").exists()


def test_no_plan_in_time_exits_four(tmp_path, monkeypatch):
    monkeypatch.setattr(jobs, "solve", lambda *a, **k: Plan(status=Status.UNKNOWN, seconds=1.0))
    result = run("solve", DATA / "base", "--out", tmp_path / "p", "--quiet")
    assert result.exit_code == 4
    assert (
        "no plan found within the time limit" in result.output and "--time-limit" in result.output
    )


def test_bad_scenario_is_bad_input(tmp_path):
    result = run("solve", tmp_path / "missing", "--out", tmp_path / "p")
    assert result.exit_code == 1 and "does not exist" in result.output


def test_ctrl_c_keeps_the_best_plan_found(tmp_path):
    """Stop the year-group search once it has a plan: the plan is still checked and written."""
    out = tmp_path / "p"
    solving = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scheduler",
            "solve",
            str(ROOT / "scenarios" / "year-group"),
            "--out",
            str(out),
            "--time-limit",
            "300",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = solving.stderr.readline()
    while first and ": plan " not in first:  # up to the first plan's progress line
        first = solving.stderr.readline()
    assert ": plan " in first, first
    time.sleep(0.5)
    solving.send_signal(signal.SIGINT)
    stdout, _ = solving.communicate(timeout=120)
    assert solving.returncode == 0, stdout
    assert "Checked: the plan keeps every rule." in stdout
    assert "stopped early (Ctrl-C" in stdout
    assert run("check", ROOT / "scenarios" / "year-group", out).exit_code == 0


def test_highs_says_nothing_on_the_terminal(tmp_path):
    """HiGHS prints a banner from C++ when made; the relaxation's bound keeps it off stdout."""
    done = subprocess.run(
        [sys.executable, "-m", "scheduler", "solve", str(ROOT / "scenarios" / "year-group"),
         "--out", str(tmp_path / "p"), "--time-limit", "30"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "proven by" in done.stdout
    assert "HiGHS" not in done.stdout.replace("(HiGHS)", "") and "HiGHS " not in done.stderr
