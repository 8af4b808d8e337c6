"""The path to eligibility, on hand-checked persons."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

from settle.packs import Pack, default_catalogue, load_pack
from settle.rules.engine import evaluate
from settle.rules.frontier import cheapest_actions, earliest_date
from settle.rules.pathway import Target, TimeLimit, add_months, time_limit

SICK_CHILD = {"child_birth_date": "2010-01-01", "lives_with_parents_in_guangzhou": True,
              "parent_works_in_guangzhou": True, "parent_years_in_guangzhou": 1,
              "diagnosed_serious_illness": True, "family_cannot_pay": True}


def test_time_alone_opens_the_childrens_relief_when_the_parent_reaches_two_years() -> None:
    pack = default_catalogue().load("guangzhou-child-serious-illness-2015")
    assert not evaluate(pack, SICK_CHILD, as_of=dt.date(2017, 11, 1)).eligible
    found = earliest_date(pack, SICK_CHILD, Target(), dt.date(2017, 11, 1))
    assert found is not None
    day, result = found
    assert day == dt.date(2018, 11, 1)
    assert result.eligible and result.total == 1508


def test_time_alone_never_helps_a_child_about_to_turn_fifteen() -> None:
    pack = default_catalogue().load("guangzhou-child-serious-illness-2015")
    older = {**SICK_CHILD, "child_birth_date": "2003-06-01"}
    assert earliest_date(pack, older, Target(), dt.date(2017, 11, 1), horizon_months=60) is None


def test_an_unreachable_target_has_no_plan(hangzhou: Pack) -> None:
    person = {"birth_date": "1990-06-01", "education": "college"}
    assert cheapest_actions(hangzhou, person, Target(points=Decimal(200)), dt.date(2017, 12, 31)) is None


def test_a_month_later_is_the_same_day_or_the_last_day_of_a_shorter_month() -> None:
    assert add_months(dt.date(2017, 12, 31), 6) == dt.date(2018, 6, 30)
    assert add_months(dt.date(2018, 1, 31), 1) == dt.date(2018, 2, 28)
    assert add_months(dt.date(2019, 12, 31), 2) == dt.date(2020, 2, 29)
    assert add_months(dt.date(2017, 11, 1), 12) == dt.date(2018, 11, 1)


def test_a_person_already_there_needs_no_action(hangzhou: Pack) -> None:
    plan = cheapest_actions(hangzhou, {"birth_date": "1990-06-01"}, Target(points=Decimal(30)),
                            dt.date(2017, 12, 31))
    assert plan is not None and plan.cost == 0 and plan.counts == ()


def _ending_on(tmp_path: Path, last_day: str) -> Pack:
    """The children's relief copied with an end date."""
    folder = tmp_path / "guangzhou-child-serious-illness-2015"
    shutil.copytree(default_catalogue().root / folder.name, folder)
    pack = folder / "pack.yaml"
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace("effective_from: 2015-07-01\n",
                                 f"effective_from: 2015-07-01\neffective_to: {last_day}\n"), encoding="utf-8")
    return load_pack(folder)


def test_time_alone_is_not_tried_past_the_last_day_the_pack_is_in_force(tmp_path: Path) -> None:
    on = dt.date(2017, 11, 1)
    assert earliest_date(_ending_on(tmp_path / "a", "2018-12-31"), SICK_CHILD, Target(), on) is not None
    assert earliest_date(_ending_on(tmp_path / "b", "2018-06-30"), SICK_CHILD, Target(), on) is None


def test_the_limit_of_time_alone_is_the_horizon_or_the_packs_end_whichever_comes_first(
        tmp_path: Path) -> None:
    on = dt.date(2017, 11, 1)
    open_ended = default_catalogue().load("guangzhou-child-serious-illness-2015")
    assert time_limit(open_ended, on, 120) == TimeLimit(120, dt.date(2027, 11, 1), pack_ends=False)
    ending = _ending_on(tmp_path, "2018-06-30")
    assert time_limit(ending, on, 120) == TimeLimit(120, dt.date(2018, 6, 30), pack_ends=True)
    assert time_limit(ending, dt.date(2019, 1, 1), 120).until == dt.date(2019, 1, 1)


def test_the_sentence_for_time_alone_names_the_limit_that_was_searched() -> None:
    day = dt.date(2018, 6, 30)
    assert TimeLimit(240, day, False).never_text("en") == "Time alone does not get there within 20 years"
    assert TimeLimit(120, day, False).never_text("zh") == "仅靠时间推移，10年内无法达到"
    assert TimeLimit(18, day, False).never_text("en") == "Time alone does not get there within 18 months"
    assert TimeLimit(120, day, True).never_text("en") == (
        "Time alone does not get there before 2018-06-30, when this pack's rules end")
    assert TimeLimit(120, day, True).never_text("zh") == "仅靠时间推移，在本办法于2018-06-30失效前无法达到"
