"""Scenario layer: pydantic models, loading, validation and writing. Never imports ortools."""

from scheduler.scenario.files.load import load_scenario, load_with_warnings
from scheduler.scenario.files.write import write_scenario
from scheduler.scenario.models import (
    Criterion,
    Partner,
    Period,
    Pin,
    Policy,
    Scenario,
    Settings,
    Skill,
    Student,
    Task,
    TasksPerStudent,
    Teacher,
    Unit,
)

__all__ = [
    "Criterion",
    "Partner",
    "Period",
    "Pin",
    "Policy",
    "Scenario",
    "Settings",
    "Skill",
    "Student",
    "Task",
    "TasksPerStudent",
    "Teacher",
    "Unit",
    "load_scenario",
    "load_with_warnings",
    "write_scenario",
]
