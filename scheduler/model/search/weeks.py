"""A first guess at the due weeks of tasks with a window, for a quick first plan.

With every due week fixed the model is far easier (the 600 x 40 benchmark tier: optimal in
5 s with the weeks fixed, against 40-70 s with them free), and its plans are plans of the
full model too. The guess spreads the students' deadlines evenly over the weeks.
"""

from __future__ import annotations

from collections import Counter

from scheduler.model.rules.variables import Variables


def spread_due_weeks(variables: Variables) -> dict[str, int]:
    """A due week for each task with a choice, where the fewest deadlines fall so far.

    Tasks with one possible week count first; the others, fewest choices first, each take
    the week of their window with the fewest expected deadlines (a task's expected takers
    are its capacity, or every student it is open to). Tasks whose students have their own
    due weeks are not guessed.
    """
    takers = Counter(task_id for _, task_id in variables.pairs)
    expected = {
        t.task_id: min(takers[t.task_id], t.capacity or takers[t.task_id])
        for t in variables.scenario.tasks
    }
    deadlines: Counter = Counter()
    choices = {}
    for task_id, weeks in variables.due.items():
        if len(weeks) == 1:
            deadlines[next(iter(weeks))] += expected[task_id]
    open_tasks = [
        (len(w), task_id)
        for task_id, w in variables.due.items()
        if len(w) > 1 and not variables.own(task_id)  # own due weeks are left to the search
    ]
    for _, task_id in sorted(open_tasks):
        week = min(variables.due[task_id], key=lambda w: (deadlines[w], w))
        deadlines[week] += expected[task_id]
        choices[task_id] = week
    return choices


def other_weeks(variables: Variables, choices: dict[str, int]) -> list:
    """The due-week literals that ``choices`` rule out (fix them to 0 to keep to it)."""
    return [
        literal
        for task_id, week in choices.items()
        for w, literal in variables.due[task_id].items()
        if w != week
    ]
