"""The model and the checker must agree on what a plan found with rules bent gives up."""

from __future__ import annotations

from scheduler.plan import Status
from scheduler.report.shortfall import shortfall_totals


def same_shortfall(plan, broken: list) -> None:
    """The checker must find exactly the shortfalls the model paid for; else nothing is written.

    Every rule broken must be one the model was allowed to bend, by no more than its
    slack; when the least shortfall is proven, by exactly its slack.
    """
    paid = plan.shortfall or {}
    found = shortfall_totals(broken)
    wrong = [v for v in broken if v.bent not in paid]
    wrong += [
        f"{name}: the checker finds {found.get(name, 0)}, the model {paid[name]}"
        for name in paid
        if found.get(name, 0) > paid[name]
        or (plan.status == Status.OPTIMAL and found.get(name, 0) != paid[name])
    ]
    if wrong:
        lines = "\n".join(f"  - {v}" for v in wrong)
        raise AssertionError(
            f"internal error: the solver's plan breaks rules; nothing was written:\n{lines}"
        )
