"""Read a plan back from plan.xlsx, after a person may have edited it.

plan.xlsx holds the plan twice: the Students sheet (one row per student, with
``task 1``, ``due week 1``, ``task 2``, ...) for people, and the Allocation sheet (the
rows of allocation.csv). A person edits one of them. The workbook records a
fingerprint of the plan as written, so the sheet that no longer matches it is the
edited one; when both changed and disagree, reading stops and says so.
"""

from __future__ import annotations

import re
from pathlib import Path

from scheduler.exceptions import Problem, ScenarioError
from scheduler.plan import (
    ALLOCATION_READ,
    Assignment,
    allocation_fingerprint,
    allocation_rows,
    row_problems,
)
from scheduler.scenario import Scenario
from scheduler.scenario.files.tables import Table, table_from_records
from scheduler.scenario.files.workbook import reading, sheet_label, sheet_records

FINGERPRINT = "scheduler allocation"  # the workbook's custom property
SLOT = re.compile(r"(task|due week) (\d+)")


def read_plan_workbook(path: Path, scenario: Scenario) -> tuple[list[Assignment], str]:
    """The plan in ``path`` and a sentence saying which sheet it was read from."""
    with reading(path) as book:
        sheets = {name: sheet_records(book, name) for name in ("Allocation", "Students")}
        recorded = {p.name: p.value for p in book.custom_doc_props.props}.get(FINGERPRINT)
    if all(records is None for records in sheets.values()):
        text = "the workbook has neither an Allocation nor a Students sheet, so it holds no plan"
        raise ScenarioError([Problem(path.name, None, None, text)])
    read, problems = {}, []
    for name, records in sheets.items():
        if records is not None:
            try:
                read[name] = _rows(
                    name,
                    table_from_records(sheet_label(path, name), records, _columns(name)),
                    scenario,
                )
            except ScenarioError as error:
                problems += error.problems
    if problems:
        raise ScenarioError(problems)
    return _choose(read, recorded, path)


def is_plan_workbook(path: Path) -> bool:
    """Whether ``path`` is a plan workbook (plan.xlsx) rather than a scenario's."""
    try:
        with reading(path) as book:
            names = {name.strip().casefold() for name in book.sheetnames}
    except ScenarioError:
        return False
    return "allocation" in names and "settings" not in names


def _columns(name: str):
    if name == "Allocation":
        return ALLOCATION_READ
    return lambda header: {h: False for h in header if h} | {"student_id": True}


def _rows(name: str, table: Table, scenario: Scenario) -> list[Assignment]:
    return (
        allocation_rows(table, scenario) if name == "Allocation" else student_rows(table, scenario)
    )


def student_rows(table: Table, scenario: Scenario) -> list[Assignment]:
    """The Students sheet's ``task k`` / ``due week k`` pairs as assignments.

    The marker is who the scenario says marks the work (the sheet does not show it).
    """
    problems = [p for p in table.problems if not p.warning]
    if problems:
        raise ScenarioError(problems)
    slots = sorted({int(SLOT.fullmatch(c).group(2)) for c in table.frame if SLOT.fullmatch(c)})
    known = {
        "student_id": (set(scenario.student_by_id), "a student_id in students.csv"),
        "task_id": (set(scenario.task_by_id), "a task_id in tasks.csv"),
    }
    rows, seen = [], {}
    for number, cells in table.rows:
        for k in slots:
            task, week = cells.get(f"task {k}", ""), cells.get(f"due week {k}", "")
            if not task and not week:
                continue
            entry = {"student_id": cells["student_id"], "task_id": task, "due_week": week}
            entry["group"] = cells.get(f"group {k}", "")
            names = {"task_id": f"task {k}", "due_week": f"due week {k}"}
            found = row_problems(table.file, number, entry, known, names)
            pair = (entry["student_id"], task)
            if pair in seen:
                text = f"task {task} is already this student's task {seen[pair]}. Keep one"
                found.append(Problem(table.file, number, f"task {k}", text))
            seen[pair] = k
            problems += found
            if not found:
                rows.append(_assignment(scenario, entry))
    if problems:
        raise ScenarioError(problems)
    return rows


def _assignment(scenario: Scenario, entry: dict[str, str]) -> Assignment:
    task = scenario.task_by_id[entry["task_id"]]
    student = scenario.student_by_id[entry["student_id"]]
    marker = scenario.marker_of(task, student) or ""
    week = int(entry["due_week"])
    return Assignment(student.student_id, task.task_id, week, marker, entry.get("group", ""))


def _choose(read: dict, recorded: str | None, path: Path) -> tuple[list[Assignment], str]:
    """The plan from the sheet a person edited, or from the one sheet there is."""
    if len(read) == 1:
        [(name, rows)] = read.items()
        return rows, f"Read the {name} sheet of {path.name}."
    allocation, students = read["Allocation"], read["Students"]
    as_allocation = allocation_fingerprint(allocation)
    as_students = allocation_fingerprint(students)
    if as_allocation == as_students:
        return allocation, f"Read the Allocation sheet of {path.name} (the Students sheet agrees)."
    if as_allocation == recorded:
        return students, (
            f"The Students sheet of {path.name} was edited after the plan was written: read "
            "it, with each task's marker as the scenario gives it."
        )
    if as_students == recorded:
        return allocation, (
            f"The Allocation sheet of {path.name} was edited after the plan was written: read it."
        )
    text = (
        f"the Students and Allocation sheets disagree ({_first_difference(allocation, students)}) "
        "and both differ from the plan as written. Make the two agree, or delete the sheet "
        "you did not edit"
    )
    raise ScenarioError([Problem(path.name, None, None, text)])


def _first_difference(allocation: list[Assignment], students: list[Assignment]) -> str:
    def by_student(rows):
        tasks: dict[str, set] = {}
        for a in rows:
            tasks.setdefault(a.student_id, set()).add((a.task_id, a.due_week))
        return tasks

    one, two = by_student(allocation), by_student(students)
    for student in sorted(one.keys() | two.keys()):
        if one.get(student) != two.get(student):
            return f"first for student {student}"
    return "in their rows"
