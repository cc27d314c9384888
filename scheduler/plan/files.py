"""Find and read a plan on disk: an allocation.csv, a plan.xlsx, or the folder holding them."""

from __future__ import annotations

from pathlib import Path

from scheduler.exceptions import SchedulerError
from scheduler.plan import Assignment, draft_week_notes, read_allocation
from scheduler.plan.workbook import read_plan_workbook
from scheduler.scenario import Scenario
from scheduler.scenario.files.workbook import is_workbook


def plan_file(path: str | Path) -> Path:
    """The file to read for ``path``: itself, or a folder's allocation.csv (else plan.xlsx)."""
    path = Path(path)
    holds = [name for name in ("scenario.yaml", "school.yaml") if (path / name).is_file()]
    plan = [name for name in ("allocation.csv", "plan.xlsx") if (path / name).is_file()]
    if path.is_dir() and holds and not plan:  # a plan may be written into its scenario's folder
        raise SchedulerError(
            f"{path} is a {'school' if holds[0] == 'school.yaml' else 'scenario'} folder (it "
            f"holds {holds[0]}), not a plan; give the plan's folder, its allocation.csv or "
            "its plan.xlsx (check and export take the scenario first, then the plan)"
        )
    if path.is_dir():
        csv = path / "allocation.csv"
        path = csv if csv.exists() or not (path / "plan.xlsx").exists() else path / "plan.xlsx"
    if not path.is_file():
        raise SchedulerError(
            f"{path} does not exist; give a plan's allocation.csv, its plan.xlsx, or its folder"
        )
    return path


def read_plan(
    scenario: Scenario, path: str | Path, earlier: bool = False
) -> tuple[list[Assignment], str]:
    """The plan's assignments, and a sentence saying what was read. ``earlier``: the plan was
    made before the scenario changed (see ``read_allocation``); a workbook must still match."""
    path = plan_file(path)
    if is_workbook(path):
        return read_plan_workbook(path, scenario)
    rows = read_allocation(path, scenario, earlier)
    notes = "".join(f" {note}" for note in draft_week_notes(path, scenario))
    return rows, f"Read {path.name}.{notes}"
