"""A sweep: the plan's figures against one changing value, as a table and a PNG chart."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from scheduler.report.compare import Outcome, plan_figures
from scheduler.report.plan import plan_word, satisfaction
from scheduler.report.school import school_figures
from scheduler.report.validation import whole_numbers

FIGURES = ["plan", "worst rank", "total rank", "first choice", "only top three", "mean rank"]


def sweep_frame(key: str, outcomes: list[Outcome]) -> pd.DataFrame:
    """One row per swept value (each outcome is named by its value)."""
    rows = []
    for outcome in outcomes:
        row = {key: outcome.name} | plan_figures(outcome.scenario, outcome.plan)
        if outcome.plan.found:
            row["only top three"] = satisfaction(outcome.scenario, outcome.plan)["only top three"]
        row["why no plan"] = outcome.reason
        rows.append(row)
    frame = whole_numbers(pd.DataFrame(rows))
    return frame[[key, *(c for c in [*FIGURES, "why no plan"] if c in frame.columns)]]


def school_sweep_frame(key: str, outcomes: list) -> pd.DataFrame:
    """For a school: one row per swept value (each SchoolOutcome named by its value), with
    the school's figures (first choices and top-three plans counted subject by subject)."""
    rows = []
    for outcome in outcomes:
        row = {key: outcome.name, "plan": plan_word(outcome.plan)}
        if outcome.plan.found:
            row |= school_figures(outcome.school, outcome.plan)
        row["why no plan"] = outcome.reason
        rows.append(row)
    frame = whole_numbers(pd.DataFrame(rows))
    return frame[[key, *(c for c in [*FIGURES, "why no plan"] if c in frame.columns)]]


def sweep_chart(frame: pd.DataFrame, key: str, path: Path, title: str) -> None:
    """``sweep_figure`` written to ``path`` as a PNG."""
    from matplotlib import pyplot as plt

    figure = sweep_figure(frame, key, title)
    figure.savefig(path, format="png", dpi=110)
    plt.close(figure)


def sweep_figure(frame: pd.DataFrame, key: str, title: str):
    """Two panels against the swept value: the objective (worst and total rank), and the
    students' satisfaction (first choices, only top three). Every axis counts in whole
    numbers; a value with no plan is marked on both panels by a hatched band saying so."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    x = list(range(len(frame)))
    labels = [str(v) for v in frame[key]]
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5), layout="constrained")
    _lines(left, x, frame, [("total rank", "tab:blue")], "total rank (lower is better)")
    twin = left.twinx()
    _lines(twin, x, frame, [("worst rank", "tab:red")], "worst rank (lower is better)")
    handles = left.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    left.legend(handles=handles, loc="best")
    _lines(
        right,
        x,
        frame,
        [("first choice", "tab:green"), ("only top three", "tab:purple")],
        "students",
    )
    for axes in (left, twin, right):
        _whole_ticks(axes, MaxNLocator)
    found = frame["plan"].str.startswith(("plan found", "closest plan"))
    for axes in (left, right):
        axes.set_xticks(x, labels)
        axes.set_xlabel(key)
        axes.set_xlim(-0.5, len(x) - 0.5)
        for i in (i for i, ok in enumerate(found) if not ok):
            _no_plan(axes, i, frame["plan"].iloc[i])
    left.set_title("Objective")
    right.set_title("Students")
    right.legend(loc="best")
    figure.suptitle(title)
    return figure


def _whole_ticks(axes, locator) -> None:
    """Ticks at whole numbers only, with at least one whole number of room each side."""
    axes.yaxis.set_major_locator(locator(integer=True))
    low, high = axes.get_ylim()
    if high - low < 4:
        axes.set_ylim(math.floor(low) - 1, math.ceil(high) + 1)


def _no_plan(axes, i: int, words: str) -> None:
    """A hatched band over value ``i``, saying there is no plan there."""
    axes.axvspan(i - 0.4, i + 0.4, facecolor="0.92", edgecolor="0.7", hatch="//", zorder=0)
    axes.text(
        i, 0.5, words, transform=axes.get_xaxis_transform(), rotation=90, ha="center",
        va="center", color="0.3", fontsize=10,
    )  # fmt: skip


def _lines(
    axes, x: list[int], frame: pd.DataFrame, columns: list[tuple[str, str]], label: str
) -> None:
    for column, colour in columns:
        values = pd.to_numeric(frame.get(column, pd.Series([None] * len(x))), errors="coerce")
        axes.plot(x, values, marker="o", color=colour, label=column)
    axes.set_ylabel(label)
