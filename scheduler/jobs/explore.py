"""The what-if commands as library calls: whatif, compare, menu and sweep."""

from __future__ import annotations

from pathlib import Path

from scheduler.check import check
from scheduler.exceptions import OutputTaken, SchedulerError
from scheduler.explore.runs import Settings
from scheduler.explore.whatif import BASELINE, menu_run_count, menu_runs, sweep_variants, whatif
from scheduler.export.compare import folder_names, free_comparison, write_comparison
from scheduler.export.menu import menu_workbook
from scheduler.export.school import SCHOOL_BOOK
from scheduler.jobs import JobResult, variants_from
from scheduler.jobs.commands import Command, check_command, with_option
from scheduler.jobs.district import school_menu_job, school_sweep_job, school_whatif_job
from scheduler.jobs.exploring import ONE_AT_A_TIME, Explore, StartProgress, solving
from scheduler.jobs.reading import Tell, loaded_scenario, plain, plan_named, told
from scheduler.jobs.school import compare_school_job
from scheduler.plan import Status, plan_of
from scheduler.plan.files import plan_file, read_plan
from scheduler.plan.record import PlanRecord, read_record
from scheduler.report.compare import Outcome, changes_frame, compare_text
from scheduler.report.menu import group_savings, menu_text, task_frame, tight_criteria
from scheduler.report.plan import verdict
from scheduler.report.sweep import sweep_chart, sweep_frame
from scheduler.report.validation import table_text
from scheduler.scenario.files.write import write_atomically
from scheduler.scenario.school import is_school
from scheduler.scenario.variants.variant import Variant
from scheduler.words import count


def whatif_files_job(
    scenario_folder: str | Path,
    variant_files: tuple,
    edits: dict[str, tuple[str, ...]],
    out: str | Path | None = None,
    **options,
) -> JobResult:
    """``whatif_job`` with its variants read from ``variant_files`` and the edit options;
    for a school folder, the school's what-if (scheduler.jobs.district)."""
    if is_school(scenario_folder):
        options.pop("command", None)
        return school_whatif_job(scenario_folder, variant_files, edits, out, **options)
    return whatif_job(scenario_folder, variants_from(variant_files, edits), out, **options)


def whatif_job(
    scenario_folder: str | Path,
    variants: list[Variant],
    out: str | Path | None = None,
    *,
    how: Explore = ONE_AT_A_TIME,
    overwrite: bool = False,
    progress: StartProgress = None,
    command: Command | None = None,
    tell: Tell = None,
) -> JobResult:
    """Solve the scenario and each variant; print the comparison; write it and each plan."""
    if not variants:
        raise SchedulerError("give at least one variant: a variant file, or --drop, --set ...")
    folders = folder_names([BASELINE, *(v.name for v in variants)])
    if out is not None:
        command = command or Command(("whatif", str(scenario_folder), "--out", str(out)))
        with_option(command, free_comparison, Path(out), folders, WHATIF_BOOK, overwrite)
    scenario, _, warnings = loaded_scenario(scenario_folder, ())
    said = told(warnings, tell)
    with solving(how, progress, 1 + len(variants)) as (runner, settings, update):
        outcomes = whatif(scenario, variants, settings, runner, update)
    text = (
        said + f"{scenario.settings.name}: the baseline and {count(len(variants), 'variant')}.\n\n"
    )
    text += compare_text(outcomes)
    if out is not None:
        records = [
            _record(scenario_folder, v, o, settings, warnings)
            for v, o in zip([None, *variants], outcomes, strict=True)
        ]
        written = write_comparison(outcomes, Path(out), records, overwrite)
        text += f"\nWritten: {written[0]}, and each plan in its own folder:\n"
        text += "".join(
            f"  {o.name}: {_folder(Path(out) / f, o)}\n"
            for f, o in zip(folders, outcomes, strict=True)
        )
    return JobResult(text)


WHATIF_BOOK = "whatif.xlsx"


def _folder(folder: Path, outcome: Outcome) -> str:
    return str(folder) if outcome.plan.found else f"no plan, so no folder ({verdict(outcome.plan)})"


def _scenario(folder: str | Path, tell: Tell) -> tuple:
    """The scenario as it is, and its reading warnings (shown at once through ``tell``)."""
    scenario, _, warnings = loaded_scenario(folder, ())
    return scenario, told(warnings, tell)


def _record(
    folder, variant: Variant | None, outcome: Outcome, settings: Settings, warnings: list
) -> PlanRecord:
    """The plan.yaml of one of whatif's plans, with the scenario's reading warnings."""
    return PlanRecord.of(
        folder,
        variant,
        objective=settings.objective,
        time_limit=settings.time_limit,
        seed=settings.seed,
        workers=settings.workers,
        warnings=[plain(w) for w in warnings] or None,
    ).with_outcome(outcome.plan)


def compare_job(
    plan_a: str | Path, plan_b: str | Path, scenario: str | Path | None = None, tell: Tell = None
) -> JobResult:
    """Two plans side by side, and every student whose tasks or due weeks differ. With a
    school folder as ``scenario``, two school plans (scheduler.jobs.school)."""
    if scenario is not None and is_school(scenario):
        return JobResult(*compare_school_job(plan_a, plan_b, scenario, tell))
    schools = [str(p) for p in (plan_a, plan_b) if (Path(p) / SCHOOL_BOOK).exists()]
    if scenario is None and schools:
        raise SchedulerError(_school_plans_words(schools, plan_a, plan_b))
    (first, warned_a, check_a), (second, warned_b, check_b) = (
        _plan_outcome(p, scenario, label) for p, label in ((plan_a, "A"), (plan_b, "B"))
    )
    said = told(list(dict.fromkeys(warned_a + warned_b)), tell)  # one scenario: said once
    frame = changes_frame(second.scenario, first.plan, second.plan)
    text = said + compare_text([first, second], "plan")
    text += "".join(
        f"{o.name}: {check_line(o, c)}\n" for o, c in ((first, check_a), (second, check_b))
    )
    text += f"\n{count(len(frame), 'student')} with different tasks or due weeks"
    text += (
        ":\n" + _indent(table_text(frame.drop(columns=["tasks before", "tasks after"]))) + "\n"
        if len(frame)
        else ".\n"
    )
    return JobResult(text)


def _plan_outcome(
    path: str | Path, scenario: str | Path | None, label: str
) -> tuple[Outcome, list, Command]:
    """A plan on disk, with the scenario (and variant) it was made for, the warnings of
    reading that scenario, and the command that checks it; a problem in the plan's files
    is said with its folder."""
    with plan_named(path):
        return _plan_read(path, scenario, label)


def _school_plans_words(schools: list[str], plan_a, plan_b) -> str:
    """Why two plans, one or both a school's, cannot be compared without the school."""
    if len(schools) == 2:
        return "these are school plans: give the school with --scenario SCHOOL"
    other = plan_b if schools[0] == str(plan_a) else plan_a
    return (
        f"{schools[0]} is a school plan and {other} is not: compare two plans of one "
        "scenario, or two school plans with --scenario SCHOOL"
    )


def _plan_read(
    path: str | Path, scenario: str | Path | None, label: str
) -> tuple[Outcome, list, Command]:
    """_plan_outcome's reading."""
    folder = plan_file(path).parent
    record = read_record(folder)
    if scenario is None and record is None:
        raise SchedulerError(
            f"{path}: no plan.yaml beside it says which scenario it was made for; "
            "give the scenario with --scenario"
        )
    source = scenario if scenario is not None else record.scenario
    variant = record.the_variant() if record else None
    loaded, _, warnings = loaded_scenario(source, (variant,) if variant else ())
    assignments, _ = read_plan(loaded, path)
    status = Status(record.status) if record and record.status in set(Status) else Status.FEASIBLE
    plan = plan_of(loaded, assignments, status)
    outcome = Outcome(f"{label}: {path}", loaded, plan, variant.describe() if variant else "")
    return outcome, warnings, check_command(source, path)


def check_line(outcome: Outcome, command: Command) -> str:
    """What the independent checker says of a plan read from disk, and how to see more."""
    broken = len(check(outcome.scenario, list(outcome.plan.assignments)))
    if not broken:
        return "keeps every rule"
    return f"BREAKS {count(broken, 'RULE', 'RULES')}; to see which: {command.plus()}"


def menu_job(
    scenario_folder: str | Path,
    out: str | Path | None = None,
    *,
    extra: int = 10,
    only: list[str] | None = None,
    how: Explore = ONE_AT_A_TIME,
    overwrite: bool = False,
    progress: StartProgress = None,
    command: Command | None = None,
    tell: Tell = None,
) -> JobResult:
    """For each task: what dropping it loses and more places gain; unused, full and wanted
    tasks; tight criteria and periods. Written to OUT/menu.xlsx when ``out`` is given. For
    a school folder, every subject's tasks with the whole school (scheduler.jobs.district)."""
    command = command or Command(("menu", str(scenario_folder), "--out", str(out)))
    target = None if out is None else _free(Path(out) / "menu.xlsx", overwrite, command)
    if is_school(scenario_folder):
        return school_menu_job(
            scenario_folder, target, extra=extra, only=only, how=how, progress=progress, tell=tell
        )
    scenario, said = _scenario(scenario_folder, tell)
    with solving(how, progress, menu_run_count(scenario, only)) as (runner, settings, update):
        runs = menu_runs(scenario, settings, runner, extra, update, only)
    text = said + menu_text(scenario, runs)
    if target is not None:
        frames = {
            "Tasks": task_frame(scenario, runs),
            "Criteria": tight_criteria(scenario, runs.baseline.plan),
            "Groups would save": group_savings(scenario, runs.baseline.plan),
        }
        write_atomically(target, menu_workbook(frames).save)
        text += f"\nWritten: {target}\n"
    return JobResult(text)


def sweep_job(
    scenario_folder: str | Path,
    setting: str,
    out: str | Path,
    *,
    how: Explore = ONE_AT_A_TIME,
    overwrite: bool = False,
    progress: StartProgress = None,
    command: Command | None = None,
    tell: Tell = None,
) -> JobResult:
    """Solve once per value of ``KEY=V1,V2,...``; a table, and OUT/sweep.csv and sweep.png."""
    key = setting.partition("=")[0].strip()
    out = Path(out)
    command = command or Command(
        ("sweep", str(scenario_folder), "--set", setting, "--out", str(out))
    )
    csv, png = (_free(out / name, overwrite, command) for name in ("sweep.csv", "sweep.png"))
    if is_school(scenario_folder):
        return school_sweep_job(
            scenario_folder,
            setting,
            csv,
            png,
            how=how,
            progress=progress,
            tell=tell,
        )
    variants = sweep_variants(setting)
    scenario, said = _scenario(scenario_folder, tell)
    with solving(how, progress, 1 + len(variants)) as (runner, settings, update):
        base, *outcomes = whatif(scenario, variants, settings, runner, update)
    frame = sweep_frame(key, outcomes)
    write_atomically(csv, lambda p: frame.to_csv(p, index=False))
    write_atomically(png, lambda p: sweep_chart(frame, key, p, f"{scenario.settings.name}: {key}"))
    text = said + (
        f"{scenario.settings.name}: {key} swept over {count(len(variants), 'value')}; each solve "
        f"starts from the plan of the scenario as it is ({_figures(base)}).\n"
    )
    return JobResult(text + _indent(table_text(frame)) + f"\n\nWritten: {csv}, {png}\n")


def _figures(outcome: Outcome) -> str:
    plan = outcome.plan
    if not plan.found:
        return f"which has {verdict(plan)}"
    return f"{plan.status}: worst rank {plan.worst_rank}, total rank {plan.total_rank}"


def _free(path: Path, overwrite: bool, command: Command) -> Path:
    """``path``, refused before any solve when it exists and may not be replaced."""
    if any(p.exists() and not p.is_dir() for p in path.parents):
        raise SchedulerError(f"{path.parent} is a file; give a folder for --out")
    if path.exists() and not overwrite:
        raise OutputTaken(
            f"{path} already exists; choose another --out folder, or add --overwrite:\n  "
            + command.plus("--overwrite"),
            "--overwrite",
        )
    return path


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
