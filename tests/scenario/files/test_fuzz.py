"""Fuzzing every reader: whatever bytes a school's files hold, loading ends as a scenario or as
problems naming where (exit code 1), never as any other exception and never as a hang. The
plan readers (allocation.csv, plan.xlsx) are fuzzed as check reads them.

Each example starts from tests/data/base, or tests/data/choice (the same with an own-week task,
a group task, week wishes and partners.csv), and spoils one file. The number of examples per test
is SCHEDULER_FUZZ_EXAMPLES (default 60, bounded for CI); the README's testing section notes a
longer run.
"""

from __future__ import annotations

import codecs
import os
import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from scheduler.check import check_file
from scheduler.exceptions import FILE_ORDER, SHEET_ORDER, ScenarioError, SchedulerError
from scheduler.scenario import load_scenario
from scheduler.scenario.files.workbook_write import write_scenario_workbook
from scheduler.scenario.variants.variant import read_variant
from tests.conftest import DATA

EXAMPLES = int(os.environ.get("SCHEDULER_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=20),  # a hang shows as a deadline error
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# (base, file): scenario.yaml first, then the CSV files each base scenario has
BASES = ("base", "choice")
FILES = [(base, name) for name in FILE_ORDER for base in BASES if (DATA / base / name).exists()]
CSV_FILES = [(base, name) for base, name in FILES if name.endswith(".csv")]
BASE = load_scenario(DATA / "base")


def loads_or_says_where(source: Path) -> str:
    """Load ``source``: "valid", or "problems" when every problem names a file."""
    try:
        load_scenario(source)
    except ScenarioError as error:
        assert error.problems, "a ScenarioError must list its problems"
        for problem in error.problems:
            assert problem.file and str(problem)
        return "problems"
    return "valid"


def spoiled(change, base: str = "base") -> str:
    """A copy of a base scenario, changed by ``change(folder)``, then loaded."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / base
        shutil.copytree(DATA / base, folder)
        change(folder)
        return loads_or_says_where(folder)


@FUZZ
@given(file=st.sampled_from(FILES), data=st.binary(max_size=2000))
def test_random_bytes_in_any_file(file, data):
    base, name = file
    spoiled(lambda folder: (folder / name).write_bytes(data), base)


@FUZZ
@given(file=st.sampled_from(FILES), text=st.text(max_size=500))
def test_random_text_in_any_file(file, text):
    base, name = file
    spoiled(lambda folder: (folder / name).write_text(text, encoding="utf-8"), base)


def _encode(text: str, how: str) -> bytes:
    if how == "utf-16":
        return text.encode("utf-16")  # with its byte-order mark, as spreadsheets save it
    if how == "latin-1":
        return text.replace("Kim", "Kém").encode("latin-1", errors="replace")
    if how == "bom":
        return codecs.BOM_UTF8 + text.encode()
    return text.encode()


MUTATIONS = {
    "semicolons": lambda t: t.replace(",", ";"),
    "tabs": lambda t: t.replace(",", "\t"),
    "blank rows": lambda t: t.replace("\n", "\n\n,,,\n"),
    "trailing spaces": lambda t: t.replace(",", " , ").replace("\n", "  \n"),
    "numbers as text": lambda t: t.replace(",5,", ",'5,").replace(",200", ',"200 "'),
    "dates for weeks": lambda t: t.replace("5-6", "2027-05-06").replace(",7,", ",07/03/2027,"),
    "duplicated header": lambda t: (
        t.split("\n", 1)[0] + "," + t.split("\n", 1)[0] + "\n" + t.split("\n", 1)[-1]
    ),
    "huge cell": lambda t: t.replace("Lab", "L" * 200_000, 1),
    "windows line ends": lambda t: t.replace("\n", "\r\n"),
    "unbalanced quote": lambda t: t.replace(",", ',"', 1),
    "nul byte": lambda t: t.replace(",", ",\x00", 1),
    "formula": lambda t: t.replace("Lab", '=HYPERLINK("x")', 1),
    "header only": lambda t: t.split("\n", 1)[0] + "\n",
    "no header": lambda t: t.split("\n", 1)[-1],
}


@FUZZ
@given(
    file=st.sampled_from(CSV_FILES),
    mutations=st.lists(st.sampled_from(sorted(MUTATIONS)), max_size=3),
    encoding=st.sampled_from(["utf-8", "utf-16", "latin-1", "bom"]),
)
def test_spreadsheet_exports_of_every_csv(file, mutations, encoding):
    base, name = file

    def change(folder: Path) -> None:
        text = (folder / name).read_text(encoding="utf-8")
        for mutation in mutations:
            text = MUTATIONS[mutation](text)
        (folder / name).write_bytes(_encode(text, encoding))

    spoiled(change, base)


def test_a_utf16_export_reads_as_the_same_scenario(tmp_path):
    for base in BASES:
        folder = shutil.copytree(DATA / base, tmp_path / base)
        for name in [n for b, n in CSV_FILES if b == base]:
            text = (folder / name).read_text(encoding="utf-8")
            (folder / name).write_bytes(text.encode("utf-16"))
        assert load_scenario(folder) == load_scenario(DATA / base)


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.text(max_size=20) | st.dates(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
SETTINGS_KEYS = [
    "name",
    "weeks",
    "start_date",
    "no_deadline_weeks",
    "periods",
    "criteria",
    "policy",
]


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(SETTINGS_KEYS), YAML_VALUES, max_size=3))
def test_any_values_in_scenario_yaml(changes):
    import yaml

    def change(folder: Path) -> None:
        data = yaml.safe_load((folder / "scenario.yaml").read_text())
        data.update(changes)
        (folder / "scenario.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))

    spoiled(change)


CELL_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)
CELLS = (
    st.none()
    | CELL_TEXT
    | st.integers(-10, 10_000)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1))
    | st.just("=1/0")
    | st.just("x" * 40_000)
)
SHEETS = list(SHEET_ORDER)  # every sheet of a scenario workbook
CHOICE = load_scenario(DATA / "choice")


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(SHEETS), st.integers(1, 8), st.integers(1, 6), CELLS), max_size=6
    ),
    merge=st.booleans(),
    hide=st.booleans(),
    scenario=st.sampled_from([BASE, CHOICE]),
)
def test_any_cells_in_a_workbook(edits, merge, hide, scenario):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "base.xlsx"
        write_scenario_workbook(scenario, path)
        book = load_workbook(path)
        for sheet, row, column, value in edits:
            if sheet in book.sheetnames:
                book[sheet].cell(row, column).value = value
        if merge:
            book["tasks"].merge_cells("B2:D3")
        if hide:
            book["students"].row_dimensions[3].hidden = True
            book["tasks"].column_dimensions["C"].hidden = True
        book.save(path)
        loads_or_says_where(path)


@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_as_a_workbook(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "broken.xlsx"
        path.write_bytes(data)
        assert loads_or_says_where(path) == "problems"


@FUZZ
@given(text=st.text(max_size=300) | YAML_VALUES.map(str))
def test_any_variant_file(text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "variant.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            read_variant(path)
        except ScenarioError as error:
            assert all(p.file == "variant.yaml" for p in error.problems)


@FUZZ
@given(
    data=st.binary(max_size=2000)
    | st.text(max_size=400).map(lambda t: ("student_id,task_id,due_week,marker\n" + t).encode()),
    as_workbook=st.booleans(),
)
def test_any_plan_file_given_to_check(data, as_workbook):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("plan.xlsx" if as_workbook else "allocation.csv")
        path.write_bytes(data)
        try:
            check_file(BASE, path)
        except SchedulerError as error:  # ScenarioError included: problems naming the file
            assert str(error)
