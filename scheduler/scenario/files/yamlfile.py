"""Read scenario.yaml into Settings (or school.yaml into a school's settings), naming the
line and key of every problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from scheduler.exceptions import Problem
from scheduler.scenario.models import Settings
from scheduler.scenario.validation.messages import plain_words, unknown_key, with_hint

FILE = "scenario.yaml"


Lines = dict[tuple, int]
Place = Callable[[tuple], tuple[str, int | None, str | None]]
"""Where a settings key path is written: (file, row or line, column or key)."""


def yaml_place(lines: Lines, file: str = FILE) -> Place:
    """Place keys of a YAML file by line and key path."""
    return lambda path: (file, line_of(lines, path), key_name(path))


def read_settings(
    folder: Path, file: str = FILE, model: type[BaseModel] = Settings
) -> tuple[Any, list[Problem], Place]:
    """Read ``folder/file`` as ``model``: the settings (or None), every problem, key places."""
    try:
        text = (folder / file).read_text(encoding="utf-8-sig")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except FileNotFoundError:
        text = f"the file is missing. Add {file} to the folder"
        return None, [Problem(file, None, None, text)], yaml_place({}, file)
    except UnicodeDecodeError:
        text = "the file is not UTF-8 text. Save it as UTF-8"
        return None, [Problem(file, None, None, text)], yaml_place({}, file)
    except yaml.YAMLError as error:
        return None, [_syntax_problem(error, file)], yaml_place({}, file)
    if not isinstance(data, dict):
        text = "the file should hold settings, one `key: value` a line, starting with name:"
        return None, [Problem(file, 1, None, text)], yaml_place({}, file)
    place = yaml_place(key_lines(node), file)
    twice = duplicate_keys(node, file=file)
    if twice:
        return None, twice, place
    settings, problems = validate_settings(data, place, model)
    return settings, problems, place


def validate_settings(
    data: dict, place: Place, model: type[BaseModel] = Settings
) -> tuple[Any, list[Problem]]:
    """Settings from plain data, or every problem placed where its key is written."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        errors = error.errors(include_url=False)
        return None, [settings_problem(item, place, model) for item in errors]


def key_lines(node: yaml.Node | None, path: tuple = ()) -> Lines:
    """Map each key path, such as ``("periods", 0, "first_week")``, to its line number."""
    lines: Lines = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = (*path, key.value)
            lines[here] = key.start_mark.line + 1
            lines.update(key_lines(value, here))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            lines.update(key_lines(item, (*path, index)))
    return lines


def duplicate_keys(node: yaml.Node | None, path: tuple = (), file: str = FILE) -> list[Problem]:
    """Keys written twice in one block: YAML would silently keep only the last."""
    problems = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                text = f"{key.value} is written twice here; only one is used. Delete one of them"
                problems.append(
                    Problem(file, key.start_mark.line + 1, key_name((*path, key.value)), text)
                )
            seen.add(key.value)
            problems += duplicate_keys(value, (*path, key.value), file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += duplicate_keys(item, (*path, index), file)
    return problems


def line_of(lines: Lines, path: tuple) -> int | None:
    """The line of ``path``, or of its nearest parent that is in the file."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def key_name(path: tuple) -> str:
    """``("periods", 0, "first_week")`` as ``periods[1].first_week`` (counting from 1)."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".")


def settings_problem(
    item: dict[str, Any], place: Place, model: type[BaseModel] = Settings
) -> Problem:
    """One pydantic error in the settings, in plain words, where its key is written."""
    path = tuple(item["loc"])
    if item["type"] == "extra_forbidden":
        message = unknown_key(str(path[-1]), _known_keys(path[:-1], model))
    else:
        message = with_hint(plain_words(item, item.get("input")), _hint(path, model))
    return Problem(*place(path), message)


def _model_at(path: tuple, top: type[BaseModel] = Settings) -> type[BaseModel] | None:
    """The settings model that holds the key at ``path`` (list indexes skipped)."""
    model: Any = top
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return annotation


def _known_keys(path: tuple, top: type[BaseModel] = Settings) -> list[str]:
    model = _model_at(path, top)
    return list(model.model_fields) if model else []


def _hint(path: tuple, top: type[BaseModel] = Settings) -> str | None:
    """The description of the innermost named key on ``path``."""
    for end in range(len(path), 0, -1):
        if isinstance(path[end - 1], str):
            model = _model_at(path[: end - 1], top)
            field = model.model_fields.get(path[end - 1]) if model else None
            return field.description if field else None
    return None


def _syntax_problem(error: yaml.YAMLError, file: str = FILE) -> Problem:
    mark = getattr(error, "problem_mark", None)
    what = getattr(error, "problem", None) or str(error)
    text = (
        f"this is not valid YAML ({what}). Check the indentation, and that each setting "
        "is written as `key: value`"
    )
    return Problem(file, mark.line + 1 if mark else None, None, text)
