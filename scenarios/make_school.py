"""Build the bundled school (run from anywhere): Grade 9's term 1, six subjects planned
together so no student's week piles up.

About 300 students in 12 classes take six subjects (sciences, mathematics, language and
literature, individuals and societies, design, arts), each with its own menu of 8 tasks (half
on 3-week windows), its own class teachers and lab specialist, and one common task. Two
teachers teach in two subjects each (sciences and mathematics; language and literature and
individuals and societies), with one week's minutes for both. A student may have at most 2
deadlines a week in all subjects together. The menus and rankings are drawn with a fixed seed,
so running this again gives the same files.

    python scenarios/make_school.py [--out scenarios/school]
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

from scheduler.scenario.school.synthetic import synthetic_school
from scheduler.scenario.school.write import write_school

HERE = Path(__file__).resolve().parent


def school():
    """The bundled school: 300 students, 6 subjects of 8 tasks, 2 shared teachers, cap 2."""
    made = synthetic_school(students=300, subjects=6, tasks=8, classes=12, seed=9, cap=2)
    settings = made.settings.model_copy(
        update={"name": "Grade 9, Term 1 2027", "start_date": datetime.date(2027, 1, 11)}
    )
    subjects = {
        name: scenario.model_copy(
            update={
                "settings": scenario.settings.model_copy(
                    update={"start_date": datetime.date(2027, 1, 11)}
                )
            }
        )
        for name, scenario in made.subjects.items()
    }
    return made.model_copy(update={"settings": settings, "subjects": subjects})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "school", help="folder to write")
    args = parser.parse_args()
    print("wrote", write_school(school(), args.out, overwrite=True))


if __name__ == "__main__":
    main()
