"""Apply a variant's edits to a scenario, then load the result like any scenario.

The scenario's tables are edited as text, so the edited scenario passes every check of a
scenario read from files; a problem is said at the edit (variant key or option) that caused
it, or, for a row the variant did not touch, as what the variant's changes left behind.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import pandas as pd

from scheduler.exceptions import Problem, ScenarioError
from scheduler.scenario.cells import lower_word
from scheduler.scenario.files.load import TABLE_COLUMNS, load_parts
from scheduler.scenario.files.tables import table_from_records
from scheduler.scenario.files.write import scenario_tables
from scheduler.scenario.files.yamlfile import validate_settings
from scheduler.scenario.models import Scenario
from scheduler.scenario.validation.messages import unknown_key
from scheduler.scenario.variants.variant import COMMAND_LINE, Edit, Variant, cell_text

ID_COLUMN = {"tasks": "task_id", "teachers": "teacher_id", "students": "student_id"}
ITEM_WORDS = {
    "criteria": ("criterion", "criteria"),
    "units": ("unit", "units"),
    "skills": ("skill", "skills"),
}


def apply_variant(scenario: Scenario, variant: Variant) -> Scenario:
    """``scenario`` with ``variant``'s edits; raise ScenarioError naming each bad edit."""
    if not variant.edits:
        return scenario
    work = Workspace.of(scenario)
    problems = [p for edit in variant.edits for p in work.apply(edit)]
    try:
        scenario = work.load(variant)
    except ScenarioError as error:
        raise ScenarioError(problems + error.problems) from None
    if problems:
        raise ScenarioError(problems)
    return scenario


@dataclass
class Row:
    cells: dict[str, str]
    edit: Edit | None = None  # the edit that added or last changed the row


@dataclass
class Workspace:
    """The scenario's settings as plain data and its tables as rows of text, being edited."""

    settings: dict
    headers: dict[str, list[str]]
    rows: dict[str, list[Row]]
    settings_edits: dict[tuple, Edit] = field(default_factory=dict)
    made: dict[tuple, Edit] = field(default_factory=dict)  # drops and pins, by what they name

    @classmethod
    def of(cls, scenario: Scenario) -> Workspace:
        tables = scenario_tables(scenario, every_column=True)
        rows = {
            name: [Row(dict(zip(header, map(cell_text, row), strict=True))) for row in body]
            for name, (header, body) in tables.items()
        }
        headers = {name: header for name, (header, _) in tables.items()}
        settings = scenario.settings.model_dump(mode="json", by_alias=True)
        return cls(settings, headers, rows)

    def apply(self, edit: Edit) -> list[Problem]:
        """Make one edit; the problems that stop it (an unknown id or column, say)."""
        return getattr(self, f"_{edit.what}")(edit)

    # --- one method per kind of edit ----------------------------------------------------------

    def _drop_task(self, edit: Edit) -> list[Problem]:
        (task,) = edit.target
        if self._made_before(("drop task", task), edit):  # dropped twice: once is enough
            return []
        missing = self._unknown("tasks", task, edit)
        if missing:
            return missing
        self._remove("tasks", lambda c: c["task_id"] == task)
        self._remove("preferences", lambda c: c["task_id"] == task)
        self._remove("pins", lambda c: c["task_id"] == task)
        return []

    def _add_task(self, edit: Edit) -> list[Problem]:
        (task,) = edit.target
        values = dict(edit.values)
        like = cell_text(values.pop("like", None))
        if not task:
            return [Problem(*edit.where[:2], edit.where[2], "a new task needs a task_id")]
        if self._find("tasks", task):
            text = f"task {task} is already on the menu; to change it, use tasks: {task}: {{...}}"
            return [Problem(*edit.where, text)]
        if like and not self._find("tasks", like):
            return self._unknown("tasks", like, edit)
        cells = (
            dict(self._find("tasks", like).cells)
            if like
            else dict.fromkeys(self.headers["tasks"], "")
        )
        cells |= {"task_id": task, "title": f"{cells['title']} ({task})" if like else ""}
        problems = self._set_cells("tasks", cells, values, edit)
        self.rows["tasks"].append(Row(cells, edit))
        if like:  # a second session of a task: students want it as they wanted the first
            copies = [
                dict(r.cells, task_id=task)
                for r in self.rows["preferences"]
                if r.cells["task_id"] == like
            ]
            self.rows["preferences"] += [Row(c, edit) for c in copies]
        return problems

    def _task(self, edit: Edit) -> list[Problem]:
        return self._change("tasks", edit)

    def _teacher(self, edit: Edit) -> list[Problem]:
        return self._change("teachers", edit)

    def _student(self, edit: Edit) -> list[Problem]:
        return self._change("students", edit)

    def _drop_student(self, edit: Edit) -> list[Problem]:
        (student,) = edit.target
        if self._made_before(("drop student", student), edit):
            return []
        missing = self._unknown("students", student, edit)
        if missing:
            return missing
        for table in ("students", "preferences", "pins"):
            self._remove(table, lambda c: c["student_id"] == student)
        self._remove("partners", lambda c: student in (c["student_id"], c["partner_id"]))
        return []

    def _pin(self, edit: Edit) -> list[Problem]:
        student, task = edit.target
        cells = {"student_id": student, "task_id": task, "rule": cell_text(edit.values.get("rule"))}
        first = self.made.setdefault(("pin", student, task), edit)
        if _rule(first) != _rule(edit):
            file, line, key = first.where
            earlier = key if file == COMMAND_LINE or line is None else f"{key} (line {line})"
            text = f"{student} is pinned to {task} as {cells['rule']} here and as "
            text += (
                f"{cell_text(first.values.get('rule'))} by {earlier}: keep the one that is meant"
            )
            return [Problem(*edit.where, text)]
        self._remove("pins", lambda c: (c["student_id"], c["task_id"]) == (student, task))
        self.rows["pins"].append(Row(cells, edit))
        return []

    def _unpin(self, edit: Edit) -> list[Problem]:
        pair = tuple(edit.target)
        if not self._remove("pins", lambda c: (c["student_id"], c["task_id"]) == pair):
            text = f"there is no pin for student {pair[0]} and task {pair[1]} to remove"
            return [Problem(*edit.where, text)]
        return []

    def _partner(self, edit: Edit) -> list[Problem]:
        """A partners.csv row (replacing any row of the same pair, either way round)."""
        pair = set(edit.target)
        wish = cell_text(edit.values.get("wish"))
        cells = {"student_id": edit.target[0], "partner_id": edit.target[1], "wish": wish}
        self._remove("partners", lambda c: {c["student_id"], c["partner_id"]} == pair)
        self.rows["partners"].append(Row(cells, edit))
        return []

    def _unpartner(self, edit: Edit) -> list[Problem]:
        pair = set(edit.target)
        if not self._remove("partners", lambda c: {c["student_id"], c["partner_id"]} == pair):
            text = f"there is no partners row for {edit.target[0]} and {edit.target[1]} to remove"
            return [Problem(*edit.where, text)]
        return []

    def _setting(self, edit: Edit) -> list[Problem]:
        path = edit.target
        value = edit.values["value"]
        if isinstance(value, str):
            value = value or None
        if path[0] in ITEM_WORDS:
            return self._item(path[0], path[1], path[2:], value, edit)
        holder = self.settings
        for key in path[:-1]:
            holder = holder.setdefault(key, {}) if isinstance(holder, dict) else {}
        holder[path[-1]] = value
        self.settings_edits[path] = edit
        return []

    def _item(self, items: str, item: str, keys: tuple, value, edit: Edit) -> list[Problem]:
        """Change one key of a criterion, unit or skill, found by its id."""
        ids = [c["id"] for c in self.settings.get(items, [])]
        if item not in ids:
            word, plural = ITEM_WORDS[items]
            known = f"the {plural} are {', '.join(ids)}" if ids else f"the scenario has no {plural}"
            return [Problem(*edit.where, f'"{item}" is not a {word}; {known}')]
        index = ids.index(item)
        self.settings[items][index][keys[0]] = value
        self.settings_edits[(items, index, keys[0])] = edit
        return []

    # --- rows -----------------------------------------------------------------------------

    def _change(self, table: str, edit: Edit) -> list[Problem]:
        (key,) = edit.target
        row = self._find(table, key)
        if row is None:
            return self._unknown(table, key, edit)
        row.edit = edit
        return self._set_cells(table, row.cells, edit.values, edit)

    def _set_cells(self, table: str, cells: dict, values: dict, edit: Edit) -> list[Problem]:
        columns = [c for c in self.headers[table] if c != ID_COLUMN[table]]
        problems = []
        for column, value in values.items():
            if column not in columns:
                problems.append(
                    Problem(*_at_column(edit.where, column), unknown_key(str(column), columns))
                )
            else:
                cells[column] = cell_text(value)
        return problems

    def _made_before(self, what: tuple, edit: Edit) -> bool:
        """Whether an earlier edit of the variant already made ``what`` (noting ``edit`` as
        making it if none did)."""
        return self.made.setdefault(what, edit) is not edit

    def _find(self, table: str, key: str) -> Row | None:
        column = ID_COLUMN[table]
        return next((r for r in self.rows[table] if r.cells[column] == key), None)

    def _unknown(self, table: str, key: str, edit: Edit) -> list[Problem]:
        if self._find(table, key):
            return []
        ids = [r.cells[ID_COLUMN[table]] for r in self.rows[table]]
        text = f'"{key}" is not in {table}.csv' + _close(key, ids)
        return [Problem(*edit.where, text)]

    def _remove(self, table: str, match) -> int:
        before = len(self.rows[table])
        self.rows[table] = [r for r in self.rows[table] if not match(r.cells)]
        return before - len(self.rows[table])

    # --- loading the result -----------------------------------------------------------------

    def load(self, variant: Variant) -> Scenario:
        """The edited scenario, through every check a scenario read from files passes."""
        tables = {}
        for name, columns in TABLE_COLUMNS.items():
            header = self.headers[name]
            records = [header, *([r.cells[c] for c in header] for r in self.rows[name])]
            frame = pd.DataFrame(records, index=range(1, len(records) + 1), dtype=str)
            tables[name] = table_from_records(f"{name}.csv", frame, columns)
        settings, problems = validate_settings(self.settings, self._place(variant))
        try:
            scenario, _ = load_parts(settings, problems, self._place(variant), tables)
        except ScenarioError as error:
            raise ScenarioError(self._relocated(error.errors, variant)) from None
        return scenario

    def _relocated(self, problems: list[Problem], variant: Variant) -> list[Problem]:
        """The problems said at the edits that caused them; problems in rows the variant
        did not touch are shown only when no edit is at fault (they follow from one)."""
        untouched = [p for p in problems if self._row_of(p) and not self._row_of(p).edit]
        at_edits = [p for p in problems if p not in untouched]
        return [self._relocate(p, variant) for p in at_edits or problems]

    def _row_of(self, problem: Problem) -> Row | None:
        rows = self.rows.get(problem.file.removesuffix(".csv"), [])
        index = (problem.row or 0) - 2
        return rows[index] if 0 <= index < len(rows) else None

    def _place(self, variant: Variant):
        def place(path: tuple) -> tuple:
            for end in range(len(path), 0, -1):
                edit = self.settings_edits.get(tuple(path[:end]))
                if edit:
                    return edit.where
            near = [e for key, e in self.settings_edits.items() if key[:2] == tuple(path[:2])]
            if len(path) > 2 and near:  # another key of the same criterion, unit or skill
                return near[-1].where
            return (variant.source, None, ".".join(map(str, path)))

        return place

    def _relocate(self, problem: Problem, variant: Variant) -> Problem:
        """Say a problem of the edited tables at the edit that caused it."""
        row = self._row_of(problem)
        if row is None:
            return problem
        if row.edit is not None:
            file, line, key = row.edit.where
            column = problem.column or ""
            if file != COMMAND_LINE and column in row.edit.values:
                return Problem(file, line, f"{key}.{column}", problem.message)
            return Problem(file, line, key, f"{column}: {problem.message}".lstrip(": "))
        what = ", ".join(f"{k} {v}" for k, v in row.cells.items() if k.endswith("_id"))
        column = f", column {problem.column}" if problem.column else ""
        text = f"after the variant's changes, {problem.file}'s row for {what}{column}: "
        return Problem(variant.source, None, None, text + problem.message)


def _rule(pin: Edit) -> object:
    """A pin's rule, as the pin is read (``Must`` is ``must``)."""
    return lower_word(cell_text(pin.values.get("rule")))


def _at_column(where: tuple, column: str) -> tuple:
    """Where an edit's ``column`` is: its key in a variant file (``tasks.T2.capasity``); on
    the command line, the option itself."""
    file, line, key = where
    return where if file == COMMAND_LINE else (file, line, f"{key}.{column}".lstrip("."))


def _close(key: str, ids: list[str]) -> str:
    guess = difflib.get_close_matches(key, ids, n=1)
    return f'. Did you mean "{guess[0]}"?' if guess else ""
