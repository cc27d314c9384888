"""What each command does, as one library call returning text and an exit code.

The command line only parses its options, calls one of these, and prints the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scheduler.check import check, check_file
from scheduler.export import write_plan
from scheduler.model import solve
from scheduler.plan import Status
from scheduler.report.plan import plan_summary
from scheduler.scenario import load_scenario
from scheduler.scenario.precheck import precheck

OK, NO_PLAN_EXISTS, NO_PLAN_IN_TIME, PLAN_BREAKS_RULES = 0, 3, 4, 5


@dataclass
class JobResult:
    text: str
    exit_code: int = OK


def solve_job(
    scenario_folder: str | Path,
    out: str | Path,
    *,
    time_limit: float = 60.0,
    workers: int = 0,
    seed: int = 0,
    objective: str = "fair",
    progress: bool = True,
    overwrite: bool = False,
) -> JobResult:
    """Load, solve, check the plan independently, write it, and summarise it."""
    scenario = load_scenario(scenario_folder)
    plan = solve(scenario, time_limit, workers, seed, objective, display=progress)
    summary = plan_summary(scenario, plan)
    if plan.status == Status.INFEASIBLE:
        return JobResult(summary + _why_not(scenario), NO_PLAN_EXISTS)
    if plan.status == Status.UNKNOWN:
        hint = "Give the search more time with --time-limit, or loosen the tightest rules.\n"
        return JobResult(summary + hint, NO_PLAN_IN_TIME)
    broken = check(scenario, list(plan.assignments))
    if broken:
        lines = "\n".join(f"  - {v}" for v in broken)
        raise AssertionError(
            f"internal error: the solver's plan breaks rules; nothing was written:\n{lines}"
        )
    written = write_plan(scenario, plan, out, overwrite)
    files = ", ".join(str(p) for p in written)
    return JobResult(summary + f"\nChecked: the plan keeps every rule. Written: {files}\n")


def check_job(scenario_folder: str | Path, plan_path: str | Path) -> JobResult:
    """Check a plan file against its scenario; list every rule it breaks."""
    scenario = load_scenario(scenario_folder)
    broken = check_file(scenario, plan_path)
    if not broken:
        return JobResult(f"{scenario.settings.name}: the plan keeps every rule.\n")
    lines = "\n".join(f"  - {v}" for v in broken)
    return JobResult(
        f"{scenario.settings.name}: the plan breaks {len(broken)} rule(s):\n{lines}\n",
        PLAN_BREAKS_RULES,
    )


def _why_not(scenario) -> str:
    warnings = precheck(scenario).warnings
    if not warnings:
        return "The solver proved that no plan keeps every rule; the cheap checks found no single cause.\n"
    return "Reasons found before solving:\n" + "\n".join(f"  - {w}" for w in warnings) + "\n"
