"""The Hangzhou 2017 score as an OpenFisca-core tax-benefit system, for comparison.

Each Table 4 item is an OpenFisca variable with a vectorised formula, as a modeller would
write it; inputs are set from the same population file. Categories enter as integer codes
looked up in the formulas (the same representation the NumPy reference uses).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl
from hangzhou_numpy import DESTINATION, EDUCATION, HOUSING, ORIGIN, SKILL
from openfisca_core.entities import build_entity
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Person = build_entity(key="person", plural="persons", label="Person", is_person=True)
YEAR = DateUnit.YEAR

INT_INPUTS = [
    "social_insurance_consecutive_years", "years_living_own_house", "years_living_other_residence",
    "awards_national", "awards_provincial", "awards_municipal", "awards_district",
    "blood_donation_cc", "volunteer_hours", "hitech_staff_years", "invention_patents",
    "prizes_provincial_first", "prizes_provincial_second", "prizes_provincial_third",
    "prizes_city_first", "prizes_city_second", "prizes_city_third",
    "detentions", "detained_education", "forced_detox", "dishonesty_records",
    "business_tax_cents", "wage_tax_cents", "charity_cents",
]
CODE_INPUTS = {"education": EDUCATION, "skill_level": SKILL, "housing": HOUSING,
               "origin": ORIGIN, "destination": DESTINATION}
BOOL_INPUTS = ["aaa_enterprise_representative", "family_planning_violation"]


def _variable(name: str, value_type: type, formula: Any = None, period: DateUnit = YEAR) -> type:
    body: dict[str, Any] = {"value_type": value_type, "entity": Person, "definition_period": period,
                            "label": name}
    if formula is not None:
        body["formula"] = formula
    return type(name, (Variable,), body)


def build_system() -> TaxBenefitSystem:
    system = TaxBenefitSystem([Person])
    m = np.minimum
    variables = [_variable(n, int) for n in INT_INPUTS]
    variables += [_variable(f"{n}_code", int) for n in CODE_INPUTS]
    variables += [_variable(n, bool) for n in BOOL_INPUTS]
    variables.append(_variable("birth_date", dt.date, period=DateUnit.ETERNITY))
    tables = {n: np.array(list(points.values()), dtype=np.int64) for n, points in CODE_INPUTS.items()}

    def age(person: Any, period: Any) -> Any:
        birth = person("birth_date", period)
        on = period.start.date
        years = birth.astype("datetime64[Y]").astype(np.int64) + 1970
        months = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
        days = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
        end = dt.date(on.year, 12, 31)
        return end.year - years - ((months > end.month) | ((months == end.month) & (days > end.day)))

    def age_points(person: Any, period: Any) -> Any:
        a = person("age", period)
        bands = [(a >= 18) & (a <= 35), (a >= 36) & (a <= 45), (a >= 46) & (a <= 50)]
        return np.select(bands, [30, 20, 10], 0)

    formulas = {
        "age": age,
        "age_points": age_points,
        "education_or_skill": lambda person, period: np.maximum(
            tables["education"][person("education_code", period)],
            tables["skill_level"][person("skill_level_code", period)]),
        "social_insurance": lambda person, period: np.where(
            (s := person("social_insurance_consecutive_years", period)) >= 5, m((s - 5) * 3, 80), 0),
        "housing_points": lambda person, period: tables["housing"][person("housing_code", period)],
        "years_of_living": lambda person, period: m(person("years_living_own_house", period) * 2, 50)
        + m(person("years_living_other_residence", period), 25),
        "origin_points": lambda person, period: tables["origin"][person("origin_code", period)],
        "destination_points": lambda person, period: tables["destination"][
            person("destination_code", period)],
        "investment_and_tax": lambda person, period: m(person("business_tax_cents", period) // 150693, 10)
        + m(person("wage_tax_cents", period) // 15069, 10)
        + person("aaa_enterprise_representative", period) * 5,
        "rewards": lambda person, period: np.maximum.reduce([
            m(person("awards_national", period) * 40, 40), m(person("awards_provincial", period) * 30, 30),
            m(person("awards_municipal", period) * 20, 20), m(person("awards_district", period) * 10, 10)]),
        "social_services": lambda person, period: m(person("blood_donation_cc", period) // 200 * 2, 10)
        + m(person("volunteer_hours", period) // 50 * 2, 10)
        + m(person("charity_cents", period) // 15069 * 2, 10),
        "entrepreneurship": lambda person, period: m(person("hitech_staff_years", period) * 2, 20)
        + m(person("invention_patents", period) * 5, 20) + np.maximum.reduce([
            m(person("prizes_provincial_first", period) * 20, 20),
            m(person("prizes_provincial_second", period) * 15, 15),
            m(person("prizes_provincial_third", period) * 10, 10),
            m(person("prizes_city_first", period) * 15, 15),
            m(person("prizes_city_second", period) * 10, 10),
            m(person("prizes_city_third", period) * 5, 5)]),
        "legal_abidance": lambda person, period: -(
            30 * person("detentions", period) + 30 * person("detained_education", period)
            + 50 * person("forced_detox", period) + 10 * person("dishonesty_records", period)
            + 20 * person("family_planning_violation", period)),
    }
    items = [n for n in formulas if n != "age"]
    formulas["total"] = lambda person, period: sum(person(n, period) for n in items)
    variables += [_variable(n, int, f) for n, f in formulas.items()]
    for variable in variables:
        system.add_variable(variable)
    return system


def inputs(frame: pl.DataFrame) -> dict[str, np.ndarray]:
    """Arrays for every input variable, from a population frame."""
    data: dict[str, np.ndarray] = {}
    money = {"business_tax_cents": "business_tax_usd", "wage_tax_cents": "wage_tax_5y_usd",
             "charity_cents": "charity_donations_5y_usd"}
    for name in INT_INPUTS:
        if name in money:
            data[name] = np.rint(frame[money[name]].to_numpy() * 100).astype(np.int64)
        else:
            data[name] = frame[name].to_numpy().astype(np.int64)
    for name, points in CODE_INPUTS.items():
        column = frame[name]
        order = list(points)
        categories = column.dtype.categories.to_list()  # type: ignore[attr-defined]
        remap = np.array([order.index(c) for c in categories])
        data[f"{name}_code"] = remap[column.to_physical().to_numpy()]
    for name in BOOL_INPUTS:
        data[name] = frame[name].to_numpy()
    data["birth_date"] = frame["birth_date"].to_numpy()
    return data


def openfisca_total(system: TaxBenefitSystem, data: dict[str, np.ndarray], year: int = 2017) -> np.ndarray:
    count = len(data["birth_date"])
    simulation = SimulationBuilder().build_default_simulation(system, count=count)
    for name, values in data.items():
        simulation.set_input(name, "ETERNITY" if name == "birth_date" else str(year), values)
    result: np.ndarray = simulation.calculate("total", str(year))
    return result
