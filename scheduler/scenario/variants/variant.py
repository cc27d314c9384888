"""Variants: small edits to a scenario (drop or add tasks, change a column, a teacher's
minutes, a policy value, pins) read from a YAML file or from command-line options.

A variant never copies the scenario's files. It edits the scenario's tables as text, and the
edited tables go through the same loading and checks as any scenario; a problem is then said
at the variant's key or option that caused it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from scheduler.exceptions import Problem, ScenarioError
from scheduler.scenario.files.yamlfile import key_lines, key_name, line_of
from scheduler.scenario.validation.messages import plain_words, unknown_key

COMMAND_LINE = "command line"
EDIT_KINDS = (
    "drop_task",
    "add_task",
    "task",
    "teacher",
    "student",
    "drop_student",
    "setting",
    "pin",
    "unpin",
    "partner",
    "unpartner",
)
# Where an edit is written: (file, line or None, key or option).
Where = tuple[str, int | None, str]


@dataclass(frozen=True)
class Edit:
    """One change: ``what`` is drop_task, add_task, task, teacher, student, drop_student,
    setting, pin or unpin; ``target`` the id (or key path) it changes; ``values`` its new cells."""

    what: str
    target: tuple
    values: dict[str, Any] = field(default_factory=dict)
    where: Where = (COMMAND_LINE, None, "")

    def __str__(self) -> str:
        return edit_text(self)


@dataclass(frozen=True)
class Variant:
    """A named list of edits to a scenario."""

    name: str
    edits: tuple[Edit, ...] = ()
    source: str = COMMAND_LINE  # the variant file's name, for messages
    path: str = ""  # the variant file, as given (empty for options and recorded variants)

    def describe(self) -> str:
        """The edits in a few words, e.g. ``drop S02; S03 capacity 60``."""
        return "; ".join(map(str, self.edits)) or "no changes"


def edit_text(edit: Edit) -> str:
    values = ", ".join(
        f"{'' if k == 'value' else k + ' '}{cell_text(v) or '(empty)'}"
        for k, v in edit.values.items()
    )
    target = ".".join(map(str, edit.target))
    return {
        "drop_task": f"drop {target}",
        "add_task": f"add {target}" + (f" ({values})" if values else ""),
        "drop_student": f"drop student {target}",
        "pin": f"pin {target} {edit.values.get('rule', '')}",
        "unpin": f"unpin {target}",
        "partner": f"partners {target} {edit.values.get('wish', '')}",
        "unpartner": f"no partners {target}",
    }.get(edit.what, f"{target} {values}".strip())


# --- reading a variant file ------------------------------------------------------------------


class VariantFile(BaseModel):
    """What a variant file may hold; unknown keys are refused."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    drop_tasks: list[str] = []
    add_tasks: list[dict[str, Any]] = []
    tasks: dict[str, dict[str, Any]] = {}
    teachers: dict[str, dict[str, Any]] = {}
    students: dict[str, dict[str, Any]] = {}
    drop_students: list[str] = []
    policy: dict[str, Any] = {}
    criteria: dict[str, dict[str, Any]] = {}
    units: dict[str, dict[str, Any]] = {}
    skills: dict[str, dict[str, Any]] = {}
    no_deadline_weeks: Any = None
    add_pins: list[dict[str, Any]] = []
    remove_pins: list[dict[str, Any]] = []
    add_partners: list[dict[str, Any]] = []
    remove_partners: list[dict[str, Any]] = []


VARIANT_KEYS = list(VariantFile.model_fields)


def read_variant(path: str | Path) -> Variant:
    """Read a variant file; raise ScenarioError naming the line and key of every problem."""
    path = Path(path)
    file = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except FileNotFoundError:
        raise _error(file, None, None, "the variant file does not exist") from None
    except UnicodeDecodeError:
        raise _error(file, None, None, "the file is not UTF-8 text. Save it as UTF-8") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        text = f"this is not valid YAML ({getattr(error, 'problem', error)}); check the indentation"
        raise _error(file, line, None, text) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _error(file, 1, None, "a variant holds keys such as drop_tasks: [S02]")
    if isinstance(data.get("variant"), dict) and "scenario" in data:  # a plan's plan.yaml
        return replace(variant_from_data(data["variant"], file), path=str(path))
    lines = key_lines(node)
    try:
        parsed = VariantFile.model_validate(data)
    except ValidationError as error:
        raise ScenarioError([file_problem(file, lines, item) for item in error.errors()]) from None
    return Variant(
        parsed.name or path.stem, tuple(file_edits(parsed, file, lines)), file, str(path)
    )


def _error(file: str, line: int | None, key: str | None, text: str) -> ScenarioError:
    return ScenarioError([Problem(file, line, key, text)])


def file_problem(file: str, lines, item: dict, prefix: tuple = ()) -> Problem:
    """One problem of a variant's keys (under ``prefix``, e.g. a school's subject), placed."""
    path = (*prefix, *item["loc"])
    if item["type"] == "extra_forbidden":
        text = unknown_key(str(path[-1]), VARIANT_KEYS)
    else:
        text = plain_words(item, item.get("input")) + f". {KEY_HELP.get(item['loc'][0], '')}"
    return Problem(file, line_of(lines, path), key_name(path), text.strip())


KEY_HELP = {
    "drop_tasks": "Give a list of task ids, such as [S02, S05]",
    "add_tasks": "Give a list of tasks, each such as {task_id: S09, like: S03}",
    "tasks": "Give task ids, each with the columns to change, such as S03: {capacity: 60}",
    "teachers": "Give teacher ids, each with the columns to change, such as OKA: "
    "{weekly_marking_minutes: 600}",
    "students": "Give student ids, each with the columns to change, such as 9A01: "
    "{away_weeks: [4, 5]}",
    "drop_students": "Give a list of student ids",
    "policy": "Give policy keys, such as max_deadlines_per_week: 2",
    "criteria": "Give criterion ids, each with the keys to change, such as A: {min_per_period: 1}",
    "units": "Give unit ids, each with the keys to change, such as U1: {min_tasks: 2}",
    "skills": "Give skill ids, each with the keys to change, such as LAB: {min_per_term: 1}",
    "add_pins": "Give a list of pins, each such as {student_id: 9A01, task_id: S02, rule: must}",
    "remove_pins": "Give a list of pins, each such as {student_id: 9A01, task_id: S02}",
    "add_partners": "Give a list of partners rows, each such as {student_id: 9A01, "
    "partner_id: 9A07, wish: with}",
    "remove_partners": "Give a list of partners rows, each such as {student_id: 9A01, "
    "partner_id: 9A07}",
}


def file_edits(parsed: VariantFile, file: str, lines, prefix: tuple = ()) -> list[Edit]:
    """The edits of a variant's keys (under ``prefix``, e.g. a school's subject), each placed
    at its line and key."""

    def where(*path) -> Where:
        path = (*prefix, *path)
        return (file, line_of(lines, path), key_name(path))

    edits = [
        Edit("drop_task", (t,), where=where("drop_tasks", i))
        for i, t in enumerate(parsed.drop_tasks)
    ]
    for i, row in enumerate(parsed.add_tasks):
        values = {k: v for k, v in row.items() if k != "task_id"}
        edits.append(
            Edit("add_task", (str(row.get("task_id", "")),), values, where("add_tasks", i))
        )
    for table in ("tasks", "teachers", "students"):
        for key, values in getattr(parsed, table).items():
            edits.append(Edit(table[:-1], (key,), values, where(table, key)))
    edits += _setting_edits(parsed.policy, ("policy",), where)
    for items in ("criteria", "units", "skills"):
        for key, values in getattr(parsed, items).items():
            edits += _setting_edits(values, (items, key), where)
    if parsed.no_deadline_weeks is not None:
        edits.append(
            Edit(
                "setting",
                ("no_deadline_weeks",),
                {"value": parsed.no_deadline_weeks},
                where("no_deadline_weeks"),
            )
        )
    edits += _pair_edits(parsed.add_pins, "pin", "add_pins", where)
    edits += _pair_edits(parsed.remove_pins, "unpin", "remove_pins", where)
    edits += _pair_edits(parsed.add_partners, "partner", "add_partners", where)
    edits += _pair_edits(parsed.remove_partners, "unpartner", "remove_partners", where)
    edits += [
        Edit("drop_student", (s,), where=where("drop_students", i))
        for i, s in enumerate(parsed.drop_students)
    ]
    return edits


def _setting_edits(values: dict, path: tuple, where) -> list[Edit]:
    edits = []
    for key, value in values.items():
        if isinstance(value, dict):
            edits += _setting_edits(value, (*path, key), where)
        else:
            edits.append(Edit("setting", (*path, key), {"value": value}, where(*path, key)))
    return edits


# Rows of a pair table a variant file adds or removes: (the pair's second column, the value
# an added row has), by the edit that adds or removes one.
PAIR_ROWS = {
    "pin": ("task_id", "rule"),
    "unpin": ("task_id", None),
    "partner": ("partner_id", "wish"),
    "unpartner": ("partner_id", None),
}


def _pair_edits(rows: list[dict], what: str, key: str, where) -> list[Edit]:
    """Pins or partners rows to add or remove: each (student_id, its pair) and, when added,
    its rule or wish."""
    second, value = PAIR_ROWS[what]
    edits = []
    for i, row in enumerate(rows):
        target = (str(row.get("student_id", "")), str(row.get(second, "")))
        values = {value: row.get(value, "")} if value else {}
        edits.append(Edit(what, target, values, where(key, i)))
    return edits


# --- the same edits as command-line options --------------------------------------------------


def option_variant(
    drop: tuple[str, ...] = (),
    sets: tuple[str, ...] = (),
    add: tuple[str, ...] = (),
    pins: tuple[str, ...] = (),
    unpins: tuple[str, ...] = (),
    drop_students: tuple[str, ...] = (),
    name: str | None = None,
) -> Variant:
    """A variant from ``--drop T``, ``--set KEY=VALUE``, ``--add-task NEW=LIKE``,
    ``--pin STUDENT:TASK:RULE``, ``--unpin STUDENT:TASK`` and ``--drop-student S``."""
    edits = [Edit("drop_task", (t.strip(),), where=_option("drop", t)) for t in drop]
    edits += [_add_edit(text) for text in add]
    edits += [set_edit(text) for text in sets]
    edits += [_pin_option(text, "pin") for text in pins]
    edits += [_pin_option(text, "unpin") for text in unpins]
    edits += [
        Edit("drop_student", (s.strip(),), where=_option("drop-student", s)) for s in drop_students
    ]
    return Variant(name or "; ".join(map(str, edits)) or "baseline", tuple(edits))


def _option(name: str, text: str) -> Where:
    return (COMMAND_LINE, None, f"--{name} {text}")


SET_KEYS = {
    "task": "task",
    "tasks": "task",
    "teacher": "teacher",
    "teachers": "teacher",
    "student": "student",
    "students": "student",
    "criterion": "criteria",
    "criteria": "criteria",
    "unit": "units",
    "units": "units",
    "skill": "skills",
    "skills": "skills",
    "policy": "policy",
    "no_deadline_weeks": "no_deadline_weeks",
}
SET_HELP = (
    "Write KEY=VALUE with KEY one of task.ID.COLUMN, teacher.ID.COLUMN, student.ID.COLUMN "
    "(such as student.9A01.away_weeks), criterion.ID.KEY, "
    "unit.ID.KEY (such as unit.U1.min_tasks), skill.ID.KEY (such as skill.LAB.min_per_term), "
    "policy.KEY (such as policy.max_deadlines_per_week or policy.tasks_per_student.max) or "
    "no_deadline_weeks"
)


def set_edit(text: str) -> Edit:
    """The edit of one ``--set KEY=VALUE``."""
    where = _option("set", text)
    key, equals, value = text.partition("=")
    parts = [p.strip() for p in key.strip().split(".")]
    kind = SET_KEYS.get(parts[0])
    if not equals or kind is None or not all(parts):
        raise _option_error(where, SET_HELP)
    if kind in ("task", "teacher", "student"):
        if len(parts) != 3:
            raise _option_error(where, SET_HELP)
        return Edit(kind, (parts[1],), {parts[2]: value.strip()}, where)
    lists = ("criteria", "units", "skills")
    wanted = {"policy": (2, 3), "no_deadline_weeks": (1,)}.get(kind, (3,))
    if len(parts) not in wanted:
        raise _option_error(where, SET_HELP)
    path = (kind, *parts[1:]) if kind in lists else tuple(parts)
    return Edit("setting", path, {"value": value.strip()}, where)


def _add_edit(text: str) -> Edit:
    where = _option("add-task", text)
    new, equals, like = (p.strip() for p in text.partition("="))
    if not new or not equals or not like:
        raise _option_error(where, "write NEW=LIKE, e.g. --add-task S09=S03 for a copy of S03")
    return Edit("add_task", (new,), {"like": like}, where)


def _pin_option(text: str, what: str) -> Edit:
    where = _option(what, text)
    parts = [p.strip() for p in text.split(":")]
    wanted = 3 if what == "pin" else 2
    if len(parts) != wanted or not all(parts):
        form = "STUDENT:TASK:must (or never)" if what == "pin" else "STUDENT:TASK"
        raise _option_error(where, f"write {form}")
    values = {"rule": parts[2]} if what == "pin" else {}
    return Edit(what, (parts[0], parts[1]), values, where)


def _option_error(where: Where, text: str) -> ScenarioError:
    return ScenarioError([Problem(*where, text)])


def cell_text(value: Any) -> str:
    """A variant's value as a table cell: lists joined with ;, booleans as yes or no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ";".join(cell_text(v) for v in value)
    return str(value).strip()


# --- a variant recorded with its plan ---------------------------------------------------------


def variant_data(variant: Variant) -> dict:
    """The variant as plain data (for plan.yaml)."""
    edits = [
        {"what": e.what, "target": list(e.target), "values": dict(e.values)} for e in variant.edits
    ]
    return {"name": variant.name, "edits": edits}


def variant_from_data(data: dict, source: str) -> Variant:
    """The variant ``variant_data`` wrote; raise ScenarioError when it cannot be read."""
    try:
        edits = tuple(
            Edit(
                e["what"],
                tuple(e["target"]),
                dict(e.get("values") or {}),
                (source, None, "variant"),
            )
            for e in data["edits"]
        )
        if any(e.what not in EDIT_KINDS for e in edits):
            raise TypeError("an unknown kind of edit")
        return Variant(str(data["name"]), edits, source)
    except (KeyError, TypeError) as error:
        raise _error(
            source, None, "variant", f"the recorded variant cannot be read ({error})"
        ) from None


# --- a variant written as a variant file -----------------------------------------------------

# The key of a variant file that holds each pair edit's rows (the inverse of PAIR_ROWS' use).
PAIR_KEYS = {"pin": "add_pins", "unpin": "remove_pins", "partner": "add_partners",
             "unpartner": "remove_partners"}  # fmt: skip


def variant_file_data(variant: Variant) -> dict:
    """The variant as a variant file's keys: what ``read_variant`` reads back as the same
    edits."""
    data: dict[str, Any] = {"name": variant.name}
    for e in variant.edits:
        if e.what == "drop_task":
            data.setdefault("drop_tasks", []).append(e.target[0])
        elif e.what == "drop_student":
            data.setdefault("drop_students", []).append(e.target[0])
        elif e.what == "add_task":
            data.setdefault("add_tasks", []).append({"task_id": e.target[0], **e.values})
        elif e.what in ("task", "teacher", "student"):
            data.setdefault(f"{e.what}s", {}).setdefault(e.target[0], {}).update(e.values)
        elif e.what in PAIR_KEYS:
            second, _ = PAIR_ROWS[e.what]
            row = {"student_id": e.target[0], second: e.target[1], **e.values}
            data.setdefault(PAIR_KEYS[e.what], []).append(row)
        else:  # a setting: policy.KEY..., criteria.ID.KEY, no_deadline_weeks
            *path, last = e.target
            place = data
            for part in path:
                place = place.setdefault(part, {})
            place[last] = e.values["value"]
    return data


def variant_file_text(variant: Variant) -> str:
    """The variant as the text of a variant file (YAML)."""
    return yaml.safe_dump(variant_file_data(variant), sort_keys=False, allow_unicode=True)
