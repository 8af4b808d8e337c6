"""A service case's states and the actions that move it, as one table.

(new) -apply-> submitted -grant-> granted -deliver-> delivering -close-> closed
submitted -refuse-> refused                     (the failed conditions listed)
submitted -request_evidence-> evidence_requested -provide_evidence-> submitted
submitted -waitlist-> waitlisted                (a stock allocated to higher-ranked cases)
delivering or closed -renew-> renewed           (a new case, pointing to this one, is opened)

`new` is a case's state only inside `apply`, before its first event. Until it is decided,
the applicant may withdraw (-withdraw-> withdrawn). A department decides
a case in evidence_requested or waitlisted as it would a submitted one (a waitlisted case is
granted when a place frees up). Recording one more payment or delivery keeps `delivering`.
"""

from __future__ import annotations

from settle.errors import Conflict
from settle.words import text

OPEN = ("submitted", "evidence_requested", "waitlisted")

TRANSITIONS: dict[str, dict[str, str]] = {
    "apply": {"new": "submitted"},
    "grant": {s: "granted" for s in OPEN},
    "refuse": {s: "refused" for s in OPEN},
    "request_evidence": {"submitted": "evidence_requested", "waitlisted": "evidence_requested"},
    "provide_evidence": {"evidence_requested": "submitted"},
    "waitlist": {"submitted": "waitlisted", "waitlisted": "waitlisted"},
    "deliver": {"granted": "delivering", "delivering": "delivering"},
    "close": {"granted": "closed", "delivering": "closed"},
    "renew": {"delivering": "renewed", "closed": "renewed"},
    "withdraw": {s: "withdrawn" for s in OPEN},
}

STATES = ("new", "submitted", "evidence_requested", "waitlisted", "granted", "delivering", "closed",
          "refused", "withdrawn", "renewed")

# the actions a department takes on a case routed to it (the others: the applicant, the stock's
# allocation, and anyone who may act for the applicant)
DEPARTMENT_ACTIONS = ("grant", "refuse", "request_evidence", "deliver", "close", "renew")


class IllegalCaseTransition(Conflict):
    code = "illegal_transition"

    def __init__(self, state: str, action: str) -> None:
        super().__init__(text("service_cases", "illegal_transition",
                              action=text("service_cases", f"action_{action}"),
                              state=text("service_cases", f"state_{state}")), field="state")
        self.state = state
        self.action = action


def next_case_state(state: str, action: str) -> str:
    """The state `action` leads to from `state`; raises IllegalCaseTransition naming both."""
    targets = TRANSITIONS.get(action, {})
    if state not in targets:
        raise IllegalCaseTransition(state, action)
    return targets[state]
