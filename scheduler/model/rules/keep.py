"""Starting from an earlier plan: hints from its assignments, and how many of them change."""

from __future__ import annotations

from collections.abc import Iterable

from ortools.sat.python import cp_model

from scheduler.model.rules.variables import Variables
from scheduler.plan import Assignment


def start_from(model: cp_model.CpModel, variables: Variables, plan: Iterable[Assignment]) -> None:
    """Hint the search with an earlier plan: its assignments, its tasks and their due weeks."""
    old = {(a.student_id, a.task_id): a.due_week for a in plan}
    due: dict[str, int] = {}  # the last due week of each task (own due weeks: the latest)
    for (_, task), week in old.items():
        due[task] = max(week, due.get(task, week))
    hints = {x.index: (x, pair in old) for pair, x in variables.assign.items()}
    hints |= {run.index: (run, task in due) for task, run in variables.runs.items()}
    for task, weeks in variables.due.items():
        hints |= {y.index: (y, due.get(task) == week) for week, y in weeks.items()}
    for pair, weeks in variables.due_in.items():
        hints |= {y.index: (y, old.get(pair) == week) for week, y in weeks.items()}
    model.clear_hints()
    for literal, value in hints.values():
        model.add_hint(literal, value)


def changes(variables: Variables, plan: Iterable[Assignment]) -> cp_model.LinearExpr:
    """How many of the earlier plan's assignments are not kept as they were (same task, same
    due week), plus the new assignments of its students. Students who have left the
    scenario are not counted; an assignment to a task that can no longer be done is a change
    every plan makes."""
    old = {(a.student_id, a.task_id): a.due_week for a in plan}
    students = {student for student, _ in old} & set(variables.scenario.student_by_id)
    terms, lost = [], 0
    for pair, week in old.items():
        if pair[0] not in students:
            continue
        literal = variables.due_in.get(pair, {}).get(week)
        if literal is None:
            lost += 1
        else:
            terms.append(1 - literal)
    terms += [x for pair, x in variables.assign.items() if pair[0] in students and pair not in old]
    return cp_model.LinearExpr.sum(terms) + lost


def kept_weeks(variables: Variables, plan: Iterable[Assignment]) -> dict[str, int]:
    """The earlier plan's due week for each task with a choice that it ran, where still
    possible (not for own due weeks, which are not guessed)."""
    due = {a.task_id: a.due_week for a in plan}
    return {
        task: due[task]
        for task, weeks in variables.due.items()
        if len(weeks) > 1 and due.get(task) in weeks and not variables.own(task)
    }
