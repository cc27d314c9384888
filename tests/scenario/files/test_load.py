"""Loading: bundled scenarios, what the models hold, and write-then-load round trips."""

from __future__ import annotations

import sys

import pytest

from scheduler.exceptions import ScenarioError
from scheduler.scenario import load_scenario, load_with_warnings, write_scenario
from scheduler.scenario.synthetic import synthetic_scenario
from tests.conftest import BUNDLED, DATA


@pytest.mark.parametrize("folder", BUNDLED, ids=[p.name for p in BUNDLED])
def test_bundled_scenarios_load_without_warnings(folder):
    scenario, warnings = load_with_warnings(folder)
    assert scenario.students and scenario.tasks
    assert warnings == []


def test_bundled_scenarios_are_the_ones_asked_for():
    sizes = {p.name: load_scenario(p) for p in BUNDLED}
    single, year, agh = sizes["single-class"], sizes["year-group"], sizes["agh-2003"]
    assert (len(single.students), len(single.tasks), len(single.teachers)) == (25, 8, 1)
    assert len(year.students) == 182 and len(year.classes) == 7 and len(year.tasks) == 18
    assert len(year.settings.reporting_periods) == 2
    assert any(t.due_week[0] < t.due_week[1] for t in year.tasks)
    assert sum(t.common for t in year.tasks) == 1
    assert any(t.marker for t in year.tasks) and year.pins
    assert (len(agh.students), len(agh.tasks)) == (146, 9)


def test_base_scenario_values(tmp_path):
    scenario = load_scenario(DATA / "base")
    lab = scenario.task_by_id["T2"]
    assert lab.criteria == ("A", "B") and lab.due_week == (5, 6) and lab.capacity == 4
    assert lab.min_students == 2 and lab.marker == "LAB" and not lab.common
    assert scenario.task_by_id["T1"].common and scenario.task_by_id["T1"].capacity is None
    assert scenario.task_by_id["T4"].classes == ("7B",)
    assert scenario.teacher_of_class == {"7A": "K1", "7B": "K2"}
    assert scenario.preferences["S1"] == {"T2": 1, "T3": 2}
    assert [p.rule for p in scenario.pins] == ["must", "never"]
    assert scenario.settings.policy.feedback_weeks == 2
    s4 = scenario.student_by_id["S4"]
    assert scenario.marker_of(lab, s4) == "LAB"
    assert scenario.marker_of(scenario.task_by_id["T3"], s4) == "K2"
    assert not scenario.is_open(scenario.task_by_id["T4"], scenario.student_by_id["S1"])


def test_defaults_when_optional_settings_are_left_out(tmp_path):
    folder = tmp_path / "s"
    write_scenario(load_scenario(DATA / "base"), folder)
    (folder / "scenario.yaml").write_text(
        "name: Bare\nweeks: 8\ncriteria:\n  - {id: A}\n  - {id: B}\n"
    )
    (folder / "pins.csv").unlink()
    settings = load_scenario(folder).settings
    assert settings.reporting_periods[0].weeks == range(1, 9)
    assert settings.criteria[0].min_per_period == 2 and settings.criteria[0].max_per_period is None
    policy = settings.policy
    assert (policy.tasks_per_student.min, policy.tasks_per_student.max) == (1, None)
    assert policy.max_deadlines_per_week is None and policy.feedback_weeks == 1


def test_spreadsheet_habits_are_accepted(base):
    tasks = (base / "tasks.csv").read_text()
    tasks = tasks.replace(
        "T2,Lab,A;B,5-6,20,4,2,LAB,no,", 'T2,Lab,"A, B",5 \u2013 6,20.0,4,2,LAB,No,'
    )
    (base / "tasks.csv").write_bytes(("\ufeff" + tasks + ",,,,,,,,,\n\n").encode("utf-8"))
    task = load_scenario(base).task_by_id["T2"]
    assert task.criteria == ("A", "B") and task.due_week == (5, 6) and task.marking_minutes == 20


@pytest.mark.parametrize("seed", range(3))
def test_write_then_load_gives_the_same_scenario(tmp_path, seed):
    scenario = synthetic_scenario(students=40, classes=3, tasks=9, seed=seed)
    loaded = load_scenario(write_scenario(scenario, tmp_path / "s"))
    assert loaded.model_dump() == scenario.model_dump()


def test_base_round_trip(tmp_path):
    scenario = load_scenario(DATA / "base")
    assert (
        load_scenario(write_scenario(scenario, tmp_path / "s")).model_dump()
        == scenario.model_dump()
    )


def test_scenario_error_lists_errors_apart_from_warnings(base):
    (base / "tasks.csv").write_text(
        (base / "tasks.csv")
        .read_text()
        .replace("classes\n", "classes,notes\n")
        .replace("T3,Essay,A,7,15", "T3,Essay,A,7,x")
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(base)
    assert [p.column for p in caught.value.errors] == ["marking_minutes"]
    assert any(p.warning and p.column == "notes" for p in caught.value.problems)


def test_scenario_layer_never_imports_ortools():
    import subprocess

    code = "import sys, scheduler.scenario, scheduler.report; sys.exit('ortools' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_a_copied_scenario_does_not_keep_old_lookups():
    scenario = load_scenario(DATA / "base")
    assert len(scenario.task_by_id) == 5 and len(scenario.classes) == 2
    fewer = scenario.model_copy(
        update={"tasks": scenario.tasks[:2], "students": scenario.students[:3]}
    )
    assert set(fewer.task_by_id) == {"T1", "T2"}
    assert fewer.classes == ("7A",)
