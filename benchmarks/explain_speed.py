"""Benchmark: when no plan exists, how long the explanation and the closest plan take.

Each case is the bundled year-group scenario with one teacher's weekly marking minutes cut
in half. For each, in one run: the proof that no plan exists (``solve``, the peer), the
search for the rule groups that clash (``find_clash``), and ``solve --relax``: the
shortfall of the closest plan found, against the least any plan can have.

    python benchmarks/explain_speed.py [--limit 60] [--write]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from results import write_section

from scheduler.check import check
from scheduler.model import solve
from scheduler.model.explain import find_clash
from scheduler.plan.shortfall import DEFAULT_WEIGHTS, penalty
from scheduler.report.shortfall import shortfall_totals
from scheduler.scenario import load_scenario

ROOT = Path(__file__).parent.parent


def halved(scenario, teacher_id: str):
    teachers = tuple(
        t.model_copy(update={"weekly_marking_minutes": t.weekly_marking_minutes // 2})
        if t.teacher_id == teacher_id
        else t
        for t in scenario.teachers
    )
    return scenario.model_copy(update={"teachers": teachers})


def measure_one(scenario, limit: float) -> dict:
    proof = solve(scenario, time_limit=limit, num_workers=2)
    row = {"status": str(proof.status), "proof": proof.seconds}
    if proof.status != "infeasible":
        return row
    started = time.perf_counter()
    clash = find_clash(scenario, time_limit=30)
    row["explain"] = time.perf_counter() - started
    row["groups"] = "?" if clash is None else len(clash.groups)
    closest = solve(scenario, time_limit=limit, num_workers=2, relax=DEFAULT_WEIGHTS)
    broken = check(scenario, list(closest.assignments))
    row["shortfall"] = penalty(shortfall_totals(broken), DEFAULT_WEIGHTS)
    row["bound"] = closest.shortfall_bound
    row["worst"], row["total"] = closest.worst_rank, closest.total_rank
    return row


def measure(limit: float) -> list[tuple[str, dict]]:
    base = load_scenario(ROOT / "scenarios" / "year-group")
    rows = []
    for teacher in base.teachers:
        row = measure_one(halved(base, teacher.teacher_id), limit)
        print(teacher.teacher_id, row, flush=True)
        rows.append((f"{teacher.name} ({teacher.teacher_id})", row))
    return rows


def table(rows: list[tuple[str, dict]], limit: float) -> str:
    lines = [
        "| minutes halved | proof that no plan exists (s) | explanation (s) | explanation / proof "
        "| groups named | closest plan: shortfall | least possible (bound) | worst rank | total rank |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in rows:
        if r["status"] != "infeasible":
            lines.append(f"| {name} | a plan exists ({r['status']}) | | | | | | | |")
            continue
        lines.append(
            f"| {name} | {r['proof']:.1f} | {r['explain']:.1f} | {r['explain'] / r['proof']:.1f} "
            f"| {r['groups']} | {r['shortfall']} | {r['bound']:g} | {r['worst']} | {r['total']} |"
        )
    return "\n".join(lines) + (
        f"\n\n2 workers; `solve` and `solve --relax` with a {limit:g} s limit, the clash search "
        "with 30 s. The shortfall is in default weights (1 per marking minute)."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=60.0)
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args()
    text = table(measure(args.limit), args.limit)
    print(text)
    if args.write:
        write_section("explain-speed", text)


if __name__ == "__main__":
    main()
