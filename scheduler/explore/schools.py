"""Many school solves as one task each (in this process, a process pool, or on a Dask
cluster), each plan checked where it was made: a district's schools, or a school and its
variants (what-if)."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.check.school import check_school
from scheduler.exceptions import SchedulerError
from scheduler.explore.executor import Executor, Progress
from scheduler.explore.runs import Settings
from scheduler.model.school import solve_school
from scheduler.plan.school import SchoolPlan
from scheduler.scenario.school import School
from scheduler.scenario.school.variants import SchoolVariant, apply_school_variant

BASELINE = "baseline"


@dataclass(frozen=True)
class SchoolRun:
    """One school to solve: its name (in the district, or its variant's), the school, how,
    and what the variant changed."""

    name: str
    school: School
    settings: Settings
    changes: str = ""


@dataclass(frozen=True)
class SchoolOutcome:
    """A school's plan, and how many rules the independent checker finds it breaks."""

    name: str
    school: School
    plan: SchoolPlan
    broken: int
    changes: str = ""


def solve_one_school(run: SchoolRun) -> SchoolOutcome:
    """Solve one school and check its plan (a plan that breaks rules is an internal error)."""
    s = run.settings
    plan = solve_school(run.school, s.time_limit, s.workers, s.seed, s.objective)
    if plan.interrupted:  # Ctrl-C: stop every run
        raise KeyboardInterrupt
    plans = {name: list(p.assignments) for name, p in plan.subjects.items()}
    broken = check_school(run.school, plans) if plan.found else []
    if broken:
        lines = "\n".join(f"  - {v}" for v in broken)
        raise AssertionError(f"internal error: the plan for {run.name} breaks rules:\n{lines}")
    return SchoolOutcome(run.name, run.school, plan, len(broken), run.changes)


def district(
    schools: dict[str, School],
    settings: Settings,
    runner: Executor,
    progress: Progress | None = None,
) -> list[SchoolOutcome]:
    """Every school's outcome, in the order given, one school a task."""
    runs = [SchoolRun(name, school, settings) for name, school in schools.items()]
    return runner.map(solve_one_school, runs, progress)


def school_whatif(
    school: School,
    variants: list[SchoolVariant],
    settings: Settings,
    runner: Executor,
    progress: Progress | None = None,
) -> list[SchoolOutcome]:
    """The school as it is, then with each variant; every variant is applied (and so
    checked) before anything is solved."""
    runs = [SchoolRun(BASELINE, school, settings, "no changes")]
    runs += [
        SchoolRun(v.name, apply_school_variant(school, v), settings, v.describe()) for v in variants
    ]
    names = [run.name for run in runs]
    if len(set(names)) < len(names):
        raise SchedulerError(
            f'give each variant a name of its own (and none "{BASELINE}"): {", ".join(names)}'
        )
    return runner.map(solve_one_school, runs, progress)
