"""scheduler: personalised assessment plans for criterion-assessed courses.

The names below are imported when first used, so ``scheduler --help`` and the command's
Ctrl-C handling (``scheduler.launch``) start before pandas and OR-Tools are loaded.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_HOMES = {
    "Problem": "scheduler.exceptions",
    "ScenarioError": "scheduler.exceptions",
    "SchedulerError": "scheduler.exceptions",
    "Scenario": "scheduler.scenario",
    "load_scenario": "scheduler.scenario",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'scheduler' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
