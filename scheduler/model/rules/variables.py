"""The CP-SAT variables of a term plan, and the plain facts the constraints read."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.plan import Pair
from scheduler.scenario import Scenario, Student, Task


class Variables:
    """Decision variables: who takes what, which tasks run, and when each is due.

    ``assign[s, t]`` exists only for pairs the rules allow at all: a task closed to the
    student's class, or pinned ``never``, has no variable and so can never be chosen.
    ``due_in[s, t][w]`` is true when student s does task t and it is due in week w; for a
    task with one possible week it is ``assign[s, t]`` itself. ``due[t][w]`` is true when
    task t runs and is due in week w: for a task whose students have their own due weeks
    (``due_mode: own``), when w is the last of them.
    """

    def __init__(self, model: cp_model.CpModel, scenario: Scenario, loose_groups: bool = False):
        """``loose_groups``: group sizes may be bent (``solve --relax``), so a class may need a
        group for every student."""
        self.loose_groups = loose_groups
        self.scenario = scenario
        never = {(p.student_id, p.task_id) for p in scenario.pins if p.rule == "never"}
        self.pairs: list[Pair] = [
            (s.student_id, t.task_id)
            for s in scenario.students
            for t in scenario.tasks
            if t.is_open_to(s.class_id) and (s.student_id, t.task_id) not in never
        ]
        self.assign = {pair: model.new_bool_var(f"x[{pair[0]},{pair[1]}]") for pair in self.pairs}
        self.runs = {t.task_id: model.new_bool_var(f"run[{t.task_id}]") for t in scenario.tasks}
        self.due = {t.task_id: self._due_literals(model, t) for t in scenario.tasks}
        self.due_in = {pair: self._due_in_literals(model, pair) for pair in self.pairs}
        self.slots = {t.task_id: self._slots(model, t) for t in scenario.tasks if t.in_groups}
        self.model = model

    def possible_weeks(self, task: Task) -> list[int]:
        """Weeks the task may be due: its window less the no-deadline weeks, and for a task
        with a draft, less the weeks whose draft would fall before week 1 or in a no-deadline
        week (rule 9)."""
        closed = set(self.scenario.settings.no_deadline_weeks)
        k = task.draft_weeks
        return [
            w
            for w in task.due_weeks
            if w not in closed and (not k or (w - k >= 1 and w - k not in closed))
        ]

    def draft_week(self, task_id: str, week: int) -> int | None:
        """The week the draft of a final due in ``week`` is due, for a task with a draft."""
        k = self.scenario.task_by_id[task_id].draft_weeks
        return week - k if k else None

    def away_weeks(self, pair: Pair) -> set[int]:
        """The weeks the pair's student is away: nothing of theirs may be due then."""
        return set(self.scenario.student_by_id[pair[0]].away_weeks)

    def own(self, task_id: str) -> bool:
        """Whether each student doing the task has their own due week (``due_mode: own``);
        then ``due[task]`` is the task's last due week, the one its moderation follows."""
        return self.scenario.task_by_id[task_id].own_weeks

    def marker(self, pair: Pair) -> str:
        """The teacher who marks this student's work on this task."""
        task = self.scenario.task_by_id[pair[1]]
        student: Student = self.scenario.student_by_id[pair[0]]
        return self.scenario.marker_of(task, student)

    def _slots(self, model: cp_model.CpModel, task: Task) -> list[Slot]:
        """The places a group of the task may fill, per class: as many as the class could fill
        with groups of the least size (the task's capacity bounds its students, not these). Groups are alike, so a
        student (in the class's order) is never in a slot numbered above their place: any
        grouping, its groups ordered by their first member, fits."""
        least = task.group_size[0]
        takers: dict[str, list[str]] = {}
        for student_id, task_id in self.pairs:
            if task_id == task.task_id:
                class_id = self.scenario.student_by_id[student_id].class_id
                takers.setdefault(class_id, []).append(student_id)
        slots = []
        weeks = list(self.due[task.task_id])
        for class_id, students in takers.items():
            for k in range(len(students) if self.loose_groups else len(students) // least):
                name = f"{task.task_id},{class_id},{k + 1}"
                run = model.new_bool_var(f"group[{name}]")
                members = {
                    s: model.new_bool_var(f"member[{name},{s}]")
                    for i, s in enumerate(students)
                    if i >= k
                }
                due = (
                    {weeks[0]: run}
                    if len(weeks) == 1
                    else {w: model.new_bool_var(f"group_due[{name},{w}]") for w in weeks}
                )
                slots.append(Slot(task.task_id, class_id, k + 1, run, members, due))
        return slots

    def _due_literals(self, model: cp_model.CpModel, task: Task) -> dict[int, cp_model.IntVar]:
        weeks = self.possible_weeks(task)
        if len(weeks) == 1:
            return {weeks[0]: self.runs[task.task_id]}
        return {w: model.new_bool_var(f"due[{task.task_id},{w}]") for w in weeks}

    def _due_in_literals(self, model: cp_model.CpModel, pair: Pair) -> dict[int, cp_model.IntVar]:
        weeks = list(self.due[pair[1]])
        if len(weeks) == 1:
            return {weeks[0]: self.assign[pair]}
        return {w: model.new_bool_var(f"y[{pair[0]},{pair[1]},{w}]") for w in weeks}


@dataclass
class Slot:
    """A place for one group of a group task: its class, whether it is used (``run``), who
    is in it, and, for each week, whether its one submission is due then."""

    task_id: str
    class_id: str
    number: int
    run: cp_model.IntVar
    members: dict[str, cp_model.IntVar]
    due: dict[int, cp_model.IntVar]

    @property
    def group(self) -> str:
        """The group's id in a plan (unique within the task): ``9A-2``."""
        return f"{self.class_id}-{self.number}"
