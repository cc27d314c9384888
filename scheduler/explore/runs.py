"""One solve of one variant, as plain data that can go to another process or machine."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.check import check
from scheduler.exceptions import SchedulerError
from scheduler.explore.executor import Executor, Progress, workers_per_run
from scheduler.model import solve
from scheduler.model.explain import find_clash
from scheduler.plan import Assignment, Plan, Status
from scheduler.report.clash import clash_line
from scheduler.report.compare import Outcome
from scheduler.scenario import Scenario
from scheduler.scenario.precheck import precheck
from scheduler.scenario.variants.edit import apply_variant
from scheduler.scenario.variants.variant import Variant

# The rules that clash in a variant with no plan get at most this long (or the time limit).
REASON_SECONDS = 10.0


@dataclass(frozen=True)
class Settings:
    """How each run is solved."""

    time_limit: float = 30.0
    workers: int = 1
    seed: int = 0
    objective: str = "fair"


def shared_out(settings: Settings, runner: Executor) -> Settings:
    """``settings`` with each run's share of this machine's cores (or the workers asked)."""
    workers = workers_per_run(settings.workers, runner)
    return Settings(settings.time_limit, workers, settings.seed, settings.objective)


@dataclass(frozen=True)
class Run:
    """One solve: a scenario with a variant applied, and the plan to start from."""

    name: str
    scenario: Scenario
    settings: Settings
    changes: str = ""
    start: tuple[Assignment, ...] | None = None


def run_one(run: Run) -> Outcome:
    """Solve one run; for no plan, say why in one line."""
    s = run.settings
    bounds = precheck(run.scenario)
    if bounds.reasons:
        plan = Plan(status=Status.INFEASIBLE, objective=s.objective)
        return Outcome(run.name, run.scenario, plan, run.changes, bounds.reasons[0])
    plan = solve(run.scenario, s.time_limit, s.workers, s.seed, s.objective, start=run.start)
    if plan.interrupted:  # Ctrl-C: one plan alone is no comparison; stop every run
        raise KeyboardInterrupt
    _checked(run, plan)
    return Outcome(run.name, run.scenario, plan, run.changes, _reason(run, plan))


def _checked(run: Run, plan: Plan) -> None:
    """Every plan must pass the independent checker; else it is not used at all."""
    broken = check(run.scenario, list(plan.assignments)) if plan.found else []
    if broken:
        lines = "\n".join(f"  - {v}" for v in broken)
        raise AssertionError(f"internal error: the plan for {run.name} breaks rules:\n{lines}")


def _reason(run: Run, plan: Plan) -> str:
    return no_plan_reason(
        plan, run.settings.time_limit, lambda s: find_clash(run.scenario, s), clash_line
    )


def no_plan_reason(plan, time_limit: float, clash_within, line) -> str:
    """For a plan that was not found, one line on why: the time ran out, or the rules that
    clash (``clash_within(seconds)``, in ``line``'s words), sought for at most REASON_SECONDS;
    empty for a plan found."""
    if plan.status == Status.UNKNOWN:
        return "no plan found within the time limit"
    if plan.status != Status.INFEASIBLE:
        return ""
    seconds = min(REASON_SECONDS, time_limit)
    clash = clash_within(seconds)
    if clash is None:
        return f"no plan exists; the rules that clash were not found within {seconds:g} s"
    return line(clash)


def variant_runs(
    scenario: Scenario, variants: list[Variant], settings: Settings, start: Plan | None
) -> list[Run]:
    """A run for each variant, applied to ``scenario`` (a bad variant raises here, before any
    solve), starting from ``start``'s plan."""
    hint = start.assignments if start is not None and start.found else None
    return [Run(v.name, apply_variant(scenario, v), settings, v.describe(), hint) for v in variants]


def solve_all(runs: list[Run], runner: Executor, progress: Progress | None = None) -> list[Outcome]:
    """Every run's outcome, in order."""
    names = [run.name for run in runs]
    if len(set(names)) < len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise SchedulerError(f"two variants are named {', '.join(twice)}; give each its own name")
    return runner.map(run_one, runs, progress)
