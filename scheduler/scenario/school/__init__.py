"""A school: several subjects' scenarios planned as one (FORMAT.md version 2)."""

from scheduler.scenario.school.load import (
    SCHOOL_FILE,
    is_school,
    load_school,
    load_school_with_warnings,
)
from scheduler.scenario.school.models import School, SchoolPolicy, SchoolSettings

__all__ = [
    "SCHOOL_FILE",
    "School",
    "SchoolPolicy",
    "SchoolSettings",
    "is_school",
    "load_school",
    "load_school_with_warnings",
]
