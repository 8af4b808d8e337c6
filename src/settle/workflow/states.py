"""The application's states and the actions that move it, as one table.

draft -submit-> submitted -accept-> verification -score-> scored -rank-> ranked
-disclose-> disclosed -open_notice-> public_notice -finalize-> final -issue_card->
card_issued -settle-> settled. Re-ranking after an upheld objection keeps the notice state.
Until the final list, the applicant may withdraw (-withdraw-> withdrawn) and the bureau may
exclude an application with its reason (-exclude-> excluded); both leave the ranking.
"""

from __future__ import annotations

from settle.errors import IllegalTransition

TRANSITIONS: dict[str, dict[str, str]] = {
    "submit": {"draft": "submitted"},
    "accept": {"submitted": "verification"},
    "score": {"verification": "scored", "scored": "scored"},
    "rank": {"scored": "ranked", "ranked": "ranked"},
    "rerank": {"ranked": "ranked", "disclosed": "disclosed", "public_notice": "public_notice"},
    "disclose": {"ranked": "disclosed"},
    "open_notice": {"disclosed": "public_notice"},
    "finalize": {"public_notice": "final"},
    "issue_card": {"final": "card_issued"},
    "settle": {"card_issued": "settled"},
    "withdraw": {s: "withdrawn" for s in ("draft", "submitted", "verification", "scored", "ranked",
                                           "disclosed", "public_notice")},
    "exclude": {s: "excluded" for s in ("submitted", "verification", "scored", "ranked", "disclosed",
                                         "public_notice")},
}

STATES = ("draft", "submitted", "verification", "scored", "ranked", "disclosed", "public_notice",
          "final", "card_issued", "settled", "withdrawn", "excluded")


def next_state(state: str, action: str) -> str:
    """The state `action` leads to from `state`; raises IllegalTransition naming both."""
    targets = TRANSITIONS.get(action, {})
    if state not in targets:
        raise IllegalTransition(state, action)
    return targets[state]
