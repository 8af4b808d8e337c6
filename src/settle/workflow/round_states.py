"""A round's states, what each state shows and accepts, the officer's actions that move it,
and when each action may be taken, as two tables.

open -rank-> ranked -disclose-> disclosed -open_notice-> public_notice -finalize-> final.
Ranking again (after an exclusion, a withdrawal or an upheld objection) keeps the state.

What a state means for the people outside the bureau is `ROUND_STATES`, and every front end
asks it through the predicates below, never by naming states: a round's ranked list is
*published* (`list_published`: the public notice page, the home page's list) in public
notice and once final; each applicant sees their own rank and outcome (`results_disclosed`)
from the disclosure on; objections are taken while the disclosure or the notice runs
(`objections_open`, between the period's dates).

Each action also waits for its time, as the pack's periods say (2016 rules 第九条-第十一条):
ranking for the application window to close, the public notice for the disclosure to the
applicants to end, the final list for the public notice to end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from settle.i18n import Text
from settle.messages import action_word, say, state_word
from settle.registry.models import Round

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class RoundState:
    """What a round in this state shows and accepts: applications in its window; each
    applicant's own result and outcome; the ranked list in public; objections, within the
    dates of the disclosure or of the public notice."""

    accepts_applications: bool = False
    results_disclosed: bool = False
    list_published: bool = False
    objections_during: Literal["disclosure", "notice"] | None = None


ROUND_STATES: dict[str, RoundState] = {
    "open": RoundState(accepts_applications=True),
    "ranked": RoundState(),
    "disclosed": RoundState(results_disclosed=True, objections_during="disclosure"),
    "public_notice": RoundState(results_disclosed=True, list_published=True, objections_during="notice"),
    "final": RoundState(results_disclosed=True, list_published=True),
}

OPEN_STATES = tuple(name for name, spec in ROUND_STATES.items() if spec.accepts_applications)
PUBLISHED_STATES = tuple(name for name, spec in ROUND_STATES.items() if spec.list_published)


def accepts_applications(round_: Round) -> bool:
    """Whether the round takes new applications (its window's dates are checked on submission)."""
    return ROUND_STATES[round_.state].accepts_applications


def results_disclosed(round_: Round) -> bool:
    """Whether each applicant may see their own rank and outcome."""
    return ROUND_STATES[round_.state].results_disclosed


def list_published(round_: Round) -> bool:
    """Whether the ranked list is public (names and identity numbers masked)."""
    return ROUND_STATES[round_.state].list_published


def objection_period(round_: Round) -> tuple[dt.date | None, dt.date | None] | None:
    """The first and last day objections are taken in the round's state (None: not taken)."""
    during = ROUND_STATES[round_.state].objections_during
    if during == "disclosure":
        return round_.disclosure_opens, round_.disclosure_closes
    if during == "notice":
        return round_.notice_opens, round_.notice_closes
    return None


def objections_open(round_: Round, today: dt.date) -> bool:
    """Whether an objection may be filed on `today`: in the disclosure or the public notice,
    between its first and last day (an open-ended period takes them until it is closed)."""
    period = objection_period(round_)
    if period is None:
        return False
    opens, closes = period
    return opens is not None and opens <= today and (closes is None or today <= closes)


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
