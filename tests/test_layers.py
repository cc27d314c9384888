"""Each layer imports only the layers before it, or its own.

scenario, then plan (plain data the model fills in), then model and check side by side
(the checker must never import the model), then report and export, explore (many solves
in parallel), jobs, the local page (web), cli (which can start the page), and launch (the
entry point).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "scheduler"
LEVEL = {
    "exceptions": 0,
    "words": 0,
    "scenario": 1,
    "plan": 2,
    "model": 3,
    "check": 3,
    "report": 4,
    "export": 4,
    "explore": 5,
    "jobs": 6,
    "web": 7,
    "cli": 8,
    "launch": 9,
}
APART = {("check", "model"), ("model", "check")}


def layer_of(path: Path) -> str | None:
    part = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    return part if part in LEVEL else None


def imported_layers(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("scheduler.")
        ):
            names.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            names.update(
                a.name.split(".")[1] for a in node.names if a.name.startswith("scheduler.")
            )
    return {n for n in names if n in LEVEL}


FILES = [p for p in PACKAGE.rglob("*.py") if layer_of(p)]


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(PACKAGE)) for p in FILES])
def test_imports_only_earlier_layers(path):
    mine = layer_of(path)
    for other in imported_layers(path):
        assert LEVEL[other] <= LEVEL[mine], f"{path.name} ({mine}) imports {other}, a later layer"
        assert (mine, other) not in APART, f"{path.name}: the checker and the model share no code"


MODEL = PACKAGE / "model"
RULES_FILES = sorted((MODEL / "rules").glob("*.py"))


def test_the_models_parts_are_found():
    assert {p.name for p in RULES_FILES} >= {"variables.py", "constraints.py", "objective.py"}


@pytest.mark.parametrize("path", RULES_FILES, ids=[p.name for p in RULES_FILES])
def test_the_models_rules_come_before_its_search(path):
    """scheduler/model/rules makes the model and imports nothing of how it is searched
    (scheduler/model/search) or of the model's entries (solve, school, explain)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("scheduler.model"):
            assert node.module.startswith("scheduler.model.rules"), f"{path.name}: {node.module}"
