"""A round's states, the officer's actions that move it, and when each action may be taken,
as one table.

open -rank-> ranked -disclose-> disclosed -open_notice-> public_notice -finalize-> final.
Ranking again (after an exclusion, a withdrawal or an upheld objection) keeps the state.

Each action also waits for its time, as the pack's periods say (2016 rules 第九条-第十一条):
ranking for the application window to close, the public notice for the disclosure to the
applicants to end, the final list for the public notice to end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from settle.i18n import Text
from settle.messages import action_word, say, state_word
from settle.registry.models import Round

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class RoundAction:
    """One officer's action: the states it starts from, the state it leads to (None: stays),
    and the first day it may be taken (None: no date condition)."""

    states: tuple[str, ...]
    leads_to: str | None
    waits: Callable[[Round], tuple[str, dt.date] | None]


def _window(round_: Round) -> tuple[str, dt.date]:
    return "rank_before_window_closes", round_.window_closes + DAY


def _disclosure(round_: Round) -> tuple[str, dt.date] | None:
    if round_.disclosure_closes is None:
        return None
    return "notice_before_disclosure_ends", round_.disclosure_closes + DAY


def _notice(round_: Round) -> tuple[str, dt.date] | None:
    if round_.notice_closes is None:
        return None
    return "finalize_before_notice_ends", round_.notice_closes + DAY


ROUND_ACTIONS: dict[str, RoundAction] = {
    "rank": RoundAction(("open", "ranked", "disclosed", "public_notice"), "ranked", _window),
    "disclose": RoundAction(("ranked",), "disclosed", lambda _round: None),
    "open_notice": RoundAction(("disclosed",), "public_notice", _disclosure),
    "finalize": RoundAction(("public_notice",), "final", _notice),
}


def refusal(round_: Round, action: str, today: dt.date) -> Text | None:
    """Why `action` cannot be taken on `round_` today, or None when it can."""
    spec = ROUND_ACTIONS[action]
    if round_.state not in spec.states:
        needed = Text(en=" or ".join(state_word(s).en for s in spec.states),
                      zh="或".join(state_word(s).zh for s in spec.states))
        return say("round_action_state", round=round_.name, state=state_word(round_.state),
                   action=action_word(action), needed=needed)
    waits = spec.waits(round_)
    if waits is not None:
        key, first = waits
        if today < first:
            return say(key, round=round_.name, closes=first - DAY, first=first)
    return None


def next_round_state(round_: Round, action: str) -> str:
    """The state the round is in after `action` (ranking again keeps a later state)."""
    leads_to = ROUND_ACTIONS[action].leads_to
    if action == "rank" and round_.state != "open":
        return round_.state
    return leads_to or round_.state
