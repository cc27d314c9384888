"""Plans side by side: the figures a department compares, and who is affected by a change."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scheduler.plan import Plan
from scheduler.report.plan import busiest_weeks, plan_word, satisfaction, verdict
from scheduler.scenario import Scenario
from scheduler.words import count


@dataclass(frozen=True)
class Outcome:
    """One plan of a comparison: its name, scenario, plan, and for no plan why not."""

    name: str
    scenario: Scenario
    plan: Plan
    changes: str = ""  # what the variant changed, in a few words
    reason: str = ""  # for no plan, one line on why


def plan_figures(scenario: Scenario, plan: Plan) -> dict[str, object]:
    """Status, objective, first choices, worst-off student, mean rank, busiest weeks."""
    figures: dict[str, object] = {"plan": plan_word(plan)}
    if not plan.found:
        return figures
    happy = satisfaction(scenario, plan)
    figures |= {
        "worst rank": plan.worst_rank,
        "total rank": plan.total_rank,
        "first choice": happy["first choice"],
        "worst-off student": f"{happy['worst-off student']} "
        f"({', '.join(map(str, happy['worst-off ranks'])) or '-'})",
        "mean rank": round(happy["mean rank"], 2),
    }
    for row in busiest_weeks(scenario, plan).itertuples(index=False):
        cell = f"wk {row[3]}: {row[4]} of {row[6]} min" if row[3] != "" else "no marking"
        figures[f"{row[0]} busiest week"] = cell
    return figures


def comparison_frame(outcomes: list[Outcome]) -> pd.DataFrame:
    """One row per plan; the first is the baseline the others' changed students count from."""
    base = outcomes[0].plan
    rows = []
    for outcome in outcomes:
        row = {"variant": outcome.name, "changes": outcome.changes}
        row |= plan_figures(outcome.scenario, outcome.plan)
        if outcome.plan.found:
            row["students whose tasks change"] = len(changed_students(base, outcome.plan))
        row["why no plan"] = outcome.reason
        rows.append(row)
    frame = pd.DataFrame(rows, dtype=object)
    return frame[[c for c in frame.columns if c != "why no plan"] + ["why no plan"]]


def student_tasks(plan: Plan) -> dict[str, dict[str, int]]:
    """student_id -> task_id -> due week."""
    tasks: dict[str, dict[str, int]] = {}
    for a in plan.assignments:
        tasks.setdefault(a.student_id, {})[a.task_id] = a.due_week
    return tasks


def changed_students(before: Plan, after: Plan) -> list[str]:
    """Students in both plans whose tasks or due weeks differ."""
    old, new = student_tasks(before), student_tasks(after)
    return sorted(s for s in old.keys() & new.keys() if old[s] != new[s])


def changes_frame(scenario: Scenario, before: Plan, after: Plan) -> pd.DataFrame:
    """Each student whose tasks or due weeks differ: what they leave, take, and what moves."""
    old, new = student_tasks(before), student_tasks(after)
    rows = []
    for student in sorted(old.keys() | new.keys()):
        was, now = old.get(student, {}), new.get(student, {})
        if was == now:
            continue
        known = scenario.student_by_id.get(student)
        rows.append(
            {
                "student_id": student,
                "name": known.name if known else "(not in the scenario)",
                "leaves": _tasks(was, set(was) - set(now)),
                "takes": _tasks(now, set(now) - set(was)),
                "moves": "; ".join(
                    f"{t} week {was[t]} -> {now[t]}"
                    for t in sorted(was.keys() & now.keys())
                    if was[t] != now[t]
                ),
                "tasks before": _tasks(was, set(was)),
                "tasks after": _tasks(now, set(now)),
            }
        )
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


CHANGE_COLUMNS = ["student_id", "name", "leaves", "takes", "moves", "tasks before", "tasks after"]


def _tasks(weeks: dict[str, int], which: set[str]) -> str:
    return "; ".join(f"{t} (wk {weeks[t]})" for t in sorted(which, key=lambda t: (weeks[t], t)))


def changes_text(scenario: Scenario, before: Plan, after: Plan) -> str:
    """Every change from ``before`` to ``after``, a line a student (for `solve --keep`).
    Students who left, and new students, are said apart from those whose tasks changed."""
    frame = changes_frame(scenario, before, after)
    earlier, now = set(student_tasks(before)), set(scenario.student_by_id)
    gone, new = sorted(earlier - now), set(now - earlier)
    changed = frame[frame["student_id"].isin(earlier & now)]
    head = (
        f"Changes to the kept plan: {count(len(changed), 'student')} with changed tasks or "
        f"due weeks, {len(earlier & now) - len(changed)} unchanged"
    )
    if gone:
        head += f"; {count(len(gone), 'student')} no longer in the scenario ({', '.join(gone)})"
    if new:
        head += f"; {count(len(new), 'new student')}"
    lines = [head + (":" if len(changed) or new else ".")]
    for row in frame[frame["student_id"].isin(earlier & now | new)].itertuples(index=False):
        parts = [
            f"leaves {row.leaves}" if row.leaves else "",
            f"takes {row.takes}" if row.takes else "",
        ]
        parts.append(f"moves {row.moves}" if row.moves else "")
        label = " (new)" if row.student_id in new else ""
        lines.append(f"  {row.student_id} {row.name}{label}: " + "; ".join(p for p in parts if p))
    return "\n".join(lines) + "\n"


def compare_text(outcomes: list[Outcome], label: str = "variant") -> str:
    """The comparison as text: a column of figures a plan, then what each variant changes
    and, for one with no plan, why."""
    frame = comparison_frame(outcomes).drop(columns=["changes", "why no plan"])
    cells = frame.map(lambda v: "" if pd.isna(v) else str(v)).set_index("variant").T
    cells.columns.name = label
    lines = [cells.to_string()]
    lines += [f"{o.name}: {o.changes}" for o in outcomes if o.changes not in ("", o.name)]
    lines += [f"{o.name}: {why_no_plan(o.plan, o.reason)}" for o in outcomes if o.reason]
    return "\n".join(lines) + "\n"


def why_no_plan(plan, reason: str) -> str:
    """The plan's verdict and the reason, the verdict not said twice where the reason
    begins with it ("no plan exists; the rules that clash were not found")."""
    said = verdict(plan)
    return reason if reason.startswith(said) else f"{said}: {reason}"
