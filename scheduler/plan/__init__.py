"""The solver-independent plan: who does which task, when it is due, who marks it.

A plan is plain data. The model fills one in; the checker reads one back from
``allocation.csv`` (or from a workbook) and never sees the model.
"""

from __future__ import annotations

import csv
import hashlib
import io
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from scheduler.exceptions import Problem, ScenarioError
from scheduler.scenario import Scenario
from scheduler.scenario.cells import spreadsheet_safe
from scheduler.scenario.files.tables import Table, read_table
from scheduler.scenario.validation.crosscheck import repeats

ALLOCATION_COLUMNS = ["student_id", "task_id", "due_week", "marker"]
# the columns read from an allocation.csv: version 1's, and version 2's where used
ALLOCATION_READ = dict.fromkeys(ALLOCATION_COLUMNS, True) | {"group": False, "draft_week": False}


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


class Assignment(NamedTuple):
    student_id: str
    task_id: str
    due_week: int
    marker: str
    group: str = ""  # for a group task, the group's id (unique within the task)


class Searched:
    """What a search's outcome says of itself (a plan's, or a school plan's): whether it found
    a plan, whether rules were bent, and how far the plan may be from the best."""

    @property
    def relaxed(self) -> bool:
        """Whether the plan was found with rules bent (``solve --relax``)."""
        return self.shortfall is not None

    @property
    def found(self) -> bool:
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)

    @property
    def gap(self) -> float | None:
        """Relative distance between the plan's total rank and the best bound."""
        if self.total_rank is None or self.best_bound is None:
            return None
        return max(0.0, self.total_rank - self.best_bound) / max(1, self.total_rank)


class Plan(Searched, BaseModel):
    """A term plan, with how the search for it went."""

    model_config = ConfigDict(frozen=True)

    status: Status
    assignments: tuple[Assignment, ...] = ()
    objective: str = "fair"
    worst_rank: int | None = None
    total_rank: int | None = None
    best_bound: float | None = None
    bound_source: str | None = None  # which search proved best_bound (its words)
    seconds: float = 0.0
    interrupted: bool = False
    shortfall: dict[str, int] | None = None
    weights: dict[str, int] | None = None
    shortfall_bound: float | None = None  # the least weighted shortfall any plan can have
    first_plan_seconds: float | None = None  # when the search found its first plan

    def due_weeks(self) -> dict[str, int]:
        """The due week of every task that runs (for a task whose students have their own
        due weeks, the last of them: its moderation follows it)."""
        weeks: dict[str, int] = {}
        for a in self.assignments:
            weeks[a.task_id] = max(a.due_week, weeks.get(a.task_id, a.due_week))
        return weeks

    def pair_weeks(self) -> dict[tuple[str, str], int]:
        """(student_id, task_id) -> the week the student hands the task in."""
        return {(a.student_id, a.task_id): a.due_week for a in self.assignments}

    def tasks_of(self) -> dict[str, list[str]]:
        """student_id -> the task ids the student does."""
        tasks: dict[str, list[str]] = {}
        for a in self.assignments:
            tasks.setdefault(a.student_id, []).append(a.task_id)
        return tasks


def allocation_text(plan: Plan, scenario: Scenario | None = None) -> str:
    """``allocation.csv``: one row per (student, task) assignment; with ``draft_week`` too
    when the scenario has a task with a draft (FORMAT.md v2)."""
    drafts = scenario is not None and any(t.has_draft for t in scenario.tasks)
    groups = scenario is not None and any(t.in_groups for t in scenario.tasks)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ALLOCATION_COLUMNS + ["group"] * groups + ["draft_week"] * drafts)
    for a in plan.assignments:
        cells = list(a)[:4] + [a.group] * groups
        if drafts:
            k = scenario.task_by_id[a.task_id].draft_weeks
            cells.append(a.due_week - k if k else "")
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return out.getvalue()


def allocation_fingerprint(assignments) -> str:
    """A short hash of who does which task when: tells which copy of a plan was edited."""
    rows = sorted(
        f"{a.student_id}\t{a.task_id}\t{a.due_week}" + (f"\t{a.group}" if a.group else "")
        for a in assignments
    )
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]


def read_allocation(path: Path, scenario: Scenario, earlier: bool = False) -> list[Assignment]:
    """Read an ``allocation.csv`` for ``scenario``; raise ScenarioError on bad input.

    ``earlier``: the plan was made before the scenario changed, so students, tasks and
    teachers it names may have left it since (``solve --keep``).
    """
    table = read_table(path, ALLOCATION_READ)
    return allocation_rows(table, scenario, earlier)


def draft_week_notes(path: Path, scenario: Scenario) -> list[str]:
    """Rows of an allocation.csv whose ``draft_week`` is not the due week less the task's
    ``draft_weeks``: the checker uses the week it works out, and says so."""
    table = read_table(path, ALLOCATION_READ)
    notes = []
    for number, cells in table.rows:
        task = scenario.task_by_id.get(cells["task_id"])
        given = cells.get("draft_week", "")
        if task is None or not cells["due_week"].isdigit():
            continue
        week = int(cells["due_week"]) - task.draft_weeks if task.draft_weeks else None
        if given and given != str(week):
            should = f"week {week}" if week is not None else "empty (the task has no draft)"
            notes.append(
                f"Row {number}'s draft_week ({given}) should be {should}: the due week less "
                f"{task.task_id}'s draft_weeks. The check uses that."
            )
    return notes


def allocation_rows(
    table: Table, scenario: Scenario, earlier: bool = False, of: str = "this scenario"
) -> list[Assignment]:
    """The assignments of an allocation table; raise ScenarioError on bad input. ``of``
    names the scenario in messages (a school's subject)."""
    problems = [p for p in table.problems if not p.warning]
    if problems:
        raise ScenarioError(table.problems)
    known = {
        "student_id": (set(scenario.student_by_id), "a student_id in students.csv"),
        "task_id": (set(scenario.task_by_id), "a task_id in tasks.csv"),
        "marker": ({t.teacher_id for t in scenario.teachers}, "a teacher_id in teachers.csv"),
    }
    if earlier:
        known = {}
    rows = []
    for number, cells in table.rows:
        problems += row_problems(table.file, number, cells, known, of=of)
        if cells["due_week"].isdigit():
            week = int(cells["due_week"])
            group = cells.get("group", "")
            rows.append(
                Assignment(cells["student_id"], cells["task_id"], week, cells["marker"], group)
            )
    problems += _repeated_pairs(table.file, table.rows)
    if problems:
        raise ScenarioError(problems)
    return rows


def row_problems(
    file: str,
    row: int,
    cells: dict[str, str],
    known: dict,
    names: dict | None = None,
    of: str = "this scenario",
) -> list[Problem]:
    """Unknown ids (``known`` maps each column to its ids and what they are) and bad weeks.

    ``names`` gives a column's name in the file where it differs from its key; ``of``
    names the scenario.
    """
    names = names or {}
    problems = [
        Problem(file, row, names.get(column, column), _unknown(cells[column], f"{what} of {of}"))
        for column, (ids, what) in known.items()
        if cells[column] not in ids
    ]
    if not cells["due_week"].isdigit() or int(cells["due_week"]) < 1:
        text = f'"{cells["due_week"]}" is not a week number. Write a whole number such as 5'
        if not cells["due_week"]:
            text = "is empty, but a value is needed. Write the due week, a whole number such as 5"
        problems.append(Problem(file, row, names.get("due_week", "due_week"), text))
    return problems


def _unknown(value: str, what: str) -> str:
    """What is wrong with an id cell that names nothing in the scenario (``what``)."""
    if not value:
        return f"is empty, but a value is needed. Expected {what}"
    return f'"{value}" is not {what}'


def _repeated_pairs(file: str, rows: list[tuple[int, dict[str, str]]]) -> list[Problem]:
    pairs = [(cells["student_id"], cells["task_id"]) for _, cells in rows]
    return [
        Problem(
            file,
            rows[i][0],
            "task_id",
            f"student {pairs[i][0]} already has task {pairs[i][1]} in row {rows[j][0]}. Keep one row",
        )
        for i, j in repeats(pairs)
    ]


# --- how a plan is scored for students -------------------------------------------------------
#
# Only tasks a student chooses count: common tasks and must pins are the same in every plan.
# A chosen task costs its rank (1 for a first choice); a task the student did not rank costs
# one more than the worst rank that student gave, so it is wanted less than every ranked one
# (a student who ranked nothing is indifferent: every task costs 1).

Pair = tuple[str, str]  # (student_id, task_id)


def forced_pairs(scenario: Scenario, pairs: list[Pair]) -> set[Pair]:
    """Pairs every plan has: common tasks open to the student, and must pins."""
    must = {(p.student_id, p.task_id) for p in scenario.pins if p.rule == "must"}
    common = {t.task_id for t in scenario.tasks if t.common}
    return {pair for pair in pairs if pair in must or pair[1] in common}


def rank_costs(scenario: Scenario, pairs: list[Pair]) -> dict[Pair, int]:
    """The cost of each pair a plan may choose (forced pairs cost nothing and are left out)."""
    forced = forced_pairs(scenario, pairs)
    unranked = {s: max(r.values(), default=0) + 1 for s, r in scenario.preferences.items()}
    return {
        (s, t): scenario.preferences.get(s, {}).get(t, unranked.get(s, 1))
        for s, t in pairs
        if (s, t) not in forced
    }


def plan_of(scenario: Scenario, assignments, status: Status = Status.FEASIBLE) -> Plan:
    """A plan read from a file, scored as the solver scores its plans."""
    pairs = [(a.student_id, a.task_id) for a in assignments]
    chosen = list(rank_costs(scenario, pairs).values())
    return Plan(
        status=status,
        assignments=tuple(assignments),
        worst_rank=max(chosen, default=0),
        total_rank=sum(chosen),
    )
