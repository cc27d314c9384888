"""Plausible synthetic schools of any size: each subject a synthetic scenario over one roster."""

from __future__ import annotations

import random

from scheduler.scenario.models import Scenario
from scheduler.scenario.school.models import School, SchoolPolicy, SchoolSettings
from scheduler.scenario.synthetic import names, synthetic_scenario

SUBJECTS = (
    ("sciences", "S"),
    ("mathematics", "M"),
    ("language-and-literature", "L"),
    ("individuals-and-societies", "I"),
    ("design", "D"),
    ("arts", "A"),
    ("language-acquisition", "G"),
    ("physical-and-health-education", "P"),
)


def synthetic_school(
    students: int = 300,
    subjects: int = 6,
    tasks: int = 8,
    classes: int = 12,
    seed: int = 0,
    cap: int | None = 2,
    shared: int = 2,
    windows: float = 0.5,
    weeks: int = 12,
) -> School:
    """A valid school: ``subjects`` synthetic subjects (one reporting period, each student
    doing 2-3 of its ``tasks``) over one roster, each subject's weeks turned on from the
    last's (by ``weeks`` / ``subjects``) so its common task falls elsewhere; ``shared`` teachers teach in two
    subjects (with both subjects' minutes); at most ``cap`` deadlines a week per student."""
    if not 1 <= subjects <= len(SUBJECTS):
        raise ValueError(f"a synthetic school has 1 to {len(SUBJECTS)} subjects")
    roster = names(students, random.Random(seed))
    made: dict[str, Scenario] = {}
    for index, (name, letter) in enumerate(SUBJECTS[:subjects]):
        scenario = synthetic_scenario(
            students, classes, tasks, weeks=weeks, periods=1, ranked=tasks,
            seed=seed * 101 + index, windows=windows,
        )  # fmt: skip
        made[name] = _subject(scenario, name, letter, roster, index * weeks // subjects)
    made = _share_teachers(made, shared)
    settings = SchoolSettings(
        name=f"Synthetic school, {students} students, {subjects} subjects",
        weeks=weeks,
        subjects=tuple(made),
        policy=SchoolPolicy(max_deadlines_per_week=cap),
    )
    return School(settings=settings, subjects=made)


def _subject(scenario: Scenario, name: str, letter: str, roster: list[str], turn: int):
    """A synthetic scenario as one subject: the school's names for its students, its tasks
    lettered (S01, S02, ...), its teachers named after it, its weeks turned on."""
    ids = {t.task_id: f"{letter}{i + 1:02d}" for i, t in enumerate(scenario.tasks)}
    code = name[:3].upper()
    teachers = {t.teacher_id: f"{code}-{t.teacher_id}" for t in scenario.teachers}
    weeks = scenario.settings.weeks
    tasks = tuple(
        t.model_copy(
            update={
                "task_id": ids[t.task_id],
                "title": f"{name.replace('-', ' ').capitalize()}: {t.title}",
                "due_week": _turned(t.due_week, turn, weeks),
                "marker": teachers.get(t.marker) if t.marker else None,
            }
        )
        for t in scenario.tasks
    )
    students = tuple(
        s.model_copy(update={"name": roster[i]}) for i, s in enumerate(scenario.students)
    )
    staff = tuple(
        t.model_copy(update={"teacher_id": teachers[t.teacher_id]}) for t in scenario.teachers
    )
    settings = scenario.settings.model_copy(update={"name": name.replace("-", " ").capitalize()})
    preferences = {
        s: {ids[t]: r for t, r in ranks.items()} for s, ranks in scenario.preferences.items()
    }
    return scenario.model_copy(
        update={
            "settings": settings,
            "tasks": tasks,
            "students": students,
            "teachers": staff,
            "preferences": preferences,
        }
    )


def _turned(window: tuple[int, int], turn: int, weeks: int) -> tuple[int, int]:
    """A window moved ``turn`` weeks later, wrapping round the term (kept whole)."""
    first, last = window[0] + turn, window[1] + turn
    if first > weeks:
        return first - weeks, last - weeks
    if last > weeks:
        return weeks - (last - first), weeks
    return first, last


def _share_teachers(made: dict[str, Scenario], shared: int) -> dict[str, Scenario]:
    """The first class teacher of subject 2k+1 is also the first of subject 2k (one
    teacher, with the minutes of both), for the first ``shared`` such pairs."""
    names = list(made)
    for k in range(min(shared, len(names) // 2)):
        first, second = made[names[2 * k]], made[names[2 * k + 1]]
        one, two = first.teachers[0], second.teachers[0]
        minutes = one.weekly_marking_minutes + two.weekly_marking_minutes
        both = {"weekly_marking_minutes": minutes, "unavailable_weeks": one.unavailable_weeks}
        made[names[2 * k]] = _replace_teacher(first, one.teacher_id, one, both)
        made[names[2 * k + 1]] = _replace_teacher(
            second, two.teacher_id, one, {**both, "classes": two.classes}
        )
    return made


def _replace_teacher(scenario: Scenario, old: str, new, update: dict) -> Scenario:
    """``scenario`` with teacher ``old`` replaced by ``new`` (updated), and as marker."""
    teacher = new.model_copy(update=update)
    teachers = tuple(teacher if t.teacher_id == old else t for t in scenario.teachers)
    tasks = tuple(
        t.model_copy(update={"marker": teacher.teacher_id}) if t.marker == old else t
        for t in scenario.tasks
    )
    return scenario.model_copy(update={"teachers": teachers, "tasks": tasks})
