"""Copies of a CP-SAT model with some literals fixed, for presolve to simplify with."""

from __future__ import annotations

from ortools.sat.python import cp_model


def fixed_copy(model: cp_model.CpModel, literals: list, value: int) -> cp_model.CpModel:
    """A copy of ``model`` (no hints, no assumptions) with every one of ``literals`` fixed.

    Fixed by constraints rather than assumed, so that presolve uses them: a question
    that a search under assumptions may take many seconds to answer is often settled at once.
    """
    copy = model.clone()
    copy.clear_hints()
    copy.clear_assumptions()
    for literal in literals:
        copy.add(copy.get_bool_var_from_proto_index(literal.index) == value)
    return copy
