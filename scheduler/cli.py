"""The ``scheduler`` command: thin click commands over the library."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from scheduler import __version__
from scheduler.exceptions import ScenarioError, SchedulerError
from scheduler.jobs import JobResult, check_job, convert_job, solve_job, template_job
from scheduler.model import OBJECTIVES
from scheduler.report import validation_report

BAD_INPUT = 1
STOPPED = 130  # the shell's code for a program ended by Ctrl-C
MOST_PROBLEMS_SHOWN = 200


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scheduler")
def main() -> None:
    """Plan which assessment tasks each student does this term.

    A scenario is a folder of scenario.yaml and CSV files (tasks, students,
    teachers, preferences, pins), or one .xlsx workbook with the same tables as
    sheets; see the README for every column.
    """


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
def validate(scenario: Path) -> None:
    """Check a scenario (folder or workbook) before solving, and say whether it can work.

    Lists every problem with its file, row and column (exit code 1), or prints
    the scenario's size, the criteria coverage needed against what the menu can
    hold, and each teacher's marking minutes against what fits (exit code 0).

    \b
    Example:
        scheduler validate scenarios/year-group
    """
    with plain_errors():
        click.echo(validation_report(scenario), nl=False)


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for allocation.csv and plan.xlsx.",
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
) -> None:
    """Find the best term plan for a scenario, check it, and write it to --out.

    Writes OUT/allocation.csv (one row per student and task) and OUT/plan.xlsx,
    and prints a summary. Progress goes to stderr; Ctrl-C stops the search and
    keeps the best plan found. Exit codes: 0 plan found, 1 bad input, 3 no plan
    exists, 4 no plan found within the time limit.

    With --relax, the plan may break the rules a department can bend; it is
    written like any plan, every shortfall is listed, and the exit code is 0.

    \b
    Examples:
        scheduler solve scenarios/year-group --out plans/year-group --time-limit 30
        scheduler solve my-menu --relax --weight marking=2 --out plans/closest
    """
    with plain_errors():
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
            )
        )


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.argument("plan", type=click.Path(path_type=Path))
def check(scenario: Path, plan: Path) -> None:
    """Check a plan against its scenario and list every rule it breaks.

    PLAN is an allocation.csv, a plan.xlsx (perhaps edited by hand: the sheet a
    person changed, Students or Allocation, is the one read), or the folder
    holding them. Exit codes: 0 the plan keeps every rule, 1 bad input, 5 the
    plan breaks rules.

    \b
    Examples:
        scheduler check scenarios/year-group plans/year-group/allocation.csv
        scheduler check scenarios/year-group plans/year-group/plan.xlsx
    """
    with plain_errors():
        _finish(check_job(scenario, plan))


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
        _finish(convert_job(source, out, overwrite))


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
        _finish(template_job(out, overwrite))


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
        click.echo("Stopped (Ctrl-C); nothing was written.", err=True)
        sys.exit(STOPPED)


def _say_problems(error: ScenarioError) -> None:
    problems = error.problems
    count = len(error.errors)
    noun = "problem" if count == 1 else "problems"
    what = "plan" if all(_is_plan_file(p.file) for p in error.errors) else "scenario"
    click.echo(f"The {what} cannot be used: {count} {noun} to fix.", err=True)
    for problem in problems[:MOST_PROBLEMS_SHOWN]:
        click.echo(f"  - {problem}", err=True)
    if len(problems) > MOST_PROBLEMS_SHOWN:
        click.echo(f"  ... and {len(problems) - MOST_PROBLEMS_SHOWN} more.", err=True)


def _is_plan_file(file: str) -> bool:
    return file.startswith(("allocation", "plan.xlsx")) or file.endswith(
        ("sheet Allocation", "sheet Students")
    )
