"""menu.xlsx: the menu report's tables, one sheet each."""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook

from scheduler.export.workbook import frame_sheet


def menu_workbook(frames: dict[str, pd.DataFrame]) -> Workbook:
    """One sheet per table, in order."""
    book = Workbook()
    book.remove(book.active)
    for title, frame in frames.items():
        frame_sheet(book.create_sheet(title), frame)
    return book
