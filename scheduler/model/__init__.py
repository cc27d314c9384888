"""Model layer: the CP-SAT model of a term plan. No CP-SAT object leaves this layer."""

from scheduler.model.search.solver import Watch
from scheduler.model.solve import OBJECTIVES, solve

__all__ = ["OBJECTIVES", "Watch", "solve"]
