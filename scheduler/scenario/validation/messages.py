"""Say what a pydantic validation error means in the words of a spreadsheet user."""

from __future__ import annotations

import difflib
from typing import Any


def plain_words(error: dict[str, Any], cell: object) -> str:
    """What is wrong with ``cell``, given one error from ``ValidationError.errors()``."""
    kind, ctx = error["type"], error.get("ctx") or {}
    shown = f'"{cell}"' if isinstance(cell, str) else f"{cell!r}"
    if kind == "missing":
        return "is empty, but a value is needed"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{shown} is not a whole number"
    if kind == "greater_than_equal":
        return f"{shown} is too small: the least allowed is {ctx['ge']}"
    if kind == "less_than_equal":
        return f"{shown} is too large: the most allowed is {ctx['le']}"
    if kind in ("string_too_short", "too_short"):
        return "is empty, but a value is needed"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error":
        return f"{shown} is not one of {ctx['expected']}"
    if kind.startswith("date"):
        return f"{shown} is not a date"
    if kind in ("list_type", "tuple_type"):
        return f"{shown} should be a list, such as [7, 8]"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{shown} should be a group of settings, one `key: value` a line"
    if kind in ("string_type", "str_type"):
        return f"{shown} should be text"
    return error["msg"]


def unknown_key(key: str, known: list[str]) -> str:
    """The message for a key or column that scheduler does not read."""
    guess = difflib.get_close_matches(key, known, n=1)
    hint = f' Did you mean "{guess[0]}"?' if guess else f" Known: {', '.join(known)}."
    return f'"{key}" is not a name scheduler knows.{hint}'


def near_name(name: str, known: list[str]) -> str | None:
    """The known name ``name`` is a small edit away from (a typo), or None.

    Small: the same once case, spaces, hyphens and underscores are ignored, or one or two
    letters changed, added, dropped or swapped (one, for a known name of six letters or
    fewer, so that a notes column such as "comment" is not taken for "common").
    """
    plain = _plain(name)
    for candidate in known:
        other = _plain(candidate)
        most = 1 if len(other) <= 6 else 2
        if abs(len(plain) - len(other)) > most:  # too far apart (and a huge cell stays cheap)
            continue
        if plain == other or edit_distance(plain, other) <= most:
            return candidate
    return None


def _plain(name: str) -> str:
    return "".join(c for c in name.casefold() if c not in " _-")


def edit_distance(a: str, b: str) -> int:
    """Letters changed, added, dropped or swapped (next to each other) to turn a into b."""
    before, row = None, list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if before is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, row = row, current
    return row[-1]


def typo_text(name: str, meant: str) -> str:
    """The message for a column a small edit away from one scheduler reads."""
    return (
        f'"{name}" is not a column scheduler reads, but it is very like "{meant}", which it '
        f'does: this looks like a typo, and the column would be ignored. Rename it "{meant}" '
        "(or, for notes of your own, give it a name unlike any column scheduler reads)"
    )


def unknown_id(
    value: str, column: str, home: str, known: set[str], titles: dict[str, str] | None = None
) -> str:
    """The message for an id not in ``home``, with the id the user probably meant: one that
    differs only in case, the id of a task whose title this is, or a close spelling."""
    return f'"{value}" is not a {column} in {home}. {meant_id(value, known, titles) or _add(home)}'


def _add(home: str) -> str:
    return f"Check the spelling, or add it to {home}"


def meant_id(value: str, known: set[str], titles: dict[str, str] | None = None) -> str:
    """``Did you mean "S02"? ...`` for the id ``value`` probably means, or empty."""
    folded = {k.casefold(): k for k in known}
    if value.casefold() in folded:
        return f'Did you mean "{folded[value.casefold()]}"? Ids are matched exactly, case and all'
    by_title = {" ".join(t.split()).casefold(): i for i, t in (titles or {}).items()}
    task = by_title.get(" ".join(value.split()).casefold())
    if task is not None:
        return f'That is the title of task {task}: give its id, "{task}"'
    if len(known) <= 1000:
        guess = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.75)
        if guess:
            return f'Did you mean "{guess[0]}"?'
    return ""


def with_hint(message: str, hint: str | None) -> str:
    """Join what is wrong with what is expected, as one sentence pair."""
    return f"{message}. Expected {hint}." if hint else f"{message}."
