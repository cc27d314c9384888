"""Every example runs as pasted: each command in the README's and docs' ``bash`` blocks, and
each example in every command's help, is run by bash in a fresh copy of the bundled
scenarios, and must end with its documented exit code (0, or ``# exit N`` after it)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.cli import main
from tests.conftest import ROOT

BASH_BLOCK = re.compile(r"^```bash\n(.*?)^```", re.MULTILINE | re.DOTALL)
EXIT = re.compile(r"#\s*exit (\d+)\b")
DOCS = ("README.md", *(f"docs/{name}.md" for name in ("commands", "format", "what-if",
        "school", "robustness", "developers")))  # fmt: skip
BIN = Path(sys.executable).parent


def doc_commands(text: str) -> list[str]:
    """The lines of every ``bash`` block (comments and blank lines left out)."""
    lines = [line for block in BASH_BLOCK.findall(text) for line in block.splitlines()]
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def help_commands(name: str) -> list[str]:
    """The example lines of a command's help: those that start with ``scheduler``."""
    text = main.commands[name].help or ""
    examples = text.split("Example", 1)[1] if "Example" in text else ""
    return [s.strip() for s in examples.splitlines() if s.strip().startswith("scheduler ")]


def expected(line: str) -> int:
    found = EXIT.search(line)
    return int(found.group(1)) if found else 0


# `scheduler serve` runs until Ctrl-C: its example is stopped so, after this long, and must
# have printed the page's address and stopped cleanly (exit 0).
SERVE_SECONDS = 8


def run_line(line: str, folder: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    if line.startswith("scheduler serve"):
        line = f"timeout --preserve-status -s INT {SERVE_SECONDS} {line} --no-browser"
    return subprocess.run(
        ["bash", "-c", line], cwd=folder, env=env, capture_output=True, text=True, timeout=600
    )


def run_all(lines: list[str], folder: Path) -> None:
    for line in lines:
        done = run_line(line, folder)
        assert "serve" not in line.split()[:2] or "The page is at" in done.stdout, done.stdout
        assert done.returncode == expected(line), (
            f"{line}\nexit {done.returncode}, expected {expected(line)}\n{done.stdout}\n"
            f"{done.stderr}"
        )


@pytest.fixture(scope="module")
def installed():
    if shutil.which("scheduler", path=str(BIN)) is None:
        pytest.skip(f"the scheduler command is not installed beside {sys.executable}")


@pytest.fixture(scope="module")
def year_group_plan(tmp_path_factory, installed) -> Path:
    """The year group's plan, solved once, for the help examples that start from it."""
    folder = tmp_path_factory.mktemp("plan") / "year-group"
    line = f"scheduler solve scenarios/year-group --out {folder} --quiet --time-limit 30"
    done = subprocess.run(line.split(), cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


def workspace(tmp_path: Path, plan: Path | None = None) -> Path:
    """A fresh folder holding a copy of the bundled scenarios (and the year group's plan)."""
    folder = tmp_path / "work"
    shutil.copytree(ROOT / "scenarios", folder / "scenarios")
    if plan is not None:
        shutil.copytree(plan, folder / "plans" / "year-group")
    return folder


def test_the_docs_have_examples_and_each_names_its_exit_code_where_it_is_not_zero():
    lines = [line for doc in DOCS for line in doc_commands((ROOT / doc).read_text())]
    assert len(lines) >= 10
    assert all(expected(line) in (0, 1, 3, 4, 5) for line in lines)


@pytest.mark.parametrize("doc", DOCS)
def test_every_command_in_the_readme_and_docs_runs_as_pasted(doc, tmp_path, installed):
    """Each document's commands in order, in a fresh copy of the scenarios of its own (so
    a document never leans on what another made, and the documents run side by side)."""
    run_all(doc_commands((ROOT / doc).read_text(encoding="utf-8")), workspace(tmp_path))


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_help_example_runs_as_pasted(name, tmp_path, year_group_plan):
    lines = help_commands(name)
    assert lines, f"scheduler {name} --help has no example"
    makes_the_plan = any("--out plans/year-group " in line + " " for line in lines)
    run_all(lines, workspace(tmp_path, None if makes_the_plan else year_group_plan))


def test_a_failing_example_fails_the_test(tmp_path, installed):
    with pytest.raises(AssertionError, match="expected 0"):
        run_all(["scheduler validate scenarios/no-such-scenario"], workspace(tmp_path / "a"))
    run_all(["scheduler validate scenarios/no-such-scenario  # exit 1"], workspace(tmp_path / "b"))
