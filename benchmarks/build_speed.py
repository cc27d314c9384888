"""Benchmark: building the model, where its time goes, and that it grows linearly (issue 20).

Ours is what `solve` does before its first search: the variables, each rule family in turn,
and the objective with the guessed due weeks (scheduler.model.search.ranks), each part timed,
with Python's garbage collector paused as `solve` pauses it (scheduler.model.rules.collector);
the same build with the collector on is timed beside it.
For a scenario the peer is HiGHS's model of the same rules (benchmarks/mip_peer.py, built
through OR-Tools' pywraplp); for a school, every subject's model built on its own (what the
school's peer, each subject planned apart, builds), so that the ratio is the cost of
planning the subjects together. Each is built --repeat times in turn in the same run, the
least time kept. Growth is shown by the microseconds per assignment (a student and a task
they may take) across sizes of the same make: linear when it stays flat.

    python benchmarks/build_speed.py [--repeat 2] [--write]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import Counter
from pathlib import Path

from ortools.sat.python import cp_model

sys.path.insert(0, str(Path(__file__).parent))
from mip_peer import MipModel
from results import write_section
from school import school_of
from tiers import TIERS

from scheduler.model.rules.collector import collector_paused
from scheduler.model.rules.constraints import Constraints
from scheduler.model.rules.variables import Variables
from scheduler.model.school import SchoolModel
from scheduler.model.search.ranks import Ranks
from scheduler.plan import rank_costs

SCHOOL_TIER = TIERS["school"]
# The school tier at a quarter, a half and in full: the same make, four times the assignments.
SCENARIOS = [
    TIERS["year-windows"],
    TIERS["large"],
    dataclasses.replace(SCHOOL_TIER, name="school, a quarter", students=375, classes=15),
    dataclasses.replace(SCHOOL_TIER, name="school, a half", students=750, classes=30),
    SCHOOL_TIER,
]
SCHOOLS = [300, 600, 1200]  # students of benchmarks/school.py's school (8 subjects x 8 tasks)
SHOWN = 3  # the parts that took longest, in the table


class Laps:
    """Seconds spent in each named part of a build."""

    def __init__(self):
        self.parts: Counter = Counter()
        self.last = time.perf_counter()

    def lap(self, part: str) -> None:
        now = time.perf_counter()
        self.parts[part] += now - self.last
        self.last = now

    def each(self, families) -> None:
        """Each rule family added in turn, timed under its name."""
        for family in families:
            family()
            self.lap(family.__name__)

    def total(self) -> float:
        return sum(self.parts.values())


def paused(build):
    """``build`` with the garbage collector paused, as `solve` builds."""

    def run(instance) -> tuple[Laps, cp_model.CpModel, int]:
        with collector_paused():
            return build(instance)

    return run


def build_scenario_with_collector(scenario) -> tuple[Laps, cp_model.CpModel, int]:
    """Our model of one scenario, as `solve` builds it: each part timed."""
    laps = Laps()
    model = cp_model.CpModel()
    variables = Variables(model, scenario)
    laps.lap("variables")
    laps.each(Constraints(model, scenario, variables).families())
    ranks = Ranks(variables, rank_costs(scenario, variables.pairs))
    model.minimize(ranks.objective()[0])
    laps.lap("objective")
    return laps, model, len(variables.pairs)


def build_school_with_collector(school) -> tuple[Laps, cp_model.CpModel, int]:
    """Our model of a whole school, as `solve` builds it: each rule family timed over all
    subjects together, the school's own rules apart."""
    laps = Laps()
    model = cp_model.CpModel()
    subjects = SchoolModel(model, school)
    laps.lap("variables")
    laps.each(subjects.families())
    model.minimize(subjects.ranks().objective()[0])
    laps.lap("objective")
    return laps, model, sum(len(v.pairs) for v in subjects.variables.values())


build_scenario = paused(build_scenario_with_collector)
build_school = paused(build_school_with_collector)
SCENARIO_BUILDS = build_scenario, build_scenario_with_collector
SCHOOL_BUILDS = build_school, build_school_with_collector


def subjects_apart(school) -> float:
    """Seconds to build every subject's own model, one after another."""
    start = time.perf_counter()
    for scenario in school.planned_subjects().values():
        build_scenario(scenario)
    return time.perf_counter() - start


def highs_build(scenario) -> float:
    start = time.perf_counter()
    MipModel(scenario)
    return time.perf_counter() - start


def least(runs: list[tuple[Laps, cp_model.CpModel, int]]) -> tuple[Laps, cp_model.CpModel, int]:
    return min(runs, key=lambda run: run[0].total())


def measure(build, collecting, peer, instance, label: str, repeat: int) -> dict:
    """``instance`` built ``repeat`` times by us, by us with the collector on
    (``collecting``) and by ``peer`` in turn; the least of each."""
    ours, on, peers = [], [], []
    for _ in range(repeat):
        ours.append(build(instance))
        on.append(collecting(instance)[0].total())
        peers.append(peer(instance))
    laps, model, assignments = least(ours)
    row = {
        "label": label,
        "assignments": assignments,
        "variables": len(model.proto.variables),
        "constraints": len(model.proto.constraints),
        "seconds": laps.total(),
        "collector on": min(on),
        "peer": min(peers),
        "parts": laps.parts,
    }
    print(f"{label}: {row['seconds']:.2f} s, peer {row['peer']:.2f} s", flush=True)
    return row


def where(parts: Counter, total: float) -> str:
    """The parts that took longest, with their share of the build."""
    return ", ".join(f"{name} {seconds / total:.0%}" for name, seconds in parts.most_common(SHOWN))


def table(rows: list[dict], peer: str) -> str:
    base = rows[0]["seconds"] / rows[0]["assignments"]
    lines = [
        f"| instance | assignments | variables | constraints | build (s) | µs per assignment | against the first row | with the collector on (s) | peer: {peer} (s) | build / peer | where the time goes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        each = r["seconds"] / r["assignments"]
        lines.append(
            f"| {r['label']} | {r['assignments']:,} | {r['variables']:,} | {r['constraints']:,} "
            f"| {r['seconds']:.2f} | {each * 1e6:.1f} | {each / base:.2f}x "
            f"| {r['collector on']:.2f} | {r['peer']:.2f} "
            f"| {r['seconds'] / r['peer']:.2f} | {where(r['parts'], r['seconds'])} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args()
    scenarios = [
        measure(*SCENARIO_BUILDS, highs_build, tier.scenario(0), tier.name, args.repeat)
        for tier in SCENARIOS
    ]
    schools = [
        measure(*SCHOOL_BUILDS, subjects_apart, school_of(n, 0), f"school of {n:,}", args.repeat)
        for n in SCHOOLS
    ]
    text = "\n\n".join(
        [
            "Scenarios (benchmarks/tiers.py, seed 0):",
            table(scenarios, "HiGHS's model"),
            "Schools (benchmarks/school.py's, 8 subjects x 8 tasks, seed 0):",
            table(schools, "each subject apart"),
        ]
    )
    print(text)
    if args.write:
        write_section("build-speed", text)


if __name__ == "__main__":
    main()
