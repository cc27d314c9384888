"""Charts for the local page, drawn on the server as SVG (no script, no network)."""

from __future__ import annotations

import io

import pandas as pd

from scheduler.plan import Plan
from scheduler.report.plan import teacher_load_frame
from scheduler.scenario import Scenario


def teacher_load_svg(scenario: Scenario, plan: Plan) -> str:
    """Each teacher's minutes marked week by week (bars) against their capacity (a line),
    one small chart a teacher, as an SVG document."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    frame = teacher_load_frame(scenario, plan)
    teachers = list(dict.fromkeys(frame["teacher"]))
    weeks = [c for c in frame.columns if c.startswith("wk ")]
    x = [int(c.removeprefix("wk ")) for c in weeks]
    columns = min(3, len(teachers)) or 1
    rows = -(-len(teachers) // columns) or 1
    figure, axes = plt.subplots(
        rows, columns, figsize=(4.2 * columns, 2.6 * rows), squeeze=False, layout="constrained"
    )
    for ax, teacher in zip(axes.flat, teachers, strict=False):
        mine = frame[frame["teacher"] == teacher].set_index("minutes")
        marked, room = _row(mine, "marked", weeks), _row(mine, "capacity", weeks)
        colours = [
            "#b42318" if m and m >= r else "#2f6f9f" for m, r in zip(marked, room, strict=True)
        ]
        ax.bar(x, marked, color=colours, label="marked")
        ax.step(x, room, where="mid", color="#444", linewidth=1.2, label="capacity")
        ax.set_title(f"{mine['name'].iloc[0]} ({teacher})", fontsize=9)
        ax.set_xlabel("week", fontsize=8)
        ax.set_ylabel("minutes", fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(teachers) :]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7, loc="upper right")
    out = io.StringIO()
    figure.savefig(out, format="svg")
    plt.close(figure)
    text = out.getvalue()
    return text[text.index("<svg") :]


def _row(frame: pd.DataFrame, label: str, weeks: list[str]) -> list[int]:
    return [int(v) for v in frame.loc[label, weeks]]
