"""Writing a scenario: whole or not at all, and never over a user's files."""

from __future__ import annotations

import pytest

from scheduler.exceptions import SchedulerError
from scheduler.scenario import load_scenario, write_scenario
from scheduler.scenario.files import write as write_module
from tests.conftest import DATA


def test_refuses_a_folder_with_files(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("my notes")
    with pytest.raises(SchedulerError, match="already exists"):
        write_scenario(load_scenario(DATA / "base"), folder)
    assert (folder / "notes.txt").read_text() == "my notes"


def test_writes_into_an_empty_folder(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    write_scenario(load_scenario(DATA / "base"), folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "pins.csv",
        "preferences.csv",
        "scenario.yaml",
        "students.csv",
        "tasks.csv",
        "teachers.csv",
    ]


def test_a_failed_write_leaves_the_old_folder_and_no_litter(tmp_path, monkeypatch):
    scenario = load_scenario(DATA / "base")
    folder = write_scenario(scenario, tmp_path / "s")
    before = {p.name: p.read_text() for p in folder.iterdir()}

    def broken(staging, folder):
        raise OSError("disk full")

    monkeypatch.setattr(write_module, "_swap_in", broken)
    with pytest.raises(OSError):
        write_scenario(scenario.model_copy(update={"pins": ()}), folder, overwrite=True)
    assert {p.name: p.read_text() for p in folder.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["s"]


def test_overwrite_replaces_the_whole_folder(tmp_path):
    scenario = load_scenario(DATA / "base")
    folder = write_scenario(scenario, tmp_path / "s")
    write_scenario(scenario.model_copy(update={"pins": ()}), folder, overwrite=True)
    assert not (folder / "pins.csv").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["s"]
