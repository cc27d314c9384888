"""What the local page shows of a plan on disk, as one library call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from scheduler.explore.executor import InProcess, Progress
from scheduler.explore.runs import Settings
from scheduler.explore.whatif import whatif
from scheduler.jobs.reading import read_scenario, scenario_for_plan
from scheduler.plan import Plan, Status, plan_of
from scheduler.plan.files import read_plan
from scheduler.plan.record import read_record
from scheduler.plan.school import SchoolPlan, read_school_plan, school_plan_of
from scheduler.report.charts import teacher_load_svg
from scheduler.report.compare import changes_frame, compare_text, comparison_frame
from scheduler.report.plan import (
    calendar_frame,
    coverage_frame,
    curriculum_frame,
    rosters,
    students_frame,
    tasks_frame,
    teacher_load_frame,
)
from scheduler.report.school import (
    busiest_weeks_frame,
    student_weeks_frame,
    subjects_frame,
)
from scheduler.report.school import teacher_load_frame as school_teacher_load
from scheduler.scenario import Scenario
from scheduler.scenario.school import School, load_school_with_warnings
from scheduler.scenario.variants.variant import Variant, variant_file_text


def rows_holding(frame: pd.DataFrame, search: str) -> pd.DataFrame:
    """The rows of ``frame`` with a cell holding ``search`` (in any case); all for none."""
    if not search:
        return frame
    found = frame.astype(str).apply(lambda c: c.str.contains(search, case=False, regex=False))
    return frame[found.any(axis=1)]


@dataclass
class PlanView:
    """A plan on disk with its scenario: the tables and the chart the page shows."""

    scenario: Scenario
    plan: Plan

    def students(self, search: str = "", sort: str | None = None, descending=False) -> pd.DataFrame:
        """The students' table, only rows where some cell holds ``search`` (any case),
        sorted by the column ``sort``."""
        frame = rows_holding(students_frame(self.scenario, self.plan), search)
        if sort in frame.columns:
            frame = frame.sort_values(sort, ascending=not descending, kind="stable")
        return frame

    def tables(self) -> dict[str, pd.DataFrame]:
        """The plan's other tables, by heading."""
        coverage = pd.concat(
            [coverage_frame(self.scenario, self.plan), curriculum_frame(self.scenario, self.plan)],
            axis=1,
        )
        return {
            "Tasks": tasks_frame(self.scenario, self.plan),
            "Calendar": calendar_frame(self.scenario, self.plan),
            "Coverage": coverage.loc[:, ~coverage.columns.duplicated()],
            "Teacher load": teacher_load_frame(self.scenario, self.plan),
        }

    def rosters(self) -> list[tuple[str, pd.DataFrame]]:
        return rosters(self.scenario, self.plan)

    def teacher_load_chart(self) -> str:
        return teacher_load_svg(self.scenario, self.plan)


def plan_view(source: str | Path, plan_folder: str | Path) -> PlanView:
    """The plan in ``plan_folder`` read against ``source`` (with the variant its plan.yaml
    records), scored as the solver scores plans, with the status the record gives."""
    scenario, _, _ = scenario_for_plan(source, plan_folder)
    assignments, _ = read_plan(scenario, plan_folder)
    record = read_record(Path(plan_folder))
    status = Status(record.status) if record and record.status in set(Status) else Status.FEASIBLE
    return PlanView(scenario, plan_of(scenario, assignments, status))


@dataclass
class WhatIf:
    """The baseline and one variant, solved (the variant from the baseline's plan): the two
    side by side, the students who change, and the variant as a variant file."""

    comparison: pd.DataFrame
    changes: pd.DataFrame
    variant_text: str
    text: str


def whatif_view(
    source: str | Path, variant: Variant, settings: Settings, progress: Progress | None = None
) -> WhatIf:
    """Solve the scenario and ``variant`` (applied, and so checked, before any solve), the
    variant starting from the baseline's plan, each plan checked."""
    scenario, _ = read_scenario(source)
    base, changed = whatif(scenario, [variant], settings, InProcess(), progress)
    both = base.plan.found and changed.plan.found
    changes = (
        changes_frame(changed.scenario, base.plan, changed.plan).drop(
            columns=["tasks before", "tasks after"]
        )
        if both
        else pd.DataFrame(columns=["student_id", "name", "leaves", "takes", "moves"])
    )
    return WhatIf(
        comparison_frame([base, changed])
        .set_index("variant")
        .T.rename_axis(columns=None)
        .reset_index(names="figure"),
        changes,
        variant_file_text(variant),
        compare_text([base, changed]),
    )


@dataclass
class SchoolView:
    """A school plan on disk with its school: the tables school.xlsx holds, for the page."""

    school: School
    plan: SchoolPlan

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "Subjects": subjects_frame(self.school, self.plan),
            "Busiest weeks": busiest_weeks_frame(self.school, self.plan),
            "Teacher load": school_teacher_load(self.school, self.plan),
        }

    def student_weeks(self, search: str = "") -> pd.DataFrame:
        """Each student's deadlines week by week across subjects (rows holding ``search``)."""
        return rows_holding(student_weeks_frame(self.school, self.plan), search)


def school_view(source: str | Path, plan_folder: str | Path) -> SchoolView:
    """The school plan in ``plan_folder`` (its allocation.csv) read against the school."""
    school, _ = load_school_with_warnings(source)
    plans, _ = read_school_plan(school, plan_folder)
    return SchoolView(school, school_plan_of(school, plans))
