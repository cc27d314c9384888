"""Synthetic scenarios are valid, pass the pre-check, and are the same for the same seed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.scenario import load_with_warnings, write_scenario
from scheduler.scenario.precheck import precheck
from scheduler.scenario.synthetic import synthetic_scenario


@settings(max_examples=15, deadline=None)
@given(
    students=st.integers(10, 300),
    classes=st.integers(1, 12),
    tasks=st.integers(6, 40),
    periods=st.integers(1, 3),
    seed=st.integers(0, 10_000),
)
def test_synthetic_scenarios_load_and_fit(
    tmp_path_factory, students, classes, tasks, periods, seed
):
    scenario = synthetic_scenario(
        students, min(classes, students), tasks, weeks=12, periods=periods, seed=seed
    )
    loaded, warnings = load_with_warnings(write_scenario(scenario, tmp_path_factory.mktemp("s")))
    assert loaded.model_dump() == scenario.model_dump()
    assert [w for w in warnings if "no reporting period" not in w.message] == []
    assert precheck(loaded).warnings == []


def test_same_seed_same_scenario():
    assert synthetic_scenario(seed=3).model_dump() == synthetic_scenario(seed=3).model_dump()
    assert synthetic_scenario(seed=3).model_dump() != synthetic_scenario(seed=4).model_dump()
