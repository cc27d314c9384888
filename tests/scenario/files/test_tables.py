"""Reading CSV files: the fast (pandas) and exact (csv module) paths agree."""

from __future__ import annotations

import pytest

from scheduler.scenario.files.tables import _read_slowly, column_names, read_table
from scheduler.scenario.models import Student, Task
from tests.conftest import BUNDLED, DATA

FILES = [
    (folder / name, model)
    for folder in [DATA / "base", *BUNDLED]
    for name, model in (("tasks.csv", Task), ("students.csv", Student))
]


@pytest.mark.parametrize(
    ("path", "model"), FILES, ids=[f"{p.parent.name}/{p.name}" for p, _ in FILES]
)
def test_fast_and_exact_readers_agree(path, model):
    fast, exact = read_table(path, column_names(model)), _read_slowly(path, column_names(model))
    assert fast.rows == exact.rows
    assert fast.problems == exact.problems == []


def test_quoted_cells_keep_spreadsheet_row_numbers(tmp_path):
    path = tmp_path / "students.csv"
    path.write_text(
        'student_id,name,class\nS1,"Smith, Ann",7A\nS2,"Two\nlines",7A\n\nS3,Cy,7B\n',
        encoding="utf-8",
    )
    table = read_table(path, column_names(Student))
    assert [(n, c["name"]) for n, c in table.rows] == [
        (2, "Smith, Ann"),
        (3, "Two\nlines"),
        (5, "Cy"),
    ]


def test_rows_with_extra_empty_cells_are_fine(tmp_path):
    path = tmp_path / "students.csv"
    path.write_text("student_id,name,class\nS1,Ann,7A,,\nS2,Bo,7A\n", encoding="utf-8")
    table = read_table(path, column_names(Student))
    assert table.problems == [] and [n for n, _ in table.rows] == [2, 3]


def test_a_row_with_extra_values_is_named_and_the_rest_kept(tmp_path):
    path = tmp_path / "students.csv"
    path.write_text("student_id,name,class\nS1,Ann,7A,oops\nS2,Bo,7A\n", encoding="utf-8")
    table = read_table(path, column_names(Student))
    assert [(p.row, p.column) for p in table.problems] == [(2, None)]
    assert [n for n, _ in table.rows] == [3]
