"""Rules that tie cells together: ids that must exist, weeks inside the term, and so on.

Each ``*_problems`` function takes the parsed rows and returns every problem it finds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from scheduler.exceptions import Problem
from scheduler.scenario.files.preferences import preference_problems
from scheduler.scenario.files.yamlfile import Place
from scheduler.scenario.models import Partner, Pin, Settings, Student, Task, Teacher
from scheduler.scenario.validation.away import away_problems
from scheduler.scenario.validation.curriculum import curriculum_problems
from scheduler.scenario.validation.drafts import draft_problems
from scheduler.scenario.validation.groups import group_problems
from scheduler.scenario.validation.messages import meant_id, unknown_id
from scheduler.scenario.validation.moderation import moderation_problems
from scheduler.scenario.validation.own_weeks import week_wish_problems

TASKS, STUDENTS, TEACHERS = "tasks.csv", "students.csv", "teachers.csv"
PINS = "pins.csv"


@dataclass
class Parsed:
    """The rows that parsed, each with its spreadsheet row number, and every id seen."""

    settings: Settings | None
    place: Place
    tasks: list[tuple[int, Task]]
    students: list[tuple[int, Student]]
    teachers: list[tuple[int, Teacher]]
    preferences: pd.DataFrame
    pins: list[tuple[int, Pin]]
    partners: list[tuple[int, Partner]] = field(default_factory=list)
    task_ids: set[str] = field(default_factory=set)
    student_ids: set[str] = field(default_factory=set)
    teacher_ids: set[str] = field(default_factory=set)
    taught: set[str] = field(default_factory=set)  # classes in teachers.csv, good rows or bad
    task_columns: set[str] = field(default_factory=set)

    def at(self, path: tuple, message: str, warning: bool = False) -> Problem:
        """A problem placed where the settings key ``path`` is written."""
        return Problem(*self.place(path), message, warning)

    @property
    def classes(self) -> set[str]:
        """Classes named by a student or a teacher (in any row of teachers.csv)."""
        taught = {c for _, t in self.teachers for c in t.classes} | self.taught
        return taught | {s.class_id for _, s in self.students}

    @cached_property
    def class_sizes(self) -> Counter:
        return Counter(s.class_id for _, s in self.students)

    def eligible_count(self, task: Task) -> int:
        """How many students' classes may take ``task``."""
        return task.open_count(self.class_sizes)


def all_problems(parsed: Parsed) -> list[Problem]:
    """Every cross-reference problem in the parsed scenario."""
    problems = []
    if parsed.settings:
        problems += settings_problems(parsed.settings, parsed.place)
        problems += task_week_problems(parsed.tasks, parsed.settings)
        problems += task_criteria_problems(parsed.tasks, parsed.settings)
        problems += teacher_week_problems(parsed.teachers, parsed.settings)
        problems += curriculum_problems(
            parsed.settings, parsed.at, parsed.tasks, parsed.task_columns, parsed.class_sizes
        )
        problems += draft_problems(parsed.settings, parsed.at, parsed.tasks, parsed.class_sizes)
        problems += away_problems(
            parsed.settings, parsed.students, [t for _, t in parsed.tasks], parsed.pins
        )
        problems += week_wish_problems(
            parsed.settings,
            parsed.preferences,
            [t for _, t in parsed.tasks],
            [s for _, s in parsed.students],
        )
    problems += duplicate_ids(TASKS, "task_id", [(n, t.task_id) for n, t in parsed.tasks])
    problems += duplicate_ids(
        STUDENTS, "student_id", [(n, s.student_id) for n, s in parsed.students]
    )
    problems += duplicate_ids(
        TEACHERS, "teacher_id", [(n, t.teacher_id) for n, t in parsed.teachers]
    )
    problems += task_reference_problems(parsed)
    problems += moderation_problems(parsed.tasks, parsed.teacher_ids)
    problems += common_task_problems(parsed)
    problems += class_teacher_problems(parsed)
    titles = {t.task_id: t.title for _, t in parsed.tasks}
    problems += preference_problems(parsed.preferences, parsed.student_ids, parsed.task_ids, titles)
    problems += pin_problems(parsed)
    problems += group_problems(
        parsed.partners, parsed.student_ids, parsed.tasks, parsed.class_sizes
    )
    return problems


# --- scenario.yaml -----------------------------------------------------------------------


def settings_problems(settings: Settings, place: Place) -> list[Problem]:
    """Periods inside the term and apart, sensible criteria and policy bounds."""

    def at(path: tuple, message: str, warning: bool = False) -> Problem:
        return Problem(*place(path), message, warning)

    problems = period_problems(settings, at)
    for i, _ in repeats([c.id for c in settings.criteria]):
        text = f'criterion "{settings.criteria[i].id}" is defined twice. Give each criterion its own id'
        problems.append(at(("criteria", i, "id"), text))
    for i, criterion in enumerate(settings.criteria):
        top = criterion.max_per_period
        if top is not None and top < criterion.min_per_period:
            problems.append(
                at(
                    ("criteria", i, "max_per_period"),
                    f"max_per_period {top} is below min_per_period {criterion.min_per_period}. Raise the maximum or lower the minimum",
                )
            )
    for i, week in enumerate(settings.no_deadline_weeks):
        if week > settings.weeks:
            problems.append(
                at(
                    ("no_deadline_weeks", i),
                    f"week {week} is after the last week of the term ({settings.weeks}). Remove it or raise weeks",
                )
            )
    if set(range(1, settings.weeks + 1)) <= set(settings.no_deadline_weeks):
        problems.append(
            at(
                ("no_deadline_weeks",),
                "every week of the term is a no-deadline week, so no task can be due. Remove some weeks",
            )
        )
    bounds = settings.policy.tasks_per_student
    if bounds.max is not None and bounds.max < bounds.min:
        problems.append(
            at(
                ("policy", "tasks_per_student", "max"),
                f"max {bounds.max} is below min {bounds.min}. Raise max or lower min",
            )
        )
    start = settings.start_date
    if start and start.weekday() != 0:
        problems.append(
            at(
                ("start_date",),
                f"{start} is a {start:%A}, not a Monday. Reports will date weeks from it as given",
                warning=True,
            )
        )
    return problems


def period_problems(settings: Settings, at) -> list[Problem]:
    """Each period lies inside 1..weeks, starts before it ends, and overlaps no other."""
    problems = []
    taken: dict[int, str] = {}
    for i, _ in repeats([p.name for p in settings.periods]):
        text = f'the period name "{settings.periods[i].name}" is used twice. Give each period its own name'
        problems.append(at(("periods", i, "name"), text))
    for i, period in enumerate(settings.periods):
        if period.first_week > period.last_week:
            problems.append(
                at(
                    ("periods", i, "last_week"),
                    f"period {period.name} ends in week {period.last_week}, before it starts in week {period.first_week}. Swap the weeks",
                )
            )
        if period.last_week > settings.weeks:
            problems.append(
                at(
                    ("periods", i, "last_week"),
                    f"period {period.name} ends in week {period.last_week}, after the term's last week ({settings.weeks}). End it by week {settings.weeks}",
                )
            )
        clash = sorted({taken[w] for w in period.weeks if w in taken})
        if clash:
            problems.append(
                at(
                    ("periods", i, "first_week"),
                    f"period {period.name} overlaps period {clash[0]}. Periods must not share weeks",
                )
            )
        taken.update({w: period.name for w in period.weeks})
    loose = [w for w in range(1, settings.weeks + 1) if w not in taken]
    if settings.periods and loose:
        problems.append(
            at(
                ("periods",),
                f"weeks {_weeks(loose)} are in no reporting period: tasks due then count for no period",
                warning=True,
            )
        )
    return problems


# --- tasks.csv ---------------------------------------------------------------------------


def task_week_problems(tasks: list[tuple[int, Task]], settings: Settings) -> list[Problem]:
    """Each due week or window lies inside the term and holds a week open for deadlines."""
    problems = []
    closed = set(settings.no_deadline_weeks)
    for row, task in tasks:
        first, last = task.due_week
        text = f"{first}" if first == last else f"{first}-{last}"
        if first > last:
            message = f"the window {text} ends before it starts. Write the earlier week first, e.g. {last}-{first}"
        elif last > settings.weeks:
            message = f"week {last} is after the term's last week ({settings.weeks}). Choose weeks 1 to {settings.weeks}"
        elif all(w in closed for w in task.due_weeks):
            message = f"{'week' if first == last else 'every week of'} {text} is a no-deadline week. Choose a week outside {_weeks(sorted(closed))}"
        else:
            continue
        problems.append(Problem(TASKS, row, "due_week", message))
    return problems


def task_criteria_problems(tasks: list[tuple[int, Task]], settings: Settings) -> list[Problem]:
    """Every criterion a task assesses is defined in scenario.yaml."""
    known = [c.id for c in settings.criteria]
    return [
        Problem(
            TASKS,
            row,
            "criteria",
            f'criterion "{c}" is not defined in scenario.yaml. Use one of {", ".join(known)}, or add it there',
        )
        for row, task in tasks
        for c in task.criteria
        if c not in known
    ]


def task_reference_problems(parsed: Parsed) -> list[Problem]:
    """Markers are teachers, class lists name real classes, and sizes make sense."""
    problems = []
    classes = parsed.classes
    for row, task in parsed.tasks:
        if task.marker and task.marker not in parsed.teacher_ids:
            problems.append(
                Problem(
                    TASKS,
                    row,
                    "marker",
                    f'"{task.marker}" is not a teacher_id in teachers.csv. '
                    + (
                        meant_id(task.marker, parsed.teacher_ids)
                        or "Name a teacher from there, or leave the cell empty for class teachers"
                    ),
                )
            )
        for c in task.classes:
            if c not in classes:
                problems.append(
                    Problem(
                        TASKS,
                        row,
                        "classes",
                        f'class "{c}" has no students in students.csv and no teacher in teachers.csv. Check the spelling',
                    )
                )
        if task.capacity is not None and task.min_students > task.capacity:
            problems.append(
                Problem(
                    TASKS,
                    row,
                    "min_students",
                    f"min_students {task.min_students} is above capacity {task.capacity}, so the task could never run. Lower min_students or raise capacity",
                )
            )
    return problems


def common_task_problems(parsed: Parsed) -> list[Problem]:
    """A common task has room for, and enough of, every student who must do it."""
    problems = []
    for row, task in parsed.tasks:
        if not task.common:
            continue
        need = parsed.eligible_count(task)
        if task.capacity is not None and task.capacity < need:
            problems.append(
                Problem(
                    TASKS,
                    row,
                    "capacity",
                    f"the task is common, so all {need} students who may take it must do it, but capacity is {task.capacity}. Raise capacity to at least {need} or leave it empty",
                )
            )
        if need and task.min_students > need:
            problems.append(
                Problem(
                    TASKS,
                    row,
                    "min_students",
                    f"the task is common but only {need} students may take it, below min_students {task.min_students}. Lower min_students",
                )
            )
    return problems


# --- students.csv and teachers.csv ---------------------------------------------------------


def repeats(values: list) -> list[tuple[int, int]]:
    """``(index, index of the first)`` for every value seen before in ``values``."""
    first: dict = {}
    found = []
    for index, value in enumerate(values):
        if value in first:
            found.append((index, first[value]))
        first.setdefault(value, index)
    return found


def duplicate_ids(file: str, column: str, ids: list[tuple[int, str]]) -> list[Problem]:
    """Each id appears once; later copies are reported with the row of the first."""
    rows = [row for row, _ in ids]
    return [
        Problem(
            file,
            rows[i],
            column,
            f'"{ids[i][1]}" is already used in row {rows[j]}. Each {column} must be unique',
        )
        for i, j in repeats([value for _, value in ids])
    ]


def class_teacher_problems(parsed: Parsed) -> list[Problem]:
    """Each class has one teacher, and a class with none needs a marker on its tasks."""
    problems = []
    teacher_of: dict[str, str] = {}
    for row, teacher in parsed.teachers:
        for c in teacher.classes:
            if c in teacher_of and teacher_of[c] != teacher.teacher_id:
                problems.append(
                    Problem(
                        TEACHERS,
                        row,
                        "classes",
                        f"class {c} is also taught by {teacher_of[c]}. Each class has exactly one teacher: remove it from one of them",
                    )
                )
            teacher_of.setdefault(c, teacher.teacher_id)
    first_row = {}
    for row, student in parsed.students:
        first_row.setdefault(student.class_id, row)
    for c, row in first_row.items():
        if c in teacher_of or c in parsed.taught:  # a teacher's row with a problem of its own
            continue
        unmarked = [t.task_id for _, t in parsed.tasks if not t.marker and t.is_open_to(c)]
        if unmarked:
            problems.append(
                Problem(
                    STUDENTS,
                    row,
                    "class",
                    f"class {c} has no teacher in teachers.csv, so nobody marks its work on task {unmarked[0]} (no marker given). Add {c} to a teacher's classes in teachers.csv",
                )
            )
    return problems


def teacher_week_problems(teachers: list[tuple[int, Teacher]], settings: Settings) -> list[Problem]:
    """Unavailable weeks after the marking can end have no effect (a warning)."""
    end = settings.weeks + settings.policy.feedback_weeks
    return [
        Problem(
            TEACHERS,
            row,
            "unavailable_weeks",
            f"week {w} is after the last week any marking can fall in ({end}), so it has no effect",
            warning=True,
        )
        for row, teacher in teachers
        for w in teacher.unavailable_weeks
        if w > end
    ]


# --- preferences.csv and pins.csv -----------------------------------------------------------


def pin_problems(parsed: Parsed) -> list[Problem]:
    """Pins name known students and tasks, agree with each other and with the menu."""
    problems = []
    tasks = {t.task_id: t for _, t in parsed.tasks}
    students = {s.student_id: s for _, s in parsed.students}
    seen: dict[tuple[str, str], tuple[int, str]] = {}
    for row, pin in parsed.pins:
        if pin.student_id not in parsed.student_ids:
            text = unknown_id(pin.student_id, "student_id", STUDENTS, parsed.student_ids)
            problems.append(Problem(PINS, row, "student_id", text))
        if pin.task_id not in parsed.task_ids:
            titles = {t.task_id: t.title for t in tasks.values()}
            text = unknown_id(pin.task_id, "task_id", TASKS, parsed.task_ids, titles)
            problems.append(Problem(PINS, row, "task_id", text))
        key = (pin.student_id, pin.task_id)
        if key in seen and seen[key][1] != pin.rule:
            first_row, first_rule = seen[key]
            problems.append(
                Problem(
                    PINS,
                    row,
                    "rule",
                    f"row {first_row} pins {pin.student_id} to {pin.task_id} as {first_rule}, this row as {pin.rule}. Keep the one that is meant",
                )
            )
        seen.setdefault(key, (row, pin.rule))
        task, student = tasks.get(pin.task_id), students.get(pin.student_id)
        if task and student:
            problems += _pin_against_task(row, pin, task, student)
    if parsed.settings:
        problems += pin_count_problems(parsed, tasks, students)
    return problems


def _pin_against_task(row: int, pin: Pin, task: Task, student: Student) -> list[Problem]:
    is_open = task.is_open_to(student.class_id)
    if pin.rule == "must" and not is_open:
        return [
            Problem(
                PINS,
                row,
                "task_id",
                f"task {task.task_id} is closed to class {student.class_id} (it is only for {';'.join(task.classes)}), so {pin.student_id} cannot be pinned to it. Open the task to the class in tasks.csv, or remove the pin",
            )
        ]
    if pin.rule == "never" and task.common and is_open:
        return [
            Problem(
                PINS,
                row,
                "rule",
                f"task {task.task_id} is common, so every student of class {student.class_id} does it; a never pin contradicts that. Remove the pin, or make the task not common",
            )
        ]
    return []


def pin_count_problems(parsed: Parsed, tasks: dict, students: dict) -> list[Problem]:
    """No student is forced (common tasks and must pins) into more tasks than the maximum."""
    top = parsed.settings.policy.tasks_per_student.max
    if top is None:
        return []
    musts: dict[str, set[str]] = {}
    last_row: dict[str, int] = {}
    for row, pin in parsed.pins:
        if pin.rule == "must" and pin.task_id in tasks:
            musts.setdefault(pin.student_id, set()).add(pin.task_id)
            last_row[pin.student_id] = row
    common = [t for t in tasks.values() if t.common]
    problems = []
    for student_id, pinned in musts.items():
        student = students.get(student_id)
        if student is None:
            continue
        forced = pinned | {t.task_id for t in common if t.is_open_to(student.class_id)}
        if len(forced) > top:
            problems.append(
                Problem(
                    PINS,
                    last_row[student_id],
                    "task_id",
                    f"student {student_id} must do {len(forced)} tasks (common tasks and must pins), more than tasks_per_student.max ({top}). Remove a pin or raise the maximum",
                )
            )
    return problems


def _weeks(weeks: list[int]) -> str:
    """``[1, 2, 3, 7]`` as ``1-3, 7``."""
    runs: list[list[int]] = []
    for w in weeks:
        if runs and w == runs[-1][-1] + 1:
            runs[-1].append(w)
        else:
            runs.append([w])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)
