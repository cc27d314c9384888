"""Reading what a job works on: the scenario (with its variants and the warnings found while
reading it), and the variant a plan's plan.yaml records."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from scheduler.exceptions import Problem, ScenarioError, SchedulerError
from scheduler.jobs.commands import check_command
from scheduler.plan.files import plan_file
from scheduler.plan.record import RECORD, read_record
from scheduler.plan.workbook import is_plan_workbook
from scheduler.scenario import Scenario, load_with_warnings
from scheduler.scenario.files.workbook import is_workbook
from scheduler.scenario.school import is_school
from scheduler.scenario.variants.edit import apply_variant
from scheduler.scenario.variants.variant import Variant


def loaded_scenario(
    folder: str | Path, variants: tuple[Variant, ...]
) -> tuple[Scenario, Variant | None, list[Problem]]:
    """The scenario with every variant applied, in order; the variants as one; and the
    warnings found while reading the scenario."""
    scenario, warnings = read_scenario(folder)
    if not variants:
        return scenario, None, warnings
    joined = Variant(
        " + ".join(v.name for v in variants), tuple(e for v in variants for e in v.edits)
    )
    for variant in variants:
        scenario = apply_variant(scenario, variant)
    return scenario, joined, warnings


def read_scenario(source: str | Path) -> tuple[Scenario, list[Problem]]:
    """``load_with_warnings``; a workbook it cannot read as a scenario is looked at again,
    and a plan workbook given where a scenario belongs is named as one (``not_a_plan``). A
    school folder is refused: the commands that take one go to scheduler.jobs.school first."""
    if is_school(source):
        raise SchedulerError(
            f"{source} is a school folder (it holds school.yaml); this command works on one "
            "subject's scenario: give SCHOOL/SUBJECT. validate, solve, check, whatif and district take a whole school"
        )
    try:
        return load_with_warnings(source)
    except ScenarioError:
        not_a_plan(source)
        raise


def not_a_plan(source: str | Path) -> None:
    """Refuse a plan workbook, or a plan's folder, given where a scenario belongs, with the
    command to check it."""
    path = Path(source)
    if is_workbook(path) and path.is_file() and is_plan_workbook(path):
        what, folder = "a plan workbook (a plan.xlsx, with an Allocation sheet)", path.parent
    elif _is_plan_folder(path):
        what, folder = "a plan's folder (it holds allocation.csv)", path
    else:
        return
    record = _record(folder)
    scenario = record.scenario if record else "SCENARIO"
    raise SchedulerError(
        f"{path} is {what}, not a scenario. "
        f"To check the plan against its scenario:\n  {check_command(scenario, path).plus()}"
    )


def _is_plan_folder(path: Path) -> bool:
    """A folder with a plan's allocation.csv and no scenario.yaml."""
    return (path / "allocation.csv").is_file() and not (path / "scenario.yaml").exists()


def scenario_for_plan(
    scenario_folder: str | Path,
    plan_path: str | Path,
    variants: tuple[Variant, ...] = (),
    bare: bool = False,
) -> tuple[Scenario, list[Problem], str]:
    """The scenario a plan is read against, with the variants given, or else the one its
    plan.yaml records (unless ``bare``); its reading warnings; and a line saying what was
    taken from the record."""
    variants, said = plan_variants(plan_path, variants, bare)
    try:
        scenario, _, warnings = loaded_scenario(scenario_folder, variants)
    except ScenarioError as error:
        if not said:
            raise
        text = (
            "the variant this plan.yaml records does not apply to this scenario: give the "
            "scenario the plan was made from, or add --bare to read the plan against this "
            "scenario alone"
        )
        raise ScenarioError([*error.problems, Problem(RECORD, None, None, text)]) from None
    return scenario, warnings, said


def plan_variants(
    plan_path: str | Path, variants: tuple[Variant, ...], bare: bool = False
) -> tuple[tuple[Variant, ...], str]:
    """The variants a plan is read with: those given, or else the one its plan.yaml records
    (unless ``bare``); and a line saying which was applied from the record."""
    if variants or bare:
        return variants, ""
    folder = plan_file(plan_path).parent
    try:
        record = read_record(folder)
    except ScenarioError as error:
        return (), (
            f"{folder / RECORD} cannot be read ({error.problems[0].message}), so the plan is "
            "read against the scenario as given.\n"
        )
    variant = record.the_variant() if record else None
    if variant is None:
        return (), ""
    line = (
        f"The plan was made from a variant, as {folder / RECORD} records ({variant.name}: "
        f"{variant.describe()}); it is read with that variant applied (--bare: without it).\n"
    )
    return (variant,), line


def _record(folder: Path):
    """The plan.yaml in ``folder``, or None when there is none or it cannot be read."""
    try:
        return read_record(folder)
    except ScenarioError:
        return None


def warnings_text(warnings: list[Problem]) -> str:
    """The warnings found while reading a scenario, a line each."""
    return "".join(f"Read with a warning: {plain(w)}\n" for w in warnings)


def plain(warning: Problem) -> str:
    """A warning as a sentence, without its ``warning:`` label."""
    return str(replace(warning, warning=False))


Tell = Callable[[str], None] | None  # given text to show at once (on stderr, for the CLI)


def told(warnings: list[Problem], tell: Tell) -> str:
    """The reading warnings as text, shown at once through ``tell`` too."""
    text = warnings_text(warnings)
    if text and tell is not None:
        tell(text)
    return text


PLAN_FILES = ("allocation.csv", "plan.xlsx", "plan.yaml")


@contextmanager
def plan_named(path: str | Path) -> Iterator[None]:
    """Problems in a plan's own files said with its folder (two plans compared both hold an
    allocation.csv); problems in the scenario's files as they are."""
    try:
        yield
    except ScenarioError as error:
        folder = Path(path) if Path(path).is_dir() else Path(path).parent
        problems = [
            replace(p, file=str(folder / p.file)) if p.file.startswith(PLAN_FILES) else p
            for p in error.problems
        ]
        raise ScenarioError(problems) from None
