"""Benchmark: our CP-SAT settings against CP-SAT's default portfolio, same model, same run.

Both solve the bundled year-group scenario with the fair objective on 2 workers, for several
seeds; the figure is the time to a proven optimum (or the limit, when none was proven).

    python benchmarks/solver_settings.py [--seeds 3] [--limit 60] [--write]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ortools.sat.python import cp_model

sys.path.insert(0, str(Path(__file__).parent))
from results import write_section

from scheduler.model.search.solver import Search
from scheduler.model.solve import solve
from scheduler.scenario import load_scenario

ROOT = Path(__file__).parent.parent
RESULTS = Path(__file__).parent / "RESULTS.md"


def default_portfolio(self, share: float = 1.0):
    """CP-SAT's own choice of subsolvers for the same number of workers (the peer)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(
        0.01, min(self.time_left(), share * self.time_limit)
    )
    solver.parameters.num_workers = self.num_workers
    solver.parameters.random_seed = self.seed
    solver.parameters.catch_sigint_signal = False
    return solver


def timed(scenario, seed: int, limit: float) -> tuple[float, str]:
    plan = solve(scenario, time_limit=limit, num_workers=2, seed=seed)
    return plan.seconds, str(plan.status)


def measure(seeds: int, limit: float) -> list[tuple]:
    scenario = load_scenario(ROOT / "scenarios" / "year-group")
    ours_solver = Search._solver
    rows = []
    for seed in range(seeds):
        ours = timed(scenario, seed, limit)
        Search._solver = default_portfolio
        try:
            peer = timed(scenario, seed, limit)
        finally:
            Search._solver = ours_solver
        rows.append((seed, *ours, *peer))
        print(
            f"seed {seed}: ours {ours[0]:.1f} s {ours[1]}; default {peer[0]:.1f} s {peer[1]}",
            flush=True,
        )
    return rows


def table(rows: list[tuple], limit: float) -> str:
    lines = [
        "| seed | ours: max_lp + quick_restart (s) | status | peer: CP-SAT default, 2 workers (s) | status | peer / ours |",
        "|---:|---:|---|---:|---|---:|",
    ]
    for seed, ours, ours_status, peer, peer_status in rows:
        ratio = f"{peer / ours:.1f}" + (" or more" if peer_status != "optimal" else "")
        lines.append(
            f"| {seed} | {ours:.1f} | {ours_status} | {peer:.1f} | {peer_status} | {ratio} |"
        )
    return (
        "\n".join(lines)
        + f"\n\nTime limit {limit:g} s; a status other than optimal means the limit was reached."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--limit", type=float, default=60.0)
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args()
    text = table(measure(args.seeds, args.limit), args.limit)
    print(text)
    if args.write:
        write_section("solver-settings", text)


if __name__ == "__main__":
    main()
