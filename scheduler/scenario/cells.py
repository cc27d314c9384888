"""Turn the text of one spreadsheet cell into a value, or say in plain words why not."""

from __future__ import annotations

import re

DASHES = re.compile(r"\s*[-\u2013\u2014]\s*")
MONTHS = re.compile(
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|/|^\d{4}-\d\d-\d\d", re.IGNORECASE
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MOST_WEEKS = 104  # the longest term (scenario.yaml's weeks); no week of a cell lies beyond it
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


def split_list(text: object) -> object:
    """Split ``"9A; 9C"`` into ``("9A", "9C")``; ``,`` is accepted as well as ``;``."""
    if not isinstance(text, str):
        return text
    return tuple(item.strip() for item in re.split(r"[;,]", text) if item.strip())


def parse_window(text: object) -> object:
    """Read a due week (``5``) or a window of weeks (``5-7``) as ``(first, last)``."""
    if not isinstance(text, str):
        return text
    parts = DASHES.split(text.strip())
    if len(parts) in (1, 2) and all(part.isdigit() for part in parts):
        first, last = int(parts[0]), int(parts[-1])
        if max(first, last) > MOST_WEEKS:
            raise ValueError(
                f'"{text}" names week {max(first, last)}, but a term has at most {MOST_WEEKS} '
                "weeks. Give weeks of the term"
            )
        return (first, last)
    if MONTHS.search(text):
        raise ValueError(
            f'"{text}" looks like a date: a spreadsheet may have turned a window such as '
            "5-7 into a date. Format the due_week column as text and type the weeks again"
        )
    raise ValueError(f'"{text}" is not a week such as 5 or a window such as 5-7')


def parse_group_size(text: object) -> object:
    """Read a group size (``3``) or a range of sizes (``2-4``) as ``(least, most)``."""
    if isinstance(text, int):
        text = str(text)
    if not isinstance(text, str):
        return text
    parts = DASHES.split(text.strip())
    if not (len(parts) in (1, 2) and all(part.isdigit() for part in parts)):
        raise ValueError(f'"{text}" is not a group size such as 3 or 2-4')
    least, most = int(parts[0]), int(parts[-1])
    if least < 1:
        raise ValueError(f'"{text}": a group has at least 1 student')
    if least > most:
        raise ValueError(f'"{text}" runs from more to fewer students: write {most}-{least}')
    return (least, most)


def split_weeks(text: object) -> object:
    """Read ``"6;7"`` or ``"6-8"`` (or a mix) as a tuple of week numbers."""
    if not isinstance(text, str):
        return text
    weeks: list[int] = []
    for item in split_list(text):
        first, last = parse_window(item)
        weeks.extend(range(first, last + 1))
    return tuple(weeks)


def parse_yes_no(text: object) -> object:
    """Read ``yes``/``no`` (also y/n, true/false, 1/0; empty is no)."""
    if not isinstance(text, str):
        return text
    word = text.strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError(f'"{text}" is neither yes nor no')


def lower_word(text: object) -> object:
    """Compare words such as ``Must`` without regard to case or spaces."""
    return text.strip().lower() if isinstance(text, str) else text


def spreadsheet_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula, made plain: ``=1+2`` becomes ``'=1+2``.

    Spreadsheets show a cell that starts with an apostrophe as the text after it;
    ``unquote`` reverses this when scheduler reads the file back.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unquote(text: str) -> str:
    """Undo ``spreadsheet_safe``: drop an apostrophe that guards a formula-like start."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text
