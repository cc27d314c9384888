"""The page's solves: each in a thread of its own, followed by a Watch, so the page can show
its progress and stop it; several tabs each have their own runs and folders."""

from __future__ import annotations

import secrets
import threading
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from scheduler.exceptions import ScenarioError, SchedulerError
from scheduler.explore.runs import Settings
from scheduler.jobs import JobResult, solve_job
from scheduler.jobs.explore import menu_job
from scheduler.jobs.exploring import Explore
from scheduler.jobs.page import WhatIf, plan_view, school_view, whatif_view
from scheduler.model import Watch
from scheduler.scenario.variants.variant import Variant

MENU_JOBS = 2  # the menu report's solves side by side, one CP-SAT worker each


@dataclass
class Run:
    """One solve of a scenario, its plan written to ``out``; or (``variant`` given) a
    what-if: the scenario and the variant, side by side."""

    source: Path
    out: Path
    time_limit: float
    relax: bool = False
    variant: Variant | None = None
    kind: str = "solve"  # or "whatif", "menu"
    solves_done: int = 0
    solves: int = 0  # how many solves the run makes (a what-if's or a menu report's)
    watch: Watch = field(default_factory=Watch)
    started: float = field(default_factory=time.perf_counter)
    result: JobResult | WhatIf | None = None
    error: str | None = None
    view: object = None  # the plan as the page shows it, read once it is written
    done: threading.Event = field(default_factory=threading.Event)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    @property
    def state(self) -> str:
        if not self.done.is_set():
            return "stopping" if self.watch.stopped else "running"
        return "failed" if self.error else "done"

    @property
    def written(self) -> bool:
        """Whether a subject's plan was written (its plan page can be shown)."""
        return (self.out / "plan.xlsx").exists()

    @property
    def school(self) -> bool:
        """Whether a school's plan was written (allocation.csv and school.xlsx)."""
        return (self.out / "school.xlsx").exists()


class Runs:
    """Every run of this server, by a random id; each writes into a folder of its own under
    ``folder``."""

    def __init__(self, folder: Path, workers: int = 0):
        self.folder, self.workers = folder, workers
        self._runs: dict[str, Run] = {}
        self._lock = threading.Lock()

    def start(self, source: Path, time_limit: float, relax: bool = False) -> str:
        """A solve (the closest plan with ``relax``), in a thread of its own."""
        return self._begin(self._solve, source, time_limit, relax=relax)

    def start_whatif(self, source: Path, variant: Variant, time_limit: float) -> str:
        """A what-if of ``variant`` against the scenario as it is, in a thread of its own."""
        return self._begin(self._whatif, source, time_limit, variant=variant, kind="whatif",
                           solves=2)  # fmt: skip

    def _begin(self, work, source: Path, time_limit: float, **fields) -> str:
        """A new run (writing into a folder of its own), kept by a random id, and ``work``
        started on it in a thread of its own."""
        run_id = secrets.token_hex(8)
        run = Run(source, self.folder / "plans" / run_id, time_limit, **fields)
        with self._lock:
            self._runs[run_id] = run
        threading.Thread(target=work, args=(run,), daemon=True).start()
        return run_id

    def _whatif(self, run: Run) -> None:
        def done(n: int) -> None:
            run.solves_done += n

        settings = Settings(run.time_limit, self.workers or 0)
        self._guarded(run, lambda: whatif_view(run.source, run.variant, settings, done))

    def start_menu(self, source: Path, time_limit: float) -> str:
        """The menu report (each task dropped, each capacity raised), in a thread of its own;
        menu.xlsx is written into the run's folder."""
        return self._begin(self._menu, source, time_limit, kind="menu")

    def _menu(self, run: Run) -> None:
        def start(total: int):
            run.solves = total

            def done(n: int) -> None:
                run.solves_done += n

            return done

        how = Explore(Settings(run.time_limit, 1), MENU_JOBS)
        self._guarded(run, lambda: menu_job(run.source, run.out, how=how, progress=start))

    def stop_all(self, seconds: float = 10.0) -> None:
        """Stop every run still searching, and wait (up to ``seconds``) for each to end."""
        with self._lock:
            runs = list(self._runs.values())
        for run in runs:
            run.watch.stop()
        deadline = time.perf_counter() + seconds
        for run in runs:
            run.done.wait(max(0.0, deadline - time.perf_counter()))

    def get(self, run_id: str) -> Run | None:
        with self._lock:
            return self._runs.get(run_id)

    def _solve(self, run: Run) -> None:
        def work() -> JobResult:
            result = solve_job(
                run.source,
                run.out,
                time_limit=run.time_limit,
                workers=self.workers,
                progress=False,
                relax=run.relax,
                watch=run.watch,
            )
            # the plan is read for its page here, off any request, while the summary is read
            if run.written or run.school:  # a plan it cannot read is said on its page
                with suppress(SchedulerError):
                    run.view = (school_view if run.school else plan_view)(run.source, run.out)
            # the files are the page's downloads: named, not shown in the server's folder
            return JobResult(result.text.replace(f"{run.out}/", ""), result.exit_code)

        self._guarded(run, work)

    def _guarded(self, run: Run, work) -> None:
        """Run's ``work()`` as its result; a problem becomes its error, said on the page."""
        try:
            run.result = work()
        except ScenarioError as error:
            run.error = "\n".join(str(p) for p in error.errors)
        except SchedulerError as error:
            run.error = str(error)
        except Exception as error:  # shown on the page rather than lost in a thread
            run.error = f"internal error: {type(error).__name__}: {error}"
        finally:
            run.done.set()
