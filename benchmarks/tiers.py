"""The benchmark's tiers of scenario size, and a generator of their scenario folders.

    python benchmarks/tiers.py TIER [--seed N] --out FOLDER

writes one tier's scenario (FORMAT.md's folder of YAML and CSV files) for that seed.

Tight but feasible by construction: a random valid plan is planted first (each student
gets, in each period, tasks that cover every criterion in distinct weeks), then every
task's capacity is set a little above its size in that plan and every teacher's weekly
minutes a little above the least that marks that plan in time. The students' preferences
ignore the planted plan, so the rules bind against what they want.
"""

from __future__ import annotations

import argparse
import math
import random
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from scheduler.check import check, job_schedule, marking_jobs
from scheduler.plan import Assignment
from scheduler.scenario import Scenario, write_scenario
from scheduler.scenario.synthetic import synthetic_scenario


@dataclass(frozen=True)
class Tier:
    """A size of problem: students, classes, tasks, and the share of tasks with windows."""

    name: str
    students: int
    classes: int
    tasks: int
    windows: float
    room: float = 1.15  # capacities and minutes against what the planted plan needs
    curriculum: bool = False  # version 2's units and skills (synthetic_scenario's)
    own: int = 0  # tasks with own due weeks, and week wishes (synthetic_scenario's)
    groups: int = 0  # group tasks, and partner wishes (synthetic_scenario's)

    def scenario(self, seed: int = 0) -> Scenario:
        """This tier's scenario for ``seed``, named after both."""
        scenario = synthetic_scenario(
            self.students,
            self.classes,
            self.tasks,
            weeks=12,
            periods=2,
            ranked=self.tasks,
            seed=seed,
            windows=self.windows,
            curriculum=self.curriculum,
            own=self.own,
            groups=self.groups,
        )
        name = f"Benchmark {self.name}, seed {seed}"
        scenario = scenario.model_copy(
            update={"settings": scenario.settings.model_copy(update={"name": name})}
        )
        return tighten(scenario, random.Random(seed), self.room)


def tighten(scenario: Scenario, rng: random.Random, room: float) -> Scenario:
    """Capacities and teachers' minutes just above what a planted random plan needs."""
    plan, present = planted_plan(scenario, rng)
    students = tuple(
        s.model_copy(update={"away_weeks": ()}) if s.student_id in present else s
        for s in scenario.students
    )
    scenario = scenario.model_copy(update={"students": students})
    sizes = Counter(a.task_id for a in plan)
    fair_share = len(scenario.students) * 4 / len(scenario.tasks)  # for a task nobody was given
    tasks = tuple(
        t
        if t.common
        else t.model_copy(
            update={"capacity": math.ceil(max(sizes[t.task_id], fair_share / 2) * room)}
        )
        for t in scenario.tasks
    )
    teachers = tuple(
        t.model_copy(update={"weekly_marking_minutes": _least_minutes(scenario, plan, t, room)})
        for t in scenario.teachers
    )
    tight = scenario.model_copy(update={"tasks": tasks, "teachers": teachers})
    broken = check(tight, plan)
    assert not broken, f"the planted plan breaks rules: {broken[:3]}"
    return tight


def planted_plan(scenario: Scenario, rng: random.Random) -> tuple[list[Assignment], set[str]]:
    """A random valid plan, ignoring capacities and marking: each student covers every
    criterion in every period with the fewest tasks, due in distinct weeks (none while away),
    and the takers of a group task are split into groups of its size within their class; and
    the students whose away weeks left no such plan, planted as if present (the tier drops
    their away weeks)."""
    due = {t.task_id: rng.choice(_weeks(t)) for t in scenario.tasks}
    chosen, present = {}, set()
    for student in scenario.students:
        chosen[student.student_id], here = _plant(scenario, student, due, rng)
        if not here:
            present.add(student.student_id)
    chosen = _groupable(scenario, chosen, due, rng, present)
    groups = _split(scenario, chosen, rng)
    return [
        Assignment(
            student.student_id,
            t.task_id,
            due[t.task_id],
            scenario.marker_of(t, student),
            groups.get((student.student_id, t.task_id), ""),
        )
        for student in scenario.students
        for t in chosen[student.student_id]
    ], present


def _plant(scenario: Scenario, student, due: dict, rng, without: frozenset = frozenset()):
    """A student's planted tasks (none of ``without``), and whether their away weeks allowed
    them (if not, they are planted as if present)."""

    def open_to(someone) -> list:
        return [t for t in _open_tasks(scenario, someone, due) if t.task_id not in without]

    try:
        return _student_plan(scenario, open_to(student), due, rng), True
    except ValueError:
        if not student.away_weeks:
            raise
    here = student.model_copy(update={"away_weeks": ()})
    return _student_plan(scenario, open_to(here), due, rng), False


def _groupable(scenario: Scenario, chosen: dict, due: dict, rng, present: set) -> dict:
    """``chosen`` with takers of a group task planted again without it, one at a time, in a
    class whose takers cannot be split into groups of its size."""
    students = {s.student_id: s for s in scenario.students}
    for task in (t for t in scenario.tasks if t.group_size):
        least, most = task.group_size
        for takers in _takers(scenario, chosen, task).values():
            while takers and not _splits(len(takers), least, most):
                student = students[takers.pop()]
                if student.student_id in present:
                    student = student.model_copy(update={"away_weeks": ()})
                without = frozenset(t.task_id for t in scenario.tasks if t.group_size)
                chosen[student.student_id] = _plant(scenario, student, due, rng, without)[0]
    return chosen


def _takers(scenario: Scenario, chosen: dict, task) -> dict[str, list[str]]:
    """The students planted a task, by class."""
    classes = {s.student_id: s.class_id for s in scenario.students}
    takers: dict[str, list[str]] = {}
    for student_id, tasks in chosen.items():
        if task in tasks:
            takers.setdefault(classes[student_id], []).append(student_id)
    return takers


def _splits(count: int, least: int, most: int) -> bool:
    """Whether ``count`` students split into groups of ``least`` to ``most``."""
    return any(k * least <= count <= k * most for k in range(count // least + 1))


def _split(scenario: Scenario, chosen: dict, rng, tries: int = 200) -> dict:
    """Each group task's takers in each class, shuffled into groups of its size (as few as
    its largest size allows) that hold no ``never`` pair: {(student, task): group id}."""
    never = {
        frozenset((p.student_id, p.partner_id)) for p in scenario.partners if p.wish == "never"
    }
    groups = {}
    for task in (t for t in scenario.tasks if t.group_size):
        most = task.group_size[1]
        for class_id, takers in _takers(scenario, chosen, task).items():
            count = -(-len(takers) // most)
            sizes = [len(takers) // count + (k < len(takers) % count) for k in range(count)]
            for _ in range(tries):
                rng.shuffle(takers)
                split = [takers[sum(sizes[:k]) : sum(sizes[: k + 1])] for k in range(count)]
                if not any(frozenset(p) in never for g in split for p in combinations(g, 2)):
                    break
            else:
                raise ValueError(f"no split of {task.task_id}'s takers in {class_id}")
            for k, group in enumerate(split, start=1):
                groups.update({(s, task.task_id): f"{class_id}-{k}" for s in group})
    return groups


def _weeks(task) -> list[int]:
    """The weeks of the task's window that leave a week for its draft (every week, if none)."""
    return [w for w in task.due_weeks if not task.has_draft or w - task.draft_weeks >= 1]


def _open_tasks(scenario: Scenario, student, due: dict) -> list:
    """Tasks open to the student's class and not due, nor their draft, while they are away
    (a common task due then excuses them)."""
    away = set(student.away_weeks)
    return [
        t
        for t in scenario.tasks
        if t.is_open_to(student.class_id)
        and due[t.task_id] not in away
        and not (t.has_draft and due[t.task_id] - t.draft_weeks in away)
    ]


def _student_plan(scenario: Scenario, open_tasks: list, due: dict, rng, tries: int = 50) -> list:
    """One student's tasks: a cover of the criteria in each period, then a task for each unit
    or skill minimum still missing; drawn again (up to ``tries`` times) when that fails."""
    for _ in range(tries - 1):
        try:
            return _meet_curriculum(
                scenario, open_tasks, _covers(scenario, open_tasks, due, rng), due, rng
            )
        except ValueError:
            continue
    return _meet_curriculum(scenario, open_tasks, _covers(scenario, open_tasks, due, rng), due, rng)


def _covers(scenario: Scenario, open_tasks: list, due: dict, rng) -> list:
    """A cover of every criterion in every period, keeping the skills' maximums."""
    chosen: list = []
    for period in scenario.settings.reporting_periods:
        inside = [t for t in open_tasks if due[t.task_id] in period.weeks]
        so_far = list(chosen)
        chosen += _cover(
            scenario,
            inside,
            due,
            rng,
            keeps=lambda more, so_far=so_far: _keeps(scenario, so_far + list(more)),
        )
    return chosen


def _meet_curriculum(scenario: Scenario, open_tasks: list, chosen: list, due: dict, rng) -> list:
    """``chosen`` with a task added for each unit or skill minimum it misses (in a week of its
    own, keeping skill maximums and the most tasks a student does)."""
    settings = scenario.settings
    needs = [(lambda t, u=u: t.unit == u.id, u.min_tasks) for u in settings.units]
    needs += [(lambda t, k=k: k.id in t.skills, k.min_per_term) for k in settings.skills]
    needs += [(lambda t: t.has_draft, settings.policy.min_drafted_tasks)]
    caps = {k.id: k.max_per_term for k in settings.skills if k.max_per_term is not None}
    chosen = list(chosen)
    for has, least in needs:
        while sum(map(has, chosen)) < least:
            weeks = {due[t.task_id] for t in chosen}
            fits = [
                t
                for t in open_tasks
                if has(t)
                and t not in chosen
                and due[t.task_id] not in weeks
                and all(
                    sum(k in c.skills for c in chosen) < cap
                    for k, cap in caps.items()
                    if k in t.skills
                )
            ]
            if not fits:
                raise ValueError("the planted plan cannot meet a unit's or skill's minimum")
            chosen.append(rng.choice(fits))
    most = settings.policy.tasks_per_student.max
    if most is not None and len(chosen) > most:
        raise ValueError("the planted plan needs more tasks than a student may do")
    return chosen


def _keeps(scenario: Scenario, tasks: list) -> bool:
    """Whether ``tasks`` keep every skill's maximum."""
    return all(
        sum(k.id in t.skills for t in tasks) <= k.max_per_term
        for k in scenario.settings.skills
        if k.max_per_term is not None
    )


def _cover(scenario: Scenario, tasks: list, due: dict, rng: random.Random, keeps=None) -> tuple:
    """A random smallest set of ``tasks`` (common ones included) covering every criterion,
    and, if given, one that ``keeps``."""
    forced = [t for t in tasks if t.common]
    optional = [t for t in tasks if not t.common]
    needed = {c.id for c in scenario.settings.criteria if c.min_per_period}
    for extra in range(len(optional) + 1):
        fits = [
            (*forced, *more)
            for more in combinations(optional, extra)
            if needed <= {c for t in (*forced, *more) for c in t.criteria}
            and len({due[t.task_id] for t in (*forced, *more)}) == len(forced) + extra
            and (keeps is None or keeps((*forced, *more)))
        ]
        if fits:
            return rng.choice(fits)
    raise ValueError("the menu cannot cover every criterion in a period")


def _least_minutes(scenario: Scenario, plan: list[Assignment], teacher, room: float) -> int:
    """``room`` times the fewest weekly minutes that do the plan's marking jobs (finals and
    drafts) in time, in tens."""
    jobs = marking_jobs(scenario, plan, teacher.teacher_id)
    low, high = 0, sum(job.minutes for job in jobs)
    while low < high:
        middle = (low + high) // 2
        trial = teacher.model_copy(update={"weekly_marking_minutes": middle})
        if job_schedule(jobs, trial)[1]:
            low = middle + 1
        else:
            high = middle
    return max(10, math.ceil(low * room / 10) * 10)


TIERS = {
    t.name: t
    for t in (
        Tier("class", 30, 1, 8, windows=0.0),
        Tier("year", 200, 8, 20, windows=0.0),
        Tier("year-windows", 200, 8, 20, windows=0.5),
        Tier("large", 600, 24, 40, windows=0.5),
        Tier("year-windows-v2", 200, 8, 20, windows=0.5, curriculum=True),
        Tier("large-v2", 600, 24, 40, windows=0.5, curriculum=True),
        Tier("year-windows-own", 200, 8, 20, windows=0.5, own=2),
        Tier("year-windows-choice", 200, 8, 20, windows=0.5, own=2, groups=1),
        Tier("school", 1500, 60, 60, windows=0.5),
    )
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tier", choices=list(TIERS))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    folder = write_scenario(TIERS[args.tier].scenario(args.seed), args.out)
    print(f"wrote {folder}")


if __name__ == "__main__":
    main()
