"""Benchmark: is a short time limit kept while a large model is still being built?

On the school tier (1,500 students x 60 tasks), ``solve`` with limits shorter than the time
it takes to build the model. The peer, measured in the same run, is building the model alone:
before the time limit was checked while building, a run could not end before it.

    python benchmarks/limit_speed.py [--limits 0.5,1,2,5] [--write]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from ortools.sat.python import cp_model
from results import write_section
from tiers import TIERS

from scheduler.model import solve
from scheduler.model.rules.constraints import Constraints
from scheduler.model.rules.variables import Variables


def build_seconds(scenario) -> float:
    started = time.perf_counter()
    model = cp_model.CpModel()
    Constraints(model, scenario, Variables(model, scenario)).add_all()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limits", default="0.5,1,2,5")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    scenario = TIERS["school"].scenario(0)
    build = build_seconds(scenario)
    lines = [
        "| time limit (s) | solve ended after (s) | over the limit (s) | over / building alone |",
        "|---:|---:|---:|---:|",
    ]
    for limit in (float(x) for x in args.limits.split(",")):
        started = time.perf_counter()
        plan = solve(scenario, time_limit=limit, num_workers=2)
        took = time.perf_counter() - started
        lines.append(
            f"| {limit:g} | {took:.2f} | {took - limit:.2f} | {(took - limit) / build:.2f} |"
        )
        print(lines[-1], plan.status, flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = "\n".join(lines) + (
        f"\n\nSchool tier, seed 0, 2 workers. Building the model alone took {build:.2f} s in this "
        f"run; peak memory of the whole run {peak:.0f} MB."
    )
    print(text)
    if args.write:
        write_section("limit-speed", text)


if __name__ == "__main__":
    main()
