"""Solve a scenario and each of its variants; sweep one value; the menu report's runs."""

from __future__ import annotations

from dataclasses import dataclass, replace

from scheduler.exceptions import SchedulerError
from scheduler.explore.executor import Executor, Progress
from scheduler.explore.runs import Run, Settings, run_one, solve_all, variant_runs
from scheduler.report.compare import Outcome
from scheduler.scenario import Scenario
from scheduler.scenario.variants.variant import Variant, option_variant

BASELINE = "baseline"


def whatif(
    scenario: Scenario,
    variants: list[Variant],
    settings: Settings,
    runner: Executor,
    progress: Progress | None = None,
) -> list[Outcome]:
    """The baseline's outcome, then each variant's, every variant starting from the baseline's
    plan. Every variant is applied (and so checked) before anything is solved."""
    runs = variant_runs(scenario, variants, settings, None)
    if BASELINE in {run.name for run in runs}:
        raise SchedulerError(
            f'"{BASELINE}" names the scenario as it is; name the variant otherwise'
        )
    base = run_one(Run(BASELINE, scenario, settings, "no changes"))
    if progress:
        progress(1)
    start = base.plan.assignments if base.plan.found else None
    runs = [replace(run, start=start) for run in runs]
    return [base, *solve_all(runs, runner, progress)]


def sweep_variants(setting: str) -> list[Variant]:
    """One variant per value of ``KEY=V1,V2,...``."""
    key, values = sweep_values(setting, "policy.max_deadlines_per_week=1,2,3")
    return [option_variant(sets=(f"{key}={v}",), name=v) for v in values]


def sweep_values(setting: str, example: str) -> tuple[str, list[str]]:
    """The KEY and the values of ``KEY=V1,V2,...``, each given once (``example``: such a
    setting, for the message when it is not)."""
    key, _, text = (part.strip() for part in setting.partition("="))
    values = [v.strip() for v in text.split(",")]
    if not key or not all(values):
        raise SchedulerError(
            f"--set {setting}: give a key and values separated by commas, such as --set {example}"
        )
    twice = sorted({v for v in values if values.count(v) > 1})
    if twice:
        raise SchedulerError(
            f"--set {setting}: {', '.join(twice)} given twice; give each value once"
        )
    return key, values


@dataclass(frozen=True)
class MenuRuns:
    """The menu report's solves: the baseline, each task dropped, each task with more places."""

    baseline: Outcome
    dropped: dict[str, Outcome]
    more_places: dict[str, Outcome]
    extra: int


def menu_runs(
    scenario: Scenario,
    settings: Settings,
    runner: Executor,
    extra: int = 10,
    progress: Progress | None = None,
    only: list[str] | None = None,
) -> MenuRuns:
    """Solve the baseline, then (in parallel, from its plan) the menu without each task and
    with ``extra`` more places on each task that has a capacity (``only``: these tasks)."""
    chosen = menu_tasks(scenario, only)
    base = run_one(Run(BASELINE, scenario, settings, "no changes"))
    if progress:
        progress(1)
    if not base.plan.found:
        why = base.reason or str(base.plan.status)
        raise SchedulerError(f"the scenario itself has no plan ({why}); solve it first")
    tasks = [t.task_id for t in chosen]
    limited = [t for t in chosen if t.capacity is not None]
    drops = [option_variant(drop=(t,), name=f"without {t}") for t in tasks]
    more = [
        option_variant(sets=(f"task.{t.task_id}.capacity={t.capacity + extra}",), name=t.task_id)
        for t in limited
    ]
    outcomes = solve_all(
        variant_runs(scenario, drops + more, settings, base.plan), runner, progress
    )
    return MenuRuns(
        base,
        dict(zip(tasks, outcomes[: len(drops)], strict=True)),
        dict(zip([t.task_id for t in limited], outcomes[len(drops) :], strict=True)),
        extra,
    )


def menu_tasks(scenario: Scenario, only: list[str] | None = None) -> list:
    """The tasks the menu report looks at: every task, or those named in ``only``."""
    if not only:
        return list(scenario.tasks)
    unknown = [t for t in only if t not in scenario.task_by_id]
    if unknown:
        raise SchedulerError(f"--tasks: {', '.join(unknown)} not in tasks.csv")
    return [t for t in scenario.tasks if t.task_id in only]


def menu_run_count(scenario: Scenario, only: list[str] | None = None) -> int:
    """How many solves the menu report makes (for a progress bar)."""
    tasks = menu_tasks(scenario, only)
    return 1 + len(tasks) + sum(t.capacity is not None for t in tasks)
