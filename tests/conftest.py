"""Shared fixtures: the base scenario under tests/data, copied so a test may break it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli import main

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
BUNDLED = sorted(p for p in (ROOT / "scenarios").iterdir() if (p / "scenario.yaml").exists())


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A writable copy of tests/data/base, a small valid scenario using every feature."""
    folder = tmp_path / "base"
    shutil.copytree(DATA / "base", folder)
    return folder


def problems(folder) -> list[str]:
    """Every problem loading ``folder`` reports (it must fail), as the words a user reads."""
    from scheduler.exceptions import ScenarioError
    from scheduler.scenario import load_scenario

    with pytest.raises(ScenarioError) as error:
        load_scenario(folder)
    return [str(p) for p in error.value.errors]


def add_column(path: Path, column: str, cell) -> None:
    """Add ``column`` to the CSV file at ``path``: ``cell(cells of the row)`` gives each row's
    value (the cells split at commas, as the tests' small files are written)."""
    lines = path.read_text().splitlines()
    rows = [f"{lines[0]},{column}"] + [f"{line},{cell(line.split(','))}" for line in lines[1:]]
    path.write_text("\n".join(rows) + "\n")


def run(*args: str):
    """Run the scheduler command in-process; return click's Result."""
    return CliRunner().invoke(main, [str(a) for a in args])
