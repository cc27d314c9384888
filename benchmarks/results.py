"""Replace one marked section of benchmarks/RESULTS.md with a freshly measured table."""

from __future__ import annotations

import multiprocessing
import platform
import re
import resource
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "RESULTS.md"


def write_section(name: str, text: str) -> None:
    """Put ``text`` between ``<!-- name -->`` and ``<!-- /name -->``, with a dated stamp."""
    marker = re.compile(rf"<!-- {name} -->\n.*?<!-- /{name} -->", re.DOTALL)
    stamp = f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, Python {platform.python_version()}."
    section = f"<!-- {name} -->\n{stamp}\n\n{text}\n<!-- /{name} -->"
    old = RESULTS.read_text(encoding="utf-8")
    if not marker.search(old):
        raise SystemExit(f"RESULTS.md has no <!-- {name} --> section")
    RESULTS.write_text(marker.sub(lambda _: section, old), encoding="utf-8")


def isolated(function, *args) -> dict:
    """``function(*args)`` in a fresh process of its own (its peak memory is its own)."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def solve_figures(scenario, objective: str, limit: float, workers: int) -> tuple[dict, object]:
    """One solve's figures (status, worst and total rank, gap, first plan and search seconds,
    rules the checker finds broken, the process's peak memory), and its plan."""
    from scheduler.check import check
    from scheduler.model import solve

    plan = solve(scenario, time_limit=limit, num_workers=workers, objective=objective)
    broken = check(scenario, list(plan.assignments)) if plan.found else None
    figures = {
        "status": str(plan.status),
        "worst": plan.worst_rank,
        "total": plan.total_rank,
        "gap": plan.gap,
        "first": plan.first_plan_seconds,
        "seconds": plan.seconds,
        "broken": None if broken is None else len(broken),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    return figures, plan


def cells(row: dict) -> dict[str, str]:
    """A solve's figures as table cells: ``value`` (worst / total, or the total), ``gap``,
    ``first`` (seconds to the first plan), ``seconds``, ``broken`` and ``peak`` (MB)."""
    fair = row["objective"] == "fair"
    return {
        "value": f"{row['worst']} / {row['total']}" if fair else str(row["total"]),
        "gap": "" if row["gap"] is None else format(row["gap"], ".2%"),
        "first": "" if row["first"] is None else format(row["first"], ".1f") + " s",
        "seconds": f"{row['seconds']:.1f}",
        "broken": str(row["broken"]),
        "peak": f"{row['peak_mb']:.0f}",
    }


def arguments(doc: str):
    """The options every paired benchmark takes: --workers, --seed and --write."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    return parser.parse_args()
