"""Tiny scenarios written inline, for tests where one rule decides the answer."""

from __future__ import annotations

from scheduler.scenario import (
    Criterion,
    Partner,
    Period,
    Pin,
    Policy,
    Scenario,
    Settings,
    Skill,
    Student,
    Task,
    TasksPerStudent,
    Teacher,
    Unit,
)


def task(tid: str, criteria: str = "A", due: str = "2", minutes: int = 10, **optional) -> Task:
    return Task(
        task_id=tid,
        title=f"Task {tid}",
        criteria=criteria,
        due_week=due,
        marking_minutes=minutes,
        **optional,
    )


def tiny(
    tasks: list[Task],
    preferences: dict[str, dict[str, int]] | None = None,
    students: int = 3,
    classes: tuple[str, ...] = ("7A",),
    weekly: int = 1000,
    unavailable: tuple[int, ...] = (),
    pins: tuple[tuple[str, str, str], ...] = (),
    criteria: tuple[tuple[str, int, int | None], ...] = (("A", 0, None), ("B", 0, None)),
    periods: tuple[tuple[str, int, int], ...] = (),
    weeks: int = 4,
    no_deadline_weeks: tuple[int, ...] = (),
    tasks_per_student: tuple[int, int | None] = (1, None),
    max_deadlines: int | None = None,
    feedback: int = 1,
    units: tuple[tuple[str, int, int | None], ...] = (),
    skills: tuple[tuple[str, int, int | None], ...] = (),
    away: dict[str, tuple[int, ...]] | None = None,
    min_drafted: int = 0,
    wishes: dict[tuple[str, str], tuple[int, ...]] | None = None,
    partners: tuple[tuple[str, str, str], ...] = (),
) -> Scenario:
    """Students S1.. in the classes in turn, one teacher per class with ``weekly`` minutes.

    ``units`` and ``skills`` are (id, least, most) each; tasks name them with ``unit=`` and
    ``skills=``. ``away`` gives students' away weeks: ``{"S1": (2,)}``.
    """
    roster = tuple(
        Student(
            student_id=f"S{i + 1}",
            name=f"Student {i + 1}",
            class_id=classes[i % len(classes)],
            away_weeks=(away or {}).get(f"S{i + 1}", ()),
        )
        for i in range(students)
    )
    teachers = (
        *tuple(
            Teacher(
                teacher_id=f"K{i + 1}",
                name=f"Teacher {i + 1}",
                classes=(c,),
                weekly_marking_minutes=weekly,
                unavailable_weeks=unavailable,
            )
            for i, c in enumerate(classes)
        ),
        Teacher(teacher_id="LAB", name="Lab", weekly_marking_minutes=weekly),
    )
    settings = Settings(
        name="Tiny",
        weeks=weeks,
        no_deadline_weeks=no_deadline_weeks,
        periods=tuple(Period(name=n, first_week=a, last_week=b) for n, a, b in periods),
        criteria=tuple(
            Criterion(id=c, min_per_period=lo, max_per_period=hi) for c, lo, hi in criteria
        ),
        units=tuple(Unit(id=u, min_tasks=lo, max_tasks=hi) for u, lo, hi in units),
        skills=tuple(Skill(id=k, min_per_term=lo, max_per_term=hi) for k, lo, hi in skills),
        policy=Policy(
            tasks_per_student=TasksPerStudent(min=tasks_per_student[0], max=tasks_per_student[1]),
            max_deadlines_per_week=max_deadlines,
            feedback_weeks=feedback,
            min_drafted_tasks=min_drafted,
        ),
    )
    return Scenario(
        settings=settings,
        tasks=tuple(tasks),
        students=roster,
        teachers=teachers,
        preferences=preferences or {},
        week_wishes=wishes or {},
        partners=tuple(Partner(student_id=a, partner_id=b, wish=w) for a, b, w in partners),
        pins=tuple(Pin(student_id=s, task_id=t, rule=r) for s, t, r in pins),
    )


def everyone(ranks: dict[str, int], students: int = 3) -> dict[str, dict[str, int]]:
    """The same ranking for students S1 .. S<students>."""
    return {f"S{i + 1}": dict(ranks) for i in range(students)}


def common_due(school, first: int, last: int | None = None):
    """``school`` with every subject's common task due in weeks ``first``-``last`` (or in
    ``first`` alone)."""
    window = (first, first if last is None else last)
    subjects = {
        name: scenario.model_copy(
            update={
                "tasks": tuple(
                    t.model_copy(update={"due_week": window}) if t.common else t
                    for t in scenario.tasks
                )
            }
        )
        for name, scenario in school.subjects.items()
    }
    return school.model_copy(update={"subjects": subjects})
