"""The benchmark's tiers of scenario size, and a generator of their scenario folders.

    python benchmarks/tiers.py TIER [--seed N] --out FOLDER

writes one tier's scenario (FORMAT.md's folder of YAML and CSV files) for that seed.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from scheduler.scenario import Scenario, write_scenario
from scheduler.scenario.synthetic import synthetic_scenario


@dataclass(frozen=True)
class Tier:
    """A size of problem: students, classes, tasks, and the share of tasks with windows."""

    name: str
    students: int
    classes: int
    tasks: int
    windows: float
    slack: float = 1.3  # teachers' minutes against their expected marking: tight

    def scenario(self, seed: int = 0) -> Scenario:
        """This tier's scenario for ``seed``, named after both."""
        scenario = synthetic_scenario(
            self.students,
            self.classes,
            self.tasks,
            weeks=12,
            periods=2,
            ranked=6,
            seed=seed,
            windows=self.windows,
            slack=self.slack,
        )
        name = f"Benchmark {self.name}, seed {seed}"
        return scenario.model_copy(
            update={"settings": scenario.settings.model_copy(update={"name": name})}
        )


TIERS = {
    t.name: t
    for t in (
        Tier("class", 30, 1, 8, windows=0.0),
        Tier("year", 200, 8, 20, windows=0.0),
        Tier("year-windows", 200, 8, 20, windows=0.5),
        Tier("large", 600, 24, 40, windows=0.5),
        Tier("school", 1500, 60, 60, windows=0.5),
    )
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tier", choices=list(TIERS))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    folder = write_scenario(TIERS[args.tier].scenario(args.seed), args.out)
    print(f"wrote {folder}")


if __name__ == "__main__":
    main()
