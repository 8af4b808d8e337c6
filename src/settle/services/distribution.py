"""A cohort shared out by a distribution pack, with the reasons, as the API
(`POST /distribution/{pack}`) and the officer's page (`/staff/distribution`) show it.

The allocation is `settle.workflow.distribution.distribute`, the engine `settle distribute`
runs; this module reads a cohort given as rows (the API's JSON, the page's CSV), refuses what
the engine cannot place with a message naming field, value and rule in both languages, and
says why each destination received what it did and why each person went where they went.
Nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from fractions import Fraction
from typing import Any

import polars as pl
from pydantic import BaseModel, ConfigDict

from settle import words
from settle.errors import Invalid, NotFound
from settle.i18n import Lang, Text
from settle.packs import Pack, default_catalogue
from settle.packs.catalogue import UnknownPack
from settle.rules.bulk.columns import rows_to_frame
from settle.rules.facts import InvalidFacts
from settle.workflow.distribution import (
    UNPLACED,
    DestinationOutcome,
    DistributionError,
    DistributionOutcome,
    cohort_view,
    distribute,
)

MOST_PERSONS = 200_000
"""The largest cohort one request distributes (a larger one: `settle distribute` from a file)."""


class DestinationReport(BaseModel):
    """What one destination received, beside what its key share asked for, and why."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    share: Decimal
    share_since: dt.date
    source: str
    exact_quota: str
    """The cohort's size × share / sum of shares, to two decimals (exact: `exact_quota_fraction`)."""
    exact_quota_fraction: str
    places: int
    allocated: int
    capacity: int | None
    deviation: str
    reason: str


class PlacementReport(BaseModel):
    """One person: where they went (empty: not placed) and why."""

    model_config = ConfigDict(frozen=True)

    position: int
    person_id: str
    household: str | None
    destination: str
    destination_title: str | None
    reason: str


class DistributionReport(BaseModel):
    """A cohort distributed, in one language."""

    model_config = ConfigDict(frozen=True)

    pack: str
    distribution: str
    title: str
    as_of: dt.date
    cohort: int
    households: int
    placed: int
    unplaced: int
    summary: str
    destinations: list[DestinationReport]
    persons: list[PlacementReport]


def distribution_packs() -> list[Pack]:
    """The packs that declare a distribution, by id."""
    return sorted((p for p in default_catalogue().all() if p.meta.distribution is not None),
                  key=lambda p: p.id)


def distribution_pack(pack_id: str) -> Pack:
    """The distribution pack `pack_id`; NotFound naming the packs there are."""
    known = ", ".join(p.id for p in distribution_packs())
    try:
        pack = default_catalogue().load(pack_id)
    except (UnknownPack, ValueError):
        raise NotFound(words.text("distribution", "unknown_pack", pack=pack_id, known=known),
                       field="pack") from None
    if pack.meta.distribution is None:
        raise NotFound(words.text("distribution", "unknown_pack", pack=pack_id, known=known),
                       field="pack")
    return pack


def cohort_rows(csv_text: str) -> list[dict[str, Any]]:
    """The rows of a cohort written as CSV with a header row (every value read as text, to be
    checked as the pack's facts); Invalid naming the problem."""
    if not csv_text.strip():
        raise Invalid(words.text("distribution", "bad_csv", problem="empty"), field="cohort")
    try:
        table = pl.read_csv(io.StringIO(csv_text.strip() + "\n"), infer_schema=False)
    except (pl.exceptions.PolarsError, ValueError) as exc:
        raise Invalid(words.text("distribution", "bad_csv", problem=str(exc).splitlines()[0]),
                      field="cohort") from None
    return [{k.strip(): v for k, v in row.items()} for row in table.iter_rows(named=True)]


def _money(value: Fraction, places: int = 2) -> str:
    """A fraction rounded half up to `places` decimals, as text."""
    scaled = value * 10**places
    whole = int(scaled + Fraction(1, 2)) if scaled >= 0 else -int(-scaled + Fraction(1, 2))
    sign = "-" if whole < 0 else ""
    digits = str(abs(whole)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def _source(pack: Pack, outcome: DestinationOutcome) -> str:
    files = {s.id: s.file for s in pack.meta.sources}
    cite = outcome.share_cite
    where = files.get(cite.source) or cite.source
    return f"{where} {cite.lines}" if cite.lines else where


def _destination(pack: Pack, outcome: DistributionOutcome, d: DestinationOutcome, lang: Lang,
                 total: Decimal) -> DestinationReport:
    source = _source(pack, d)
    reason = words.word("distribution", "destination_reason", lang, share=d.share, since=d.share_since,
                        source=source, cohort=f"{outcome.cohort:,}", total=total,
                        exact=_money(d.exact_quota), places=f"{d.places:,}", allocated=f"{d.allocated:,}")
    if d.capacity is not None and d.places == d.capacity and d.exact_quota > d.capacity:
        reason += words.word("distribution", "destination_capped", lang, capacity=f"{d.capacity:,}")
    if d.allocated != d.places:
        reason += words.word("distribution", "destination_households", lang,
                             allocated=f"{d.allocated:,}", places=f"{d.places:,}")
    return DestinationReport(
        id=d.id, title=d.title(lang), share=d.share, share_since=d.share_since, source=source,
        exact_quota=_money(d.exact_quota),
        exact_quota_fraction=f"{d.exact_quota.numerator}/{d.exact_quota.denominator}",
        places=d.places, allocated=d.allocated, capacity=d.capacity,
        deviation=_money(d.deviation), reason=reason)


def _persons(pack: Pack, outcome: DistributionOutcome, lang: Lang) -> list[PlacementReport]:
    """Each person's placement and its reason, in the order they were placed."""
    spec = pack.meta.distribution
    assert spec is not None
    order = "、".join(k.title(lang) for k in spec.order) if lang == "zh" else \
        ", ".join(k.title(lang) for k in spec.order)
    by_id = {d.id: d for d in outcome.destinations}
    unit = pl.coalesce(pl.col("household"), pl.lit("\x00") + pl.col("person_id").cast(pl.String))
    table = outcome.assigned.with_columns(
        unit.alias("_unit"),
        pl.int_range(pl.len()).over("destination").alias("_taken"),
    ).with_columns(
        pl.col("position").min().over("_unit").alias("_first"),
        pl.col("_taken").min().over("_unit").alias("_taken_first"),
        pl.len().over("_unit").alias("_size"),
    )
    out = []
    for row in table.iter_rows(named=True):
        place = row["destination"]
        target = by_id.get(place)
        if place == UNPLACED or target is None:
            reason = words.word("distribution", "person_unplaced", lang)
        elif row["household"] is not None and row["_size"] > 1:
            reason = words.word("distribution", "person_in_household", lang, household=row["household"],
                                size=row["_size"], first=row["_first"], destination=target.title(lang))
        else:
            reason = words.word("distribution", "person_placed", lang, position=row["position"],
                                order=order, destination=target.title(lang), taken=row["_taken_first"],
                                places=f"{target.places:,}")
        out.append(PlacementReport(position=row["position"], person_id=str(row["person_id"]),
                                   household=row["household"], destination=place,
                                   destination_title=None if target is None else target.title(lang),
                                   reason=reason))
    return out


def report(pack: Pack, outcome: DistributionOutcome, lang: Lang) -> DistributionReport:
    """The outcome in `lang`: the summary, each destination and each person with the reason."""
    total = sum((d.share for d in outcome.destinations), Decimal(0))
    summary = words.word("distribution", "summary", lang, title=outcome.title(lang), pack=outcome.pack,
                         day=outcome.as_of, cohort=f"{outcome.cohort:,}",
                         households=f"{outcome.households:,}", placed=f"{outcome.placed:,}",
                         unplaced=f"{outcome.unplaced:,}")
    return DistributionReport(
        pack=outcome.pack, distribution=outcome.distribution, title=outcome.title(lang),
        as_of=outcome.as_of, cohort=outcome.cohort, households=outcome.households,
        placed=outcome.placed, unplaced=outcome.unplaced, summary=summary,
        destinations=[_destination(pack, outcome, d, lang, total) for d in outcome.destinations],
        persons=_persons(pack, outcome, lang))


def distribute_cohort(pack: Pack, persons: list[dict[str, Any]], *, as_of: dt.date | None = None,
                      capacity: dict[str, int] | None = None) -> DistributionOutcome:
    """Distribute `persons` (rows with person_id and the columns the pack orders by) under
    `pack` on `as_of` (default: the pack's evaluation date), within `capacity` beside the
    pack's own. An empty value (None or "") is a value not given: a person whose household
    column is empty is a household alone. Invalid names the field, the value and the rule in
    both languages."""
    if len(persons) > MOST_PERSONS:
        raise Invalid(words.text("distribution", "too_many_persons", count=f"{len(persons):,}",
                                 most=f"{MOST_PERSONS:,}"), field="persons")
    for name, limit in (capacity or {}).items():
        if limit < 0:
            raise Invalid(words.text("distribution", "bad_capacity", value=f"{name}={limit}"),
                          field="capacity")
    persons = [{k: v for k, v in row.items() if v is not None and v != ""} for row in persons]
    try:
        table = rows_to_frame(cohort_view(pack), persons) if persons else pl.DataFrame(
            {"person_id": pl.Series([], dtype=pl.String)})
        return distribute(pack, table, as_of=as_of, capacity=capacity)
    except DistributionError as exc:
        raise Invalid(exc.words, field="persons") from None
    except InvalidFacts as exc:
        raise Invalid(Text(en=exc.text("en"), zh=exc.text("zh")),
                      field=exc.problems[0].field if exc.problems else "persons") from None
