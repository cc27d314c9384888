"""The scripts in scenarios/ rebuild the bundled scenarios exactly."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

SCENARIOS = ROOT / "scenarios"
SOC = ROOT.parent / "shared" / "datasets" / "preflib-agh" / "00009-00000001.soc"


def same_files(built, bundled) -> None:
    names = sorted(p.name for p in bundled.iterdir())
    assert sorted(p.name for p in built.iterdir()) == names
    for name in names:
        if (bundled / name).is_dir():  # a school's subject
            same_files(built / name, bundled / name)
        else:
            assert (built / name).read_bytes() == (bundled / name).read_bytes(), name


def test_make_bundled_rebuilds_single_class_and_year_group(tmp_path):
    subprocess.run(
        [sys.executable, str(SCENARIOS / "make_bundled.py"), "--out", str(tmp_path)], check=True
    )
    for name in ("single-class", "year-group"):
        same_files(tmp_path / name, SCENARIOS / name)


def test_make_school_rebuilds_the_school(tmp_path):
    out = tmp_path / "school"
    subprocess.run(
        [sys.executable, str(SCENARIOS / "make_school.py"), "--out", str(out)], check=True
    )
    same_files(out, SCENARIOS / "school")


@pytest.mark.skipif(not SOC.exists(), reason="the shared AGH data set is not beside this checkout")
def test_make_agh_rebuilds_agh_2003(tmp_path):
    out = tmp_path / "agh"
    subprocess.run(
        [sys.executable, str(SCENARIOS / "make_agh_2003.py"), "--soc", str(SOC), "--out", str(out)],
        check=True,
    )
    same_files(out, SCENARIOS / "agh-2003")


def test_agh_preferences_are_the_real_rankings():
    """Spot-check against the data: 4 students ranked 9,2,5,6,7,8,4,3,1, and all ranked 9 first."""
    sys.path.insert(0, str(SCENARIOS))
    try:
        from make_agh_2003 import read_soc
    finally:
        sys.path.remove(str(SCENARIOS))
    if not SOC.exists():
        pytest.skip("the shared AGH data set is not beside this checkout")
    voters = read_soc(SOC)
    assert len(voters) == 146 and all(v[0] == 9 for v in voters)
    assert voters[:4] == [[9, 2, 5, 6, 7, 8, 4, 3, 1]] * 4
