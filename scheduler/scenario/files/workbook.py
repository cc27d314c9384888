"""Read a scenario from one workbook: the CSV tables as sheets, scenario.yaml as sheets too.

The sheets ``tasks``, ``students``, ``teachers``, ``preferences`` and ``pins`` hold the
CSV files' columns. ``settings`` holds scenario.yaml's single values as key/value rows
(``policy.feedback_weeks``, ...), and ``criteria``, ``periods``, ``units`` and ``skills``
hold its lists, one row per item (all but criteria optional). Every cell is read as the text a CSV file would hold, so the same
rules and messages apply; each problem names the workbook, the sheet, row and column.
"""

from __future__ import annotations

import datetime
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pandas as pd
from defusedxml import DefusedXmlException
from openpyxl.utils.exceptions import InvalidFileException

from scheduler.exceptions import Problem, ScenarioError
from scheduler.scenario.files.tables import Columns, Table, column_names, table_from_records
from scheduler.scenario.files.yamlfile import Place, validate_settings
from scheduler.scenario.models import Criterion, Period, Settings, Skill, Unit
from scheduler.scenario.validation.messages import unknown_key

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
TABLE_SHEETS = ("tasks", "students", "teachers", "preferences", "pins", "partners")
SETTINGS_KEYS = (
    "name",
    "weeks",
    "start_date",
    "no_deadline_weeks",
    "policy.tasks_per_student.min",
    "policy.tasks_per_student.max",
    "policy.max_deadlines_per_week",
    "policy.feedback_weeks",
    "policy.min_drafted_tasks",
)
SETTINGS_COLUMNS = {"key": True, "value": False, "meaning": False}
# scenario.yaml's lists, one sheet each, one row per item (criteria required, the rest optional)
LIST_SHEETS = {"criteria": Criterion, "periods": Period, "units": Unit, "skills": Skill}


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES


def sheet_label(book: Path | str, sheet: str) -> str:
    """How problems name a sheet: ``year9.xlsx, sheet tasks``."""
    return f"{Path(book).name}, sheet {sheet}"


# Limits on a workbook, checked before any of it is parsed: a scenario of 5,000 students and
# 200 tasks with every ranking is a 6 MB workbook, 60 MB unpacked.
MOST_BYTES = 100_000_000  # the file itself
MOST_UNPACKED = 1_000_000_000  # all its parts unpacked
MOST_RATIO = 200  # how much one part may grow when unpacked (zip bombs grow 1,000-fold)
MOST_PARTS = 10_000


def open_workbook(path: Path) -> openpyxl.Workbook:
    """Open ``path`` to read cell values, or raise ScenarioError saying why it cannot be.

    The workbook is refused beyond the documented size limits, and (openpyxl parsing
    through defusedxml) when its XML declares entities, as XML bombs do."""
    if not path.is_file():
        raise ScenarioError([Problem(str(path), None, None, "the workbook does not exist")])
    too_big = size_problem(path)
    if too_big:
        raise ScenarioError([Problem(path.name, None, None, too_big)])
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as error:
        raise ScenarioError([Problem(path.name, None, None, _unreadable(error))]) from None


def _unreadable(error: Exception) -> str:
    if isinstance(error.__cause__ or error.__context__, DefusedXmlException):
        return (
            "the workbook's XML declares entities or a document type, as an 'XML bomb' does; "
            "scheduler does not read such files. Open it in your spreadsheet and save it again "
            "as 'Excel Workbook (.xlsx)'"
        )
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return (
        f"this is not an Excel workbook that can be read ({reason}). "
        "Save it from your spreadsheet as 'Excel Workbook (.xlsx)'"
    )


def size_problem(path: Path) -> str | None:
    """Why ``path`` is too big to read safely, or None."""
    if path.stat().st_size > MOST_BYTES:
        return f"the workbook is larger than {MOST_BYTES // 1_000_000} MB, the most scheduler reads"
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return None  # not a zip file at all: openpyxl says so
    unpacked = sum(p.file_size for p in parts)
    ratio = max(
        (p.file_size / max(p.compress_size, 1) for p in parts if p.file_size > 1_000_000), default=0
    )
    if len(parts) > MOST_PARTS or unpacked > MOST_UNPACKED or ratio > MOST_RATIO:
        return (
            f"the workbook unpacks to {unpacked:,} bytes in {len(parts):,} parts (at most "
            f"{MOST_UNPACKED:,} bytes, {MOST_PARTS:,} parts, and no part growing more than "
            f"{MOST_RATIO}-fold are read): it may be a 'zip bomb'. Save the scenario again from "
            "your spreadsheet"
        )
    return None


def sheet_records(book: openpyxl.Workbook, name: str) -> pd.DataFrame | None:
    """Every cell of sheet ``name`` (found ignoring case) as text, rows numbered from 1."""
    found = [s for s in book.sheetnames if s.strip().casefold() == name.casefold()]
    if not found:
        return None
    rows = [[cell_text(v) for v in row] for row in book[found[0]].iter_rows(values_only=True)]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return pd.DataFrame(rows, index=range(1, len(rows) + 1), dtype=str)


def cell_text(value: object) -> str:
    """A cell's value as the text a CSV file would hold: 5.0 -> "5", a date -> 2027-01-11."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def read_workbook(path: Path, table_columns: dict[str, Columns]):
    """Settings, their problems, where each key is written, and the tables by sheet name.

    Tables and their problems are named after the CSV files (``tasks.csv``), so that
    every rule reads them alike; ``relabel`` names the sheets once all is checked.
    """
    with reading(path) as book:
        tables = {
            name: _table(book, name, columns, optional=name in ("pins", "partners"))
            for name, columns in table_columns.items()
        }
        settings, problems, place = _settings(book, path)
    return settings, problems, place, tables


@contextmanager
def reading(path: Path) -> Iterator[openpyxl.Workbook]:
    """The open workbook, closed afterwards; a sheet that cannot be parsed (read lazily) is
    bad input too. openpyxl's own warnings (a date cell out of range, an unsupported
    extension) are not printed: the cells' values are checked and named like any others."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module="openpyxl")
        book = open_workbook(path)
        try:
            yield book
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
            raise ScenarioError([Problem(path.name, None, None, _unreadable(error))]) from None
        finally:
            book.close()


def _table(book, name: str, columns: Columns, optional: bool) -> Table:
    records = sheet_records(book, name)
    file = f"{name}.csv"
    if records is None:
        if optional:
            return Table(file)
        text = (
            f"the sheet is missing. Add a sheet named {name}, with the columns of {name}.csv "
            f"({sheets_text(book)})"
        )
        return Table(file, problems=[Problem(file, None, None, text)])
    return table_from_records(file, records, columns)


# --- settings, criteria and periods sheets -------------------------------------------------


def _settings(book, path: Path) -> tuple[Settings | None, list[Problem], Place]:
    keys = _sheet(book, path, "settings", SETTINGS_COLUMNS)
    lists = {
        name: _sheet(book, path, name, column_names(model), optional=name != "criteria")
        for name, model in LIST_SHEETS.items()
    }
    problems = keys.problems + [p for table in lists.values() for p in table.problems]
    rows, data = _key_values(keys, problems)
    place = _place(path, rows, lists)
    if any(not p.warning and p.row in (None, 1) for p in problems):
        return None, problems, place  # a sheet or a header is missing
    for name, table in lists.items():
        if name == "criteria" or not table.frame.empty:
            data[name] = [_filled(cells) for _, cells in table.rows]
    settings, invalid = validate_settings(data, place)
    return settings, problems + invalid, place


def _sheet(book, path: Path, name: str, columns: dict, optional: bool = False) -> Table:
    label = sheet_label(path, name)
    records = sheet_records(book, name)
    if records is not None:
        return table_from_records(label, records, columns)
    if optional:
        return Table(label)
    text = f"the sheet is missing. Add a sheet named {name} ({sheets_text(book)})"
    return Table(label, problems=[Problem(label, None, None, text)])


def sheets_text(book: openpyxl.Workbook) -> str:
    """``the workbook has the sheets Tasks, Notes``, for a message about a missing one."""
    names = ", ".join(f'"{name}"' for name in book.sheetnames)
    return f"the workbook has the sheets {names}" if names else "the workbook has no sheets"


def _key_values(table: Table, problems: list[Problem]) -> tuple[dict[str, int], dict]:
    """The settings sheet as nested data, and the row of each key; problems are added."""
    rows: dict[str, int] = {}
    data: dict = {}
    for row, cells in table.rows:
        key, value = cells["key"], cells.get("value", "")
        if key not in SETTINGS_KEYS:
            text = unknown_key(key, list(SETTINGS_KEYS)) if key else "the key is empty"
            problems.append(Problem(table.file, row, None, text))
        elif key in rows:
            text = f"{key} is given twice, also in row {rows[key]}. Delete one of the rows"
            problems.append(Problem(table.file, row, None, text))
        else:
            rows[key] = row
            if value:
                *parents, last = key.split(".")
                _nested(data, parents)[last] = value
    return rows, data


def _nested(data: dict, parents: list[str]) -> dict:
    for part in parents:
        data = data.setdefault(part, {})
    return data


def _filled(cells: dict[str, str]) -> dict[str, str]:
    return {column: value for column, value in cells.items() if value}


def _place(path: Path, rows: dict[str, int], lists: dict[str, Table]) -> Place:
    """Where a settings key path is written in the workbook."""
    item_rows = {name: list(table.frame.index) for name, table in lists.items()}

    def place(key_path: tuple) -> tuple[str, int | None, str | None]:
        head = key_path[0] if key_path else ""
        if head in item_rows:
            label = sheet_label(path, head)
            if len(key_path) < 2 or key_path[1] >= len(item_rows[head]):
                return label, None, None
            column = str(key_path[2]) if len(key_path) > 2 else None
            return label, item_rows[head][key_path[1]], column
        key = ".".join(str(p) for p in key_path if isinstance(p, str))
        return sheet_label(path, "settings"), rows.get(key), key or None

    return place


# --- naming sheets in problems ---------------------------------------------------------------


CSV_NAME = re.compile(r"\b(tasks|students|teachers|preferences|pins|partners)\.csv\b")


def relabel(problems: list[Problem], path: Path) -> list[Problem]:
    """Problems found in a workbook's tables, naming its sheets instead of CSV files."""
    return [
        Problem(
            _relabel_file(problem.file, path),
            problem.row,
            problem.column,
            CSV_NAME.sub(r"the \1 sheet", problem.message).replace(
                "scenario.yaml", "the settings sheets"
            ),
            problem.warning,
        )
        for problem in problems
    ]


def _relabel_file(file: str, path: Path) -> str:
    match = CSV_NAME.fullmatch(file)
    return sheet_label(path, match.group(1)) if match else file
