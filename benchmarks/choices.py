"""Benchmark: students' choice of when (own due weeks and week wishes) and with whom (group
tasks and partner wishes), against the same scenarios without it (issue 17).

The year-windows tier (200 students in 8 classes, 20 tasks, half with 3-week windows) is solved
as it is, as ``year-windows-own`` (two of its windowed tasks with own due weeks, and every other
student who ranks one of them in their top three wishing a week of its window), and as
``year-windows-choice`` (the same, and one task done in groups of 3-4, with partner wishes from
every third student in a class who ranks it in their top five and a never pair in each class),
in one run, each solve in its own process, on the same number of workers. Every plan is checked with the independent
checker. The bundled design-projects (two classes of 15, two team tasks of 3-4 and 2-3, partner
and week wishes) is solved against itself with every task done alone. The peer of each row is
the scenario without the choice: the ratio is of the time to the first plan. Goals: a first plan
within 10 s and within 1% of the bound at 60 s (year-windows); proven optimal within 5 s
(design-projects).

    python benchmarks/choices.py [--workers 2] [--seed 0] [--write]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from results import arguments, cells, isolated, solve_figures, write_section
from tiers import TIERS

from scheduler.plan.wishes import partner_wishes, week_wishes
from scheduler.scenario import load_scenario

PAIRS = (
    ("year-windows", ("year-windows-own", "year-windows-choice"), 60.0),
    ("design-projects-alone", ("design-projects",), 60.0),
)
FIRST_GOAL, GAP_GOAL = 10.0, 0.01
BUNDLED = Path(__file__).parent.parent / "scenarios" / "design-projects"


def scenario_of(name: str, seed: int):
    """A tier's scenario, or the bundled design-projects (30 students, two team tasks of 3-4
    and 2-3, partner and week wishes), or the same with every task done alone."""
    if name in TIERS:
        return TIERS[name].scenario(seed)
    scenario = load_scenario(BUNDLED)
    if name == "design-projects":
        return scenario
    tasks = tuple(t.model_copy(update={"group_size": None}) for t in scenario.tasks)
    return scenario.model_copy(update={"tasks": tasks, "partners": ()})


def one_run(name: str, seed: int, objective: str, limit: float, workers: int) -> dict:
    """One solve: status, objective values, wishes granted, bound, times, rules broken, memory."""
    scenario = scenario_of(name, seed)
    figures, plan = solve_figures(scenario, objective, limit, workers)
    wishes = [*week_wishes(scenario, plan.assignments), *partner_wishes(scenario, plan.assignments)]
    granted = f"{sum(w.granted for w in wishes)} of {len(wishes)}" if wishes else ""
    return {**figures, "wishes": granted}


def table(rows: list[dict]) -> str:
    lines = [
        "| tier | objective | time limit | status | worst / total | wishes granted | gap | "
        "first plan | first plan against the tier without | search s | broken | peak MB | goal |",
        "|---|---|---:|---|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    peers = {(r["peer"], r["objective"]): r for r in rows if r["tier"] == r["peer"]}
    for r in rows:
        peer = peers[r["peer"], r["objective"]]
        mine = r["tier"] != r["peer"]
        ratio = (
            f"{r['first'] / peer['first']:.2f}x" if mine and r["first"] and peer["first"] else ""
        )
        goal = ""
        if mine:
            met = (r["first"] or 1e9) <= FIRST_GOAL and (
                r["status"] == "optimal" or (r["gap"] is not None and r["gap"] <= GAP_GOAL)
            )
            goal = f"{'met' if met else 'MISSED'} (first plan within 10 s, within 1% at 60 s)"
            if r["tier"] == "design-projects":
                met = r["status"] == "optimal" and r["seconds"] <= 5.0
                goal = f"{'met' if met else 'MISSED'} (proven optimal within 5 s)"
        c = cells(r)
        lines.append(
            f"| {r['tier']} | {r['objective']} | {r['limit']:.0f} s | {r['status']} | "
            f"{c['value']} | {r['wishes']} | {c['gap']} | {c['first']} | {ratio} | "
            f"{c['seconds']} | {c['broken']} | {c['peak']} | {goal} |"
        )
    return "\n".join(lines)


def main() -> None:
    args = arguments(__doc__)
    rows = []
    for peer, tiers, limit in PAIRS:
        for objective in ("fair", "total"):
            for name in (peer, *tiers):
                result = isolated(one_run, name, args.seed, objective, limit, args.workers)
                rows.append(
                    {"tier": name, "peer": peer, "objective": objective, "limit": limit, **result}
                )
                print(rows[-1], flush=True)
    text = f"{args.workers} workers, seed {args.seed}.\n\n" + table(rows)
    print(text)
    if args.write:
        write_section("choices", text)


if __name__ == "__main__":
    main()
