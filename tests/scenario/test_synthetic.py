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


@settings(max_examples=10, deadline=None)
@given(students=st.integers(40, 250), classes=st.integers(1, 8), seed=st.integers(0, 10_000))
def test_synthetic_group_tasks_load_with_partner_wishes_between_classmates(
    tmp_path_factory, students, classes, seed
):
    scenario = synthetic_scenario(students, classes, 16, windows=0.5, seed=seed, own=2, groups=1)
    loaded, warnings = load_with_warnings(write_scenario(scenario, tmp_path_factory.mktemp("s")))
    assert loaded.model_dump() == scenario.model_dump()
    assert [w for w in warnings if "no reporting period" not in w.message] == []
    assert [t.group_size for t in scenario.tasks if t.group_size] == [(3, 4)]
    classes_of = {s.student_id: s.class_id for s in scenario.students}
    pairs = {p.wish: set() for p in scenario.partners}
    for p in scenario.partners:
        assert classes_of[p.student_id] == classes_of[p.partner_id] and p.student_id != p.partner_id
        pairs[p.wish].add(frozenset((p.student_id, p.partner_id)))
    assert pairs.get("with") and pairs.get("never")
    assert not pairs["with"] & pairs["never"]
