"""A purchase project's states and the actions that move it, as one table.

published -open_bids-> opened -award-> awarded -evaluate-> evaluated; a project not yet
awarded may be cancelled with its reason (-cancel-> cancelled). Bids are taken only while
published and up to the deadline; they are read only once opened.
"""

from __future__ import annotations

from settle.errors import Conflict
from settle.messages import say
from settle.words import text

TRANSITIONS: dict[str, dict[str, str]] = {
    "open_bids": {"published": "opened"},
    "award": {"opened": "awarded"},
    "evaluate": {"awarded": "evaluated"},
    "cancel": {"published": "cancelled", "opened": "cancelled"},
}

STATES = ("published", "opened", "awarded", "evaluated", "cancelled")


def next_purchase_state(state: str, action: str) -> str:
    """The state `action` leads to from `state`; a Conflict naming both, in words, otherwise."""
    targets = TRANSITIONS.get(action, {})
    if state not in targets:
        raise Conflict(say("purchase_state", action=text("purchases", f"action_{action}"),
                           state=text("purchases", f"state_{state}"),
                           needed=text("purchases", f"state_{next(iter(targets), 'published')}")),
                       field="state")
    return targets[state]
