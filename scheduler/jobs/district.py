"""What `scheduler district` and `scheduler whatif SCHOOL` do: several schools, or a school
and its variants, solved one school a task (on this machine or a Dask cluster), gathered in
one table."""

from __future__ import annotations

from pathlib import Path

from scheduler.exceptions import OutputTaken, Problem, ScenarioError, SchedulerError
from scheduler.explore.schools import (
    district,
    school_menu_run_count,
    school_menu_runs,
    school_whatif,
)
from scheduler.explore.whatif import sweep_values
from scheduler.export.compare import folder_names
from scheduler.export.menu import menu_workbook
from scheduler.export.school import free_school_out, write_school_plan
from scheduler.jobs import JobResult
from scheduler.jobs.exploring import ONE_AT_A_TIME, Explore, StartProgress, solving
from scheduler.jobs.reading import Tell, told
from scheduler.report.school import district_frame, school_verdict, whatif_frame
from scheduler.report.school_menu import school_menu_frames, school_menu_text
from scheduler.report.sweep import school_sweep_frame, sweep_chart
from scheduler.report.validation import table_text
from scheduler.scenario.files.write import write_atomically
from scheduler.scenario.school import School, is_school, load_school_with_warnings
from scheduler.scenario.school.variants import read_school_variant, school_option_variant
from scheduler.words import count

DISTRICT_TABLE = "district.csv"


def district_job(
    sources: list[str | Path],
    out: str | Path | None = None,
    *,
    how: Explore = ONE_AT_A_TIME,
    overwrite: bool = False,
    progress: StartProgress = None,
    tell: Tell = None,
) -> JobResult:
    """Validate every school first, solve each as one task, check each plan where it is
    made; print one table; with ``out``, write district.csv and each school's plan."""
    names = folder_names([Path(s).resolve().name for s in sources])
    schools, said = _schools(sources, names, tell)
    if out is not None:
        _free(schools, Path(out), overwrite)
    with solving(how, progress, len(schools)) as (runner, settings, update):
        outcomes = district(schools, settings, runner, update)
    frame = district_frame(outcomes)
    text = said + f"A district of {count(len(schools), 'school')}:\n\n" + table_text(frame) + "\n"
    if out is not None:
        out = Path(out)
        write_atomically(out / DISTRICT_TABLE, lambda path: frame.to_csv(path, index=False))
        for o in outcomes:
            if o.plan.found:
                write_school_plan(o.school, o.plan, out / o.name, overwrite)
        text += f"\nWritten: {out / DISTRICT_TABLE}, and each school's plan in {out}/SCHOOL/\n"
    return JobResult(text)


def _schools(sources, names: list[str], tell: Tell) -> tuple[dict[str, School], str]:
    """Every school, read and validated before anything is solved; their problems named
    with the school's folder."""
    if not sources:
        raise SchedulerError("give at least one school folder")
    schools, problems, warned = {}, [], []
    for name, source in zip(names, sources, strict=True):
        if not is_school(source):
            raise SchedulerError(f"{source} is not a school folder: it holds no school.yaml")
        try:
            school, warnings = load_school_with_warnings(source)
        except ScenarioError as error:
            problems += _named(error.problems, source)
            continue
        warned += _named(warnings, source)
        schools[name] = school
    if problems:
        raise ScenarioError(problems + warned)
    return schools, told(warned, tell)


def _named(problems: list[Problem], source) -> list[Problem]:
    where = Path(source).name
    return [Problem(f"{where}/{p.file}", p.row, p.column, p.message, p.warning) for p in problems]


def _free(schools: dict, out: Path, overwrite: bool, table: str = DISTRICT_TABLE) -> None:
    """Refuse, before any solve, an --out folder that holds a district's (or a what-if's)
    files."""
    if (out / table).exists() and not overwrite:
        raise OutputTaken(
            f"{out} already holds {table}; choose another --out folder, or add --overwrite",
            "--overwrite",
        )
    for name, school in schools.items():
        free_school_out(school, out / name, overwrite)


def school_whatif_job(
    source: str | Path,
    variant_files: tuple,
    edits: dict[str, tuple[str, ...]],
    out: str | Path | None = None,
    *,
    how: Explore = ONE_AT_A_TIME,
    overwrite: bool = False,
    progress: StartProgress = None,
    tell: Tell = None,
) -> JobResult:
    """Solve a school as it is and with each variant (school variant files, and
    ``--set school.KEY=V`` / ``--set SUBJECT:KEY=V``), one school a task; compare them."""
    variants = [read_school_variant(path) for path in variant_files]
    others = [
        f"--{name.replace('_', '-').rstrip('s')}"
        for name, v in edits.items()
        if v and name != "sets"
    ]
    if others:
        raise SchedulerError(
            f"{', '.join(others)}: for a school, change a subject with --set SUBJECT:KEY=VALUE "
            "or a school's variant file"
        )
    if edits.get("sets"):
        variants.append(school_option_variant(edits["sets"]))
    if not variants:
        raise SchedulerError("give at least one variant: a school's variant file, or --set ...")
    school, warnings = load_school_with_warnings(source)
    said = told(warnings, tell)
    names = folder_names(["baseline", *(v.name for v in variants)])
    if out is not None:
        _free({n: school for n in names}, Path(out), overwrite, WHATIF_TABLE)
    with solving(how, progress, 1 + len(variants)) as (runner, settings, update):
        outcomes = school_whatif(school, variants, settings, runner, update)
    frame = whatif_frame(outcomes)
    text = said + (
        f"{school.settings.name}: the school as it is and {count(len(variants), 'variant')}.\n\n"
        + table_text(frame)
        + "\n"
    )
    if out is not None:
        out = Path(out)
        write_atomically(out / WHATIF_TABLE, lambda path: frame.to_csv(path, index=False))
        for name, o in zip(names, outcomes, strict=True):
            if o.plan.found:
                write_school_plan(o.school, o.plan, out / name, overwrite)
        text += f"\nWritten: {out / WHATIF_TABLE}, and each plan in its own folder in {out}/\n"
    return JobResult(text)


WHATIF_TABLE = "whatif.csv"


def school_menu_job(
    source: str | Path,
    target: Path | None = None,
    *,
    extra: int = 10,
    only: list[str] | None = None,
    how: Explore = ONE_AT_A_TIME,
    progress: StartProgress = None,
    tell: Tell = None,
) -> JobResult:
    """The menu report of every subject's tasks (``only``: ``SUBJECT`` or
    ``SUBJECT:TASK``), each change solved with the whole school, one school a task; written
    to ``target`` (a menu.xlsx that menu_job has found free) when given."""
    school, warnings = load_school_with_warnings(source)
    said = told(warnings, tell)
    with solving(how, progress, school_menu_run_count(school, only)) as (runner, settings, update):
        runs = school_menu_runs(school, settings, runner, extra, update, only)
    text = said + school_menu_text(school, runs)
    if target is not None:
        book = menu_workbook(school_menu_frames(school, runs))
        write_atomically(target, book.save)
        text += f"\nWritten: {target}\n"
    return JobResult(text)


def school_sweep_job(
    source: str | Path,
    setting: str,
    csv: Path,
    png: Path,
    *,
    how: Explore = ONE_AT_A_TIME,
    progress: StartProgress = None,
    tell: Tell = None,
) -> JobResult:
    """Solve the school once per value of ``school.KEY=V1,...`` or ``SUBJECT:KEY=V1,...``,
    one school a task; a table of the school's figures, written to ``csv`` and ``png``."""
    key, values = sweep_values(setting, "school.max_deadlines_per_week=1,2,3")
    variants = [school_option_variant((f"{key}={v}",), name=v) for v in values]
    school, warnings = load_school_with_warnings(source)
    said = told(warnings, tell)
    with solving(how, progress, 1 + len(variants)) as (runner, settings, update):
        base, *outcomes = school_whatif(school, variants, settings, runner, update)
    frame = school_sweep_frame(key, outcomes)
    title = f"{school.settings.name}: {key}"
    write_atomically(csv, lambda p: frame.to_csv(p, index=False))
    write_atomically(png, lambda p: sweep_chart(frame, key, p, title))
    text = said + (
        f"{school.settings.name}: {key} swept over {count(len(values), 'value')}, the whole "
        f"school solved each time (as it is: {school_verdict(base.plan)}, worst rank "
        f"{base.plan.worst_rank}, total rank {base.plan.total_rank}). First choices and "
        "top-three plans are counted subject by subject.\n"
    )
    return JobResult(text + _indent(table_text(frame)) + f"\n\nWritten: {csv}, {png}\n")


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
