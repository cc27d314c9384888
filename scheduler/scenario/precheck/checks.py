"""What can be known about a scenario's feasibility before solving: cheap necessary conditions.

Every figure here is a bound: ``needed`` is the least any valid plan needs, ``holds`` and
``available`` the most any plan can have. A need above its bound means no plan exists.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from scheduler.scenario.models import Scenario, Task, Teacher
from scheduler.scenario.precheck.curriculum import QuotaLine, quota_lines, quota_warnings
from scheduler.scenario.precheck.facts import Facts, Group
from scheduler.words import count, has_have, is_are, week_span


@dataclass(frozen=True)
class CoverageLine:
    """Student-assessments of one criterion in one period: needed against the most possible."""

    period: str
    criterion: str
    needed: int
    holds: int
    students_short: int
    example: str = ""


@dataclass(frozen=True)
class MarkingLine:
    """One teacher's marking minutes over the term: the least needed against what fits."""

    teacher_id: str
    name: str
    certain: int
    needed: int
    available: int


@dataclass
class Precheck:
    coverage: list[CoverageLine] = field(default_factory=list)
    marking: list[MarkingLine] = field(default_factory=list)
    quotas: list[QuotaLine] = field(default_factory=list)  # units and skills, by class
    department_needed: int = 0
    department_available: int = 0
    warnings: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # the warnings that mean no plan exists


def precheck(scenario: Scenario) -> Precheck:
    """Every cheap bound on the scenario, with a warning where a need exceeds its bound."""
    facts = Facts(scenario)
    loads = teacher_loads(facts)
    result = Precheck(
        coverage=coverage_lines(facts),
        marking=marking_lines(facts, loads),
        quotas=quota_lines(facts),
    )
    result.department_needed = sum(g.size * facts.least_minutes(g) for g in facts.groups)
    result.department_available = sum(line.available for line in result.marking)
    result.reasons = (
        coverage_warnings(result.coverage)
        + marking_warnings(facts, result, loads)
        + student_warnings(facts)
        + forced_warnings(facts)
        + policy_warnings(facts)
        + quota_warnings(facts, result.quotas)
    )
    result.warnings = result.reasons + task_warnings(facts)  # a task that cannot run: a plan may
    return result


# --- criteria coverage --------------------------------------------------------------------


def coverage_lines(facts: Facts) -> list[CoverageLine]:
    """For each period and criterion: assessments needed, most the menu holds, students short."""
    lines = []
    for period in facts.settings.reporting_periods:
        for criterion in facts.settings.criteria:
            tasks = [
                t
                for t in facts.scenario.tasks
                if criterion.id in t.criteria and facts.falls_in(t, period)
            ]
            ids = {t.task_id for t in tasks}
            short = [
                g
                for g in facts.groups
                if sum(t.task_id in ids for t in facts.open_tasks(g)) < criterion.min_per_period
            ]
            needed = len(facts.scenario.students) * criterion.min_per_period
            holds = sum(facts.seats(t) for t in tasks)
            example = f"{short[0].example} of class {short[0].class_id}" if short else ""
            lines.append(
                CoverageLine(
                    period.name,
                    criterion.id,
                    needed,
                    holds,
                    sum(g.size for g in short),
                    example,
                )
            )
    return lines


def coverage_warnings(lines: list[CoverageLine]) -> list[str]:
    warnings = []
    for line in lines:
        if line.needed > line.holds:
            warnings.append(
                f"Criterion {line.criterion} in {line.period}: {count(line.needed, 'assessment')} "
                f"{is_are(line.needed)} needed but the tasks that can be due then hold at most "
                f"{line.holds:,}."
            )
        if line.students_short:
            warnings.append(
                f"Criterion {line.criterion} in {line.period}: "
                f"{count(line.students_short, 'student')} {has_have(line.students_short)} too few "
                "tasks open to them that assess it in that period (for example "
                f"{line.example}: check the tasks' classes and the never pins)."
            )
    return warnings


# --- marking ------------------------------------------------------------------------------


@dataclass
class Loads:
    """Marking minutes by teacher: certain (forced work), least possible, certain by weeks."""

    certain: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    least: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    jobs: dict[str, dict[tuple[int, int], int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )


def teacher_loads(facts: Facts) -> Loads:
    """Every teacher's loads in one pass over the groups of students."""
    loads = Loads()
    feedback = facts.settings.policy.feedback_weeks
    for group in facts.groups:
        for tid in facts.markers(group):
            loads.least[tid] += group.size * facts.least_minutes(group, tid)
            for task in facts.forced(group):
                minutes = group.size * facts.cost(task, group, tid)
                weeks = facts.due_weeks(task)
                loads.certain[tid] += minutes
                if not weeks or not minutes or task.in_groups:  # groups: no window bound
                    continue
                drafts = group.size * task.draft_minutes if task.has_draft else 0
                if minutes > drafts:
                    loads.jobs[tid][(weeks[0] + 1, weeks[-1] + feedback)] += minutes - drafts
                if drafts:  # feedback on drafts comes back before the final is due
                    soon = min(feedback, task.draft_weeks - 1)
                    window = (weeks[0] - task.draft_weeks + 1, weeks[-1] - task.draft_weeks + soon)
                    loads.jobs[tid][window] += drafts
    _moderation_loads(facts, loads)
    return loads


def _moderation_loads(facts: Facts, loads: Loads) -> None:
    """The moderation every plan has: of each task students must do, the sample of them."""
    feedback = facts.settings.policy.feedback_weeks
    for task in facts.scenario.tasks:
        if not task.moderator or not task.marking_minutes:
            continue
        forced = sum(g.size for g in facts.groups if task in facts.forced(g))
        if task.in_groups:  # one submission a group, of at most its largest size
            forced = -(-forced // task.group_size[1])
        minutes = task.marking_minutes * min(task.sample, forced)
        weeks = facts.due_weeks(task)
        if minutes and weeks:
            loads.certain[task.moderator] += minutes
            loads.least[task.moderator] += minutes
            loads.jobs[task.moderator][(weeks[0] + 1, weeks[-1] + feedback)] += minutes


def marking_lines(facts: Facts, loads: Loads) -> list[MarkingLine]:
    """Each teacher's certain and least marking minutes against the minutes that fit."""
    return [
        MarkingLine(
            t.teacher_id,
            t.name,
            loads.certain[t.teacher_id],
            loads.least[t.teacher_id],
            available(facts, t),
        )
        for t in facts.scenario.teachers
    ]


def available(facts: Facts, teacher: Teacher) -> int:
    """Minutes the teacher can mark from week 2 until the last feedback week."""
    end = facts.settings.weeks + facts.settings.policy.feedback_weeks
    return teacher.marking_time(2, end)


def marking_overload(facts: Facts, teacher: Teacher, jobs: dict) -> str | None:
    """The worst stretch of weeks whose certain marking cannot fit, in words, or None.

    Work due in week w can be marked from week w+1 to w+feedback_weeks; a teacher's work
    fits exactly when no stretch of weeks holds more of it than its weeks have room for.
    """
    starts = sorted({a for a, _ in jobs})
    ends = sorted({b for _, b in jobs})
    worst = None
    for a in starts:
        for b in (e for e in ends if e >= a):
            demand = sum(m for (r, d), m in jobs.items() if r >= a and d <= b)
            room = teacher.marking_time(a, b)
            if demand > room and (worst is None or demand - room > worst[2] - worst[3]):
                worst = (a, b, demand, room)
    if worst is None:
        return None
    a, b, demand, room = worst
    return (
        f"Teacher {teacher.teacher_id} ({teacher.name}) must mark {demand:,} minutes of common "
        f"tasks and pinned work in {week_span(a, b)}, but only {room:,} minutes fit there."
    )


def marking_warnings(facts: Facts, result: Precheck, loads: Loads) -> list[str]:
    warnings = [
        w
        for t in facts.scenario.teachers
        if (w := marking_overload(facts, t, loads.jobs[t.teacher_id]))
    ]
    for line in result.marking:
        if line.needed > line.available:
            warnings.append(
                f"Teacher {line.teacher_id} ({line.name}) needs at least {line.needed:,} marking "
                f"minutes this term, but only {line.available:,} fit."
            )
    if result.department_needed > result.department_available:
        warnings.append(
            f"The department needs at least {result.department_needed:,} marking minutes this "
            f"term, but its teachers have {result.department_available:,}."
        )
    return warnings


# --- students and tasks -------------------------------------------------------------------


def student_warnings(facts: Facts) -> list[str]:
    """Students with too few tasks open to them, or too few weeks to hand them in."""
    policy = facts.settings.policy
    fewest = policy.tasks_per_student.min
    few_tasks, few_weeks = [], []
    for group in facts.groups:
        tasks = facts.open_tasks(group)
        if len(tasks) < fewest:
            few_tasks.append(group)
        weeks = {w for t in tasks for w in facts.group_weeks(group, t)}
        if policy.max_deadlines_per_week and len(weeks) * policy.max_deadlines_per_week < fewest:
            few_weeks.append(group)
    warnings = []
    if few_tasks:
        warnings.append(
            f"{_count(few_tasks)} {_have(few_tasks)} fewer than {fewest} tasks open to them "
            f"(for example {few_tasks[0].example})."
        )
    if few_weeks:
        warnings.append(
            f"{_count(few_weeks)} cannot hand in {fewest} tasks with at most "
            f"{count(policy.max_deadlines_per_week, 'deadline')} a week (for example {few_weeks[0].example})."
        )
    return warnings


def task_warnings(facts: Facts) -> list[str]:
    """Tasks that can never run because too few students may take them."""
    return [
        f"Task {t.task_id} needs {count(t.min_students, 'student')} to run but only "
        f"{facts.eligible(t)} may take it, so it will not run."
        for t in facts.scenario.tasks
        if not t.common and t.min_students > facts.eligible(t)
    ]


def policy_warnings(facts: Facts) -> list[str]:
    """Criteria minimums that need more tasks than the policy allows, or than weeks hold."""
    settings, policy = facts.settings, facts.settings.policy
    needs = [
        (period, max((c.min_per_period for c in settings.criteria), default=0))
        for period in settings.reporting_periods
    ]
    warnings = []
    total, most = sum(n for _, n in needs), policy.tasks_per_student.max
    if most is not None and total > most:
        each = ", ".join(f"{n} in {p.name}" for p, n in needs)
        warnings.append(
            f"Every student needs at least {total} tasks to meet the criteria minimums in "
            f"every period ({each}), but the policy allows at most {most}."
        )
    if policy.max_deadlines_per_week is None:
        return warnings
    for period, need in needs:
        weeks = [w for w in period.weeks if w not in facts.closed]
        if need > len(weeks) * policy.max_deadlines_per_week:
            warnings.append(
                f"Every student needs at least {need} tasks due in {period.name} to meet the "
                f"criteria minimums there, but its {count_weeks(len(weeks))} can hold at most "
                f"{count(policy.max_deadlines_per_week, 'deadline')} each."
            )
    return warnings


def count_weeks(n: int) -> str:
    return f"{n} week{'' if n == 1 else 's'} open for deadlines"


# --- common tasks and must pins -----------------------------------------------------------


def forced_warnings(facts: Facts) -> list[str]:
    """Common tasks and must pins that cannot all be kept, by task and by group of students."""
    reasons: dict[str, list[Group]] = defaultdict(list)
    for group in facts.groups:
        for reason in forced_group_reasons(facts, group):
            reasons[reason].append(group)
    return forced_task_warnings(facts) + [
        f"{_count(groups)} (for example {groups[0].example} of class {groups[0].class_id}) "
        + reason
        for reason, groups in reasons.items()
    ]


def forced_task_warnings(facts: Facts) -> list[str]:
    """Tasks more students must do than the task takes, or too few to let it run."""
    takers: dict[str, int] = defaultdict(int)
    for group in facts.groups:
        for task in facts.forced(group):
            takers[task.task_id] += group.size
    warnings = []
    for task in facts.scenario.tasks:
        must, why = takers.get(task.task_id, 0), _why_forced(task)
        if task.capacity is not None and must > task.capacity:
            warnings.append(
                f"Task {task.task_id} ({task.title}) {why} {_students(must)}, but takes at most "
                f"{task.capacity}."
            )
        if must and task.min_students > facts.eligible(task):
            warnings.append(
                f"Task {task.task_id} ({task.title}) {why} {_students(must)}, but runs only with "
                f"at least {task.min_students} and only {facts.eligible(task)} may take it."
            )
    return warnings


def forced_group_reasons(facts: Facts, group: Group) -> list[str]:
    """Why the group's common tasks and must pins alone break the policy or a criterion."""
    forced = facts.forced(group)
    names = ", ".join(t.task_id for t in forced)
    most = facts.settings.policy.tasks_per_student.max
    reasons = []
    if most is not None and len(forced) > most:
        reasons.append(
            f"must do {len(forced)} tasks (common tasks and must pins: {names}), more than "
            f"the policy's most of {most}."
        )
    return reasons + _forced_deadlines(facts, forced) + _forced_criteria(facts, forced)


def _forced_deadlines(facts: Facts, forced: list[Task]) -> list[str]:
    """Forced tasks that can only be due in the same week, beyond the deadline limit."""
    most = facts.settings.policy.max_deadlines_per_week
    fixed: dict[int, list[str]] = defaultdict(list)
    for task in forced:
        weeks = facts.due_weeks(task)
        if len(weeks) == 1:
            fixed[weeks[0]].append(task.task_id)
    return [
        f"must hand in {', '.join(ids)} in week {week}, more than the "
        f"{count(most, 'deadline')} a week allowed."
        for week, ids in sorted(fixed.items())
        if most is not None and len(ids) > most
    ]


def _forced_criteria(facts: Facts, forced: list[Task]) -> list[str]:
    """Forced tasks that can only be due in one period and assess a criterion too often there."""
    warnings = []
    for period in facts.settings.reporting_periods:
        inside = [t for t in forced if set(facts.due_weeks(t)) <= set(period.weeks)]
        for criterion in facts.settings.criteria:
            ids = [t.task_id for t in inside if criterion.id in t.criteria]
            if criterion.max_per_period is not None and len(ids) > criterion.max_per_period:
                warnings.append(
                    f"must do {', '.join(ids)}, all assessing criterion {criterion.id} "
                    f"in {period.name}, more than its most of {criterion.max_per_period}."
                )
    return warnings


def _why_forced(task: Task) -> str:
    return "is common to" if task.common else "is pinned as a must for"


def _count(groups: list[Group]) -> str:
    return _students(sum(g.size for g in groups))


def _have(groups: list[Group]) -> str:
    return has_have(sum(g.size for g in groups))


def _students(n: int) -> str:
    return count(n, "student")
