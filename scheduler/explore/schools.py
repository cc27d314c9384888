"""Many school solves as one task each (in this process, a process pool, or on a Dask
cluster), each plan checked where it was made: a district's schools, or a school and its
variants (what-if)."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.check.school import check_school
from scheduler.exceptions import SchedulerError
from scheduler.explore.executor import Executor, Progress
from scheduler.explore.runs import Settings, no_plan_reason
from scheduler.model.school import find_school_clash, solve_school
from scheduler.plan import Status
from scheduler.plan.school import SchoolPlan
from scheduler.report.school import school_clash_line
from scheduler.scenario.models import Task
from scheduler.scenario.school import School
from scheduler.scenario.school.precheck import proven_reasons
from scheduler.scenario.school.variants import SchoolVariant, apply_school_variant
from scheduler.scenario.variants.variant import option_variant

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
    reason: str = ""  # for no plan, one line on why


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
    return SchoolOutcome(run.name, run.school, plan, len(broken), run.changes, _reason(run, plan))


def _reason(run: SchoolRun, plan: SchoolPlan) -> str:
    """For a school with no plan, one line on why: a reason seen before solving, or the
    rule groups that clash (sought for at most REASON_SECONDS)."""
    reasons = proven_reasons(run.school) if plan.status == Status.INFEASIBLE else []
    if reasons:
        return reasons[0]
    return no_plan_reason(
        plan,
        run.settings.time_limit,
        lambda seconds: find_school_clash(run.school, seconds),
        school_clash_line,
    )


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


@dataclass(frozen=True)
class SchoolMenuRuns:
    """The school's menu report's solves: the school as it is, then the school with each
    subject's task dropped, and with more places on each task that has a capacity; keyed by
    (subject, task_id)."""

    baseline: SchoolOutcome
    dropped: dict[tuple[str, str], SchoolOutcome]
    more_places: dict[tuple[str, str], SchoolOutcome]
    extra: int


def school_menu_tasks(school: School, only: list[str] | None = None) -> list[tuple[str, Task]]:
    """The (subject, task) pairs the menu report looks at: every subject's every task, or
    those named in ``only`` (``SUBJECT`` for all its tasks, ``SUBJECT:TASK`` for one)."""
    pairs = [(name, task) for name, s in school.subjects.items() for task in s.tasks]
    if not only:
        return pairs
    unknown = [item for item in only if not any(_named(item, n, t) for n, t in pairs)]
    if unknown:
        raise SchedulerError(
            f"--tasks: {', '.join(unknown)} names no task of the school; give SUBJECT (each of "
            f"its tasks) or SUBJECT:TASK, with SUBJECT one of {', '.join(school.subjects)}"
        )
    return [(n, t) for n, t in pairs if any(_named(item, n, t) for item in only)]


def _named(item: str, subject: str, task: Task) -> bool:
    name, colon, task_id = item.partition(":")
    return name.strip() == subject and (not colon or task_id.strip() == task.task_id)


def school_menu_run_count(school: School, only: list[str] | None = None) -> int:
    """How many school solves the menu report makes (for a progress bar)."""
    pairs = school_menu_tasks(school, only)
    return 1 + len(pairs) + sum(t.capacity is not None for _, t in pairs)


def school_menu_runs(
    school: School,
    settings: Settings,
    runner: Executor,
    extra: int = 10,
    progress: Progress | None = None,
    only: list[str] | None = None,
) -> SchoolMenuRuns:
    """Solve the school, then (one school a task) the school without each subject's task
    and with ``extra`` more places on each task that has a capacity."""
    pairs = school_menu_tasks(school, only)
    base = solve_one_school(SchoolRun(BASELINE, school, settings, "no changes"))
    if progress:
        progress(1)
    if not base.plan.found:
        raise SchedulerError(f"the school itself has no plan ({base.plan.status}); solve it first")
    drops = {
        (n, t.task_id): SchoolVariant(f"{n}: without {t.task_id}", subjects={
            n: option_variant(drop=(t.task_id,))})
        for n, t in pairs
    }  # fmt: skip
    more = {
        (n, t.task_id): SchoolVariant(f"{n}: {t.task_id} +{extra}", subjects={
            n: option_variant(sets=(f"task.{t.task_id}.capacity={t.capacity + extra}",))})
        for n, t in pairs
        if t.capacity is not None
    }  # fmt: skip
    variants = [*drops.values(), *more.values()]
    runs = [
        SchoolRun(v.name, apply_school_variant(school, v), settings, v.describe()) for v in variants
    ]
    outcomes = runner.map(solve_one_school, runs, progress)
    return SchoolMenuRuns(
        base,
        dict(zip(drops, outcomes[: len(drops)], strict=True)),
        dict(zip(more, outcomes[len(drops) :], strict=True)),
        extra,
    )
