"""Write a Scenario back to a folder of YAML and CSV, whole or not at all."""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml

from scheduler.exceptions import OutputTaken
from scheduler.scenario.cells import spreadsheet_safe
from scheduler.scenario.models import Scenario, Settings, Task


def write_scenario(scenario: Scenario, folder: str | Path, overwrite: bool = False) -> Path:
    """Write ``scenario`` to ``folder``; refuse to replace a folder with files unless asked."""
    return write_folder(scenario_files(scenario), folder, overwrite)


def write_folder(files: dict[str, str], folder: str | Path, overwrite: bool = False) -> Path:
    """Write ``files`` (path inside the folder -> text) as ``folder``, whole or not at all;
    refuse to replace a folder with files unless asked."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())) and not overwrite:
        raise OutputTaken(
            f"{folder} already exists and is not empty; choose a new folder, or add --overwrite "
            "to replace it",
            "--overwrite",
        )
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for name, text in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text(text, encoding="utf-8")
        _swap_in(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def _swap_in(staging: Path, folder: Path) -> None:
    """Put ``staging`` where ``folder`` is, keeping the old folder until the new is in place."""
    old = folder.with_name(f".{folder.name}-old")
    if folder.exists():
        shutil.rmtree(old, ignore_errors=True)
        folder.rename(old)
    staging.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def scenario_files(scenario: Scenario) -> dict[str, str]:
    """The text of every file of the scenario, by file name."""
    files = {"scenario.yaml": settings_yaml(scenario.settings)}
    for name, (header, rows) in scenario_tables(scenario).items():
        if rows or name not in ("pins", "partners"):
            files[f"{name}.csv"] = _csv(header, rows)
    return files


def scenario_tables(
    scenario: Scenario, every_column: bool = False
) -> dict[str, tuple[list[str], list[list]]]:
    """Each CSV table of the scenario as (header, rows), by table name; the tasks table has
    the v2 columns the scenario uses, or all of them with ``every_column`` (a workbook to
    fill in)."""
    return {
        "tasks": _tasks_table(scenario, every_column),
        "students": _students_table(scenario, every_column),
        "teachers": (
            ["teacher_id", "name", "classes", "weekly_marking_minutes", "unavailable_weeks"],
            [
                [
                    t.teacher_id,
                    t.name,
                    ";".join(t.classes),
                    t.weekly_marking_minutes,
                    ";".join(map(str, t.unavailable_weeks)),
                ]
                for t in scenario.teachers
            ],
        ),
        "preferences": _preferences_table(scenario, every_column),
        "pins": (
            ["student_id", "task_id", "rule"],
            [[p.student_id, p.task_id, p.rule] for p in scenario.pins],
        ),
        "partners": (
            ["student_id", "partner_id", "wish"],
            [[p.student_id, p.partner_id, p.wish] for p in scenario.partners],
        ),
    }


TASK_COLUMNS = [
    "task_id",
    "title",
    "criteria",
    "due_week",
    "marking_minutes",
    "capacity",
    "min_students",
    "marker",
    "common",
    "classes",
]


def task_columns(scenario: Scenario, every_column: bool = False) -> list[str]:
    """The columns of tasks.csv: version 1's, and each v2 column the scenario uses."""
    drafts = any(t.has_draft or t.draft_minutes for t in scenario.tasks)
    moderated = any(t.moderator or t.moderation_sample for t in scenario.tasks)
    extra = {
        "unit": bool(scenario.settings.units),
        "skills": bool(scenario.settings.skills),
        "draft_weeks": drafts,
        "draft_minutes": drafts,
        "moderator": moderated,
        "moderation_sample": moderated,
        "due_mode": any(t.own_weeks for t in scenario.tasks),
        "group_size": any(t.in_groups for t in scenario.tasks),
    }
    return TASK_COLUMNS + [column for column, used in extra.items() if used or every_column]


def _tasks_table(scenario: Scenario, every_column: bool) -> tuple[list[str], list[list]]:
    header = task_columns(scenario, every_column)
    extra = {
        "unit": lambda t: t.unit or "",
        "skills": lambda t: ";".join(t.skills),
        "draft_weeks": lambda t: t.draft_weeks or "",
        "draft_minutes": lambda t: t.draft_minutes if t.has_draft or t.draft_minutes else "",
        "moderator": lambda t: t.moderator or "",
        "moderation_sample": lambda t: "" if t.moderation_sample is None else t.moderation_sample,
        "due_mode": lambda t: t.due_mode,
        "group_size": lambda t: _group_size(t.group_size),
    }
    rows = [
        task_row(t) + [extra[column](t) for column in header[len(TASK_COLUMNS) :]]
        for t in scenario.tasks
    ]
    return header, rows


def _students_table(scenario: Scenario, every_column: bool) -> tuple[list[str], list[list]]:
    """students.csv: version 1's columns, and away_weeks where a student is away (v2)."""
    away = every_column or any(s.away_weeks for s in scenario.students)
    header = ["student_id", "name", "class"] + (["away_weeks"] if away else [])
    rows = [
        [s.student_id, s.name, s.class_id] + ([";".join(map(str, s.away_weeks))] if away else [])
        for s in scenario.students
    ]
    return header, rows


def task_row(task: Task) -> list:
    """A task's cells in version 1's columns."""
    first, last = task.due_week
    return [
        task.task_id,
        task.title,
        ";".join(task.criteria),
        str(first) if first == last else f"{first}-{last}",
        task.marking_minutes,
        "" if task.capacity is None else task.capacity,
        task.min_students,
        task.marker or "",
        "yes" if task.common else "no",
        ";".join(task.classes),
    ]


def settings_yaml(settings: Settings) -> str:
    """scenario.yaml as a person would write it: defaults left out, short lists inline."""
    data = settings.model_dump(mode="json", exclude_defaults=True)
    if settings.start_date:
        data["start_date"] = settings.start_date
    return yaml.safe_dump(data, sort_keys=False, default_flow_style=None, allow_unicode=True)


def _preferences_table(scenario: Scenario, every_column: bool) -> tuple[list[str], list[list]]:
    """preferences.csv: version 1's columns, and week where a student wishes a week (v2)."""
    wishes = scenario.week_wishes
    header = ["student_id", "task_id", "rank"] + (["week"] if wishes or every_column else [])
    rows = []
    for student in scenario.students:
        ranks = dict(scenario.preferences.get(student.student_id, {}))
        for t, r in sorted(ranks.items(), key=lambda x: x[1]):
            weeks = wishes.get((student.student_id, t))
            rows.append([student.student_id, t, r, *_week_cell(weeks, len(header) > 3)])
    return header, rows


def _group_size(size: tuple[int, int] | None) -> str:
    """``3`` or ``2-4``; empty for a task done alone."""
    if size is None:
        return ""
    return str(size[0]) if size[0] == size[1] else f"{size[0]}-{size[1]}"


def _week_cell(weeks: tuple[int, ...] | None, column: bool) -> list[str]:
    if not column:
        return []
    if not weeks:
        return [""]
    if list(weeks) == list(range(weeks[0], weeks[-1] + 1)) and len(weeks) > 1:
        return [f"{weeks[0]}-{weeks[-1]}"]
    return [";".join(map(str, weeks))]


def _csv(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return out.getvalue()


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Write to a temporary file beside ``path``, then move it into place in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's 0600
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def write_files_atomically(contents: dict[Path, bytes]) -> list[Path]:
    """Write every file to a temporary file beside it, then move them all into place: a crash
    or Ctrl-C while writing leaves the old files as they were, and no temporary files."""
    staged: dict[Path, Path] = {}
    try:
        for path, data in contents.items():
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            os.close(handle)
            staged[path] = Path(name)
            staged[path].write_bytes(data)
            os.chmod(staged[path], 0o666 & ~_umask())
        for path, temporary in staged.items():
            os.replace(temporary, path)
    finally:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
    return list(contents)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
