"""Report layer: pandas frames and text summaries of scenarios and plans."""

from scheduler.report.validation import coverage_frame, marking_frame, validation_report

__all__ = ["coverage_frame", "marking_frame", "validation_report"]
