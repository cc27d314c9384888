"""A school's plan: each subject's plan, found together, with how the search went."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from scheduler.exceptions import Problem, ScenarioError, SchedulerError
from scheduler.plan import (
    ALLOCATION_COLUMNS,
    ALLOCATION_READ,
    Assignment,
    Plan,
    Searched,
    Status,
    allocation_rows,
    plan_of,
)
from scheduler.scenario.cells import spreadsheet_safe
from scheduler.scenario.files.tables import Table, read_table
from scheduler.scenario.school import School
from scheduler.words import count


class SchoolPlan(Searched, BaseModel):
    """A term plan of every subject of a school, found in one search."""

    model_config = ConfigDict(frozen=True)

    status: Status
    subjects: dict[str, Plan] = {}
    objective: str = "fair"
    worst_rank: int | None = None  # the worst rank of any student's task in any subject
    total_rank: int | None = None  # over every subject
    best_bound: float | None = None
    bound_source: str | None = None  # which search proved best_bound (its words)
    seconds: float = 0.0
    interrupted: bool = False
    first_plan_seconds: float | None = None
    shortfall: dict[str, int] | None = None  # with rules bent (solve --relax): units by family
    weights: dict[str, int] | None = None
    shortfall_bound: float | None = None

    def rows(self) -> list[tuple[str, Assignment]]:
        """Every assignment with its subject, subject by subject."""
        return [(name, a) for name, plan in self.subjects.items() for a in plan.assignments]


SCHOOL_READ = {"subject": True, **ALLOCATION_READ}


def school_allocation_text(school: School, plan: SchoolPlan) -> str:
    """The school's ``allocation.csv``: a first column ``subject``, then a plan's columns
    (``group`` and ``draft_week`` when any subject has a group task or a draft)."""
    scenarios = list(school.subjects.values())
    groups = any(t.in_groups for s in scenarios for t in s.tasks)
    drafts = any(t.has_draft for s in scenarios for t in s.tasks)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["subject", *ALLOCATION_COLUMNS] + ["group"] * groups + ["draft_week"] * drafts)
    for subject, a in plan.rows():
        cells = [subject, *list(a)[:4]] + [a.group] * groups
        if drafts:
            k = school.subjects[subject].task_by_id[a.task_id].draft_weeks
            cells.append(a.due_week - k if k else "")
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return out.getvalue()


def read_school_plan(school: School, path: str | Path) -> tuple[dict[str, list[Assignment]], str]:
    """A school plan's assignments by subject, from its ``allocation.csv`` (or the folder
    holding it), and a sentence saying what was read; raise ScenarioError on bad input."""
    path = Path(path)
    if path.is_dir():
        path = path / "allocation.csv"
    if path.suffix.lower() == ".xlsx":
        raise SchedulerError(
            f"{path} is a workbook; a school plan is read from its allocation.csv (the one with "
            "the subject column) or the plan's folder. school.xlsx and the subjects' plan.xlsx "
            "are written from it, not read back"
        )
    if not path.is_file():
        raise SchedulerError(
            f"{path} does not exist; give the school plan's allocation.csv, or its folder"
        )
    table = read_table(path, SCHOOL_READ)
    if any(not p.warning for p in table.problems):
        raise ScenarioError(table.problems)
    if "subject" not in table.frame:  # an empty file: no rows, and so no plan
        raise ScenarioError([Problem(table.file, None, None, "the file is empty; give a plan")])
    problems, plans = [], {}
    for number, subject in table.frame["subject"].items():
        if subject not in school.subjects:
            known = ", ".join(school.subjects)
            text = f'"{subject}" is not a subject of the school; use one of {known}'
            problems.append(Problem(table.file, int(number), "subject", text))
    for name, scenario in school.subjects.items():
        rows = table.frame[table.frame["subject"] == name].drop(columns="subject")
        part = Table(table.file, rows, [])
        try:
            plans[name] = allocation_rows(part, scenario, of=f"the subject {name}")
        except ScenarioError as error:
            problems += error.problems
    if problems:
        raise ScenarioError(problems)
    return (
        plans,
        f"Read {path.name} ({count(len(table.frame), 'row')}, {count(len(plans), 'subject')}).",
    )


def school_plan_of(school: School, plans: dict[str, list[Assignment]]) -> SchoolPlan:
    """A school plan read from a file, scored as the solver scores its plans."""
    subjects = {
        name: plan_of(school.planned(name), plans.get(name, [])) for name in school.subjects
    }
    return SchoolPlan(
        status=Status.FEASIBLE,
        subjects=subjects,
        worst_rank=max((p.worst_rank or 0 for p in subjects.values()), default=0),
        total_rank=sum(p.total_rank or 0 for p in subjects.values()),
    )
