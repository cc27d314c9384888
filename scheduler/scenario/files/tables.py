"""Read one CSV file of a scenario into rows, and rows into models, collecting problems."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, TypeAdapter, ValidationError

from scheduler.exceptions import Problem
from scheduler.scenario.validation.messages import (
    near_name,
    plain_words,
    typo_text,
    unknown_key,
    with_hint,
)


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
    form = text_form(path)
    try:
        raw = pd.read_csv(
            path,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            encoding=form.encoding,
            sep=form.separator,
        )
    except pd.errors.EmptyDataError:
        return _no_header(name, columns)
    except (pd.errors.ParserError, UnicodeError, ValueError):
        return _read_slowly(path, columns, form)
    records = raw.fillna("")
    records.index = records.index + 1
    return table_from_records(name, records, columns)


@dataclass(frozen=True)
class TextForm:
    """How a CSV file's text is written: its encoding and the character between cells."""

    encoding: str = "utf-8-sig"
    separator: str = ","


def text_form(path: Path) -> TextForm:
    """UTF-16 when the file starts with its byte-order mark (spreadsheets' "Unicode text"),
    else UTF-8 (its byte-order mark is skipped); the separator is the header row's."""
    with path.open("rb") as handle:
        start = handle.read(HEADER_BYTES)
    bom = start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    encoding = "utf-16" if bom else "utf-8-sig"
    if bom:
        start = start[: len(start) // 2 * 2]
    header = start.decode(encoding, errors="replace").lstrip("\ufeff").split("\n", 1)[0]
    return TextForm(encoding, header_separator(header))


HEADER_BYTES = 65_536


def header_separator(header: str) -> str:
    """A comma, unless the header row has none between its cells but has semicolons or tabs:
    what spreadsheets in locales with a decimal comma save as CSV."""
    between = re.sub(r'"[^"]*"', "", header)
    if "," in between:
        return ","
    semicolons, tabs = between.count(";"), between.count("\t")
    if not (semicolons or tabs):
        return ","
    return ";" if semicolons >= tabs else "\t"


def _read_slowly(path: Path, columns: Columns, form: TextForm = TextForm()) -> Table:
    """Read with the csv module, naming the row of anything wrong; a file that is not
    UTF-8 is read as Windows-1252, with a warning that shows what its names became."""
    name = path.name
    text, problems = _decoded(name, path.read_bytes(), form.encoding)
    if text is None:
        return Table(name, problems=problems)
    csv.field_size_limit(MOST_BYTES)  # a cell as long as the file, as pandas reads it
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=form.separator))
    except csv.Error as error:
        return _broken(name, None, f"this is not a readable CSV file ({error})")
    if not records:
        return _no_header(name, columns)
    width = len(records[0])
    long_rows = [
        Problem(name, number, None, _too_many(record, width, form.separator))
        for number, record in enumerate(records, start=1)
        if len(record) > width and any(cell.strip() for cell in record[width:])
    ]
    rows = [(record + [""] * width)[:width] for record in records]
    table = table_from_records(
        name, pd.DataFrame(rows, index=range(1, len(rows) + 1), dtype=str), columns
    )
    table.problems += problems + long_rows
    table.frame = table.frame.drop(index=[p.row for p in long_rows], errors="ignore")
    return table


def _decoded(name: str, data: bytes, encoding: str) -> tuple[str | None, list[Problem]]:
    """The file's text, read as Windows-1252 (with a warning) when it is not UTF-8."""
    try:
        return data.decode(encoding), []
    except UnicodeDecodeError as error:
        row = error.object[: error.start].count(b"\n") + 1
        if encoding == "utf-16":
            return None, [Problem(name, row, None, _not_utf8(error))]
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None, [Problem(name, row, None, _not_utf8(error))]
        return text, [Problem(name, row, None, _read_as_windows(text), warning=True)]


def _words_beyond_ascii(text: str, most: int = 3) -> list[str]:
    """The first few words holding a letter outside ASCII, each at most 40 characters."""
    words: dict[str, None] = {}
    for word in WORDS.finditer(text):
        if not word.group().isascii():
            words[word.group()[:40]] = None
            if len(words) == most:
                break
    return list(words)


WORDS = re.compile(r'[^ \t\r\n,;"]+')


READ_AS = "the file is not UTF-8, so it was read as"


def _read_as_windows(text: str) -> str:
    shown = ", ".join(f'"{word}"' for word in _words_beyond_ascii(text))
    return (
        f"{READ_AS} Windows-1252 (Western European), "
        f"in which it holds {shown}. If these look wrong, save the file from the "
        "spreadsheet with 'CSV UTF-8' as the file type"
    )


def table_from_records(name: str, records: pd.DataFrame, columns: Columns) -> Table:
    """Name the columns from row 1, keep the known ones, strip every cell, drop empty rows.

    ``records`` holds every cell as text, indexed by row number from 1.
    """
    if records.empty:
        return _no_header(name, columns)
    header = [str(cell).strip() for cell in records.iloc[0]]
    if not any(header):
        return _no_header(name, columns)
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
            problems.append(_unknown_column(name, column, list(columns)))
        seen.add(column)
    for column, required in columns.items():
        if required and column not in seen:
            text = f"the required column is missing. Add a column headed {column} to row 1"
            problems.append(Problem(name, 1, column, text))
    return problems


def _unknown_column(name: str, column: str, known: list[str]) -> Problem:
    """A typo of a known column is an error (the plan would silently lose it); any other
    unknown column is a warning (people keep notes in their sheets)."""
    meant = near_name(column, known)
    if meant is not None:
        return Problem(name, 1, column, typo_text(column, meant))
    text = unknown_key(column, known) + " The column is ignored"
    return Problem(name, 1, column, text, warning=True)


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


def _no_header(name: str, columns: Columns) -> Table:
    """An empty file, or one whose first row is blank: say which columns row 1 names."""
    if callable(columns):
        columns = columns([])
    required = ", ".join(c for c, needed in columns.items() if needed)
    optional = ", ".join(c for c, needed in columns.items() if not needed)
    text = f"the header row is missing. Row 1 names the columns: {required}"
    return _broken(name, 1, text + (f" (and, where used, {optional})" if optional else ""))


def _broken(name: str, row: int | None, message: str) -> Table:
    return Table(name, problems=[Problem(name, row, None, message)])


SEMICOLONS = (
    "the whole header row is in one cell, its names separated by semicolons or tabs. "
    "Split it into columns (in a spreadsheet: Data, Text to Columns), or save the file as "
    "'CSV UTF-8'"
)


def _not_utf8(error: UnicodeDecodeError) -> str:
    return (
        f"the file is not UTF-8 text (byte {error.object[error.start]:#04x} cannot be read). "
        "In a spreadsheet, save it with 'CSV UTF-8' as the file type"
    )


def _too_many(record: list[str], width: int, separator: str = ",") -> str:
    what = {",": "comma", ";": "semicolon", "\t": "tab"}[separator]
    return (
        f"this row has {len(record)} cells but the header names {width} columns. "
        f"A cell may hold a {what} that needs quotes, or a column header is missing"
    )


def column_names(model: type[BaseModel]) -> dict[str, bool]:
    """The CSV columns of a row model, each mapped to whether it is required."""
    return {info.alias or name: info.is_required() for name, info in model.model_fields.items()}
