"""A school: several subjects' scenarios planned as one (FORMAT.md, "A school is a folder of
subjects")."""

from __future__ import annotations

import datetime
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field

from scheduler.scenario.cells import MOST_WEEKS
from scheduler.scenario.models import Id, Record, Scenario, Student, Teacher, WeekList


class SchoolPolicy(Record):
    max_deadlines_per_week: int | None = Field(
        None,
        ge=1,
        description="the most finals of all subjects together due for one student in one week",
    )


class SchoolSettings(Record):
    name: Id = Field(description="the school's name, shown on every report")
    weeks: int = Field(
        ge=1,
        le=MOST_WEEKS,
        description="the number of teaching weeks; every subject's scenario.yaml has the same",
    )
    start_date: datetime.date | None = Field(
        None, description="the Monday of week 1, written as YYYY-MM-DD"
    )
    no_deadline_weeks: WeekList = Field(
        (), description="weeks with no deadline in any subject, such as [7]"
    )
    subjects: tuple[Id, ...] = Field(
        min_length=1,
        description="the subjects' folders beside school.yaml (or workbooks, such as "
        "sciences.xlsx), e.g. [sciences, mathematics]",
    )
    policy: SchoolPolicy = SchoolPolicy()


def subject_name(entry: str) -> str:
    """A subject's name from its entry in ``subjects``: ``sciences.xlsx`` is ``sciences``."""
    return entry[: -len(".xlsx")] if entry.lower().endswith(".xlsx") else entry


class School(BaseModel):
    """A validated school: its settings and each subject's scenario, as its files give it."""

    model_config = ConfigDict(frozen=True)

    settings: SchoolSettings
    subjects: dict[str, Scenario]

    def model_copy(self, *, update: dict | None = None, deep: bool = False) -> School:
        """A copy with ``update`` applied; the planned scenarios are not carried over."""
        copy = super().model_copy(update=update, deep=deep)
        copy.__dict__.pop("planned_scenarios", None)
        return copy

    def planned(self, subject: str) -> Scenario:
        """The subject's scenario as the school plans it: with the school's no-deadline weeks,
        and each student's away weeks from every subject."""
        scenario = self.subjects[subject]
        closed = sorted({*scenario.settings.no_deadline_weeks, *self.settings.no_deadline_weeks})
        settings = scenario.settings.model_copy(update={"no_deadline_weeks": tuple(closed)})
        away = self.away_weeks()
        students = tuple(
            s.model_copy(update={"away_weeks": away[s.student_id]}) for s in scenario.students
        )
        return scenario.model_copy(update={"settings": settings, "students": students})

    def planned_subjects(self) -> dict[str, Scenario]:
        """Every subject's scenario as the school plans it."""
        return self.planned_scenarios

    @cached_property
    def planned_scenarios(self) -> dict[str, Scenario]:
        return {name: self.planned(name) for name in self.subjects}

    def away_weeks(self) -> dict[str, tuple[int, ...]]:
        """Each student's away weeks: those given in any subject."""
        away: dict[str, set[int]] = {}
        for scenario in self.subjects.values():
            for student in scenario.students:
                away.setdefault(student.student_id, set()).update(student.away_weeks)
        return {s: tuple(sorted(w)) for s, w in away.items()}

    def students(self) -> dict[str, Student]:
        """Every student of the school (as the first subject listing them gives them)."""
        found: dict[str, Student] = {}
        for scenario in self.subjects.values():
            for student in scenario.students:
                found.setdefault(student.student_id, student)
        return found

    def teachers(self) -> dict[str, Teacher]:
        """Every teacher of the school (their rows agree in every subject)."""
        found: dict[str, Teacher] = {}
        for scenario in self.subjects.values():
            for teacher in scenario.teachers:
                found.setdefault(teacher.teacher_id, teacher)
        return found

    def subjects_of_teacher(self, teacher_id: str) -> list[str]:
        """The subjects whose teachers.csv lists the teacher."""
        return [
            name
            for name, scenario in self.subjects.items()
            if any(t.teacher_id == teacher_id for t in scenario.teachers)
        ]

    def shared_teachers(self) -> list[str]:
        """Teachers listed in more than one subject."""
        return [t for t in self.teachers() if len(self.subjects_of_teacher(t)) > 1]
