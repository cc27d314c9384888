"""A school's menu report: what each subject's task is worth to the whole school's plan."""

from __future__ import annotations

import pandas as pd

from scheduler.report.menu import (
    change_columns,
    group_savings,
    menu_sections,
    task_facts,
    tight_criteria,
)
from scheduler.report.plan import plan_word
from scheduler.report.school import school_figures
from scheduler.scenario.school import School


def school_task_frame(school: School, runs) -> pd.DataFrame:
    """A row a subject's task: its takers and demand in the school plan, and what dropping
    it or more places change in the whole school's figures."""
    was = school_figures(school, runs.baseline.plan)
    rows = []
    for name, plan in runs.baseline.plan.subjects.items():
        facts = task_facts(school.planned(name), plan)
        for task in school.subjects[name].tasks:
            if (name, task.task_id) not in runs.dropped:
                continue
            dropped = runs.dropped[name, task.task_id]
            more = runs.more_places.get((name, task.task_id))
            columns = change_columns(
                runs.extra,
                plan_word(dropped.plan),
                dropped.reason,
                lambda figure, o=dropped: _rise(was, o, figure),
                lambda figure, o=more: _rise(was, o, figure),
            )
            rows.append({"subject": name} | facts(task) | columns)
    return pd.DataFrame(rows)


def _rise(before: dict, other, figure: str) -> object:
    """How much the school's ``figure`` rises from ``before`` in ``other``'s plan."""
    if other is None or not other.plan.found:
        return ""
    return school_figures(other.school, other.plan)[figure] - before[figure]


def by_subject(school: School, plan, table) -> pd.DataFrame:
    """One subject-level table (``table(scenario, plan)``) for every subject, each row's
    subject first."""
    frames = [
        table(school.planned(name), p).assign(subject=name) for name, p in plan.subjects.items()
    ]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return frame[["subject", *[c for c in frame.columns if c != "subject"]]]


def school_menu_frames(school: School, runs) -> dict[str, pd.DataFrame]:
    """menu.xlsx's sheets for a school: tasks, tight criteria, and what groups would save."""
    base = runs.baseline.plan
    return {
        "Tasks": school_task_frame(school, runs),
        "Criteria": by_subject(school, base, tight_criteria),
        "Groups would save": by_subject(school, base, group_savings),
    }


def school_menu_text(school: School, runs) -> str:
    """The school's menu report as text."""
    base = runs.baseline.plan
    frames = school_menu_frames(school, runs)
    head = (
        f"{school.settings.name}: every subject's menu, against the school plan (worst rank "
        f"{base.worst_rank} in any subject, total rank {base.total_rank} over all). Each change "
        "is solved with the whole school, so its figures are the school's."
    )
    return menu_sections(
        head, frames["Tasks"], runs.extra, frames["Criteria"], frames["Groups would save"]
    )
