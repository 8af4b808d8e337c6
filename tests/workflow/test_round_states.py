"""What each round state shows and accepts, asked through the predicates of one table."""

from __future__ import annotations

import datetime as dt

import pytest

from settle.registry.models import Round
from settle.workflow.round_states import (
    OPEN_STATES,
    PUBLISHED_STATES,
    ROUND_ACTIONS,
    ROUND_STATES,
    accepts_applications,
    list_published,
    objections_open,
    results_disclosed,
)

DAY = dt.date(2017, 11, 20)


def _round(state: str, **dates: dt.date | None) -> Round:
    return Round(pack_id="guangzhou-2017", name="2017", window_opens=dt.date(2017, 10, 10),
                 window_closes=dt.date(2017, 11, 8), quota=60, state=state, **dates)


def test_every_state_an_action_starts_from_or_leads_to_is_in_the_table() -> None:
    named = {s for action in ROUND_ACTIONS.values() for s in action.states}
    named |= {a.leads_to for a in ROUND_ACTIONS.values() if a.leads_to}
    assert named == set(ROUND_STATES)


def test_only_an_open_round_takes_applications() -> None:
    assert OPEN_STATES == ("open",)
    assert [s for s in ROUND_STATES if accepts_applications(_round(s))] == ["open"]


def test_the_list_is_published_in_public_notice_and_once_final() -> None:
    assert PUBLISHED_STATES == ("public_notice", "final")
    assert [s for s in ROUND_STATES if list_published(_round(s))] == ["public_notice", "final"]


def test_each_applicant_sees_their_result_from_the_disclosure_on() -> None:
    shown = [s for s in ROUND_STATES if results_disclosed(_round(s))]
    assert shown == ["disclosed", "public_notice", "final"]


@pytest.mark.parametrize(("state", "opens", "closes"), [
    ("disclosed", "disclosure_opens", "disclosure_closes"),
    ("public_notice", "notice_opens", "notice_closes"),
])
def test_objections_are_taken_between_the_first_and_last_day_of_the_period(state: str, opens: str,
                                                                           closes: str) -> None:
    round_ = _round(state, **{opens: DAY, closes: DAY + dt.timedelta(days=6)})
    assert not objections_open(round_, DAY - dt.timedelta(days=1))
    assert objections_open(round_, DAY)
    assert objections_open(round_, DAY + dt.timedelta(days=6))
    assert not objections_open(round_, DAY + dt.timedelta(days=7))


def test_a_disclosure_without_a_last_day_takes_objections_until_it_is_closed() -> None:
    assert objections_open(_round("disclosed", disclosure_opens=DAY), DAY + dt.timedelta(days=365))


@pytest.mark.parametrize("state", ["open", "ranked", "final"])
def test_no_objections_outside_the_disclosure_and_the_notice(state: str) -> None:
    round_ = _round(state, disclosure_opens=DAY, notice_opens=DAY)
    assert not objections_open(round_, DAY)
