"""The ``scheduler`` command: thin click commands over the library."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from scheduler import __version__
from scheduler.exceptions import ScenarioError, SchedulerError
from scheduler.report import validation_report

BAD_INPUT = 1
MOST_PROBLEMS_SHOWN = 200


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scheduler")
def main() -> None:
    """Plan which assessment tasks each student does this term.

    A scenario is a folder of scenario.yaml and CSV files (tasks, students,
    teachers, preferences, pins); see the README for every column.
    """


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
def validate(scenario: Path) -> None:
    """Check a scenario folder before solving, and say whether it can work.

    Lists every problem with its file, row and column (exit code 1), or prints
    the scenario's size, the criteria coverage needed against what the menu can
    hold, and each teacher's marking minutes against what fits (exit code 0).

    \b
    Example:
        scheduler validate scenarios/year-group
    """
    with plain_errors():
        click.echo(validation_report(scenario), nl=False)


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


def _say_problems(error: ScenarioError) -> None:
    problems = error.problems
    count = len(error.errors)
    noun = "problem" if count == 1 else "problems"
    click.echo(f"The scenario cannot be used: {count} {noun} to fix.", err=True)
    for problem in problems[:MOST_PROBLEMS_SHOWN]:
        click.echo(f"  - {problem}", err=True)
    if len(problems) > MOST_PROBLEMS_SHOWN:
        click.echo(f"  ... and {len(problems) - MOST_PROBLEMS_SHOWN} more.", err=True)
