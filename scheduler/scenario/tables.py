"""Read one CSV file of a scenario into rows, and rows into models, collecting problems."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from scheduler.exceptions import Problem
from scheduler.scenario.messages import plain_words, unknown_key, with_hint


@dataclass
class Table:
    """The text of a CSV file: its columns, and its non-empty rows by spreadsheet number."""

    file: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def cells(self, column: str) -> set[str]:
        """Every value in a column, good or bad: ids a later check may still refer to."""
        return {cells[column] for _, cells in self.rows if cells.get(column)}


def read_table(path: Path, columns: dict[str, bool]) -> Table:
    """Read ``path``; ``columns`` maps each known column to whether it is required."""
    name = path.name
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            records = list(csv.reader(handle))
    except FileNotFoundError:
        return _broken(name, None, f"the file is missing. Add {name} to the scenario folder")
    except UnicodeDecodeError as error:
        row = error.object[: error.start].count(b"\n") + 1
        return _broken(name, row, _not_utf8(error))
    except csv.Error as error:
        return _broken(name, None, f"this is not a readable CSV file ({error})")
    if not records or not any(cell.strip() for cell in records[0]):
        return _broken(name, 1, "the header row is missing. Row 1 names the columns")
    return _to_table(name, records, columns)


def _to_table(name: str, records: list[list[str]], columns: dict[str, bool]) -> Table:
    header = [cell.strip() for cell in records[0]]
    table = Table(name, header)
    table.problems += _header_problems(name, header, columns)
    if any(not p.warning for p in table.problems):
        return table
    width = len(header)
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > width and any(cell.strip() for cell in record[width:]):
            table.problems.append(Problem(name, number, None, _too_many(record, width)))
            continue
        cells = {c: v.strip() for c, v in zip(header, record, strict=False) if c in columns}
        table.rows.append((number, cells))
    return table


def _header_problems(name: str, header: list[str], columns: dict[str, bool]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for column in header:
        if column in seen:
            text = "this column appears twice in the header row. Keep one of them"
            problems.append(Problem(name, 1, column, text))
        elif column and column not in columns:
            text = unknown_key(column, list(columns)) + " The column is ignored"
            problems.append(Problem(name, 1, column, text, warning=True))
        seen.add(column)
    for column, required in columns.items():
        if required and column not in seen:
            text = f"the required column is missing. Add a column headed {column} to row 1"
            problems.append(Problem(name, 1, column, text))
    return problems


def parse_rows(table: Table, row_type: Any, hints: dict[str, str] | None = None) -> list:
    """Validate every row as ``row_type``; return ``(row number, value)`` pairs of good rows.

    Empty cells are left out, so an optional column takes its default and a required
    one reports that it is empty. Problems are added to ``table.problems``.
    """
    adapter = _adapter(row_type)
    inputs = [{c: v for c, v in cells.items() if v} for _, cells in table.rows]
    try:
        values = adapter.validate_python(inputs)
        return [(number, value) for (number, _), value in zip(table.rows, values, strict=True)]
    except ValidationError as error:
        bad = _report(table, error, row_type, hints or {})
    good = [i for i in range(len(inputs)) if i not in bad]
    values = adapter.validate_python([inputs[i] for i in good])
    return [(table.rows[i][0], value) for i, value in zip(good, values, strict=True)]


def _report(table: Table, error: ValidationError, row_type: Any, hints: dict) -> set[int]:
    """Turn each error into a Problem at its row and column; return the bad row indexes."""
    bad = set()
    for item in error.errors(include_url=False):
        index, column = item["loc"][0], str(item["loc"][1]) if len(item["loc"]) > 1 else None
        number, cells = table.rows[index]
        cell = cells.get(column, "") if column else ""
        hint = hints.get(column) or _description(row_type, column)
        text = with_hint(plain_words(item, cell), hint)
        table.problems.append(Problem(table.file, number, column, text))
        bad.add(index)
    return bad


def _description(row_type: Any, column: str | None) -> str | None:
    if not (isinstance(row_type, type) and issubclass(row_type, BaseModel)) or not column:
        return None
    for name, info in row_type.model_fields.items():
        if column in (name, info.alias):
            return info.description
    return None


_ADAPTERS: dict[Any, TypeAdapter] = {}


def _adapter(row_type: Any) -> TypeAdapter:
    if row_type not in _ADAPTERS:
        _ADAPTERS[row_type] = TypeAdapter(list[row_type])
    return _ADAPTERS[row_type]


def _broken(name: str, row: int | None, message: str) -> Table:
    return Table(name, [], problems=[Problem(name, row, None, message)])


def _not_utf8(error: UnicodeDecodeError) -> str:
    return (
        f"the file is not UTF-8 text (byte {error.object[error.start]:#04x} cannot be read). "
        "In a spreadsheet, save it with 'CSV UTF-8' as the file type"
    )


def _too_many(record: list[str], width: int) -> str:
    return (
        f"this row has {len(record)} cells but the header names {width} columns. "
        "A cell may hold a comma that needs quotes, or a column header is missing"
    )


def column_names(model: type[BaseModel]) -> dict[str, bool]:
    """The CSV columns of a row model, each mapped to whether it is required."""
    return {info.alias or name: info.is_required() for name, info in model.model_fields.items()}
