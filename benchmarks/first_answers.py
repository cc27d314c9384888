"""Benchmark: the answers that should come at once, as whole commands (start, read, answer).

On the bundled year group, measured in one run:
- a no-plan the pre-check proves (criterion B's ``min_per_period`` raised from 1 to 2, which
  the menu cannot hold):
  ``scheduler solve`` and ``scheduler validate``, against the search that answer used to wait
  for (the solve and the clash explanation it now skips), run in the same process;
- an ``--out`` that cannot be written (a folder holding a plan, no ``--overwrite``; a file):
  ``scheduler solve`` refusing it, against the solve whose work used to be thrown away.
Each command's peer is the command line's own start (``scheduler --version``).

    python benchmarks/first_answers.py [--rounds 3] [--write]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from results import write_section

from scheduler.model import solve
from scheduler.model.explain import find_clash
from scheduler.scenario import load_scenario

ROOT = Path(__file__).parent.parent
YEAR_GROUP = ROOT / "scenarios" / "year-group"
SCHEDULER = str(Path(sys.executable).parent / "scheduler")


def seconds(words: list[str], expect: int) -> float:
    """Wall time of one whole command, which must end with exit code ``expect``."""
    started = time.perf_counter()
    done = subprocess.run([SCHEDULER, *words], capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode != expect:
        raise SystemExit(f"{' '.join(words)}: exit {done.returncode}\n{done.stdout}{done.stderr}")
    return took


def demanding(folder: Path) -> Path:
    """The year group with criterion B's min_per_period raised from 1 to 2."""
    target = folder / "demanding"
    shutil.copytree(YEAR_GROUP, target)
    settings = target / "scenario.yaml"
    text = settings.read_text()
    old = "{id: B, name: Inquiring and designing, min_per_period: 1}"
    assert old in text
    settings.write_text(text.replace(old, old.replace("1}", "2}")))
    return target


def searched(folder: Path) -> float:
    """The search the pre-check now spares: the solve that proves no plan, and the clash."""
    scenario = load_scenario(folder)
    started = time.perf_counter()
    plan = solve(scenario, time_limit=60, num_workers=2)
    find_clash(scenario, time_limit=30)
    took = time.perf_counter() - started
    assert plan.status == "infeasible", plan.status
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    impossible = demanding(work)
    taken = work / "taken"
    assert seconds(["solve", str(YEAR_GROUP), "--out", str(taken), "--quiet"], 0)
    a_file = work / "notes.txt"
    a_file.write_text("mine")
    runs = {
        "start (`scheduler --version`)": (["--version"], 0),
        "no plan, seen before solving: `solve`": (
            ["solve", str(impossible), "--out", str(work / "none"), "--quiet"],
            3,
        ),
        "no plan, seen before solving: `validate`": (["validate", str(impossible)], 3),
        "`--out` holding a plan, refused": (
            ["solve", str(YEAR_GROUP), "--out", str(taken), "--quiet"],
            1,
        ),
        "`--out` naming a file, refused": (
            ["solve", str(YEAR_GROUP), "--out", str(a_file), "--quiet"],
            1,
        ),
        "peer: the solve a refused `--out` used to throw away": (
            ["solve", str(YEAR_GROUP), "--out", str(work / "fresh"), "--quiet", "--overwrite"],
            0,
        ),
    }
    times = {name: [seconds(*run) for _ in range(args.rounds)] for name, run in runs.items()}
    times["peer: the search a proven no-plan used to wait for (in process)"] = [
        searched(impossible) for _ in range(args.rounds)
    ]
    start = statistics.median(times["start (`scheduler --version`)"])
    lines = [
        "| answer | median of runs (s) | slowest (s) | median / start |",
        "|---|---:|---:|---:|",
    ]
    for name, values in times.items():
        median = statistics.median(values)
        lines.append(f"| {name} | {median:.2f} | {max(values):.2f} | {median / start:.1f} |")
        print(lines[-1], flush=True)
    text = "\n".join(lines) + (
        f"\n\nThe bundled year group (182 students, 18 tasks), {args.rounds} rounds, 2 cores; "
        "whole processes but the last row, which is the search alone."
    )
    print(text)
    shutil.rmtree(work, ignore_errors=True)
    if args.write:
        write_section("first-answers", text)


if __name__ == "__main__":
    main()
