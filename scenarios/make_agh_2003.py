"""Build the bundled scenario agh-2003 from real students' rankings (PrefLib 00009-00000001).

The 2003 AGH course registration: 146 students ranked 9 elective courses. Here the courses
become nine tasks on a Year 10 Individuals and Societies menu. The data says nothing about
criteria, weeks, capacities or teachers, so those are chosen below as a department might;
every student ranked course 9 first, so its capacity decides how fair a plan can be.
Students are given pseudonymous ids and names and put into six classes in turn.

    python scenarios/make_agh_2003.py [--soc PATH] [--out scenarios/agh-2003]
"""

from __future__ import annotations

import argparse
import datetime
import random
from pathlib import Path

from scheduler.scenario import (
    Criterion,
    Policy,
    Scenario,
    Settings,
    Student,
    Task,
    TasksPerStudent,
    Teacher,
    write_scenario,
)
from scheduler.scenario.synthetic import names

HERE = Path(__file__).resolve().parent
SOC = HERE.parent.parent / "shared" / "datasets" / "preflib-agh" / "00009-00000001.soc"
CLASSES = ["10A", "10B", "10C", "10D", "10E", "10F"]

# course number -> (task_id, title, criteria, due weeks, marking minutes, capacity, min, marker)
COURSES = {
    1: ("IS1", "Source analysis: the Industrial Revolution", "A;D", "3", 20, 50, 1, None),
    2: ("IS2", "Field investigation: urban land use", "B;C", "5-6", 30, 40, 10, None),
    3: ("IS3", "Documentary review", "C;D", "4", 15, None, 1, None),
    4: ("IS4", "Case study: migration", "A;B", "7", 25, None, 1, None),
    5: ("IS5", "Museum exhibit design", "B;C", "9-10", 25, 45, 1, None),
    6: ("IS6", "Debate: globalisation", "C;D", "11", 10, 40, 8, None),
    7: ("IS7", "Historical investigation", "A;B", "12-13", 30, None, 1, None),
    8: ("IS8", "Data report: population change", "A;C", "14", 20, None, 1, None),
    9: ("IS9", "Model United Nations simulation", "C;D", "15", 20, 60, 1, "NOV"),
}


def read_soc(path: Path) -> list[list[int]]:
    """One ranking (course numbers, most wanted first) per voter, in file order."""
    voters = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or ":" not in line:
            continue
        count, order = line.split(":", 1)
        voters += [[int(x) for x in order.split(",")]] * int(count)
    return voters


def build(soc: Path) -> Scenario:
    voters = read_soc(soc)
    rng = random.Random(2003)
    people = names(len(voters), rng)
    students = tuple(
        Student(student_id=f"AGH{i + 1:03d}", name=people[i], class_id=CLASSES[i % len(CLASSES)])
        for i in range(len(voters))
    )
    tasks = tuple(_task(*COURSES[n]) for n in sorted(COURSES))
    preferences = {
        s.student_id: {COURSES[course][0]: rank for rank, course in enumerate(order, start=1)}
        for s, order in zip(students, voters, strict=True)
    }
    return Scenario(
        settings=_settings(),
        tasks=tasks,
        students=students,
        teachers=_teachers(),
        preferences=preferences,
    )


def _task(tid, title, criteria, due, minutes, capacity, min_students, marker) -> Task:
    """A course as a task; criteria and due weeks are read as tasks.csv writes them."""
    return Task(
        task_id=tid,
        title=title,
        criteria=criteria,
        due_week=due,
        marking_minutes=minutes,
        capacity=capacity,
        min_students=min_students,
        marker=marker,
    )


def _settings() -> Settings:
    return Settings(
        name="Year 10 Individuals and Societies, Semester 1 (AGH 2003 rankings)",
        weeks=16,
        start_date=datetime.date(2027, 8, 30),
        no_deadline_weeks=(8,),
        criteria=(
            Criterion(id="A", name="Knowing and understanding", min_per_period=1),
            Criterion(id="B", name="Investigating", min_per_period=1),
            Criterion(id="C", name="Communicating", min_per_period=1),
            Criterion(id="D", name="Thinking critically", min_per_period=1),
        ),
        policy=Policy(
            tasks_per_student=TasksPerStudent(min=3, max=4),
            max_deadlines_per_week=1,
            feedback_weeks=2,
        ),
    )


def _teachers() -> tuple[Teacher, ...]:
    return (
        Teacher(
            teacher_id="ALV", name="Ms Alvarez", classes=("10A", "10B"), weekly_marking_minutes=360
        ),
        Teacher(
            teacher_id="BRK", name="Mr Brooks", classes=("10C", "10D"), weekly_marking_minutes=360
        ),
        Teacher(
            teacher_id="CHO",
            name="Ms Cho",
            classes=("10E", "10F"),
            weekly_marking_minutes=360,
            unavailable_weeks=(8,),
        ),
        Teacher(teacher_id="NOV", name="Mr Novak (MUN adviser)", weekly_marking_minutes=600),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--soc", type=Path, default=SOC, help="the PrefLib .soc file")
    parser.add_argument("--out", type=Path, default=HERE / "agh-2003", help="scenario folder")
    args = parser.parse_args()
    print("wrote", write_scenario(build(args.soc), args.out, overwrite=True))


if __name__ == "__main__":
    main()
