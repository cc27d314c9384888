"""Drafts (FORMAT.md v2): a task's ``draft_weeks`` leaves a week for feedback and a week for
the draft itself; ``min_drafted_tasks`` can be met by every class (else a warning)."""

from __future__ import annotations

from scheduler.exceptions import Problem
from scheduler.scenario.models import Settings, Task
from scheduler.words import count

TASKS = "tasks.csv"


def draft_problems(
    settings: Settings, at, tasks: list[tuple[int, Task]], class_sizes: dict[str, int]
) -> list[Problem]:
    """Every problem with drafts."""
    problems = []
    for row, task in tasks:
        problems += _task_problems(settings, row, task)
    return problems + _class_warnings(settings, at, [t for _, t in tasks], class_sizes)


def draft_weeks_open(settings: Settings, task: Task) -> list[int]:
    """The due weeks of the task's window whose draft week is 1 or later and open for
    deadlines (every week of the window open for deadlines, when it has no draft)."""
    closed = set(settings.no_deadline_weeks)
    return [
        w
        for w in task.due_weeks
        if w not in closed
        and (
            not task.has_draft or (w - task.draft_weeks >= 1 and w - task.draft_weeks not in closed)
        )
    ]


def _task_problems(settings: Settings, row: int, task: Task) -> list[Problem]:
    if task.draft_weeks == 1:
        text = (
            "a draft 1 week before the final leaves no week for feedback before the final is "
            "due. Write 2 or more, or leave the cell empty for no draft"
        )
        return [Problem(TASKS, row, "draft_weeks", text)]
    if task.has_draft and not draft_weeks_open(settings, task):
        first, last = task.due_week
        window = f"{first}" if first == last else f"{first}-{last}"
        text = (
            f"with drafts {task.draft_weeks} weeks before the final, no due week in {window} "
            "leaves a week for the draft (week 1 or later, not a no-deadline week). Move the "
            "due weeks later or write a smaller draft_weeks"
        )
        return [Problem(TASKS, row, "draft_weeks", text)]
    if task.draft_minutes and not task.has_draft:
        text = "the task has no draft (draft_weeks is empty), so draft_minutes is not used"
        return [Problem(TASKS, row, "draft_minutes", text, warning=True)]
    return []


def _class_warnings(settings: Settings, at, tasks: list[Task], class_sizes) -> list[Problem]:
    least = settings.policy.min_drafted_tasks
    if not least:
        return []
    problems = []
    for class_id in class_sizes:
        drafted = [t.task_id for t in tasks if t.has_draft and t.is_open_to(class_id)]
        if len(drafted) < least:
            which = ", ".join(drafted) or "none"
            text = (
                f"min_drafted_tasks asks each student for {count(least, 'task')} with a draft, "
                f"but class {class_id} may take only {count(len(drafted), 'such task')} ({which})"
            )
            problems.append(at(("policy", "min_drafted_tasks"), text, warning=True))
    return problems
