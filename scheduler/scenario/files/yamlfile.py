"""Read scenario.yaml into Settings, naming the line and key of every problem."""

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


def yaml_place(lines: Lines) -> Place:
    """Place keys of scenario.yaml by line and key path."""
    return lambda path: (FILE, line_of(lines, path), key_name(path))


def read_settings(folder: Path) -> tuple[Settings | None, list[Problem], Place]:
    """Read ``folder/scenario.yaml``: the settings (or None), every problem, key places."""
    path = folder / FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except FileNotFoundError:
        text = f"the file is missing. Add {FILE} to the folder"
        return None, [Problem(FILE, None, None, text)], yaml_place({})
    except UnicodeDecodeError:
        text = "the file is not UTF-8 text. Save it as UTF-8"
        return None, [Problem(FILE, None, None, text)], yaml_place({})
    except yaml.YAMLError as error:
        return None, [_syntax_problem(error)], yaml_place({})
    if not isinstance(data, dict):
        text = "the file should hold settings, one `key: value` a line, starting with name:"
        return None, [Problem(FILE, 1, None, text)], yaml_place({})
    place = yaml_place(key_lines(node))
    twice = duplicate_keys(node)
    if twice:
        return None, twice, place
    settings, problems = validate_settings(data, place)
    return settings, problems, place


def validate_settings(data: dict, place: Place) -> tuple[Settings | None, list[Problem]]:
    """Settings from plain data, or every problem placed where its key is written."""
    try:
        return Settings.model_validate(data), []
    except ValidationError as error:
        return None, [settings_problem(item, place) for item in error.errors(include_url=False)]


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


def duplicate_keys(node: yaml.Node | None, path: tuple = ()) -> list[Problem]:
    """Keys written twice in one block: YAML would silently keep only the last."""
    problems = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                text = f"{key.value} is written twice here; only one is used. Delete one of them"
                problems.append(
                    Problem(FILE, key.start_mark.line + 1, key_name((*path, key.value)), text)
                )
            seen.add(key.value)
            problems += duplicate_keys(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += duplicate_keys(item, (*path, index))
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


def settings_problem(item: dict[str, Any], place: Place) -> Problem:
    """One pydantic error in the settings, in plain words, where its key is written."""
    path = tuple(item["loc"])
    if item["type"] == "extra_forbidden":
        message = unknown_key(str(path[-1]), _known_keys(path[:-1]))
    else:
        message = with_hint(plain_words(item, item.get("input")), _hint(path))
    return Problem(*place(path), message)


def _model_at(path: tuple) -> type[BaseModel] | None:
    """The settings model that holds the key at ``path`` (list indexes skipped)."""
    model: Any = Settings
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


def _known_keys(path: tuple) -> list[str]:
    model = _model_at(path)
    return list(model.model_fields) if model else []


def _hint(path: tuple) -> str | None:
    """The description of the innermost named key on ``path``."""
    for end in range(len(path), 0, -1):
        if isinstance(path[end - 1], str):
            model = _model_at(path[: end - 1])
            field = model.model_fields.get(path[end - 1]) if model else None
            return field.description if field else None
    return None


def _syntax_problem(error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None)
    what = getattr(error, "problem", None) or str(error)
    text = (
        f"this is not valid YAML ({what}). Check the indentation, and that each setting "
        "is written as `key: value`"
    )
    return Problem(FILE, mark.line + 1 if mark else None, None, text)
