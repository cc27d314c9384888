"""Build the bundled scenarios single-class and year-group (run from anywhere).

The menus are written out here by hand, as a department would plan them; the students'
names and rankings are drawn with a fixed seed, so running this again gives the same files.

    python scenarios/make_bundled.py [--out scenarios]
"""

from __future__ import annotations

import argparse
import datetime
import random
from pathlib import Path

from scheduler.scenario import (
    Criterion,
    Partner,
    Period,
    Pin,
    Policy,
    Scenario,
    Settings,
    Skill,
    Student,
    Task,
    TasksPerStudent,
    Teacher,
    Unit,
    write_scenario,
)
from scheduler.scenario.synthetic import names, ranking

HERE = Path(__file__).resolve().parent


def task(tid, title, criteria, due, minutes, **optional) -> Task:
    """A menu line, written as compactly as a department's planning sheet.

    ``criteria`` and ``due`` are written as in tasks.csv (``"A;C"``, ``"5-7"``); the
    Task model reads them exactly as it reads the file.
    """
    return Task(
        task_id=tid,
        title=title,
        criteria=criteria,
        due_week=str(due),
        marking_minutes=minutes,
        **optional,
    )


def roster(classes: list[str], per_class: int, rng: random.Random) -> list[Student]:
    people = names(len(classes) * per_class, rng)
    return [
        Student(student_id=f"{c}{i + 1:02d}", name=people[k * per_class + i], class_id=c)
        for k, c in enumerate(classes)
        for i in range(per_class)
    ]


def rankings(students, tasks, likes, keep, rng) -> dict[str, dict[str, int]]:
    """Each student ranks the ``keep`` tasks they most want among those open to them."""
    result = {}
    for s in students:
        open_here = {
            t.task_id: likes[t.task_id] for t in tasks if not t.common and t.is_open_to(s.class_id)
        }
        result[s.student_id] = ranking(open_here, rng, keep)
    return result


def single_class() -> Scenario:
    rng = random.Random(8)
    settings = Settings(
        name="Year 8 Design, class 8C, Term 2",
        weeks=10,
        start_date=datetime.date(2027, 4, 19),
        no_deadline_weeks=(6,),
        criteria=(
            Criterion(id="A", name="Inquiring and analysing", min_per_period=1),
            Criterion(id="B", name="Developing ideas", min_per_period=1),
            Criterion(id="C", name="Creating the solution", min_per_period=1),
            Criterion(id="D", name="Evaluating", min_per_period=1),
        ),
        policy=Policy(
            tasks_per_student=TasksPerStudent(min=3, max=4),
            max_deadlines_per_week=1,
            feedback_weeks=2,
        ),
    )
    tasks = [
        task("D1", "Design brief and research", "A", 2, 20),
        task("D2", "Product teardown analysis", "A;D", "3-4", 25, capacity=12),
        task("D3", "Sketchbook of ideas", "B", 4, 15),
        task("D4", "Design specification poster", "A;B", 5, 20),
        task("D5", "Prototype and build log", "B;C", "7-8", 30, capacity=15, min_students=4),
        task("D6", "CAD model", "C", 8, 25, capacity=10),
        task("D7", "User testing report", "C;D", 9, 25),
        task("D8", "Reflective video", "D", 10, 15),
    ]
    students = roster(["8C"], 25, rng)
    likes = {"D1": 0.5, "D2": 1.0, "D3": 0.6, "D4": 0.4, "D5": 1.4, "D6": 1.2, "D7": 0.5, "D8": 0.7}
    teacher = Teacher(
        teacher_id="RIV",
        name="Ms Rivera",
        classes=("8C",),
        weekly_marking_minutes=300,
        unavailable_weeks=(6,),
    )
    return Scenario(
        settings=settings,
        tasks=tuple(tasks),
        students=tuple(students),
        teachers=(teacher,),
        preferences=rankings(students, tasks, likes, 8, rng),
    )


def design_projects() -> Scenario:
    """Two Year 8 Design classes choosing when and with whom (format version 2): the build
    log is handed in in a week of each student's own choosing, the prototype and the pitch are
    made in teams, and some students say whom they would like to work with (or must not)."""
    rng = random.Random(18)
    base = single_class()
    settings = base.settings.model_copy(update={"name": "Year 8 Design, 8C and 8D, Term 2"})
    tasks = [
        task("D1", "Design brief and research", "A", 2, 20),
        task("D2", "Product teardown analysis", "A;D", "3-4", 25, capacity=24),
        task("D3", "Sketchbook of ideas", "B", "3-5", 15, due_mode="own"),
        task("D4", "Design specification poster", "A;B", 5, 20),
        task("D5", "Prototype in a team", "B;C", "7-8", 30, group_size=(3, 4)),
        task("D6", "CAD model", "C", 8, 25, capacity=20),
        task("D7", "Build log", "C;D", "8-10", 20, due_mode="own"),
        task("D8", "Team pitch to a client", "D", 10, 15, group_size=(2, 3)),
    ]
    students = roster(["8C", "8D"], 15, rng)
    likes = {"D1": 0.5, "D2": 1.0, "D3": 0.6, "D4": 0.4, "D5": 1.4, "D6": 1.2, "D7": 0.5, "D8": 0.9}
    teachers = (
        Teacher(
            teacher_id="RIV",
            name="Ms Rivera",
            classes=("8C",),
            weekly_marking_minutes=300,
            unavailable_weeks=(6,),
        ),
        Teacher(teacher_id="SAL", name="Mr Salo", classes=("8D",), weekly_marking_minutes=300),
    )
    preferences = rankings(students, tasks, likes, 8, rng)
    wishes = {
        (s.student_id, t): (rng.choice(weeks),)
        for i, s in enumerate(students)
        for t, weeks in (("D3", [3, 4, 5]), ("D7", [8, 9, 10]))
        if i % 3 == 0
    }
    keen = {  # students of each class who rank the team prototype first or second
        c: [
            s.student_id
            for s in students
            if s.class_id == c and preferences[s.student_id]["D5"] <= 2
        ]
        for c in ("8C", "8D")
    }
    pairs = [
        (ids[i], ids[i + 1]) for ids in keen.values() for i in range(0, min(4, len(ids) - 1), 2)
    ]
    partners = (
        *(Partner(student_id=a, partner_id=b, wish="with") for a, b in pairs),
        Partner(student_id="8C09", partner_id="8C11", wish="never"),
    )
    return Scenario(
        settings=settings,
        tasks=tuple(tasks),
        students=tuple(students),
        teachers=teachers,
        preferences=preferences,
        week_wishes=wishes,
        partners=partners,
    )


def year_group() -> Scenario:
    rng = random.Random(9)
    settings = Settings(
        name="Year 9 Sciences, Term 1",
        weeks=12,
        start_date=datetime.date(2027, 1, 11),
        no_deadline_weeks=(7,),
        periods=(
            Period(name="Interim", first_week=1, last_week=6),
            Period(name="Final", first_week=7, last_week=12),
        ),
        criteria=(
            Criterion(id="A", name="Knowing and understanding", min_per_period=1),
            Criterion(id="B", name="Inquiring and designing", min_per_period=1),
            Criterion(id="C", name="Processing and evaluating", min_per_period=1),
            Criterion(
                id="D",
                name="Reflecting on the impacts of science",
                min_per_period=1,
                max_per_period=3,
            ),
        ),
        units=(
            Unit(id="U1", name="Particles and reactions"),
            Unit(id="U2", name="Energy and the environment"),
            Unit(id="U3", name="Living things"),
        ),
        skills=(
            Skill(id="LAB", name="Full lab report", min_per_term=1),
            Skill(id="ORAL", name="Oral presentation", min_per_term=1),
            Skill(id="POSTER", name="Poster or display", max_per_term=1),
        ),
        policy=Policy(
            tasks_per_student=TasksPerStudent(min=4, max=6),
            max_deadlines_per_week=1,
            feedback_weeks=2,
            min_drafted_tasks=1,
        ),
    )
    tasks = [
        task("S01", "Common assessment: particle model test", "A", 5, 15, common=True, unit="U1"),
        task(
            "S02",
            "Lab practical: rates of reaction",
            "B;C",
            "3-4",
            20,
            capacity=60,
            marker="TAN",
            unit="U1",
            skills="LAB",
        ),
        task(
            "S03",
            "Research essay: vaccines",
            "A;D",
            "4-6",
            25,
            unit="U3",
            draft_weeks=2,
            draft_minutes=10,
        ),
        task("S04", "Poster: states of matter", "A;C", 2, 15, unit="U1", skills="POSTER"),
        task("S05", "Podcast: science in the news", "D", 3, 15, min_students=8, skills="ORAL"),
        task("S06", "Design an investigation: pendulums", "B", "2-3", 20),
        task("S07", "Data analysis: climate records", "C", 4, 20, unit="U2"),
        task(
            "S08",
            "Field study: the local stream",
            "B;C;D",
            6,
            25,
            capacity=30,
            min_students=10,
            unit="U2",
            draft_weeks=3,
            draft_minutes=10,
        ),
        task(
            "S09",
            "Extension: reviewing a scientific paper",
            "A;B",
            "5-6",
            30,
            capacity=20,
            classes=("9A", "9B"),
        ),
        task(
            "S10",
            "Lab practical: electrolysis",
            "B;C",
            "9-10",
            20,
            capacity=60,
            marker="TAN",
            unit="U1",
            skills="LAB",
        ),
        task("S11", "Model build: cell structures", "A;C", 8, 20, unit="U3", skills="POSTER"),
        task("S12", "Debate: nuclear power", "D", 10, 10, unit="U2", skills="ORAL"),
        task(
            "S13", "Investigation report: plant growth", "B;C", "11-12", 25, unit="U3", skills="LAB"
        ),
        task("S14", "Test: chemical reactions", "A", 9, 15, unit="U1"),
        task(
            "S15",
            "Presentation: renewable energy",
            "A;D",
            12,
            15,
            unit="U2",
            skills="ORAL;POSTER",
            draft_weeks=2,
            draft_minutes=5,
        ),
        task("S16", "Journal: reflecting on experiments", "D", 11, 10),
        task("S17", "Design challenge: insulation", "B", "8-9", 20, capacity=40, unit="U2"),
        task(
            "S18",
            "Museum visit report",
            "A;D",
            10,
            15,
            min_students=10,
            classes=("9C", "9D", "9E"),
            unit="U3",
        ),
    ]
    moderators = {"S04": "HAD", "S05": "MEN", "S12": "LIN", "S16": "OKA", "S13": "TAN"}
    tasks = [  # a second teacher re-marks three submissions of one task each
        t.model_copy(update={"moderator": moderators[t.task_id]}) if t.task_id in moderators else t
        for t in tasks
    ]
    classes = ["9A", "9B", "9C", "9D", "9E", "9F", "9G"]
    away = {"9A04": (5,), "9C11": (3,), "9F20": (11, 12)}  # a trip, a tour, an exchange
    students = [
        s.model_copy(update={"away_weeks": away.get(s.student_id, ())})
        for s in roster(classes, 26, rng)
    ]
    likes = {t.task_id: rng.uniform(0.3, 1.5) for t in tasks}
    likes["S02"], likes["S08"], likes["S10"] = 2.5, 2.0, 1.8
    teachers = (
        Teacher(
            teacher_id="OKA", name="Ms Okafor", classes=("9A", "9B"), weekly_marking_minutes=540
        ),
        Teacher(
            teacher_id="LIN",
            name="Mr Lindqvist",
            classes=("9C", "9D"),
            weekly_marking_minutes=540,
            unavailable_weeks=(8,),
        ),
        Teacher(teacher_id="HAD", name="Ms Haddad", classes=("9E",), weekly_marking_minutes=300),
        Teacher(
            teacher_id="MEN", name="Dr Mensah", classes=("9F", "9G"), weekly_marking_minutes=540
        ),
        Teacher(teacher_id="TAN", name="Mr Tanaka (lab specialist)", weekly_marking_minutes=600),
    )
    pins = (
        Pin(student_id="9A03", task_id="S09", rule="must"),
        Pin(student_id="9B11", task_id="S09", rule="must"),
        Pin(student_id="9D07", task_id="S08", rule="never"),
        Pin(student_id="9F02", task_id="S05", rule="never"),
        Pin(student_id="9G19", task_id="S13", rule="must"),
    )
    own = {"S13", "S17"}  # each student hands these in in a week of their own
    tasks = [t.model_copy(update={"due_mode": "own"}) if t.task_id in own else t for t in tasks]
    preferences = rankings(students, tasks, likes, len(tasks), rng)
    return Scenario(
        settings=settings,
        tasks=tuple(tasks),
        students=tuple(students),
        teachers=teachers,
        preferences=preferences,
        week_wishes=week_wishes(tasks, preferences, own),
        pins=pins,
    )


def week_wishes(tasks, preferences, own: set[str]) -> dict[tuple[str, str], tuple[int, ...]]:
    """Every third student who ranks an own-week task in their top four wishes a week of its
    window (from a random stream of its own, so the rest of the scenario is as before)."""
    rng = random.Random(17)
    windows = {t.task_id: list(t.due_weeks) for t in tasks if t.task_id in own}
    wishes = {}
    for i, (student, ranks) in enumerate(preferences.items()):
        for task_id, weeks in windows.items():
            if i % 3 == 0 and ranks.get(task_id, 99) <= 4:
                wishes[student, task_id] = (rng.choice(weeks),)
    return wishes


BUNDLED = {
    "single-class": single_class,
    "year-group": year_group,
    "design-projects": design_projects,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    args = parser.parse_args()
    for name, build in BUNDLED.items():
        print("wrote", write_scenario(build(), args.out / name, overwrite=True))


if __name__ == "__main__":
    main()
