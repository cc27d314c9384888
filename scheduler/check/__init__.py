"""The independent checker of FORMAT.md's rules for a valid plan.

It reads the scenario and a list of assignments and shares no code with the model: every
rule is checked here from its wording, so a plan the model gets wrong is caught.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from scheduler.plan import Assignment
from scheduler.plan.files import read_plan
from scheduler.scenario import Scenario, Student, Task

RULES = {
    1: "common tasks, pins and classes",
    2: "due weeks",
    3: "task sizes",
    4: "tasks and deadlines per student",
    5: "criteria coverage",
    6: "marking in time",
    7: "units",
    8: "skills",
    9: "drafts",
    10: "away weeks",
    11: "own due weeks",
    12: "groups",
    13: "deadlines across subjects",
    14: "marking across subjects",
}


@dataclass(frozen=True)
class Violation:
    """One way a plan breaks a rule, in words a teacher reads."""

    rule: int
    message: str
    bent: str | None = None  # the bendable rule family (scheduler.plan.shortfall), if any
    amount: int = 0  # how far it falls short, in that family's unit
    about: tuple = ()  # what it is about, for grouping: (criterion, period), (teacher, week), ...

    def __str__(self) -> str:
        return f"Rule {self.rule} ({RULES[self.rule]}): {self.message}"


def check_file(scenario: Scenario, path: str | Path) -> tuple[list[Violation], str]:
    """Check the plan in ``path``: an allocation.csv, a plan.xlsx, or a folder holding one.

    Returns every rule broken, and a sentence saying what was read.
    """
    assignments, source = read_plan(scenario, path)
    return check(scenario, assignments), source


def check(scenario: Scenario, assignments: list[Assignment]) -> list[Violation]:
    """Every rule the plan breaks (an empty list: the plan is valid)."""
    plan = _Plan(scenario, assignments)
    return [
        *common_tasks_pins_and_classes(plan),
        *due_weeks(plan),
        *task_sizes(plan),
        *tasks_per_student(plan),
        *deadlines_per_week(plan),
        *criteria_coverage(plan),
        *markers(plan),
        *marking_in_time(plan),
        *units(plan),
        *skills(plan),
        *drafts(plan),
        *away_weeks(plan),
        *groups(plan),
    ]


class _Plan:
    """The assignments arranged for checking."""

    def __init__(self, scenario: Scenario, assignments: list[Assignment]):
        self.scenario = scenario
        self.settings = scenario.settings
        self.assignments = assignments
        self.by_student: dict[str, list[Assignment]] = defaultdict(list)
        self.by_task: dict[str, list[Assignment]] = defaultdict(list)
        for a in assignments:
            self.by_student[a.student_id].append(a)
            self.by_task[a.task_id].append(a)

    def student(self, student_id: str) -> str:
        s = self.scenario.student_by_id[student_id]
        return f"{s.student_id} ({s.name}, {s.class_id})"

    def task(self, task_id: str) -> str:
        return f"{task_id} ({self.scenario.task_by_id[task_id].title})"

    def does(self, student: Student, task: Task) -> bool:
        return any(a.task_id == task.task_id for a in self.by_student[student.student_id])


def common_tasks_pins_and_classes(plan: _Plan) -> list[Violation]:
    """Rule 1: common tasks, must and never pins, and tasks closed to classes."""
    found = []
    for student in plan.scenario.students:
        for task in plan.scenario.tasks:
            if (
                task.common
                and task.is_open_to(student.class_id)
                and not plan.does(student, task)
                and not excused(plan, student, task)
            ):
                found.append(
                    Violation(
                        1,
                        f"{plan.student(student.student_id)} does not do the common task {plan.task(task.task_id)}.",
                    )
                )
            if not task.is_open_to(student.class_id) and plan.does(student, task):
                found.append(
                    Violation(
                        1,
                        f"{plan.student(student.student_id)} does {plan.task(task.task_id)}, which is closed to class {student.class_id}.",
                    )
                )
    for pin in plan.scenario.pins:
        student = plan.scenario.student_by_id[pin.student_id]
        done = plan.does(student, plan.scenario.task_by_id[pin.task_id])
        if (pin.rule == "must") != done:
            verb = "does not do" if pin.rule == "must" else "does"
            found.append(
                Violation(
                    1,
                    f"{plan.student(pin.student_id)} {verb} {plan.task(pin.task_id)}, against a {pin.rule} pin.",
                )
            )
    return found


def excused(plan: _Plan, student: Student, task: Task) -> bool:
    """Whether the student is excused from a common task: away (or their draft would be) in
    every week it could be due, or (for a task with one due week for everyone) in the week
    it is due."""
    away = set(student.away_weeks)
    if not away:
        return False
    closed = set(plan.settings.no_deadline_weeks)
    k = task.draft_weeks

    def missed(week: int) -> bool:
        return week in away or (k > 0 and week - k in away)

    def possible(week: int) -> bool:
        return week not in closed and (not k or (week - k >= 1 and week - k not in closed))

    weeks = [w for w in task.due_weeks if possible(w)]  # none: it can never run (bad input)
    if weeks and all(missed(w) for w in weeks):
        return True
    if task.own_weeks:  # they hand it in in a week they are there
        return False
    weeks = {a.due_week for a in plan.by_task.get(task.task_id, [])}
    return bool(weeks) and all(missed(w) for w in weeks)


def excused_students(scenario: Scenario, assignments: list[Assignment]) -> list[tuple[str, str]]:
    """(student, common task) for every student the plan excuses from a common task."""
    plan = _Plan(scenario, assignments)
    return [
        (s.student_id, t.task_id)
        for s in scenario.students
        for t in scenario.tasks
        if t.common and t.is_open_to(s.class_id) and not plan.does(s, t) and excused(plan, s, t)
    ]


def due_weeks(plan: _Plan) -> list[Violation]:
    """Rule 2: one due week per task, in its window, not in a no-deadline week; rule 11 for a
    task whose students have their own due weeks (each in the window, not in a no-deadline
    week)."""
    found = []
    for task_id, rows in plan.by_task.items():
        task = plan.scenario.task_by_id[task_id]
        weeks = Counter(a.due_week for a in rows)
        if len(weeks) > 1 and not task.own_weeks:
            spread = ", ".join(f"week {w} for {n}" for w, n in sorted(weeks.items()))
            found.append(
                Violation(
                    2, f"Students doing {plan.task(task_id)} have different due weeks: {spread}."
                )
            )
        each = rows if task.own_weeks else list({a.due_week: a for a in rows}.values())
        found += _weeks_outside(plan, task, each)
    return found


def _weeks_outside(plan: _Plan, task: Task, rows: list[Assignment]) -> list[Violation]:
    """A due week outside the task's window or in a no-deadline week: the task's (rule 2), or
    each student's own (rule 11, naming the student)."""
    rule, found = (11 if task.own_weeks else 2), []
    closed = set(plan.settings.no_deadline_weeks)
    first, last = task.due_week
    for a in sorted(rows, key=lambda a: (a.due_week, a.student_id)):
        what = f"{plan.task(task.task_id)} is due in week {a.due_week}"
        if task.own_weeks:
            what = f"{plan.student(a.student_id)} hands in {plan.task(task.task_id)} in week {a.due_week}"
        if a.due_week not in task.due_weeks:
            found.append(Violation(rule, f"{what}, outside its due weeks {first}-{last}."))
        elif a.due_week in closed:
            found.append(Violation(rule, f"{what}, a no-deadline week."))
    return found


def groups(plan: _Plan) -> list[Violation]:
    """Rule 12: a group task's students are in groups of its size, each of one class, with no
    never pair in a group; rule 11: a group's members share their own due week."""
    found = []
    nevers = {frozenset((p.student_id, p.partner_id)) for p in plan.scenario.partners
              if p.wish == "never"}  # fmt: skip
    for task_id, rows in plan.by_task.items():
        task = plan.scenario.task_by_id[task_id]
        if not task.in_groups:
            found += [
                Violation(
                    12,
                    f"{plan.student(a.student_id)} is in group {a.group} of {plan.task(task_id)}, "
                    "which is not a group task (its group_size is empty).",
                )
                for a in rows
                if a.group
            ]
            continue
        by_group: dict[str, list[Assignment]] = defaultdict(list)
        for a in rows:
            if a.group:
                by_group[a.group].append(a)
            else:
                found.append(
                    Violation(
                        12,
                        f"{plan.student(a.student_id)} does {plan.task(task_id)}, a group task, "
                        "but is in no group (the group column is empty).",
                    )
                )
        for group, members in sorted(by_group.items()):
            found += _group(plan, task, group, members, nevers)
    return found


def _group(
    plan: _Plan, task: Task, group: str, members: list[Assignment], nevers: set[frozenset]
) -> list[Violation]:
    """What one group breaks: its size, its classes, a ``never`` pair, its members' weeks."""
    least, most = task.group_size
    names = ", ".join(plan.student(a.student_id) for a in members)
    what = f"Group {group} of {plan.task(task.task_id)} ({names})"
    found = []
    if not least <= len(members) <= most:
        sizes = f"{least}" if least == most else f"{least} to {most}"
        off = least - len(members) if len(members) < least else len(members) - most
        found.append(
            Violation(
                12,
                f"{what} has {len(members)} students; its groups have {sizes}.",
                "group_size",
                off,
                (task.task_id,),
            )
        )
    classes = sorted({plan.scenario.student_by_id[a.student_id].class_id for a in members})
    if len(classes) > 1:
        found.append(Violation(12, f"{what} mixes classes {', '.join(classes)}."))
    ids = {a.student_id for a in members}
    for pair in sorted(sorted(pair) for pair in nevers if pair <= ids):
        found.append(
            Violation(
                12,
                f"{what} holds {pair[0]} and {pair[1]}, who are never to be in one group "
                "(partners.csv).",
            )
        )
    weeks = sorted({a.due_week for a in members})
    if task.own_weeks and len(weeks) > 1:
        found.append(
            Violation(11, f"{what} hand in in different weeks ({', '.join(map(str, weeks))}).")
        )
    return found


def task_sizes(plan: _Plan) -> list[Violation]:
    """Rule 3: a task has no students, or min_students to capacity."""
    found = []
    for task_id, rows in plan.by_task.items():
        task, size = plan.scenario.task_by_id[task_id], len({a.student_id for a in rows})
        if size < task.min_students:
            found.append(
                Violation(
                    3,
                    f"{plan.task(task_id)} has {size} students but runs only with at least {task.min_students}.",
                    "min_students",
                    task.min_students - size,
                    (task_id,),
                )
            )
        if task.capacity is not None and size > task.capacity:
            found.append(
                Violation(
                    3,
                    f"{plan.task(task_id)} has {size} students, more than its capacity of {task.capacity}.",
                    "capacity",
                    size - task.capacity,
                    (task_id,),
                )
            )
    return found


def tasks_per_student(plan: _Plan) -> list[Violation]:
    """Rule 4, first half: each student does tasks_per_student.min to .max tasks."""
    bounds = plan.settings.policy.tasks_per_student
    found = []
    for student in plan.scenario.students:
        count = len(plan.by_student[student.student_id])
        if count < bounds.min or (bounds.max is not None and count > bounds.max):
            most = "" if bounds.max is None else f" to {bounds.max}"
            found.append(
                Violation(
                    4,
                    f"{plan.student(student.student_id)} has {count} tasks; the policy asks for {bounds.min}{most}.",
                )
            )
    return found


def deadlines_per_week(plan: _Plan) -> list[Violation]:
    """Rule 4, second half: at most max_deadlines_per_week tasks due for a student in a week."""
    most = plan.settings.policy.max_deadlines_per_week
    if most is None:
        return []
    found = []
    for student_id, rows in plan.by_student.items():
        for week, count in sorted(Counter(a.due_week for a in rows).items()):
            if count > most:
                tasks = ", ".join(a.task_id for a in rows if a.due_week == week)
                found.append(
                    Violation(
                        4,
                        f"{plan.student(student_id)} has {count} tasks due in week {week} ({tasks}); at most {most} allowed.",
                        "deadlines",
                        count - most,
                        (week,),
                    )
                )
    return found


def criteria_coverage(plan: _Plan) -> list[Violation]:
    """Rule 5: each student's tasks due in each period assess each criterion min to max times."""
    found = []
    for student in plan.scenario.students:
        rows = plan.by_student[student.student_id]
        for period in plan.settings.reporting_periods:
            for criterion in plan.settings.criteria:
                count = sum(
                    1
                    for a in rows
                    if a.due_week in period.weeks
                    and criterion.id in plan.scenario.task_by_id[a.task_id].criteria
                )
                least, top = criterion.min_per_period, criterion.max_per_period
                off = max(0, least - count) + (0 if top is None else max(0, count - top))
                if off:
                    limits = f"at least {least}" + ("" if top is None else f" and at most {top}")
                    found.append(
                        Violation(
                            5,
                            f"{plan.student(student.student_id)} is {_assessed(criterion.id, count)} in {period.name}; {limits} needed.",
                            "coverage",
                            off,
                            (criterion.id, period.name),
                        )
                    )
    return found


def units(plan: _Plan) -> list[Violation]:
    """Rule 7: each student does min_tasks to max_tasks tasks of every unit."""
    return [
        v
        for unit in plan.settings.units
        for v in _counted(
            plan,
            7,
            "units",
            unit,
            "of unit",
            lambda t, u=unit: t.unit == u.id,
            unit.min_tasks,
            unit.max_tasks,
        )
    ]


def skills(plan: _Plan) -> list[Violation]:
    """Rule 8: each student does min_per_term to max_per_term tasks practising every skill."""
    return [
        v
        for skill in plan.settings.skills
        for v in _counted(
            plan,
            8,
            "skills",
            skill,
            "practising skill",
            lambda t, k=skill: k.id in t.skills,
            skill.min_per_term,
            skill.max_per_term,
        )
    ]


def _counted(plan: _Plan, rule, family, item, words, counts, least, most) -> list[Violation]:
    """Each student whose tasks that ``counts`` fall outside ``least`` .. ``most``."""
    found = []
    what = f"{words} {item.id}" + (f" ({item.name})" if item.name else "")
    for student in plan.scenario.students:
        ids = [
            a.task_id
            for a in plan.by_student[student.student_id]
            if counts(plan.scenario.task_by_id[a.task_id])
        ]
        off = _outside(len(ids), least, most)
        if off:
            found.append(
                Violation(
                    rule,
                    f"{plan.student(student.student_id)} does {_tasks(ids)} {what}; {_limits(least, most)}.",
                    family,
                    off,
                    (item.id,),
                )
            )
    return found


def drafts(plan: _Plan) -> list[Violation]:
    """Rule 9: every draft is due in week 1 or later, not in a no-deadline week; each student
    does at least min_drafted_tasks tasks with a draft."""
    found = []
    closed = set(plan.settings.no_deadline_weeks)
    for task_id, rows in plan.by_task.items():
        task = plan.scenario.task_by_id[task_id]
        if not task.draft_weeks:
            continue
        for week in sorted({a.due_week for a in rows}):
            draft = week - task.draft_weeks
            if draft < 1 or draft in closed:
                why = "before week 1" if draft < 1 else "a no-deadline week"
                found.append(
                    Violation(
                        9,
                        f"{plan.task(task_id)} is due in week {week}, so its draft would be due in week {draft}, {why}.",
                    )
                )
    least = plan.settings.policy.min_drafted_tasks
    for student in plan.scenario.students if least else ():
        ids = [
            a.task_id
            for a in plan.by_student[student.student_id]
            if plan.scenario.task_by_id[a.task_id].draft_weeks
        ]
        if len(ids) < least:
            found.append(
                Violation(
                    9,
                    f"{plan.student(student.student_id)} does {_tasks(ids)} with a draft; at least {least} needed.",
                    "drafts",
                    least - len(ids),
                    (),
                )
            )
    return found


def away_weeks(plan: _Plan) -> list[Violation]:
    """Rule 10: nothing of a student's, final or draft, is due in a week they are away."""
    found = []
    for student in plan.scenario.students:
        away = set(student.away_weeks)
        for a in plan.by_student[student.student_id] if away else ():
            k = plan.scenario.task_by_id[a.task_id].draft_weeks
            if a.due_week in away:
                what = f"{plan.task(a.task_id)} is due then"
                week = a.due_week
            elif k and a.due_week - k in away:
                what = f"the draft of {plan.task(a.task_id)} is due then"
                week = a.due_week - k
            else:
                continue
            found.append(
                Violation(
                    10, f"{plan.student(student.student_id)} is away in week {week}, but {what}."
                )
            )
    return found


def _outside(n: int, least: int, most: int | None) -> int:
    """How far ``n`` lies outside ``least`` .. ``most`` (0: inside)."""
    return max(0, least - n) + (0 if most is None else max(0, n - most))


def _tasks(ids: list[str]) -> str:
    """``no task``, ``1 task (S04)``, ``2 tasks (S04, S11)``."""
    if not ids:
        return "no task"
    return f"{len(ids)} task{'' if len(ids) == 1 else 's'} ({', '.join(ids)})"


def _limits(least: int, most: int | None) -> str:
    """``at least 1 needed``, ``at most 2 allowed``, ``1 to 2 needed``."""
    if most is None:
        return f"at least {least} needed"
    return f"at most {most} allowed" if least == 0 else f"{least} to {most} needed"


def _rule_marker(plan: _Plan, a: Assignment) -> str | None:
    """Who rule 6 says marks this work (the scenario's own reading of marker and class)."""
    scenario = plan.scenario
    return scenario.marker_of(scenario.task_by_id[a.task_id], scenario.student_by_id[a.student_id])


def markers(plan: _Plan) -> list[Violation]:
    """Rule 6, who marks: the task's marker, or else the student's class teacher."""
    return [
        Violation(
            6,
            f"{plan.student(a.student_id)}'s work on {plan.task(a.task_id)} is given to {a.marker} to mark, but it falls to {_rule_marker(plan, a)}.",
        )
        for a in plan.assignments
        if a.marker != _rule_marker(plan, a)
    ]


def marking_in_time(plan: _Plan) -> list[Violation]:
    """Rule 6, when: marking each job as it becomes available, earliest deadline first, meets
    every job's deadline (finals within feedback_weeks of their due week, feedback on drafts
    before the final is due)."""
    found = []
    for teacher in plan.scenario.teachers:
        jobs = marking_jobs(plan.scenario, plan.assignments, teacher.teacher_id)
        _, misses = job_schedule(jobs, teacher)
        for job, left in misses:
            found.append(
                Violation(
                    6,
                    f"{teacher.name} ({teacher.teacher_id}) cannot finish {job.words()} by week {job.deadline}: {left} minutes are left over.",
                    "marking",
                    left,
                    (teacher.teacher_id, job.week),
                )
            )
    return found


@dataclass(frozen=True)
class Job:
    """Minutes of marking a teacher may do in weeks ``release`` .. ``deadline``: the finals
    due in ``week``, or the feedback on the drafts due then."""

    release: int
    deadline: int
    minutes: int
    week: int
    kind: str = "finals"  # finals, drafts or moderation
    task: str = ""  # the task moderated

    def words(self) -> str:
        if self.kind == "drafts":
            return f"the feedback on the {self.minutes} minutes of drafts due in week {self.week}"
        if self.kind == "moderation":
            return f"moderating {self.task} ({self.minutes} minutes, due in week {self.week})"
        return f"marking the {self.minutes} minutes due in week {self.week}"


def marking_jobs(scenario: Scenario, assignments, teacher_id: str) -> list[Job]:
    """The teacher's jobs in a plan, as FORMAT.md's "Submissions and marking" sets them."""
    feedback = scenario.settings.policy.feedback_weeks
    finals: Counter = Counter()
    drafts: Counter = Counter()
    for a in submissions(scenario, assignments):
        task, student = scenario.task_by_id[a.task_id], scenario.student_by_id[a.student_id]
        if scenario.marker_of(task, student) != teacher_id:
            continue
        finals[a.due_week] += task.marking_minutes
        if task.draft_weeks and task.draft_minutes:
            soon = min(feedback, task.draft_weeks - 1)
            drafts[a.due_week - task.draft_weeks, soon] += task.draft_minutes
    jobs = [Job(w + 1, w + feedback, m, w) for w, m in sorted(finals.items()) if m]
    jobs += [Job(d + 1, d + soon, m, d, "drafts") for (d, soon), m in sorted(drafts.items()) if m]
    return jobs + moderation_jobs(scenario, assignments, teacher_id)


def submissions(scenario: Scenario, assignments) -> list[Assignment]:
    """One row per submission: each student's, but one per group of a group task (its
    first member's row: the group's class and week, when the group keeps the rules)."""
    seen, found = set(), []
    for a in assignments:
        if a.group and scenario.task_by_id[a.task_id].in_groups:
            if (a.task_id, a.group) in seen:
                continue
            seen.add((a.task_id, a.group))
        found.append(a)
    return found


def moderation_jobs(scenario: Scenario, assignments, teacher_id: str) -> list[Job]:
    """The teacher's moderation: for each running task they moderate, its marking minutes
    times min(moderation_sample, its submissions), in the feedback weeks after its last due
    week."""
    feedback = scenario.settings.policy.feedback_weeks
    jobs = []
    for task in scenario.tasks:
        if task.moderator != teacher_id or not task.marking_minutes:
            continue
        rows = [a for a in assignments if a.task_id == task.task_id]
        if not rows:
            continue
        last = max(a.due_week for a in rows)
        handed = len(submissions(scenario, rows))
        minutes = task.marking_minutes * min(task.sample, handed)
        jobs.append(Job(last + 1, last + feedback, minutes, last, "moderation", task.task_id))
    return jobs


def job_schedule(jobs: list[Job], teacher) -> tuple[Counter, list[tuple[Job, int]]]:
    """Minutes marked in each week, each week the open jobs earliest deadline first, and the
    jobs not done by their deadline with the minutes left of each."""
    done: Counter = Counter()
    if not jobs:
        return done, []
    off = set(teacher.unavailable_weeks)
    waiting: list[list] = []  # [deadline, order, job, minutes left]
    misses = []
    by_release = sorted(enumerate(jobs), key=lambda item: item[1].release)
    nxt = 0
    for week in range(min(j.release for j in jobs), max(j.deadline for j in jobs) + 1):
        while nxt < len(by_release) and by_release[nxt][1].release <= week:
            order, job = by_release[nxt]
            heapq.heappush(waiting, [job.deadline, order, job, job.minutes])
            nxt += 1
        room = 0 if week in off else teacher.weekly_marking_minutes
        while waiting and room:
            item = waiting[0]
            work = min(room, item[3])
            item[3] -= work
            room -= work
            done[week] += work
            if item[3] == 0:
                heapq.heappop(waiting)
        while waiting and waiting[0][0] <= week:
            _, _, job, left = heapq.heappop(waiting)
            if left:
                misses.append((job, left))
    return done, misses


def _assessed(criterion: str, count: int) -> str:
    """ "assessed on criterion C once", "not assessed on criterion C", ..."""
    if count == 0:
        return f"not assessed on criterion {criterion}"
    times = {1: "once", 2: "twice"}.get(count, f"{count} times")
    return f"assessed on criterion {criterion} {times}"


def earliest_deadline_first(due: Counter, teacher, feedback: int) -> list[tuple[int, int]]:
    """Mark week by week, most urgent work first; return (due week, minutes unmarked) misses."""
    return marking_schedule(due, teacher, feedback)[1]


def marking_schedule(due: Counter, teacher, feedback: int) -> tuple[Counter, list[tuple[int, int]]]:
    """Minutes marked in each week, earliest deadline first, and the deadlines missed, for
    finals only (minutes due by week)."""
    jobs = [Job(w + 1, w + feedback, m, w) for w, m in sorted(due.items()) if m]
    done, misses = job_schedule(jobs, teacher)
    return done, [(job.week, left) for job, left in misses]
