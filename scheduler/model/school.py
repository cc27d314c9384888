"""Solve a whole school in one CP-SAT model: each subject's model as it is, and the rules
that cross subjects (FORMAT.md, "A school is a folder of subjects")."""

from __future__ import annotations

import time
from collections import defaultdict

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import LinearExpr

from scheduler.exceptions import SchedulerError
from scheduler.model.explain import Clash, clash_of
from scheduler.model.rules.collector import collector_paused
from scheduler.model.rules.constraints import (
    Constraints,
    Guards,
    TimeUp,
    add_families,
    fit_marking,
)
from scheduler.model.rules.slack import Slack
from scheduler.model.rules.variables import Variables
from scheduler.model.search.ranks import AllRanks, Ranks
from scheduler.model.search.solver import Outcome, Search, Watch
from scheduler.model.search.stages import Stages
from scheduler.model.solve import (
    OBJECTIVES,
    assignments_of,
    no_plan_figures,
    rank_bound,
    shortfall_bound,
)
from scheduler.plan import Plan, Status, plan_of, rank_costs
from scheduler.plan.school import SchoolPlan
from scheduler.scenario.school import School


def solve_school(
    school: School,
    time_limit: float = 60.0,
    num_workers: int = 0,
    seed: int = 0,
    objective: str = "fair",
    display: bool = False,
    relax: dict[str, int] | None = None,
    watch: Watch | None = None,
) -> SchoolPlan:
    """The best plan of every subject together within ``time_limit`` seconds: the fair
    objective over the whole school (the worst rank of any student's task in any subject
    first, then the total rank over all subjects), or the total rank only. ``relax`` (rule
    family -> weight, see scheduler.plan.shortfall) lets those rules, in every subject and
    across subjects, be broken at that cost per unit: the plan first has the least weighted
    shortfall. ``watch`` follows the search and may stop it, keeping the best plan."""
    if objective not in OBJECTIVES:
        raise SchedulerError(f"unknown objective {objective!r}; use one of {', '.join(OBJECTIVES)}")
    search = Search(time_limit, num_workers, seed, display, watch)
    stages: list[Outcome] = []
    model = cp_model.CpModel()
    slack = None if relax is None else Slack(model, relax)
    try:
        with collector_paused():
            subjects = SchoolModel(model, school, slack=slack)
            subjects.add_all(stop=lambda: search.time_left() <= 0)
            ranks = Stages(model, subjects.ranks(), search, stages)
        if slack is None or ranks.least_shortfall(slack.penalty()):
            ranks.run(objective)
    except KeyboardInterrupt:
        stages.append(Outcome(cp_model.UNKNOWN, interrupted=True))
    except TimeUp:
        stages.append(Outcome(cp_model.UNKNOWN))
    if not any(stage.found for stage in stages):
        return SchoolPlan(**no_plan_figures(stages, objective, search))
    return _school_plan(stages, subjects, objective, search, ranks.scale, slack)


def find_school_clash(school: School, time_limit: float = 30.0) -> Clash | None:
    """The rule groups that clash across the school (a subject's are ``("subject", name,
    *group)``; the school's ``("school deadlines", week)`` and ``("school marking",
    teacher)``), or None when CP-SAT finds a plan or runs out of time."""
    deadline = time.monotonic() + time_limit
    model = cp_model.CpModel()
    guards = Guards(model)
    with collector_paused():
        SchoolModel(model, school, guards).add_all()
    return clash_of(model, guards, deadline)


class SubjectGuards:
    """A school's guards as one subject's rules see them: each group named with its subject."""

    def __init__(self, guards: Guards, subject: str):
        self.guards, self.subject = guards, subject

    def literal(self, group: tuple):
        return self.guards.literal(("subject", self.subject, *group))


class SchoolModel:
    """Every subject's variables and rules in one model, and the rules across subjects."""

    def __init__(
        self,
        model: cp_model.CpModel,
        school: School,
        guards: Guards | None = None,
        slack: Slack | None = None,
    ):
        """``guards``: each rule group's literal, when the model is being explained;
        ``slack``: the rules that may be bent (``solve --relax``)."""
        self.model, self.school, self.guards, self.slack = model, school, guards, slack
        self.scenarios = school.planned_subjects()
        self.shared = frozenset(school.shared_teachers())
        self.variables = {
            name: Variables(model, scenario) for name, scenario in self.scenarios.items()
        }
        self.constraints = {
            name: Constraints(
                model,
                scenario,
                self.variables[name],
                None if guards is None else SubjectGuards(guards, name),
                slack,
                shared_teachers=self.shared,
            )
            for name, scenario in self.scenarios.items()
        }

    def add_all(self, stop=None) -> None:
        """Each subject's rules (its shared teachers' marking left out), then the school's;
        between rule families ``stop()`` true raises TimeUp."""
        add_families(self.families(), stop)

    def families(self) -> list:
        """Every subject's rule families, subject by subject, then the school's own."""
        subjects = [f for constraints in self.constraints.values() for f in constraints.families()]
        return [*subjects, self.deadlines_across_subjects, self.shared_marking]

    def deadlines_across_subjects(self) -> None:
        """No student has more than the school's max_deadlines_per_week finals due in one week,
        counting every subject."""
        most = self.school.settings.policy.max_deadlines_per_week
        if most is None:
            return
        due: dict[tuple[str, int], list] = defaultdict(list)
        for variables in self.variables.values():
            for (student_id, _), weeks in variables.due_in.items():
                for week, y in weeks.items():
                    due[student_id, week].append(y)
        for (_, week), ys in due.items():
            if len(ys) > most:
                over = (
                    0
                    if self.slack is None
                    else self.slack.allow("school_deadlines", len(ys) - most)
                )
                fits = self.model.add(LinearExpr.sum(ys) - over <= most)
                self._rule(("school deadlines", week), fits)

    def shared_marking(self) -> None:
        """A teacher of several subjects marks all their subjects' work in time: their loads
        in every subject, window by window, fit their weekly minutes together."""
        teachers = self.school.teachers()
        for teacher_id in sorted(self.shared):
            loads = defaultdict(list)
            for constraints in self.constraints.values():  # none in a subject without them
                for window, load in constraints.window_loads(teacher_id).items():
                    loads[window].append(load)
            for fits in fit_marking(self.model, teachers[teacher_id], loads):
                self._rule(("school marking", teacher_id), fits)

    def _rule(self, group: tuple, constraint) -> None:
        """Tie ``constraint`` to its rule group's guard, when the model is being explained."""
        if self.guards is not None:
            constraint.only_enforce_if(self.guards.literal(group))

    def ranks(self) -> AllRanks:
        """The students' ranks in every subject, for the objective."""
        return AllRanks(
            [
                Ranks(variables, rank_costs(self.scenarios[name], variables.pairs))
                for name, variables in self.variables.items()
            ]
        )


def _school_plan(stages, subjects: SchoolModel, objective: str, search: Search, scale: int, slack):
    """Each subject's plan from the last stage that found one, with how the search went (and,
    with rules bent, the shortfall by family)."""
    last = next(stage for stage in reversed(stages) if stage.found)
    finished = last is stages[-1] and last.kind == "final"
    proven = finished and all(stage.decided for stage in stages if stage.kind != "guess")
    status = Status.OPTIMAL if proven else Status.FEASIBLE
    bound, source = last.best_bound() if finished else (None, None)
    plans: dict[str, Plan] = {}
    for name, variables in subjects.variables.items():
        scored = plan_of(subjects.scenarios[name], assignments_of(variables, last.solution))
        plans[name] = scored.model_copy(update={"status": status, "objective": objective})
    return SchoolPlan(
        status=status,
        subjects=plans,
        objective=objective,
        worst_rank=max((p.worst_rank or 0 for p in plans.values()), default=0),
        total_rank=sum(p.total_rank or 0 for p in plans.values()),
        best_bound=rank_bound(bound, scale),
        bound_source=source,
        seconds=search.seconds(),
        interrupted=any(stage.interrupted for stage in stages),
        first_plan_seconds=search.first_plan,
        shortfall=None if slack is None else slack.values(last.solution),
        weights=None if slack is None else dict(slack.weights),
        shortfall_bound=None if slack is None else shortfall_bound(stages),
    )
