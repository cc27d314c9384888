"""Hypothesis strategies: tiny valid scenarios that an exhaustive search can settle."""

from __future__ import annotations

from hypothesis import strategies as st

from scheduler.plan.shortfall import DEFAULT_WEIGHTS
from tests.factory import task, tiny


def relax_weights():
    """A weight for every rule that may be bent, so that any of them may be the cheapest."""
    return st.fixed_dictionaries(
        {name: st.sampled_from([1, 2, 5, 30, 60]) for name in DEFAULT_WEIGHTS}
    )


@st.composite
def tiny_scenarios(draw):
    weeks = draw(st.integers(2, 4))
    students = draw(st.sampled_from([1, 2, 3, 3]))
    classes = ("7A", "7B") if students > 1 and draw(st.booleans()) else ("7A",)
    closed = tuple(draw(st.sets(st.integers(1, weeks), max_size=1)))
    units = _limits(draw, ["U1", "U2"]) if draw(st.booleans()) else ()
    skills = _limits(draw, ["LAB", "ORAL"]) if draw(st.booleans()) else ()
    tasks = [
        _task(draw, i, weeks, closed, classes, units, skills)
        for i in range(draw(st.sampled_from([1, 2, 3, 3])))
    ]
    preferences = _preferences(draw, students, [t.task_id for t in tasks])
    most = draw(st.none() | st.integers(1, 3))
    least = draw(st.integers(0, min(most if most is not None else 2, 2)))
    return tiny(
        tasks,
        preferences=preferences,
        students=students,
        classes=classes,
        weekly=draw(st.sampled_from([0, 20, 40, 1000, 1000])),
        unavailable=tuple(draw(st.sets(st.integers(2, weeks + 1), max_size=1))),
        pins=_pins(draw, students, tasks, classes),
        criteria=(
            ("A", draw(st.sampled_from([0, 0, 1])), draw(st.none() | st.integers(1, 2))),
            ("B", draw(st.sampled_from([0, 0, 1])), None),
        ),
        periods=(("P1", 1, weeks // 2), ("P2", weeks // 2 + 1, weeks))
        if draw(st.booleans())
        else (),
        weeks=weeks,
        no_deadline_weeks=closed,
        tasks_per_student=(least, most),
        max_deadlines=draw(st.sampled_from([None, 1])),
        feedback=draw(st.integers(1, 2)),
        units=units,
        skills=skills,
        away=_away(draw, students, weeks) if draw(st.booleans()) else None,
        min_drafted=draw(st.sampled_from([0, 0, 1])),
        wishes=_wishes(draw, tasks, preferences),
        partners=_partners(draw, students),
    )


def _partners(draw, students: int) -> tuple:
    """Often none; else S1 and S2 as a wish (with) or a rule (never)."""
    if students < 2 or draw(st.integers(0, 2)):
        return ()
    return (("S1", "S2", draw(st.sampled_from(["with", "never"]))),)


def _wishes(draw, tasks, preferences) -> dict:
    """Week wishes on some ranked (student, own task) pairs: one week of the window."""
    own = {t.task_id: t for t in tasks if t.own_weeks}
    return {
        (student, task_id): (draw(st.sampled_from(list(own[task_id].due_weeks))),)
        for student, ranks in preferences.items()
        for task_id in ranks
        if task_id in own and draw(st.booleans())
    }


def _away(draw, students: int, weeks: int) -> dict[str, tuple[int, ...]]:
    """Away weeks for some students: none, or one or two weeks."""
    return {
        f"S{i + 1}": tuple(sorted(draw(st.sets(st.integers(1, weeks), max_size=2))))
        for i in range(students)
    }


def _limits(draw, ids: list[str]) -> tuple:
    """Units or skills: each (id, least, most), the least 0 or 1, the most none, 1 or 2."""
    return tuple(
        (item, draw(st.sampled_from([0, 1])), draw(st.sampled_from([None, None, 1, 2])))
        for item in ids[: draw(st.integers(1, len(ids)))]
    )


def _task(draw, i, weeks, closed, classes, units=(), skills=()):
    open_weeks = [w for w in range(1, weeks + 1) if w not in closed]
    first = draw(st.sampled_from(open_weeks))
    last = draw(st.integers(first, min(weeks, first + 1)))
    common = i == 0 and draw(st.booleans())
    capacity = None if common else draw(st.none() | st.integers(1, 3))
    return task(
        f"T{i + 1}",
        criteria=draw(st.sampled_from(["A", "B", "A;B"])),
        due=f"{first}-{last}",
        minutes=draw(st.sampled_from([0, 10, 20])),
        capacity=capacity,
        min_students=1 if common else draw(st.integers(1, capacity or 2)),
        marker=draw(st.sampled_from([None, "LAB"])),
        common=common,
        classes=("7B",) if len(classes) > 1 and not common and draw(st.booleans()) else (),
        unit=draw(st.sampled_from([None, *(u[0] for u in units)])),
        draft_weeks=draw(st.sampled_from([0, 0, 2])),
        **_moderation(draw),
        draft_minutes=draw(st.sampled_from([0, 10])),
        skills=";".join(k[0] for k in skills if draw(st.booleans())),
        due_mode="own" if last > first and draw(st.booleans()) else "shared",
        group_size=draw(st.sampled_from([None, None, None, "2", "1-2", "2-3"])),
    )


def _moderation(draw) -> dict:
    """Often no moderator; else the lab teacher or a class teacher, with a sample of 1 or 2."""
    moderator = draw(st.sampled_from([None, None, "LAB", "K1"]))
    if moderator is None:
        return {}
    return {"moderator": moderator, "moderation_sample": draw(st.sampled_from([1, 2]))}


def _preferences(draw, students, task_ids):
    return {
        f"S{i + 1}": {t: draw(st.integers(1, 3)) for t in task_ids if draw(st.integers(0, 3))}
        for i in range(students)
    }


def _pins(draw, students, tasks, classes):
    if not draw(st.booleans()):
        return ()
    student = draw(st.integers(1, students))
    class_id = classes[(student - 1) % len(classes)]
    choices = [t for t in tasks if not t.common and t.is_open_to(class_id)]
    if not choices:
        return ()
    return (
        (
            f"S{student}",
            draw(st.sampled_from(choices)).task_id,
            draw(st.sampled_from(["must", "never"])),
        ),
    )
