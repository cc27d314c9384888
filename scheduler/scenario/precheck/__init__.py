"""What can be known about a scenario's feasibility before solving: cheap necessary conditions.

``facts`` holds what the bounds share; ``checks`` the bounds of version 1's rules (criteria,
marking, students' tasks, common tasks and pins) and the ``precheck`` that runs them all;
``curriculum`` the bounds of units and skills.
"""

from scheduler.scenario.precheck.checks import CoverageLine, MarkingLine, Precheck, precheck
from scheduler.scenario.precheck.curriculum import QuotaLine

__all__ = ["CoverageLine", "MarkingLine", "Precheck", "QuotaLine", "precheck"]
