"""The bulk engine agrees exactly with the one-person engine, item by item."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from settle.packs import Pack, default_catalogue
from settle.rules.bulk.columns import rows_to_frame, to_canonical
from settle.rules.bulk.engine import score_table
from settle.rules.facts import InvalidFacts
from tests.conftest import all_pack_ids
from tests.rules.agreement import assert_agree
from tests.strategies import facts_for


def _assert_agree(pack: Pack, rows: list[dict[str, Any]], on: dt.date | None = None,
                  options: tuple[str, ...] = ()) -> None:
    bulk = score_table(pack, rows_to_frame(pack, rows), as_of=on, options=options)
    assert_agree(pack, rows, bulk.frame, on, options)


BULK = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("pack_id", all_pack_ids())
@BULK
@given(data=st.data())
def test_bulk_equals_one_person_on_random_valid_facts(pack_id: str, data: Any) -> None:
    pack = default_catalogue().load(pack_id)
    rows = data.draw(st.lists(facts_for(pack), min_size=1, max_size=8))
    _assert_agree(pack, rows)


@pytest.mark.parametrize("pack_id", [p for p in all_pack_ids() if default_catalogue().load(p).options])
@BULK
@given(data=st.data())
def test_bulk_equals_one_person_under_every_option(pack_id: str, data: Any) -> None:
    pack = default_catalogue().load(pack_id)
    options = tuple(data.draw(st.lists(st.sampled_from(sorted(pack.options)), unique=True)))
    rows = data.draw(st.lists(facts_for(pack), min_size=1, max_size=5))
    _assert_agree(pack, rows, options=options)


@pytest.mark.parametrize("pack_id", all_pack_ids())
def test_bulk_equals_one_person_on_the_pack_cases(pack_id: str) -> None:
    pack = default_catalogue().load(pack_id)
    for case in pack.cases:
        if case.expect is not None:
            _assert_agree(pack, [case.facts], on=case.as_of, options=tuple(case.options))


def test_bad_values_in_a_table_are_refused_naming_the_field_and_rows(hangzhou: Pack) -> None:
    table = pl.DataFrame({"birth_date": [dt.date(1980, 1, 1)] * 3,
                          "education": ["master", "phd", "none"],
                          "volunteer_hours": [10, -1, 5]})
    with pytest.raises(InvalidFacts) as caught:
        score_table(hangzhou, table)
    text = str(caught.value)
    assert "education = 'phd' (rows 1): unknown category; allowed: none, high_school" in text
    assert "volunteer_hours = -1 (rows 1): below the minimum 0" in text


def test_money_read_from_floats_stays_exact(hangzhou: Pack) -> None:
    table = pl.DataFrame({"birth_date": [dt.date(1980, 1, 1)] * 2,
                          "wage_tax_5y_usd": [301.38, 301.37]})
    result = score_table(hangzhou, table)
    assert result.frame["item.investment_and_tax"].to_list() == [2, 1]


def test_a_table_read_from_csv_text_scores_like_the_one_person_engine(hangzhou: Pack, tmp_path: Any) -> None:
    path = tmp_path / "people.csv"
    path.write_text("person_id,birth_date,education,wage_tax_5y_usd\n"
                    "a,1981-06-01,master,301.38\nb,1999-12-31,none,0\n", encoding="utf-8")
    result = score_table(hangzhou, pl.read_csv(path, infer_schema=False))
    assert result.frame["person_id"].to_list() == ["a", "b"]
    assert result.frame["total"].to_list() == [20 + 65 + 2, 30]


def _decimal_packs() -> list[str]:
    return [p for p in all_pack_ids()
            if any(s.type == "decimal" for s in default_catalogue().load(p).facts.values())]


@pytest.mark.parametrize("pack_id", _decimal_packs())
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_money_given_as_floats_scores_as_the_same_money_given_exactly(pack_id: str, data: Any) -> None:
    """Float columns take the engine's quick path (the units computed once, the checks told
    from them); the people score as their facts documents do."""
    pack = default_catalogue().load(pack_id)
    rows = data.draw(st.lists(facts_for(pack), min_size=1, max_size=6))
    exact = rows_to_frame(pack, rows)
    floats = exact.with_columns(pl.col(c).cast(pl.Float64) for c, t in exact.schema.items()
                                if isinstance(t, pl.Decimal))
    assert_agree(pack, rows, score_table(pack, floats).frame)


def test_a_bad_cell_among_many_rows_is_refused_in_the_words_of_the_separate_checks(hangzhou: Pack) -> None:
    """The checks of typed columns ride the scoring pass; a row that breaks one is named as a
    separate pass of checks names it."""
    rows = 20_000
    table = pl.DataFrame({"birth_date": [dt.date(1980, 1, 1)] * rows,
                          "volunteer_hours": [10] * rows, "wage_tax_5y_usd": [301.38] * rows})
    row = pl.int_range(rows)
    table = table.with_columns(
        pl.when(row == 12_345).then(-1).otherwise(pl.col("volunteer_hours")).alias("volunteer_hours"),
        pl.when(row.is_in([7, 19_999])).then(0.125).otherwise(pl.col("wage_tax_5y_usd"))
        .alias("wage_tax_5y_usd"))
    with pytest.raises(InvalidFacts) as in_scoring:
        score_table(hangzhou, table)
    with pytest.raises(InvalidFacts) as separately:
        to_canonical(hangzhou, table)
    assert str(in_scoring.value) == str(separately.value)
    assert "volunteer_hours = -1 (rows 12345): below the minimum 0" in str(in_scoring.value)
    assert ("wage_tax_5y_usd = 0.125 (rows 7, 19999): expected at most 2 decimal place(s)"
            in str(in_scoring.value))


def test_a_caller_asking_for_some_results_gets_those_alone_and_the_same(hangzhou: Pack) -> None:
    frame = rows_to_frame(hangzhou, [case.facts for case in hangzhou.cases if case.expect is not None])
    whole = score_table(hangzhou, frame).frame
    wanted = {"total", "eligible", "subtotal.basic"}
    some = score_table(hangzhou, frame, results=wanted).frame
    assert wanted <= set(some.columns)
    assert not [c for c in some.columns if c.startswith(("item.", "cond."))]
    assert some.equals(whole.select(some.columns))
