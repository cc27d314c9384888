"""Stable pseudonyms for students, for plans shared outside the school.

A pseudonym is a keyed hash (HMAC-SHA-256) of the student's id: the same key gives the same
pseudonym every time, and without the key it cannot be turned back into the student.
"""

from __future__ import annotations

import hashlib
import hmac

from scheduler.exceptions import SchedulerError
from scheduler.scenario.models import Scenario

LENGTH = 8  # hex digits; more where two students would share one


def pseudonyms(student_ids: list[str], key: str) -> dict[str, str]:
    """student_id -> a pseudonymous id such as ``P3F9A21C0``."""
    if len(key) < 8:
        raise SchedulerError("the pseudonym key must be at least 8 characters: a secret phrase")
    digests = {
        s: hmac.new(key.encode(), s.encode(), hashlib.sha256).hexdigest().upper()
        for s in student_ids
    }
    length = LENGTH
    while len({d[:length] for d in digests.values()}) < len(digests):
        length += 2
    return {s: f"P{d[:length]}" for s, d in digests.items()}


def pseudonymised(scenario: Scenario, names: dict[str, str]) -> Scenario:
    """The scenario with each student's id and name replaced by their pseudonym."""
    students = tuple(
        s.model_copy(
            update={"student_id": names[s.student_id], "name": f"Student {names[s.student_id]}"}
        )
        for s in scenario.students
    )
    preferences = {names.get(s, s): ranks for s, ranks in scenario.preferences.items()}
    pins = tuple(
        p.model_copy(update={"student_id": names.get(p.student_id, p.student_id)})
        for p in scenario.pins
    )
    return scenario.model_copy(
        update={"students": students, "preferences": preferences, "pins": pins}
    )
