"""Plausible synthetic scenarios of any size, for demos, tests and benchmarks.

Preferences follow a Plackett-Luce model: each task has a popularity, and a student's
ranking is drawn by sorting popularity plus Gumbel noise, so a few tasks are wanted by
many students, as in real course choices.
"""

from __future__ import annotations

import math
import random

from scheduler.scenario.models import (
    Criterion,
    Partner,
    Period,
    Policy,
    Scenario,
    Settings,
    Skill,
    Student,
    Task,
    TasksPerStudent,
    Teacher,
    Unit,
)

FIRST_NAMES = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Elif",
    "Farah",
    "Gabriel",
    "Hana",
    "Ivan",
    "Jamal",
    "Kai",
    "Leila",
    "Mateo",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wei",
    "Xena",
    "Yusuf",
    "Zoe",
    "Aiko",
    "Bruno",
    "Carmen",
    "Dara",
    "Emil",
    "Freya",
]
LAST_NAMES = [
    "Ahmed",
    "Brown",
    "Chen",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Khan",
    "Lopez",
    "Mensah",
    "Novak",
    "Okafor",
    "Park",
    "Quispe",
    "Rossi",
    "Singh",
    "Tanaka",
    "Ueda",
    "Varga",
    "Wong",
    "Xu",
    "Yilmaz",
    "Zhou",
]
MYP_CRITERIA = (
    ("A", "Knowing and understanding"),
    ("B", "Inquiring and designing"),
    ("C", "Processing and evaluating"),
    ("D", "Reflecting on the impacts of science"),
)
TASK_KINDS = (
    "Lab report",
    "Research essay",
    "Poster",
    "Model build",
    "Podcast",
    "Field study",
    "Data investigation",
    "Debate",
    "Test",
    "Presentation",
    "Design project",
    "Journal",
)


def names(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct-looking full names."""
    return [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(count)]


def ranking(popularity: dict[str, float], rng: random.Random, keep: int) -> dict[str, int]:
    """One student's ranks (1 = most wanted) of the ``keep`` tasks they would list."""
    noisy = {
        t: math.log(p) - math.log(-math.log(rng.random() or 1e-12)) for t, p in popularity.items()
    }
    order = sorted(noisy, key=noisy.get, reverse=True)[:keep]
    return {task: rank for rank, task in enumerate(order, start=1)}


def popularity(task_ids: list[str], rng: random.Random) -> dict[str, float]:
    """Zipf-like popularity: a few favourites, a long tail."""
    shuffled = rng.sample(task_ids, len(task_ids))
    return {t: 1.0 / (i + 1) ** 0.8 for i, t in enumerate(shuffled)}


def synthetic_scenario(
    students: int = 180,
    classes: int = 7,
    tasks: int = 18,
    weeks: int = 12,
    periods: int = 2,
    ranked: int = 6,
    seed: int = 0,
    windows: float | None = None,
    slack: float = 2.0,
    curriculum: bool = False,
    own: int = 0,
    groups: int = 0,
) -> Scenario:
    """A valid scenario with a common task, a specialist marker and some closed tasks.

    ``windows``: the share of tasks due in a 3-week window instead of a fixed week (None:
    every third task). ``slack``: teachers' weekly minutes as a multiple of their expected
    weekly marking (2.0 leaves room to spare; near 1 is tight). ``curriculum``: version 2's
    units and skills too (see ``_curriculum``), and a few students away (``_away``). ``own``:
    that many tasks with windows get own due weeks, and some students wish weeks (``_own``).
    ``groups``: that many tasks are done in groups of 3-4, with partner wishes (``_groups``).
    """
    rng = random.Random(seed)
    class_ids = [f"C{i + 1:02d}" for i in range(classes)]
    roster = [
        Student(student_id=f"S{i + 1:05d}", name=name, class_id=class_ids[i % classes])
        for i, name in enumerate(names(students, rng))
    ]
    settings = _settings(weeks, periods)
    windowed = _windowed(tasks, windows)
    menu = _tasks(tasks, settings, class_ids, students, rng, windowed)
    menu = _lift_caps(menu, settings, students)
    if curriculum:
        settings, menu = _curriculum(settings, menu, students)
        roster = _away(roster, weeks)
    teachers = _teachers(class_ids, menu, settings, students, rng, slack)
    likes = popularity([t.task_id for t in menu], rng)
    preferences = {s.student_id: ranking(likes, rng, min(ranked, tasks)) for s in roster}
    wishes = {}
    if own:
        menu, wishes = _own(menu, preferences, own, random.Random(seed + 1))
    partners = ()
    if groups:
        menu, partners = _groups(menu, roster, preferences, groups, random.Random(seed + 2))
    return Scenario(
        settings=settings,
        tasks=tuple(menu),
        students=tuple(roster),
        teachers=tuple(teachers),
        preferences=preferences,
        week_wishes=wishes,
        partners=partners,
    )


def _own(menu: list[Task], preferences: dict, count: int, rng: random.Random) -> tuple:
    """The first ``count`` tasks with a window (not the common task) get own due weeks; every
    other student who ranks one in their top three wishes a week of its window."""
    chosen = [t.task_id for t in menu if t.due_week[1] > t.due_week[0] and not t.common][:count]
    menu = [t.model_copy(update={"due_mode": "own"}) if t.task_id in chosen else t for t in menu]
    windows = {t.task_id: list(t.due_weeks) for t in menu if t.task_id in chosen}
    wishes = {}
    for i, (student, ranks) in enumerate(sorted(preferences.items())):
        for task_id in windows:
            if i % 2 == 0 and ranks.get(task_id, 99) <= 3:
                wishes[student, task_id] = (rng.choice(windows[task_id]),)
    return menu, wishes


GROUP_SIZE = (3, 4)


def _groups(menu: list[Task], roster: list, preferences: dict, count: int, rng) -> tuple:
    """The first ``count`` tasks due in one fixed week, open to every class (not the common
    task, nor the specialist's) are done in groups of 3-4. In each class, every third student
    who ranks one in their top five wishes to work with a classmate who does too, and two
    classmates are never to be in one group."""
    chosen = [
        t.task_id
        for t in menu[2:]
        if t.due_week[0] == t.due_week[1] and not t.classes and t.due_mode == "shared"
    ][:count]
    menu = [
        t.model_copy(update={"group_size": GROUP_SIZE}) if t.task_id in chosen else t for t in menu
    ]
    partners = []
    for members in _classes(roster).values():
        keen = [s.student_id for s in members if _keen(preferences[s.student_id], chosen)]
        wished = set()
        for student in keen[::3]:
            partner = rng.choice([k for k in keen if k != student] or [None])
            if partner:
                partners.append(Partner(student_id=student, partner_id=partner, wish="with"))
                wished.add(frozenset((student, partner)))
        pairs = [p for p in _pairs(members, rng) if frozenset(p) not in wished][:1]
        partners += [Partner(student_id=a, partner_id=b, wish="never") for a, b in pairs]
    return menu, tuple(partners)


def _classes(roster: list) -> dict[str, list]:
    """The roster's students by class, in roster order."""
    classes: dict[str, list] = {}
    for student in roster:
        classes.setdefault(student.class_id, []).append(student)
    return classes


def _keen(ranks: dict[str, int], task_ids: list[str]) -> bool:
    """Whether a student ranks one of ``task_ids`` in their top five."""
    return any(ranks.get(t, 99) <= 5 for t in task_ids)


def _pairs(members: list, rng) -> list[tuple[str, str]]:
    """A few random pairs of distinct classmates."""
    if len(members) < 2:
        return []
    return [tuple(s.student_id for s in rng.sample(members, 2)) for _ in range(3)]


def _settings(weeks: int, periods: int) -> Settings:
    size = weeks // periods
    spans = [(1 + i * size, weeks if i == periods - 1 else (i + 1) * size) for i in range(periods)]
    return Settings(
        name=f"Synthetic term, {weeks} weeks",
        weeks=weeks,
        periods=tuple(
            Period(name=f"Period {i + 1}", first_week=a, last_week=b)
            for i, (a, b) in enumerate(spans)
        ),
        criteria=tuple(Criterion(id=c, name=n, min_per_period=1) for c, n in MYP_CRITERIA),
        policy=Policy(
            tasks_per_student=TasksPerStudent(min=2 * periods, max=3 * periods),
            max_deadlines_per_week=1,
            feedback_weeks=2,
        ),
    )


def _windowed(count: int, share: float | None) -> set[int]:
    """Which tasks (by index) get a 3-week window: every third, or an even spread of ``share``."""
    if share is None:
        return {i for i in range(count) if i % 3 == 0}
    chosen = round(share * count)
    return {int(k * count / chosen) for k in range(chosen)} if chosen else set()


def _tasks(count, settings, class_ids, students, rng, windowed: set[int]) -> list[Task]:
    """A menu whose tasks are spread over the periods, each assessing two criteria."""
    pairs = [("A", "B"), ("C", "D"), ("A", "C"), ("B", "D"), ("A", "D"), ("B", "C")]
    periods = settings.reporting_periods
    menu = []
    for i in range(count):
        period = periods[i % len(periods)]
        span = period.last_week - period.first_week + 1
        first = period.first_week + (i // len(periods) * 2 + rng.randint(0, 1)) % span
        last = min(period.last_week, first + (2 if i in windowed else 0))
        if i and (first, last) == menu[0].due_week:  # not fixed to the common task's week
            first = last = first + 1 if first < period.last_week else first - 1
        closed = i % 7 == 6 and len(class_ids) > 2
        menu.append(
            Task(
                task_id=f"T{i + 1:03d}",
                title=f"{TASK_KINDS[i % len(TASK_KINDS)]} {i // len(TASK_KINDS) + 1}",
                criteria=pairs[(i // len(periods)) % len(pairs)],
                due_week=(first, last),
                marking_minutes=rng.choice((10, 15, 20, 25, 30)),
                capacity=None if (i // len(periods)) % 2 == 0 else _seats(students, count),
                common=i == 0,
                marker="LAB" if i == 1 else None,
                classes=tuple(rng.sample(class_ids, len(class_ids) // 2)) if closed else (),
            )
        )
    return menu


def _lift_caps(menu: list[Task], settings: Settings, students: int) -> list[Task]:
    """Remove the capacities of a period's tasks for any criterion they would leave short."""
    for period in settings.reporting_periods:
        for criterion in settings.criteria:
            covering = [
                i
                for i, t in enumerate(menu)
                if criterion.id in t.criteria and any(w in period.weeks for w in t.due_weeks)
            ]
            open_to_all = [i for i in covering if not menu[i].classes]
            if sum(menu[i].capacity or students for i in open_to_all) < students:
                for i in open_to_all:
                    menu[i] = menu[i].model_copy(update={"capacity": None})
    return menu


UNITS = (("U1", "Unit 1"), ("U2", "Unit 2"), ("U3", "Unit 3"))


def _curriculum(settings: Settings, menu: list[Task], students: int) -> tuple[Settings, list]:
    """Three units (task i in unit i mod 3, one task each at least), a lab report and an oral
    that every student does (every sixth task from the second, and from the fifth), at most
    one poster or model (the kinds Poster and Model build), at least one task with a draft
    (``_drafted``), and every seventh task from the fourth moderated by the lab specialist. Tasks of a unit, a skill or drafts with a minimum lose their
    capacity where their open tasks would not seat everyone."""
    skills = (
        Skill(id="LAB", name="Full lab report", min_per_term=1),
        Skill(id="ORAL", name="Oral presentation", min_per_term=1),
        Skill(id="POSTER", name="Poster or model", max_per_term=1),
    )
    practised = {1: "LAB", 4: "ORAL"}
    menu = [
        t.model_copy(
            update={
                "unit": UNITS[i % len(UNITS)][0],
                "skills": tuple(
                    k for k in (practised.get(i % 6), "POSTER" if i % 12 in (2, 3) else None) if k
                ),
                **({"draft_weeks": 2, "draft_minutes": 5} if _drafted(i, t) else {}),
                **({"moderator": "LAB"} if i % 7 == 3 and t.marker != "LAB" else {}),
            }
        )
        for i, t in enumerate(menu)
    ]
    for has in [
        *(lambda t, u=u: t.unit == u for u, _ in UNITS),
        *(lambda t, k=k: k in t.skills for k in practised.values()),
        lambda t: t.has_draft,
    ]:
        members = [i for i, t in enumerate(menu) if has(t) and not t.classes]
        if sum(menu[i].capacity or students for i in members) < students:
            for i in members:
                menu[i] = menu[i].model_copy(update={"capacity": None})
    units = tuple(Unit(id=u, name=n, min_tasks=1) for u, n in UNITS)
    policy = settings.policy.model_copy(update={"min_drafted_tasks": 1})
    update = {"units": units, "skills": skills, "policy": policy}
    return settings.model_copy(update=update), menu


def _drafted(i: int, task: Task) -> bool:
    """Every fifth task from the third has a draft two weeks before, where its whole window
    leaves room for one (a window from week 3 on)."""
    return i % 5 == 2 and not task.common and task.due_week[0] >= 3


def _away(roster: list[Student], weeks: int) -> list[Student]:
    """One student in 50 away, for one week or (every other one) two, spread over the term."""
    away = {}
    for i in range(7, len(roster), 50):
        first = (i // 50 * 5) % (weeks - 1) + 1
        away[i] = (first, first + 1) if i // 50 % 2 else (first,)
    return [s.model_copy(update={"away_weeks": away.get(i, ())}) for i, s in enumerate(roster)]


def _teachers(class_ids, menu, settings, students, rng, slack: float = 2.0) -> list[Teacher]:
    """One teacher for every two classes, and a lab specialist; ``slack`` times the minutes."""
    mean = sum(t.marking_minutes for t in menu) / len(menu)
    bounds = settings.policy.tasks_per_student
    per_student = (bounds.min + bounds.max) / 2 * mean
    marking_weeks = settings.weeks
    spike = menu[0].marking_minutes / settings.policy.feedback_weeks  # the common task, per student
    groups = [class_ids[i : i + 2] for i in range(0, len(class_ids), 2)]
    share = students / len(class_ids)
    teachers = [
        Teacher(
            teacher_id=f"K{i + 1:03d}",
            name=names(1, rng)[0],
            classes=tuple(group),
            weekly_marking_minutes=_round_up(
                share * len(group) * max(slack * per_student / marking_weeks, spike)
            ),
        )
        for i, group in enumerate(groups)
    ]
    lab = menu[1].marking_minutes * (menu[1].capacity or students) / 2
    teachers.append(
        Teacher(teacher_id="LAB", name="Lab specialist", weekly_marking_minutes=_round_up(lab))
    )
    return teachers


def _round_up(minutes: float) -> int:
    return int(math.ceil(minutes / 30) * 30)


def _seats(students: int, tasks: int) -> int:
    """A capacity that binds for popular tasks but leaves every criterion coverable."""
    return max(students * 3 // tasks, min(students // 2 + 1, 40))
