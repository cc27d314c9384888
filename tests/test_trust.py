"""What a new user trips over, as they meet it: a plan that says "keeps every rule" answers
the scenario the user meant (misspelt columns, warnings, variants, suggested commands, a
no-plan proven before solving, output folders refused before the search)."""

from __future__ import annotations

import shlex
import shutil

import pytest
import yaml

import scheduler.jobs
import scheduler.jobs.reading
from tests.conftest import ROOT, run

YEAR_GROUP = ROOT / "scenarios" / "year-group"
VARIANTS = ROOT / "scenarios" / "year-group-variants"
DATA_BASE = ROOT / "tests" / "data" / "base"


def add_column(folder, file: str, name: str) -> None:
    path = folder / file
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + "," + name] + [line + "," for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def rename_column(folder, file: str, old: str, new: str) -> None:
    path = folder / file
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(header.replace(old, new) + "\n" + rest, encoding="utf-8")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("capcity", "capacity"),
        ("Capacity", "capacity"),
        ("min students", "min_students"),
        ("Min_Students", "min_students"),
        ("capacityy", "capacity"),
        ("mraker", "marker"),
    ],
)
def test_a_misspelt_column_stops_solve_naming_the_column_it_resembles(base, tmp_path, typed, meant):
    rename_column(base, "tasks.csv", meant, typed)
    solved = run("solve", base, "--out", tmp_path / "plan", "--quiet")
    assert solved.exit_code == 1, solved.output
    assert f'tasks.csv, row 1, column {typed}: "{typed}" is not a column' in solved.output
    assert f'very like "{meant}"' in solved.output and f'Rename it "{meant}"' in solved.output
    assert "keeps every rule" not in solved.output
    assert not (tmp_path / "plan").exists()


def test_a_misspelt_column_in_a_workbook_is_bad_input_too(base, tmp_path):
    rename_column(base, "students.csv", "class", "clas")
    book = tmp_path / "s.xlsx"
    shutil.copytree(base, tmp_path / "copy")
    rename_column(tmp_path / "copy", "students.csv", "clas", "class")
    assert run("convert", tmp_path / "copy", book).exit_code == 0
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    workbook["students"]["C1"] = "Clas"
    workbook.save(book)
    result = run("validate", book)
    assert result.exit_code == 1
    assert 's.xlsx, sheet students, row 1, column Clas: "Clas" is not a column' in result.output


@pytest.mark.parametrize("name", ["notes", "Comments", "comment", "Teacher's remarks"])
def test_a_notes_column_is_still_only_a_warning(base, tmp_path, name):
    add_column(base, "tasks.csv", name)
    result = run("solve", base, "--out", tmp_path / "plan", "--quiet")
    assert result.exit_code == 0, result.output
    assert f'column {name}: "{name}" is not a name scheduler knows' in result.output


WARNING = 'Read with a warning: tasks.csv, row 1, column notes: "notes" is not a name'


def test_solve_shows_the_warning_first_and_the_summary_and_plan_yaml_repeat_it(base, tmp_path):
    add_column(base, "tasks.csv", "notes")
    out = tmp_path / "plan"
    solved = run("solve", base, "--out", out, "--quiet")
    assert solved.exit_code == 0, solved.output
    assert solved.stderr.startswith(WARNING)
    assert solved.stdout.startswith(WARNING)
    recorded = yaml.safe_load((out / "plan.yaml").read_text())["warnings"]
    assert len(recorded) == 1 and '"notes" is not a name' in recorded[0]


def test_every_command_that_reads_a_scenario_shows_its_warnings(base, tmp_path):
    add_column(base, "tasks.csv", "notes")
    plan = tmp_path / "plan"
    quick = ("--time-limit", "5", "--jobs", "1", "--quiet")
    runs = {
        "solve": ("solve", base, "--out", plan, "--quiet"),
        "check": ("check", base, plan),
        "export": ("export", base, plan, "--out", tmp_path / "again"),
        "whatif": ("whatif", base, "--drop", "T4", *quick),
        "compare": ("compare", plan, tmp_path / "again", "--scenario", base),
        "menu": ("menu", base, "--tasks", "T4", *quick),
        "sweep": ("sweep", base, "--set", "task.T2.capacity=4,5", "--out", tmp_path / "s", *quick),
        "validate": ("validate", base),
        "convert": ("convert", base, tmp_path / "book.xlsx"),
    }
    runs["whatif --out"] = ("whatif", base, "--drop", "T4", "--out", tmp_path / "w", *quick)
    for name, words in runs.items():
        result = run(*words)
        assert result.exit_code == 0, (name, result.output)
        assert '"notes" is not a name scheduler knows' in result.stdout, name
        if name not in ("validate", "convert"):
            assert result.stderr.startswith(WARNING), (name, result.stderr)
    for folder in (plan, tmp_path / "w" / "baseline", tmp_path / "w" / "drop-t4"):
        recorded = yaml.safe_load((folder / "plan.yaml").read_text())["warnings"]
        assert '"notes" is not a name' in recorded[0], folder


def test_check_reads_a_variant_plan_with_the_variant_its_plan_yaml_records(tmp_path):
    out = tmp_path / "whatif"
    made = run(
        "whatif", YEAR_GROUP, VARIANTS / "second-lab.yaml", "--out", out, "--quiet",
        "--time-limit", "20",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert f"  Second lab: {out / 'second-lab'}\n" in made.output  # the folder, as typed next
    checked = run("check", YEAR_GROUP, out / "second-lab")
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith(
        f"The plan was made from a variant, as {out / 'second-lab' / 'plan.yaml'} records "
        "(Second lab: add S21"
    ), checked.output
    assert "the plan keeps every rule" in checked.output
    bare = run("check", YEAR_GROUP, out / "second-lab", "--bare")
    assert bare.exit_code == 1
    lines = bare.output.splitlines()  # the one unknown task, said once with its rows
    assert lines[0].startswith("The plan cannot be used: 1 problem to fix (on ")
    assert (
        lines[1].startswith("  - allocation.csv, rows ") and " more, column task_id: " in lines[1]
    )
    assert '"S21" is not a task_id' in lines[1] and len(lines) == 2
    compared = run("compare", out / "baseline", out / "second-lab")
    assert compared.exit_code == 0, compared.output


NO_PLAN = (
    "--set",
    "teacher.HAD.weekly_marking_minutes=100",
    "--set",
    "teacher.OKA.unavailable_weeks=6;7",
)


def test_the_closest_plan_command_is_the_users_own_and_can_be_pasted(tmp_path):
    out = tmp_path / "plan"
    failed = run("solve", YEAR_GROUP, *NO_PLAN, "--out", out, "--quiet", "--time-limit", "20")
    assert failed.exit_code == 3, failed.output
    suggested = failed.output.strip().splitlines()[-1].strip()
    words = shlex.split(suggested)  # quoted for a shell: 6;7 stays one word
    assert words == [
        "scheduler", "solve", str(YEAR_GROUP), *NO_PLAN, "--out", str(out), "--quiet",
        "--time-limit", "20", "--relax",
    ]  # fmt: skip
    assert "'teacher.OKA.unavailable_weeks=6;7'" in suggested
    closest = run(*words[1:])
    assert closest.exit_code == 0, closest.output
    assert "THIS PLAN BREAKS" in closest.output
    checked = run("check", YEAR_GROUP, out)  # the suggested check, with the variant recorded
    assert checked.exit_code == 5
    assert "The plan was made from a variant" in checked.output


def test_the_overwrite_suggestion_is_the_users_own_command(base, tmp_path):
    out = tmp_path / "plan"
    first = run("solve", base, "--drop", "T4", "--out", out, "--quiet")
    assert first.exit_code == 0, first.output
    again = run("solve", base, "--drop", "T4", "--out", out, "--quiet")
    assert again.exit_code == 1
    assert f"scheduler solve {base} --drop T4 --out {out} --quiet --overwrite" in again.output
    assert run(*shlex.split(again.output.strip().splitlines()[-1])[1:]).exit_code == 0


def test_template_and_convert_name_overwrite(tmp_path):
    book = tmp_path / "t.xlsx"
    assert run("template", book).exit_code == 0
    again = run("template", book)
    assert again.exit_code == 1 and f"scheduler template {book} --overwrite" in again.output
    folder = tmp_path / "folder"
    assert run("convert", book, folder).exit_code == 0
    twice = run("convert", book, folder)
    assert twice.exit_code == 1 and f"scheduler convert {book} {folder} --overwrite" in twice.output


@pytest.fixture
def too_demanding(tmp_path):
    """The year group with criterion B's min_per_period raised from 1 to 2: the menu holds
    too few assessments of B, which the pre-check proves. (Searching, the clash took 34 s to
    find and named 35 rule groups.)"""
    folder = tmp_path / "demanding"
    shutil.copytree(YEAR_GROUP, folder)
    settings = folder / "scenario.yaml"
    old = "{id: B, name: Inquiring and designing, min_per_period: 1}"
    settings.write_text(settings.read_text().replace(old, old.replace("1}", "2}")))
    return folder


def test_a_no_plan_the_precheck_proves_is_said_first_without_a_search(
    too_demanding, tmp_path, monkeypatch
):
    def no_search(*args, **kwargs):
        raise AssertionError("searched, though the pre-check had proved there is no plan")

    monkeypatch.setattr(scheduler.jobs, "solve", no_search)
    monkeypatch.setattr(scheduler.jobs, "find_clash", no_search)
    result = run("solve", too_demanding, "--out", tmp_path / "plan", "--quiet")
    assert result.exit_code == 3, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Year 9 Sciences, Term 1: no plan exists (seen before solving)."
    assert lines[1:3] == [
        "  - Criterion B in Interim: 364 assessments are needed but the tasks that can be due "
        "then hold at most 292.",
        "  - Criterion B in Final: 364 assessments are needed but the tasks that can be due "
        "then hold at most 282.",
    ]
    assert "No plan can keep all of these rules" not in result.output
    assert len(lines) < 12


def test_validate_exits_three_with_the_same_reason(too_demanding):
    result = run("validate", too_demanding)
    assert result.exit_code == 3, result.output
    assert result.output.startswith(
        "Year 9 Sciences, Term 1: no plan exists (seen before solving).\n"
        "  - Criterion B in Interim: 364 assessments are needed"
    )
    assert f"scheduler solve {too_demanding} --out plans/closest --relax" in result.output


@pytest.fixture
def never_solve(monkeypatch):
    def no_search(*args, **kwargs):
        raise AssertionError("searched before the output was checked")

    monkeypatch.setattr(scheduler.jobs, "solve", no_search)
    monkeypatch.setattr(scheduler.jobs.reading, "load_with_warnings", no_search)


def test_an_out_that_is_a_file_is_refused_before_the_search(base, tmp_path, never_solve):
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    result = run("solve", base, "--out", target, "--quiet")
    assert result.exit_code == 1
    assert f"Error: {target} is a file; give a folder for the plan" in result.output
    assert target.read_text() == "mine"


def test_an_out_holding_a_plan_is_refused_before_the_search(tmp_path, monkeypatch):
    out = tmp_path / "plan"
    assert run("solve", DATA_BASE, "--out", out, "--quiet").exit_code == 0
    monkeypatch.setattr(scheduler.jobs, "solve", lambda *a, **k: pytest.fail("searched"))
    result = run("solve", DATA_BASE, "--out", out, "--quiet")
    assert result.exit_code == 1 and "--overwrite" in result.output


def test_whatif_menu_and_sweep_refuse_their_out_before_solving(base, tmp_path, monkeypatch):
    import scheduler.jobs.exploring as exploring  # where every explore job gets its runner

    monkeypatch.setattr(exploring, "executor", lambda *a, **k: pytest.fail("solved"))
    taken = tmp_path / "taken"
    taken.mkdir()
    for name in ("whatif.xlsx", "menu.xlsx", "sweep.csv"):
        (taken / name).write_text("mine")
    for words in (
        ("whatif", base, "--drop", "T4", "--out", taken),
        ("menu", base, "--out", taken),
        ("sweep", base, "--set", "task.T2.capacity=4,5", "--out", taken),
    ):
        result = run(*words, "--quiet")
        assert result.exit_code == 1, result.output
        assert "--overwrite" in result.output
    assert all((taken / n).read_text() == "mine" for n in ("whatif.xlsx", "menu.xlsx", "sweep.csv"))


def test_a_plan_yaml_that_cannot_be_read_does_not_stop_check(base, tmp_path):
    out = tmp_path / "plan"
    assert run("solve", base, "--drop", "T4", "--out", out, "--quiet").exit_code == 0
    (out / "plan.yaml").write_text("variant: [unclosed\n")
    checked = run("check", base, out)
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith(f"{out / 'plan.yaml'} cannot be read (")
    assert "read against the scenario as given" in checked.output


def test_a_recorded_variant_that_does_not_apply_points_to_bare(base, tmp_path):
    out = tmp_path / "plan"
    assert run("solve", base, "--drop", "T4", "--out", out, "--quiet").exit_code == 0
    other = tmp_path / "other"
    shutil.copytree(base, other)
    tasks = other / "tasks.csv"
    tasks.write_text(
        "".join(r for r in tasks.read_text().splitlines(True) if not r.startswith("T4,"))
    )
    pins = other / "pins.csv"
    pins.write_text(pins.read_text().replace("S4,T4,never\n", ""))
    prefs = other / "preferences.csv"
    prefs.write_text(prefs.read_text().replace("S4,T4,1\n", ""))
    checked = run("check", other, out)
    assert checked.exit_code == 1
    assert "plan.yaml: the variant this plan.yaml records does not apply to this scenario" in (
        checked.output
    )
    assert "add --bare" in checked.output
    assert run("check", other, out, "--bare").exit_code == 0
