"""Facts about a scenario that the pre-check's bounds share: groups of students who face the
same menu, the seats of each task, the fewest marking minutes each group causes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from scheduler.scenario.models import Period, Scenario, Task


@dataclass(frozen=True)
class Group:
    """Students who face the same menu: one class, the same pins, the same away weeks."""

    class_id: str
    musts: frozenset[str]
    nevers: frozenset[str]
    away: frozenset[int]
    size: int
    example: str


class Facts:
    """Derived facts about a scenario shared by the checks (computed once each)."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.settings = scenario.settings
        self.closed = set(self.settings.no_deadline_weeks)
        self._open: dict[Group, list[Task]] = {}

    @cached_property
    def groups(self) -> list[Group]:
        pins: dict[str, tuple[set, set]] = defaultdict(lambda: (set(), set()))
        for pin in self.scenario.pins:
            pins[pin.student_id][pin.rule == "never"].add(pin.task_id)
        members: dict[tuple, list[str]] = defaultdict(list)
        for s in self.scenario.students:
            must, never = pins.get(s.student_id, ((), ()))
            key = (s.class_id, frozenset(must), frozenset(never), frozenset(s.away_weeks))
            members[key].append(s.student_id)
        return [Group(*key, len(ids), ids[0]) for key, ids in members.items()]

    @cached_property
    def class_sizes(self) -> dict[str, int]:
        sizes: dict[str, int] = defaultdict(int)
        for s in self.scenario.students:
            sizes[s.class_id] += 1
        return sizes

    def eligible(self, task: Task) -> int:
        return task.open_count(self.class_sizes)

    def seats(self, task: Task) -> int:
        """The most students who can take the task."""
        most = self.eligible(task)
        return most if task.capacity is None else min(most, task.capacity)

    def due_weeks(self, task: Task) -> list[int]:
        """The weeks the task may be due: open for deadlines, and so is its draft's week."""
        k = task.draft_weeks
        return [
            w
            for w in task.due_weeks
            if w not in self.closed and (not k or (w - k >= 1 and w - k not in self.closed))
        ]

    def falls_in(self, task: Task, period: Period) -> bool:
        return any(w in period.weeks for w in self.due_weeks(task))

    def group_weeks(self, group: Group, task: Task) -> list[int]:
        """The weeks the group's students could hand the task in (not away then)."""
        k = task.draft_weeks
        return [
            w
            for w in self.due_weeks(task)
            if w not in group.away and not (k and w - k in group.away)
        ]

    def open_tasks(self, group: Group) -> list[Task]:
        """Tasks the group may take: open to its class, not pinned never, and due in a week
        they are there."""
        if group not in self._open:
            self._open[group] = [
                t
                for t in self.scenario.tasks
                if t.is_open_to(group.class_id)
                and t.task_id not in group.nevers
                and self.group_weeks(group, t)
            ]
        return self._open[group]

    def forced(self, group: Group) -> list[Task]:
        """Tasks the group must do: must pins, and common tasks open to it that cannot be due
        in one of their away weeks (which would excuse them; with own due weeks they hand it
        in in a week they are there)."""
        return [
            t
            for t in self.open_tasks(group)
            if t.task_id in group.musts
            or (
                t.common
                and (t.own_weeks or len(self.group_weeks(group, t)) == len(self.due_weeks(t)))
            )
        ]

    def optional_needed(self, group: Group) -> int:
        """How many tasks beyond the forced ones each student of the group must take."""
        return max(0, self.settings.policy.tasks_per_student.min - len(self.forced(group)))

    def markers(self, group: Group) -> set[str]:
        """Every teacher who may mark work of the group's students."""
        markers = {t.marker for t in self.open_tasks(group) if t.marker}
        markers.add(self.scenario.teacher_of_class.get(group.class_id))
        return markers - {None}

    def least_minutes(self, group: Group, teacher: str | None = None) -> int:
        """The fewest marking minutes one student of the group causes (for one teacher)."""
        forced = self.forced(group)
        ids = {t.task_id for t in forced}
        costs = sorted(
            self.cost(t, group, teacher) for t in self.open_tasks(group) if t.task_id not in ids
        )
        fixed = sum(self.cost(t, group, teacher) for t in forced)
        return fixed + sum(costs[: self.optional_needed(group)])

    def cost(self, task: Task, group: Group, teacher: str | None) -> int:
        """Minutes one submission of the group costs ``teacher`` (anyone, when None)."""
        marker = task.marker or self.scenario.teacher_of_class.get(group.class_id)
        minutes = task.marking_minutes + (task.draft_minutes if task.has_draft else 0)
        if task.in_groups:  # one submission a group: at least a share of it each
            minutes //= task.group_size[1]
        return minutes if teacher in (None, marker) else 0
