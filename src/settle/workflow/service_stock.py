"""Limited stocks of a service (the school places of a district's intake, the flats of an
estate) and their allocation: the cases applying for a stock are ranked by the pack's
`ranking:` with the round engine the settlement rounds use (settle.workflow.quota_round), the
stock's capacity as the quota. The best-ranked eligible cases are granted a place, the other
eligible ones are waitlisted, and those the engine finds not eligible are refused with the
failed conditions.

A stock is never exceeded: a physical place cannot be shared, so a pack whose ranking lets
ties share the last rank (`ties: shared`, which may admit beyond the quota) is refused for a
stock; its ranking must order everyone (`ties: strict`, the tie rules in its keys).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.errors import Conflict, Forbidden, Invalid, NotFound
from settle.packs import Pack, default_catalogue
from settle.packs.schema import RankKey
from settle.registry.models import ServiceCase, ServiceStock
from settle.registry.sources import checked_pack
from settle.rules.bulk.columns import rows_to_frame
from settle.rules.facts import InvalidFacts
from settle.workflow.applications import jsonable
from settle.workflow.quota_round import RoundError, key_column, run_round
from settle.workflow.service_cases import (
    PURPOSE,
    BenefitGiven,
    benefit_for,
    department_name,
    failed_text,
    service_department,
    service_pack,
    transition,
    words,
)


def get_stock(*, session: Session, stock_id: int) -> ServiceStock:
    found = session.get(ServiceStock, stock_id)
    if found is None:
        raise NotFound(words("no_stock", id=stock_id), field="stock_id")
    return found


def get_stock_of_department(*, session: Session, stock_id: int, department: str | None) -> ServiceStock:
    """A stock of a service `department` decides; another department's is as if it did not exist."""
    stock = get_stock(session=session, stock_id=stock_id)
    if department is not None and service_department(service_pack(stock.pack_id)) != department:
        raise NotFound(words("no_stock", id=stock_id), field="stock_id")
    return stock


def stock_packs(department: str | None) -> list[Pack]:
    """The service packs with a limited stock (a ranking that orders everyone) whose cases go to
    `department` (every one for None)."""
    found = []
    for pack in default_catalogue().all():
        rule = pack.meta.ranking
        if pack.meta.kind != "service" or rule is None or rule.ties != "strict":
            continue
        if department is None or service_department(pack) == department:
            found.append(checked_pack(pack))
    return found


def open_stock(*, session: Session, actor: str, pack_id: str, name: str, period: str, capacity: int,
               district: str | None = None, department: str | None = None) -> ServiceStock:
    """A stock of `capacity` places of a service for `period`, open to applications (with
    `department`: only of a service that department decides)."""
    pack = service_pack(pack_id)
    if department is not None and service_department(pack) != department:
        raise Forbidden(words("stock_not_yours", pack=pack.meta.title,
                              department=department_name(pack, department)),
                        field="pack_id")
    if not period.strip():
        raise Invalid(words("stock_needs_period"), field="period")
    if capacity < 0:
        raise Invalid(words("bad_capacity", value=capacity), field="capacity")
    if not name.strip():
        raise Invalid(words("stock_needs_name"), field="name")
    rule = pack.meta.ranking
    if rule is None or rule.ties != "strict":
        raise Invalid(words("stock_needs_strict_ranking", pack=pack.id), field="pack_id")
    existing = session.execute(select(ServiceStock).where(
        ServiceStock.pack_id == pack.id, ServiceStock.name == name.strip(),
        ServiceStock.period == period)).scalar()
    if existing is not None:
        raise Conflict(words("duplicate_stock", stock=name, period=period, id=existing.id), field="name")
    stock = ServiceStock(pack_id=pack.id, name=name.strip(), district=district, period=period,
                         capacity=capacity, state="open", cutoff={})
    session.add(stock)
    session.flush()
    audit(session, actor, "open_stock", f"stock/{stock.id}", PURPOSE, pack=pack.id, capacity=capacity,
          period=period, district=district)
    return stock


@dataclass(frozen=True)
class Allocation:
    """What an allocation did: the cases granted in rank order, waitlisted and refused."""

    stock_id: int
    capacity: int
    granted: list[int]
    waitlisted: list[int]
    refused: list[int]
    cutoff: dict[str, Any]


@dataclass(frozen=True)
class Standing:
    """One case in a stock's ranking: its rank (None: the engine finds it not eligible), whether
    the rank is within the stock, and its values of the ranking's keys, in the keys' order."""

    case: ServiceCase
    rank: int | None
    within: bool
    keys: list[Any]


@dataclass(frozen=True)
class StockRanking:
    """The cases of a stock in rank order, the not eligible last, and the last admitted keys."""

    keys: list[RankKey]
    standings: list[Standing]
    cutoff: dict[str, Any]


def rank_cases(*, pack: Pack, cases: list[ServiceCase], capacity: int, on: dt.date) -> StockRanking:
    """`cases` ranked by the pack's ranking with the round engine, `capacity` as the quota (the
    same ranking the allocation grants by); equal keys: the earlier case (a lower id) first."""
    rule = pack.meta.ranking
    if rule is None or rule.ties != "strict":
        raise Invalid(words("stock_needs_strict_ranking", pack=pack.id), field="pack_id")
    if not cases:
        return StockRanking(keys=list(rule.keys), standings=[], cutoff={})
    try:
        table = rows_to_frame(pack, [c.facts for c in cases]).with_columns(
            pl.Series("person_id", [f"{c.id:012d}" for c in cases]))
        outcome = run_round(pack, table, quota=capacity, as_of=on)
    except (InvalidFacts, RoundError) as exc:
        raise Invalid(str(exc), field="stock_id") from None
    by_id = {c.id: c for c in cases}
    columns = [key_column(k.by, pack) for k in rule.keys]
    rows = sorted(outcome.ranked.iter_rows(named=True), key=lambda row: row["rank"])
    standings = [Standing(case=by_id[int(row["person_id"])], rank=int(row["rank"]),
                          within=bool(row["admitted"]) and n < capacity, keys=[row.get(c) for c in columns])
                 for n, row in enumerate(rows)]
    ranked = {s.case.id for s in standings}
    standings += [Standing(case=c, rank=None, within=False, keys=[]) for c in cases if c.id not in ranked]
    return StockRanking(keys=list(rule.keys), standings=standings,
                        cutoff=jsonable(outcome.lines[0].cutoff or {}))


def waiting(*, session: Session, stock: ServiceStock) -> list[ServiceCase]:
    """The stock's submitted cases, in the order they were lodged."""
    return list(session.execute(select(ServiceCase).where(
        ServiceCase.stock_id == stock.id, ServiceCase.state == "submitted")
        .order_by(ServiceCase.id)).scalars())


def applied_for(*, session: Session, stock: ServiceStock) -> list[ServiceCase]:
    """Every case that applied for the stock, in the order they were lodged."""
    return list(session.execute(select(ServiceCase).where(ServiceCase.stock_id == stock.id)
                                .order_by(ServiceCase.id)).scalars())


def allocate(*, session: Session, actor: str, stock_id: int, on: dt.date,
             department: str | None = None) -> Allocation:
    """Rank the stock's submitted cases by the pack's ranking and grant its places in rank
    order; the rest of the eligible are waitlisted, the not eligible refused. With `department`,
    a stock of another department's service is as if it did not exist."""
    stock = get_stock_of_department(session=session, stock_id=stock_id, department=department)
    if stock.state != "open":
        raise Invalid(words("stock_not_open", stock=stock.name, period=stock.period), field="stock_id")
    pack = service_pack(stock.pack_id)
    ranking = rank_cases(pack=pack, cases=waiting(session=session, stock=stock), capacity=stock.capacity,
                         on=on)
    granted: list[int] = []
    waitlisted: list[int] = []
    refused: list[int] = []
    for standing in ranking.standings:
        case = standing.case
        case.rank = standing.rank
        if standing.rank is None:  # not eligible: the round engine ranks only the eligible
            failed = failed_text(case)
            transition(session=session, case=case, actor=actor, action="refuse", note=failed.en, told=failed)
            case.decided_by = actor
            case.decided_at = dt.datetime.combine(on, dt.time(12), tzinfo=dt.UTC)
            refused.append(case.id)
        elif standing.within and len(granted) < stock.capacity:
            told = words("allocated_note", stock=stock.name, rank=case.rank)
            transition(session=session, case=case, actor=actor, action="grant", note=told.en, told=told)
            session.add(benefit_for(case, BenefitGiven(allocated=stock.name), actor))
            case.decided_by = actor
            case.decided_at = dt.datetime.combine(on, dt.time(12), tzinfo=dt.UTC)
            granted.append(case.id)
        else:
            told = words("waitlisted_note", stock=stock.name, rank=case.rank)
            transition(session=session, case=case, actor=actor, action="waitlist", note=told.en, told=told)
            waitlisted.append(case.id)
    stock.state = "allocated"
    stock.allocated_at = dt.datetime.now(dt.UTC)
    stock.cutoff = ranking.cutoff
    session.flush()
    audit(session, actor, "allocate_stock", f"stock/{stock.id}", PURPOSE, pack=pack.id,
          capacity=stock.capacity, granted=granted, waitlisted=len(waitlisted), refused=len(refused))
    return Allocation(stock_id=stock.id, capacity=stock.capacity, granted=granted, waitlisted=waitlisted,
                      refused=refused, cutoff=ranking.cutoff)


def stocks(*, session: Session, pack_id: str | None = None) -> list[ServiceStock]:
    query = select(ServiceStock)
    if pack_id is not None:
        query = query.where(ServiceStock.pack_id == pack_id)
    return list(session.execute(query.order_by(ServiceStock.period, ServiceStock.name)).scalars())
