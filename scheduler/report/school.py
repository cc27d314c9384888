"""A school plan in words and tables: each subject's summary, each student's weeks across
subjects, each teacher's load across subjects, and the weeks with most deadlines."""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from scheduler.check import job_schedule, marking_jobs
from scheduler.model.explain import Clash
from scheduler.plan.school import SchoolPlan
from scheduler.report.clash import clash_line, clash_paragraphs, group_label, rule_sentence
from scheduler.report.plan import bound_words, satisfaction
from scheduler.report.validation import table_text
from scheduler.scenario.school import School
from scheduler.scenario.school.precheck import possible_weeks
from scheduler.words import count, possessive, week_span

VERDICTS = {
    "optimal": "an optimal school plan",
    "feasible": "a valid school plan, not proven optimal",
    "infeasible": "no school plan exists",
    "unknown": "no school plan found within the time limit",
}


def school_verdict(plan: SchoolPlan) -> str:
    if plan.interrupted and not plan.found:
        return "the search was stopped (Ctrl-C) before any plan was found"
    if plan.found and plan.relaxed and any(plan.shortfall.values()):
        proven = "proven" if plan.status == "optimal" else "not proven"
        return f"the closest school plan, which BREAKS RULES (least shortfall {proven})"
    return VERDICTS[plan.status]


def school_summary(school: School, plan: SchoolPlan) -> str:
    """The text `scheduler solve` prints for a school."""
    head = f"{school.settings.name}: {school_verdict(plan)} (objective: {plan.objective})."
    if not plan.found:
        return head + "\n"
    parts = [
        head,
        f"  search: {plan.seconds:.1f} s; worst rank {plan.worst_rank} in any subject, "
        f"total rank {plan.total_rank} over all{bound_words(plan)}",
        "Subjects:\n" + _indented(table_text(subjects_frame(school, plan))),
        *_cap_part(school, plan),
        *_shared_part(school, plan),
    ]
    if plan.interrupted:
        parts.append(
            "The search was stopped early (Ctrl-C, or Stop on the page): this is the best plan found by then."
        )
    return "\n\n".join(parts) + "\n"


def _indented(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def _cap_part(school: School, plan: SchoolPlan) -> list[str]:
    """How the students' weeks look across subjects, against the school's cap."""
    most = school.settings.policy.max_deadlines_per_week
    weeks = student_weeks(plan)
    counts = [len(tasks) for by_week in weeks.values() for tasks in by_week.values()]
    top = max(counts, default=0)
    busiest = busiest_weeks_frame(school, plan).head(1)
    lines = [
        "Deadlines across subjects"
        + (f" (the school allows {most} a week per student):" if most else " (no school cap):"),
        f"  the most one student has in a week: {top}",
    ]
    if most:
        at_cap = sum(
            1 for by_week in weeks.values() if any(len(t) >= most for t in by_week.values())
        )
        lines.append(f"  students at the cap in some week: {at_cap} of {len(school.students())}")
    if len(busiest):
        row = busiest.iloc[0]
        lines.append(
            f"  the busiest week school-wide: week {row['week']}, {row['deadlines']:,} deadlines"
        )
    return ["\n".join(lines)]


def _shared_part(school: School, plan: SchoolPlan) -> list[str]:
    shared = school.shared_teachers()
    if not shared:
        return []
    frame = teacher_load_frame(school, plan)
    frame = frame[frame["teacher"].isin(shared)]
    columns = ["teacher", "name", "subjects", "term minutes", "busiest week", "minutes marked"]
    return [
        "Teachers of several subjects (their marking in all subjects together):\n"
        + _indented(table_text(frame[columns]))
    ]


def subjects_frame(school: School, plan: SchoolPlan) -> pd.DataFrame:
    """Each subject's students, tasks run, ranks and first choices."""
    rows = []
    for name, subject_plan in plan.subjects.items():
        scenario = school.subjects[name]
        happy = satisfaction(scenario, subject_plan)
        run = {a.task_id for a in subject_plan.assignments}
        rows.append(
            (
                name,
                len(scenario.students),
                f"{len(run)} of {len(scenario.tasks)}",
                len(subject_plan.assignments),
                subject_plan.worst_rank,
                subject_plan.total_rank,
                happy["first choice"],
                round(happy["mean rank"], 2),
            )
        )
    columns = ["subject", "students", "tasks run", "assignments", "worst rank", "total rank",
               "first choices", "mean rank"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def student_weeks(plan: SchoolPlan) -> dict[str, dict[int, list[str]]]:
    """Each student's finals by week, across subjects: student -> week -> ``subject task``."""
    weeks: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for subject, a in plan.rows():
        weeks[a.student_id][a.due_week].append(f"{subject} {a.task_id}")
    return weeks


def student_weeks_frame(school: School, plan: SchoolPlan) -> pd.DataFrame:
    """A row a student, a column a week: the tasks due then (by task id), and the most in
    one week."""
    weeks = student_weeks(plan)
    task_of = {f"{s} {a.task_id}": a.task_id for s, a in plan.rows()}
    rows = []
    for student_id, student in sorted(school.students().items()):
        mine = weeks.get(student_id, {})
        cells = ["; ".join(task_of[t] for t in sorted(mine.get(w, []))) for w in _weeks(school)]
        rows.append((student_id, student.name, *cells, max(map(len, mine.values()), default=0)))
    columns = ["student", "name", *(f"week {w}" for w in _weeks(school)), "most in a week"]
    return pd.DataFrame(rows, columns=columns)


def _weeks(school: School) -> range:
    return range(1, school.settings.weeks + 1)


def teacher_load_frame(school: School, plan: SchoolPlan) -> pd.DataFrame:
    """Each teacher's marking in all their subjects together, week by week (earliest
    deadline first, as the checker marks it), and what is left over."""
    teachers = school.teachers()
    marked = {t: _marking(school, plan, t) for t in sorted(teachers)}
    last = max((max(done, default=0) for _, done, _ in marked.values()), default=0)
    rows = []
    for teacher_id, (jobs, done, misses) in marked.items():
        teacher = teachers[teacher_id]
        week, most = max(done.items(), key=lambda kv: (kv[1], -kv[0]), default=("", 0))
        rows.append(
            (
                teacher_id,
                teacher.name,
                ", ".join(school.subjects_of_teacher(teacher_id)),
                teacher.weekly_marking_minutes,
                sum(job.minutes for job in jobs),
                week,
                most,
                sum(left for _, left in misses),
                *(done.get(w, 0) for w in range(1, last + 1)),
            )
        )
    columns = ["teacher", "name", "subjects", "weekly minutes", "term minutes", "busiest week",
               "minutes marked", "left over", *(f"week {w}" for w in range(1, last + 1))]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _marking(school: School, plan: SchoolPlan, teacher_id: str) -> tuple:
    """The teacher's marking jobs in every subject, the minutes marked each week, misses."""
    scenarios = school.planned_subjects()
    jobs = [
        job
        for name in school.subjects_of_teacher(teacher_id)
        for job in marking_jobs(scenarios[name], list(plan.subjects[name].assignments), teacher_id)
    ]
    done, misses = job_schedule(jobs, school.teachers()[teacher_id])
    return jobs, done, misses


def busiest_weeks_frame(school: School, plan: SchoolPlan) -> pd.DataFrame:
    """The weeks by how many finals are due school-wide: students with a deadline, students
    at the school's cap, and each subject's tasks due."""
    most = school.settings.policy.max_deadlines_per_week
    weeks = student_weeks(plan)
    due: dict[int, Counter] = defaultdict(Counter)
    for subject, a in plan.rows():
        due[a.due_week][f"{subject} {a.task_id}"] += 1
    rows = []
    for week, tasks in due.items():
        loads = [len(w[week]) for w in weeks.values() if week in w]
        at_cap = sum(1 for n in loads if most and n >= most)
        what = ", ".join(sorted(tasks))
        rows.append((week, sum(tasks.values()), len(loads), at_cap, max(loads, default=0), what))
    columns = ["week", "deadlines", "students due", "students at the cap", "most for a student",
               "tasks due"]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["deadlines", "week"], ascending=[False, True]).reset_index(drop=True)


def school_size(school: School) -> str:
    """``6 subjects, 300 students, 48 tasks, 14 teachers (2 in several subjects)``."""
    tasks = sum(len(s.tasks) for s in school.subjects.values())
    shared = len(school.shared_teachers())
    return (
        f"{count(len(school.subjects), 'subject')}, {count(len(school.students()), 'student')}, "
        f"{count(tasks, 'task')}, {count(len(school.teachers()), 'teacher')}"
        + (f" ({shared} in several subjects)" if shared else "")
    )


def school_clash_text(school: School, clash: Clash) -> str:
    """A paragraph per rule group of a clash across the school, and what to do about it."""
    sentences = [school_rule_sentence(school, group) for group in clash.groups]
    return clash_paragraphs(
        clash, sentences, "school plan", "change a subject's scenario or school.yaml"
    )


def school_rule_sentence(school: School, group: tuple) -> str:
    """One rule group of a school in the coordinator's words."""
    kind, *key = group
    if kind == "subject":
        name, *inner = key
        return f"{name}: {rule_sentence(school.planned(name), tuple(inner))}"
    if kind == "school deadlines":
        return _school_week(school, key[0])
    return _shared_teacher(school, key[0])


def school_clash_line(clash: Clash) -> str:
    """A clash across the school in one line: ``clash: sciences: criterion A in Period 1,
    the school's cap in week 6``."""
    return clash_line(clash, label=_school_label)


def _school_label(group: tuple) -> str:
    kind, *key = group
    if kind == "subject":
        return f"{key[0]}: {group_label(tuple(key[1:]))}"
    if kind == "school deadlines":
        return f"the school's cap in week {key[0]}"
    return f"{key[0]}'s marking across subjects"


def _school_week(school: School, week: int) -> str:
    """The school's cap in one week, and the common tasks that can be due then."""
    most = school.settings.policy.max_deadlines_per_week
    common = [
        f"{possessive(name)} common task {t.task_id}"
        + ("" if len(weeks) == 1 else f" (due in {week_span(*t.due_week)})")
        for name, scenario in school.planned_subjects().items()
        for t in scenario.tasks
        if t.common and week in (weeks := possible_weeks(scenario, t))
    ]
    due = f"{_and(common)} can be due, and " if common else ""
    return (
        f"In week {week}, {due}the school allows each student {count(most, 'deadline')} a week, "
        "all subjects together."
    )


def _shared_teacher(school: School, teacher_id: str) -> str:
    teacher = school.teachers()[teacher_id]
    subjects = school.subjects_of_teacher(teacher_id)
    return (
        f"{teacher.name} ({teacher_id}) marks for {_and(subjects)} with "
        f"{teacher.weekly_marking_minutes} minutes a week for all of them, each subject's work "
        "within its feedback weeks."
    )


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


def district_frame(outcomes: list) -> pd.DataFrame:
    """A row a school of a district: its size, its plan's status and ranks, the search, and
    how its students' weeks look against its cap."""
    rows = []
    for o in outcomes:
        plan, school = o.plan, o.school
        weeks = student_weeks(plan)
        most = school.settings.policy.max_deadlines_per_week
        top = max((len(t) for w in weeks.values() for t in w.values()), default=0)
        rows.append(
            (
                o.name,
                school.settings.name,
                len(school.subjects),
                len(school.students()),
                school_verdict(plan),
                plan.worst_rank if plan.found else "",
                plan.total_rank if plan.found else "",
                "" if plan.gap is None else f"{plan.gap:.1%}",
                "" if plan.first_plan_seconds is None else round(plan.first_plan_seconds, 1),
                round(plan.seconds, 1),
                most or "",
                top if plan.found else "",
                o.broken if plan.found else "",
                o.reason,
            )
        )
    columns = ["school", "name", "subjects", "students", "status", "worst rank", "total rank",
               "gap", "first plan s", "search s", "cap a week", "most in a student's week",
               "rules broken (checker)", "why no plan"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def whatif_frame(outcomes: list) -> pd.DataFrame:
    """A row a plan of a school's what-if: what the variant changes, its status and ranks,
    the students' weeks against the cap, and the students whose tasks or weeks change from
    the school as it is."""
    base = _chosen(outcomes[0].plan) if outcomes and outcomes[0].plan.found else None
    rows = []
    for o in outcomes:
        plan = o.plan
        weeks = student_weeks(plan)
        top = max((len(t) for w in weeks.values() for t in w.values()), default=0)
        mine = _chosen(plan)
        moved = (
            ""
            if base is None or not plan.found
            else sum(1 for s in base.keys() | mine.keys() if base.get(s) != mine.get(s))
        )
        rows.append(
            (
                o.name,
                o.changes,
                school_verdict(plan),
                plan.worst_rank if plan.found else "",
                plan.total_rank if plan.found else "",
                o.school.settings.policy.max_deadlines_per_week or "",
                top if plan.found else "",
                moved,
                o.reason,
            )
        )
    columns = ["plan", "changes", "status", "worst rank", "total rank", "cap a week",
               "most in a student's week", "students whose tasks or weeks change",
               "why no plan"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _chosen(plan: SchoolPlan) -> dict[str, frozenset]:
    """Each student's (subject, task, week) set."""
    chosen: dict[str, set] = defaultdict(set)
    for subject, a in plan.rows():
        chosen[a.student_id].add((subject, a.task_id, a.due_week))
    return {s: frozenset(c) for s, c in chosen.items()}


def school_figures(school: School, plan: SchoolPlan) -> dict[str, int | None]:
    """A school plan's worst rank in any subject, total rank over all, and its students'
    first choices and top-three plans, counted subject by subject (a student with a first
    choice in two subjects counts twice)."""
    each = [satisfaction(school.planned(n), p) for n, p in plan.subjects.items()]
    return {
        "worst rank": plan.worst_rank,
        "total rank": plan.total_rank,
        "first choice": sum(s["first choice"] for s in each),
        "only top three": sum(s["only top three"] for s in each),
    }


def school_comparison(school: School, plans: list[tuple[str, SchoolPlan, int]]) -> str:
    """Two (or more) school plans side by side: a column of figures a plan (ranks, the most
    deadlines in a student's week, students at the cap, the busiest week, rules broken)."""
    most = school.settings.policy.max_deadlines_per_week
    columns = {}
    for label, plan, broken in plans:
        weeks = student_weeks(plan)
        loads = [len(t) for w in weeks.values() for t in w.values()]
        busiest = busiest_weeks_frame(school, plan).head(1)
        figures = school_figures(school, plan)
        columns[label] = {
            "worst rank": figures["worst rank"],
            "total rank": figures["total rank"],
            "first choices": figures["first choice"],
            "most in a student's week": max(loads, default=0),
            "students at the cap in some week": sum(
                1 for w in weeks.values() if most and any(len(t) >= most for t in w.values())
            ),
            "busiest week": "" if busiest.empty else f"week {busiest.iloc[0]['week']}",
            "rules broken (checker)": broken,
        }
    return pd.DataFrame(columns).to_string() + "\n"


def changed_students(school: School, before: SchoolPlan, after: SchoolPlan) -> pd.DataFrame:
    """Every student whose tasks or due weeks differ between two school plans: what they
    have in the first and in the second (``subject task week N``)."""
    first, second = _chosen(before), _chosen(after)
    students = school.students()
    rows = []
    for student_id in sorted(first.keys() | second.keys()):
        a, b = first.get(student_id, frozenset()), second.get(student_id, frozenset())
        if a != b:
            rows.append(
                (
                    student_id,
                    students[student_id].name if student_id in students else "",
                    "; ".join(f"{s} {t} week {w}" for s, t, w in sorted(a - b)),
                    "; ".join(f"{s} {t} week {w}" for s, t, w in sorted(b - a)),
                )
            )
    return pd.DataFrame(
        rows, columns=["student", "name", "only in the first", "only in the second"]
    )
