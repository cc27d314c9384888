"""Exhaustive search over tiny scenarios: every plan there is, judged by the checker."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain, combinations, product

from scheduler.check import check
from scheduler.plan import Assignment
from scheduler.scenario import Scenario


def subsets(items: list[str]) -> list[tuple[str, ...]]:
    return list(chain.from_iterable(combinations(items, k) for k in range(len(items) + 1)))


def valid_plans(scenario: Scenario) -> Iterator[list[Assignment]]:
    """Every valid plan: all due weeks of all tasks, all subsets of tasks for each student."""
    for rows in all_plans(scenario):
        if not check(scenario, rows):
            yield rows


def all_plans(scenario: Scenario) -> Iterator[list[Assignment]]:
    """Every plan, valid or not: all due weeks of all tasks (of each student's, for a task
    with own due weeks), all subsets of tasks for each student."""
    closed = set(scenario.settings.no_deadline_weeks)
    open_weeks = {t.task_id: [w for w in t.due_weeks if w not in closed] for t in scenario.tasks}
    shared = [t for t in scenario.tasks if not t.own_weeks]
    choices = [_choices(scenario, s, open_weeks) for s in scenario.students]
    for due in product(*(open_weeks[t.task_id] for t in shared)):
        due_of = {t.task_id: w for t, w in zip(shared, due, strict=True)}
        for picks in product(*choices):
            rows = [
                Assignment(
                    s.student_id,
                    t,
                    due_of.get(t, week),
                    scenario.marker_of(scenario.task_by_id[t], s),
                )
                for s, chosen in zip(scenario.students, picks, strict=True)
                for t, week in chosen
            ]
            yield from _groupings(scenario, rows)


def _groupings(scenario: Scenario, rows: list[Assignment]) -> Iterator[list[Assignment]]:
    """The plan ``rows`` with every way of splitting each group task's students into
    groups (their ids g1, g2, ...)."""
    tasks = [t.task_id for t in scenario.tasks if t.in_groups]
    takers = [[i for i, a in enumerate(rows) if a.task_id == t] for t in tasks]
    for split in product(*(list(_partitions(rows_of)) for rows_of in takers)):
        grouped = list(rows)
        for parts in split:
            for number, part in enumerate(parts, start=1):
                for i in part:
                    grouped[i] = grouped[i]._replace(group=f"g{number}")
        yield grouped


def _partitions(items: list[int]) -> Iterator[list[list[int]]]:
    """Every way to split ``items`` into non-empty parts."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for parts in _partitions(rest):
        for i in range(len(parts)):
            yield [*parts[:i], [first, *parts[i]], *parts[i + 1 :]]
        yield [[first], *parts]


def _choices(scenario: Scenario, student, open_weeks) -> list[tuple[tuple[str, int], ...]]:
    """Every set of tasks the student could do, each with their own week for a task with
    own due weeks (0, a placeholder, for the others)."""
    found = []
    for tasks in subsets([t.task_id for t in scenario.tasks if t.is_open_to(student.class_id)]):
        weeks = [open_weeks[t] if scenario.task_by_id[t].own_weeks else [0] for t in tasks]
        found += [tuple(zip(tasks, pick, strict=True)) for pick in product(*weeks)]
    return found


def costs(scenario: Scenario, rows: list[Assignment]) -> list[int]:
    """The README's scoring, written again: the cost of each chosen (not forced) task."""
    must = {(p.student_id, p.task_id) for p in scenario.pins if p.rule == "must"}
    found = []
    for a in rows:
        if scenario.task_by_id[a.task_id].common or (a.student_id, a.task_id) in must:
            continue
        ranks = scenario.preferences.get(a.student_id, {})
        found.append(ranks.get(a.task_id, max(ranks.values(), default=0) + 1))
    return found


def best(scenario: Scenario) -> tuple[tuple[int, int, int], tuple[int, int]] | None:
    """((least worst rank, least total at it, most week wishes granted at both), (least total
    overall, most wishes granted at it)), or None."""
    fair, total = None, None
    for rows in valid_plans(scenario):
        paid = costs(scenario, rows)
        key = (max(paid, default=0), sum(paid), -granted(scenario, rows))
        fair = key if fair is None or key < fair else fair
        total = key[1:] if total is None or key[1:] < total else total
    if fair is None:
        return None
    return (fair[0], fair[1], -fair[2]), (total[0], -total[1])


def granted(scenario: Scenario, rows: list[Assignment]) -> int:
    """The wishes a plan grants, counted again: a week wish when the student does the task
    and hands it in in a wished week; a partner wish (``with``) when the two share a group."""
    weeks = sum(
        1 for a in rows if a.due_week in scenario.week_wishes.get((a.student_id, a.task_id), ())
    )
    groups: dict[str, set] = {}
    for a in rows:
        if a.group:
            groups.setdefault(a.student_id, set()).add((a.task_id, a.group))
    partners = sum(
        1
        for p in scenario.partners
        if p.wish == "with" and groups.get(p.student_id, set()) & groups.get(p.partner_id, set())
    )
    return weeks + partners


def least_shortfall(scenario: Scenario, weights: dict[str, int]) -> int | None:
    """The least weighted shortfall, as the checker measures it, over every plan that keeps
    the rules which may not be bent; None when no plan keeps them."""
    least = None
    for rows in all_plans(scenario):
        broken = check(scenario, rows)
        if any(v.bent is None for v in broken):
            continue
        cost = sum(weights[v.bent] * v.amount for v in broken)
        least = cost if least is None or cost < least else least
    return least
