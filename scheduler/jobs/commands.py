"""The next command to suggest: the user's own command, with what it needs added.

A suggestion that drops the options that shaped the scenario (``--set``, ``--variant``,
``--drop-student``, ``--keep``) would solve another scenario, so every suggestion starts
from the words the user typed and only adds to them.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from scheduler.exceptions import OutputTaken
from scheduler.scenario.variants.variant import COMMAND_LINE, Variant


@dataclass(frozen=True)
class Command:
    """A command as typed, without the leading ``scheduler``."""

    words: tuple[str, ...]

    def plus(self, *options: str) -> str:
        """The command with ``options`` added (those it already has are not repeated), quoted
        so that it can be pasted into a shell."""
        words = [*self.words, *(o for o in options if o not in self.words)]
        return shlex.join(["scheduler", *words])


def solve_command(
    scenario: str | Path,
    out: str | Path,
    variants: Sequence[Variant] = (),
    keep: str | Path | None = None,
) -> Command:
    """The ``solve`` command that makes this plan, for a library call with no typed words."""
    words = ["solve", str(scenario), "--out", str(out)]
    words += variant_words(variants)
    if keep is not None:
        words += ["--keep", str(keep)]
    return Command(tuple(words))


def check_command(scenario: str | Path, plan: str | Path) -> Command:
    """``scheduler check SCENARIO PLAN``: a variant's plan.yaml is read by check itself."""
    return Command(("check", str(scenario), str(plan)))


def variant_words(variants: Sequence[Variant]) -> list[str]:
    """The options that apply ``variants``: each file's ``--variant``, each edit's option."""
    words: list[str] = []
    for variant in variants:
        if variant.path:
            words += ["--variant", variant.path]
            continue
        for edit in variant.edits:
            file, _, option = edit.where
            if file == COMMAND_LINE and option.startswith("--"):
                words += option.split(" ", 1)
    return words


def with_option(command: Command, check: Callable, *args) -> None:
    """Run an output check; when it asks for an option, suggest the command with it."""
    try:
        check(*args)
    except OutputTaken as error:
        raise OutputTaken(f"{error}:\n  {command.plus(error.option)}", error.option) from None
