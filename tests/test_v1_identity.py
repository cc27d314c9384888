"""Version 1 scenarios mean what they always meant: with one worker and a fixed seed, their
allocation.csv is byte for byte the one written before version 2's rules were built
(tests/data/v1-plans, written by commit b79a15f)."""

from __future__ import annotations

import pytest

from tests.conftest import DATA, ROOT, run

SCENARIOS = {
    "single-class": ROOT / "scenarios" / "single-class",
    "agh-2003": ROOT / "scenarios" / "agh-2003",
    "base": DATA / "base",
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_version_1_plan_is_byte_identical(name, tmp_path):
    out = tmp_path / "plan"
    result = run("solve", SCENARIOS[name], "--out", out, "--workers", "1", "--seed", "0", "--quiet")
    assert result.exit_code == 0, result.output
    expected = (DATA / "v1-plans" / f"{name}.csv").read_bytes()
    assert (out / "allocation.csv").read_bytes() == expected
