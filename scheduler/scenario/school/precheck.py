"""What a school's rules across subjects prove before any search: common tasks of several
subjects that must all be due in one week, beyond the school's cap."""

from __future__ import annotations

from collections import defaultdict

from scheduler.scenario.models import Scenario, Task
from scheduler.scenario.precheck import precheck
from scheduler.scenario.school.models import School
from scheduler.words import count, possessive


def proven_reasons(school: School) -> list[str]:
    """Reasons, seen before solving, that no school plan exists: a subject's own (its
    pre-check on its scenario as the school plans it), then the school's across subjects."""
    reasons = [
        f"{name}: {reason}"
        for name, scenario in school.planned_subjects().items()
        for reason in precheck(scenario).reasons
    ]
    return reasons + school_reasons(school)


def school_reasons(school: School) -> list[str]:
    """Reasons no school plan exists: for some students, more common tasks (of all subjects
    together) than the school's cap can only be due in one week."""
    most = school.settings.policy.max_deadlines_per_week
    if most is None:
        return []
    forced: dict[tuple[str, int], list[str]] = defaultdict(list)
    for name, scenario in school.planned_subjects().items():
        for task in scenario.tasks:
            weeks = possible_weeks(scenario, task)
            if task.common and len(weeks) == 1:
                for student in scenario.students:
                    if task.is_open_to(student.class_id) and weeks[0] not in student.away_weeks:
                        forced[student.student_id, weeks[0]].append(
                            f"{possessive(name)} common task {task.task_id}"
                        )
    students: dict[tuple[int, tuple[str, ...]], int] = defaultdict(int)
    for (_, week), tasks in forced.items():
        if len(tasks) > most:
            students[week, tuple(tasks)] += 1
    return [
        f"In week {week}, {_and(tasks)} are all due for {count(n, 'student')}, and the school "
        f"allows {count(most, 'deadline')} a week."
        for (week, tasks), n in sorted(students.items())
    ]


def possible_weeks(scenario: Scenario, task: Task) -> list[int]:
    """The weeks the task may be due: its window less no-deadline weeks, and less weeks whose
    draft would fall before week 1 or in a no-deadline week."""
    closed = set(scenario.settings.no_deadline_weeks)
    k = task.draft_weeks
    return [
        w
        for w in task.due_weeks
        if w not in closed and (not k or (w - k >= 1 and w - k not in closed))
    ]


def _and(items: tuple[str, ...]) -> str:
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else items[0]
