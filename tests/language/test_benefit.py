"""Money is money: a service's result is an amount in its currency for its period, with the
yuan the source's rate implies, or a verdict — never a number of points."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from settle.language.benefit import Benefit, benefit_of
from settle.packs import default_catalogue
from settle.rules.engine import evaluate
from settle.rules.explain import benefit_text

STUDENT = {"non_local": True, "studies_at": "university_or_college",
           "holds_minimum_living_allowance_certificate": True,
           "treated_in_designated_institution": True}


def test_medical_relief_is_dollars_a_year_with_the_yuan_at_the_seeds_rate() -> None:
    pack = default_catalogue().load("guangzhou-government-medical-relief-2016")
    result = evaluate(pack, {**STUDENT, "relief_scope_medical_costs_usd": "1000"})
    assert result.benefit is not None and result.benefit.money is not None
    money = result.benefit.money
    assert (money.amount, money.currency, money.period) == (Decimal("1000.00"), "USD", "year")
    assert (money.converted, money.converted_currency) == (Decimal("6630.00"), "RMB")
    assert money.rate_on == dt.date(2017, 11, 1)
    assert benefit_text(result.benefit, "en") == (
        "1,000.00 USD a year (6,630.00 RMB at the source's rate 1:6.63 of 2017-11-01)")
    assert "每年" in benefit_text(result.benefit, "zh") and "元" in benefit_text(result.benefit, "zh")


def test_the_95_percent_reading_is_an_option_that_sets_the_students_ratio() -> None:
    pack = default_catalogue().load("guangzhou-government-medical-relief-2016")
    facts = {**STUDENT, "relief_scope_medical_costs_usd": "1000"}
    plain = evaluate(pack, facts)
    read = evaluate(pack, facts, options=["student_ratio_95"])
    assert plain.total == Decimal("1000") and read.total == Decimal("950")
    used = {u.name: u for u in read.item("relief_amount").parameters}
    assert used["student_reimbursement_ratio"].value == Decimal("0.95")
    assert used["student_reimbursement_ratio"].option == "student_ratio_95"


def test_a_yes_or_no_service_gives_a_verdict_and_names_what_is_granted() -> None:
    pack = default_catalogue().load("hangzhou-legal-aid-2017")
    result = evaluate(pack, {"migrant_in_hangzhou": True, "lives_in_urban_area": True,
                             "years_lived_in_hangzhou": 2})
    assert result.benefit is not None
    assert result.benefit.kind == "verdict" and result.benefit.money is None
    assert result.benefit.granted and result.benefit.granted_items == ["free_legal_advice"]
    assert benefit_text(result.benefit, "zh") == "可享受"


def test_a_person_who_is_not_eligible_is_granted_nothing() -> None:
    verdict = benefit_of(Benefit(kind="verdict"), False, Decimal(2), [("a", Decimal(1))])
    assert not verdict.granted and verdict.granted_items == []
    amount = benefit_of(Benefit(kind="amount", currency="USD"), False, Decimal(5), [])
    assert amount.money is not None and amount.money.amount == 0 and not amount.granted


def test_points_packs_have_no_benefit() -> None:
    pack = default_catalogue().load("hangzhou-2017")
    assert evaluate(pack, {"birth_date": "1980-01-01"}).benefit is None
