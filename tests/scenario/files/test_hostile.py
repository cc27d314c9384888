"""Hostile workbooks (XML and zip bombs, oversized files) and names in any script."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scheduler.exceptions import ScenarioError
from scheduler.scenario import load_scenario, write_scenario
from scheduler.scenario.files import workbook as workbook_module
from scheduler.scenario.files.load import load_with_warnings
from scheduler.scenario.files.workbook_write import write_scenario_workbook
from tests.conftest import DATA, run

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def rewritten(source: Path, target: Path, part: str, change) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            data = old.read(name)
            new.writestr(name, change(data.decode()).encode() if name == part else data)
    return target


@pytest.fixture
def book(tmp_path) -> Path:
    path = tmp_path / "base.xlsx"
    write_scenario_workbook(load_scenario(DATA / "base"), path)
    return path


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet4.xml"])
def test_an_xml_bomb_is_refused_with_a_plain_message(book, tmp_path, part):
    def bomb(text: str) -> str:
        body = text[text.index("?>") + 2 :] if text.startswith("<?xml") else text
        return LAUGHS + body.replace("<v>", "<v>&lol9;", 1).replace("<t>", "<t>&lol9;", 1)

    bad = rewritten(book, tmp_path / "bomb.xlsx", part, bomb)
    with pytest.raises(ScenarioError) as error:
        load_scenario(bad)
    assert "XML bomb" in str(error.value.problems[0])
    result = run("validate", bad)
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 50_000_000)  # 50 MB, ~50 KB packed
    assert bomb.stat().st_size < 200_000
    with pytest.raises(ScenarioError) as error:
        load_scenario(bomb)
    assert "zip bomb" in str(error.value.problems[0])


def test_a_workbook_beyond_the_size_limit_is_refused(book, monkeypatch):
    monkeypatch.setattr(workbook_module, "MOST_BYTES", 1_000)
    with pytest.raises(ScenarioError) as error:
        load_scenario(book)
    assert "larger than" in str(error.value.problems[0])


NAMES = ["Zoë Ångström", "محمد العلي", "王小明", "Ana 🚀 Ruiz", "Ōkubo Shōta"]


def test_names_in_any_script_survive_every_file(base, tmp_path):
    students = base / "students.csv"
    lines = students.read_text(encoding="utf-8").splitlines()
    lines[1:6] = [
        line.replace(line.split(",")[1], name) for line, name in zip(lines[1:6], NAMES, strict=True)
    ]
    students.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scenario = load_scenario(base)
    assert [s.name for s in scenario.students[:5]] == NAMES
    assert load_scenario(write_scenario(scenario, tmp_path / "again")) == scenario
    assert (
        load_scenario(
            write_scenario_workbook(scenario, tmp_path / "again.xlsx") or tmp_path / "again.xlsx"
        )
        == scenario
    )
    out = tmp_path / "plan"
    assert run("solve", base, "--out", out, "--quiet").exit_code == 0
    sheet = load_workbook(out / "plan.xlsx", read_only=True)["Students"]
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(NAMES) <= names


def test_ids_are_compared_exactly_after_trimming(base):
    pins = base / "pins.csv"
    pins.write_text(pins.read_text().replace("S1,T3", "  S1 , T3 "))
    assert ("S1", "T3") in {(p.student_id, p.task_id) for p in load_scenario(base).pins}
    pins.write_text(pins.read_text().replace(" S1 ", "s1"))  # another id: case matters
    with pytest.raises(ScenarioError):
        load_scenario(base)


def spoil(base: Path, name: str, change) -> list[str]:
    path = base / name
    change(path)
    try:
        load_scenario(base)
    except ScenarioError as error:
        return [str(p) for p in error.problems]
    return []


def separated(text: str, separator: str) -> str:
    """A CSV file's text as a spreadsheet saves it with another separator (quoting as needed)."""
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows(
        csv.reader(io.StringIO(text))
    )
    return out.getvalue()


def test_each_spreadsheet_export_quirk_is_read_or_named(base):
    """The quirks one at a time: read as meant, or a message naming the place and the fix."""
    text = {
        name: (base / name).read_text() for name in ("tasks.csv", "teachers.csv", "students.csv")
    }

    def put(name: str, new: str | bytes):
        return lambda path: path.write_bytes(new if isinstance(new, bytes) else new.encode())

    expected = load_scenario(base)
    quirks = {
        "a byte-order mark": ("tasks.csv", b"\xef\xbb\xbf" + text["tasks.csv"].encode()),
        "blank rows": ("tasks.csv", text["tasks.csv"].replace("\n", "\n\n,,,,\n", 2)),
        "trailing spaces": ("teachers.csv", text["teachers.csv"].replace(",", " ,  ")),
        "Windows line ends": ("students.csv", text["students.csv"].replace("\n", "\r\n")),
        "numbers stored as quoted text": (
            "teachers.csv",
            text["teachers.csv"].replace(",200,", ',"200",'),
        ),
        "semicolons between cells": ("tasks.csv", separated(text["tasks.csv"], ";")),
        "tabs between cells": ("tasks.csv", separated(text["tasks.csv"], "\t")),
        "UTF-16 with tabs (Unicode text)": (
            "students.csv",
            separated(text["students.csv"], "\t").encode("utf-16"),
        ),
    }
    for what, (name, new) in quirks.items():
        assert not spoil(base, name, put(name, new)), what
        assert load_scenario(base) == expected, what
        (base / name).write_text(text[name])
    faults = {
        "a header in one cell": (
            "tasks.csv",
            text["tasks.csv"].replace(text["tasks.csv"].split("\n")[0], '"task_id;title"'),
            "tasks.csv, row 1: the whole header row is in one cell",
        ),
        "a date for a week": (
            "tasks.csv",
            text["tasks.csv"].replace("5-6", "2027-05-06"),
            "tasks.csv, row 3, column due_week",
        ),
        "a duplicated header": (
            "teachers.csv",
            text["teachers.csv"].replace("name,", "name,name,", 1),
            "teachers.csv, row 1, column name: this column appears twice",
        ),
    }
    for what, (name, new, said) in faults.items():
        problems = spoil(base, name, put(name, new))
        assert any(p.startswith(said) for p in problems), (what, problems)
        (base / name).write_text(text[name])


def test_a_huge_cell_is_read_or_named_quickly(base):
    tasks = base / "tasks.csv"
    tasks.write_text(tasks.read_text().replace("Lab,", "L" * 1_000_000 + ",", 1))
    assert len(load_scenario(base).task_by_id["T2"].title) == 1_000_000


def test_merged_and_hidden_cells_in_a_workbook_are_read_as_their_values(book):
    original = load_scenario(book)
    sheet = load_workbook(book)
    sheet["students"].row_dimensions[3].hidden = True
    sheet["tasks"].column_dimensions["B"].hidden = True
    sheet["teachers"].merge_cells("H2:J4")  # a merged block beside the table
    sheet.save(book)
    assert load_scenario(book) == original


def test_an_oversized_csv_file_is_refused(base, monkeypatch):
    from scheduler.scenario.files import tables

    monkeypatch.setattr(tables, "MOST_BYTES", 200)
    with pytest.raises(ScenarioError) as error:
        load_scenario(base)
    assert any("larger than" in str(p) and p.file == "tasks.csv" for p in error.value.problems)


def test_a_semicolon_file_keeps_lists_in_quoted_cells(base):
    tasks = base / "tasks.csv"
    semicolons = separated(tasks.read_text(), ";")
    assert '"A;B"' in semicolons  # as a spreadsheet quotes a cell holding the separator
    tasks.write_text(semicolons)
    assert load_scenario(base).task_by_id["T2"].criteria == ("A", "B")


def test_a_windows_1252_file_is_read_with_a_warning_showing_its_names(base):
    students = base / "students.csv"
    text = students.read_text().replace("Ana", "Anaïs").replace("Ben", "Zoë “Ben”")
    students.write_bytes(text.encode("cp1252"))
    scenario, warnings = load_with_warnings(base)
    assert {"Anaïs", "Zoë “Ben”"} <= {s.name for s in scenario.students}
    (warning,) = [str(w) for w in warnings if w.file == "students.csv"]
    row = text.split("\n").index(next(line for line in text.split("\n") if "Anaïs" in line)) + 1
    assert warning.startswith(f"students.csv, row {row}: warning: the file is not UTF-8")
    assert '"Anaïs"' in warning and "Windows-1252" in warning and "CSV UTF-8" in warning
    result = run("validate", base)
    assert result.exit_code == 0 and "Windows-1252" in result.output


def test_bytes_that_no_encoding_explains_are_refused_at_their_row(base):
    students = base / "students.csv"
    lines = students.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", b"\x81\x8d,", 1)  # not UTF-8, and not Windows-1252
    students.write_bytes(b"\n".join(lines))
    problems = spoil(base, "students.csv", lambda path: None)
    assert problems == [
        "students.csv, row 3: the file is not UTF-8 text (byte 0x81 cannot be read). "
        "In a spreadsheet, save it with 'CSV UTF-8' as the file type."
    ]


def test_check_reads_a_plan_saved_with_semicolons(base, tmp_path):
    out = tmp_path / "plan"
    assert run("solve", base, "--out", out, "--quiet").exit_code == 0
    allocation = out / "allocation.csv"
    allocation.write_text(separated(allocation.read_text(), ";"))
    result = run("check", base, allocation)
    assert result.exit_code == 0, result.output


def test_a_huge_cell_in_a_windows_1252_file_is_read(base):
    """The fuzz suite found the warning's word search slow on a long cell; it is linear now."""
    students = base / "students.csv"
    text = students.read_text().replace("Ana", "Ana" + "é" * 500_000 + "L" * 500_000)
    students.write_bytes(text.replace("Ben", "Bén").encode("cp1252"))
    scenario, warnings = load_with_warnings(base)
    assert len(scenario.student_by_id["S1"].name) == 1_000_003
    assert '"Bén"' in str(warnings[0]) and '"Anaéééé' in str(warnings[0])


def test_solve_and_check_say_how_a_windows_1252_file_was_read(base, tmp_path):
    teachers = base / "teachers.csv"
    teachers.write_bytes(teachers.read_text().replace(",Kim,", ",Mme Lefèvre,").encode("cp1252"))
    out = tmp_path / "plan"
    said = "Read with a warning: teachers.csv, row 2: the file is not UTF-8"
    solved = run("solve", base, "--out", out, "--quiet")
    assert solved.exit_code == 0 and said in solved.output, solved.output
    checked = run("check", base, out)
    assert checked.exit_code == 0 and said in checked.output
    assert '"Lefèvre"' in checked.output


def test_a_date_cell_out_of_range_is_named_without_a_python_warning(book):
    """The fuzz suite's longer run saw openpyxl warn about such a cell on stderr."""
    sheet = load_workbook(book)
    cell = sheet["tasks"]["D3"]  # T2's due_week
    cell.value, cell.number_format = 6.5e16, "yyyy-mm-dd"
    sheet.save(book)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ScenarioError) as error:
            load_scenario(book)
    assert any("row 3, column due_week" in str(p) for p in error.value.problems)


@pytest.mark.parametrize(
    ("file", "old", "new", "column"),
    [
        ("students.csv", "S2,Ben,7A", "S2,Ben,7A,1-100000000", "away_weeks"),
        ("tasks.csv", "A;B,5-6,", "A;B,5-60000000,", "due_week"),
        (
            "teachers.csv",
            "K1,Kim,7A,200,",
            "K1,Kim,7A,200,3-99999999999999999999",
            "unavailable_weeks",
        ),
    ],
)
def test_a_span_of_weeks_beyond_any_term_is_named_not_unrolled(base, file, old, new, column):
    """A week list such as 1-100000000 once unrolled into a hundred million weeks (a
    MemoryError); it is bad input, named at once."""
    path = base / file
    if file == "students.csv":
        text = path.read_text().replace("student_id,name,class", "student_id,name,class,away_weeks")
        path.write_text(text.replace(old, new))
    else:
        assert old in path.read_text()
        path.write_text(path.read_text().replace(old, new))
    with pytest.raises(ScenarioError) as error:
        load_scenario(base)
    found = [str(p) for p in error.value.errors if "at most 104 weeks" in str(p)]
    assert len(found) == 1 and f"{file}, row " in found[0] and f"column {column}:" in found[0]
