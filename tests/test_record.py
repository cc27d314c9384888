"""plan.yaml: what made a plan; solve --reproduce; no edited plan is overwritten by accident;
files are written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from scheduler.model.search.solver import BOUND_SOURCES
from scheduler.scenario.files.fingerprint import scenario_hash
from scheduler.scenario.files.write import write_atomically
from tests.conftest import run


def solved(base: Path, out: Path, *extra) -> dict:
    result = run("solve", base, "--out", out, "--quiet", "--workers", 1, *extra)
    assert result.exit_code == 0, result.output
    return yaml.safe_load((out / "plan.yaml").read_text())


def test_a_plan_records_what_made_it(base, tmp_path):
    record = solved(base, tmp_path / "plan", "--seed", 3, "--time-limit", 20)
    assert record["scenario"] == str(base.resolve())
    assert record["scenario_hash"] == scenario_hash(base)
    assert (record["objective"], record["seed"], record["workers"], record["time_limit"]) == (
        "fair",
        3,
        1,
        20.0,
    )
    assert record["status"] == "optimal" and record["gap"] == 0.0
    assert record["best_bound"] == record["total_rank"]
    assert record["bound_source"] in BOUND_SOURCES.values()
    assert record["scheduler"] and record["ortools"][0].isdigit() and record["written"]
    assert set(record["files"]) == {"allocation.csv", "plan.xlsx"}


def test_reproduce_gives_the_same_plan_and_says_so(base, tmp_path):
    solved(base, tmp_path / "first")
    result = run("solve", "--reproduce", tmp_path / "first", "--out", tmp_path / "again", "--quiet")
    assert result.exit_code == 0, result.output
    assert "the scenario is unchanged since" in result.output
    assert "the same as the recorded one, row for row" in result.output
    first = (tmp_path / "first" / "allocation.csv").read_bytes()
    assert (tmp_path / "again" / "allocation.csv").read_bytes() == first


def test_reproduce_says_when_the_scenario_changed(base, tmp_path):
    solved(base, tmp_path / "first", "--set", "task.T2.capacity=3")
    teachers = base / "teachers.csv"
    teachers.write_text(teachers.read_text().replace("K1,Kim,7A,200", "K1,Kim,7A,150"))
    result = run("solve", "--reproduce", tmp_path / "first", "--out", tmp_path / "again", "--quiet")
    assert result.exit_code == 0, result.output
    assert "THE SCENARIO CHANGED" in result.output
    again = yaml.safe_load((tmp_path / "again" / "plan.yaml").read_text())
    assert again["variant"]["edits"][0]["values"] == {"capacity": "3"}  # the variant came too


def test_reproduce_needs_a_record_and_a_new_folder(base, tmp_path):
    solved(base, tmp_path / "first")
    same = run("solve", "--reproduce", tmp_path / "first", "--out", tmp_path / "first")
    assert same.exit_code == 1 and "another folder" in same.output
    (tmp_path / "first" / "plan.yaml").unlink()
    none = run("solve", "--reproduce", tmp_path / "first", "--out", tmp_path / "x")
    assert none.exit_code == 1 and "no plan.yaml" in none.output
    assert run("solve", "--out", tmp_path / "y").exit_code == 2


def test_an_edited_plan_is_replaced_only_with_force(base, tmp_path):
    out = tmp_path / "plan"
    solved(base, out)
    assert run("solve", base, "--out", out, "--quiet").exit_code == 1  # a plan is there
    solved(base, out, "--overwrite")  # not edited: --overwrite replaces it
    book = load_workbook(out / "plan.xlsx")
    book["Summary"]["A1"] = "Checked by the head of department"
    book.save(out / "plan.xlsx")
    edited = (out / "plan.xlsx").read_bytes()
    refused = run("solve", base, "--out", out, "--quiet", "--overwrite")
    assert refused.exit_code == 1
    assert "was changed after scheduler wrote it" in refused.output and "--force" in refused.output
    assert (out / "plan.xlsx").read_bytes() == edited  # nothing was lost
    solved(base, out, "--overwrite", "--force")
    assert (out / "plan.xlsx").read_bytes() != edited


def test_an_interrupted_write_leaves_the_old_file_intact(tmp_path):
    target = tmp_path / "allocation.csv"
    target.write_text("the old plan\n")

    def half_then_crash(path: Path) -> None:
        path.write_text("student_id,task_id\nS1,")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, half_then_crash)
    assert target.read_text() == "the old plan\n"
    assert [p.name for p in tmp_path.iterdir()] == ["allocation.csv"]  # no half-written litter


def test_a_crash_while_writing_a_plan_leaves_the_old_plan_whole(base, tmp_path, monkeypatch):
    out = tmp_path / "plan"
    solved(base, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = Path.write_bytes
    calls = []

    def crash_on_the_second(self, data):
        calls.append(self)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C with allocation.csv staged, plan.xlsx not
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", crash_on_the_second)
    result = run("solve", base, "--out", out, "--quiet", "--overwrite", "--seed", 5)
    assert result.exit_code == 130
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # as it was, no litter
