"""The quota round: ranking, tie-break chains, shared ranks, quota lines, threshold mode.

Every expected list below was worked out by hand from the facts and the pack's rule."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from settle.packs import Pack, default_catalogue
from settle.packs.schema import Ranking
from settle.workflow.quota_round import RoundError, run_round

EXAMPLES = Path(__file__).parents[2] / "examples"


def _example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


def _table(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A table as a bureau would export it: JSON lines, nested facts as JSON text."""
    buffer = io.StringIO()
    for row in rows:
        flat = {k: json.dumps(v) if isinstance(v, (list, dict)) else v for k, v in row.items()}
        for year, amount in (row.get("blood_donations_by_year") or {}).items():
            flat[f"blood_donations_by_year.{year}"] = amount
        for year, amount in (row.get("volunteer_hours_by_year") or {}).items():
            flat[f"volunteer_hours_by_year.{year}"] = amount
        flat.pop("blood_donations_by_year", None)
        flat.pop("volunteer_hours_by_year", None)
        buffer.write(json.dumps(flat) + "\n")
    return pl.read_ndjson(io.StringIO(buffer.getvalue()), infer_schema_length=None)


def _listing(outcome: Any) -> list[tuple[str, int, bool]]:
    return [(r["person_id"], r["rank"], r["admitted"]) for r in outcome.ranked.iter_rows(named=True)]


@pytest.fixture(scope="module")
def gz2017() -> Pack:
    return default_catalogue().load("guangzhou-2017")


@pytest.fixture(scope="module")
def gz2025() -> Pack:
    return default_catalogue().load("guangzhou-2025")


def _gz2017_applicants() -> pl.DataFrame:
    base = _example("guangzhou-2017__restaurant_manager.json")
    # Medical insurance counts to October 2017 (the month before the 8 November deadline).
    people = [
        ("A", "2010-11", "2011-06-15"),   # 84 months
        ("B", "2011-11", "2012-01-01"),   # 72 months, permit since 2012
        ("C", "2011-11", "2013-01-01"),   # 72 months, permit since 2013
        ("D", "2012-11", "2014-05-01"),   # 60 months
        ("E", "2012-11", "2014-05-01"),   # 60 months, same permit date as D
        ("F", "2013-11", "2010-01-01"),   # 48 months: fewest, whatever the permit
    ]
    rows = [{**base, "person_id": pid, "medical_insurance_periods": [{"from": start, "to": None}],
             "residence_permit_since": since} for pid, start, since in people]
    rows.append({**base, "person_id": "G", "stable_employment": False,
                 "medical_insurance_periods": [{"from": "2005-01", "to": None}]})
    return _table(rows)


def test_guangzhou_2016_ranks_on_medical_insurance_then_residence_permit(gz2017: Pack) -> None:
    outcome = run_round(gz2017, _gz2017_applicants(), quota=3)
    assert _listing(outcome) == [
        ("A", 1, True), ("B", 2, True), ("C", 3, True),
        ("D", 4, False), ("E", 4, False), ("F", 6, False)]
    line = outcome.lines[0]
    assert (line.admitted, line.tied_at_cutoff, line.beyond_quota) == (3, 1, 0)
    assert line.cutoff == {"medical_insurance_months": 72, "residence_permit_months": 58}
    assert outcome.applicants == 7 and outcome.eligible == 6


def test_everyone_sharing_the_last_admitted_rank_is_admitted_beyond_the_quota(gz2017: Pack) -> None:
    outcome = run_round(gz2017, _gz2017_applicants(), quota=4)
    assert _listing(outcome)[3:] == [("D", 4, True), ("E", 4, True), ("F", 6, False)]
    line = outcome.lines[0]
    assert (line.admitted, line.tied_at_cutoff, line.beyond_quota) == (5, 2, 1)


def test_the_quota_of_the_pack_applies_when_none_is_given(gz2017: Pack) -> None:
    outcome = run_round(gz2017, _gz2017_applicants())
    assert outcome.round_id == "2017"
    assert outcome.lines[0].quota == 6000
    assert outcome.admitted == 6


def test_the_2017_round_has_the_direct_lines_beside_the_points_line(gz2017: Pack) -> None:
    base = _example("guangzhou-2017__restaurant_manager.json")
    rows = [
        {**base, "person_id": "W1", "channel": "outstanding_migrant_worker", "stable_employment": False},
        {**base, "person_id": "S1", "channel": "skilled_talent"},
        {**base, "person_id": "T1", "channel": "private_school_teacher",
         "medical_insurance_periods": [{"from": "2012-11", "to": None}]},
        {**base, "person_id": "T2", "channel": "private_school_teacher",
         "medical_insurance_periods": [{"from": "2010-11", "to": None}]},
        {**base, "person_id": "P1", "medical_insurance_periods": [{"from": "2013-11", "to": None}]},
    ]
    outcome = run_round(gz2017, _table(rows))
    by_line = {line.id: line for line in outcome.lines}
    assert outcome.round_id == "2017"
    assert list(by_line) == ["general", "outstanding_migrant_workers", "skilled_talents"]
    # The direct line admits W1 although W1 would not be eligible for points settlement.
    workers, talents = by_line["outstanding_migrant_workers"], by_line["skilled_talents"]
    assert (workers.quota, workers.admitted) == (50, 1)
    assert (talents.quota, talents.admitted) == (150, 1)
    # 2017 has no teachers' line (the 500 places are a 2015 figure): teachers rank on the points line.
    assert by_line["general"].quota == 6000
    general = outcome.ranked.filter(pl.col("line") == "general")
    assert general["person_id"].to_list() == ["T2", "T1", "P1"]


@pytest.mark.parametrize("year", ["2011", "2015"])
def test_a_round_before_the_2016_rules_is_refused_naming_the_rounds_there_are(
        gz2017: Pack, year: str) -> None:
    base = _example("guangzhou-2017__restaurant_manager.json")
    with pytest.raises(RoundError, match=rf"pack guangzhou-2017 has no round '{year}' \(rounds: 2017\)"):
        run_round(gz2017, _table([{**base, "person_id": "A"}]), round_id=year)


def test_guangzhou_2025_ranks_on_basic_points_not_the_total(gz2025: Pack) -> None:
    tech = _example("guangzhou-2025__factory_technician.json")
    # The technician: basic 166 (residence 68, employment 68, age 30), 78 months of
    # medical insurance, permit since 1 March 2020 (75 whole months on 30 June 2026).
    rows = [
        {**tech, "person_id": "T"},
        {**tech, "person_id": "J"},                                   # identical to T
        {**tech, "person_id": "I",                                    # 79 months, still 6 years
         "medical_insurance_periods": [{"from": "2019-11", "to": None}]},
        {**tech, "person_id": "H", "rental_years": 3},                # basic 161
        {**tech, "person_id": "L", "rental_years": 3, "education": "bachelor_or_above"},
    ]
    outcome = run_round(gz2025, _table(rows), quota=2)
    ranked = outcome.ranked
    assert ranked["subtotal.basic"].to_list()[:3] == [166, 166, 166]
    assert _listing(outcome) == [
        ("I", 1, True), ("J", 2, True), ("T", 2, True), ("H", 4, False), ("L", 4, False)]
    totals = dict(zip(ranked["person_id"], ranked["total"], strict=True))
    assert totals["L"] > totals["T"], "L has more points in total yet ranks below on basic points"
    line = outcome.lines[0]
    assert (line.admitted, line.tied_at_cutoff, line.beyond_quota) == (3, 2, 1)
    assert line.cutoff == {"subtotal.basic": 166, "medical_insurance_months": 78,
                           "residence_permit_months": 75}


@pytest.fixture
def express_entry_style() -> Ranking:
    return Ranking.model_validate({
        "keys": [
            {"by": "total", "order": "desc", "title": {"en": "score", "zh": "分数"},
             "cite": {"source": "seed_000", "lines": "484"}},
            {"by": "submitted_at", "order": "asc", "title": {"en": "submitted", "zh": "提交时间"},
             "cite": {"source": "seed_000", "lines": "484"}}],
        "ties": "strict", "cite": {"source": "seed_000", "lines": "484"}})


def _hangzhou_people() -> pl.DataFrame:
    return pl.DataFrame({
        "person_id": ["P1", "P2", "P3", "P4"],
        "birth_date": [dt.date(1990, 1, 1), dt.date(1991, 1, 1), dt.date(1975, 1, 1), dt.date(1992, 1, 1)],
        "submitted_at": [dt.datetime(2017, 10, 2, 10), dt.datetime(2017, 10, 1, 9),
                         dt.datetime(2017, 10, 1, 8), dt.datetime(2017, 10, 3, 12)],
    })


def test_a_strict_order_ends_in_the_submission_timestamp(
    hangzhou: Pack, express_entry_style: Ranking
) -> None:
    # P1, P2, P4 score 30 for age, P3 (42) scores 20; among equals the earlier submission wins.
    outcome = run_round(hangzhou, _hangzhou_people(), quota=2, ranking=express_entry_style)
    assert _listing(outcome) == [("P2", 1, True), ("P1", 2, True), ("P4", 3, False), ("P3", 4, False)]
    assert outcome.lines[0].tied_at_cutoff == 1
    assert outcome.lines[0].cutoff == {"total": 30, "submitted_at": dt.datetime(2017, 10, 2, 10)}


def test_read_as_staged_services_points_hangzhou_settles_no_one(hangzhou: Pack) -> None:
    outcome = run_round(hangzhou, _hangzhou_people(), options=["table_4_staged_services"])
    assert outcome.lines[0].quota == 0 and outcome.admitted == 0
    assert outcome.eligible == 4, "everyone is still scored and eligible; only settlement is off"


def test_a_points_threshold_admits_everyone_above_it_with_no_quota(hangzhou: Pack) -> None:
    threshold = Ranking.model_validate({
        "mode": "threshold", "ties": "shared",
        "threshold": {"points": "total", "op": ">=", "value": 30},
        "keys": [{"by": "total", "title": {"en": "score", "zh": "分数"},
                  "cite": {"source": "seed_000", "lines": "484"}}],
        "cite": {"source": "seed_000", "lines": "484"}})
    outcome = run_round(hangzhou, _hangzhou_people().drop("submitted_at"), ranking=threshold)
    assert _listing(outcome) == [("P1", 1, True), ("P2", 1, True), ("P4", 1, True)]
    assert outcome.lines[0].quota is None


def test_a_round_is_deterministic_byte_for_byte(gz2017: Pack, tmp_path: Path) -> None:
    applicants = _gz2017_applicants()
    first = tmp_path / "a.parquet"
    second = tmp_path / "b.parquet"
    run_round(gz2017, applicants, quota=4).ranked.write_parquet(first)
    run_round(gz2017, applicants.reverse(), quota=4).ranked.write_parquet(second)
    assert first.read_bytes() == second.read_bytes()


def test_a_pack_without_a_ranking_rule_is_refused(hangzhou: Pack) -> None:
    bare = dataclasses.replace(hangzhou, meta=hangzhou.meta.model_copy(update={"ranking": None}))
    with pytest.raises(RoundError, match="declares no ranking rule"):
        run_round(bare, _hangzhou_people(), quota=1)


def test_repeated_person_ids_are_refused(gz2017: Pack) -> None:
    table = pl.concat([_gz2017_applicants(), _gz2017_applicants().head(1)])
    with pytest.raises(RoundError, match="person_id must be unique"):
        run_round(gz2017, table, quota=3)
