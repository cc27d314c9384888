"""One interface for running many solves: in this process, in a local process pool, or on a
Dask cluster. Each run is sent as plain data (a scenario and settings), never as a model:
CP-SAT objects cannot be pickled."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from scheduler.exceptions import SchedulerError

Progress = Callable[[int], None]  # called with how many runs have just finished


class Executor(Protocol):
    workers: int  # how many runs go at once

    def map(self, fn: Callable[[Any], Any], items: Sequence, progress: Progress | None) -> list:
        """``[fn(item) for item in items]``, in order, reporting each run as it finishes."""

    def close(self) -> None:
        """Let go of the processes or the cluster."""


class InProcess:
    """One run after another in this process."""

    workers = 1

    def close(self) -> None:
        pass

    def map(self, fn, items, progress=None) -> list:
        results = []
        for item in items:
            results.append(fn(item))
            if progress:
                progress(1)
        return results


class ProcessPool:
    """Runs in ``jobs`` worker processes on this machine (started fresh, not forked: a fork
    of a process that has run CP-SAT's threads is not safe). On an error or Ctrl-C the
    workers are stopped at once, not left to finish the runs still queued."""

    def __init__(self, jobs: int):
        self.workers = jobs

    def map(self, fn, items, progress=None) -> list:
        results: list = [None] * len(items)
        with multiprocessing.get_context("spawn").Pool(self.workers) as pool:  # exit: terminate
            tasks = [(fn, i, item) for i, item in enumerate(items)]
            for i, result in pool.imap_unordered(_indexed, tasks):
                results[i] = result
                if progress:
                    progress(1)
        return results

    def close(self) -> None:
        pass  # each map starts and stops its own pool


def _indexed(task: tuple) -> tuple[int, Any]:
    fn, i, item = task
    return i, fn(item)


class DaskCluster:
    """Runs on a Dask cluster (``pip install 'scheduler[distributed]'``)."""

    def __init__(self, address: str, timeout: float = 10.0):
        try:
            from distributed import Client
        except ImportError:
            raise SchedulerError(
                "--scheduler-address needs Dask: pip install 'scheduler[distributed]'"
            ) from None
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise SchedulerError(f"cannot reach the Dask scheduler at {address}: {error}") from None
        self.workers = max(1, sum(self.client.nthreads().values()))

    def map(self, fn, items, progress=None) -> list:
        from distributed import as_completed as dask_completed

        futures = self.client.map(fn, list(items), pure=False)
        order = {future.key: i for i, future in enumerate(futures)}
        done = dask_completed(futures, loop=self.client.loop)
        try:
            return _collect({f: order[f.key] for f in futures}, done, len(futures), progress)
        except BaseException:  # an error or Ctrl-C: the cluster stops the runs still queued
            self.client.cancel(futures)
            raise

    def close(self) -> None:
        self.client.close()


def _collect(futures: dict, finished, count: int, progress: Progress | None) -> list:
    results: list = [None] * count
    for future in finished:
        results[futures[future]] = future.result()
        if progress:
            progress(1)
    return results


def executor(jobs: int = 1, address: str | None = None) -> Executor:
    """A Dask cluster at ``address``, else ``jobs`` local processes (0: one per core)."""
    if address:
        return DaskCluster(address)
    jobs = jobs or os.cpu_count() or 1
    return InProcess() if jobs == 1 else ProcessPool(jobs)


def workers_per_run(workers: int, runner: Executor) -> int:
    """CP-SAT workers for each run: as asked, or else this machine's cores shared out."""
    if workers:
        return workers
    if isinstance(runner, DaskCluster):
        return 1
    return max(1, (os.cpu_count() or 1) // runner.workers)
