"""whatif.xlsx: the comparison, the students each variant moves, and each plan's students."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from scheduler.exceptions import OutputTaken, SchedulerError
from scheduler.export.files import PLAN_FILES, write_plan
from scheduler.export.workbook import frame_sheet
from scheduler.plan.record import PlanRecord, edited_files
from scheduler.report.compare import CHANGE_COLUMNS, Outcome, changes_frame, comparison_frame
from scheduler.report.plan import students_frame
from scheduler.scenario.files.write import write_atomically


def comparison_workbook(
    outcomes: list[Outcome], extra: dict[str, pd.DataFrame] | None = None
) -> Workbook:
    """Sheets: Comparison, Changed students, then each found plan's Students sheet."""
    book = Workbook()
    book.active.title = "Comparison"
    frame_sheet(book.active, comparison_frame(outcomes))
    for title, frame in (extra or {}).items():
        frame_sheet(book.create_sheet(title), frame)
    frame_sheet(book.create_sheet("Changed students"), _changed(outcomes))
    for name, outcome in zip(sheet_names([o.name for o in outcomes]), outcomes, strict=True):
        if outcome.plan.found:
            frame_sheet(book.create_sheet(name), students_frame(outcome.scenario, outcome.plan))
    return book


def _changed(outcomes: list[Outcome]) -> pd.DataFrame:
    base = outcomes[0]
    frames = [
        changes_frame(o.scenario, base.plan, o.plan).assign(variant=o.name)
        for o in outcomes[1:]
        if o.plan.found and base.plan.found
    ]
    columns = ["variant", *CHANGE_COLUMNS]
    return pd.concat(frames)[columns] if frames else pd.DataFrame(columns=columns)


def sheet_names(names: list[str]) -> list[str]:
    """Names a workbook accepts: at most 31 characters, none of []:*?/\\, all different."""
    result: list[str] = []
    for name in names:
        base = re.sub(r"[\[\]:*?/\\]", "-", name).strip("'")[:28] or "plan"
        candidate, n = base, 2
        while candidate.lower() in {r.lower() for r in result} or candidate.lower() in RESERVED:
            candidate, n = f"{base} {n}", n + 1
        result.append(candidate)
    return result


RESERVED = {"comparison", "changed students", "history"}


def folder_names(names: list[str]) -> list[str]:
    """A folder name for each plan, as a person would type it: lower case letters, digits,
    - and _ only, all different (``No poster`` -> ``no-poster``)."""
    result: list[str] = []
    for name in names:
        base = re.sub(r"[^\w-]+", "-", name.casefold()).strip("-")[:60] or "plan"
        candidate, n = base, 2
        while candidate.lower() in {r.lower() for r in result}:
            candidate, n = f"{base}-{n}", n + 1
        result.append(candidate)
    return result


def write_comparison(
    outcomes: list[Outcome],
    out: Path,
    records: list[PlanRecord],
    overwrite: bool = False,
    workbook: str = "whatif.xlsx",
    extra: dict[str, pd.DataFrame] | None = None,
) -> list[Path]:
    """``out/whatif.xlsx``, and each found plan in its own folder under ``out``."""
    target = out / workbook
    folders = folder_names([o.name for o in outcomes])
    free_comparison(out, folders, workbook, overwrite)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, outcome, record in zip(folders, outcomes, records, strict=True):
        if outcome.plan.found:
            write_plan(outcome.scenario, outcome.plan, out / name, True, record)
            written.append(out / name)
    book = comparison_workbook(outcomes, extra)
    written.insert(0, write_atomically(target, book.save))
    return written


def free_comparison(out: Path, folders: list[str], workbook: str, overwrite: bool) -> None:
    """Refuse, before anything is solved, to replace the comparison or its plans unless
    ``overwrite``, and ever to replace a plan someone edited."""
    if out.exists() and not out.is_dir():
        raise SchedulerError(f"{out} is a file; give a folder for the comparison")
    target = out / workbook
    taken = [target] if target.exists() else []
    taken += [out / f / n for f in folders for n in PLAN_FILES if (out / f / n).exists()]
    if taken and not overwrite:
        raise OutputTaken(
            f"{out} already holds {taken[0].relative_to(out)}; choose another --out folder, "
            "or add --overwrite",
            "--overwrite",
        )
    edited = [out / f / name for f in folders for name in edited_files(out / f)]
    if edited:
        raise SchedulerError(
            f"{edited[0]} was changed after scheduler wrote it: someone may have edited the "
            "plan, and replacing it would lose their changes. Choose another --out folder"
        )
