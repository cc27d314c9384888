"""What a department looks at in a plan: students' ranks, task sizes, teachers' marking."""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from scheduler.plan import Plan, rank_costs
from scheduler.report.validation import count, table_text
from scheduler.scenario import Scenario


def chosen_ranks(scenario: Scenario, plan: Plan) -> dict[str, list[int]]:
    """student_id -> the costs (ranks) of the tasks they chose, as the objective counts them."""
    ranks: dict[str, list[int]] = {s.student_id: [] for s in scenario.students}
    costs = rank_costs(scenario, [(a.student_id, a.task_id) for a in plan.assignments])
    for (student_id, _), cost in costs.items():
        ranks[student_id].append(cost)
    return {s: sorted(r) for s, r in ranks.items()}


def satisfaction(scenario: Scenario, plan: Plan) -> dict[str, object]:
    """First choices, top-three plans, the worst-off student and the mean rank."""
    ranks = chosen_ranks(scenario, plan)
    firsts = sum(1 for s, r in ranks.items() if 1 in r)
    top_three = sum(1 for r in ranks.values() if all(x <= 3 for x in r))
    worst = max(ranks, key=lambda s: (max(ranks[s], default=0), sum(ranks[s])))
    every = [x for r in ranks.values() for x in r]
    return {
        "students": len(ranks),
        "first choice": firsts,
        "only top three": top_three,
        "worst-off student": worst,
        "worst-off ranks": ranks[worst],
        "mean rank": sum(every) / len(every) if every else 0.0,
    }


def marking_by_week(scenario: Scenario, plan: Plan) -> dict[str, Counter]:
    """teacher_id -> minutes of marking due in each week."""
    due: dict[str, Counter] = defaultdict(Counter)
    for a in plan.assignments:
        due[a.marker][a.due_week] += scenario.task_by_id[a.task_id].marking_minutes
    return due


def busiest_weeks(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """Each teacher's heaviest due week, against the marking time its feedback window holds."""
    feedback = scenario.settings.policy.feedback_weeks
    due = marking_by_week(scenario, plan)
    rows = []
    for teacher in scenario.teachers:
        weeks = due.get(teacher.teacher_id, Counter())
        week, minutes = max(weeks.items(), key=lambda kv: (kv[1], -kv[0]), default=(None, 0))
        room = 0 if week is None else teacher.marking_time(week + 1, week + feedback)
        window = "" if week is None else f"{week + 1}-{week + feedback}"
        rows.append(
            (
                teacher.teacher_id,
                teacher.name,
                sum(weeks.values()),
                week or "",
                minutes,
                window,
                room,
            )
        )
    columns = [
        "teacher",
        "name",
        "term minutes",
        "busiest due week",
        "minutes due",
        "marked in weeks",
        "time there",
    ]
    return pd.DataFrame(rows, columns=columns)


def plan_summary(scenario: Scenario, plan: Plan) -> str:
    """The text `scheduler solve` prints."""
    head = f"{scenario.settings.name}: {_verdict(plan)} (objective: {plan.objective})."
    if not plan.found:
        return head + "\n"
    happy = satisfaction(scenario, plan)
    n = happy["students"]
    gap = "" if plan.gap is None else f", best bound {plan.best_bound:g} (gap {plan.gap:.1%})"
    parts = [
        head,
        f"  search: {plan.seconds:.1f} s; worst rank {plan.worst_rank}, total rank {plan.total_rank}{gap}",
        "Students:\n"
        f"  {happy['first choice']} of {n} got their first choice\n"
        f"  {happy['only top three']} of {n} got only tasks from their top three\n"
        f"  the worst-off student, {happy['worst-off student']}, got ranks "
        f"{', '.join(map(str, happy['worst-off ranks'])) or 'none (common tasks and pins only)'}\n"
        f"  mean rank of a chosen task: {happy['mean rank']:.2f}",
        f"Tasks: {count(len(plan.due_weeks()), 'task')} run, "
        f"{count(len(scenario.tasks) - len(plan.due_weeks()), 'task')} cancelled; "
        f"{count(len(plan.assignments), 'assignment')}",
        "Teachers' busiest due week, against the marking time of its feedback window:\n"
        + "\n".join("  " + line for line in table_text(busiest_weeks(scenario, plan)).splitlines()),
    ]
    if plan.interrupted:
        parts.append("The search was stopped early (Ctrl-C): this is the best plan found by then.")
    return "\n\n".join(parts) + "\n"


def _verdict(plan: Plan) -> str:
    if plan.interrupted and not plan.found:
        return "the search was stopped (Ctrl-C) before any plan was found"
    return {
        "optimal": "an optimal plan",
        "feasible": "a valid plan, not proven optimal",
        "infeasible": "no plan exists",
        "unknown": "no plan found within the time limit",
    }[plan.status]


# --- frames for the workbook -----------------------------------------------------------------


def students_frame(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    ranks = chosen_ranks(scenario, plan)
    tasks = plan.tasks_of()
    return pd.DataFrame(
        {
            "student_id": [s.student_id for s in scenario.students],
            "name": [s.name for s in scenario.students],
            "class": [s.class_id for s in scenario.students],
            "tasks": [";".join(tasks.get(s.student_id, [])) for s in scenario.students],
            "number of tasks": [len(tasks.get(s.student_id, [])) for s in scenario.students],
            "ranks of chosen tasks": [
                ", ".join(map(str, ranks[s.student_id])) for s in scenario.students
            ],
            "worst rank": [max(ranks[s.student_id], default=0) for s in scenario.students],
        }
    )


def tasks_frame(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    due = plan.due_weeks()
    sizes = Counter(a.task_id for a in plan.assignments)
    return pd.DataFrame(
        {
            "task_id": [t.task_id for t in scenario.tasks],
            "title": [t.title for t in scenario.tasks],
            "criteria": [";".join(t.criteria) for t in scenario.tasks],
            "runs": ["yes" if t.task_id in due else "no" for t in scenario.tasks],
            "due week": [due.get(t.task_id, "") for t in scenario.tasks],
            "students": [sizes[t.task_id] for t in scenario.tasks],
            "capacity": ["" if t.capacity is None else t.capacity for t in scenario.tasks],
            "min_students": [t.min_students for t in scenario.tasks],
            "marker": [t.marker or "class teacher" for t in scenario.tasks],
        }
    )


def teacher_load_frame(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """Minutes of marking due each week, by teacher, with the weekly marking time."""
    due = marking_by_week(scenario, plan)
    weeks = range(1, scenario.settings.weeks + 1)
    rows = [
        [t.teacher_id, t.name, t.weekly_marking_minutes, *(due[t.teacher_id][w] for w in weeks)]
        for t in scenario.teachers
    ]
    return pd.DataFrame(
        rows, columns=["teacher", "name", "weekly minutes", *(f"due wk {w}" for w in weeks)]
    )


def coverage_frame(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """How often each student is assessed on each criterion in each period."""
    tasks = plan.tasks_of()
    due = plan.due_weeks()
    columns = {}
    for period in scenario.settings.reporting_periods:
        for c in scenario.settings.criteria:
            columns[f"{period.name} {c.id}"] = [
                sum(
                    1
                    for t in tasks.get(s.student_id, [])
                    if due[t] in period.weeks and c.id in scenario.task_by_id[t].criteria
                )
                for s in scenario.students
            ]
    return pd.DataFrame({"student_id": [s.student_id for s in scenario.students], **columns})


def allocation_frame(plan: Plan) -> pd.DataFrame:
    return pd.DataFrame(
        list(plan.assignments), columns=["student_id", "task_id", "due_week", "marker"]
    )
