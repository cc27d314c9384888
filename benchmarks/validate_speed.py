"""Benchmark: how long `scheduler validate` takes, against reading the same files with pandas.

The peer is `pandas.read_csv` (its C parser) of every CSV file of the scenario, the least
work any validator must do. Both are timed in the same run, best of --repeat, and the result
is reported as a ratio, since these machines are shared and absolute times are noisy.

    python benchmarks/validate_speed.py [--repeat 3] [--write]

With --write, the table replaces the one in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from results import write_section

from scheduler.report import validation_report
from scheduler.scenario import write_scenario
from scheduler.scenario.synthetic import synthetic_scenario

SIZES = [
    # (label, students, classes, tasks, ranked per student)
    ("year group", 180, 7, 18, 6),
    ("school, 1,000", 1000, 40, 50, 10),
    ("school, 5,000 x 200", 5000, 200, 200, 20),
    ("5,000 x 200, every task ranked", 5000, 200, 200, 200),
]
RESULTS = Path(__file__).parent / "RESULTS.md"


def best_time(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def read_with_pandas(folder: Path) -> None:
    for path in folder.glob("*.csv"):
        pd.read_csv(path, dtype=str, keep_default_na=False)


def measure(repeat: int) -> list[tuple]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, students, classes, tasks, ranked in SIZES:
            folder = Path(tmp) / label.replace(" ", "_").replace(",", "")
            write_scenario(synthetic_scenario(students, classes, tasks, ranked=ranked), folder)
            preferences = students * min(ranked, tasks)
            ours = best_time(lambda f=folder: validation_report(f), repeat)
            peer = best_time(lambda f=folder: read_with_pandas(f), repeat)
            rows.append((label, students, tasks, preferences, ours, peer))
            print(f"{label}: validate {ours:.2f} s, pandas.read_csv {peer:.2f} s")
    return rows


def table(rows: list[tuple]) -> str:
    lines = [
        "| scenario | students | tasks | preference rows | validate (s) | peer: pandas.read_csv (s) | validate / peer |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, students, tasks, prefs, ours, peer in rows:
        lines.append(
            f"| {label} | {students:,} | {tasks} | {prefs:,} | {ours:.2f} | {peer:.2f} | {ours / peer:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args()
    text = table(measure(args.repeat))
    print(text)
    if args.write:
        write_section("validate-speed", text)


if __name__ == "__main__":
    main()
