"""The greedy peer: random serial dictatorship that repairs coverage where it can.

Each task is due in the middle of its possible weeks. Every student gets their common
tasks and must pins; then, in a random order, each student takes their most wanted tasks
that still fit (class, pins, capacity, one deadline a week, criteria maximums, their
teachers' marking time) until they have the policy's minimum; then, for each criterion a
period still lacks, the most wanted task that fits and assesses it. Tasks left below their
minimum size are cancelled. The plan may break rules: the checker counts how many.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict

from scheduler.check import check, earliest_deadline_first
from scheduler.plan import Assignment, rank_costs
from scheduler.scenario import Scenario


class Greedy:
    def __init__(self, scenario: Scenario):
        self.sc = scenario
        closed = set(scenario.settings.no_deadline_weeks)
        self.due = {}
        for t in scenario.tasks:
            weeks = [w for w in t.due_weeks if w not in closed]
            self.due[t.task_id] = weeks[len(weeks) // 2]
        self.never = {(p.student_id, p.task_id) for p in scenario.pins if p.rule == "never"}
        self.taken: dict[str, list[str]] = defaultdict(list)
        self.size: Counter = Counter()
        self.load: dict[str, Counter] = defaultdict(Counter)

    def fits(self, student, task) -> bool:
        """Whether the student may add the task without breaking a rule it can break."""
        policy, tid = self.sc.settings.policy, task.task_id
        mine = self.taken[student.student_id]
        if (
            tid in mine
            or not task.is_open_to(student.class_id)
            or (student.student_id, tid) in self.never
        ):
            return False
        if task.capacity is not None and self.size[tid] >= task.capacity:
            return False
        if policy.tasks_per_student.max is not None and len(mine) >= policy.tasks_per_student.max:
            return False
        week = self.due[tid]
        most = policy.max_deadlines_per_week
        if most is not None and sum(self.due[t] == week for t in mine) >= most:
            return False
        return self._criteria_fit(mine, task) and self._marking_fits(student, task)

    def _criteria_fit(self, mine: list[str], task) -> bool:
        period = self.sc.settings.period_of(self.due[task.task_id])
        for c in self.sc.settings.criteria:
            if c.id in task.criteria and c.max_per_period is not None and period is not None:
                count = sum(
                    c.id in self.sc.task_by_id[t].criteria and self.due[t] in period.weeks
                    for t in mine
                )
                if count >= c.max_per_period:
                    return False
        return True

    def _marking_fits(self, student, task) -> bool:
        marker = self.sc.marker_of(task, student)
        teacher = next(t for t in self.sc.teachers if t.teacher_id == marker)
        load = Counter(self.load[marker])
        load[self.due[task.task_id]] += task.marking_minutes
        return not earliest_deadline_first(load, teacher, self.sc.settings.policy.feedback_weeks)

    def take(self, student, task) -> None:
        self.taken[student.student_id].append(task.task_id)
        self.size[task.task_id] += 1
        self.load[self.sc.marker_of(task, student)][self.due[task.task_id]] += task.marking_minutes

    def missing(self, student) -> list[tuple]:
        """(period, criterion) pairs the student's tasks do not yet assess often enough."""
        mine = self.taken[student.student_id]
        gaps = []
        for period in self.sc.settings.reporting_periods:
            for c in self.sc.settings.criteria:
                count = sum(
                    c.id in self.sc.task_by_id[t].criteria and self.due[t] in period.weeks
                    for t in mine
                )
                if count < c.min_per_period:
                    gaps.append((period, c))
        return gaps


def solve_greedy(scenario: Scenario, seed: int = 0) -> dict:
    started = time.perf_counter()
    g = Greedy(scenario)
    must = {(p.student_id, p.task_id) for p in scenario.pins if p.rule == "must"}
    for s in scenario.students:
        for t in scenario.tasks:
            if t.is_open_to(s.class_id) and (t.common or (s.student_id, t.task_id) in must):
                g.take(s, t)
    order = list(scenario.students)
    random.Random(seed).shuffle(order)
    least = scenario.settings.policy.tasks_per_student.min
    for s in order:
        for t in _wanted(scenario, s):
            if len(g.taken[s.student_id]) >= least:
                break
            if g.fits(s, t):
                g.take(s, t)
        for period, c in g.missing(s):
            for t in _wanted(scenario, s):
                if c.id in t.criteria and g.due[t.task_id] in period.weeks and g.fits(s, t):
                    g.take(s, t)
                    break
    plan = [
        Assignment(
            sid,
            tid,
            g.due[tid],
            scenario.marker_of(scenario.task_by_id[tid], scenario.student_by_id[sid]),
        )
        for sid, tids in g.taken.items()
        for tid in tids
        if g.size[tid] >= scenario.task_by_id[tid].min_students
    ]
    costs = rank_costs(scenario, [(a.student_id, a.task_id) for a in plan])
    chosen = list(costs.values())
    return {
        "status": "greedy",
        "assignments": plan,
        "worst_rank": max(chosen, default=0),
        "total_rank": sum(chosen),
        "bound": None,
        "seconds": time.perf_counter() - started,
        "broken": len(check(scenario, plan)),
    }


def _wanted(scenario: Scenario, student) -> list:
    """The student's tasks, most wanted first (unranked ones last, in menu order)."""
    ranks = scenario.preferences.get(student.student_id, {})
    return sorted(scenario.tasks, key=lambda t: ranks.get(t.task_id, 10**6))
