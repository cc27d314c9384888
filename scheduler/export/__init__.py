"""Export layer: plan files on disk, each written whole or not at all."""

from scheduler.export.files import write_plan

__all__ = ["write_plan"]
