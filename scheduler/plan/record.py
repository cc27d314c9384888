"""plan.yaml: what made a plan (its scenario, the variant applied, the solve's settings), so
`compare` can find each plan's scenario again."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from scheduler.exceptions import Problem, ScenarioError
from scheduler.scenario.variant import Variant, variant_data, variant_from_data

RECORD = "plan.yaml"


class PlanRecord(BaseModel):
    """What made a plan. Keys a later version adds are ignored when read."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    scenario: str  # the scenario's path, as given (absolute)
    variant: dict | None = None  # the variant's edits (scheduler.scenario.variant)
    objective: str = "fair"
    status: str = ""
    time_limit: float | None = None
    seed: int | None = None
    workers: int | None = None
    kept_from: str | None = None  # the plan kept to (`solve --keep`)
    scheduler: str = ""  # the version that wrote it

    @classmethod
    def of(cls, scenario: str | Path, variant: Variant | None = None, **settings) -> PlanRecord:
        data = variant_data(variant) if variant and variant.edits else None
        return cls(scenario=str(Path(scenario).resolve()), variant=data, **settings)

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
