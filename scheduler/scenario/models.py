"""The scenario as pydantic models: settings, tasks, students, teachers, pins.

Each field's ``description`` is the hint a person sees when a value is wrong, so it
says what is expected in the words of FORMAT.md.
"""

from __future__ import annotations

import datetime
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from scheduler.scenario.cells import (
    MOST_WEEKS,
    lower_word,
    parse_group_size,
    parse_window,
    parse_yes_no,
    split_list,
    split_weeks,
)

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Text = Annotated[str, StringConstraints(strip_whitespace=True)]
IdList = Annotated[tuple[Id, ...], BeforeValidator(split_list)]
Week = Annotated[int, Field(ge=1)]
WeekList = Annotated[tuple[Week, ...], BeforeValidator(split_weeks)]
Window = Annotated[tuple[Week, Week], BeforeValidator(parse_window)]
YesNo = Annotated[bool, BeforeValidator(parse_yes_no)]
GroupSize = Annotated[tuple[int, int], BeforeValidator(parse_group_size)]


class Record(BaseModel):
    """A frozen row or settings block; unknown keys are refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


# --- scenario.yaml -----------------------------------------------------------------


class Period(Record):
    name: Id = Field(description="a name such as Interim")
    first_week: Week = Field(description="the first teaching week of the period")
    last_week: Week = Field(description="the last teaching week of the period")

    @property
    def weeks(self) -> range:
        return range(self.first_week, self.last_week + 1)


class Criterion(Record):
    id: Id = Field(description="a short id such as A")
    name: Text = Field("", description="the criterion's name")
    min_per_period: int = Field(
        2, ge=0, description="how many tasks per period must assess it (a whole number)"
    )
    max_per_period: int | None = Field(
        None, ge=0, description="the most tasks per period that may assess it, or leave it out"
    )


class Unit(Record):
    id: Id = Field(description="a short id such as U1")
    name: Text = Field("", description="the unit's name")
    min_tasks: int = Field(
        1, ge=0, description="the fewest tasks of the unit each student does (a whole number)"
    )
    max_tasks: int | None = Field(
        None, ge=0, description="the most tasks of the unit a student does, or leave it out"
    )


class Skill(Record):
    id: Id = Field(description="a short id such as LAB")
    name: Text = Field("", description="the skill's name")
    min_per_term: int = Field(
        0, ge=0, description="the fewest tasks practising it each student does (a whole number)"
    )
    max_per_term: int | None = Field(
        None, ge=0, description="the most tasks practising it a student does, or leave it out"
    )


class TasksPerStudent(Record):
    min: int = Field(1, ge=0, description="the fewest tasks a student does in the term")
    max: int | None = Field(
        None, ge=0, description="the most tasks a student does in the term, or leave it out"
    )


class Policy(Record):
    tasks_per_student: TasksPerStudent = TasksPerStudent()
    max_deadlines_per_week: int | None = Field(
        None, ge=1, description="the most tasks due for one student in one week (1 or more)"
    )
    feedback_weeks: int = Field(
        1, ge=1, le=52, description="weeks teachers have to mark work after it is due (1 or more)"
    )
    min_drafted_tasks: int = Field(
        0, ge=0, description="the fewest tasks with a draft each student does (0 or more)"
    )


class Settings(Record):
    name: Id = Field(description="the scenario's name, shown on every report")
    weeks: int = Field(
        ge=1, le=MOST_WEEKS, description=f"the number of teaching weeks (1 to {MOST_WEEKS})"
    )
    start_date: datetime.date | None = Field(
        None, description="the Monday of week 1, written as YYYY-MM-DD"
    )
    no_deadline_weeks: WeekList = Field((), description="a list of weeks such as [7]")
    periods: tuple[Period, ...] = Field((), description="a list of reporting periods")
    criteria: tuple[Criterion, ...] = Field(
        min_length=1, description="a list of criteria, each with an id"
    )
    units: tuple[Unit, ...] = Field((), description="a list of units, each with an id")
    skills: tuple[Skill, ...] = Field((), description="a list of skills, each with an id")
    policy: Policy = Policy()

    def week_start(self, week: int) -> datetime.date | None:
        """The Monday of ``week``, when ``start_date`` is given."""
        if self.start_date is None:
            return None
        return self.start_date + datetime.timedelta(weeks=week - 1)

    def period_of(self, week: int) -> Period | None:
        """The reporting period holding ``week``, if any."""
        return next((p for p in self.reporting_periods if week in p.weeks), None)

    @property
    def reporting_periods(self) -> tuple[Period, ...]:
        """The periods, or one period spanning the whole term when none are given."""
        return self.periods or (Period(name="Term", first_week=1, last_week=self.weeks),)


# --- the CSV tables ------------------------------------------------------------------


class Task(Record):
    task_id: Id = Field(description="a unique id such as T1")
    title: Id = Field(description="the task's title")
    criteria: IdList = Field(min_length=1, description="criteria ids separated by ;, e.g. A;C")
    due_week: Window = Field(description="a week such as 5, or a window such as 5-7")
    marking_minutes: int = Field(ge=0, description="minutes to mark one submission (0 or more)")
    capacity: int | None = Field(
        None, ge=1, description="the most students (1 or more), or empty for no limit"
    )
    min_students: int = Field(
        1, ge=1, description="the fewest students for the task to run (1 or more), or empty"
    )
    marker: Id | None = Field(
        None, description="the teacher_id who marks it, or empty for class teachers"
    )
    common: YesNo = Field(False, description="yes or no")
    classes: IdList = Field((), description="class ids separated by ;, or empty for everyone")
    unit: Id | None = Field(None, description="the id of the task's unit, or empty for none")
    skills: IdList = Field((), description="skill ids separated by ;, e.g. LAB;ORAL, or empty")
    draft_weeks: int = Field(
        0, ge=0, description="weeks before the final the draft is due (2 or more), or empty"
    )
    draft_minutes: int = Field(0, ge=0, description="minutes of feedback on one draft (0 or more)")
    moderator: Id | None = Field(
        None, description="the teacher_id of a second teacher who re-marks a sample, or empty"
    )
    moderation_sample: int | None = Field(
        None, ge=1, description="how many submissions the moderator re-marks (1 or more)"
    )
    due_mode: Annotated[Literal["shared", "own"], BeforeValidator(lower_word)] = Field(
        "shared",
        description="shared (everyone doing it hands in the same week) or own (each student "
        "has their own week in the window), or empty for shared",
    )
    group_size: GroupSize | None = Field(
        None, description="students in a group, such as 3 or 2-4, or empty for work done alone"
    )

    @property
    def due_weeks(self) -> range:
        return range(self.due_week[0], self.due_week[1] + 1)

    @property
    def sample(self) -> int:
        """How many submissions the moderator re-marks (3 unless given; 0 with no moderator)."""
        if self.moderator is None:
            return 0
        return 3 if self.moderation_sample is None else self.moderation_sample

    @property
    def own_weeks(self) -> bool:
        """Whether each student doing the task has their own due week (``due_mode: own``)."""
        return self.due_mode == "own"

    @property
    def in_groups(self) -> bool:
        """Whether the task is done in groups (``group_size``), one submission a group."""
        return self.group_size is not None

    @property
    def has_draft(self) -> bool:
        """Whether every submission of the task has a draft before its final."""
        return self.draft_weeks > 0

    def is_open_to(self, class_id: str) -> bool:
        """Whether students of ``class_id`` may take the task."""
        return not self.classes or class_id in self.classes

    def open_count(self, class_sizes: dict[str, int]) -> int:
        """How many students, given each class's size, may take the task."""
        return sum(n for c, n in class_sizes.items() if self.is_open_to(c))


class Student(Record):
    student_id: Id = Field(description="a unique id")
    name: Id = Field(description="the student's name")
    class_id: Id = Field(alias="class", description="the student's class (teaching group) id")
    away_weeks: WeekList = Field(
        (), description="weeks the student is away (nothing of theirs is due), e.g. 4;5"
    )


class Teacher(Record):
    teacher_id: Id = Field(description="a unique id")
    name: Id = Field(description="the teacher's name")
    classes: IdList = Field((), description="class ids separated by ;, e.g. 9A;9B")
    weekly_marking_minutes: int = Field(
        ge=0, description="the most marking minutes in one week (0 or more)"
    )
    unavailable_weeks: WeekList = Field((), description="weeks separated by ;, e.g. 6;7")

    def marking_time(self, first: int, last: int) -> int:
        """Minutes the teacher can mark in weeks ``first`` to ``last``, less unavailable weeks."""
        off = set(self.unavailable_weeks)
        return sum(self.weekly_marking_minutes for w in range(first, last + 1) if w not in off)


class Pin(Record):
    student_id: Id = Field(description="a student_id from students.csv")
    task_id: Id = Field(description="a task_id from tasks.csv")
    rule: Annotated[Literal["must", "never"], BeforeValidator(lower_word)] = Field(
        description="must or never"
    )


class Partner(Record):
    student_id: Id = Field(description="a student_id from students.csv")
    partner_id: Id = Field(description="another student's student_id")
    wish: Annotated[Literal["with", "never"], BeforeValidator(lower_word)] = Field(
        description="with (the student would like to work with the partner) or never (the two "
        "are never in one group)"
    )


# --- the whole scenario ------------------------------------------------------------


class Scenario(BaseModel):
    """A validated scenario: everything the model and the checker read."""

    model_config = ConfigDict(frozen=True)

    settings: Settings
    tasks: tuple[Task, ...]
    students: tuple[Student, ...]
    teachers: tuple[Teacher, ...]
    preferences: dict[str, dict[str, int]] = Field(
        default_factory=dict, description="student_id -> task_id -> rank"
    )
    week_wishes: dict[tuple[str, str], tuple[int, ...]] = Field(
        default_factory=dict, description="(student_id, task_id) -> weeks wished to hand in"
    )
    pins: tuple[Pin, ...] = ()
    partners: tuple[Partner, ...] = ()

    def model_copy(self, *, update: dict | None = None, deep: bool = False) -> Scenario:
        """A copy with ``update`` applied; lookups cached on this scenario are not carried over."""
        copy = super().model_copy(update=update, deep=deep)
        for name, value in vars(Scenario).items():
            if isinstance(value, cached_property):
                copy.__dict__.pop(name, None)
        return copy

    @cached_property
    def task_by_id(self) -> dict[str, Task]:
        return {task.task_id: task for task in self.tasks}

    @cached_property
    def student_by_id(self) -> dict[str, Student]:
        return {student.student_id: student for student in self.students}

    @cached_property
    def teacher_of_class(self) -> dict[str, str]:
        return {c: t.teacher_id for t in self.teachers for c in t.classes}

    @cached_property
    def classes(self) -> tuple[str, ...]:
        """Every class that has students, in order of first appearance."""
        return tuple(dict.fromkeys(student.class_id for student in self.students))

    def tasks_of_unit(self, unit_id: str) -> list[Task]:
        """The tasks that belong to the unit."""
        return [t for t in self.tasks if t.unit == unit_id]

    def tasks_with_skill(self, skill_id: str) -> list[Task]:
        """The tasks that practise the skill."""
        return [t for t in self.tasks if skill_id in t.skills]

    def is_open(self, task: Task, student: Student) -> bool:
        """Whether the student's class may take the task."""
        return task.is_open_to(student.class_id)

    def marker_of(self, task: Task, student: Student) -> str | None:
        """Who marks this student's submission: the task's marker, else the class teacher."""
        return task.marker or self.teacher_of_class.get(student.class_id)
