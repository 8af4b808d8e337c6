"""The migrant's calculator's service: the steps of questions, the day a score is computed for,
the line and the quotas beside the score, and conditions that wait for an answer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from settle.packs import default_catalogue
from settle.rules.engine import evaluate
from settle.services.assessment import assess_service, service_packs
from settle.services.self_assessment import (
    SERVICES_STEP,
    DayOutsidePack,
    assessment_day,
    question_steps,
    read_conditions,
    service_conditions,
    standing,
)
from tests.conftest import points_pack_ids

TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize("pack_id", points_pack_ids())
def test_every_question_of_a_pack_and_its_services_is_asked_once_and_the_birth_date_first(
        pack_id: str) -> None:
    pack = default_catalogue().load(pack_id)
    services = service_packs(pack.meta.jurisdiction, pack.meta.default_evaluation_date)
    steps = question_steps(pack, services)
    asked = [fact for step in steps for fact in step.facts]
    assert len(asked) == len(set(asked))
    assert set(asked) == set(pack.facts) | {f for s in services for f in s.facts}
    assert "birth_date" not in pack.facts or "birth_date" in steps[0].facts
    assert steps[-1].id == SERVICES_STEP
    assert [g.id for g in steps[-1].groups] == [s.id for s in services if set(s.facts) - set(pack.facts)]


def test_the_day_is_today_while_the_rules_are_in_force_else_their_own_date_or_the_one_chosen() -> None:
    catalogue = default_catalogue()
    hangzhou, guangzhou = catalogue.load("hangzhou-2017"), catalogue.load("guangzhou-2017")
    assert assessment_day(hangzhou, None, TODAY).day == TODAY
    assert assessment_day(hangzhou, None, TODAY).reason == "today"
    old = assessment_day(guangzhou, None, TODAY)
    assert (old.day, old.reason) == (dt.date(2017, 11, 8), "pack_date")
    assert "2016-10-27 至 2017-12-31" in old.words(guangzhou, "zh")
    chosen = assessment_day(hangzhou, "2017-12-31", TODAY)
    assert (chosen.day, chosen.reason) == (dt.date(2017, 12, 31), "chosen")
    with pytest.raises(DayOutsidePack) as outside:
        assessment_day(guangzhou, "2020-01-01", TODAY)
    assert outside.value.words.zh == "不在本办法有效期内（2016-10-27 至 2017-12-31）"
    with pytest.raises(DayOutsidePack) as not_a_date:
        assessment_day(guangzhou, "31.12.2017", TODAY)
    assert "YYYY-MM-DD" in not_a_date.value.words.en


def test_a_person_born_in_1990_is_27_on_the_2017_date_and_36_today() -> None:
    pack = default_catalogue().load("hangzhou-2017")
    facts = {"birth_date": "1990-05-01"}
    then = evaluate(pack, facts, as_of=assessment_day(pack, "2017-12-31", TODAY).day)
    now = evaluate(pack, facts, as_of=assessment_day(pack, None, TODAY).day)
    assert (then.item("age").points, now.item("age").points) == (Decimal(30), Decimal(20))


def test_the_line_is_the_packs_parameter_and_the_gap_what_is_missing() -> None:
    catalogue = default_catalogue()
    pack = catalogue.load("guangzhou-2025")
    result = evaluate(pack, {"birth_date": "1990-05-01", "education": "college"})
    found = standing(pack, result)
    assert (found.line, found.gap, found.reached) == (Decimal(150), Decimal(100), False)
    assert found.line_cite is not None and found.line_cite.article == "第六条第一款（五）"
    old = catalogue.load("guangzhou-2017")
    quotas = standing(old, evaluate(old, {})).quotas
    assert [q.places for q in quotas] == [6000, 50, 150]
    hangzhou = catalogue.load("hangzhou-2017")
    none = standing(hangzhou, evaluate(hangzhou, {"birth_date": "1990-05-01"}))
    assert (none.line, none.gap, none.reached) == (None, None, None)


def test_a_service_asks_for_the_answers_it_lacks_instead_of_saying_not_eligible() -> None:
    pack = default_catalogue().load("hangzhou-legal-aid-2017")
    unasked = service_conditions(assess_service(pack, {}), set())
    assert unasked.verdict == "to_answer"
    assert unasked.to_answer == ["migrant_in_hangzhou", "lives_in_urban_area", "years_lived_in_hangzhou"]
    assert unasked.blocking == []
    facts = {"migrant_in_hangzhou": True, "lives_in_urban_area": True, "years_lived_in_hangzhou": 0}
    answered = service_conditions(assess_service(pack, facts), set(facts))
    assert answered.verdict == "not_eligible"
    assert [r.id for r in answered.blocking] == ["lived_in_hangzhou_over_a_year"]
    assert [r.id for r in answered.met] == ["floating_population_in_urban_area"]
    facts["years_lived_in_hangzhou"] = 2
    assert service_conditions(assess_service(pack, facts), set(facts)).verdict == "eligible"


def test_a_minor_child_is_not_assumed_when_no_child_is_entered() -> None:
    pack = default_catalogue().load("hangzhou-child-illness-injury-aid-2017")
    facts = {"child_serious_illness": True}
    read = service_conditions(assess_service(pack, facts), set(facts))
    assert read.verdict == "to_answer" and "child_birth_date" in read.to_answer


def test_a_failed_condition_on_answered_questions_blocks_even_when_others_wait() -> None:
    pack = default_catalogue().load("guangzhou-2025")
    facts = {"birth_date": "1970-01-01"}  # over 45: the age limit blocks whatever else is answered
    read = read_conditions(pack, evaluate(pack, facts), set(facts))
    assert read.verdict == "not_eligible"
    assert "age_limit" in {r.id for r in read.blocking} or any("45" in r.title.zh for r in read.blocking)
    assert "holds_valid_residence_permit" in read.to_answer


def test_a_route_met_on_answers_given_settles_an_any_of_without_the_other_routes_questions() -> None:
    """Changshu's public rental housing is open to one of three groups: a local low-income
    family is eligible without saying when it graduated, and a graduate is asked the date."""
    pack = default_catalogue().load("changshu-public-rental-housing-2011")
    family = {"local_hukou": True, "low_middle_income_family": True}
    read = service_conditions(assess_service(pack, family), set(family))
    assert (read.verdict, read.to_answer) == ("eligible", [])
    graduate = {"local_hukou": False, "university_graduate": True}
    read = service_conditions(assess_service(pack, graduate), set(graduate))
    assert read.verdict == "to_answer"
    # the local family's route is closed by the answers given: its question is not asked
    assert read.to_answer == ["graduation_date", "stable_job", "years_stayed_in_changshu"]
    neither = {"local_hukou": True, "low_middle_income_family": False, "university_graduate": False,
               "stable_job": True, "years_stayed_in_changshu": 5}
    read = service_conditions(assess_service(pack, neither), set(neither))
    assert read.verdict == "not_eligible" and [r.id for r in read.blocking] == ["in_a_target_group"]
