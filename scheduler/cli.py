"""The ``scheduler`` command: thin click commands over the library."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from scheduler import __version__
from scheduler.exceptions import (
    STOPPED,
    STOPPED_TEXT,
    ScenarioError,
    SchedulerError,
    problem_lines,
)
from scheduler.explore.runs import Settings
from scheduler.jobs import (
    JobResult,
    check_job,
    convert_job,
    export_job,
    reproduce_job,
    solve_job,
    template_job,
    validate_job,
    variants_from,
)
from scheduler.jobs.commands import Command
from scheduler.jobs.district import district_job
from scheduler.jobs.explore import compare_job, menu_job, sweep_job, whatif_files_job
from scheduler.jobs.exploring import Explore
from scheduler.model import OBJECTIVES
from scheduler.words import count

BAD_INPUT = 1
MOST_PROBLEMS_SHOWN = 200


class Scheduler(click.Group):
    """The command group; it keeps the words typed, for the commands suggested next."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[WORDS] = tuple(args)
        return super().parse_args(ctx, args)


WORDS = "scheduler.words"


def typed() -> Command:
    """The command as the user typed it (without ``scheduler``)."""
    return Command(click.get_current_context().meta.get(WORDS, ()))


def tell(text: str) -> None:
    """Show ``text`` on stderr at once (the summary on stdout repeats it)."""
    click.echo(text, err=True, nl=False)


@click.group(cls=Scheduler, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scheduler")
def main() -> None:
    """Plan which assessment tasks each student does this term.

    A scenario is a folder of scenario.yaml and CSV files (tasks, students,
    teachers, preferences, pins), or one .xlsx workbook with the same tables as
    sheets; see the README for every column.
    """


EDIT_OPTIONS = [
    click.option("--drop", multiple=True, metavar="TASK", help="Drop a task from the menu."),
    click.option(
        "--set",
        "sets",
        multiple=True,
        metavar="KEY=VALUE",
        help="Change a value: task.ID.COLUMN, teacher.ID.COLUMN, criterion.ID.KEY, policy.KEY "
        "or no_deadline_weeks, e.g. --set task.S02.capacity=90; quote a list, which holds ; "
        "(--set 'teacher.OKA.unavailable_weeks=6;7').",
    ),
    click.option(
        "--add-task",
        "add",
        multiple=True,
        metavar="NEW=LIKE",
        help="Add task NEW as a copy of task LIKE (students rank it as they ranked LIKE).",
    ),
    click.option(
        "--pin",
        "pins",
        multiple=True,
        metavar="STUDENT:TASK:RULE",
        help="Add a pin (must or never).",
    ),
    click.option("--unpin", "unpins", multiple=True, metavar="STUDENT:TASK", help="Remove a pin."),
    click.option(
        "--drop-student",
        "drop_students",
        multiple=True,
        metavar="STUDENT",
        help="Leave a student out.",
    ),
]
EDIT_NAMES = ("drop", "sets", "add", "pins", "unpins", "drop_students")


def edit_options(command):
    """The options that edit a scenario, as a variant file does."""
    for option in reversed(EDIT_OPTIONS):
        command = option(command)
    return command


def edits_of(options: dict) -> dict:
    """The edit options, taken out of a command's keyword arguments."""
    return {name: options.pop(name) for name in EDIT_NAMES}


def explore_options(command):
    """Options shared by the commands that run many solves."""
    for option in reversed(
        [
            click.option(
                "--time-limit",
                default=30.0,
                show_default=True,
                type=click.FloatRange(min=0.1),
                help="Seconds for each solve.",
            ),
            click.option(
                "--workers",
                default=0,
                show_default=True,
                type=click.IntRange(min=0),
                help="Search threads per solve; 0 shares out every core.",
            ),
            click.option(
                "--seed",
                default=0,
                show_default=True,
                type=click.IntRange(min=0),
                help="Random seed of each search.",
            ),
            click.option(
                "--objective",
                default="fair",
                show_default=True,
                type=click.Choice(OBJECTIVES),
                help="fair or total, as for solve.",
            ),
            click.option(
                "--jobs",
                default=0,
                show_default=True,
                type=click.IntRange(min=0),
                help="Solves at once, in worker processes; 0: one per core.",
            ),
            click.option(
                "--scheduler-address",
                "address",
                metavar="tcp://HOST:PORT",
                help="Run the solves on a Dask cluster instead (pip install 'scheduler[distributed]').",
            ),
            click.option("--quiet", is_flag=True, help="No progress bar."),
        ]
    ):
        command = option(command)
    return command


def run_settings(options: dict) -> dict:
    """The explore options as the jobs take them (taken out of ``options``)."""
    settings = Settings(*(options.pop(k) for k in ("time_limit", "workers", "seed", "objective")))
    return {"how": Explore(settings, options.pop("jobs"), options.pop("address"))}


@contextmanager
def progress_bar(show: bool) -> Iterator:
    """A function that, given the number of solves, starts a bar on stderr and returns its
    update; None when not shown."""
    bars = []

    def start(total: int):
        bar = click.progressbar(length=total, label="Solving", file=sys.stderr, show_pos=True)
        bars.append(bar.__enter__())
        return bar.update

    try:
        yield start if show else None
    finally:
        for bar in bars:
            bar.__exit__(None, None, None)


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
def validate(scenario: Path) -> None:
    """Check a scenario (folder or workbook), or a school folder, before solving, and say
    whether it can work.

    Lists every problem with its file, row and column (exit code 1), or prints
    the scenario's size, the criteria coverage needed against what the menu can
    hold, and each teacher's marking minutes against what fits (exit code 0).
    When those bounds alone prove that no plan can exist, it says why first
    (exit code 3).

    \b
    Examples:
        scheduler validate scenarios/year-group
        scheduler validate scenarios/school
    """
    with plain_errors():
        _finish(validate_job(scenario))


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path), required=False)
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for allocation.csv, plan.xlsx and plan.yaml.",
)
@click.option(
    "--time-limit",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds to search.",
)
@click.option(
    "--workers",
    default=0,
    show_default=True,
    type=click.IntRange(min=0),
    help="Search threads; 0 uses every core.",
)
@click.option(
    "--seed",
    default=0,
    show_default=True,
    type=click.IntRange(min=0),
    help="Random seed of the search.",
)
@click.option(
    "--objective",
    default="fair",
    show_default=True,
    type=click.Choice(OBJECTIVES),
    help="fair: best worst-off student first; total: best total only.",
)
@click.option("--quiet", is_flag=True, help="Do not show the search's progress.")
@click.option("--overwrite", is_flag=True, help="Replace a plan already in --out.")
@click.option(
    "--relax",
    is_flag=True,
    help="When no plan keeps every rule, find the closest one: criteria minimums and "
    "maximums, teachers' marking minutes, deadlines per week, task capacities and minimum "
    "sizes may be broken, each unit of shortfall at a cost (see --weight).",
)
@click.option(
    "--weight",
    "weights",
    multiple=True,
    metavar="RULE=N",
    help="With --relax, what one unit of shortfall costs: coverage (an assessment, default "
    "60), marking (a minute, 1), deadlines (a deadline, 30), capacity (a student, 30), "
    "min_students (a student, 30). Repeat for several.",
)
@click.option(
    "--variant",
    "variant_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Apply a variant file (YAML) to the scenario first. Repeat for several.",
)
@edit_options
@click.option(
    "--keep",
    type=click.Path(path_type=Path),
    metavar="PLAN",
    help="Re-solve after a change, changing as few of PLAN's assignments as possible "
    "(first the fewest changes, then the best objective); every change is listed.",
)
@click.option(
    "--max-changes",
    type=click.IntRange(min=0),
    help="With --keep: at most this many changes, then the best objective.",
)
@click.option(
    "--reproduce",
    type=click.Path(path_type=Path),
    metavar="PLAN",
    help="Solve again with the settings PLAN's plan.yaml recorded (SCENARIO, if given, "
    "replaces the recorded path), and say whether the scenario and the plan changed.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace a plan in --out even if its files were edited after they were written.",
)
def solve(
    scenario: Path,
    out: Path,
    time_limit,
    workers,
    seed,
    objective,
    quiet,
    overwrite,
    relax,
    weights,
    variant_files,
    keep,
    max_changes,
    reproduce,
    force,
    **edits,
) -> None:
    """Find the best term plan for a scenario, check it, and write it to --out.

    Writes OUT/allocation.csv (one row per student and task) and OUT/plan.xlsx,
    and prints a summary. Progress goes to stderr; Ctrl-C stops the search and
    keeps the best plan found. Exit codes: 0 plan found, 1 bad input, 3 no plan
    exists, 4 no plan found within the time limit.

    With --relax, the plan may break the rules a department can bend; it is
    written like any plan, every shortfall is listed, and the exit code is 0.

    --variant, --drop, --set, --add-task, --pin, --unpin and --drop-student
    change the scenario for this solve without changing its files. With --keep
    PLAN, the new plan changes as few of PLAN's assignments as it can.

    SCENARIO may be a school folder (holding school.yaml): every subject is
    planned together, and OUT gets the school's allocation.csv, school.xlsx and
    each subject's plan in a folder of its own.

    \b
    Examples (the last two start from the plan the first writes):
        scheduler solve scenarios/year-group --out plans/year-group --time-limit 30
        scheduler solve scenarios/year-group --set teacher.HAD.weekly_marking_minutes=100 --out plans/closest  # exit 3
        scheduler solve scenarios/year-group --set teacher.HAD.weekly_marking_minutes=100 --relax --weight marking=2 --out plans/closest --time-limit 10
        scheduler solve scenarios/year-group --drop S04 --out plans/no-poster
        scheduler solve scenarios/year-group --drop-student 9A01 --keep plans/year-group --out plans/after
        scheduler solve --reproduce plans/year-group --out plans/again
        scheduler solve scenarios/school --out plans/school --time-limit 20
    """
    if reproduce is None and scenario is None:
        raise click.UsageError("give a SCENARIO, or --reproduce PLAN")
    with plain_errors():
        if reproduce is not None:
            _finish(
                reproduce_job(
                    reproduce,
                    out,
                    scenario,
                    progress=not quiet,
                    overwrite=overwrite,
                    force=force,
                    tell=tell,
                )
            )
        variants = tuple(variants_from(variant_files, edits_of(edits)))
        _finish(
            solve_job(
                scenario,
                out,
                time_limit=time_limit,
                workers=workers,
                seed=seed,
                objective=objective,
                progress=not quiet,
                overwrite=overwrite,
                relax=relax,
                weights=weights,
                variants=variants,
                keep=keep,
                max_changes=max_changes,
                force=force,
                command=typed(),
                tell=tell,
            )
        )


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.argument("plan", type=click.Path(path_type=Path))
@click.option(
    "--variant",
    "variant_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Check against the scenario with this variant applied (a variant file, or the "
    "plan.yaml of a variant's plan). Repeat for several.",
)
@click.option(
    "--bare",
    is_flag=True,
    help="Check against the scenario alone, not the variant the plan's plan.yaml records.",
)
@edit_options
def check(scenario: Path, plan: Path, variant_files, bare, **edits) -> None:
    """Check a plan against its scenario and list every rule it breaks.

    PLAN is an allocation.csv, a plan.xlsx (perhaps edited by hand: the sheet a
    person changed, Students or Allocation, is the one read), or the folder
    holding them. Exit codes: 0 the plan keeps every rule, 1 bad input, 5 the
    plan breaks rules. SCENARIO may be a school folder, and PLAN the school
    plan's folder or allocation.csv: every subject's plan and the rules across
    subjects are checked.

    \b
    A plan made from a variant (whatif, or solve with --set and the like) is
    checked against that variant, which its plan.yaml records; --bare checks it
    against the scenario alone.

    \b
    Examples (on the plan of the year group):
        scheduler check scenarios/year-group plans/year-group/allocation.csv
        scheduler check scenarios/year-group plans/year-group/plan.xlsx
        scheduler check scenarios/year-group plans/year-group --set task.S02.capacity=20  # exit 5
    """
    with plain_errors():
        variants = tuple(variants_from(variant_files, edits_of(edits)))
        _finish(check_job(scenario, plan, variants, bare=bare, tell=tell))


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.argument("variant_files", nargs=-1, type=click.Path(path_type=Path), metavar="[VARIANT]...")
@edit_options
@explore_options
@click.option(
    "--out", type=click.Path(path_type=Path), help="Folder for whatif.xlsx and each plan."
)
@click.option("--overwrite", is_flag=True, help="Replace files already in --out.")
def whatif(scenario: Path, variant_files, out, overwrite, quiet, **options) -> None:
    """Solve a scenario and each variant, and compare them side by side.

    Each VARIANT is a YAML file of changes (see the README); the edit options
    make one more variant. SCENARIO may be a school folder: its variants are a
    school's variant files and --set school.KEY=V or --set SUBJECT:KEY=V. The table gives each plan's status, worst and total
    rank, first choices, worst-off student, mean rank, each teacher's busiest
    week, how many students' tasks change from the baseline, and for a variant
    with no plan why. With --out, writes whatif.xlsx and each plan's folder.

    \b
    Examples (the variant files are bundled):
        scheduler whatif scenarios/year-group scenarios/year-group-variants/no-poster.yaml scenarios/year-group-variants/second-lab.yaml --time-limit 10
        scheduler whatif scenarios/year-group --set teacher.OKA.weekly_marking_minutes=660 --out whatif --time-limit 10
    """
    with plain_errors(), progress_bar(not quiet) as bar:
        _finish(
            whatif_files_job(
                scenario,
                variant_files,
                edits_of(options),
                out,
                overwrite=overwrite,
                progress=bar,
                command=typed(),
                tell=tell,
                **run_settings(options),
            )
        )


@main.command()
@click.argument("schools", nargs=-1, required=True, type=click.Path(path_type=Path))
@explore_options
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Folder for district.csv and each school's plan (in a folder of its own).",
)
@click.option("--overwrite", is_flag=True, help="Replace files already in --out.")
def district(schools, out, overwrite, quiet, **options) -> None:
    """Solve several schools (a district), one school a task, and gather them in one table.

    Each SCHOOL is a school folder (holding school.yaml). Every school is read
    and validated first (a problem in any: exit 1, naming the school's folder,
    file, row and column); then each is solved as one task, in worker
    processes or, with --scheduler-address, on a Dask cluster, and its plan
    checked where it was made. The table gives each school's size, status,
    worst and total rank, search time and the most deadlines a student has in
    a week. With --out, writes district.csv and each school's plan files.

    \b
    Example:
        scheduler district scenarios/school --out plans/district --time-limit 10
    """
    with plain_errors(), progress_bar(not quiet) as bar:
        _finish(
            district_job(
                list(schools),
                out,
                overwrite=overwrite,
                progress=bar,
                tell=tell,
                **run_settings(options),
            )
        )


@main.command()
@click.argument("plan_a", type=click.Path(path_type=Path))
@click.argument("plan_b", type=click.Path(path_type=Path))
@click.option(
    "--scenario",
    type=click.Path(path_type=Path),
    help="The scenario of both plans, for plans without a plan.yaml saying which it is.",
)
def compare(plan_a: Path, plan_b: Path, scenario: Path | None) -> None:
    """Compare two plans: their figures, and every student whose tasks differ.

    PLAN_A and PLAN_B are plan folders (or their allocation.csv or plan.xlsx),
    of one scenario or of two variants: the plan.yaml that solve and whatif
    write beside each plan says which. Two school plans are compared with
    --scenario SCHOOL.

    \b
    Examples (after the first solve; plans/year-group is the year group's plan):
        scheduler solve scenarios/year-group --drop S04 --out plans/no-poster --quiet
        scheduler compare plans/year-group plans/no-poster
        scheduler compare plans/year-group/allocation.csv plans/no-poster/allocation.csv --scenario scenarios/year-group
    """
    with plain_errors():
        _finish(compare_job(plan_a, plan_b, scenario, tell=tell))


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option(
    "--more-places",
    "extra",
    default=10,
    show_default=True,
    type=click.IntRange(min=1),
    help="Extra places to try on each task that has a capacity.",
)
@click.option(
    "--tasks",
    "only",
    metavar="T1,T2,...",
    help="Look only at these tasks (fewer solves); default every task.",
)
@explore_options
@click.option("--out", type=click.Path(path_type=Path), help="Folder for menu.xlsx.")
@click.option("--overwrite", is_flag=True, help="Replace menu.xlsx in --out.")
def menu(scenario: Path, extra, only, out, overwrite, quiet, **options) -> None:
    """What each task on the menu is worth to the plan.

    Solves the scenario, then the menu without each task and with more places
    on each task that has a capacity (in parallel, each from the first plan),
    and reports what dropping a task loses and what more places gain, tasks
    nobody gets, tasks that are full and wanted, and tight criteria. For a
    school folder, every subject's tasks, each change solved with the whole
    school; --tasks then takes SUBJECT or SUBJECT:TASK.

    \b
    Examples:
        scheduler menu scenarios/single-class --jobs 2
        scheduler menu scenarios/year-group --tasks S08 --more-places 20 --out menu-report --time-limit 20
    """
    with plain_errors(), progress_bar(not quiet) as bar:
        _finish(
            menu_job(
                scenario,
                out,
                extra=extra,
                only=[t.strip() for t in only.split(",") if t.strip()] if only else None,
                overwrite=overwrite,
                progress=bar,
                command=typed(),
                tell=tell,
                **run_settings(options),
            )
        )


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option(
    "--set",
    "setting",
    required=True,
    metavar="KEY=V1,V2,...",
    help="The value to sweep and its values, e.g. policy.max_deadlines_per_week=1,2,3.",
)
@explore_options
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for sweep.csv and sweep.png.",
)
@click.option("--overwrite", is_flag=True, help="Replace sweep.csv and sweep.png in --out.")
def sweep(scenario: Path, setting, out, overwrite, quiet, **options) -> None:
    """Solve once for each value of one setting; a table and a chart.

    KEY is as for --set elsewhere: task.ID.COLUMN, teacher.ID.COLUMN,
    criterion.ID.KEY, policy.KEY or no_deadline_weeks. Writes OUT/sweep.csv
    and OUT/sweep.png (the objective and the students' figures against the
    value). For a school folder, KEY is school.KEY or SUBJECT:KEY.

    \b
    Examples:
        scheduler sweep scenarios/year-group --set teacher.OKA.weekly_marking_minutes=300,420,540,660 --out sweep-oka --time-limit 10
        scheduler sweep scenarios/single-class --set policy.max_deadlines_per_week=1,2 --out sweep-deadlines
    """
    with plain_errors(), progress_bar(not quiet) as bar:
        _finish(
            sweep_job(
                scenario,
                setting,
                out,
                overwrite=overwrite,
                progress=bar,
                command=typed(),
                tell=tell,
                **run_settings(options),
            )
        )


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.argument("plan", type=click.Path(path_type=Path))
@click.option(
    "--out", required=True, type=click.Path(path_type=Path), help="Folder for the plan files."
)
@click.option(
    "--pseudonymise",
    is_flag=True,
    help="Replace students' ids and names with stable pseudonyms, for sharing outside the school.",
)
@click.option(
    "--key",
    envvar="SCHEDULER_PSEUDONYM_KEY",
    help="The secret phrase pseudonyms are made from (or SCHEDULER_PSEUDONYM_KEY); the same "
    "phrase gives the same pseudonyms. Keep it in the school.",
)
@click.option(
    "--variant",
    "variant_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="The plan is of this variant (a variant file, or the plan's plan.yaml).",
)
@click.option("--overwrite", is_flag=True, help="Replace plan files already in --out.")
@click.option("--force", is_flag=True, help="With --overwrite, replace them even if edited.")
def export(
    scenario: Path, plan: Path, out: Path, pseudonymise, key, variant_files, overwrite, force
) -> None:
    """Write a plan's allocation.csv and plan.xlsx again, from its allocation.

    PLAN is a plan folder, allocation.csv or plan.xlsx, perhaps edited by hand:
    the workbook is made again from it. With --pseudonymise, every student's
    id and name is replaced by a pseudonym made from --key, the same each time.
    For a school folder, PLAN is a school plan's folder or allocation.csv.

    \b
    Examples (on the plan of the year group):
        scheduler export scenarios/year-group plans/year-group --out plans/shared --pseudonymise --key "our secret phrase"
        scheduler export scenarios/year-group plans/year-group/allocation.csv --out plans/rebuilt
    """
    if pseudonymise and not key:
        raise click.UsageError("--pseudonymise needs --key (or SCHEDULER_PSEUDONYM_KEY)")
    with plain_errors():
        variants = tuple(variants_from(variant_files, {}))
        _finish(
            export_job(
                scenario,
                plan,
                out,
                key=key if pseudonymise else None,
                variants=variants,
                overwrite=overwrite,
                force=force,
                command=typed(),
                tell=tell,
            )
        )


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--overwrite", is_flag=True, help="Replace OUT if it exists.")
def convert(source: Path, out: Path, overwrite: bool) -> None:
    """Convert a scenario between a folder and a workbook, either way.

    SOURCE is a scenario folder or .xlsx workbook; OUT ending in .xlsx is
    written as a workbook, anything else as a folder of scenario.yaml and CSV
    files. The scenario is validated first; nothing scheduler reads is lost.

    \b
    Examples:
        scheduler convert scenarios/year-group year-group.xlsx
        scheduler convert year-group.xlsx scenarios/year-group-edited
    """
    with plain_errors():
        _finish(convert_job(source, out, overwrite, command=typed()))


@main.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--overwrite", is_flag=True, help="Replace OUT if it exists.")
def template(out: Path, overwrite: bool) -> None:
    """Write a ready-to-fill scenario workbook.

    It has an instructions sheet, one sheet per part of the scenario with an
    example row, drop-down lists (yes/no, must/never, criteria, teachers,
    tasks) and whole-number checks where numbers go.

    \b
    Example:
        scheduler template year9-term1.xlsx
    """
    with plain_errors():
        _finish(template_job(out, overwrite, command=typed()))


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path), required=False)
@click.option(
    "--port", default=0, type=click.IntRange(0, 65535), help="Port (default: a free one)."
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but this computer's own is warned about.",
)
@click.option("--no-browser", is_flag=True, help="Do not open the browser; only print the address.")
@click.option(
    "--workers",
    default=0,
    type=click.IntRange(min=0),
    help="CP-SAT workers a solve (0: every core).",
)
def serve(scenario: Path | None, port: int, host: str, no_browser: bool, workers: int) -> None:
    """Open the local page: plan a term in the browser, without the command line.

    SCENARIO (a scenario folder, workbook or school folder) is opened first.
    The page is served on this computer only, at an address holding a secret
    key; Ctrl-C stops it.

    \b
    Example:
        scheduler serve scenarios/year-group
    """
    from scheduler.web.serve import serve as serve_page

    with plain_errors():
        serve_page(scenario, port, host, not no_browser, workers, click.echo)


def _finish(result: JobResult) -> None:
    click.echo(result.text, nl=False)
    sys.exit(result.exit_code)


@contextmanager
def plain_errors() -> Iterator[None]:
    """Turn library errors into a plain message on stderr and the matching exit code."""
    try:
        yield
    except ScenarioError as error:
        _say_problems(error)
        sys.exit(BAD_INPUT)
    except SchedulerError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(BAD_INPUT)
    except OSError as error:
        click.echo(f"Error: cannot read {error.filename}: {error.strerror}", err=True)
        sys.exit(BAD_INPUT)
    except KeyboardInterrupt:
        click.echo(STOPPED_TEXT, err=True)
        sys.exit(STOPPED)


def _say_problems(error: ScenarioError) -> None:
    """The problems to fix, counted and listed, then any warnings apart."""
    what = "plan" if all(_is_plan_file(p.file) for p in error.errors) else "scenario"
    said = len(problem_lines(error.errors))
    rows = f" (on {len(error.errors)} rows)" if said < len(error.errors) else ""
    click.echo(f"The {what} cannot be used: {count(said, 'problem')} to fix{rows}.", err=True)
    _listed(error.errors)
    warnings = [p for p in error.problems if p.warning]
    if warnings:
        click.echo(f"And {count(len(warnings), 'warning')}:", err=True)
        _listed(warnings)


def _listed(problems: list) -> None:
    lines = problem_lines(problems)
    for line in lines[:MOST_PROBLEMS_SHOWN]:
        click.echo(f"  - {line}", err=True)
    if len(lines) > MOST_PROBLEMS_SHOWN:
        click.echo(f"  ... and {len(lines) - MOST_PROBLEMS_SHOWN} more.", err=True)


def _is_plan_file(file: str) -> bool:
    return Path(file).name.startswith(("allocation", "plan.xlsx")) or file.endswith(
        ("sheet Allocation", "sheet Students")
    )
