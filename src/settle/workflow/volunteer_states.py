"""The states of a volunteer's hours and the actions that move them, as one table.

recorded -confirm-> confirmed -verify-> verified. The organization that recorded the hours
confirms them (or refuses them: -reject-> rejected); the department the organization is filed
with verifies confirmed hours (or refuses them, with a reason). Only verified hours become a
registry record of kind `volunteer_hours` (settle.workflow.volunteers).
"""

from __future__ import annotations

from settle.errors import Conflict
from settle.i18n import Text
from settle.words import text

TRANSITIONS: dict[str, dict[str, str]] = {
    "confirm": {"recorded": "confirmed"},
    "verify": {"confirmed": "verified"},
    "reject": {"recorded": "rejected", "confirmed": "rejected"},
}

# who takes each action: the organization, or the department it is filed with
ACTOR: dict[str, str] = {"confirm": "organization", "verify": "department", "reject": "either"}


def next_hours_state(state: str, action: str, hours_id: int) -> str:
    """The state `action` leads to from `state`; a Conflict naming both otherwise."""
    targets = TRANSITIONS.get(action, {})
    if state not in targets:
        words = [text("volunteers", f"state_{s}") for s in targets]
        needed = Text(en=" or ".join(w.en for w in words), zh="或".join(w.zh for w in words))
        raise Conflict(text("volunteers", "hours_state", id=hours_id,
                            state=text("volunteers", f"state_{state}"),
                            action=text("volunteers", f"action_{action}"), needed=needed), field="state")
    return targets[state]
