"""Reading a school folder: school.yaml, its subjects (folders or workbooks), and the
problems that cross subjects, each named by subject, file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.exceptions import ScenarioError
from scheduler.scenario.files.workbook_write import write_scenario_workbook
from scheduler.scenario.school import load_school, load_school_with_warnings
from scheduler.scenario.school.precheck import school_reasons
from scheduler.scenario.school.synthetic import synthetic_school
from scheduler.scenario.school.write import write_school
from tests.factory import common_due

SMALL = synthetic_school(students=12, subjects=3, tasks=5, classes=2, seed=1)


@pytest.fixture
def school(tmp_path: Path) -> Path:
    """A small school written to a folder: 3 subjects, 12 students, a teacher in two."""
    return write_school(SMALL, tmp_path / "school")


def problems(folder: Path) -> list[str]:
    with pytest.raises(ScenarioError) as error:
        load_school(folder)
    return [str(p) for p in error.value.problems if not p.warning]


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_written_school_reads_back_the_same(school):
    loaded, warnings = load_school_with_warnings(school)
    assert loaded.model_dump() == SMALL.model_dump()
    assert warnings == []
    assert loaded.shared_teachers() == ["SCI-K001"]


def test_a_subject_may_be_a_workbook(school):
    write_scenario_workbook(
        load_school(school).subjects["mathematics"], school / "mathematics.xlsx"
    )
    for path in (school / "mathematics").iterdir():
        path.unlink()
    (school / "mathematics").rmdir()
    replace_in(school / "school.yaml", "mathematics", "mathematics.xlsx")
    loaded = load_school(school)
    assert list(loaded.subjects) == list(SMALL.subjects)  # its subject's name: mathematics
    assert loaded.subjects["mathematics"].model_dump() == SMALL.subjects["mathematics"].model_dump()
    replace_in(school / "school.yaml", "weeks: 12", "weeks: 10")
    assert any(p.startswith("mathematics.xlsx, sheet settings") for p in problems(school))


def test_a_missing_subject_is_named_at_its_line_in_school_yaml(school):
    replace_in(school / "school.yaml", "mathematics", "maths")
    [problem] = problems(school)
    assert problem.startswith("school.yaml, line 3, key subjects[2]")
    assert 'the subject "maths" has no folder maths/' in problem


def test_a_subject_listed_twice(school):
    replace_in(school / "school.yaml", "mathematics", "sciences")
    assert any("subjects[2]" in p and "listed twice" in p for p in problems(school))


def test_weeks_that_disagree_name_the_subject_file_and_line(school):
    replace_in(school / "mathematics" / "scenario.yaml", "weeks: 12", "weeks: 14")
    [problem] = problems(school)
    assert problem.startswith("mathematics/scenario.yaml, line 2, key weeks")
    assert "mathematics has 14 weeks, but school.yaml gives 12" in problem


def test_a_teacher_whose_minutes_differ_between_subjects_names_both_files_and_rows(school):
    replace_in(school / "mathematics" / "teachers.csv", "C01;C02,300", "C01;C02,240")
    [problem] = problems(school)
    assert problem.startswith("mathematics/teachers.csv, row 2, column weekly_marking_minutes")
    assert "has weekly marking minutes 240 here but 300 in sciences/teachers.csv row 2" in problem


def test_a_teacher_whose_unavailable_weeks_differ(school):
    replace_in(school / "mathematics" / "teachers.csv", "C01;C02,300,", "C01;C02,300,5")
    [problem] = problems(school)
    assert "column unavailable_weeks" in problem and "5 here but (none) in sciences" in problem


def test_a_student_with_two_names_is_a_warning_naming_both_files_and_rows(school):
    first = load_school(school).subjects["sciences"].students[2]
    replace_in(
        school / "mathematics" / "students.csv",
        f"{first.student_id},{first.name}",
        f"{first.student_id},Someone Else",
    )
    _, warnings = load_school_with_warnings(school)
    [warning] = [str(w) for w in warnings]
    assert warning.startswith("mathematics/students.csv, row 4, column name")
    assert f'but "{first.name}" in sciences/students.csv row 4: probably two students' in warning


def test_a_subjects_own_problems_are_named_inside_the_school(school):
    replace_in(school / "sciences" / "tasks.csv", "S02,", "S02x,")  # preferences now name S02
    assert all(p.startswith("sciences/") for p in problems(school))


def test_bad_school_yaml_names_line_and_key(school):
    replace_in(school / "school.yaml", "max_deadlines_per_week: 2", "max_deadlines_per_week: 0")
    [problem] = problems(school)
    assert problem.startswith("school.yaml, line 4, key policy.max_deadlines_per_week")
    (school / "school.yaml").write_text("name: x\nweeks: 12\nsubject: [a]\n", encoding="utf-8")
    assert any("subject" in p and "subjects" in p for p in problems(school))


def test_the_school_adds_its_no_deadline_weeks_and_every_subjects_away_weeks():
    student = SMALL.subjects["mathematics"].students[0]
    maths = SMALL.subjects["mathematics"].model_copy(
        update={
            "students": (
                student.model_copy(update={"away_weeks": (5,)}),
                *SMALL.subjects["mathematics"].students[1:],
            )
        }
    )
    settings = SMALL.settings.model_copy(update={"no_deadline_weeks": (7,)})
    school = SMALL.model_copy(
        update={"settings": settings, "subjects": {**SMALL.subjects, "mathematics": maths}}
    )
    sciences = school.planned("sciences")
    assert 7 in sciences.settings.no_deadline_weeks
    assert sciences.student_by_id[student.student_id].away_weeks == (5,)


def test_common_tasks_of_several_subjects_fixed_in_one_week_beyond_the_cap():
    [reason] = school_reasons(common_due(SMALL, 6))
    assert reason == (
        "In week 6, sciences' common task S01, mathematics' common task M01 and "
        "language-and-literature's common task L01 are all due for 12 students, and the school "
        "allows 2 deadlines a week."
    )
