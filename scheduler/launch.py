"""The ``scheduler`` command's entry point: Ctrl-C while Python is still loading is clean.

Loading pandas and OR-Tools takes about a second; a Ctrl-C then would otherwise print
Python's traceback. Once the commands run, ``cli.plain_errors`` handles Ctrl-C.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from scheduler.cli import main as command
    except KeyboardInterrupt:  # its names are imported here, so nothing loads before the guard
        from scheduler.exceptions import STOPPED, STOPPED_TEXT

        sys.stderr.write(STOPPED_TEXT + "\n")
        sys.exit(STOPPED)
    command()
