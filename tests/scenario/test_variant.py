"""Variants: every kind of edit, from a file and from options, and where problems are said."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.exceptions import ScenarioError
from scheduler.scenario import load_scenario
from scheduler.scenario.variants.edit import apply_variant
from scheduler.scenario.variants.variant import (
    option_variant,
    read_variant,
    variant_data,
    variant_file_text,
    variant_from_data,
)
from tests.conftest import DATA


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(DATA / "base")


def variant_file(tmp_path: Path, text: str, name: str = "change.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(scenario, variant) -> list[str]:
    with pytest.raises(ScenarioError) as error:
        apply_variant(scenario, variant)
    return [str(p) for p in error.value.problems]


def test_a_variant_file_edits_every_part_of_the_scenario(scenario, tmp_path):
    path = variant_file(
        tmp_path,
        """\
name: Second lab
drop_tasks: [T4]
add_tasks:
  - {task_id: T6, like: T2, due_week: 7}
tasks:
  T3: {capacity: 2, classes: [7A]}
teachers:
  K2: {weekly_marking_minutes: 300, unavailable_weeks: [5, 6]}
drop_students: [S6]
policy:
  max_deadlines_per_week: 2
  tasks_per_student: {max: 3}
criteria:
  B: {max_per_period: 1}
no_deadline_weeks: [4, 8]
add_pins:
  - {student_id: S2, task_id: T6, rule: must}
remove_pins:
  - {student_id: S1, task_id: T3}
""",
    )
    variant = read_variant(path)
    changed = apply_variant(scenario, variant)
    assert variant.name == "Second lab"
    assert [t.task_id for t in changed.tasks] == ["T1", "T2", "T3", "T5", "T6"]
    new = changed.task_by_id["T6"]
    assert (new.criteria, new.marker, new.capacity, new.due_week) == (("A", "B"), "LAB", 4, (7, 7))
    assert changed.task_by_id["T3"].capacity == 2 and changed.task_by_id["T3"].classes == ("7A",)
    lee = next(t for t in changed.teachers if t.teacher_id == "K2")
    assert (lee.weekly_marking_minutes, lee.unavailable_weeks) == (300, (5, 6))
    assert "S6" not in changed.student_by_id
    policy = changed.settings.policy
    assert (policy.max_deadlines_per_week, policy.tasks_per_student.max) == (2, 3)
    assert policy.tasks_per_student.min == 2  # keys not named keep their values
    assert changed.settings.criteria[1].max_per_period == 1
    assert changed.settings.no_deadline_weeks == (4, 8)
    # S1's pin was removed; T4 was dropped, and S4's pin on it with it
    assert [(p.student_id, p.task_id, p.rule) for p in changed.pins] == [("S2", "T6", "must")]
    # students who ranked T2 rank its copy the same; T4's rankings went with it
    assert changed.preferences["S1"]["T6"] == changed.preferences["S1"]["T2"] == 1
    assert all("T4" not in ranks for ranks in changed.preferences.values())


def test_the_scenario_itself_is_not_changed(scenario):
    before = scenario.model_dump()
    apply_variant(scenario, option_variant(drop=("T4",), sets=("task.T2.capacity=6",)))
    assert scenario.model_dump() == before


def test_options_make_the_same_edits_as_a_file(scenario, tmp_path):
    path = variant_file(
        tmp_path,
        "drop_tasks: [T4]\ntasks:\n  T2: {capacity: 6}\npolicy:\n  max_deadlines_per_week: 2\n"
        "teachers:\n  K1: {weekly_marking_minutes: 150}\ncriteria:\n  A: {min_per_period: 2}\n",
    )
    from_file = apply_variant(scenario, read_variant(path))
    from_options = apply_variant(
        scenario,
        option_variant(
            drop=("T4",),
            sets=(
                "task.T2.capacity=6",
                "policy.max_deadlines_per_week=2",
                "teacher.K1.weekly_marking_minutes=150",
                "criterion.A.min_per_period=2",
            ),
        ),
    )
    assert from_file == from_options


def test_a_problem_is_said_at_the_variant_key_that_caused_it(scenario, tmp_path):
    path = variant_file(
        tmp_path,
        "drop_tasks: [T9]\ntasks:\n  T2: {capasity: 6, marking_minutes: many}\n"
        "policy:\n  max_deadlines_per_week: 0\n",
    )
    said = problems_of(scenario, read_variant(path))
    assert 'change.yaml, line 1, key drop_tasks[1]: "T9" is not in tasks.csv' in said[0]
    assert any(
        s.startswith("change.yaml, line 3, key tasks.T2.marking_minutes:") and "whole number" in s
        for s in said
    )
    assert any("key tasks.T2.capasity" in s and 'Did you mean "capacity"' in s for s in said)
    assert any(
        "line 5, key policy.max_deadlines_per_week" in s and "least allowed is 1" in s for s in said
    )


def test_a_problem_from_an_option_names_the_option(scenario):
    said = problems_of(scenario, option_variant(sets=("teacher.K1.weekly_marking_minutes=-5",)))
    assert said == [
        "command line, option --set teacher.K1.weekly_marking_minutes=-5: weekly_marking_minutes: "
        '"-5" is too small: the least allowed is 0. Expected the most marking minutes in one week '
        "(0 or more)."
    ]


def test_an_unknown_column_from_an_option_names_the_option_as_given(scenario):
    said = problems_of(scenario, option_variant(sets=("task.T2.colour=red",)))
    assert len(said) == 1
    assert said[0].startswith('command line, option --set task.T2.colour=red: "colour" is not')


def test_a_row_the_variant_did_not_edit_is_named_with_its_column(scenario):
    """A setting that makes an unedited row wrong (a due week now a no-deadline week) says
    the row and column of the scenario, not the column as if it were an option."""
    said = problems_of(scenario, option_variant(sets=("no_deadline_weeks=2",)))
    assert said and all(
        s.startswith("command line: after the variant's changes, tasks.csv's row for task_id ")
        for s in said
    )
    assert any(", column due_week: week 2 is a no-deadline week" in s for s in said), said


def test_two_pins_of_one_pair_that_disagree_are_refused(scenario):
    said = problems_of(scenario, option_variant(pins=("S1:T3:must", "S1:T3:never")))
    assert said == [
        "command line, option --pin S1:T3:never: S1 is pinned to T3 as never here and as must "
        "by --pin S1:T3:must: keep the one that is meant."
    ]
    agreeing = apply_variant(scenario, option_variant(pins=("S1:T3:Must", "S1:T3:must")))
    assert [(p.student_id, p.task_id, p.rule) for p in agreeing.pins].count(
        ("S1", "T3", "must")
    ) == 1


def test_a_task_or_student_dropped_twice_is_dropped_once(scenario):
    once = apply_variant(scenario, option_variant(drop=("T3",), drop_students=("S2",)))
    twice = apply_variant(scenario, option_variant(drop=("T3", "T3"), drop_students=("S2", "S2")))
    assert twice == once


def test_a_pin_on_a_dropped_task_is_said_at_the_pin(scenario):
    said = problems_of(scenario, option_variant(drop=("T3",), pins=("S2:T3:must",)))
    assert len(said) == 1 and said[0].startswith("command line, option --pin S2:T3:must: task_id")


@pytest.mark.parametrize(
    "text",
    ["tasks: [T1]", "drop_task: [T1]", "add_pins: [S1]", "policy: 3", "a: [b", "- 1"],
)
def test_a_broken_variant_file_is_a_clean_error(tmp_path, text):
    with pytest.raises(ScenarioError) as error:
        read_variant(variant_file(tmp_path, text))
    assert all(p.file == "change.yaml" for p in error.value.problems)


def test_a_pin_without_its_parts_is_refused(scenario, tmp_path):
    variant = read_variant(variant_file(tmp_path, "add_pins: [{student_id: S1}]"))
    said = problems_of(scenario, variant)
    assert said and all(s.startswith("change.yaml, line 1, key add_pins[1]") for s in said)


@pytest.mark.parametrize(
    "option",
    [
        "foo=3",
        "task.T1=3",
        "task.T1.capacity",
        "policy=2",
        "criterion.A=1",
        "no_deadline_weeks.x=1",
    ],
)
def test_a_malformed_set_option_is_refused(option):
    with pytest.raises(ScenarioError) as error:
        option_variant(sets=(option,))
    assert error.value.problems[0].column == f"--set {option}"


def test_unknown_ids_and_columns_are_named_with_a_guess(scenario):
    said = problems_of(
        scenario,
        option_variant(sets=("task.T22.capacity=3", "teacher.K1.minutes=3"), unpins=("S1:T2",)),
    )
    assert any('"T22" is not in tasks.csv. Did you mean' in s for s in said)
    assert any('"minutes" is not a name scheduler knows' in s for s in said)
    assert any("there is no pin for student S1 and task T2" in s for s in said)


def test_a_new_task_must_have_a_new_id(scenario):
    said = problems_of(scenario, option_variant(add=("T2=T3",)))
    assert "task T2 is already on the menu" in said[0]


def test_a_variant_survives_being_recorded_with_its_plan(scenario):
    variant = option_variant(drop=("T4",), add=("T6=T2",), sets=("task.T6.due_week=7",))
    again = variant_from_data(variant_data(variant), "plan.yaml")
    assert apply_variant(scenario, again) == apply_variant(scenario, variant)
    with pytest.raises(ScenarioError):
        variant_from_data({"name": "x", "edits": [{"what": "explode", "target": []}]}, "plan.yaml")


ROUND_TRIP = [
    option_variant(drop=("S04",), name="No poster"),
    option_variant(
        sets=(
            "task.S02.capacity=40",
            "task.S03.due_week=5-7",
            "teacher.OKA.weekly_marking_minutes=600",
            "policy.max_deadlines_per_week=1",
            "policy.tasks_per_student.max=5",
            "criterion.A.min_per_period=2",
            "no_deadline_weeks=7;8",
        ),
        add=("S21=S02",),
        pins=("9A01:S03:must", "9A02:S04:never"),
        unpins=("9B01:S01",),
        drop_students=("9C03",),
        name="Many changes",
    ),
]


@pytest.mark.parametrize("variant", ROUND_TRIP, ids=lambda v: v.name)
def test_a_variant_written_as_a_file_reads_back_as_the_same_edits(variant, tmp_path):
    path = tmp_path / "variant.yaml"
    path.write_text(variant_file_text(variant), encoding="utf-8")
    read = read_variant(path)

    def edits(v):
        return sorted((e.what, e.target, tuple(sorted(e.values.items()))) for e in v.edits)

    assert read.name == variant.name and edits(read) == edits(variant)
