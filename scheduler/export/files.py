"""Write a plan's allocation.csv and plan.xlsx without ever leaving half a file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scheduler.exceptions import SchedulerError
from scheduler.plan import Plan, allocation_text
from scheduler.report.plan import (
    allocation_frame,
    coverage_frame,
    satisfaction,
    students_frame,
    tasks_frame,
    teacher_load_frame,
)
from scheduler.scenario import Scenario

PLAN_FILES = ("allocation.csv", "plan.xlsx")


def write_plan(
    scenario: Scenario, plan: Plan, out: str | Path, overwrite: bool = False
) -> list[Path]:
    """Write ``out/allocation.csv`` and ``out/plan.xlsx``; refuse to replace them unless asked."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise SchedulerError(f"{out} is a file; give a folder for the plan")
    taken = [out / name for name in PLAN_FILES if (out / name).exists()]
    if taken and not overwrite:
        names = ", ".join(p.name for p in taken)
        raise SchedulerError(
            f"{out} already holds {names}; choose another --out folder, or add --overwrite"
        )
    out.mkdir(parents=True, exist_ok=True)
    csv_path = write_atomically(
        out / "allocation.csv", lambda p: p.write_text(allocation_text(plan), encoding="utf-8")
    )
    xlsx_path = write_atomically(out / "plan.xlsx", lambda p: write_workbook(scenario, plan, p))
    return [csv_path, xlsx_path]


def summary_frame(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    happy = satisfaction(scenario, plan)
    rows = [
        ("scenario", scenario.settings.name),
        ("status", str(plan.status)),
        ("objective", plan.objective),
        ("worst rank", plan.worst_rank),
        ("total rank", plan.total_rank),
        ("best bound", "" if plan.best_bound is None else plan.best_bound),
        ("search seconds", round(plan.seconds, 1)),
        ("students", happy["students"]),
        ("got their first choice", happy["first choice"]),
        ("got only tasks from their top three", happy["only top three"]),
        ("worst-off student", happy["worst-off student"]),
        ("worst-off student's ranks", ", ".join(map(str, happy["worst-off ranks"]))),
        ("mean rank of a chosen task", round(happy["mean rank"], 2)),
    ]
    return pd.DataFrame(rows, columns=["what", "value"])


def write_workbook(scenario: Scenario, plan: Plan, path: Path) -> None:
    """plan.xlsx: a summary, then one sheet each for students, tasks, teachers, coverage."""
    sheets = {
        "Summary": summary_frame(scenario, plan),
        "Students": students_frame(scenario, plan),
        "Tasks": tasks_frame(scenario, plan),
        "Teacher load": teacher_load_frame(scenario, plan),
        "Criteria coverage": coverage_frame(scenario, plan),
        "Allocation": allocation_frame(plan),
    }
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes = "A2"
            for column in sheet.columns:
                width = max(len(str(cell.value or "")) for cell in column)
                sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)
