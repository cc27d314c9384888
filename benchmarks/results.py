"""Replace one marked section of benchmarks/RESULTS.md with a freshly measured table."""

from __future__ import annotations

import platform
import re
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "RESULTS.md"


def write_section(name: str, text: str) -> None:
    """Put ``text`` between ``<!-- name -->`` and ``<!-- /name -->``, with a dated stamp."""
    marker = re.compile(rf"<!-- {name} -->\n.*?<!-- /{name} -->", re.DOTALL)
    stamp = f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, Python {platform.python_version()}."
    section = f"<!-- {name} -->\n{stamp}\n\n{text}\n<!-- /{name} -->"
    old = RESULTS.read_text(encoding="utf-8")
    if not marker.search(old):
        raise SystemExit(f"RESULTS.md has no <!-- {name} --> section")
    RESULTS.write_text(marker.sub(lambda _: section, old), encoding="utf-8")
