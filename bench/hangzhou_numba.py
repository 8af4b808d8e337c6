"""The Hangzhou 2017 score as one fused loop compiled with Numba: the honest reference.

One pass over the rows with no rule language in between: categories are codes folded into
lookup tables, money is integer cents, the age is a lookup on the birth day (days since
1970 -> completed years on the evaluation date). It implements the pack's default readings,
the same as bench/hangzhou_numpy.py; bench/run.py checks every engine's totals are equal
before timing any. The time counts taking the columns out of the frame, not the compilation
(the measured repeats are warm).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
from hangzhou_numpy import DESTINATION, EDUCATION, HOUSING, ORIGIN, SKILL
from numba import njit

EPOCH = dt.date(1970, 1, 1)


def _table(column: pl.Series, points: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    categories = column.dtype.categories.to_list()  # type: ignore[attr-defined]
    table = np.array([points.get(c, 0) for c in categories], dtype=np.int64)
    return table, column.to_physical().to_numpy().astype(np.int64, copy=False)


def _ages(low: int, high: int, on: dt.date) -> np.ndarray:
    """Completed years on `on` for every birth day from `low` to `high` (days since 1970)."""
    ages = np.empty(high - low + 1, dtype=np.int64)
    for n in range(high - low + 1):
        born = EPOCH + dt.timedelta(days=low + n)
        ages[n] = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return ages


@njit(cache=True, nogil=True)
def _fused(days, low, ages, edu_t, edu, skill_t, skill, insured, house_t, house, own, other,  # type: ignore[no-untyped-def]
           origin_t, origin, dest_t, dest, business, wage, aaa, a_nat, a_prov, a_mun, a_dist,
           blood, hours, charity, hitech, patents, p1, p2, p3, c1, c2, c3, det, edu_det, detox,
           dishonest, family):
    n = days.shape[0]
    out = np.empty(n, dtype=np.int64)
    for i in range(n):
        age = ages[days[i] - low]
        t = 30 if 18 <= age <= 35 else (20 if 36 <= age <= 45 else (10 if 46 <= age <= 50 else 0))
        t += max(edu_t[edu[i]], skill_t[skill[i]])
        y = insured[i]
        if y >= 5:
            t += min((y - 5) * 3, 80)
        t += house_t[house[i]] + min(own[i] * 2, 50) + min(other[i], 25)
        t += origin_t[origin[i]] + dest_t[dest[i]]
        t += min(business[i] // 150693, 10) + min(wage[i] // 15069, 10) + (5 if aaa[i] else 0)
        t += max(min(a_nat[i] * 40, 40), min(a_prov[i] * 30, 30), min(a_mun[i] * 20, 20),
                 min(a_dist[i] * 10, 10))
        t += min(blood[i] // 200 * 2, 10) + min(hours[i] // 50 * 2, 10)
        t += min(charity[i] // 15069 * 2, 10)
        t += min(hitech[i] * 2, 20) + min(patents[i] * 5, 20)
        t += max(min(p1[i] * 20, 20), min(p2[i] * 15, 15), min(p3[i] * 10, 10),
                 min(c1[i] * 15, 15), min(c2[i] * 10, 10), min(c3[i] * 5, 5))
        t -= 30 * det[i] + 30 * edu_det[i] + 50 * detox[i] + 10 * dishonest[i] + (20 if family[i] else 0)
        out[i] = t
    return out


def numba_total(frame: pl.DataFrame, on: dt.date = dt.date(2017, 12, 31)) -> np.ndarray:
    """Total points per person under hangzhou-2017's default readings, in one fused loop."""
    def ints(name: str) -> np.ndarray:
        return frame[name].to_numpy().astype(np.int64, copy=False)

    def cents(name: str) -> np.ndarray:
        return np.rint(frame[name].to_numpy() * 100).astype(np.int64)

    days = frame["birth_date"].to_physical().to_numpy().astype(np.int64, copy=False)
    low, high = int(days.min()), int(days.max())
    edu_t, edu = _table(frame["education"], EDUCATION)
    skill_t, skill = _table(frame["skill_level"], SKILL)
    house_t, house = _table(frame["housing"], HOUSING)
    origin_t, origin = _table(frame["origin"], ORIGIN)
    dest_t, dest = _table(frame["destination"], DESTINATION)
    result: np.ndarray = _fused(
        days, low, _ages(low, high, on), edu_t, edu, skill_t, skill,
        ints("social_insurance_consecutive_years"), house_t, house, ints("years_living_own_house"),
        ints("years_living_other_residence"), origin_t, origin, dest_t, dest,
        cents("business_tax_usd"), cents("wage_tax_5y_usd"),
        frame["aaa_enterprise_representative"].to_numpy(), ints("awards_national"),
        ints("awards_provincial"), ints("awards_municipal"), ints("awards_district"),
        ints("blood_donation_cc"), ints("volunteer_hours"), cents("charity_donations_5y_usd"),
        ints("hitech_staff_years"), ints("invention_patents"), ints("prizes_provincial_first"),
        ints("prizes_provincial_second"), ints("prizes_provincial_third"), ints("prizes_city_first"),
        ints("prizes_city_second"), ints("prizes_city_third"), ints("detentions"),
        ints("detained_education"), ints("forced_detox"), ints("dishonesty_records"),
        frame["family_planning_violation"].to_numpy())
    return result
