"""The Hangzhou 2017 score as one DuckDB SQL query: the other vectorised back end the bulk
engine could have compiled to (docs/bulk-engine.md). Same readings as hangzhou_numpy.py."""

from __future__ import annotations

import duckdb
import numpy as np
import polars as pl
from hangzhou_numpy import DESTINATION, EDUCATION, HOUSING, ORIGIN, SKILL


def _case(column: str, points: dict[str, int]) -> str:
    arms = " ".join(f"WHEN '{k}' THEN {v}" for k, v in points.items() if v)
    return f"(CASE CAST({column} AS VARCHAR) {arms} ELSE 0 END)"


# date_diff counts year boundaries: the completed age on 31 December, the evaluation date.


SQL = f"""
SELECT
  (CASE WHEN age BETWEEN 18 AND 35 THEN 30 WHEN age BETWEEN 36 AND 45 THEN 20
        WHEN age BETWEEN 46 AND 50 THEN 10 ELSE 0 END)
  + greatest({_case('education', EDUCATION)}, {_case('skill_level', SKILL)})
  + (CASE WHEN social_insurance_consecutive_years >= 5
          THEN least((social_insurance_consecutive_years - 5) * 3, 80) ELSE 0 END)
  + {_case('housing', HOUSING)}
  + least(years_living_own_house * 2, 50) + least(years_living_other_residence, 25)
  + {_case('origin', ORIGIN)} + {_case('destination', DESTINATION)}
  + least(CAST(round(business_tax_usd * 100) AS BIGINT) // 150693, 10)
  + least(CAST(round(wage_tax_5y_usd * 100) AS BIGINT) // 15069, 10)
  + CAST(aaa_enterprise_representative AS INTEGER) * 5
  + greatest(least(awards_national * 40, 40), least(awards_provincial * 30, 30),
             least(awards_municipal * 20, 20), least(awards_district * 10, 10))
  + least(blood_donation_cc // 200 * 2, 10) + least(volunteer_hours // 50 * 2, 10)
  + least(CAST(round(charity_donations_5y_usd * 100) AS BIGINT) // 15069 * 2, 10)
  + least(hitech_staff_years * 2, 20) + least(invention_patents * 5, 20)
  + greatest(least(prizes_provincial_first * 20, 20), least(prizes_provincial_second * 15, 15),
             least(prizes_provincial_third * 10, 10), least(prizes_city_first * 15, 15),
             least(prizes_city_second * 10, 10), least(prizes_city_third * 5, 5))
  - 30 * detentions - 30 * detained_education - 50 * forced_detox - 10 * dishonesty_records
  - 20 * CAST(family_planning_violation AS INTEGER) AS total
FROM (SELECT *, date_diff('year', birth_date, DATE '2017-12-31') AS age FROM people)
"""


def duckdb_total(frame: pl.DataFrame) -> np.ndarray:
    connection = duckdb.connect()
    connection.register("people", frame.to_arrow())
    result: np.ndarray = connection.execute(SQL).fetchnumpy()["total"].astype(np.int64)
    return result
