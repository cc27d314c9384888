"""Variants of a school: its cap and no-deadline weeks, and any subject changed as a subject's
variant changes it; bad ones are named by file, line and key, before anything is solved."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.exceptions import ScenarioError
from scheduler.scenario.school.synthetic import synthetic_school
from scheduler.scenario.school.variants import (
    apply_school_variant,
    read_school_variant,
    school_option_variant,
)

SMALL = synthetic_school(students=12, subjects=3, tasks=5, classes=2, seed=1)


def said(call, *args) -> str:
    """The problems ``call(*args)`` raises, in words."""
    with pytest.raises(ScenarioError) as error:
        call(*args)
    return "\n".join(str(p) for p in error.value.problems)


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "variant.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_variant_file_changes_the_cap_and_a_subjects_task(tmp_path):
    path = written(
        tmp_path,
        "name: Cap 3\nmax_deadlines_per_week: 3\nno_deadline_weeks: [7]\nsubjects:\n"
        "  sciences:\n    tasks: {S01: {due_week: 5-7}}\n    drop_tasks: [S03]\n",
    )
    variant = read_school_variant(path)
    assert variant.name == "Cap 3"
    assert (
        variant.describe() == "cap 3; no_deadline_weeks [7]; sciences: drop S03; S01 due_week 5-7"
    )
    school = apply_school_variant(SMALL, variant)
    assert school.settings.policy.max_deadlines_per_week == 3
    assert school.settings.no_deadline_weeks == (7,)
    sciences = school.subjects["sciences"]
    assert sciences.task_by_id["S01"].due_week == (5, 7) and "S03" not in sciences.task_by_id
    assert school.subjects["mathematics"] == SMALL.subjects["mathematics"]


def test_command_line_sets_for_a_school():
    variant = school_option_variant(
        ("school.max_deadlines_per_week=1", "mathematics:task.M02.capacity=3")
    )
    school = apply_school_variant(SMALL, variant)
    assert school.settings.policy.max_deadlines_per_week == 1
    assert school.subjects["mathematics"].task_by_id["M02"].capacity == 3
    assert "for a school, write school.max_deadlines_per_week" in said(
        school_option_variant, ("task.M02.capacity=3",)
    )


def test_bad_variants_are_named_by_line_and_key(tmp_path):
    path = written(tmp_path, "subjects:\n  sciences:\n    taskz: {S01: {capacity: 3}}\n")
    with pytest.raises(ScenarioError) as error:
        read_school_variant(path)
    [problem] = [str(p) for p in error.value.problems]
    assert problem.startswith("variant.yaml, line 3, key subjects.sciences.taskz")
    path = written(tmp_path, "subjects:\n  science:\n    tasks: {S01: {capacity: 3}}\n")
    assert '"science" is not a subject of the school' in said(
        apply_school_variant, SMALL, read_school_variant(path)
    )
    path = written(tmp_path, "subjects:\n  sciences:\n    tasks: {S99: {capacity: 3}}\n")
    assert "sciences: " in said(apply_school_variant, SMALL, read_school_variant(path))
    zero = school_option_variant(("school.max_deadlines_per_week=0",))
    assert "policy.max_deadlines_per_week" in said(apply_school_variant, SMALL, zero)


def test_a_shared_teacher_changed_in_one_subject_only_is_refused():
    [teacher] = SMALL.shared_teachers()
    one = school_option_variant((f"sciences:teacher.{teacher}.weekly_marking_minutes=100",))
    assert "change the teacher in every subject" in said(apply_school_variant, SMALL, one)
    both = school_option_variant(
        (
            f"sciences:teacher.{teacher}.weekly_marking_minutes=100",
            f"mathematics:teacher.{teacher}.weekly_marking_minutes=100",
        )
    )
    assert apply_school_variant(SMALL, both).teachers()[teacher].weekly_marking_minutes == 100
