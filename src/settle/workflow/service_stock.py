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
from settle.errors import Conflict, Invalid, NotFound
from settle.registry.models import ServiceCase, ServiceStock
from settle.rules.bulk.columns import rows_to_frame
from settle.rules.facts import InvalidFacts
from settle.workflow.applications import jsonable
from settle.workflow.quota_round import RoundError, run_round
from settle.workflow.service_cases import (
    PURPOSE,
    BenefitGiven,
    benefit_for,
    failed_text,
    service_pack,
    transition,
    words,
)


def get_stock(*, session: Session, stock_id: int) -> ServiceStock:
    found = session.get(ServiceStock, stock_id)
    if found is None:
        raise NotFound(words("no_stock", id=stock_id), field="stock_id")
    return found


def open_stock(*, session: Session, actor: str, pack_id: str, name: str, period: str, capacity: int,
               district: str | None = None) -> ServiceStock:
    """A stock of `capacity` places of a service for `period`, open to applications."""
    pack = service_pack(pack_id)
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


def allocate(*, session: Session, actor: str, stock_id: int, on: dt.date) -> Allocation:
    """Rank the stock's submitted cases by the pack's ranking and grant its places in rank
    order; the rest of the eligible are waitlisted, the not eligible refused."""
    stock = get_stock(session=session, stock_id=stock_id)
    if stock.state != "open":
        raise Invalid(words("stock_not_open", stock=stock.name, period=stock.period), field="stock_id")
    pack = service_pack(stock.pack_id)
    rule = pack.meta.ranking
    if rule is None or rule.ties != "strict":
        raise Invalid(words("stock_needs_strict_ranking", pack=pack.id), field="pack_id")
    cases = list(session.execute(select(ServiceCase).where(
        ServiceCase.stock_id == stock.id, ServiceCase.state == "submitted")
        .order_by(ServiceCase.id)).scalars())
    granted: list[int] = []
    waitlisted: list[int] = []
    refused: list[int] = []
    cutoff: dict[str, Any] = {}
    if cases:
        try:
            table = rows_to_frame(pack, [c.facts for c in cases]).with_columns(
                pl.Series("person_id", [f"{c.id:012d}" for c in cases]))
            outcome = run_round(pack, table, quota=stock.capacity, as_of=on)
        except (InvalidFacts, RoundError) as exc:
            raise Invalid(str(exc), field="stock_id") from None
        by_id = {c.id: c for c in cases}
        ranked = {int(row["person_id"]): row for row in outcome.ranked.iter_rows(named=True)}
        for case_id, row in sorted(ranked.items(), key=lambda kv: kv[1]["rank"]):
            case = by_id[case_id]
            case.rank = int(row["rank"])
            if row["admitted"] and len(granted) < stock.capacity:
                told = words("allocated_note", stock=stock.name, rank=case.rank)
                transition(session=session, case=case, actor=actor, action="grant", note=told.en, told=told)
                session.add(benefit_for(case, BenefitGiven(allocated=stock.name), actor))
                case.decided_by = actor
                case.decided_at = dt.datetime.combine(on, dt.time(12), tzinfo=dt.UTC)
                granted.append(case.id)
            else:
                told = words("waitlisted_note", stock=stock.name, rank=case.rank)
                transition(session=session, case=case, actor=actor, action="waitlist", note=told.en,
                           told=told)
                waitlisted.append(case.id)
        for case in cases:
            if case.id not in ranked:  # not eligible: the round engine ranks only the eligible
                case.rank = None
                failed = failed_text(case)
                transition(session=session, case=case, actor=actor, action="refuse", note=failed.en,
                           told=failed)
                case.decided_by = actor
                case.decided_at = dt.datetime.combine(on, dt.time(12), tzinfo=dt.UTC)
                refused.append(case.id)
        cutoff = jsonable(outcome.lines[0].cutoff or {})
    stock.state = "allocated"
    stock.allocated_at = dt.datetime.now(dt.UTC)
    stock.cutoff = cutoff
    session.flush()
    audit(session, actor, "allocate_stock", f"stock/{stock.id}", PURPOSE, pack=pack.id,
          capacity=stock.capacity, granted=granted, waitlisted=len(waitlisted), refused=len(refused))
    return Allocation(stock_id=stock.id, capacity=stock.capacity, granted=granted, waitlisted=waitlisted,
                      refused=refused, cutoff=cutoff)


def stocks(*, session: Session, pack_id: str | None = None) -> list[ServiceStock]:
    query = select(ServiceStock)
    if pack_id is not None:
        query = query.where(ServiceStock.pack_id == pack_id)
    return list(session.execute(query.order_by(ServiceStock.period, ServiceStock.name)).scalars())
