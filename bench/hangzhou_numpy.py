"""The Hangzhou 2017 score written by hand in NumPy: the near-limit reference.

It implements the pack's default readings directly on arrays (money in cents, categories
as codes), with no rule language in between. bench/run.py checks it gives the same totals
as Settle's bulk engine before timing either.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

EDUCATION = {"none": 0, "high_school": 10, "college": 30, "bachelor": 50, "master": 65, "doctorate": 75}
SKILL = {"none": 0, "nvq_grade_5": 20, "primary_title_or_nvq_grade_4": 40,
         "assistant_title_or_nvq_grade_3": 55, "intermediate_title_or_nvq_grade_2": 60,
         "sub_senior_title_or_nvq_grade_1": 70, "senior_title": 80}
HOUSING = {"none": 0, "rents_public_housing": 20, "family_owns_house": 30, "owns_house": 40}
ORIGIN = {"other": 0, "hangzhou_city_original": 25, "four_counties_current": 20, "four_counties_original": 15}
DESTINATION = {"other": 0, "xiaoshan": 10, "yuhang": 10, "xiasha": 10, "dajiangdong": 20, "fuyang": 20}


def _lookup(column: pl.Series, points: dict[str, int]) -> np.ndarray:
    categories = column.dtype.categories.to_list()  # type: ignore[attr-defined]
    table = np.array([points.get(c, 0) for c in categories], dtype=np.int64)
    return table[column.to_physical().to_numpy()]


def _cents(column: pl.Series) -> np.ndarray:
    return np.rint(column.to_numpy() * 100).astype(np.int64)


def _int(frame: pl.DataFrame, name: str) -> np.ndarray:
    return frame[name].to_numpy().astype(np.int64, copy=False)


def _age(birth: np.ndarray, on: dt.date) -> np.ndarray:
    years = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    months = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
    days = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
    not_yet = (months > on.month) | ((months == on.month) & (days > on.day))
    return on.year - years - not_yet


def hangzhou_total(frame: pl.DataFrame, on: dt.date = dt.date(2017, 12, 31)) -> np.ndarray:
    """Total points per person under hangzhou-2017's default readings."""
    m = np.minimum
    age = _age(frame["birth_date"].to_numpy(), on)
    total = np.select([(age >= 18) & (age <= 35), (age >= 36) & (age <= 45), (age >= 46) & (age <= 50)],
                      [30, 20, 10], 0)
    total += np.maximum(_lookup(frame["education"], EDUCATION), _lookup(frame["skill_level"], SKILL))
    insured = _int(frame, "social_insurance_consecutive_years")
    total += np.where(insured >= 5, m((insured - 5) * 3, 80), 0)
    total += _lookup(frame["housing"], HOUSING)
    total += m(_int(frame, "years_living_own_house") * 2, 50)
    total += m(_int(frame, "years_living_other_residence"), 25)
    total += _lookup(frame["origin"], ORIGIN) + _lookup(frame["destination"], DESTINATION)
    total += m(_cents(frame["business_tax_usd"]) // 150693, 10)
    total += m(_cents(frame["wage_tax_5y_usd"]) // 15069, 10)
    total += frame["aaa_enterprise_representative"].to_numpy() * 5
    total += np.maximum.reduce([m(_int(frame, "awards_national") * 40, 40),
                                m(_int(frame, "awards_provincial") * 30, 30),
                                m(_int(frame, "awards_municipal") * 20, 20),
                                m(_int(frame, "awards_district") * 10, 10)])
    total += m(_int(frame, "blood_donation_cc") // 200 * 2, 10)
    total += m(_int(frame, "volunteer_hours") // 50 * 2, 10)
    total += m(_cents(frame["charity_donations_5y_usd"]) // 15069 * 2, 10)
    total += m(_int(frame, "hitech_staff_years") * 2, 20) + m(_int(frame, "invention_patents") * 5, 20)
    total += np.maximum.reduce([m(_int(frame, "prizes_provincial_first") * 20, 20),
                                m(_int(frame, "prizes_provincial_second") * 15, 15),
                                m(_int(frame, "prizes_provincial_third") * 10, 10),
                                m(_int(frame, "prizes_city_first") * 15, 15),
                                m(_int(frame, "prizes_city_second") * 10, 10),
                                m(_int(frame, "prizes_city_third") * 5, 5)])
    total -= (30 * _int(frame, "detentions") + 30 * _int(frame, "detained_education")
              + 50 * _int(frame, "forced_detox") + 10 * _int(frame, "dishonesty_records")
              + 20 * frame["family_planning_violation"].to_numpy())
    return total
