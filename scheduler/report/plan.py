"""What a department looks at in a plan: students' ranks, task sizes, teachers' marking."""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from scheduler.check import excused_students, job_schedule, marking_jobs, submissions
from scheduler.plan import Plan, forced_pairs, rank_costs
from scheduler.plan.wishes import partner_text, partner_wishes, week_wishes, wish_text
from scheduler.report.validation import table_text
from scheduler.scenario import Scenario
from scheduler.words import count


def chosen_ranks(scenario: Scenario, plan: Plan) -> dict[str, list[int]]:
    """student_id -> the costs (ranks) of the tasks they chose, as the objective counts them."""
    ranks: dict[str, list[int]] = {s.student_id: [] for s in scenario.students}
    costs = rank_costs(scenario, [(a.student_id, a.task_id) for a in plan.assignments])
    for (student_id, _), cost in costs.items():
        ranks[student_id].append(cost)
    return {s: sorted(r) for s, r in ranks.items()}


def satisfaction(scenario: Scenario, plan: Plan) -> dict[str, object]:
    """First choices, top-three plans, the worst-off student and the mean rank."""
    ranks = chosen_ranks(scenario, plan)
    firsts = sum(1 for s, r in ranks.items() if 1 in r)
    top_three = sum(1 for r in ranks.values() if all(x <= 3 for x in r))
    worst = max(ranks, key=lambda s: (max(ranks[s], default=0), sum(ranks[s])))
    every = [x for r in ranks.values() for x in r]
    return {
        "students": len(ranks),
        "first choice": firsts,
        "only top three": top_three,
        "worst-off student": worst,
        "worst-off ranks": ranks[worst],
        "mean rank": sum(every) / len(every) if every else 0.0,
    }


def busiest_weeks(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """Each teacher's heaviest due week, against the marking time its feedback window holds."""
    feedback = scenario.settings.policy.feedback_weeks
    due = marking_by_week(scenario, plan)
    rows = []
    for teacher in scenario.teachers:
        weeks = due.get(teacher.teacher_id, Counter())
        week, minutes = max(weeks.items(), key=lambda kv: (kv[1], -kv[0]), default=(None, 0))
        room = 0 if week is None else teacher.marking_time(week + 1, week + feedback)
        window = "" if week is None else f"{week + 1}-{week + feedback}"
        rows.append(
            (
                teacher.teacher_id,
                teacher.name,
                sum(weeks.values()),
                week or "",
                minutes,
                window,
                room,
            )
        )
    columns = [
        "teacher",
        "name",
        "term minutes",
        "busiest due week",
        "minutes due",
        "marked in weeks",
        "time there",
    ]
    return pd.DataFrame(rows, columns=columns)


def bound_words(plan) -> str:
    """ ", best bound B, proven by S (gap G)" for a plan (or school plan) with a bound."""
    if plan.gap is None:
        return ""
    source = f", proven by {plan.bound_source}" if plan.bound_source else ""
    return f", best bound {plan.best_bound:g}{source} (gap {plan.gap:.1%})"


def plan_summary(scenario: Scenario, plan: Plan) -> str:
    """The text `scheduler solve` prints."""
    head = f"{scenario.settings.name}: {verdict(plan)} (objective: {plan.objective})."
    if not plan.found:
        return head + "\n"
    happy = satisfaction(scenario, plan)
    n = happy["students"]
    parts = [
        head,
        f"  search: {plan.seconds:.1f} s; worst rank {plan.worst_rank}, total rank "
        f"{plan.total_rank}{bound_words(plan)}",
        "Students:\n"
        f"  {happy['first choice']} of {n} got their first choice\n"
        f"  {happy['only top three']} of {n} got only tasks from their top three\n"
        f"  the worst-off student, {happy['worst-off student']}, got ranks "
        f"{', '.join(map(str, happy['worst-off ranks'])) or 'none (common tasks and pins only)'}\n"
        f"  mean rank of a chosen task: {happy['mean rank']:.2f}",
        *_curriculum_part(scenario, plan),
        *_drafts_part(scenario, plan),
        *_moderation_part(scenario, plan),
        *_excused_part(scenario, plan),
        *wishes_part(scenario, plan),
        f"Tasks: {count(len(plan.due_weeks()), 'task')} run, "
        f"{count(len(scenario.tasks) - len(plan.due_weeks()), 'task')} cancelled; "
        f"{count(len(plan.assignments), 'assignment')}",
        "Teachers' busiest due week, against the marking time of its feedback window:\n"
        + "\n".join("  " + line for line in table_text(busiest_weeks(scenario, plan)).splitlines()),
    ]
    if plan.interrupted:
        parts.append(
            "The search was stopped early (Ctrl-C, or Stop on the page): this is the best plan found by then."
        )
    return "\n\n".join(parts) + "\n"


def _curriculum_part(scenario: Scenario, plan: Plan) -> list[str]:
    """``Units and skills: students doing at least one task of each`` and a line each."""
    counts = curriculum_counts(scenario, plan)
    if not counts:
        return []
    n = len(scenario.students)
    lines = [f"  {name}: {done} of {n}" for name, done in counts]
    return ["Units and skills: students doing at least one task of each\n" + "\n".join(lines)]


def excused_text(scenario: Scenario, plan: Plan) -> str:
    """``9A05 from S01 (away in week 5); ...``: the students excused from a common task."""
    due = {t: w for t, w in plan.due_weeks().items() if not scenario.task_by_id[t].own_weeks}
    return "; ".join(
        f"{student} from {task}"
        + (f" (away in week {due[task]})" if task in due else " (away whenever it can be due)")
        for student, task in excused_students(scenario, list(plan.assignments))
    )


def drafts_given(scenario: Scenario, plan: Plan) -> tuple[int, int]:
    """How many drafts the plan has, and how many students do a task with a draft."""
    drafted = {t.task_id for t in scenario.tasks if t.has_draft}
    rows = [a for a in plan.assignments if a.task_id in drafted]
    return len(rows), len({a.student_id for a in rows})


def _drafts_part(scenario: Scenario, plan: Plan) -> list[str]:
    if not any(t.has_draft for t in scenario.tasks):
        return []
    drafts, students = drafts_given(scenario, plan)
    return [
        f"Drafts: {count(drafts, 'draft')} with feedback before the final, "
        f"{students} of {len(scenario.students)} students doing a task with a draft"
    ]


def _moderation_part(scenario: Scenario, plan: Plan) -> list[str]:
    frame = moderation_frame(scenario, plan)
    if frame.empty:
        return []
    lines = [
        f"  {r['task_id']} by {r['moderator']}: {r['moderated']} of {r['submissions']} "
        "submissions"
        + (f", weeks {r['moderated in weeks']}" if r["moderated in weeks"] else " (not running)")
        for r in frame.to_dict("records")
    ]
    return ["Moderation:\n" + "\n".join(lines)]


def _excused_part(scenario: Scenario, plan: Plan) -> list[str]:
    text = excused_text(scenario, plan)
    return [f"Excused from common tasks (away when they are due): {text}"] if text else []


def plan_word(plan: Plan) -> str:
    """In a table of plans: ``plan found (optimal)``, ``plan found``, ``no plan``, ..."""
    if plan.found and plan.relaxed and any(plan.shortfall.values()):
        return "closest plan (breaks rules)"
    return PLAN_WORDS[plan.status]


PLAN_WORDS = {
    "optimal": "plan found (optimal)",
    "feasible": "plan found (not proven optimal)",
    "infeasible": "no plan",
    "unknown": "no plan in the time",
}


def verdict(plan: Plan) -> str:
    """The plan's status in words."""
    if plan.interrupted and not plan.found:
        return "the search was stopped (Ctrl-C) before any plan was found"
    if plan.found and plan.relaxed and any(plan.shortfall.values()):
        proven = "proven" if plan.status == "optimal" else "not proven"
        return f"the closest plan, which BREAKS RULES (least shortfall {proven})"
    return {
        "optimal": "an optimal plan",
        "feasible": "a valid plan, not proven optimal",
        "infeasible": "no plan exists",
        "unknown": "no plan found within the time limit",
    }[plan.status]


# --- frames for the workbook -----------------------------------------------------------------


def rank_labels(scenario: Scenario, plan: Plan) -> dict[tuple[str, str], object]:
    """(student, task) -> the rank it had, or ``common``, ``pinned``, ``not ranked``."""
    pairs = [(a.student_id, a.task_id) for a in plan.assignments]
    forced = forced_pairs(scenario, pairs)
    labels: dict[tuple[str, str], object] = {}
    for student, task in pairs:
        if (student, task) in forced:
            labels[student, task] = "common" if scenario.task_by_id[task].common else "pinned"
        else:
            labels[student, task] = scenario.preferences.get(student, {}).get(task, "not ranked")
    return labels


def students_frame(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """One row per student: class, each task with its title, due week and rank (``title k``
    is for reading: a plan read back from the sheet takes ``task k`` and ``due week k``),
    the number of tasks, the worst rank, and the criteria counts."""
    ranks = chosen_ranks(scenario, plan)
    labels = rank_labels(scenario, plan)
    due = plan.pair_weeks()
    tasks = plan.tasks_of()
    slots = max((len(t) for t in tasks.values()), default=1)
    titles = {t.task_id: t.title for t in scenario.tasks}
    drafts = any(t.has_draft for t in scenario.tasks)
    groups = {(a.student_id, a.task_id): a.group for a in plan.assignments}
    slot = student_slot(scenario)
    rows = []
    for s in scenario.students:
        mine = sorted(tasks.get(s.student_id, []), key=lambda t: (due[s.student_id, t], t))
        cells = [
            _slot(scenario, t, titles[t], due[s.student_id, t], labels[s.student_id, t], drafts)
            + ((groups[s.student_id, t],) if "group" in slot else ())
            for t in mine
        ]
        cells += [("",) * len(slot)] * (slots - len(mine))
        row = [s.student_id, s.name, s.class_id, *(v for cell in cells for v in cell)]
        rows.append([*row, len(mine), max(ranks[s.student_id], default="")])
    columns = ["student_id", "name", "class"]
    columns += [f"{what} {k}" for k in range(1, slots + 1) for what in slot]
    frame = pd.DataFrame(rows, columns=[*columns, "number of tasks", "worst rank"])
    if any(s.away_weeks for s in scenario.students):
        frame["away weeks"] = [";".join(map(str, s.away_weeks)) for s in scenario.students]
    if scenario.week_wishes or any(p.wish == "with" for p in scenario.partners):
        frame["wishes"] = _wishes_by_student(scenario, plan)
    counts = coverage_frame(scenario, plan).drop(columns=["student_id", "name", "class"])
    return pd.concat([frame, counts, curriculum_frame(scenario, plan)], axis=1)


STUDENT_SLOT = ("task", "title", "due week", "rank")


def student_slot(scenario: Scenario) -> tuple[str, ...]:
    """The columns of one task on a student's row: ``task k``, ``title k``, ``due week k``,
    ``draft week k`` (where there are drafts), ``rank k``, ``group k`` (where there are
    group tasks)."""
    slot = STUDENT_SLOT
    if any(t.has_draft for t in scenario.tasks):
        slot = ("task", "title", "due week", "draft week", "rank")
    return slot + ("group",) * any(t.in_groups for t in scenario.tasks)


def _wishes_by_student(scenario: Scenario, plan: Plan) -> list[str]:
    """Each student's wishes, granted or not: ``S05 in weeks 9-10 (granted); with 9A07 (not
    granted)``."""
    mine: dict[str, list[str]] = defaultdict(list)
    for wish in week_wishes(scenario, plan.assignments):
        mine[wish.student_id].append(wish_text(wish))
    for wish in partner_wishes(scenario, plan.assignments):
        mine[wish.student_id].append(partner_text(wish))
    return ["; ".join(mine[s.student_id]) for s in scenario.students]


def wishes_part(scenario: Scenario, plan: Plan) -> list[str]:
    """``Week wishes: 14 of 20 granted``, ``Partner wishes: ...``, and the worst-off
    student's."""
    weeks = week_wishes(scenario, plan.assignments)
    partners = partner_wishes(scenario, plan.assignments)
    if not weeks and not partners:
        return []
    worst = satisfaction(scenario, plan)["worst-off student"]
    lines = []
    for kind, wishes in (("Week", weeks), ("Partner", partners)):
        if wishes:
            lines.append(
                f"{kind} wishes: {sum(w.granted for w in wishes)} of {len(wishes)} granted"
            )
    theirs = [wish_text(w) for w in weeks if w.student_id == worst]
    theirs += [partner_text(w) for w in partners if w.student_id == worst]
    if theirs:
        lines.append(f"  the worst-off student, {worst}, wished: {'; '.join(theirs)}")
    return ["\n".join(lines)]


def _slot(scenario: Scenario, task: str, title: str, due: int, rank, drafts: bool) -> tuple:
    """One task's cells on a student's row (its draft week too, where there are drafts)."""
    if not drafts:
        return (task, title, due, rank)
    return (task, title, due, draft_week(scenario, task, due) or "", rank)


def tasks_frame(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """One row per task: runs or cancelled, due week and date, size against capacity."""
    due = plan.due_weeks()
    sizes = Counter(a.task_id for a in plan.assignments)
    firsts = Counter(t for r in scenario.preferences.values() for t, rank in r.items() if rank == 1)
    settings = scenario.settings
    return pd.DataFrame(
        {
            "task_id": [t.task_id for t in scenario.tasks],
            "title": [t.title for t in scenario.tasks],
            "criteria": [";".join(t.criteria) for t in scenario.tasks],
            "status": ["running" if t.task_id in due else "cancelled" for t in scenario.tasks],
            "due week": [_task_weeks(plan, t, due) for t in scenario.tasks],
            "due date": [
                settings.week_start(due[t.task_id]) or ""
                if t.task_id in due and not t.own_weeks
                else ""
                for t in scenario.tasks
            ],
            "students": [sizes[t.task_id] for t in scenario.tasks],
            "capacity": ["" if t.capacity is None else t.capacity for t in scenario.tasks],
            "min_students": [t.min_students for t in scenario.tasks],
            "marker": [t.marker or "class teacher" for t in scenario.tasks],
            "first choice of": [firsts[t.task_id] for t in scenario.tasks],
            "classes": [";".join(t.classes) or "all" for t in scenario.tasks],
            "common": ["yes" if t.common else "no" for t in scenario.tasks],
            **_task_curriculum(scenario),
        }
    )


def _task_weeks(plan: Plan, task, due: dict[str, int]):
    """The task's due week; for own due weeks, the weeks its students hand in: ``own: 3-5``."""
    if task.task_id not in due:
        return ""
    if not task.own_weeks:
        return due[task.task_id]
    weeks = sorted({a.due_week for a in plan.assignments if a.task_id == task.task_id})
    return f"own: {weeks[0]}" if len(weeks) == 1 else f"own: {weeks[0]}-{weeks[-1]}"


def _task_curriculum(scenario: Scenario) -> dict[str, list[str]]:
    """The tasks' unit and skills columns, where the scenario has units or skills."""
    columns = {}
    if scenario.settings.units:
        columns["unit"] = [t.unit or "" for t in scenario.tasks]
    if scenario.settings.skills:
        columns["skills"] = [";".join(t.skills) for t in scenario.tasks]
    return columns


def rosters(scenario: Scenario, plan: Plan) -> list[tuple[str, pd.DataFrame]]:
    """For each running task, a heading and its students with their rank for it."""
    labels = rank_labels(scenario, plan)
    due, weeks = plan.due_weeks(), plan.pair_weeks()
    groups = {(a.student_id, a.task_id): a.group for a in plan.assignments}
    takers = defaultdict(list)
    for a in plan.assignments:
        takers[a.task_id].append(scenario.student_by_id[a.student_id])
    blocks = []
    for task in scenario.tasks:
        if task.task_id not in due:
            continue
        students = takers[task.task_id]
        frame = pd.DataFrame(
            {
                "student_id": [s.student_id for s in students],
                "name": [s.name for s in students],
                "class": [s.class_id for s in students],
                "rank": [labels[s.student_id, task.task_id] for s in students],
                "marker": [scenario.marker_of(task, s) for s in students],
            }
        )
        if task.in_groups:
            frame["group"] = [groups[s.student_id, task.task_id] for s in students]
            frame = frame.sort_values(["group", "student_id"], kind="stable")
        if task.own_weeks:
            frame["due week"] = [weeks[s, task.task_id] for s in frame["student_id"]]
            when = f"due in each student's own week ({_task_weeks(plan, task, due)[5:]})"
        else:
            when = f"due {week_text(scenario, due[task.task_id])}"
        heading = f"{task.task_id} {task.title}: {when}, {count(len(students), 'student')}"
        blocks.append((heading, frame))
    return blocks


def week_text(scenario: Scenario, week: int) -> str:
    """``week 5`` or, with a start date, ``week 5 (Mon 8 Feb 2027)``."""
    start = scenario.settings.week_start(week)
    return f"week {week}" + (f" ({start:%a} {start.day} {start:%b %Y})" if start else "")


def marking_by_week(scenario: Scenario, plan: Plan) -> dict[str, Counter]:
    """teacher_id -> minutes of marking due in each week."""
    due: dict[str, Counter] = defaultdict(Counter)
    for a in submissions(scenario, plan.assignments):
        due[a.marker][a.due_week] += scenario.task_by_id[a.task_id].marking_minutes
    return due


def teacher_load_frame(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """Per teacher, rows over the weeks: minutes handed in (finals, then drafts where the
    scenario has drafts with feedback minutes), minutes marked, capacity.

    Marking is scheduled earliest deadline first among the jobs already open, as rule 6 of
    FORMAT.md reads it; the weeks run on past the term by ``feedback_weeks``.
    """
    feedback = scenario.settings.policy.feedback_weeks
    weeks = range(1, scenario.settings.weeks + feedback + 1)
    labels = load_rows(scenario)
    rows = []
    for t in scenario.teachers:
        jobs = marking_jobs(scenario, plan.assignments, t.teacher_id)
        marked, _ = job_schedule(jobs, t)
        handed = {kind: Counter() for kind in ("finals", "drafts", "moderation")}
        for job in jobs:
            handed[job.kind][job.week] += job.minutes
        values = {
            "handed in": handed["finals"],
            "drafts handed in": handed["drafts"],
            "to moderate": handed["moderation"],
            "marked": marked,
            "capacity": Counter({w: t.marking_time(w, w) for w in weeks}),
        }
        rows += [
            [t.teacher_id, t.name, label, *(values[label][w] for w in weeks)] for label in labels
        ]
    return pd.DataFrame(rows, columns=["teacher", "name", "minutes", *(f"wk {w}" for w in weeks)])


LOAD_ROWS = ("handed in", "marked", "capacity")


def load_rows(scenario: Scenario) -> tuple[str, ...]:
    """The Teacher load sheet's rows for each teacher: what is handed in (finals, drafts and
    moderation, where the scenario has them), then marked, then capacity."""
    drafts = any(t.has_draft and t.draft_minutes for t in scenario.tasks)
    moderation = any(t.moderator and t.marking_minutes for t in scenario.tasks)
    handed = ("handed in",) + ("drafts handed in",) * drafts + ("to moderate",) * moderation
    return (*handed, "marked", "capacity")


def moderation_frame(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """One row per moderated task: its moderator, the sample against its submissions, the
    minutes, and the weeks the moderation is done in."""
    feedback = scenario.settings.policy.feedback_weeks
    due = plan.due_weeks()
    sizes = Counter(a.task_id for a in submissions(scenario, plan.assignments))
    rows = []
    for t in scenario.tasks:
        if not t.moderator:
            continue
        done = min(t.sample, sizes[t.task_id])
        week = due.get(t.task_id)
        rows.append(
            (
                t.task_id,
                t.title,
                t.marker or "class teachers",
                t.moderator,
                t.sample,
                sizes[t.task_id],
                done,
                done * t.marking_minutes,
                week or "",
                "" if week is None else f"{week + 1}-{week + feedback}",
            )
        )
    columns = [
        "task_id",
        "title",
        "marked by",
        "moderator",
        "sample",
        "submissions",
        "moderated",
        "minutes",
        "due week",
        "moderated in weeks",
    ]
    return pd.DataFrame(rows, columns=columns)


def coverage_frame(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """How often each student is assessed on each criterion in each period."""
    tasks = plan.tasks_of()
    due = plan.pair_weeks()
    columns = {}
    for period in scenario.settings.reporting_periods:
        for c in scenario.settings.criteria:
            columns[coverage_column(period.name, c)] = [
                sum(
                    1
                    for t in tasks.get(s.student_id, [])
                    if due[s.student_id, t] in period.weeks
                    and c.id in scenario.task_by_id[t].criteria
                )
                for s in scenario.students
            ]
    return pd.DataFrame(
        {
            "student_id": [s.student_id for s in scenario.students],
            "name": [s.name for s in scenario.students],
            "class": [s.class_id for s in scenario.students],
            **columns,
        }
    )


def curriculum_frame(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """How many tasks of each unit, and practising each skill, each student does (rules 7
    and 8); no columns when the scenario has no units or skills."""
    tasks = plan.tasks_of()
    columns = {}
    for heading, ids, _, _ in curriculum_columns(scenario):
        columns[heading] = [len(ids & set(tasks.get(s.student_id, []))) for s in scenario.students]
    return pd.DataFrame(columns, index=range(len(scenario.students)))


def curriculum_columns(scenario: Scenario) -> list[tuple[str, set[str], int, int | None]]:
    """(heading, its tasks, least, most) for each unit and skill: ``unit U1 (1+)``."""
    found = []
    for unit in scenario.settings.units:
        ids = {t.task_id for t in scenario.tasks_of_unit(unit.id)}
        heading = f"unit {unit.id} ({_limits(unit.min_tasks, unit.max_tasks)})"
        found.append((heading, ids, unit.min_tasks, unit.max_tasks))
    for skill in scenario.settings.skills:
        ids = {t.task_id for t in scenario.tasks_with_skill(skill.id)}
        heading = f"skill {skill.id} ({_limits(skill.min_per_term, skill.max_per_term)})"
        found.append((heading, ids, skill.min_per_term, skill.max_per_term))
    return found


def curriculum_counts(scenario: Scenario, plan: Plan) -> list[tuple[str, int]]:
    """For each unit and skill, in words, how many students do at least one of its tasks:
    ``("unit U1 (Forces and motion)", 182)``."""
    tasks = {s: set(t) for s, t in plan.tasks_of().items()}
    items = [("unit", u, scenario.tasks_of_unit(u.id)) for u in scenario.settings.units]
    items += [("skill", k, scenario.tasks_with_skill(k.id)) for k in scenario.settings.skills]
    found = []
    for kind, item, members in items:
        ids = {t.task_id for t in members}
        name = f"{kind} {item.id}" + (f" ({item.name})" if item.name else "")
        found.append(
            (name, sum(1 for s in scenario.students if ids & tasks.get(s.student_id, set())))
        )
    return found


def _limits(least: int, most: int | None) -> str:
    return f"{least}+" if most is None else f"{least}-{most}"


def coverage_column(period: str, criterion) -> str:
    """``Interim A (1+)`` or ``Final D (1-3)``: the count's period, criterion and limits."""
    limits = _limits(criterion.min_per_period, criterion.max_per_period)
    return f"{period} {criterion.id} ({limits})"


def calendar_frame(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """Week by class: the tasks due, each with how many of the class's students do it."""
    settings = scenario.settings
    counts = Counter(
        (a.due_week, scenario.student_by_id[a.student_id].class_id, a.task_id)
        for a in plan.assignments
    )
    rows = []
    for week in range(1, settings.weeks + 1):
        period = settings.period_of(week)
        note = "no deadlines" if week in settings.no_deadline_weeks else ""
        cells = [
            "; ".join(
                [
                    f"{t.task_id} x{counts[week, c, t.task_id]}"
                    for t in scenario.tasks
                    if counts[week, c, t.task_id]
                ]
                + [
                    f"{t.task_id} draft x{counts[week + t.draft_weeks, c, t.task_id]}"
                    for t in scenario.tasks
                    if t.has_draft and counts[week + t.draft_weeks, c, t.task_id]
                ]
            )
            for c in scenario.classes
        ]
        rows.append(
            [week, settings.week_start(week) or "", period.name if period else "", note, *cells]
        )
    return pd.DataFrame(rows, columns=["week", "starts", "period", "note", *scenario.classes])


def rank_distribution(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """For each rank: chosen tasks at that rank, and students whose worst rank it is."""
    ranks = chosen_ranks(scenario, plan)
    every = Counter(r for rs in ranks.values() for r in rs)
    worst = Counter(max(rs) for rs in ranks.values() if rs)
    top = max([*every, 1])
    return pd.DataFrame(
        {
            "rank": list(range(1, top + 1)),
            "chosen tasks at this rank": [every[r] for r in range(1, top + 1)],
            "students whose worst rank it is": [worst[r] for r in range(1, top + 1)],
        }
    )


def allocation_frame(plan: Plan, scenario: Scenario | None = None) -> pd.DataFrame:
    """allocation.csv as a frame (with draft_week where the scenario has drafts)."""
    frame = pd.DataFrame(
        [tuple(a)[:4] for a in plan.assignments],
        columns=["student_id", "task_id", "due_week", "marker"],
    )
    if scenario is not None and any(t.in_groups for t in scenario.tasks):
        frame["group"] = [a.group for a in plan.assignments]
    if scenario is not None and any(t.has_draft for t in scenario.tasks):
        frame["draft_week"] = [
            draft_week(scenario, a.task_id, a.due_week) or "" for a in plan.assignments
        ]
    return frame


def draft_week(scenario: Scenario, task_id: str, due_week: int) -> int | None:
    """The week the draft of a final due in ``due_week`` is due (None: no draft)."""
    k = scenario.task_by_id[task_id].draft_weeks
    return due_week - k if k else None


def groups_frame(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """One row per group of a group task: task, group, members, class, due week, marker."""
    members: dict[tuple[str, str], list] = defaultdict(list)
    for a in plan.assignments:
        if a.group:
            members[a.task_id, a.group].append(a)
    rows = []
    for (task_id, group), rows_of in sorted(members.items()):
        students = [scenario.student_by_id[a.student_id] for a in rows_of]
        rows.append(
            (
                task_id,
                scenario.task_by_id[task_id].title,
                group,
                ", ".join(f"{s.student_id} ({s.name})" for s in students),
                len(students),
                ";".join(sorted({s.class_id for s in students})),
                ";".join(str(w) for w in sorted({a.due_week for a in rows_of})),
                ";".join(sorted({a.marker for a in rows_of})),
            )
        )
    columns = ["task_id", "title", "group", "members", "size", "class", "due week", "marker"]
    return pd.DataFrame(rows, columns=columns)
