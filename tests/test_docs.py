"""The README: its set-up commands, that .ci/run runs its test command, and the format reference."""

from __future__ import annotations

import re

import pytest

from scheduler.cli import main
from scheduler.scenario.files.preferences import COLUMNS as PREFERENCE_COLUMNS
from scheduler.scenario.files.tables import column_names
from scheduler.scenario.files.workbook import SETTINGS_KEYS
from scheduler.scenario.models import (
    Criterion,
    Period,
    Pin,
    Policy,
    Settings,
    Skill,
    Student,
    Task,
    TasksPerStudent,
    Teacher,
    Unit,
)
from scheduler.scenario.variants.variant import VARIANT_KEYS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"^    (python3 -m venv .+)$", README, flags=re.MULTILINE)
DOC = {p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))}


def test_readme_opens_with_the_two_setup_commands():
    assert len(COMMANDS) >= 2
    install_and_run, install_and_test = COMMANDS[:2]
    assert "pip install -e ." in install_and_run and "scheduler " in install_and_run
    assert "pip install -e '.[test]'" in install_and_test and install_and_test.endswith("pytest")
    assert README.index(install_and_run) < README.index("## ")


def test_ci_runs_the_readme_test_command_exactly():
    assert COMMANDS[1] in (ROOT / ".ci" / "run").read_text()


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_in_the_readme(name):
    assert f"scheduler {name}" in README + DOC["commands"]


def test_the_readme_links_every_doc_and_stays_short():
    for name in DOC:
        assert f"(docs/{name}.md)" in README
    assert len(README.splitlines()) < 150


@pytest.mark.parametrize(
    "column",
    sorted(
        {c for model in (Task, Student, Teacher, Pin) for c in column_names(model)}
        | set(PREFERENCE_COLUMNS)
    ),
)
def test_every_column_is_documented(column):
    assert f"| `{column}` |" in DOC["format"]


NESTED = {
    "periods": (Period, "[]."),
    "criteria": (Criterion, "[]."),
    "units": (Unit, "[]."),
    "skills": (Skill, "[]."),
    "policy": (Policy, "."),
    "tasks_per_student": (TasksPerStudent, "."),
}


def settings_keys(model, prefix=""):
    """Every leaf key of scenario.yaml, such as ``policy.tasks_per_student.min``."""
    for name in model.model_fields:
        if name in NESTED:
            inner, joint = NESTED[name]
            yield from settings_keys(inner, prefix + name + joint)
        else:
            yield prefix + name


@pytest.mark.parametrize("key", sorted(settings_keys(Settings)))
def test_every_settings_key_is_documented(key):
    assert f"| `{key}` |" in DOC["format"]


@pytest.mark.parametrize("key", SETTINGS_KEYS)
def test_every_workbook_settings_key_is_documented(key):
    assert f"| `{key}` |" in DOC["format"]


@pytest.mark.parametrize("sheet", ["settings", "criteria", "periods", "units", "skills", "pins"])
def test_every_workbook_sheet_is_documented(sheet):
    assert f"`{sheet}`" in DOC["format"].split("## A scenario as one workbook")[1]


@pytest.mark.parametrize("key", VARIANT_KEYS)
def test_every_variant_key_is_documented(key):
    assert f"| `{key}` |" in DOC["what-if"]
