"""How a command's many solves run (each solve's settings, solves at once, a Dask cluster),
shared by whatif, menu, sweep and district, for a scenario or a school."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field

from scheduler.explore.executor import Executor, Progress, executor
from scheduler.explore.runs import Settings, shared_out

StartProgress = Callable[[int], Progress] | None  # given the number of solves, an update


@dataclass(frozen=True)
class Explore:
    """Each solve's settings; how many solves run at once (worker processes: 1 in this
    process, 0 one per core); or the address of a Dask cluster to run them on."""

    settings: Settings = field(default_factory=Settings)
    jobs: int = 1
    address: str | None = None


ONE_AT_A_TIME = Explore()  # each solve in turn, in this process


@contextmanager
def solving(
    how: Explore, progress: StartProgress, solves: int
) -> Iterator[tuple[Executor, Settings, Progress | None]]:
    """The runner for ``solves`` solves, each solve's settings with its share of the cores,
    and the progress update (None without ``progress``); the runner is closed afterwards."""
    with closing(executor(how.jobs, how.address)) as runner:
        yield runner, shared_out(how.settings, runner), (progress(solves) if progress else None)
