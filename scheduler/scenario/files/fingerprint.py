"""A scenario's content hash: tells whether a scenario changed since a plan was made."""

from __future__ import annotations

import hashlib
from pathlib import Path

from scheduler.exceptions import FILE_ORDER as FILES  # the files of a scenario folder


def scenario_hash(source: str | Path) -> str:
    """SHA-256 of the files scheduler reads: a folder's scenario files, or a workbook's bytes."""
    source = Path(source)
    digest = hashlib.sha256()
    if source.is_file():
        digest.update(source.read_bytes())
        return digest.hexdigest()
    for name in FILES:
        path = source / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
