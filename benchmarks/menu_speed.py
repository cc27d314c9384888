"""Benchmark: the menu report on the bundled year group, one solve at a time against two at once.

Each round runs the whole menu report (the baseline, each of the 18 tasks dropped, each of
the 5 tasks with a capacity given 10 more places: 24 solves) with ``--jobs 1`` (one solve at
a time, with this machine's cores as its CP-SAT workers) and with ``--jobs 2`` (two solves
at once in worker processes, the cores shared out); the peer is ``--jobs 1`` in the same
round. Also checked: both give the same objectives wherever both proved the optimum.

    python benchmarks/menu_speed.py [--rounds 2] [--limit 30] [--write]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from results import write_section

from scheduler.explore.executor import executor, workers_per_run
from scheduler.explore.runs import Settings
from scheduler.explore.whatif import menu_runs
from scheduler.scenario import load_scenario

ROOT = Path(__file__).parent.parent


def one(scenario, jobs: int, limit: float) -> tuple[float, dict]:
    runner = executor(jobs)
    settings = Settings(limit, workers_per_run(0, runner))
    started = time.perf_counter()
    runs = menu_runs(scenario, settings, runner)
    seconds = time.perf_counter() - started
    outcomes = {"baseline": runs.baseline, **{f"-{t}": o for t, o in runs.dropped.items()}}
    outcomes |= {f"+{t}": o for t, o in runs.more_places.items()}
    return seconds, outcomes


def same_proven(a: dict, b: dict) -> str:
    both = [k for k in a if a[k].plan.status == b[k].plan.status == "optimal"]
    differ = [
        k
        for k in both
        if (a[k].plan.worst_rank, a[k].plan.total_rank)
        != (b[k].plan.worst_rank, b[k].plan.total_rank)
    ]
    return f"{len(both)} proven by both, {len(differ)} differ" + (
        f" ({', '.join(differ)})" if differ else ""
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--limit", type=float, default=30.0)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    scenario = load_scenario(ROOT / "scenarios" / "year-group")
    lines = [
        "| round | `--jobs 1` (s) | `--jobs 2` (s) | jobs 2 / jobs 1 | same objectives |",
        "|---:|---:|---:|---:|---|",
    ]
    for round_ in range(1, args.rounds + 1):
        serial, a = one(scenario, 1, args.limit)
        parallel, b = one(scenario, 2, args.limit)
        lines.append(
            f"| {round_} | {serial:.1f} | {parallel:.1f} | {parallel / serial:.2f} | {same_proven(a, b)} |"
        )
        print(lines[-1], flush=True)
    text = "\n".join(lines) + (
        f"\n\n{os.cpu_count()} cores; {len(a)} solves per report, {args.limit:g} s limit each; "
        "`--jobs 1` gives each solve every core as CP-SAT workers, `--jobs 2` one each."
    )
    print(text)
    if args.write:
        write_section("menu-speed", text)


if __name__ == "__main__":
    main()
