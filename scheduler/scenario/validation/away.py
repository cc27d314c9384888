"""Students' away weeks (FORMAT.md v2): inside the term; a must pin they leave no week for is
an error. (Being excused from a common task is no problem: ``excused_from_common`` lists who
is, for validate's report.)"""

from __future__ import annotations

from scheduler.exceptions import Problem
from scheduler.scenario.models import Pin, Settings, Student, Task
from scheduler.scenario.validation.drafts import draft_weeks_open
from scheduler.words import week_list

STUDENTS, PINS = "students.csv", "pins.csv"


def away_problems(
    settings: Settings,
    students: list[tuple[int, Student]],
    tasks: list[Task],
    pins: list[tuple[int, Pin]],
) -> list[Problem]:
    """Every problem with away weeks."""
    return outside_term(settings, students) + pinned_while_away(settings, students, tasks, pins)


def weeks_left(settings: Settings, task: Task, student: Student) -> list[int]:
    """The weeks the student could hand the task in: its window, less no-deadline weeks, weeks
    leaving no week for its draft, and weeks when the student or their draft would be away."""
    away = set(student.away_weeks)
    return [
        w
        for w in draft_weeks_open(settings, task)
        if w not in away and not (task.has_draft and w - task.draft_weeks in away)
    ]


def outside_term(settings: Settings, students: list[tuple[int, Student]]) -> list[Problem]:
    return [
        Problem(
            STUDENTS,
            row,
            "away_weeks",
            f"week {w} is after the term's last week ({settings.weeks}). Choose weeks 1 to "
            f"{settings.weeks}",
        )
        for row, student in students
        for w in student.away_weeks
        if w > settings.weeks
    ]


def pinned_while_away(settings, students, tasks: list[Task], pins) -> list[Problem]:
    """A must pin on a task whose every possible week the student is away."""
    by_id = {s.student_id: s for _, s in students}
    task_by_id = {t.task_id: t for t in tasks}
    problems = []
    for row, pin in pins:
        student, task = by_id.get(pin.student_id), task_by_id.get(pin.task_id)
        if pin.rule != "must" or not student or not task or not student.away_weeks:
            continue
        if not weeks_left(settings, task, student):
            problems.append(
                Problem(
                    PINS,
                    row,
                    "task_id",
                    f"{pin.student_id} is away in {week_list(student.away_weeks)}, and "
                    f"{task.task_id} can only be due then, so the must pin cannot hold. Remove "
                    "the pin, or change the away weeks in students.csv",
                )
            )
    return problems


def excused_from_common(settings: Settings, students, tasks) -> list[tuple[str, str]]:
    """(student, common task) for students away in every week the task can be due: excused
    from it in every plan."""
    return [
        (student.student_id, task.task_id)
        for student in students
        if student.away_weeks
        for task in tasks
        if task.common
        and task.is_open_to(student.class_id)
        and not weeks_left(settings, task, student)
    ]
