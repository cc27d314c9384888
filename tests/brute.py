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
    """Every plan, valid or not: all due weeks of all tasks, all subsets for each student."""
    closed = set(scenario.settings.no_deadline_weeks)
    weeks = [[w for w in t.due_weeks if w not in closed] for t in scenario.tasks]
    choices = [
        subsets([t.task_id for t in scenario.tasks if t.is_open_to(s.class_id)])
        for s in scenario.students
    ]
    for due in product(*weeks):
        due_of = {t.task_id: w for t, w in zip(scenario.tasks, due, strict=True)}
        for picks in product(*choices):
            rows = [
                Assignment(
                    s.student_id, t, due_of[t], scenario.marker_of(scenario.task_by_id[t], s)
                )
                for s, chosen in zip(scenario.students, picks, strict=True)
                for t in chosen
            ]
            yield rows


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


def best(scenario: Scenario) -> tuple[tuple[int, int], int] | None:
    """((least worst rank, least total at that worst rank), least total overall), or None."""
    fair, total = None, None
    for rows in valid_plans(scenario):
        paid = costs(scenario, rows)
        key = (max(paid, default=0), sum(paid))
        fair = key if fair is None or key < fair else fair
        total = key[1] if total is None or key[1] < total else total
    return None if fair is None else (fair, total)


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
