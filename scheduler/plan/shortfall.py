"""The rules a department may bend for the closest plan, their units and their weights.

``scheduler solve --relax`` turns these rules into penalised shortfalls. Each unit of
shortfall costs its weight; the closest plan has the least total. The checker measures
the same shortfalls on any plan, in the same units, so the two can be held together.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.exceptions import SchedulerError


@dataclass(frozen=True)
class Bendable:
    """A rule family that may be bent, the unit its shortfall is counted in, and its cost."""

    name: str
    rule: str
    unit: str
    weight: int
    how: str  # the shortfall in words, around {amount}

    def amount(self, count: int) -> str:
        """``count`` units in words: "3 assessments", "1 minute"."""
        return f"{count} {self.unit}{'' if count == 1 else 's'}"

    def words(self, count: int) -> str:
        """The shortfall in words: "off by 3 assessments", "40 minutes left over"."""
        return self.how.format(amount=self.amount(count))


BENDABLE: dict[str, Bendable] = {
    b.name: b
    for b in (
        Bendable("coverage", "criteria minimums and maximums", "assessment", 60, "off by {amount}"),
        Bendable("marking", "teachers' marking minutes", "minute", 1, "{amount} left over"),
        Bendable("deadlines", "deadlines per week", "deadline", 30, "{amount} too many"),
        Bendable("capacity", "task capacities", "student", 30, "{amount} too many"),
        Bendable("min_students", "minimum task sizes", "student", 30, "{amount} too few"),
        Bendable("units", "units' task counts", "task", 60, "off by {amount}"),
        Bendable("skills", "skills' task counts", "task", 60, "off by {amount}"),
        Bendable("drafts", "tasks with a draft", "task", 60, "{amount} short"),
        Bendable("group_size", "group sizes", "student", 30, "groups off by {amount}"),
        Bendable(
            "school_deadlines",
            "deadlines a week across subjects",
            "deadline",
            30,
            "{amount} too many",
        ),
    )
}
SCHOOL_ONLY = ("school_deadlines",)  # bent only when a whole school is solved


def bendable_rules(school: bool = False) -> str:
    """Every rule ``--relax`` may bend, in words: "criteria minimums and maximums, ..."."""
    rules = [b.rule for b in BENDABLE.values() if school or b.name not in SCHOOL_ONLY]
    return f"{', '.join(rules[:-1])} and {rules[-1]}"


DEFAULT_WEIGHTS: dict[str, int] = {
    name: b.weight for name, b in BENDABLE.items() if name not in SCHOOL_ONLY
}


def relax_weights(
    changes: list[str] | tuple[str, ...] = (), school: bool = False
) -> dict[str, int]:
    """The default weights with ``NAME=N`` changes applied; raise SchedulerError if bad.
    ``school``: a whole school's, with its cap across subjects too."""
    weights = dict(DEFAULT_WEIGHTS)
    if school:
        weights.update({name: BENDABLE[name].weight for name in SCHOOL_ONLY})
    for change in changes:
        name, _, value = change.partition("=")
        name = name.strip()
        if name not in weights:
            raise SchedulerError(
                f"--weight {change}: the rules that may be bent are {', '.join(weights)}"
            )
        if not value.strip().isdigit() or int(value) < 1:
            raise SchedulerError(
                f"--weight {change}: give a whole number of at least 1, e.g. {name}=60"
            )
        weights[name] = int(value)
    return weights


def penalty(shortfall: dict[str, int], weights: dict[str, int]) -> int:
    """The weighted total of a plan's shortfalls."""
    return sum(weights[name] * count for name, count in shortfall.items())
