"""The garbage collector is paused while a model is built, and runs again after."""

from __future__ import annotations

import gc
import threading

import pytest

from scheduler.model import solve
from scheduler.model.rules.collector import collector_paused
from scheduler.scenario.synthetic import synthetic_scenario


def test_paused_inside_and_on_again_after_even_on_an_error():
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_left_off_when_it_was_off():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_builds_in_threads_leave_it_on_when_the_last_ends():
    """The first build ends before the second: the collector stays off until the second
    ends, then runs again (not left off for good, as a saved-and-restored state would)."""
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with collector_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():
        first_in.wait(5)
        with collector_paused():
            second_in.set()
            first_out.wait(5)
            seen["after the first ended"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == {"after the first ended": False} and gc.isenabled()


def test_solve_leaves_the_collector_on():
    scenario = synthetic_scenario(12, 1, 4, seed=1)
    assert solve(scenario, time_limit=5, num_workers=1).found
    assert solve(scenario, time_limit=0.0001, num_workers=1) is not None  # stopped mid-build
    assert gc.isenabled()
