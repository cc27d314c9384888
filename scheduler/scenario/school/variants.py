"""Variants of a school: the school's cap or no-deadline weeks changed, and any subject
changed as a subject's variant changes it (FORMAT.md's variant keys, under the subject).

    name: Cap 3, a later lab
    max_deadlines_per_week: 3
    subjects:
      sciences:
        tasks: {S01: {due_week: 5-7}}

On the command line: ``--set school.max_deadlines_per_week=3``, ``--set
school.no_deadline_weeks=7``, ``--set sciences:task.S01.due_week=5-7``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from scheduler.exceptions import Problem, ScenarioError
from scheduler.scenario.files.yamlfile import key_lines, key_name, line_of, validate_settings
from scheduler.scenario.school.models import School, SchoolSettings
from scheduler.scenario.variants.edit import apply_variant
from scheduler.scenario.variants.variant import (
    COMMAND_LINE,
    Variant,
    VariantFile,
    file_edits,
    file_problem,
    set_edit,
)

SCHOOL_SETTINGS = ("max_deadlines_per_week", "no_deadline_weeks")


@dataclass(frozen=True)
class SchoolVariant:
    """A named change to a school: its settings, and a variant for each subject it changes."""

    name: str
    settings: dict[str, Any] = field(default_factory=dict)
    subjects: dict[str, Variant] = field(default_factory=dict)
    source: str = COMMAND_LINE

    def describe(self) -> str:
        """The changes in a few words: ``cap 3; sciences: S01 due_week 5-7``."""
        parts = [f"{_short(k)} {v}" for k, v in self.settings.items()]
        parts += [f"{name}: {v.describe()}" for name, v in self.subjects.items()]
        return "; ".join(parts) or "no changes"


def _short(key: str) -> str:
    return {"max_deadlines_per_week": "cap"}.get(key, key)


class SchoolVariantFile(BaseModel):
    """What a school's variant file may hold; unknown keys are refused."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    max_deadlines_per_week: Any = None
    no_deadline_weeks: Any = None
    subjects: dict[str, dict[str, Any]] = {}


def read_school_variant(path: str | Path) -> SchoolVariant:
    """Read a school's variant file; raise ScenarioError naming the line and key of every
    problem."""
    path = Path(path)
    file = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text) or {}
    except FileNotFoundError:
        raise ScenarioError(
            [Problem(file, None, None, "the variant file does not exist")]
        ) from None
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        text = f"this is not a readable YAML file ({type(error).__name__}); check it"
        raise ScenarioError([Problem(file, None, None, text)]) from None
    if not isinstance(data, dict):
        raise ScenarioError(
            [Problem(file, 1, None, "a school's variant holds keys such as subjects:")]
        )
    lines = key_lines(node)
    try:
        parsed = SchoolVariantFile.model_validate(data)
    except ValidationError as error:
        problems = [_problem(file, lines, item) for item in error.errors()]
        raise ScenarioError(problems) from None
    subjects, problems = {}, []
    for name, keys in parsed.subjects.items():
        try:
            inner = VariantFile.model_validate(keys)
        except ValidationError as error:
            problems += [file_problem(file, lines, i, ("subjects", name)) for i in error.errors()]
            continue
        edits = tuple(file_edits(inner, file, lines, ("subjects", name)))
        subjects[name] = Variant(f"{name}", edits, file, str(path))
    if problems:
        raise ScenarioError(problems)
    settings = {k: getattr(parsed, k) for k in SCHOOL_SETTINGS if getattr(parsed, k) is not None}
    return SchoolVariant(parsed.name or path.stem, settings, subjects, file)


def _problem(file: str, lines, item: dict) -> Problem:
    path = tuple(item["loc"])
    text = (
        f'"{path[-1]}" is not a key of a school\'s variant; use name, max_deadlines_per_week, '
        "no_deadline_weeks or subjects (each subject with the keys of a variant file)"
        if item["type"] == "extra_forbidden"
        else f"{item['msg']}"
    )
    return Problem(file, line_of(lines, path), key_name(path), text)


def school_option_variant(sets: tuple[str, ...] = (), name: str | None = None) -> SchoolVariant:
    """A school's variant from ``--set school.KEY=VALUE`` and ``--set SUBJECT:KEY=VALUE``."""
    settings: dict[str, Any] = {}
    subjects: dict[str, list] = {}
    for text in sets:
        key, _, value = text.partition("=")
        if key.strip().startswith("school."):
            setting = key.strip().removeprefix("school.")
            if setting not in SCHOOL_SETTINGS:
                raise _set_error(text)
            settings[setting] = value.strip()
            continue
        subject, colon, rest = text.partition(":")
        if not colon or not subject.strip():
            raise _set_error(text)
        subjects.setdefault(subject.strip(), []).append(set_edit(rest))
    variants = {s: Variant(s, tuple(edits)) for s, edits in subjects.items()}
    made = SchoolVariant("", settings, variants)
    return SchoolVariant(name or made.describe(), settings, variants)


def _set_error(text: str) -> ScenarioError:
    help_text = (
        "for a school, write school.max_deadlines_per_week=N, school.no_deadline_weeks=W, or "
        "SUBJECT:KEY=VALUE with KEY as for one subject (such as sciences:task.S01.due_week=5-7)"
    )
    return ScenarioError([Problem(COMMAND_LINE, None, f"--set {text}", help_text)])


def apply_school_variant(school: School, variant: SchoolVariant) -> School:
    """``school`` with ``variant``'s changes; raise ScenarioError naming each bad one: a
    subject the school does not have, a bad setting, a subject's bad edit, or a teacher whose
    minutes or weeks the change leaves differing between subjects."""
    problems = []
    unknown = [name for name in variant.subjects if name not in school.subjects]
    for name in unknown:
        known = ", ".join(school.subjects)
        text = f'"{name}" is not a subject of the school; use one of {known}'
        problems.append(Problem(variant.source, None, f"subjects.{name}", text))
    data = school.settings.model_dump()
    if "no_deadline_weeks" in variant.settings:
        data["no_deadline_weeks"] = variant.settings["no_deadline_weeks"]
    if "max_deadlines_per_week" in variant.settings:
        cap = variant.settings["max_deadlines_per_week"]
        data["policy"] = {**data["policy"], "max_deadlines_per_week": cap}
    settings, bad = validate_settings(
        data, lambda path: (variant.source, None, key_name(path)), SchoolSettings
    )
    problems += bad
    subjects = dict(school.subjects)
    for name, subject_variant in variant.subjects.items():
        if name in subjects:
            try:
                subjects[name] = apply_variant(subjects[name], subject_variant)
            except ScenarioError as error:
                problems += [_in_subject(p, name) for p in error.problems]
    if problems:
        raise ScenarioError(problems)
    changed = School(settings=settings, subjects=subjects)
    disagreeing = _teachers_apart(changed)
    if disagreeing:
        raise ScenarioError([Problem(variant.source, None, None, t) for t in disagreeing])
    return changed


def _in_subject(problem: Problem, subject: str) -> Problem:
    return Problem(
        problem.file, problem.row, problem.column, f"{subject}: {problem.message}", problem.warning
    )


def _teachers_apart(school: School) -> list[str]:
    """Teachers of several subjects whose minutes or unavailable weeks now differ."""
    found = []
    for teacher_id in school.shared_teachers():
        rows = {
            name: next(t for t in school.subjects[name].teachers if t.teacher_id == teacher_id)
            for name in school.subjects_of_teacher(teacher_id)
        }
        figures = {(t.weekly_marking_minutes, t.unavailable_weeks) for t in rows.values()}
        if len(figures) > 1:
            each = ", ".join(
                f"{t.weekly_marking_minutes} minutes in {name}" for name, t in rows.items()
            )
            found.append(
                f"the variant leaves {teacher_id}, who teaches in several subjects, with "
                f"{each}: change the teacher in every subject"
            )
    return found
