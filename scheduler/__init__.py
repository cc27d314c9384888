"""scheduler: personalised assessment plans for criterion-assessed courses."""

from scheduler.exceptions import Problem, ScenarioError, SchedulerError
from scheduler.scenario import Scenario, load_scenario

__version__ = "0.1.0"

__all__ = ["Problem", "Scenario", "ScenarioError", "SchedulerError", "load_scenario"]
