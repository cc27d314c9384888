"""The executors give the same results: in process, a process pool, a Dask cluster."""

from __future__ import annotations

import pytest

from scheduler.exceptions import SchedulerError
from scheduler.explore.executor import DaskCluster, InProcess, ProcessPool, executor
from scheduler.explore.runs import Settings
from scheduler.explore.whatif import whatif
from scheduler.scenario import load_scenario
from scheduler.scenario.variants.variant import option_variant
from tests.conftest import ROOT

SETTINGS = Settings(time_limit=20, workers=1)


@pytest.fixture(scope="module")
def runs():
    scenario = load_scenario(ROOT / "scenarios" / "single-class")
    variants = [option_variant(drop=(t.task_id,), name=t.task_id) for t in scenario.tasks[:3]]
    return scenario, variants


def results(outcomes) -> list:
    return [(o.name, o.plan.status, o.plan.assignments) for o in outcomes]


def test_a_process_pool_gives_what_one_process_gives(runs):
    scenario, variants = runs
    done = []
    pooled = whatif(scenario, variants, SETTINGS, ProcessPool(2), done.append)
    assert results(pooled) == results(whatif(scenario, variants, SETTINGS, InProcess()))
    assert sum(done) == 1 + len(variants)


def test_a_dask_cluster_gives_what_a_process_pool_gives(runs):
    distributed = pytest.importorskip("distributed")
    scenario, variants = runs
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        runner = executor(address=cluster.scheduler_address)
        assert isinstance(runner, DaskCluster) and runner.workers == 2
        try:
            on_dask = whatif(scenario, variants, SETTINGS, runner)
        finally:
            runner.close()
    assert results(on_dask) == results(whatif(scenario, variants, SETTINGS, ProcessPool(2)))


def test_an_unreachable_cluster_is_a_clean_error():
    pytest.importorskip("distributed")
    with pytest.raises(SchedulerError, match="cannot reach the Dask scheduler"):
        DaskCluster("tcp://127.0.0.1:1", timeout=1)
