"""Plain words for numbers: ``1 student``, ``3 students``, ``week 9``, ``weeks 9-10``."""

from __future__ import annotations

from collections.abc import Iterable


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 class``, ``2,860 preferences``: the number with the noun it needs."""
    return f"{n:,} {noun if n == 1 else plural or plural_of(noun)}"


def plural_of(noun: str) -> str:
    return noun + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")


def is_are(n: int) -> str:
    return "is" if n == 1 else "are"


def has_have(n: int) -> str:
    return "has" if n == 1 else "have"


def week_span(first: int, last: int) -> str:
    """``week 9`` for one week, ``weeks 9-10`` for more."""
    return f"week {first}" if first == last else f"weeks {first}-{last}"


def week_list(weeks: Iterable[int]) -> str:
    """``week 7`` or ``weeks 7, 8``."""
    weeks = list(weeks)
    return f"week{'' if len(weeks) == 1 else 's'} {', '.join(map(str, weeks))}"


def possessive(name: str) -> str:
    """``mathematics'``, ``design's``: a name's possessive form."""
    return name + ("'" if name.endswith("s") else "'s")
