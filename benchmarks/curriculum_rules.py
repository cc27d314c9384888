"""Benchmark: the version 2 rules switched on, against the same tier without them (issue 16).

The year-windows tier (200 students, 20 tasks, half with windows) and the large tier (600
students, 40 tasks) are solved as they are and with version 2's rules on (the tiers
``year-windows-v2`` and ``large-v2``: three units with a task of each for every student, a
lab report and an oral for everyone, at most one poster, drafts on every fifth task with one
for everyone, moderation of every seventh, one student in 50 away), in one run, each solve in its own
process, on the same number of workers. Every plan is checked with the independent checker.
The peer of each row is its tier without the rules: the ratio is of the time to the first
plan. Goals: year-windows with the rules proven optimal or within 0.5% at 60 s; large within
2% at 120 s.

    python benchmarks/curriculum_rules.py [--workers 2] [--seed 0] [--write]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from results import arguments, cells, isolated, solve_figures, write_section
from tiers import TIERS

PAIRS = (("year-windows", 60.0), ("large", 120.0))
GOALS = {"year-windows": 0.005, "large": 0.02}


def one_run(tier: str, seed: int, objective: str, limit: float, workers: int) -> dict:
    """One solve: status, objective values, bound, times, rules broken, peak memory."""
    return solve_figures(TIERS[tier].scenario(seed), objective, limit, workers)[0]


def table(rows: list[dict]) -> str:
    lines = [
        "| tier | rules | objective | time limit | status | worst / total | gap | first plan | "
        "first plan against the tier without the rules | search s | broken | peak MB | goal |",
        "|---|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    peers = {(r["tier"], r["objective"]): r for r in rows if not r["v2"]}
    for r in rows:
        peer = peers[r["tier"], r["objective"]]
        ratio = ""
        if r["v2"] and r["first"] and peer["first"]:
            ratio = f"{r['first'] / peer['first']:.2f}x"
        goal = ""
        if r["v2"]:
            met = r["status"] == "optimal" or (
                r["gap"] is not None and r["gap"] <= GOALS[r["tier"]]
            )
            goal = f"{'met' if met else 'MISSED'} (optimal or within {GOALS[r['tier']]:.1%})"
        c = cells(r)
        lines.append(
            f"| {r['tier']} | {'v2 on' if r['v2'] else 'none'} | {r['objective']} | "
            f"{r['limit']:.0f} s | {r['status']} | {c['value']} | {c['gap']} | {c['first']} | "
            f"{ratio} | {c['seconds']} | {c['broken']} | {c['peak']} | {goal} |"
        )
    return "\n".join(lines)


def main() -> None:
    args = arguments(__doc__)
    rows = []
    for tier, limit in PAIRS:
        for objective in ("fair", "total"):
            for v2 in (False, True):
                name = f"{tier}-v2" if v2 else tier
                result = isolated(one_run, name, args.seed, objective, limit, args.workers)
                rows.append(
                    {"tier": tier, "v2": v2, "objective": objective, "limit": limit, **result}
                )
                print(rows[-1], flush=True)
    text = (
        f"{args.workers} workers, seed {args.seed}; v2 on: units, skills, drafts, moderation "
        "and away weeks.\n\n" + table(rows)
    )
    print(text)
    if args.write:
        write_section("curriculum-rules", text)


if __name__ == "__main__":
    main()
