"""What the local page shows of a plan on disk, as one library call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from scheduler.jobs.reading import scenario_for_plan
from scheduler.plan import Plan, Status, plan_of
from scheduler.plan.files import read_plan
from scheduler.plan.record import read_record
from scheduler.report.charts import teacher_load_svg
from scheduler.report.plan import (
    calendar_frame,
    coverage_frame,
    curriculum_frame,
    rosters,
    students_frame,
    tasks_frame,
    teacher_load_frame,
)
from scheduler.scenario import Scenario


@dataclass
class PlanView:
    """A plan on disk with its scenario: the tables and the chart the page shows."""

    scenario: Scenario
    plan: Plan

    def students(self, search: str = "", sort: str | None = None, descending=False) -> pd.DataFrame:
        """The students' table, only rows where some cell holds ``search`` (any case),
        sorted by the column ``sort``."""
        frame = students_frame(self.scenario, self.plan)
        if search:
            text = frame.astype(str).apply(
                lambda c: c.str.contains(search, case=False, regex=False)
            )
            frame = frame[text.any(axis=1)]
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
