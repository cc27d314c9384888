"""The command line: bundled scenarios validate, usage errors, python -m, help everywhere."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scheduler.cli import main
from tests.conftest import BUNDLED, ROOT, run


@pytest.mark.parametrize("folder", BUNDLED, ids=[p.name for p in BUNDLED])
def test_validate_every_bundled_scenario(folder):
    result = run("validate", folder)
    assert result.exit_code == 0, result.output
    assert "the scenario is valid." in result.output
    assert "Warnings" not in result.output


def test_validate_summary_has_the_promised_parts():
    result = run("validate", ROOT / "scenarios" / "year-group")
    out = result.output
    assert "182 students in 7 classes, 5 teachers" in out
    assert (
        "18 tasks (1 common)" in out
        and "2 reporting periods: Interim weeks 1-6, Final weeks 7-12" in out
    )
    assert "Criteria coverage" in out and "Marking minutes" in out
    assert out.count("Interim  ") == 4 and out.count("Final    ") == 4
    assert "department" in out


def test_a_reason_that_no_plan_exists_exits_three_and_comes_first(base):
    tasks = base / "tasks.csv"
    tasks.write_text(tasks.read_text().replace("T3,Essay,A,7,15,,", "T3,Essay,A,7,15,1,"))
    result = run("validate", base)
    assert result.exit_code == 3
    assert result.output.startswith(
        "Test base: no plan exists (seen before solving).\n"
        "  - Criterion A in Second: 6 assessments are needed"
    ), result.output
    assert f"scheduler solve {base} --out plans/closest --relax" in result.output


def test_warnings_still_exit_zero(base):
    tasks = base / "tasks.csv"
    tasks.write_text(tasks.read_text().replace("common,classes", "common,classes,notes"))
    result = run("validate", base)
    assert result.exit_code == 0, result.output
    assert "the scenario is valid." in result.output
    assert '"notes" is not a name scheduler knows' in result.output


def test_usage_errors_exit_two():
    assert run("validate").exit_code == 2
    assert run("validate", "--no-such-option", "x").exit_code == 2
    assert run("no-such-command").exit_code == 2


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name):
    command = main.commands[name]
    assert command.help and "Example" in command.help
    assert run(name, "--help").exit_code == 0


def test_python_dash_m_runs_the_same_command():
    done = subprocess.run(
        [sys.executable, "-m", "scheduler", "validate", str(ROOT / "scenarios" / "single-class")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "the scenario is valid" in done.stdout


def test_bad_input_from_a_subprocess_has_no_traceback(tmp_path):
    (tmp_path / "scenario.yaml").write_text("name: [unclosed\n")
    done = subprocess.run(
        [sys.executable, "-m", "scheduler", "validate", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "scenario.yaml, line" in done.stderr


CTRL_C_WHILE_LOADING = """
import sys
from scheduler.launch import main

class CtrlC:  # as if Ctrl-C came while OR-Tools was being loaded
    def find_spec(self, name, path=None, target=None):
        if name == "ortools":
            raise KeyboardInterrupt

sys.meta_path.insert(0, CtrlC())
sys.argv = ["scheduler", "validate", sys.argv[1]]
main()
"""


def test_ctrl_c_while_the_command_is_still_loading_exits_cleanly():
    folder = str(ROOT / "scenarios" / "single-class")
    done = subprocess.run(
        [sys.executable, "-c", CTRL_C_WHILE_LOADING, folder], capture_output=True, text=True
    )
    assert done.returncode == 130, done.stderr
    assert done.stderr == "Stopped (Ctrl-C); nothing was written.\n"


def test_the_installed_command_starts_from_the_launcher():
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"scheduler": "scheduler.launch:main"}
