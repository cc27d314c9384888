"""The ``scheduler`` command's entry point: Ctrl-C while Python is still loading is clean.

Loading pandas and OR-Tools takes about a second; a Ctrl-C then would otherwise print
Python's traceback. Once the commands run, ``cli.plain_errors`` handles Ctrl-C.
"""

from __future__ import annotations

import sys

STOPPED = 130  # the shell's code for a program ended by Ctrl-C


def main() -> None:
    try:
        from scheduler.cli import main as command
    except KeyboardInterrupt:
        sys.stderr.write("Stopped (Ctrl-C); nothing was written.\n")
        sys.exit(STOPPED)
    command()
