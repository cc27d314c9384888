"""The independent checker of a school plan (FORMAT.md, "A school is a folder of subjects"):
each subject's plan against its scenario as the school plans it, then the rules across
subjects. It shares no code with the model."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from scheduler.check import Violation, check, job_schedule, marking_jobs
from scheduler.plan import Assignment
from scheduler.scenario.school import School


def check_school(school: School, plans: dict[str, list[Assignment]]) -> list[Violation]:
    """Every rule the school plan breaks, each subject's named (an empty list: valid)."""
    scenarios = school.planned_subjects()
    shared = set(school.shared_teachers())
    found = []
    for name, scenario in scenarios.items():
        found += [
            replace(v, message=f"{name}: {v.message}")
            for v in check(scenario, plans.get(name, []))
            if not _marked_across(v, shared)
        ]
    return found + deadlines_across_subjects(school, plans) + marking_across_subjects(school, plans)


def _marked_across(violation: Violation, shared: set[str]) -> bool:
    """A subject's marking-in-time finding for a teacher of several subjects: their marking
    is checked in all subjects together instead (rule 14), so it is not counted twice."""
    return violation.bent == "marking" and violation.about[:1] in {(t,) for t in shared}


def deadlines_across_subjects(school: School, plans: dict[str, list[Assignment]]) -> list:
    """No student has more than the school's max_deadlines_per_week finals due in one week
    in all subjects together."""
    most = school.settings.policy.max_deadlines_per_week
    if most is None:
        return []
    due: dict[tuple[str, int], list[str]] = defaultdict(list)
    for subject, assignments in plans.items():
        for a in assignments:
            due[a.student_id, a.due_week].append(f"{subject} {a.task_id}")
    students = school.students()
    found = []
    for (student_id, week), tasks in sorted(due.items(), key=lambda item: (item[0][1], item[0][0])):
        if len(tasks) > most:
            name = students[student_id].name if student_id in students else "?"
            found.append(
                Violation(
                    13,
                    f"{student_id} ({name}) has {len(tasks)} deadlines in week {week} across "
                    f"subjects ({', '.join(sorted(tasks))}); the school allows {most} a week.",
                    "school_deadlines",
                    len(tasks) - most,
                    (student_id, week),
                )
            )
    return found


def marking_across_subjects(school: School, plans: dict[str, list[Assignment]]) -> list:
    """A teacher of several subjects marks the work of all of them in time (earliest
    deadline first, their weekly minutes shared by every subject)."""
    scenarios = school.planned_subjects()
    found = []
    for teacher_id, teacher in school.teachers().items():
        subjects = school.subjects_of_teacher(teacher_id)
        if len(subjects) < 2:
            continue
        jobs = [
            job
            for name in school.subjects
            for job in marking_jobs(scenarios[name], plans.get(name, []), teacher_id)
        ]
        for job, left in job_schedule(jobs, teacher)[1]:
            found.append(
                Violation(
                    14,
                    f"{teacher.name} ({teacher_id}), who marks for {' and '.join(subjects)}, "
                    f"cannot finish {job.words()} in all subjects together by week "
                    f"{job.deadline}: {left} minutes are left over.",
                    "marking",
                    left,
                    (teacher_id, job.week),
                )
            )
    return found
