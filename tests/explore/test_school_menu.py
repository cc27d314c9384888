"""A school's menu report: each subject's task dropped, or given more places, with the
whole school solved each time (one school a task, here or on a Dask cluster)."""

from __future__ import annotations

import pytest

from scheduler.exceptions import SchedulerError
from scheduler.explore.executor import InProcess, executor
from scheduler.explore.runs import Settings
from scheduler.explore.schools import school_menu_run_count, school_menu_runs, school_menu_tasks
from scheduler.plan import Status
from scheduler.report.school_menu import school_menu_frames, school_menu_text
from scheduler.scenario.school.synthetic import synthetic_school

SETTINGS = Settings(time_limit=20, workers=1)
SCHOOL = synthetic_school(students=10, subjects=2, tasks=5, classes=2, seed=1)


@pytest.fixture(scope="module")
def runs():
    done = []
    made = school_menu_runs(SCHOOL, SETTINGS, InProcess(), extra=5, progress=done.append)
    assert sum(done) == school_menu_run_count(SCHOOL)
    return made


def ranks(outcome) -> tuple:
    return outcome.plan.worst_rank, outcome.plan.total_rank


def test_every_task_of_every_subject_is_dropped_and_each_capacity_raised(runs):
    tasks = [(n, t.task_id) for n, s in SCHOOL.subjects.items() for t in s.tasks]
    assert list(runs.dropped) == tasks
    capped = [(n, t.task_id) for n, s in SCHOOL.subjects.items() for t in s.tasks if t.capacity]
    assert list(runs.more_places) == capped and capped
    for (subject, task), outcome in runs.dropped.items():
        assert task not in outcome.school.subjects[subject].task_by_id
        assert outcome.school.subjects[subject].tasks != SCHOOL.subjects[subject].tasks


def test_a_drop_never_betters_the_school_and_more_places_never_worsen_it(runs):
    base = ranks(runs.baseline)
    assert runs.baseline.plan.status == Status.OPTIMAL
    for outcome in [*runs.dropped.values(), *runs.more_places.values()]:
        assert outcome.broken == 0
    for outcome in runs.dropped.values():
        if outcome.plan.found:
            assert outcome.plan.status == Status.OPTIMAL and ranks(outcome) >= base
        else:
            assert outcome.plan.status == Status.INFEASIBLE and outcome.reason
    for outcome in runs.more_places.values():
        assert outcome.plan.status == Status.OPTIMAL and ranks(outcome) <= base


def test_a_task_without_which_there_is_no_plan_says_why_in_the_subjects_words(runs):
    outcome = runs.dropped["sciences", "S01"]
    assert not outcome.plan.found
    assert outcome.reason.startswith("sciences: Criterion")
    frame = school_menu_frames(SCHOOL, runs)["Tasks"]
    row = frame[(frame["subject"] == "sciences") & (frame["task_id"] == "S01")].iloc[0]
    assert row["dropped: plan"] == "no plan"
    assert row["dropped: why no plan"] == outcome.reason


def test_the_report_names_each_task_with_its_subject(runs):
    frames = school_menu_frames(SCHOOL, runs)
    assert list(frames) == ["Tasks", "Criteria", "Groups would save"]
    for frame in frames.values():
        assert frame.columns[0] == "subject"
        assert set(frame["subject"]) == set(SCHOOL.subjects)
    text = school_menu_text(SCHOOL, runs)
    assert "against the school plan" in text and "mathematics  M02" in text


def test_tasks_are_chosen_by_subject_or_subject_and_task():
    chosen = school_menu_tasks(SCHOOL, ["mathematics", "sciences:S02"])
    assert [(n, t.task_id) for n, t in chosen] == [
        ("sciences", "S02"),
        *[("mathematics", f"M0{i}") for i in range(1, 6)],
    ]
    with pytest.raises(SchedulerError, match=r"S02.*SUBJECT:TASK.*sciences, mathematics"):
        school_menu_tasks(SCHOOL, ["S02"])


def test_a_dask_cluster_gives_what_one_process_gives():
    distributed = pytest.importorskip("distributed")
    only = ["sciences:S02", "mathematics:M01"]
    here = school_menu_runs(SCHOOL, SETTINGS, InProcess(), only=only)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        runner = executor(address=cluster.scheduler_address)
        try:
            there = school_menu_runs(SCHOOL, SETTINGS, runner, only=only)
        finally:
            runner.close()
    for key in [*here.dropped, *here.more_places]:
        a = here.dropped.get(key) or here.more_places[key]
        b = there.dropped.get(key) or there.more_places[key]
        assert (a.plan.status, ranks(a), a.reason) == (b.plan.status, ranks(b), b.reason)
