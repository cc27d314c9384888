"""Benchmark: scheduler's CP-SAT model against a MIP (HiGHS) and a greedy peer, by tier.

For each tier and objective, each solver runs in a process of its own with a time limit
of each mark in turn (5, 30, 120 s by default), stopping once a run proves its optimum:
what a user gets from ``--time-limit`` at that mark. Every plan is checked with the
independent checker; the table gives time to the first plan, time to a proven optimum,
the plan and gap at each mark, peak memory, and ratios against the MIP peer.

    python benchmarks/run.py [--tiers class,year] [--marks 5,30,120] [--workers 2] [--write]
"""

from __future__ import annotations

import argparse
import ast
import multiprocessing
import os
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from greedy_peer import solve_greedy
from mip_peer import solve_mip
from results import write_section
from tiers import TIERS

from scheduler.check import check
from scheduler.model import solve
from scheduler.model.search.solver import BOUND_SOURCES

SOLVERS = ("ours", "highs")


def one_run(solver: str, tier: str, seed: int, objective: str, limit: float, workers: int) -> dict:
    """One solve in this process: the figures, the rules its plan breaks, and peak memory."""
    scenario = TIERS[tier].scenario(seed)
    if solver == "ours":
        plan = solve(scenario, time_limit=limit, num_workers=workers, objective=objective)
        result = {
            "status": str(plan.status),
            "assignments": list(plan.assignments),
            "worst_rank": plan.worst_rank,
            "total_rank": plan.total_rank,
            "bound": plan.best_bound,
            "source": plan.bound_source,
            "seconds": plan.seconds,
            "first": plan.first_plan_seconds,
        }
    elif solver == "highs":
        result = solve_mip(scenario, limit, objective)
        result["first"] = None
    else:
        result = solve_greedy(scenario, seed)
        result["first"] = result["seconds"]
    plan = result.pop("assignments")
    result["broken"] = len(check(scenario, plan)) if result["total_rank"] is not None else None
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def isolated(*args) -> dict:
    """``one_run`` in a fresh process, so that its peak memory is its own."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(one_run, args)


def measure(tier: str, seed: int, marks: list[float], workers: int) -> list[dict]:
    """Rows for one tier: each solver and objective at each mark, and the greedy peer."""
    rows = []
    for objective in ("fair", "total"):
        for solver in SOLVERS:
            for mark in marks:
                result = isolated(solver, tier, seed, objective, mark, workers)
                rows.append({"solver": solver, "objective": objective, "mark": mark, **result})
                print(tier, rows[-1], flush=True)
                if result["status"] == "optimal":
                    break
    greedy = isolated("greedy", tier, seed, "total", 0, workers)
    rows.append({"solver": "greedy", "objective": "-", "mark": 0, **greedy})
    print(tier, rows[-1], flush=True)
    return rows


def value(row: dict) -> str:
    if row["total_rank"] is None:
        return "none"
    fair = row["objective"] == "fair"
    return f"{row['worst_rank']} / {row['total_rank']}" if fair else str(row["total_rank"])


def gap(row: dict) -> str:
    """The gap to the run's bound, marked "LP" when the linear relaxation proved it."""
    if row["bound"] is None or not row["total_rank"]:
        return ""
    relaxation = row.get("source") == BOUND_SOURCES["relaxation"]
    return f"{max(0.0, row['total_rank'] - row['bound']) / row['total_rank']:.1%}" + (
        ", LP" if relaxation else ""
    )


def at_mark(runs: list[dict], mark: float) -> dict | None:
    """The run a user with ``--time-limit mark`` gets (a proven optimum stands for later marks)."""
    done = [r for r in runs if r["mark"] <= mark]
    return done[-1] if done else None


def tier_table(tier: str, rows: list[dict], marks: list[float]) -> str:
    head = (
        "| solver | objective | first plan (s) | proven optimum (s) | "
        + " | ".join(f"at {m:g} s: worst / total (gap)" for m in marks)
        + " | peak MB | rules broken |"
    )
    lines = [f"**{tier}**", "", head, "|" + "---|" * (6 + len(marks))]
    for solver in (*SOLVERS, "greedy"):
        for objective in ("fair", "total", "-"):
            runs = [r for r in rows if r["solver"] == solver and r["objective"] == objective]
            if runs:
                lines.append(_line(solver, objective, runs, marks))
    return "\n".join(lines) + "\n\n" + _ratios(rows)


def _line(solver: str, objective: str, runs: list[dict], marks: list[float]) -> str:
    proven = next((r["seconds"] for r in runs if r["status"] == "optimal"), None)
    first = next((r["first"] for r in runs if r["first"] is not None), None)
    cells = []
    for m in marks:
        r = at_mark(runs, m) if solver != "greedy" else runs[0]
        cells.append("" if r is None else f"{value(r)} {('(' + gap(r) + ')') if gap(r) else ''}")
    return (
        f"| {solver} | {objective} | {'' if first is None else f'{first:.2f}'} | "
        f"{'' if proven is None else f'{proven:.2f}'} | "
        + " | ".join(cells)
        + f" | {max(r['peak_mb'] for r in runs):.0f} | {_broken(runs)} |"
    )


def _broken(runs: list[dict]) -> str:
    """The most rules any of the runs' plans breaks ("no plan" if none had one)."""
    counts = [r["broken"] for r in runs if r["broken"] is not None and r["total_rank"] is not None]
    return str(max(counts)) if counts else "no plan"


def from_log(path: str) -> dict[str, list[dict]]:
    """The rows a run printed (``TIER {row}`` lines), by tier, to tabulate them again."""
    rows: dict[str, list[dict]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        tier, _, rest = line.partition(" ")
        if tier in TIERS and rest.startswith("{"):
            rows.setdefault(tier, []).append(ast.literal_eval(rest))
    return rows


def _ratios(rows: list[dict]) -> str:
    """Time to proven optimum, ours against HiGHS and fair against total."""

    def proven(solver, objective):
        return next(
            (
                r["seconds"]
                for r in rows
                if (r["solver"], r["objective"], r["status"]) == (solver, objective, "optimal")
            ),
            None,
        )

    parts = []
    for objective in ("fair", "total"):
        ours, peer = proven("ours", objective), proven("highs", objective)
        if ours and peer:
            parts.append(f"{objective}: ours / HiGHS time to optimum {ours / peer:.2f}")
        elif ours:
            parts.append(f"{objective}: HiGHS proved no optimum within the marks")
    fair, total = proven("ours", "fair"), proven("ours", "total")
    if fair and total:
        parts.append(f"ours, fair / total time to optimum {fair / total:.2f}")
    return "Ratios: " + ("; ".join(parts) if parts else "none proven") + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiers", default="class,year,year-windows")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--marks", default="5,30,120")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    parser.add_argument("--from-log", help="tabulate the rows an earlier run printed")
    args = parser.parse_args()
    marks = [float(m) for m in args.marks.split(",")]
    logged = from_log(args.from_log) if args.from_log else {}
    tables = []
    for tier in args.tiers.split(","):
        rows = logged.get(tier) or measure(tier, args.seed, marks, args.workers)
        tables.append(tier_table(tier, rows, marks))
    text = (
        f"{os.cpu_count()} cores on this machine; {args.workers} workers for CP-SAT; HiGHS "
        f"single-threaded. Seed {args.seed}. A gap marked LP is to the bound of the linear "
        "relaxation (HiGHS, beside our search or before its last search); the others to the "
        "solver's own.\n\n" + "\n\n".join(tables)
    )
    print(text)
    if args.write:
        write_section("peers", text)


if __name__ == "__main__":
    main()
