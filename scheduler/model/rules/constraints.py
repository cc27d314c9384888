"""The rules of a valid plan (FORMAT.md rules 1 to 12), one method per rule family."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import cached_property

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import LinearExpr

from scheduler.model.rules.slack import Slack
from scheduler.model.rules.variables import Variables
from scheduler.scenario import Scenario


class TimeUp(Exception):
    """The time limit ran out while the model was being built."""


def add_families(families, stop: Callable[[], bool] | None = None) -> None:
    """Adds each rule family in turn; between them ``stop()`` true raises TimeUp."""
    for family in families:
        if stop is not None and stop():
            raise TimeUp
        family()


class Constraints:
    """Adds every rule of a valid plan to a CP-SAT model."""

    def __init__(
        self,
        model: cp_model.CpModel,
        scenario: Scenario,
        variables: Variables,
        guards: Guards | None = None,
        slack: Slack | None = None,
        shared_teachers: frozenset[str] = frozenset(),
    ):
        """``shared_teachers``: teachers of several subjects of a school, whose marking is
        fitted across the subjects (scheduler.model.school), not here."""
        self.shared_teachers = shared_teachers
        self.model = model
        self.scenario = scenario
        self.vars = variables
        self.settings = scenario.settings
        self.guards = guards
        self.slack = slack

    def _rule(self, group: tuple, constraint) -> None:
        """Tie ``constraint`` to its rule group's guard, when the model is being explained."""
        if self.guards is not None:
            constraint.only_enforce_if(self.guards.literal(group))

    def _bends(self, family: str) -> bool:
        """Whether rules of ``family`` may be broken at a cost (``solve --relax``)."""
        return self.slack is not None and family in self.slack.weights

    def _short(self, family: str, most: int):
        """A shortfall variable when ``family`` may be bent (``solve --relax``), else 0."""
        return 0 if self.slack is None else self.slack.allow(family, most)

    def add_all(self, stop: Callable[[], bool] | None = None) -> None:
        """Adds every rule family (classes and never pins are in the variables). Between
        families ``stop()`` true (the time is up) raises TimeUp."""
        add_families(self.families(), stop)

    def families(self) -> tuple[Callable[[], None], ...]:
        """Every rule family's method, in the order add_all adds them."""
        return (
            self.common_tasks_and_must_pins,
            self.due_weeks,
            self.own_due_weeks,
            self.groups,
            self.task_sizes,
            self.tasks_per_student,
            self.deadlines_per_week,
            self.criteria_coverage,
            self.teacher_marking,
            self.units_of_work,
            self.skills_practised,
            self.drafted_tasks,
            self.away_weeks,
        )

    def common_tasks_and_must_pins(self) -> None:
        """Every student does the common tasks open to their class, unless away when it is
        due (then excused), and their must pins."""
        must = {(p.student_id, p.task_id) for p in self.scenario.pins if p.rule == "must"}
        common = {t.task_id for t in self.scenario.tasks if t.common}
        excusing = set()
        for pair, x in self.vars.assign.items():
            if pair[1] in common:
                if self._common(pair, x):
                    excusing.add(pair[1])
            elif pair in must:
                self._rule(("pin", *pair), self.model.add(x == 1))
        for task_id in sorted(excusing):  # it excuses only if it runs, and so has a taker
            takers = [x for (_, t), x in self.vars.assign.items() if t == task_id]
            self.model.add(LinearExpr.sum(takers) >= self.vars.runs[task_id])

    def _common(self, pair, x) -> bool:
        """x, or the task due in one of the student's away weeks (every such week: excused);
        whether its due week may excuse the student (never for an own due week: the
        student hands in when they are there)."""
        due = self.vars.due[pair[1]]
        away = self._away_in(pair, due)
        if away and away >= set(due):
            return False  # away whenever it (or its draft) can be due: excused
        if self.vars.own(pair[1]):
            self._rule(("common", pair[1]), self.model.add(x == 1))
            return False
        excused = [due[w] for w in sorted(away)]
        done = x + LinearExpr.sum(excused) if excused else x
        self._rule(("common", pair[1]), self.model.add(done == 1))
        return bool(excused)

    def due_weeks(self) -> None:
        """A running task has one due week in its window, shared by all who do it."""
        for task_id, weeks in self.vars.due.items():
            if not weeks:  # no week of its window can hold it (nor its draft): it cannot run
                self.model.add(self.vars.runs[task_id] == 0)
            elif len(weeks) > 1:
                self.model.add(LinearExpr.sum(list(weeks.values())) == self.vars.runs[task_id])
        for pair, weeks in self.vars.due_in.items():
            x = self.vars.assign[pair]
            self.model.add_implication(x, self.vars.runs[pair[1]])
            if len(weeks) > 1 and not self.vars.own(pair[1]):
                self.model.add(LinearExpr.sum(list(weeks.values())) == x)
                for week, y in weeks.items():
                    self.model.add_implication(y, self.vars.due[pair[1]][week])

    def own_due_weeks(self) -> None:
        """With due_mode own, each student doing the task has one due week of their own in its
        window; the task's due week is the last of them (rule 11)."""
        doing: dict[str, list[dict]] = defaultdict(list)
        for pair, weeks in self.vars.due_in.items():
            if self.vars.own(pair[1]) and len(weeks) > 1:
                self.model.add(LinearExpr.sum(list(weeks.values())) == self.vars.assign[pair])
                doing[pair[1]].append(weeks)
        for task_id, students in doing.items():
            last = self.vars.due[task_id]
            for week, is_last in last.items():
                due_then = [weeks[week] for weeks in students]
                later = LinearExpr.sum([y for w, y in last.items() if w >= week])
                for y in due_then:  # someone due in this week: the last week is no earlier
                    self.model.add(later >= y)
                self.model.add(LinearExpr.sum(due_then) >= is_last)  # the last: someone's

    def groups(self) -> None:
        """A group task's students are in groups of its size, each of one class, with no
        never pair in a group, and a group's members share its due week (rule 12)."""
        never = self._never_pairs()
        in_slot: dict[tuple[str, str], list] = defaultdict(list)
        for task_id, slots in self.vars.slots.items():
            least, most = self.scenario.task_by_id[task_id].group_size
            for i, slot in enumerate(slots):
                self._group_size(slot, least, most)
                if i and slots[i - 1].class_id == slot.class_id:  # used slots come first
                    self.model.add(slots[i - 1].run >= slot.run)
                for a, b in never:
                    if a in slot.members and b in slot.members:
                        self.model.add(slot.members[a] + slot.members[b] <= 1)
                self._group_week(slot)
                for student_id, member in slot.members.items():
                    in_slot[student_id, task_id].append(member)
        for pair, x in self.vars.assign.items():
            if pair[1] in self.vars.slots:
                grouped = self.model.add(LinearExpr.sum(in_slot[pair]) == x)
                class_id = self.scenario.student_by_id[pair[0]].class_id
                self._rule(("groups", pair[1], class_id), grouped)

    def _group_size(self, slot, least: int, most: int) -> None:
        """A used slot holds least to most students, an unused one nobody; with sizes bent
        (``--relax``), each student short of or over them costs."""
        size = LinearExpr.sum(list(slot.members.values()))
        for member in slot.members.values():  # a member is in a group that hands in
            self.model.add_implication(member, slot.run)
        short = self._short("group_size", least)
        self.model.add(size + short >= least * slot.run)
        over = self._short("group_size", len(slot.members)) if len(slot.members) > most else 0
        self.model.add(size - over <= most * slot.run)

    def _group_week(self, slot) -> None:
        """The group's one due week: the task's (shared) or its members' own, all alike."""
        if len(slot.due) == 1:
            return
        if not self.vars.own(slot.task_id):
            for week, due in slot.due.items():  # its submission is due when the task is
                self.model.add(due >= slot.run + self.vars.due[slot.task_id][week] - 1)
            return
        self.model.add(LinearExpr.sum(list(slot.due.values())) == slot.run)
        for student_id, member in slot.members.items():
            for week, y in self.vars.due_in[student_id, slot.task_id].items():
                self.model.add(slot.due[week] >= member + y - 1)

    def _never_pairs(self) -> set[tuple[str, str]]:
        return {(p.student_id, p.partner_id) for p in self.scenario.partners if p.wish == "never"}

    def task_sizes(self) -> None:
        """A task runs with min_students to capacity students, or with nobody."""
        takers = defaultdict(list)
        for (_, task_id), x in self.vars.assign.items():
            takers[task_id].append(x)
        for task in self.scenario.tasks:
            self._task_size(task, self.vars.runs[task.task_id], takers[task.task_id])

    def _task_size(self, task, run, xs: list) -> None:
        most = len(xs) if task.capacity is None else min(task.capacity, len(xs))
        bend_least = self._bends("min_students")
        bend_most = self._bends("capacity") and most < len(xs)
        if task.min_students > most and not (bend_least or bend_most):
            self._rule(("min_students", task.task_id), self.model.add(run == 0))
            return
        total = LinearExpr.sum(xs)
        short = self._short("min_students", task.min_students)
        fewest = self.model.add(total + short >= task.min_students * run)
        self._rule(("min_students", task.task_id), fewest)
        if bend_most:
            self.model.add(total <= len(xs) * run)
            over = self._short("capacity", len(xs) - most)
            capacity = self.model.add(total - over <= most)
        else:
            capacity = self.model.add(total <= most * run)
        if most < len(xs):  # otherwise it only says who does a task makes it run
            self._rule(("capacity", task.task_id), capacity)

    def tasks_per_student(self) -> None:
        """Each student does between tasks_per_student.min and .max tasks."""
        bounds = self.settings.policy.tasks_per_student
        for student_id, xs in self._by_student().items():
            group = ("tasks_per_student", self.scenario.student_by_id[student_id].class_id)
            self._rule(group, self.model.add(LinearExpr.sum(xs) >= bounds.min))
            if bounds.max is not None:
                self._rule(group, self.model.add(LinearExpr.sum(xs) <= bounds.max))

    def deadlines_per_week(self) -> None:
        """No student has more than max_deadlines_per_week tasks due in one week."""
        most = self.settings.policy.max_deadlines_per_week
        if most is None:
            return
        due: dict[tuple[str, int], list] = defaultdict(list)
        for (student_id, _), weeks in self.vars.due_in.items():
            for week, y in weeks.items():
                due[student_id, week].append(y)
        for (student_id, _), ys in due.items():
            if len(ys) > most:
                group = ("deadlines", self.scenario.student_by_id[student_id].class_id)
                over = self._short("deadlines", len(ys) - most)
                self._rule(group, self.model.add(LinearExpr.sum(ys) - over <= most))

    def criteria_coverage(self) -> None:
        """Each student's tasks due in each period assess each criterion min to max times."""
        counted = self._due_by_period_and_criterion()
        for period in self.settings.reporting_periods:
            for criterion in self.settings.criteria:
                group = ("coverage", period.name, criterion.id)
                for ys in counted[period.name, criterion.id].values():
                    self._between(
                        "coverage", group, ys, criterion.min_per_period, criterion.max_per_period
                    )

    def _due_by_period_and_criterion(self) -> dict[tuple[str, str], dict[str, list]]:
        """(period, criterion) -> student -> the literals of their work due in the period on
        a task assessing the criterion, gathered in one pass over the students' tasks (one
        pass a period and criterion took a quarter of the 1,500 x 60 tier's build)."""
        periods = [(p.name, set(p.weeks)) for p in self.settings.reporting_periods]
        students = [s.student_id for s in self.scenario.students]
        counted = {
            (name, c.id): {student_id: [] for student_id in students}
            for name, _ in periods
            for c in self.settings.criteria
        }
        for (student_id, task_id), weeks in self.vars.due_in.items():
            assessed = dict.fromkeys(self.scenario.task_by_id[task_id].criteria)  # "A;A": once
            for name, inside in periods:
                ys = [y for w, y in weeks.items() if w in inside]
                for criterion_id in assessed:
                    counted[name, criterion_id][student_id] += ys
        return counted

    def units_of_work(self) -> None:
        """Each student does min_tasks to max_tasks tasks of every unit (rule 7)."""
        for unit in self.settings.units:
            ids = {t.task_id for t in self.scenario.tasks_of_unit(unit.id)}
            self._per_student("units", unit.id, ids, unit.min_tasks, unit.max_tasks)

    def skills_practised(self) -> None:
        """Each student does min_per_term to max_per_term tasks practising every skill (rule 8)."""
        for skill in self.settings.skills:
            ids = {t.task_id for t in self.scenario.tasks_with_skill(skill.id)}
            self._per_student("skills", skill.id, ids, skill.min_per_term, skill.max_per_term)

    def drafted_tasks(self) -> None:
        """Each student does at least min_drafted_tasks tasks with a draft (rule 9)."""
        least = self.settings.policy.min_drafted_tasks
        if not least:
            return
        drafted = {t.task_id for t in self.scenario.tasks if t.has_draft}
        chosen: dict[str, list] = {s.student_id: [] for s in self.scenario.students}
        for (student_id, task_id), x in self.vars.assign.items():
            if task_id in drafted:
                chosen[student_id].append(x)
        for student_id, xs in chosen.items():
            class_id = self.scenario.student_by_id[student_id].class_id
            self._between("drafts", ("drafts", class_id), xs, least, None)

    def away_weeks(self) -> None:
        """Nothing of a student's, final or draft, is due in a week they are away (rule 10)."""
        for pair, weeks in self.vars.due_in.items():
            for week in self._away_in(pair, weeks):
                self.model.add(weeks[week] == 0)

    def _away_in(self, pair, weeks) -> set[int]:
        """The weeks of ``weeks`` in which the pair's final or draft would fall while the
        student is away."""
        away = self.vars.away_weeks(pair)
        if not away:
            return set()
        return {w for w in weeks if w in away or self.vars.draft_week(pair[1], w) in away}

    def teacher_marking(self) -> None:
        """Each teacher's marking jobs fit their windows (any split across weeks).

        A job is available in the weeks of its window: a final due in week w in weeks
        w+1 .. w+feedback_weeks, the feedback on a draft due in week d in weeks
        d+1 .. d+min(feedback_weeks, draft_weeks-1), the moderation of a task due in week L
        (marking_minutes times min(moderation_sample, its submissions)) in L+1 .. L+feedback. Jobs that can be split fit exactly when,
        for every stretch of weeks a..b, the jobs whose whole window lies inside it fit in
        its marking time. When marking may be bent, some minutes of each window may be left
        over: the least total left over is what marking earliest-deadline-first leaves (the
        checker's measure).
        """
        for teacher in self.scenario.teachers:
            if teacher.teacher_id not in self.shared_teachers:
                loads = {w: [load] for w, load in self.window_loads(teacher.teacher_id).items()}
                for fits in fit_marking(self.model, teacher, loads):
                    self._rule(("marking", teacher.teacher_id), fits)

    # --- helpers ------------------------------------------------------------------------

    def _by_student(self) -> dict[str, list]:
        xs: dict[str, list] = {s.student_id: [] for s in self.scenario.students}
        for (student_id, _), x in self.vars.assign.items():
            xs[student_id].append(x)
        return xs

    def _per_student(self, family: str, item: str, task_ids: set, least: int, most) -> None:
        """Each student does ``least`` to ``most`` of ``task_ids``; one rule group per class."""
        chosen: dict[str, list] = {s.student_id: [] for s in self.scenario.students}
        for (student_id, task_id), x in self.vars.assign.items():
            if task_id in task_ids:
                chosen[student_id].append(x)
        for student_id, xs in chosen.items():
            class_id = self.scenario.student_by_id[student_id].class_id
            self._between(family, (family, item, class_id), xs, least, most)

    def _between(
        self, family: str, group: tuple, literals: list, least: int, most: int | None
    ) -> None:
        """``least`` to ``most`` of ``literals`` are true; either side may bend in ``family``."""
        total = LinearExpr.sum(literals)
        if least > 0:
            short = self._short(family, least)
            self._rule(group, self.model.add(total + short >= least))
        if most is not None and len(literals) > most:
            over = self._short(family, len(literals) - most)
            self._rule(group, self.model.add(total - over <= most))

    def window_loads(self, teacher_id: str) -> dict[tuple[int, int], Load]:
        """The teacher's marking minutes in each window of weeks: finals, drafts, then the
        moderation of tasks they moderate (in the weeks after the task is due)."""
        feedback = self.settings.policy.feedback_weeks
        terms: dict[tuple[int, int], list[tuple]] = defaultdict(list)
        submissions = self._submissions.get(teacher_id, [])
        for task, weeks in submissions:
            if task.marking_minutes:
                for week, y in weeks.items():
                    terms[week + 1, week + feedback].append((y, task.marking_minutes))
        for task, weeks in submissions:
            if task.has_draft and task.draft_minutes:
                soon = min(feedback, task.draft_weeks - 1)
                for week, y in weeks.items():
                    draft = week - task.draft_weeks
                    terms[draft + 1, draft + soon].append((y, task.draft_minutes))
        for task in self.scenario.tasks:
            if task.moderator == teacher_id and task.marking_minutes:
                for week, literals in self._moderated(task).items():
                    window = terms[week + 1, week + feedback]
                    window += [(z, task.marking_minutes) for z in literals]
        loads = {}
        for (first, last), items in terms.items():
            most = sum(m for _, m in items)
            var = self.model.new_int_var(0, most, f"load[{teacher_id},{first}-{last}]")
            self.model.add(
                var == LinearExpr.weighted_sum([y for y, _ in items], [m for _, m in items])
            )
            loads[first, last] = Load(var, most, self._short("marking", most))
        return loads

    @cached_property
    def _submissions(self) -> dict[str, list[tuple]]:
        """Teacher -> (task, week -> literal) for each submission the teacher marks: a
        student's, or a group's for a group task (one submission, marked once). Gathered
        once for all teachers: asked teacher by teacher, it took 3.3 of the 3.5 s the model
        of the 1,500 x 60 benchmark tier took to build."""
        marked: dict[str, list[tuple]] = defaultdict(list)
        for pair, weeks in self.vars.due_in.items():
            if pair[1] not in self.vars.slots:
                marked[self.vars.marker(pair)].append((self.scenario.task_by_id[pair[1]], weeks))
        for task_id, slots in self.vars.slots.items():
            task = self.scenario.task_by_id[task_id]
            for slot in slots:
                marker = task.marker or self.scenario.teacher_of_class.get(slot.class_id)
                marked[marker].append((task, slot.due))
        return marked

    def _moderated(self, task) -> dict[int, list]:
        """For each week the task may be due, literals that count the submissions its
        moderator re-marks if it is due then: at least min(moderation_sample, its
        submissions) of them are true (the marking rule keeps them no higher than needed).

        ``more[k]`` is true when the task has more than k submissions; in week w the k-th
        literal is ``more[k]`` and the task due in w.
        """
        if task.in_groups:  # one submission a group
            takers = [slot.run for slot in self.vars.slots[task.task_id]]
        else:
            takers = [x for (_, t), x in self.vars.assign.items() if t == task.task_id]
        total = LinearExpr.sum(takers)
        more = []
        for k in range(min(task.sample, len(takers))):
            above = self.model.new_bool_var(f"moderated[{task.task_id},{k + 1}]")
            self.model.add(total <= k + (len(takers) - k) * above)  # more than k: above
            more.append(above)
        found = {}
        for week, due in self.vars.due[task.task_id].items():
            found[week] = []
            for k, above in enumerate(more):
                both = self.model.new_bool_var(f"moderated[{task.task_id},{k + 1},{week}]")
                self.model.add(both >= above + due - 1)
                found[week].append(both)
        return found


class Guards:
    """One literal per rule group (a teacher's marking, a criterion in a period, ...).

    A group's rules hold only while its literal is true; assuming every literal and
    asking CP-SAT which assumptions clash finds the groups that make a scenario infeasible.
    """

    def __init__(self, model: cp_model.CpModel):
        self.model = model
        self.literals: dict[tuple, cp_model.IntVar] = {}

    def literal(self, group: tuple):
        if group not in self.literals:
            self.literals[group] = self.model.new_bool_var(f"guard{group}")
        return self.literals[group]


def fit_marking(model: cp_model.CpModel, teacher, loads: dict[tuple[int, int], list[Load]]) -> list:
    """A teacher's marking fits: for every stretch of weeks a..b, the loads of the windows
    inside it (``loads``: window -> the loads there) fit in its marking time. The
    constraints added."""
    starts = sorted({r for r, _ in loads})
    ends = sorted({e for _, e in loads})
    added = []
    for a in starts:
        for b in ends:
            inside = [load for (r, e), some in sorted(loads.items()) if r >= a and e <= b
                      for load in some]  # fmt: skip
            room = teacher.marking_time(a, b)
            if inside and sum(load.most for load in inside) > room:
                sum_marked = LinearExpr.sum([load.marked() for load in inside])
                added.append(model.add(sum_marked <= room))
    return added


class Load:
    """A teacher's marking minutes in one window of weeks, and the most they can be."""

    __slots__ = ("left", "most", "var")

    def __init__(self, var, most: int, left=0):
        self.var, self.most, self.left = var, most, left

    def marked(self):
        """The minutes that must be marked in time: all of them, less any left over."""
        return self.var - self.left
