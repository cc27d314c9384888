"""Write a school folder: school.yaml and a scenario folder for each subject."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml

from scheduler.exceptions import OutputTaken
from scheduler.scenario.files.write import _swap_in, scenario_files
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
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())) and not overwrite:
        raise OutputTaken(
            f"{folder} already exists and is not empty; choose a new folder, or add --overwrite "
            "to replace it",
            "--overwrite",
        )
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        (staging / "school.yaml").write_text(school_yaml(school), encoding="utf-8")
        for name, scenario in school.subjects.items():
            (staging / name).mkdir()
            for file, text in scenario_files(scenario).items():
                (staging / name / file).write_text(text, encoding="utf-8")
        _swap_in(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder
