"""`period_overlap` counts the months of one list of periods that are also months of another,
the same in both engines; a pack that declares it is checked and scored like any other."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from settle.language.dates import month_index
from settle.language.facts import FACT_TYPES, DerivedPeriodOverlap
from settle.packs import Pack, default_catalogue
from settle.packs.errors import PackError
from settle.packs.loader import load_pack
from settle.rules.bulk.columns import rows_to_frame
from settle.rules.bulk.engine import score_table
from settle.rules.engine import evaluate
from settle.rules.facts import check_facts, derive

ON = dt.date(2026, 6, 30)
OVERLAP = DerivedPeriodOverlap.model_validate({
    "op": "period_overlap", "title": {"en": "insured months with a permit", "zh": "持证期间参保月数"},
    "of": "residence_permit_periods", "overlapping": "medical_insurance_periods"})
DECLARATION = """
  insured_permit_months:
    op: period_overlap
    title: {en: months holding a permit while insured, zh: 持证期间参加医疗保险的月数}
    of: residence_permit_periods
    overlapping: medical_insurance_periods
"""


def _pack_with(tmp_path: Path, declaration: str) -> Pack:
    """guangzhou-2025 with `declaration` added under `derived:` in a copy of its facts.yaml."""
    root = tmp_path / "guangzhou-2025"
    shutil.copytree(default_catalogue().load("guangzhou-2025").root, root)
    facts = root / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    assert "\nderived:\n" in text
    facts.write_text(text.replace("\nderived:\n", "\nderived:" + declaration, 1), encoding="utf-8")
    return load_pack(root)


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    return _pack_with(tmp_path_factory.mktemp("pack"), DECLARATION)


def _periods(*spans: tuple[str, str | None]) -> list[dict[str, str | None]]:
    return [{"from": a, "to": b} for a, b in spans]


def _one_person(permit: list[dict[str, Any]], insurance: list[dict[str, Any]]) -> int:
    periods = FACT_TYPES["periods"]
    spec = default_catalogue().load("guangzhou-2025").facts["medical_insurance_periods"]
    values = {"residence_permit_periods": periods.check("p", spec, permit),
              "medical_insurance_periods": periods.check("m", spec, insurance)}
    return OVERLAP.derive("overlap", values.__getitem__, ON)


def test_months_covered_by_both_lists_count_once() -> None:
    permit = _periods(("2020-01", "2020-12"), ("2020-06", "2021-03"))
    insurance = _periods(("2020-11", None))
    assert _one_person(permit, insurance) == 5  # 2020-11 to 2021-03


def test_open_periods_run_to_the_evaluation_month_and_disjoint_lists_give_nothing() -> None:
    assert _one_person(_periods(("2026-01", None)), _periods(("2025-01", None))) == 6
    assert _one_person(_periods(("2019-01", "2019-12")), _periods(("2020-01", None))) == 0
    assert _one_person([], _periods(("2020-01", None))) == 0


def test_a_month_before_the_reference_month_only_with_until_previous_month() -> None:
    before = OVERLAP.model_copy(update={"until": "previous_month"})
    values = {"residence_permit_periods": [(month_index(ON), None)],
              "medical_insurance_periods": [(month_index(ON) - 3, None)]}
    assert OVERLAP.derive("n", values.__getitem__, ON) == 1
    assert before.derive("n", values.__getitem__, ON) == 0


MONTH = st.integers(month_index(ON) - 60, month_index(ON) + 3)


@st.composite
def _month_periods(draw: st.DrawFn) -> list[dict[str, int | None]]:
    out = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(MONTH)
        out.append({"from": start, "to": draw(st.one_of(st.none(), st.integers(start, start + 30)))})
    return out


@given(st.lists(st.tuples(_month_periods(), _month_periods()), min_size=1, max_size=6))
@settings(max_examples=200, deadline=None)
def test_the_bulk_column_equals_the_one_person_count(rows: list[tuple[Any, Any]]) -> None:
    period = pl.List(pl.Struct({"from": pl.Int32, "to": pl.Int32}))
    frame = pl.DataFrame({"residence_permit_periods": pl.Series([a for a, _ in rows], dtype=period),
                          "medical_insurance_periods": pl.Series([b for _, b in rows], dtype=period)})
    got = OVERLAP.column("n", frame, ON).to_list()
    for (a, b), count in zip(rows, got, strict=True):
        values = {"residence_permit_periods": [(p["from"], p["to"]) for p in a],
                  "medical_insurance_periods": [(p["from"], p["to"]) for p in b]}
        assert count == OVERLAP.derive("n", values.__getitem__, ON), (a, b)


def test_a_pack_reading_a_fact_that_is_not_periods_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="derived fact reads 'birth_date' \\(date\\), needs a periods fact"):
        _pack_with(tmp_path, DECLARATION.replace("overlapping: medical_insurance_periods",
                                                 "overlapping: birth_date"))


def test_both_engines_give_the_pack_the_same_months(pack: Pack) -> None:
    facts = {"birth_date": "1990-01-01",
             "residence_permit_periods": _periods(("2020-01", None)),
             "medical_insurance_periods": _periods(("2019-06", "2021-12"), ("2024-01", None))}
    one = evaluate(pack, facts).derived["insured_permit_months"]
    bulk = score_table(pack, rows_to_frame(pack, [facts])).frame["insured_permit_months"].to_list()
    assert one == 24 + 30 and bulk == [one]


@given(data=st.data())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_both_engines_agree_on_random_people_of_the_pack(pack: Pack, data: st.DataObject) -> None:
    from tests.strategies import facts_for

    rows = data.draw(st.lists(facts_for(pack), min_size=1, max_size=6))
    bulk = score_table(pack, rows_to_frame(pack, rows)).frame["insured_permit_months"].to_list()
    on = pack.meta.default_evaluation_date
    for facts, got in zip(rows, bulk, strict=True):
        values, _ = check_facts(pack, facts)
        assert got == derive(pack, values, on)["insured_permit_months"], facts
