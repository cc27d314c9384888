"""Small helpers for the workbooks scheduler writes: plain-text cells, tidy tables.

Both the scenario workbook (``convert``, ``template``) and ``plan.xlsx`` use them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=14)
TEXT = "@"  # Excel's number format for text: "5-7" stays "5-7", not a date
MAX_WIDTH = 60
DATE_WIDTH = 17  # Mon 11 Jan 2027


def put(sheet: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write one value; text is always stored as text, never run as a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
    return cell


def write_table(
    sheet: Worksheet,
    header: list[str],
    rows: Iterable[Iterable[object]],
    first_row: int = 1,
    text_columns: Iterable[str] = (),
) -> int:
    """A header row and data rows from ``first_row``; returns the last row written."""
    for column, name in enumerate(header, start=1):
        cell = put(sheet, first_row, column, name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    row = first_row
    for row, values in enumerate(rows, start=first_row + 1):
        for column, value in enumerate(values, start=1):
            put(sheet, row, column, value)
    for name in text_columns:
        letter = get_column_letter(header.index(name) + 1)
        for cells in sheet[f"{letter}{first_row + 1}:{letter}{max(row, first_row + 200)}"]:
            cells[0].number_format = TEXT
    return row


def tidy(sheet: Worksheet, header_row: int = 1, filters: bool = True) -> None:
    """Freeze the header, fit column widths to their contents, and turn filters on."""
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    fit_widths(sheet)
    print_fitted(sheet)
    if filters and sheet.max_row > header_row:
        last = get_column_letter(sheet.max_column)
        sheet.auto_filter.ref = f"A{header_row}:{last}{sheet.max_row}"


def print_fitted(sheet: Worksheet) -> None:
    """Print landscape, as wide as one page, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def fit_widths(sheet: Worksheet, least: int = 8) -> None:
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, datetime.date):
                widths[cell.column] = max(widths.get(cell.column, least), DATE_WIDTH)
            elif cell.value is not None:
                longest = max(len(line) for line in str(cell.value).splitlines() or [""])
                widths[cell.column] = max(widths.get(cell.column, least), longest + 2)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH, width)


def write_lines(sheet: Worksheet, lines: list[str], width: int = 90) -> None:
    """Paragraphs of text, one a row, the first as a title."""
    for row, line in enumerate(lines, start=1):
        cell = put(sheet, row, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = TITLE_FONT
        elif line.endswith(":"):
            cell.font = HEADER_FONT
        wrapped = max(1, -(-len(line) // width))  # rows of text once wrapped
        sheet.row_dimensions[row].height = 15 * wrapped + 3
    sheet.column_dimensions["A"].width = width
    print_fitted(sheet)
