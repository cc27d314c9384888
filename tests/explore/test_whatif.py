"""What-if on the year group: variants against the baseline, a sweep, the menu report."""

from __future__ import annotations

import pytest
from PIL import Image

from scheduler.explore.executor import InProcess, ProcessPool
from scheduler.explore.runs import Settings
from scheduler.explore.whatif import menu_runs, sweep_variants, whatif
from scheduler.plan import Status
from scheduler.report.compare import comparison_frame
from scheduler.report.menu import WANTED, more_places_ranking, task_frame
from scheduler.report.sweep import sweep_chart, sweep_frame
from scheduler.scenario import load_scenario
from scheduler.scenario.variants.variant import option_variant
from tests.conftest import DATA

SETTINGS = Settings(time_limit=60, workers=2)


@pytest.fixture(scope="module")
def year():
    return load_scenario(DATA / "year-group-v1")


def objective(outcome) -> tuple[int, int]:
    """The fair objective: the worst rank, then the total."""
    return (outcome.plan.worst_rank, outcome.plan.total_rank)


def test_dropping_a_task_many_ranked_first_loses_first_choices(year):
    firsts = sum(1 for ranks in year.preferences.values() if ranks.get("S10") == 1)
    assert firsts >= 15  # S10 is a first choice of many
    base, dropped = whatif(year, [option_variant(drop=("S10",))], SETTINGS, InProcess())
    frame = comparison_frame([base, dropped]).set_index("variant")
    assert dropped.plan.found
    assert frame["first choice"].iloc[1] < frame["first choice"].iloc[0]
    assert frame["students whose tasks change"].iloc[1] >= firsts - 1


def test_more_minutes_for_a_binding_teacher_never_worsen_the_objective(year, tmp_path):
    variants = sweep_variants("teacher.TAN.weekly_marking_minutes=450,500,700,900")
    base, *outcomes = whatif(year, variants, SETTINGS, InProcess())
    assert all(o.plan.status == Status.OPTIMAL for o in [base, *outcomes])
    fewer, less, more, most = (objective(o) for o in outcomes)
    assert fewer >= less > objective(base)  # fewer minutes than 600 cost the students
    assert more <= objective(base) and most <= more  # more never cost them
    frame = sweep_frame("minutes", outcomes)
    chart = tmp_path / "sweep.png"
    sweep_chart(frame, "minutes", chart, "TAN's minutes")
    with Image.open(chart) as image:
        assert image.format == "PNG" and image.size[0] > 500 and image.size[1] > 300
        image.verify()


def test_the_menu_ranks_the_most_wanted_full_task_first_for_more_places(year):
    with_capacity = [t.task_id for t in year.tasks if t.capacity is not None]
    runs = menu_runs(year, Settings(60, 1), ProcessPool(2), extra=10, only=with_capacity)
    frame = task_frame(year, runs)
    full = frame[frame["full"] == "yes"]
    most_wanted = full.sort_values(WANTED, ascending=False)["task_id"].iloc[0]
    ranking = more_places_ranking(frame, 10)
    assert ranking["task_id"].iloc[0] == most_wanted
    assert ranking["+10 places: total rank +"].iloc[0] < 0  # it gains
    assert all(runs.more_places[t].plan.found for t in with_capacity)
