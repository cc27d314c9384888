"""The MIP peer: FORMAT.md's rules as a mixed-integer program, solved by HiGHS via OR-Tools.

The same variables and rules as scheduler's CP-SAT model, written for a MIP solver: a
binary per allowed (student, task), per task that runs, and per task and possible due
week; a continuous due-in-week share that the binaries make 0 or 1; the same stretch
inequalities for marking. The fair objective runs in the same two stages.
"""

from __future__ import annotations

import time
from collections import defaultdict

from ortools.linear_solver import pywraplp

from scheduler.plan import Assignment, rank_costs
from scheduler.scenario import Scenario


class MipModel:
    """One scenario as a pywraplp model over HiGHS."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.solver = pywraplp.Solver.CreateSolver("HIGHS")
        closed = set(scenario.settings.no_deadline_weeks)
        never = {(p.student_id, p.task_id) for p in scenario.pins if p.rule == "never"}
        self.pairs = [
            (s.student_id, t.task_id)
            for s in scenario.students
            for t in scenario.tasks
            if t.is_open_to(s.class_id) and (s.student_id, t.task_id) not in never
        ]
        self.weeks = {
            t.task_id: [w for w in t.due_weeks if w not in closed] for t in scenario.tasks
        }
        self.x = {p: self.solver.BoolVar(f"x{p}") for p in self.pairs}
        self.run = {t.task_id: self.solver.BoolVar(f"run{t.task_id}") for t in scenario.tasks}
        self.due = {
            t: {w: self.solver.BoolVar(f"due{t},{w}") for w in weeks}
            for t, weeks in self.weeks.items()
        }
        self.y = {p: self._due_in(p) for p in self.pairs}
        self.costs = rank_costs(scenario, self.pairs)
        self._rules()

    def _due_in(self, pair) -> dict:
        weeks = self.weeks[pair[1]]
        if len(weeks) == 1:
            return {weeks[0]: self.x[pair]}
        ys = {w: self.solver.NumVar(0, 1, f"y{pair},{w}") for w in weeks}
        self.solver.Add(sum(ys.values()) == self.x[pair])
        for w, y in ys.items():
            self.solver.Add(y <= self.due[pair[1]][w])
        return ys

    def _rules(self) -> None:
        sc, add = self.scenario, self.solver.Add
        must = {(p.student_id, p.task_id) for p in sc.pins if p.rule == "must"}
        by_task, by_student = defaultdict(list), defaultdict(list)
        for pair, x in self.x.items():
            by_task[pair[1]].append(x)
            by_student[pair[0]].append(x)
            add(x <= self.run[pair[1]])
            if sc.task_by_id[pair[1]].common or pair in must:
                add(x == 1)
        for t in sc.tasks:
            add(sum(self.due[t.task_id].values()) == self.run[t.task_id])
            xs = by_task[t.task_id]
            most = len(xs) if t.capacity is None else min(t.capacity, len(xs))
            add(sum(xs) >= t.min_students * self.run[t.task_id])
            add(sum(xs) <= most * self.run[t.task_id])
        bounds = sc.settings.policy.tasks_per_student
        for xs in by_student.values():
            add(sum(xs) >= bounds.min)
            if bounds.max is not None:
                add(sum(xs) <= bounds.max)
        self._deadlines()
        self._coverage()
        self._marking()

    def _deadlines(self) -> None:
        most = self.scenario.settings.policy.max_deadlines_per_week
        if most is None:
            return
        per_week = defaultdict(list)
        for (s, _), ys in self.y.items():
            for w, y in ys.items():
                per_week[s, w].append(y)
        for ys in per_week.values():
            if len(ys) > most:
                self.solver.Add(sum(ys) <= most)

    def _coverage(self) -> None:
        sc = self.scenario
        for period in sc.settings.reporting_periods:
            for c in sc.settings.criteria:
                counted = defaultdict(list)
                for (s, t), ys in self.y.items():
                    if c.id in sc.task_by_id[t].criteria:
                        counted[s] += [y for w, y in ys.items() if w in period.weeks]
                for s in (st.student_id for st in sc.students):
                    total = sum(counted[s])
                    if c.min_per_period:
                        self.solver.Add(total >= c.min_per_period)
                    if c.max_per_period is not None and len(counted[s]) > c.max_per_period:
                        self.solver.Add(total <= c.max_per_period)

    def _marking(self) -> None:
        sc = self.scenario
        feedback = sc.settings.policy.feedback_weeks
        for teacher in sc.teachers:
            load, most = defaultdict(list), defaultdict(int)
            for (s, t), ys in self.y.items():
                task = sc.task_by_id[t]
                if sc.marker_of(task, sc.student_by_id[s]) == teacher.teacher_id:
                    for w, y in ys.items():
                        load[w].append(task.marking_minutes * y)
                        most[w] += task.marking_minutes
            weeks = sorted(load)
            for i, first in enumerate(weeks):
                for last in weeks[i:]:
                    room = teacher.marking_time(first + 1, last + feedback)
                    inside = [w for w in weeks if first <= w <= last]
                    if sum(most[w] for w in inside) > room:
                        self.solver.Add(sum(sum(load[w]) for w in inside) <= room)

    def assignments(self) -> list[Assignment]:
        sc, found = self.scenario, []
        for pair, x in self.x.items():
            if x.solution_value() > 0.5:
                week = max(self.y[pair], key=lambda w: self.y[pair][w].solution_value())
                task, student = sc.task_by_id[pair[1]], sc.student_by_id[pair[0]]
                found.append(Assignment(*pair, week, sc.marker_of(task, student)))
        return found


def solve_mip(scenario: Scenario, time_limit: float, objective: str = "fair") -> dict:
    """Solve with HiGHS: status, plan, worst and total rank, bound, seconds."""
    started = time.perf_counter()
    mip = MipModel(scenario)
    total = sum(cost * mip.x[p] for p, cost in mip.costs.items())
    status = None
    if objective == "fair":
        worst = mip.solver.NumVar(0, max(mip.costs.values(), default=0), "worst")
        for p, cost in mip.costs.items():
            mip.solver.Add(worst >= cost * mip.x[p])
        mip.solver.Minimize(worst)
        status = _run(mip, started, time_limit)
        if status != pywraplp.Solver.OPTIMAL:
            return _result(mip, status, started, stage="worst rank")
        mip.solver.Add(worst <= round(mip.solver.Objective().Value()))
    mip.solver.Minimize(total)
    status = _run(mip, started, time_limit)
    return _result(mip, status, started, stage="total rank")


def _run(mip: MipModel, started: float, time_limit: float) -> int:
    left = max(0.01, time_limit - (time.perf_counter() - started))
    mip.solver.SetTimeLimit(int(left * 1000))
    return mip.solver.Solve()


def _result(mip: MipModel, status: int, started: float, stage: str) -> dict:
    found = status in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE)
    plan = mip.assignments() if found else []
    chosen = [
        mip.costs[a.student_id, a.task_id] for a in plan if (a.student_id, a.task_id) in mip.costs
    ]
    return {
        "status": {
            pywraplp.Solver.OPTIMAL: "optimal",
            pywraplp.Solver.FEASIBLE: "feasible",
            pywraplp.Solver.INFEASIBLE: "infeasible",
        }.get(status, "unknown")
        if stage == "total rank" or not found
        else "feasible",
        "assignments": plan,
        "worst_rank": max(chosen, default=None) if found else None,
        "total_rank": sum(chosen) if found else None,
        "bound": mip.solver.Objective().BestBound() if found and stage == "total rank" else None,
        "seconds": time.perf_counter() - started,
    }
