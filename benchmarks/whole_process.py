"""Benchmark: `scheduler solve` as a whole process against HiGHS on the same instance.

Ours is the command a user runs, timed from the outside: Python starting, reading the
scenario folder, building the model, solving, checking the plan with the independent checker
and writing allocation.csv, plan.xlsx and plan.yaml. The peer is HiGHS (the MIP of
benchmarks/mip_peer.py): its model build and solve, timed inside its process, and its whole
process too (Python starting, reading the same folder, building, solving; no check, nothing
written). Each is run REPEATS times in turn, the median kept; the same run, 2 workers for
CP-SAT, HiGHS single-threaded.

    python benchmarks/whole_process.py [--tier year] [--write]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from results import write_section
from tiers import TIERS

from scheduler.scenario.files.write import write_scenario

REPEATS = 3
LIMIT = 300
PEER = """
import sys, time
sys.path.insert(0, {benchmarks!r})
from mip_peer import solve_mip
from scheduler.scenario import load_scenario
result = solve_mip(load_scenario({folder!r}), {limit}, {objective!r})
print(result["seconds"], result["status"], result["total_rank"])
"""


def ours(folder: Path, objective: str, out: Path) -> float:
    """Seconds for `scheduler solve` from start to exit, its plan checked and written."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "scheduler", "solve", str(folder), "--out", str(out),
         "--objective", objective, "--workers", "2", "--time-limit", str(LIMIT), "--quiet",
         "--overwrite"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode != 0 or "optimal" not in done.stdout.splitlines()[0]:
        raise SystemExit(f"scheduler solve did not prove its plan optimal:\n{done.stdout}")
    return seconds


def peer(folder: Path, objective: str) -> tuple[float, float]:
    """HiGHS's build-and-solve seconds (timed inside) and its whole process's seconds."""
    code = PEER.format(
        benchmarks=str(Path(__file__).parent), folder=str(folder), limit=LIMIT,
        objective=objective,
    )  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    whole = time.perf_counter() - started
    inside, status, _ = done.stdout.splitlines()[-1].split()  # after HiGHS's banner
    if status != "optimal":
        raise SystemExit(f"HiGHS did not prove its plan optimal: {done.stdout}")
    return float(inside), whole


def measure(tier: str) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = write_scenario(TIERS[tier].scenario(0), Path(scratch) / tier)
        for objective in ("fair", "total"):
            times: dict[str, list[float]] = {"ours": [], "highs": [], "highs whole": []}
            for _ in range(REPEATS):
                times["ours"].append(ours(folder, objective, Path(scratch) / "plan"))
                inside, whole = peer(folder, objective)
                times["highs"].append(inside)
                times["highs whole"].append(whole)
            row = {"objective": objective, **{k: statistics.median(v) for k, v in times.items()}}
            print(tier, row, flush=True)
            rows.append(row)
    return rows


def table(tier: str, rows: list[dict]) -> str:
    lines = [
        f"Tier {tier} (seed 0), the median of {REPEATS} runs each, taken in turn; every run "
        "proved its plan optimal.",
        "",
        "| objective | `scheduler solve`, whole process (s) | HiGHS, build and solve (s) | "
        "HiGHS, whole process (s) | ours / HiGHS build and solve | ours / HiGHS whole |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['objective']} | {r['ours']:.2f} | {r['highs']:.2f} | {r['highs whole']:.2f} | "
            f"{r['ours'] / r['highs']:.2f}x | {r['ours'] / r['highs whole']:.2f}x |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", default="year", choices=list(TIERS))
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args()
    text = table(args.tier, measure(args.tier))
    print(text)
    if args.write:
        write_section("whole-process", text)


if __name__ == "__main__":
    main()
