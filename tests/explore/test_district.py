"""A district: several schools, one school a task, on this machine or a Dask cluster."""

from __future__ import annotations

import pytest

from scheduler.explore.executor import DaskCluster, InProcess, ProcessPool, executor
from scheduler.explore.runs import Settings
from scheduler.explore.schools import district
from scheduler.scenario.school.synthetic import synthetic_school

SETTINGS = Settings(time_limit=20, workers=1)
SCHOOLS = {
    f"school-{seed}": synthetic_school(students=10, subjects=2, tasks=4, classes=2, seed=seed)
    for seed in (1, 2, 3)
}


def results(outcomes) -> list:
    return [
        (
            o.name,
            o.plan.status,
            o.plan.total_rank,
            o.broken,
            [p.assignments for p in o.plan.subjects.values()],
        )
        for o in outcomes
    ]


def test_every_school_is_solved_and_checked_in_order():
    done = []
    outcomes = district(SCHOOLS, SETTINGS, InProcess(), done.append)
    assert [o.name for o in outcomes] == list(SCHOOLS) and sum(done) == len(SCHOOLS)
    assert all(o.plan.found and o.broken == 0 for o in outcomes)


def test_a_process_pool_gives_what_one_process_gives():
    pooled = district(SCHOOLS, SETTINGS, ProcessPool(2))
    assert results(pooled) == results(district(SCHOOLS, SETTINGS, InProcess()))


def test_a_dask_cluster_gives_what_one_process_gives():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        runner = executor(address=cluster.scheduler_address)
        assert isinstance(runner, DaskCluster)
        try:
            on_dask = district(SCHOOLS, SETTINGS, runner)
        finally:
            runner.close()
    assert results(on_dask) == results(district(SCHOOLS, SETTINGS, InProcess()))
