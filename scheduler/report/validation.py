"""The summary ``scheduler validate`` prints: the scenario's size and its cheap bounds."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from scheduler.exceptions import Problem
from scheduler.scenario import Scenario, load_with_warnings
from scheduler.scenario.precheck import Precheck, precheck
from scheduler.scenario.precheck.curriculum import ALL
from scheduler.scenario.validation.away import excused_from_common
from scheduler.words import count, week_list, week_span


def validation_report(folder: str | Path) -> str:
    """Load and validate ``folder``; describe it, its bounds and its warnings as text.

    Raises ``ScenarioError`` when the scenario cannot be used.
    """
    scenario, warnings = load_with_warnings(folder)
    return describe(scenario, precheck(scenario), warnings)


def describe(scenario: Scenario, bounds: Precheck, warnings: list[Problem]) -> str:
    """The report: first the verdict (and, when no plan can exist, the reasons that prove it),
    then the size, the coverage and marking bounds, and every warning."""
    notes = [f"{p}" for p in warnings] + [w for w in bounds.warnings if w not in bounds.reasons]
    parts = [
        verdict(scenario, bounds),
        sizes(scenario),
        "Criteria coverage: student-assessments needed, and the most the menu can hold",
        _indent(table_text(coverage_frame(bounds))),
        "Marking minutes over the term: the least needed, and the most that fits",
        _indent(table_text(marking_frame(bounds))),
    ]
    excused = excused_from_common(scenario.settings, scenario.students, scenario.tasks)
    if excused:
        parts.append(
            "Excused from common tasks (away whenever they can be due): "
            + "; ".join(f"{student} from {task}" for student, task in excused)
        )
    if bounds.quotas:
        parts += [
            "Units and skills: tasks needed, and the most places the menu holds (for everyone, and "
            "for the class with the least room to spare)",
            _indent(table_text(quota_frame(bounds))),
        ]
    if notes:
        parts.append("Warnings:\n" + "\n".join(f"  - {n}" for n in notes))
    return "\n\n".join(parts) + "\n"


def verdict(scenario: Scenario, bounds: Precheck) -> str:
    name = scenario.settings.name
    if bounds.reasons:
        reasons = "\n".join(f"  - {r}" for r in bounds.reasons)
        return f"{name}: no plan exists (seen before solving).\n{reasons}"
    what = "valid" if not bounds.warnings else "valid, but some needs exceed what fits"
    return f"{name}: the scenario is {what}."


def sizes(scenario: Scenario) -> str:
    """One paragraph with the counts a head of department checks first."""
    s = scenario.settings
    common = sum(t.common for t in scenario.tasks)
    closed = f", no deadlines in {week_list(s.no_deadline_weeks)}"
    periods = ", ".join(
        f"{p.name} {week_span(p.first_week, p.last_week)}" for p in s.reporting_periods
    )
    preferences = sum(len(r) for r in scenario.preferences.values())
    return (
        f"  {count(len(scenario.students), 'student')} in "
        f"{count(len(scenario.classes), 'class')}, {count(len(scenario.teachers), 'teacher')}\n"
        f"  {count(len(scenario.tasks), 'task')} ({common} common), "
        f"{count(preferences, 'preference')}, {count(len(scenario.pins), 'pin')}\n"
        f"  {count(s.weeks, 'week')}{closed if s.no_deadline_weeks else ''}\n"
        f"  {count(len(s.reporting_periods), 'reporting period')}: {periods}"
    )


def coverage_frame(bounds: Precheck) -> pd.DataFrame:
    """One row per period and criterion: needed, holds, students short, and whether it fits."""
    return pd.DataFrame(
        {
            "period": [c.period for c in bounds.coverage],
            "criterion": [c.criterion for c in bounds.coverage],
            "needed": [c.needed for c in bounds.coverage],
            "menu holds": [c.holds for c in bounds.coverage],
            "students short": [c.students_short for c in bounds.coverage],
            "fits": [_fits(c.needed <= c.holds and not c.students_short) for c in bounds.coverage],
        }
    )


def quota_frame(bounds: Precheck) -> pd.DataFrame:
    """One row per unit or skill with a minimum: tasks everyone needs and the places its tasks
    hold; the class with the least room to spare, its need and places; students short."""
    rows = []
    for (kind, item), lines in _by_item(bounds.quotas).items():
        everyone = next(q for q in lines if q.class_id == ALL)
        classes = [q for q in lines if q.class_id != ALL]
        tight = min(classes, key=lambda q: q.places - q.needed)
        short = sum(q.students_short for q in classes)
        fits = all(q.needed <= q.places for q in lines) and not short
        rows.append(
            (
                kind,
                item,
                everyone.needed,
                everyone.places,
                tight.class_id,
                tight.needed,
                tight.places,
                short,
                _fits(fits),
            )
        )
    columns = [
        "",
        "id",
        "needed",
        "places",
        "tightest class",
        "its need",
        "its places",
        "students short",
        "fits",
    ]
    return pd.DataFrame(rows, columns=columns)


def _by_item(quotas: list) -> dict[tuple[str, str], list]:
    found: dict[tuple[str, str], list] = {}
    for q in quotas:
        found.setdefault((q.kind, q.item), []).append(q)
    return found


def marking_frame(bounds: Precheck) -> pd.DataFrame:
    """One row per teacher and one for the department: certain, least needed, available."""
    rows = [
        (m.teacher_id, m.name, m.certain, m.needed, m.available, _fits(m.needed <= m.available))
        for m in bounds.marking
    ]
    total = bounds.department_needed <= bounds.department_available
    rows.append(
        (
            "all",
            "department",
            sum(m.certain for m in bounds.marking),
            bounds.department_needed,
            bounds.department_available,
            _fits(total),
        )
    )
    columns = ["teacher", "name", "certain", "needed", "available", "fits"]
    return pd.DataFrame(rows, columns=columns)


def table_text(frame: pd.DataFrame) -> str:
    """A frame as aligned text: words to the left, numbers to the right."""
    cells = [[_cell(v) for v in frame[c]] for c in frame.columns]
    widths = [
        max([len(str(c)), *map(len, col)]) for c, col in zip(frame.columns, cells, strict=True)
    ]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]

    def line(values: list[str]) -> str:
        parts = [
            v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    rows = [line([str(c) for c in frame.columns])]
    rows += [line([col[i] for col in cells]) for i in range(len(frame))]
    return "\n".join(rows)


def _cell(value: object) -> str:
    """Whole numbers as whole numbers (``15``, ``4,738``, never ``15.0``); no value as blank."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return (
        f"{value:,}"
        if isinstance(value, int | float) and not isinstance(value, bool)
        else str(value)
    )


def whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each column of whole numbers (and gaps) as whole numbers, not floats,
    so a CSV file or a sheet shows ``15``, not ``15.0``."""
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values) and (values.dropna() % 1 == 0).all():
            frame[column] = values.astype("Int64")
    return frame


def _fits(ok: bool) -> str:
    return "yes" if ok else "NO"


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
