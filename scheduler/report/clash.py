"""The rule groups that clash, as sentences a head of department reads."""

from __future__ import annotations

from collections import Counter

from scheduler.model.explain import Clash
from scheduler.scenario import Scenario
from scheduler.words import count, week_list, week_span


def clash_text(scenario: Scenario, clash: Clash) -> str:
    """A paragraph per rule group, and what to do about it."""
    sentences = [rule_sentence(scenario, group) for group in clash.groups]
    return clash_paragraphs(clash, sentences, "plan", "change the scenario")


def clash_paragraphs(clash: Clash, sentences: list[str], plan: str, change: str) -> str:
    """The clash's rule groups in ``sentences``, and what to do: ``change``, then solve."""
    intro = f"No {plan} can keep all of these rules at once" + (
        "; each is part of the clash (without any one of them, the others can be kept):"
        if clash.minimal
        else ":"
    )
    advice = f"Loosen one of them: {change}, then solve again."
    return "\n".join([intro, *(f"  - {s}" for s in sentences), advice]) + "\n"


def rule_sentence(scenario: Scenario, group: tuple) -> str:
    """One rule group in the department's words, naming its tasks, weeks and people."""
    kind, *key = group
    return SENTENCES[kind](scenario, *key)


def _coverage(scenario: Scenario, period_name: str, criterion_id: str) -> str:
    period = next(p for p in scenario.settings.reporting_periods if p.name == period_name)
    criterion = next(c for c in scenario.settings.criteria if c.id == criterion_id)
    most = criterion.max_per_period
    limits = f"at least {count(criterion.min_per_period, 'time')}"
    if most is not None:
        limits = f"at least {criterion.min_per_period} and at most {count(most, 'time')}"
    tasks = [
        t
        for t in scenario.tasks
        if criterion_id in t.criteria and set(t.due_weeks) & set(period.weeks)
    ]
    offered = ", ".join(_task_size(t) for t in tasks) or "none"
    name = f" ({criterion.name})" if criterion.name else ""
    return (
        f"{_each(len(scenario.students))} must be assessed on criterion "
        f"{criterion_id}{name} {limits} in the {period_name} period "
        f"({week_span(period.first_week, period.last_week)}). Tasks assessing it that can be due "
        f"then: {offered}.{_shut_out(scenario, tasks, criterion.min_per_period)}"
    )


def _shut_out(scenario: Scenario, tasks: list, least: int) -> str:
    """Students with fewer than ``least`` of ``tasks`` open to them, named (a few of them)."""
    never = {(p.student_id, p.task_id) for p in scenario.pins if p.rule == "never"}
    short = [
        s
        for s in scenario.students
        if sum(scenario.is_open(t, s) and (s.student_id, t.task_id) not in never for t in tasks)
        < least
    ]
    if not short:
        return ""
    named = ", ".join(f"{s.name} ({s.student_id}, class {s.class_id})" for s in short[:5])
    more = f" and {count(len(short) - 5, 'more student')}" if len(short) > 5 else ""
    return f" Too few of these are open to {named}{more}: closed to their class or pinned never."


def _marking(scenario: Scenario, teacher_id: str) -> str:
    teacher = next(t for t in scenario.teachers if t.teacher_id == teacher_id)
    feedback = scenario.settings.policy.feedback_weeks
    off = week_list(teacher.unavailable_weeks)
    tasks = sorted(
        {
            t.task_id
            for t in scenario.tasks
            for s in scenario.students
            if scenario.is_open(t, s) and scenario.marker_of(t, s) == teacher_id
        },
        key=lambda tid: [t.task_id for t in scenario.tasks].index(tid),
    )
    return (
        f"{teacher.name} ({teacher_id}) can mark {teacher.weekly_marking_minutes} minutes a week"
        + (f", none in {off}" if teacher.unavailable_weeks else "")
        + f", and must mark work within {count(feedback, 'week')} of its due week. "
        f"Marking that falls to {teacher_id}: {', '.join(tasks) or 'none'}."
    )


def _capacity(scenario: Scenario, task_id: str) -> str:
    task = scenario.task_by_id[task_id]
    return f"Task {task_id} ({task.title}) takes at most {count(task.capacity, 'student')}."


def _min_students(scenario: Scenario, task_id: str) -> str:
    task = scenario.task_by_id[task_id]
    sizes = Counter(s.class_id for s in scenario.students)
    return (
        f"Task {task_id} ({task.title}) runs only with at least "
        f"{count(task.min_students, 'student')}; {task.open_count(sizes)} may take it."
    )


def _common(scenario: Scenario, task_id: str) -> str:
    task = scenario.task_by_id[task_id]
    who = f"of class(es) {', '.join(task.classes)}" if task.classes else ""
    return (
        f"Every student {who} does the common task {task_id} ({task.title}), due in "
        f"{_window(task)}.".replace("  ", " ")
    )


def _pin(scenario: Scenario, student_id: str, task_id: str) -> str:
    student = scenario.student_by_id[student_id]
    task = scenario.task_by_id[task_id]
    return (
        f"{student.name} ({student_id}, class {student.class_id}) is pinned to do "
        f"{task_id} ({task.title}), due in {_window(task)}."
    )


def _tasks_per_student(scenario: Scenario, class_id: str) -> str:
    bounds = scenario.settings.policy.tasks_per_student
    students = sum(1 for s in scenario.students if s.class_id == class_id)
    most = "no maximum" if bounds.max is None else f"at most {bounds.max}"
    return (
        f"{_each(students)} of class {class_id} does at least "
        f"{bounds.min} and {most} tasks in the term."
    )


def _deadlines(scenario: Scenario, class_id: str) -> str:
    most = scenario.settings.policy.max_deadlines_per_week
    students = sum(1 for s in scenario.students if s.class_id == class_id)
    no = scenario.settings.no_deadline_weeks
    closed = f"; nothing may be due in {week_list(no)}" if no else ""
    return (
        f"The {count(students, 'student')} of class {class_id} may have at most "
        f"{count(most, 'deadline')} a week{closed}."
    )


def _units(scenario: Scenario, unit_id: str, class_id: str) -> str:
    unit = next(u for u in scenario.settings.units if u.id == unit_id)
    tasks = scenario.tasks_of_unit(unit_id)
    return _quota(
        scenario, class_id, f"of unit {_named(unit)}", tasks, unit.min_tasks, unit.max_tasks
    )


def _skills(scenario: Scenario, skill_id: str, class_id: str) -> str:
    skill = next(k for k in scenario.settings.skills if k.id == skill_id)
    tasks = scenario.tasks_with_skill(skill_id)
    return _quota(
        scenario,
        class_id,
        f"practising {_named(skill)}",
        tasks,
        skill.min_per_term,
        skill.max_per_term,
    )


def _drafts(scenario: Scenario, class_id: str) -> str:
    least = scenario.settings.policy.min_drafted_tasks
    drafted = [t for t in scenario.tasks if t.has_draft]
    return _quota(scenario, class_id, "with a draft", drafted, least, None)


def _quota(scenario: Scenario, class_id: str, what: str, tasks: list, least: int, most) -> str:
    """``Each of the 26 students of class 9C does at least 1 task of unit U2 (Energy): only S07
    and S09 are in it, and 9C may take neither.``"""
    students = sum(1 for s in scenario.students if s.class_id == class_id)
    limits = (
        f"at least {count(least, 'task')}" if most is None else f"{least} to {count(most, 'task')}"
    )
    if least == 0:
        limits = f"at most {count(most, 'task')}"
    ids = [t.task_id for t in tasks]
    open_ids = [t.task_id for t in tasks if t.is_open_to(class_id)]
    such = "is such a task" if len(ids) == 1 else "are such tasks"
    offered = f"only {_and(ids)} {such}" if ids else "no task is such a task"
    if ids and len(open_ids) < len(ids):
        offered += (
            f", and class {class_id} may take {_and(open_ids) if open_ids else 'none of them'}"
        )
    return f"{_each(students)} of class {class_id} does {limits} {what}: {offered}."


def _named(item) -> str:
    return f"{item.id} ({item.name})" if item.name else item.id


def _and(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} and {ids[-1]}"


def _groups(scenario: Scenario, task_id: str, class_id: str) -> str:
    task = scenario.task_by_id[task_id]
    least, most = task.group_size
    sizes = f"{least}" if least == most else f"{least} to {most}"
    nevers = sum(
        1
        for p in scenario.partners
        if p.wish == "never" and scenario.student_by_id[p.student_id].class_id == class_id
    )
    size = sum(1 for s in scenario.students if s.class_id == class_id)
    never = f"; {count(nevers, 'pair')} of them may never share a group" if nevers else ""
    return (
        f"Students of class {class_id} who do the group task {task_id} ({task.title}) work in "
        f"groups of {sizes}, each group of one class (class {class_id} has "
        f"{count(size, 'student')}{never})."
    )


def _each(students: int) -> str:
    """ "Each of the 3 students", or "The one student"."""
    return "The one student" if students == 1 else f"Each of the {count(students, 'student')}"


def _task_size(task) -> str:
    size = "" if task.capacity is None else f", {task.capacity} places"
    return f"{task.task_id} (due {_window(task)}{size})"


def _window(task) -> str:
    """``weeks 9-11``; for own due weeks, ``weeks 9-11, each student in a week of their own``."""
    span = week_span(*task.due_week)
    return f"{span}, each student in a week of their own" if task.own_weeks else span


SENTENCES = {
    "coverage": _coverage,
    "marking": _marking,
    "capacity": _capacity,
    "min_students": _min_students,
    "common": _common,
    "pin": _pin,
    "tasks_per_student": _tasks_per_student,
    "deadlines": _deadlines,
    "units": _units,
    "skills": _skills,
    "drafts": _drafts,
    "groups": _groups,
}


def clash_line(clash: Clash, most: int = 5, label=None) -> str:
    """The clash in one line: ``clash: OKA's marking time, criterion A in Interim``
    (``label``: a rule group's words, group_label's by default)."""
    labels = [(label or group_label)(group) for group in clash.groups]
    more = f" and {len(labels) - most} more" if len(labels) > most else ""
    head = "clash" if clash.minimal else "clash, not narrowed down in time"
    return f"{head}: {', '.join(labels[:most])}{more}"


def group_label(group: tuple) -> str:
    """A rule group in a few words: ``criterion A in Interim``."""
    kind, *key = group
    return {
        "coverage": lambda: f"criterion {key[1]} in {key[0]}",
        "marking": lambda: f"{key[0]}'s marking time",
        "capacity": lambda: f"{key[0]}'s capacity",
        "min_students": lambda: f"{key[0]}'s minimum size",
        "common": lambda: f"common task {key[0]}",
        "pin": lambda: f"must pin {key[0]}:{key[1]}",
        "tasks_per_student": lambda: f"tasks per student in {key[0]}",
        "deadlines": lambda: f"deadlines per week in {key[0]}",
        "units": lambda: f"unit {key[0]} in {key[1]}",
        "skills": lambda: f"skill {key[0]} in {key[1]}",
        "drafts": lambda: f"tasks with a draft in {key[0]}",
        "groups": lambda: f"groups of {key[0]} in {key[1]}",
    }[kind]()
