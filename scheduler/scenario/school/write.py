"""Write a school folder: school.yaml and a scenario folder for each subject."""

from __future__ import annotations

from pathlib import Path

import yaml

from scheduler.scenario.files.write import scenario_files, write_folder
from scheduler.scenario.school.models import School


def school_yaml(school: School) -> str:
    """school.yaml's text."""
    settings = school.settings
    data: dict = {"name": settings.name, "weeks": settings.weeks}
    if settings.start_date:
        data["start_date"] = settings.start_date
    if settings.no_deadline_weeks:
        data["no_deadline_weeks"] = list(settings.no_deadline_weeks)
    data["subjects"] = list(school.subjects)
    if settings.policy.max_deadlines_per_week is not None:
        data["policy"] = {"max_deadlines_per_week": settings.policy.max_deadlines_per_week}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None)


def write_school(school: School, folder: str | Path, overwrite: bool = False) -> Path:
    """Write ``school`` to ``folder`` whole (each subject a scenario folder beside
    school.yaml); refuse to replace a folder with files unless asked."""
    files = {"school.yaml": school_yaml(school)}
    for name, scenario in school.subjects.items():
        files.update({f"{name}/{file}": text for file, text in scenario_files(scenario).items()})
    return write_folder(files, folder, overwrite)
