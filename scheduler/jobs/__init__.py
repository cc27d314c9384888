"""What each command does, as one library call returning text and an exit code.

The command line only parses its options, calls one of these, and prints the result.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from scheduler.check import check, check_file
from scheduler.exceptions import SchedulerError
from scheduler.export import write_plan
from scheduler.export.files import free_out
from scheduler.jobs.commands import Command, check_command, solve_command, with_option
from scheduler.jobs.reading import (
    Tell,
    loaded_scenario,
    plain,
    read_scenario,
    scenario_for_plan,
    told,
)
from scheduler.jobs.school import (
    check_school_job,
    export_school_job,
    solve_school_job,
    validate_school_job,
)
from scheduler.jobs.shortfall import same_shortfall
from scheduler.model import Watch, solve
from scheduler.model.explain import find_clash
from scheduler.plan import Status, plan_of
from scheduler.plan.files import plan_file, read_plan
from scheduler.plan.record import RECORD, PlanRecord, read_record, version
from scheduler.plan.shortfall import bendable_rules, relax_weights
from scheduler.report.clash import clash_text
from scheduler.report.compare import changes_text
from scheduler.report.plan import plan_summary
from scheduler.report.shortfall import shortfall_lines, shortfall_text
from scheduler.report.validation import describe, verdict
from scheduler.scenario import Scenario, write_scenario
from scheduler.scenario.files.fingerprint import scenario_hash
from scheduler.scenario.files.workbook import is_workbook
from scheduler.scenario.files.workbook_write import template_scenario, write_scenario_workbook
from scheduler.scenario.precheck import precheck
from scheduler.scenario.pseudonyms import pseudonymised, pseudonyms
from scheduler.scenario.school import is_school
from scheduler.scenario.variants.variant import Variant, option_variant, read_variant
from scheduler.words import count

OK, NO_PLAN_EXISTS, NO_PLAN_IN_TIME, PLAN_BREAKS_RULES = 0, 3, 4, 5


@dataclass
class JobResult:
    text: str
    exit_code: int = OK


def solve_job(
    scenario_folder: str | Path,
    out: str | Path,
    *,
    time_limit: float = 60.0,
    workers: int = 0,
    seed: int = 0,
    objective: str = "fair",
    progress: bool = True,
    overwrite: bool = False,
    relax: bool = False,
    weights: tuple[str, ...] = (),
    variants: tuple[Variant, ...] = (),
    keep: str | Path | None = None,
    max_changes: int | None = None,
    force: bool = False,
    command: Command | None = None,
    tell: Tell = None,
    watch: Watch | None = None,
) -> JobResult:
    """Load, solve, check the plan independently, write it, and summarise it.

    ``relax`` finds the closest plan, bending criteria, marking minutes, deadlines per
    week and task sizes at a cost per unit of shortfall (``weights``: ``NAME=N``
    changes to scheduler.plan.shortfall's defaults); the summary lists every shortfall.
    ``variants`` are applied to the scenario first, in order. ``keep`` (an earlier plan)
    changes as few of its assignments as possible (or at most ``max_changes``) and lists
    every change. ``force`` replaces a plan in ``out`` even if a person edited it.
    ``command`` is the command as typed, for the commands suggested next; ``tell`` is given
    the warnings found while reading the scenario before the search starts; ``watch``
    follows the search and may stop it (the local page).
    """
    if is_school(scenario_folder):
        _school_options(variants=variants, keep=keep)
        return JobResult(
            *solve_school_job(
                scenario_folder,
                out,
                time_limit=time_limit,
                workers=workers,
                seed=seed,
                objective=objective,
                progress=progress,
                overwrite=overwrite,
                relax=relax,
                weights=weights,
                tell=tell,
                watch=watch,
            )
        )
    if weights and not relax:
        raise SchedulerError("--weight sets what bending a rule costs; use it with --relax")
    if max_changes is not None and keep is None:
        raise SchedulerError("--max-changes limits the changes to a kept plan; use it with --keep")
    command = command or solve_command(scenario_folder, out, variants, keep)
    with_option(command, free_out, out, overwrite, force)
    relax = relax_weights(weights) if relax else None
    scenario, variant, warnings = loaded_scenario(scenario_folder, variants)
    said = told(warnings, tell)
    kept = None if keep is None else plan_of(scenario, read_plan(scenario, keep, earlier=True)[0])
    bounds = precheck(scenario)
    if bounds.reasons and relax is None:  # proven before solving: say so at once
        return JobResult(said + proven_text(scenario, bounds, command), NO_PLAN_EXISTS)
    start = None if kept is None else kept.assignments
    plan = solve(
        scenario,
        time_limit,
        workers,
        seed,
        objective,
        progress,
        relax,
        start,
        kept is not None,
        max_changes,
        watch,
    )
    summary = plan_summary(scenario, plan)
    if plan.status == Status.INFEASIBLE and max_changes is not None:
        text = (
            f"No plan changes at most {max_changes} of the kept plan's assignments. Without "
            "--max-changes, solve finds the plan with the fewest changes.\n"
        )
        return JobResult(said + summary + text, NO_PLAN_EXISTS)
    if plan.status == Status.INFEASIBLE:
        why = _why_not(scenario, bounds, time_limit, command, relax)
        return JobResult(said + summary + why, NO_PLAN_EXISTS)
    if plan.status == Status.UNKNOWN:
        hint = "Give the search more time with --time-limit, or loosen the tightest rules.\n"
        return JobResult(said + summary + hint, NO_PLAN_IN_TIME)
    broken = check(scenario, list(plan.assignments))
    same_shortfall(plan, broken)
    record = PlanRecord.of(
        scenario_folder,
        variant,
        objective=objective,
        seed=seed,
        workers=workers,
        time_limit=time_limit,
        relax=relax,
        kept_from=None if keep is None else str(Path(keep).resolve()),
        max_changes=max_changes,
        warnings=[plain(w) for w in warnings] or None,
    ).with_outcome(plan)
    written = write_plan(scenario, plan, out, overwrite, record, force)
    files = ", ".join(str(p) for p in written)
    if kept is not None:
        summary += "\n" + changes_text(scenario, kept, plan)
    if plan.relaxed:
        text = shortfall_text(
            scenario, plan, broken, check_command(scenario_folder, out).plus(), _teachers(variant)
        )
        return JobResult(said + summary + text + f"Written: {files}\n")
    return JobResult(said + summary + f"\nChecked: the plan keeps every rule. Written: {files}\n")


def _school_options(**given) -> None:
    """Refuse the options a school's solve or check does not take yet."""
    named = {"relax": "--relax", "variants": "a variant (--set, --drop, ...)", "keep": "--keep"}
    for key, value in given.items():
        if value:
            raise SchedulerError(
                f"{named[key]} works on one subject's scenario; for a school it is not "
                "available yet. Give the subject's folder (SCHOOL/SUBJECT) instead"
            )


def _teachers(variant: Variant | None) -> frozenset[str] | None:
    """The teachers whose figures a variant changes (None: no variant)."""
    if variant is None:
        return None
    return frozenset(e.target[0] for e in variant.edits if e.what == "teacher")


def reproduce_job(
    plan_folder: str | Path,
    out: str | Path,
    scenario: str | Path | None = None,
    *,
    progress: bool = True,
    overwrite: bool = False,
    force: bool = False,
    tell: Tell = None,
) -> JobResult:
    """Solve again with the settings a plan's plan.yaml recorded (and its variant and kept
    plan), into ``out``; say whether the scenario changed since, and whether the plan did."""
    folder = plan_file(plan_folder).parent
    if Path(out).resolve() == folder.resolve():
        raise SchedulerError("give --out another folder: the new plan is compared with the old")
    record = read_record(folder)
    if record is None:
        raise SchedulerError(f"{folder} has no plan.yaml recording how the plan was made")
    source = scenario or record.scenario
    variant = record.the_variant()
    if variant is not None:  # suggested commands name the record, which holds it
        variant = replace(variant, path=str(folder / RECORD))
    result = solve_job(
        source,
        out,
        time_limit=record.time_limit or 60.0,
        workers=record.workers or 0,
        seed=record.seed or 0,
        objective=record.objective,
        progress=progress,
        overwrite=overwrite,
        relax=record.relax is not None,
        weights=tuple(f"{k}={v}" for k, v in (record.relax or {}).items()),
        variants=(variant,) if variant else (),
        keep=record.kept_from,
        max_changes=record.max_changes,
        force=force,
        tell=tell,
    )
    return JobResult(result.text + _reproduction(record, source, folder, out), result.exit_code)


def _reproduction(record, source, folder: Path, out) -> str:
    """Whether the scenario and the plan are as they were."""
    same = scenario_hash(source) == record.scenario_hash
    lines = [
        "",
        f"Reproducing {folder} (made {record.written or 'at an unknown time'} by scheduler "
        f"{record.scheduler or '?'} with OR-Tools {record.ortools or '?'}; now "
        f"{version('scheduler')} and {version('ortools')}):",
        "  the scenario is unchanged since (same content hash)."
        if same
        else f"  THE SCENARIO CHANGED since the plan was made ({source} no longer has the "
        "recorded content hash).",
    ]
    before, after = folder / "allocation.csv", Path(out) / "allocation.csv"
    if before.is_file() and after.is_file():
        alike = before.read_bytes() == after.read_bytes()
        lines.append(
            "  the new plan is the same as the recorded one, row for row."
            if alike
            else "  the new plan differs from the recorded one (see scheduler compare "
            f"{folder} {out}). A search cut off by its time limit, or run on more than one "
            "worker, need not repeat."
        )
    return "\n".join(lines) + "\n"


def validate_job(source: str | Path) -> JobResult:
    """The scenario's size, its bounds and its warnings (exit 0), or, when the bounds alone
    prove that no plan exists, the reasons first (exit 3)."""
    if is_school(source):
        return JobResult(*validate_school_job(source))
    scenario, warnings = read_scenario(source)
    bounds = precheck(scenario)
    text = describe(scenario, bounds, warnings)
    if not bounds.reasons:
        return JobResult(text)
    closest = solve_command(source, "plans/closest").plus("--relax")
    hint = f"\nTo see the closest plan, which bends rules as little as it can:\n  {closest}\n"
    return JobResult(text + hint, NO_PLAN_EXISTS)


def proven_text(scenario: Scenario, bounds, command: Command) -> str:
    """No plan exists, and the pre-check's reasons that prove it, with what to do next."""
    also = "".join(f"  - {w}\n" for w in bounds.warnings if w not in bounds.reasons)
    also = f"Also seen before solving:\n{also}" if also else ""
    return f"{verdict(scenario, bounds)}\n{also}{relax_hint(command)}"


def relax_hint(command: Command) -> str:
    return (
        f"To see the closest plan, which bends {bendable_rules()} as little as it can:\n"
        f"  {command.plus('--relax')}\n"
    )


def check_job(
    scenario_folder: str | Path,
    plan_path: str | Path,
    variants: tuple[Variant, ...] = (),
    *,
    bare: bool = False,
    tell: Tell = None,
) -> JobResult:
    """Check a plan file against its scenario (with ``variants`` applied); list every rule
    it breaks. With no ``variants``, the variant that the plan.yaml beside the plan records
    is applied (and said), unless ``bare``."""
    if is_school(scenario_folder):
        _school_options(variants=variants)
        return JobResult(*check_school_job(scenario_folder, plan_path, tell))
    scenario, warnings, applied = scenario_for_plan(scenario_folder, plan_path, variants, bare)
    return check_report(scenario, plan_path, told(warnings, tell) + applied)


def check_report(scenario: Scenario, plan_path: str | Path, said: str = "") -> JobResult:
    """Check a plan file against a scenario already read; every rule it breaks, after
    ``said`` (what reading the scenario said)."""
    broken, source = check_file(scenario, plan_path)
    if not broken:
        return JobResult(said + f"{source}\n{scenario.settings.name}: the plan keeps every rule.\n")
    lines = "\n".join(f"  - {v}" for v in broken)
    totals = "".join(f"  {line}\n" for line in shortfall_lines(broken))
    if totals:
        totals = "Shortfall by rule (as solve --relax counts it):\n" + totals
    return JobResult(
        said
        + f"{source}\n{scenario.settings.name}: the plan breaks {count(len(broken), 'rule')}:\n{lines}\n"
        + totals,
        PLAN_BREAKS_RULES,
    )


def convert_job(
    source: str | Path, out: str | Path, overwrite: bool = False, command: Command | None = None
) -> JobResult:
    """Read a scenario (folder or workbook) and write it as the other kind (or the same)."""
    command = command or Command(("convert", str(source), str(out)))
    scenario, warnings = read_scenario(source)
    out = Path(out)
    if is_workbook(out):
        with_option(command, write_scenario_workbook, scenario, out, overwrite)
        kind = "workbook"
    else:
        with_option(command, write_scenario, scenario, out, overwrite)
        kind = "scenario folder"
    lines = [f"Wrote the {kind} {out}: {_size(scenario)}."]
    lines += [f"  - {w}" for w in warnings]
    if any("is ignored" in w.message for w in warnings):
        lines.append("Columns scheduler ignores were not carried over.")
    return JobResult("\n".join(lines) + "\n")


def template_job(
    out: str | Path, overwrite: bool = False, command: Command | None = None
) -> JobResult:
    """Write a ready-to-fill scenario workbook with one example row a sheet."""
    out = Path(out)
    if not is_workbook(out):
        raise SchedulerError(f"{out}: give a file name ending in .xlsx")
    command = command or Command(("template", str(out)))
    with_option(command, write_scenario_workbook, template_scenario(), out, overwrite, True)
    return JobResult(
        f"Wrote {out}: a scenario workbook to fill in, with instructions and an example row "
        f"on each sheet.\nWhen it is filled in: scheduler validate {out}\n"
    )


def _size(scenario) -> str:
    return (
        f"{len(scenario.tasks)} tasks, {len(scenario.students)} students, "
        f"{len(scenario.teachers)} teachers"
    )


def _why_not(scenario, bounds, time_limit: float, command: Command, relax: dict | None) -> str:
    """The pre-check's reasons, the rule groups that clash, and what to do next."""
    warnings = bounds.warnings
    text = ""
    if warnings:
        text = "Reasons found before solving:\n" + "\n".join(f"  - {w}" for w in warnings) + "\n"
    clash = find_clash(scenario, time_limit=min(EXPLAIN_SECONDS, time_limit))
    if clash is None:
        text += "The rules that clash could not be narrowed down within the time limit.\n"
    else:
        text += clash_text(scenario, clash)
    if relax is not None:
        return text + (
            f"Even bending {bendable_rules()}, no plan exists: the clash is in the rules that "
            "cannot be bent (common tasks, pins, classes, tasks per student).\n"
        )
    return text + relax_hint(command)


EXPLAIN_SECONDS = 30.0


def variants_from(files: tuple, edits: dict[str, tuple[str, ...]]) -> list[Variant]:
    """The variants of ``files``, then one of the command-line ``edits`` (if any): drop, sets,
    add, pins, unpins, drop_students, as ``option_variant`` takes them."""
    variants = [read_variant(path) for path in files]
    if any(edits.values()):
        variants.append(option_variant(**edits))
    return variants


def export_job(
    scenario_folder: str | Path,
    plan_path: str | Path,
    out: str | Path,
    *,
    key: str | None = None,
    variants: tuple[Variant, ...] = (),
    overwrite: bool = False,
    force: bool = False,
    command: Command | None = None,
    tell: Tell = None,
) -> JobResult:
    """Write a plan's files again from its allocation (e.g. after it was edited), with
    students under stable pseudonyms when ``key`` is given. The plan is read with the variant
    its plan.yaml records when no ``variants`` are given. For a school folder, the school
    plan's files (scheduler.jobs.school)."""
    if is_school(scenario_folder):
        if variants:
            raise SchedulerError(
                "--variant works on one subject's plan; for a school, give a school plan's "
                "folder or allocation.csv"
            )
        return JobResult(
            *export_school_job(
                scenario_folder,
                plan_path,
                out,
                key=key,
                overwrite=overwrite,
                force=force,
                tell=tell,
            )
        )
    command = command or Command(
        ("export", str(scenario_folder), str(plan_path), "--out", str(out))
    )
    with_option(command, free_out, out, overwrite, force)
    scenario, warnings, applied = scenario_for_plan(scenario_folder, plan_path, variants)
    said = told(warnings, tell) + applied
    assignments, source = read_plan(scenario, plan_path)
    broken = check(scenario, assignments)
    plan = plan_of(scenario, assignments)
    if key is not None:
        names = pseudonyms([s.student_id for s in scenario.students], key)
        scenario = pseudonymised(scenario, names)
        plan = plan.model_copy(
            update={
                "assignments": tuple(
                    a._replace(student_id=names[a.student_id]) for a in assignments
                )
            }
        )
    written = write_plan(scenario, plan, out, overwrite, None, force)
    what = "with students under pseudonyms (the same key gives the same ones)" if key else ""
    lines = [source, f"Wrote {', '.join(map(str, written))} {what}".rstrip() + "."]
    if broken:
        lines.append(
            f"The plan breaks {count(len(broken), 'rule')}; to see which:\n  "
            + check_command(scenario_folder, plan_path).plus()
        )
    return JobResult(said + "\n".join(lines) + "\n")
