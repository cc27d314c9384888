"""A smoke run of the benchmark (class tier, one 5-second mark): it runs, and every plan checks."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_the_class_tier_benchmark_runs_and_every_plan_keeps_the_rules():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--tiers", "class", "--marks", "5"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [line.split("|") for line in result.stdout.splitlines() if line.startswith("| ours")]
    rows += [line.split("|") for line in result.stdout.splitlines() if line.startswith("| highs")]
    assert len(rows) == 4  # two solvers, two objectives
    for cells in rows:
        assert cells[-2].strip() == "0", cells  # rules broken
        assert cells[4].strip(), cells  # a proven optimum
    assert "| greedy |" in result.stdout
    assert "ours / HiGHS time to optimum" in result.stdout
