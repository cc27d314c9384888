"""Problems that cross a school's subjects: weeks, students and teachers that disagree."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from scheduler.exceptions import Problem
from scheduler.scenario.files.tables import Table
from scheduler.scenario.files.workbook import is_workbook, sheet_label
from scheduler.scenario.files.yamlfile import Place
from scheduler.scenario.models import Scenario
from scheduler.scenario.school.models import SchoolSettings, subject_name


@dataclass(frozen=True)
class Subject:
    """One subject as read: its name, where it is, its scenario, its tables and settings' places."""

    name: str
    source: Path
    scenario: Scenario
    tables: dict[str, Table]
    place: Place

    def file(self, table: str) -> str:
        """How a problem names one of its tables: ``sciences/students.csv``, or the
        workbook's sheet."""
        return in_school(self.source, f"{table}.csv")

    def row(self, table: str, column: str, value: str) -> int | None:
        """The spreadsheet row of ``table`` whose ``column`` holds ``value``."""
        frame = self.tables[table].frame
        if column not in frame:
            return None
        rows = frame.index[frame[column] == value]
        return int(rows[0]) if len(rows) else None

    def setting(self, key: str) -> tuple[str, int | None, str | None]:
        """Where one of its settings is written: (file, line or row, key)."""
        file, row, column = self.place((key,))
        return in_school(self.source, file), row, column


def in_school(source: Path, file: str) -> str:
    """A subject's file named inside the school: ``sciences/tasks.csv``; a workbook's sheets
    are named after the workbook already."""
    if is_workbook(source):
        return sheet_label(source, file.removesuffix(".csv")) if file.endswith(".csv") else file
    return f"{source.name}/{file}"


def school_problems(settings: SchoolSettings, place: Place, subjects: list[Subject]) -> list:
    """Every problem across subjects: a subject listed twice, weeks or start dates that
    disagree, a student with two names, a teacher with two sets of minutes or weeks."""
    return [
        *_listed_twice(settings, place),
        *_weeks(settings, subjects),
        *_student_names(subjects),
        *_teachers(subjects),
    ]


def _listed_twice(settings: SchoolSettings, place: Place) -> list[Problem]:
    names = Counter(subject_name(e) for e in settings.subjects)
    seen: set[str] = set()
    problems = []
    for index, entry in enumerate(settings.subjects):
        name = subject_name(entry)
        if names[name] > 1 and name in seen:
            text = f'the subject "{name}" is listed twice. List each subject once'
            problems.append(Problem(*place(("subjects", index)), text))
        seen.add(name)
    return problems


def _weeks(settings: SchoolSettings, subjects: list[Subject]) -> list[Problem]:
    """A subject whose term has other weeks (an error) or starts on another date (a warning:
    the school's week numbers hold for every subject)."""
    problems = []
    for subject in subjects:
        mine = subject.scenario.settings
        if mine.weeks != settings.weeks:
            text = (
                f"{subject.name} has {mine.weeks} weeks, but school.yaml gives {settings.weeks}. "
                f"Every subject's term has the school's weeks: write weeks: {settings.weeks}"
            )
            problems.append(Problem(*subject.setting("weeks"), text))
        if mine.start_date and settings.start_date and mine.start_date != settings.start_date:
            text = (
                f"{subject.name}'s week 1 starts on {mine.start_date}, but the school's on "
                f"{settings.start_date}; week numbers are the school's in every subject. Give "
                "the same start_date, or none"
            )
            problems.append(Problem(*subject.setting("start_date"), text, warning=True))
    return problems


def _student_names(subjects: list[Subject]) -> list[Problem]:
    """A student id whose name differs between subjects: probably two students (a warning
    naming both files and rows)."""
    first: dict[str, tuple[Subject, str]] = {}
    problems = []
    for subject in subjects:
        for student in subject.scenario.students:
            seen = first.setdefault(student.student_id, (subject, student.name))
            if seen[1] == student.name:
                continue
            other, name = seen
            row = other.row("students", "student_id", student.student_id)
            text = (
                f'{student.student_id} is "{student.name}" here but "{name}" in '
                f"{other.file('students')} row {row}: probably two students. Give each "
                "student one id, and the same name, in every subject"
            )
            here = subject.row("students", "student_id", student.student_id)
            problems.append(Problem(subject.file("students"), here, "name", text, warning=True))
    return problems


def _teachers(subjects: list[Subject]) -> list[Problem]:
    """A teacher id whose weekly minutes or unavailable weeks differ between subjects: one
    teacher has one week (an error naming both files and rows)."""
    first: dict[str, tuple[Subject, object]] = {}
    problems = []
    for subject in subjects:
        for teacher in subject.scenario.teachers:
            other, was = first.setdefault(teacher.teacher_id, (subject, teacher))
            if other is subject:
                continue
            there = f"{other.file('teachers')} row {other.row('teachers', 'teacher_id', teacher.teacher_id)}"
            here = subject.row("teachers", "teacher_id", teacher.teacher_id)
            for column, mine, theirs, what in (
                ("weekly_marking_minutes", teacher.weekly_marking_minutes,
                 was.weekly_marking_minutes, "weekly marking minutes"),
                ("unavailable_weeks", _weeks_text(teacher.unavailable_weeks),
                 _weeks_text(was.unavailable_weeks), "unavailable weeks"),
            ):  # fmt: skip
                if mine != theirs:
                    text = (
                        f"{teacher.teacher_id} ({teacher.name}) has {what} {mine} here but "
                        f"{theirs} in {there}. A teacher of several subjects has one week: "
                        "give the same in both"
                    )
                    problems.append(Problem(subject.file("teachers"), here, column, text))
    return problems


def _weeks_text(weeks: tuple[int, ...]) -> str:
    return ";".join(map(str, weeks)) or "(none)"
