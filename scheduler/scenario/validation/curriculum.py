"""Units and skills (FORMAT.md v2): declared once in scenario.yaml, named by tasks.csv.

Each ``*_problems`` function takes the parsed rows and returns every problem it finds:
an id a task names that is not declared, a list declared with no column to use it, a unit
no task belongs to, a minimum above its maximum; and, as warnings, a limit that can never
bind or a minimum that some class cannot meet.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.exceptions import Problem
from scheduler.scenario.models import Settings, Skill, Task, Unit
from scheduler.scenario.validation.messages import meant_id
from scheduler.words import count

TASKS = "tasks.csv"


@dataclass(frozen=True)
class Kind:
    """What sets units apart from skills in the words and keys of the files."""

    key: str  # scenario.yaml's list: units, skills
    column: str  # tasks.csv's column: unit, skills
    least: str  # the minimum's key: min_tasks, min_per_term
    most: str  # the maximum's key: max_tasks, max_per_term
    word: str  # unit, skill

    def items(self, settings: Settings) -> tuple[Unit | Skill, ...]:
        return getattr(settings, self.key)

    def ids_of(self, task: Task) -> tuple[str, ...]:
        """The ids of this kind that the task names."""
        value = getattr(task, self.column)
        return (value,) if isinstance(value, str) else tuple(value or ())

    def limits(self, item: Unit | Skill) -> tuple[int, int | None]:
        return getattr(item, self.least), getattr(item, self.most)

    def verb(self, tasks: int) -> str:
        """How ``tasks`` tasks stand to an item: ``belongs to``, ``practise``."""
        if self.key == "units":
            return "belongs to" if tasks == 1 else "belong to"
        return "practises" if tasks == 1 else "practise"

    def label(self, item: Unit | Skill) -> str:
        """``unit U2 (Energy)``."""
        return f"{self.word} {item.id}" + (f" ({item.name})" if item.name else "")


UNITS = Kind("units", "unit", "min_tasks", "max_tasks", "unit")
SKILLS = Kind("skills", "skills", "min_per_term", "max_per_term", "skill")
KINDS = (UNITS, SKILLS)


def curriculum_problems(
    settings: Settings,
    at,
    tasks: list[tuple[int, Task]],
    task_columns: set[str],
    class_sizes: dict[str, int],
) -> list[Problem]:
    """Every problem with units and skills, for both kinds."""
    problems = []
    for kind in KINDS:
        problems += declared_problems(kind, settings, at)
        problems += named_problems(kind, settings, tasks)
        if kind.items(settings) and kind.column not in task_columns:
            problems.append(
                at(
                    (kind.key,),
                    f"{kind.key} are declared, but tasks.csv has no {kind.column} column. Add a "
                    f"column headed {kind.column} to tasks.csv and fill it in, or remove {kind.key}",
                )
            )
        elif kind.items(settings):
            problems += use_problems(kind, settings, at, [t for _, t in tasks], class_sizes)
    return problems


def declared_problems(kind: Kind, settings: Settings, at) -> list[Problem]:
    """Each id declared once, each minimum at most its maximum."""
    problems = []
    seen: set[str] = set()
    for i, item in enumerate(kind.items(settings)):
        if item.id in seen:
            text = f'{kind.word} "{item.id}" is declared twice. Give each {kind.word} its own id'
            problems.append(at((kind.key, i, "id"), text))
        seen.add(item.id)
        least, most = kind.limits(item)
        if most is not None and most < least:
            problems.append(
                at(
                    (kind.key, i, kind.most),
                    f"{kind.most} {most} is below {kind.least} {least}. Raise the maximum or "
                    "lower the minimum",
                )
            )
    return problems


def named_problems(kind: Kind, settings: Settings, tasks: list[tuple[int, Task]]) -> list[Problem]:
    """Every id a task names is declared in scenario.yaml."""
    known = [item.id for item in kind.items(settings)]
    problems = []
    for row, task in tasks:
        for name in kind.ids_of(task):
            if name in known:
                continue
            hint = meant_id(name, set(known)) or (
                f"Use one of {', '.join(known)}, or declare it under {kind.key}: in scenario.yaml"
                if known
                else f"Declare it under {kind.key}: in scenario.yaml (with an id and a name)"
            )
            text = f'{kind.word} "{name}" is not declared in scenario.yaml. {hint}'
            problems.append(Problem(TASKS, row, kind.column, text))
    return problems


def use_problems(
    kind: Kind, settings: Settings, at, tasks: list[Task], class_sizes: dict[str, int]
) -> list[Problem]:
    """A unit no task belongs to (an error); a limit that never binds, or a minimum a class
    cannot meet with the tasks open to it (warnings)."""
    problems = []
    for i, item in enumerate(kind.items(settings)):
        members = [t for t in tasks if item.id in kind.ids_of(t)]
        least, most = kind.limits(item)
        if not members and kind is UNITS:
            problems.append(
                at(
                    (kind.key, i, "id"),
                    f"no task belongs to {kind.label(item)}. Give tasks this unit in tasks.csv's "
                    "unit column, or remove the unit",
                )
            )
            continue
        if not members:
            if least:
                text = f"{kind.label(item)} asks each student for at least {count(least, 'task')}, but no task practises it"
                problems.append(at((kind.key, i, kind.least), text, warning=True))
            continue
        if most is not None and most >= len(members):
            problems.append(
                at(
                    (kind.key, i, kind.most),
                    f"{kind.most} {most} can never bind: only {count(len(members), 'task')} "
                    f"{kind.verb(len(members))} {kind.label(item)}",
                    warning=True,
                )
            )
        for class_id in class_sizes:
            open_ids = [t.task_id for t in members if t.is_open_to(class_id)]
            if len(open_ids) < least:
                text = class_short(kind, item, members, class_id)
                problems.append(at((kind.key, i, kind.least), text, warning=True))
    return problems


def class_short(kind: Kind, item: Unit | Skill, members: list[Task], class_id: str) -> str:
    """``unit U2 (Energy) asks each student for at least 1 task, but only S07 and S09 are in
    U2 and class 9C may take neither``."""
    least = kind.limits(item)[0]
    ask = f"{kind.label(item)} asks each student for at least {count(least, 'task')}"
    open_ids = [t.task_id for t in members if t.is_open_to(class_id)]
    where = kind.verb(len(members))
    names = _and([t.task_id for t in members])
    if not open_ids:
        which = {1: "not take it", 2: "take neither"}.get(len(members), "take none of them")
        return f"{ask}, but only {names} {where} {item.id} and class {class_id} may {which}"
    return f"{ask}, but class {class_id} may take only {_and(open_ids)} of {names}"


def _and(ids: list[str]) -> str:
    """``S07``, ``S07 and S09``, ``S01, S07 and S09``."""
    return ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} and {ids[-1]}"
