"""plan.yaml: what made a plan (its scenario and its content hash, the variant applied, the
solve's settings, the versions, the outcome), so that `compare` can find each plan's scenario,
`solve --reproduce` can run it again, and `solve` can tell that a plan's files were edited."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from scheduler.exceptions import Problem, ScenarioError
from scheduler.plan import Plan
from scheduler.scenario.files.fingerprint import file_hash, scenario_hash
from scheduler.scenario.variants.variant import Variant, variant_data, variant_from_data

RECORD = "plan.yaml"


class PlanRecord(BaseModel):
    """What made a plan. Keys a later version adds are ignored when read."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    scenario: str  # the scenario's path, as given (absolute)
    scenario_hash: str = ""  # SHA-256 of its files (scheduler.scenario.files.fingerprint)
    variant: dict | None = None  # the variant's edits (scheduler.scenario.variants.variant)
    objective: str = "fair"
    seed: int | None = None
    workers: int | None = None
    time_limit: float | None = None
    relax: dict[str, int] | None = None  # `--relax` weights
    kept_from: str | None = None  # the plan kept to (`solve --keep`)
    max_changes: int | None = None
    warnings: list[str] | None = None  # what reading the scenario warned of
    status: str = ""
    gap: float | None = None
    best_bound: float | None = None  # the least total rank any plan can have, proven
    bound_source: str | None = None  # which search proved it
    worst_rank: int | None = None
    total_rank: int | None = None
    scheduler: str = ""  # the versions that made it
    ortools: str = ""
    written: str = ""  # when, in UTC
    files: dict[str, str] = {}  # each file written -> its SHA-256 then

    @classmethod
    def of(cls, scenario: str | Path, variant: Variant | None = None, **settings) -> PlanRecord:
        """The record of a plan of ``scenario`` (with ``variant``), with this run's versions."""
        data = variant_data(variant) if variant and variant.edits else None
        return cls(
            scenario=str(Path(scenario).resolve()),
            scenario_hash=scenario_hash(scenario),
            variant=data,
            scheduler=version("scheduler"),
            ortools=version("ortools"),
            written=datetime.now(UTC).isoformat(timespec="seconds"),
            **settings,
        )

    def with_outcome(self, plan: Plan) -> PlanRecord:
        """The record with the plan's status, gap, bound and ranks."""
        gap = None if plan.gap is None else round(plan.gap, 6)
        return self.model_copy(
            update={
                "status": str(plan.status),
                "gap": gap,
                "best_bound": plan.best_bound,
                "bound_source": plan.bound_source,
                "worst_rank": plan.worst_rank,
                "total_rank": plan.total_rank,
            }
        )

    def text(self) -> str:
        return yaml.safe_dump(
            self.model_dump(exclude_none=True), sort_keys=False, allow_unicode=True
        )

    def the_variant(self) -> Variant | None:
        return None if self.variant is None else variant_from_data(self.variant, RECORD)


def read_record(folder: Path) -> PlanRecord | None:
    """The plan.yaml in ``folder``, or None when there is none."""
    path = folder / RECORD
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return PlanRecord.model_validate(data)
    except (yaml.YAMLError, UnicodeDecodeError, ValidationError) as error:
        text = f"this is not a plan record scheduler wrote ({type(error).__name__})"
        raise ScenarioError([Problem(str(path), None, None, text)]) from None


def version(package: str) -> str:
    try:
        return package_version(package)
    except PackageNotFoundError:
        return "unknown"


def edited_files(folder: Path) -> list[str]:
    """Files of the plan in ``folder`` changed since they were written (by its plan.yaml)."""
    record = read_record(folder)
    if record is None:
        return []
    return [
        name
        for name, digest in record.files.items()
        if (folder / name).is_file() and file_hash(folder / name) != digest
    ]
