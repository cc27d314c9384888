"""Python's garbage collector paused while a model is built.

A model's build makes a few hundred thousand small objects (CP-SAT's variables, constraints
and expressions, our dictionaries of them) and no garbage cycles to speak of, yet each
allocation past a threshold sets off a collection, and the older collections walk every live
object. Measured with benchmarks/build_speed.py's builds, each in a fresh process after
reading the scenario, three times by turns: the 1,500 x 60 tier 2.18-2.25 s paused against
2.32-2.45 s, the school of issue 18 (1,200 x 8 subjects x 8 tasks) 2.73-2.82 s against
2.91-3.09 s. The more a process holds, the more each collection walks: with both built one
after the other in one process (as the local page may), 2.37-2.40 s against 3.22-3.56 s for
the tier and 3.04-3.31 s against 3.26-4.00 s for the school.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pauses:
    """How many builds are under way; the collector runs again when the last one ends, if
    it ran when the first began (builds may overlap in the local page's threads)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.under_way = 0
        self.was_on = False

    def begin(self) -> None:
        with self.lock:
            if self.under_way == 0:
                self.was_on = gc.isenabled()
                gc.disable()
            self.under_way += 1

    def end(self) -> None:
        with self.lock:
            self.under_way -= 1
            if self.under_way == 0 and self.was_on:
                gc.enable()


_PAUSES = _Pauses()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The garbage collector off inside, as it was after (see the module's measurements)."""
    _PAUSES.begin()
    try:
        yield
    finally:
        _PAUSES.end()
