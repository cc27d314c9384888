"""Write a plan's allocation.csv and plan.xlsx without ever leaving half a file."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from scheduler.exceptions import OutputTaken, SchedulerError
from scheduler.export.workbook import plan_workbook
from scheduler.plan import Plan, allocation_text
from scheduler.plan.record import RECORD, PlanRecord, edited_files
from scheduler.scenario import Scenario
from scheduler.scenario.files.write import write_files_atomically

PLAN_FILES = ("allocation.csv", "plan.xlsx", RECORD)


def free_out(out: str | Path, overwrite: bool = False, force: bool = False) -> None:
    """Refuse, before any work is done, a plan folder that cannot be written: a file, a folder
    holding a plan without ``overwrite``, or an edited plan without ``force``."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise SchedulerError(f"{out} is a file; give a folder for the plan")
    if any(parent.exists() and not parent.is_dir() for parent in out.parents):
        raise SchedulerError(f"{out} is inside a file, not a folder; give a folder for the plan")
    taken = [out / name for name in PLAN_FILES if (out / name).exists()]
    if taken and not overwrite:
        names = ", ".join(p.name for p in taken)
        raise OutputTaken(
            f"{out} already holds {names}; choose another --out folder, or add --overwrite",
            "--overwrite",
        )
    edited = edited_files(out) if taken else []
    if edited and not force:
        raise OutputTaken(
            f"{out / edited[0]} was changed after scheduler wrote it: someone may have edited "
            "the plan, and replacing it would lose their changes. Choose another --out folder, "
            "or add --force to replace it anyway",
            "--force",
        )


def write_plan(
    scenario: Scenario,
    plan: Plan,
    out: str | Path,
    overwrite: bool = False,
    record: PlanRecord | None = None,
    force: bool = False,
) -> list[Path]:
    """Write ``out/allocation.csv`` and ``out/plan.xlsx`` (and ``out/plan.yaml``, what made the
    plan with each file's hash, when ``record`` is given). Refuse to replace a plan unless
    ``overwrite``, and one whose files were edited since they were written unless ``force``."""
    out = Path(out)
    free_out(out, overwrite, force)
    out.mkdir(parents=True, exist_ok=True)
    workbook = io.BytesIO()
    plan_workbook(scenario, plan).save(workbook)
    contents = {
        "allocation.csv": allocation_text(plan, scenario).encode(),
        "plan.xlsx": workbook.getvalue(),
    }
    if record is not None:
        hashes = {name: hashlib.sha256(data).hexdigest() for name, data in contents.items()}
        contents[RECORD] = record.model_copy(update={"files": hashes}).text().encode()
    return write_files_atomically({out / name: data for name, data in contents.items()})
