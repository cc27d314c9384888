"""Scenario layer: pydantic models, loading, validation and writing. Never imports ortools."""

from scheduler.scenario.load import load_scenario, load_with_warnings
from scheduler.scenario.models import (
    Criterion,
    Period,
    Pin,
    Policy,
    Scenario,
    Settings,
    Student,
    Task,
    TasksPerStudent,
    Teacher,
)
from scheduler.scenario.write import write_scenario

__all__ = [
    "Criterion",
    "Period",
    "Pin",
    "Policy",
    "Scenario",
    "Settings",
    "Student",
    "Task",
    "TasksPerStudent",
    "Teacher",
    "load_scenario",
    "load_with_warnings",
    "write_scenario",
]
