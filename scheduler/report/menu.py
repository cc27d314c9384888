"""The menu report: what each task is worth to the plan, and where the menu is tight."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pandas as pd

from scheduler.plan import Plan
from scheduler.report.compare import Outcome, plan_figures
from scheduler.report.plan import chosen_ranks, coverage_frame, plan_word
from scheduler.report.validation import table_text
from scheduler.scenario import Scenario
from scheduler.scenario.precheck import precheck


def change(before: dict, other: Outcome | None, figure: str) -> object:
    """How much ``figure`` (worst rank, total rank, first choice) rises from the baseline's
    figures ``before``."""
    if other is None or not other.plan.found:
        return ""
    return plan_figures(other.scenario, other.plan)[figure] - before[figure]


def wanted(scenario: Scenario, plan: Plan) -> Counter:
    """task_id -> students not doing it who ranked it above a task they were given."""
    ranks = chosen_ranks(scenario, plan)
    doing = {(a.student_id, a.task_id) for a in plan.assignments}
    counts: Counter = Counter()
    for student, ranking in scenario.preferences.items():
        worst = max(ranks.get(student, []), default=0)
        for task, rank in ranking.items():
            if rank < worst and (student, task) not in doing:
                counts[task] += 1
    return counts


def marker_fits(scenario: Scenario, task) -> object:
    """For a task with its own marker: the most submissions the marker's time in a feedback
    window can hold (at the task's best due week, with no other marking); else empty."""
    teacher = next((t for t in scenario.teachers if t.teacher_id == task.marker), None)
    if teacher is None or task.marking_minutes == 0:
        return ""
    feedback = scenario.settings.policy.feedback_weeks
    room = max(teacher.marking_time(w + 1, w + feedback) for w in task.due_weeks)
    return room // task.marking_minutes


def task_facts(scenario: Scenario, plan: Plan) -> Callable:
    """Given a task, its columns of the menu's table that need no other solve: its takers
    in ``plan``, its capacity, whether it is full, and who wants it."""
    sizes = Counter(a.task_id for a in plan.assignments)
    firsts = Counter(t for r in scenario.preferences.values() for t, k in r.items() if k == 1)
    want = wanted(scenario, plan)

    def facts(task) -> dict:
        t = task.task_id
        return {
            "task_id": t,
            "title": task.title,
            "students": sizes[t],
            "capacity": "" if task.capacity is None else task.capacity,
            "full": "yes" if task.capacity is not None and sizes[t] >= task.capacity else "no",
            "first choice of": firsts[t],
            WANTED: want[t],
            "marker's time fits": marker_fits(scenario, task),
        }

    return facts


FIGURES = {"worst rank": "worst rank +", "total rank": "total rank +",
           "first choice": "first choices +"}  # fmt: skip


def change_columns(extra: int, plan_word: str, reason: str, dropped, more) -> dict:
    """The menu's columns of what dropping a task changes (``dropped``: figure -> rise, or
    empty) and what ``extra`` more places change (``more``)."""
    row = {"dropped: plan": plan_word}
    row |= {f"dropped: {label}": dropped(figure) for figure, label in FIGURES.items()}
    row["dropped: why no plan"] = reason
    row |= {f"+{extra} places: {label}": more(figure) for figure, label in FIGURES.items()}
    return row


def task_frame(scenario: Scenario, runs) -> pd.DataFrame:
    """One row per task: its takers and demand, and what dropping it or more places change."""
    was = plan_figures(scenario, runs.baseline.plan)
    facts = task_facts(scenario, runs.baseline.plan)
    rows = []
    for task in scenario.tasks:
        if task.task_id not in runs.dropped:
            continue
        dropped, more = runs.dropped[task.task_id], runs.more_places.get(task.task_id)
        rows.append(
            facts(task)
            | change_columns(
                runs.extra,
                plan_word(dropped.plan),
                dropped.reason,
                lambda figure, o=dropped: change(was, o, figure),
                lambda figure, o=more: change(was, o, figure),
            )
        )
    return pd.DataFrame(rows)


def more_places_ranking(frame: pd.DataFrame, extra: int) -> pd.DataFrame:
    """Tasks with a capacity, most gained by more places first (worst rank, then total)."""
    worst, total = f"+{extra} places: worst rank +", f"+{extra} places: total rank +"
    firsts = f"+{extra} places: first choices +"
    rows = frame[frame["capacity"] != ""].copy()
    rows = rows[rows[total] != ""]
    rows = rows.sort_values(
        [worst, total, "wanted by students without it"],
        ascending=[True, True, False],
        kind="stable",
    )
    return rows[
        [
            *_subject(frame),
            "task_id",
            "title",
            "students",
            "capacity",
            "full",
            "wanted by students without it",
            "marker's time fits",
            worst,
            total,
            firsts,
        ]
    ]


def _subject(frame: pd.DataFrame) -> list[str]:
    """``["subject"]`` for a school's menu (a column of each task's subject), else none."""
    return ["subject"] if "subject" in frame.columns else []


def drop_ranking(frame: pd.DataFrame) -> pd.DataFrame:
    """Tasks whose loss costs the plan most first; a task without which there is no plan first of all."""
    rows = frame.copy()
    rows["_none"] = rows["dropped: plan"].str.startswith("no plan")
    worst = pd.to_numeric(rows["dropped: worst rank +"], errors="coerce").fillna(0)
    total = pd.to_numeric(rows["dropped: total rank +"], errors="coerce").fillna(0)
    rows = rows.assign(_worst=worst, _total=total)
    rows = rows.sort_values(["_none", "_worst", "_total"], ascending=False, kind="stable")
    return rows[
        [
            *_subject(frame),
            "task_id",
            "title",
            "students",
            "dropped: plan",
            "dropped: worst rank +",
            "dropped: total rank +",
            "dropped: first choices +",
            *[c for c in ("dropped: why no plan",) if c in frame.columns],
        ]
    ]


def tight_criteria(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """Each period and criterion: assessments needed, the most the menu holds, and how many
    students the plan leaves at exactly the minimum (or the maximum)."""
    counts = coverage_frame(scenario, plan)
    rows = []
    for line in precheck(scenario).coverage:
        criterion = next(c for c in scenario.settings.criteria if c.id == line.criterion)
        column = next(
            c for c in counts.columns if c.startswith(f"{line.period} {line.criterion} (")
        )
        at_min = int((counts[column] == criterion.min_per_period).sum())
        at_max = (
            int((counts[column] == criterion.max_per_period).sum())
            if criterion.max_per_period is not None
            else ""
        )
        room = line.holds / line.needed if line.needed else float("inf")
        rows.append(
            {
                "period": line.period,
                "criterion": line.criterion,
                "needed": line.needed,
                "menu holds": line.holds,
                "holds / needed": round(room, 2),
                "students at the minimum": at_min,
                "students at the maximum": at_max,
                "tight": "yes" if room < TIGHT or at_min == len(scenario.students) else "no",
            }
        )
    return pd.DataFrame(rows).sort_values("holds / needed", kind="stable")


WANTED = "wanted by students without it"
# A period and criterion is tight when the menu holds less than this many times the
# assessments needed, or when every student is at the minimum.
TIGHT = 1.25


GROUP_OF = 3  # the group size at which the menu prices each task done alone


def group_savings(scenario: Scenario, plan: Plan, size: int = GROUP_OF) -> pd.DataFrame:
    """For each running task done alone, the marking (and draft feedback) minutes it costs in
    ``plan``, and what its takers would cost in groups of ``size`` of one class (as few groups
    as each class's takers allow, one submission a group), most saved first."""
    takers = Counter(
        (a.task_id, scenario.student_by_id[a.student_id].class_id) for a in plan.assignments
    )
    rows = []
    for task in scenario.tasks:
        each = task.marking_minutes + (task.draft_minutes if task.has_draft else 0)
        classes = [n for (t, _), n in takers.items() if t == task.task_id]
        if task.in_groups or not each or not classes:
            continue
        groups = sum(-(-n // size) for n in classes)
        alone = sum(classes) * each
        rows.append((task.task_id, task.title, sum(classes), alone, groups * each))
    columns = ["task_id", "title", "students", "marking minutes", f"in groups of {size}"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["minutes saved"] = frame["marking minutes"] - frame[f"in groups of {size}"]
    return frame.sort_values("minutes saved", ascending=False, kind="stable")


def menu_text(scenario: Scenario, runs) -> str:
    """The menu report as text."""
    base = runs.baseline.plan
    head = (
        f"{scenario.settings.name}: the menu, against the baseline plan "
        f"(worst rank {base.worst_rank}, total rank {base.total_rank})."
    )
    return menu_sections(
        head,
        task_frame(scenario, runs),
        runs.extra,
        tight_criteria(scenario, base),
        group_savings(scenario, base),
    )


def menu_sections(
    head: str, frame: pd.DataFrame, extra: int, criteria: pd.DataFrame, groups: pd.DataFrame
) -> str:
    """The menu report's text from its tables: ``frame`` of tasks (task_frame's columns,
    perhaps a subject first), tight ``criteria`` and what ``groups`` would save."""
    names = _task_names(frame)
    unused = names[frame["students"] == 0].tolist()
    hot = (frame["full"] == "yes") & (frame[WANTED] > 0)
    parts = [
        head,
        f"What more places gain: each task with a capacity given {extra} more "
        "(negative is better), most gained first:\n"
        + _indent(table_text(more_places_ranking(frame, extra))),
        "What the plan loses when a task is dropped (positive is worse), most lost first:\n"
        + _indent(table_text(drop_ranking(frame))),
        "Tasks nobody gets: " + (", ".join(unused) or "none") + ".",
        "Tasks that are full and wanted (students without them ranked them above a task they got): "
        + (
            ", ".join(
                f"{n} ({w} students)" for n, w in zip(names[hot], frame[hot][WANTED], strict=True)
            )
            or "none"
        )
        + ".",
        "Criteria and periods, tightest first:\n" + _indent(table_text(criteria)),
        f"What doing a task in groups of {GROUP_OF} would save in marking (the baseline's "
        "takers, each class's in as few groups as that allows, one submission a group; set "
        "group_size to try it):\n" + _indent(table_text(groups)),
    ]
    return "\n\n".join(parts) + "\n"


def _task_names(frame: pd.DataFrame) -> pd.Series:
    """Each row's task: ``S01``, or ``sciences:S01`` in a school's menu."""
    if "subject" in frame.columns:
        return frame["subject"] + ":" + frame["task_id"]
    return frame["task_id"]


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
