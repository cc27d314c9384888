"""Read one CSV file of a scenario into rows, and rows into models, collecting problems."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, TypeAdapter, ValidationError

from scheduler.exceptions import Problem
from scheduler.scenario.messages import plain_words, unknown_key, with_hint


@dataclass
class Table:
    """A CSV file's known columns as stripped text, indexed by spreadsheet row number.

    Rows whose cells are all empty are dropped; the header is row 1, so data starts at 2.
    """

    file: str
    frame: pd.DataFrame = field(default_factory=pd.DataFrame)
    problems: list[Problem] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[int, dict[str, str]]]:
        return list(zip(self.frame.index, self.frame.to_dict("records"), strict=True))

    def cells(self, column: str) -> set[str]:
        """Every value in a column, good or bad: ids a later check may still refer to."""
        if column not in self.frame:
            return set()
        return set(self.frame[column]) - {""}


# The largest CSV file read: preferences of 5,000 students for 200 tasks are about 15 MB.
MOST_BYTES = 200_000_000

Columns = dict[str, bool] | Callable[[list[str]], dict[str, bool]]


def read_table(path: Path, columns: Columns) -> Table:
    """Read ``path``; ``columns`` maps each known column to whether it is required.

    ``columns`` may also be a function of the header row that returns such a map,
    for a file that comes in more than one shape.

    pandas' C parser reads well-formed files; a file it cannot read is read again
    with the csv module, which says exactly which row is at fault.
    """
    name = path.name
    if not path.is_file():
        return _broken(name, None, f"the file is missing. Add {name} to the scenario folder")
    if path.stat().st_size > MOST_BYTES:
        return _broken(
            name,
            None,
            f"the file is larger than {MOST_BYTES // 1_000_000} MB, the most scheduler reads",
        )
    encoding = text_encoding(path)
    try:
        raw = pd.read_csv(
            path,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            encoding=encoding,
        )
    except pd.errors.EmptyDataError:
        return _broken(name, 1, "the header row is missing. Row 1 names the columns")
    except (pd.errors.ParserError, UnicodeError, ValueError):
        return _read_slowly(path, columns, encoding)
    records = raw.fillna("")
    records.index = records.index + 1
    return table_from_records(name, records, columns)


def text_encoding(path: Path) -> str:
    """UTF-16 when the file starts with its byte-order mark (spreadsheets' "Unicode text"),
    else UTF-8 (its byte-order mark is skipped)."""
    with path.open("rb") as handle:
        start = handle.read(2)
    return "utf-16" if start in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8-sig"


def _read_slowly(path: Path, columns: Columns, encoding: str = "utf-8-sig") -> Table:
    """Read with the csv module, naming the row of anything wrong."""
    name = path.name
    try:
        with path.open(encoding=encoding, newline="") as handle:
            records = list(csv.reader(handle))
    except UnicodeDecodeError as error:
        row = error.object[: error.start].count(b"\n") + 1
        return _broken(name, row, _not_utf8(error))
    except csv.Error as error:
        return _broken(name, None, f"this is not a readable CSV file ({error})")
    if not records:
        return _broken(name, 1, "the header row is missing. Row 1 names the columns")
    width = len(records[0])
    problems = [
        Problem(name, number, None, _too_many(record, width))
        for number, record in enumerate(records, start=1)
        if len(record) > width and any(cell.strip() for cell in record[width:])
    ]
    rows = [(record + [""] * width)[:width] for record in records]
    table = table_from_records(
        name, pd.DataFrame(rows, index=range(1, len(rows) + 1), dtype=str), columns
    )
    table.problems += problems
    table.frame = table.frame.drop(index=[p.row for p in problems], errors="ignore")
    return table


def table_from_records(name: str, records: pd.DataFrame, columns: Columns) -> Table:
    """Name the columns from row 1, keep the known ones, strip every cell, drop empty rows.

    ``records`` holds every cell as text, indexed by row number from 1.
    """
    if records.empty:
        return _broken(name, 1, "the header row is missing. Row 1 names the columns")
    header = [str(cell).strip() for cell in records.iloc[0]]
    if not any(header):
        return _broken(name, 1, "the header row is missing. Row 1 names the columns")
    if len(header) == 1 and any(sep in header[0] for sep in ";\t"):
        return _broken(name, 1, SEMICOLONS)
    if callable(columns):
        columns = columns(header)
    problems = _header_problems(name, header, columns)
    if any(not p.warning for p in problems):
        return Table(name, problems=problems)
    body = records.iloc[1:]
    keep = [i for i, column in enumerate(header) if column in columns]
    frame = body.iloc[:, keep].copy()
    frame.columns = [header[i] for i in keep]
    for column in frame.columns:
        frame[column] = _plain(frame[column])
    return Table(name, frame[(frame != "").any(axis=1)], problems)


def _plain(cells: pd.Series) -> pd.Series:
    """Strip spaces, and the apostrophe that guards a formula-like cell (see ``unquote``)."""
    cells = cells.str.strip()
    guarded = cells.str.match(GUARDED)
    if guarded.any():
        cells = cells.where(~guarded, cells.str[1:].str.strip())
    return cells


GUARDED = r"'[=+\-@\t\r]"


def _header_problems(name: str, header: list[str], columns: dict[str, bool]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for column in header:
        if column and column in seen:
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
    rows = table.rows
    inputs = [{c: v for c, v in cells.items() if v} for _, cells in rows]
    try:
        values = adapter.validate_python(inputs)
        return [(number, value) for (number, _), value in zip(rows, values, strict=True)]
    except ValidationError as error:
        bad = _report(table, rows, error, row_type, hints or {})
    good = [i for i in range(len(inputs)) if i not in bad]
    values = adapter.validate_python([inputs[i] for i in good])
    return [(rows[i][0], value) for i, value in zip(good, values, strict=True)]


def _report(
    table: Table, rows: list, error: ValidationError, row_type: Any, hints: dict
) -> set[int]:
    """Turn each error into a Problem at its row and column; return the bad row indexes."""
    bad = set()
    for item in error.errors(include_url=False):
        index, column = item["loc"][0], str(item["loc"][1]) if len(item["loc"]) > 1 else None
        number, cells = rows[index]
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
    return Table(name, problems=[Problem(name, row, None, message)])


SEMICOLONS = (
    "the columns are separated by semicolons or tabs, not commas (some spreadsheets save "
    "CSV that way). Save the file as 'CSV UTF-8 (comma delimited)'"
)


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
