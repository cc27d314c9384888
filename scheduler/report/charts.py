"""Charts for the local page, written as SVG on the server (no script, no network, and in a
few milliseconds: matplotlib took 300-800 ms a chart, beyond the page's 200 ms)."""

from __future__ import annotations

from html import escape

from scheduler.plan import Plan
from scheduler.report.plan import teacher_load_frame
from scheduler.scenario import Scenario

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 380, 170, 44, 26, 22
BLUE, RED, INK = "#2f6f9f", "#b42318", "#333"


def teacher_load_svg(scenario: Scenario, plan: Plan) -> str:
    """Each teacher's minutes marked week by week (bars, red where the week is full) against
    their capacity (a stepped line), one small chart a teacher, side by side."""
    frame = teacher_load_frame(scenario, plan)
    weeks = [c for c in frame.columns if c.startswith("wk ")]
    charts = []
    for teacher, rows in frame.groupby("teacher", sort=False):
        rows = rows.set_index("minutes")
        marked = [int(v) for v in rows.loc["marked", weeks]]
        room = [int(v) for v in rows.loc["capacity", weeks]]
        title = f"{rows['name'].iloc[0]} ({teacher})"
        charts.append(_chart(title, marked, room))
    return (
        '<div class="charts">'
        + "".join(charts)
        + '</div><p class="legend"><span style="color:#2f6f9f">&#9632;</span> minutes marked '
        '<span style="color:#b42318">&#9632;</span> a full week '
        "<span>&#8212;</span> capacity</p>"
    )


def _chart(title: str, marked: list[int], room: list[int]) -> str:
    """One teacher's chart: a bar a week, and the capacity as a stepped line."""
    most = max([*marked, *room, 1])
    top = most * 1.1  # room above the highest bar or capacity
    n = len(marked)
    inner_w, inner_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    step = inner_w / n

    def y(v: float) -> float:
        return TOP + inner_h * (1 - v / top)

    parts = [
        f'<text x="{WIDTH / 2}" y="14" text-anchor="middle" font-size="12">{escape(title)}</text>'
    ]
    for i, (m, r) in enumerate(zip(marked, room, strict=True)):
        x = LEFT + i * step
        colour = RED if m and m >= r else BLUE
        parts.append(f'<rect x="{x + 1:.1f}" y="{y(m):.1f}" width="{step - 2:.1f}" '
                     f'height="{y(0) - y(m):.1f}" fill="{colour}"><title>week {i + 1}: {m} of '
                     f'{r} minutes</title></rect>')  # fmt: skip
        if (i + 1) % 2 == 1 or n <= 8:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{HEIGHT - BOTTOM + 12}" '
                         f'text-anchor="middle" font-size="9">{i + 1}</text>')  # fmt: skip
    line = " ".join(
        f"{LEFT + i * step:.1f},{y(r):.1f} {LEFT + (i + 1) * step:.1f},{y(r):.1f}"
        for i, r in enumerate(room)
    )
    parts.append(f'<polyline points="{line}" fill="none" stroke="{INK}" stroke-width="1.5"/>')
    for value in (0, most):
        parts.append(f'<text x="{LEFT - 4}" y="{y(value) + 3:.1f}" text-anchor="end" '
                     f'font-size="9">{value}</text>')  # fmt: skip
    parts.append(f'<text x="{LEFT + inner_w / 2}" y="{HEIGHT - 2}" text-anchor="middle" '
                 'font-size="9">week</text>')  # fmt: skip
    parts.append(
        f'<line x1="{LEFT}" y1="{y(0)}" x2="{LEFT + inner_w}" y2="{y(0)}" stroke="{INK}"/>'
    )
    body = "".join(parts)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">{body}</svg>')  # fmt: skip
