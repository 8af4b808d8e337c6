"""Why a round came out as it did, for the officer: each application's ranking key values
(why 62 points rank above 82 when the pack ranks by insurance months), whether it is eligible
and, when not, the conditions it fails; each quota line's admitted against its quota in a
sentence (why only 7 of a quota of 60); and the quotas and cut-offs the pack and the registry's
earlier rounds hold.

It scores the round's verified facts with the bulk engine and runs the same ranking as
`round_service.rank`, so every figure agrees with the stored ranks; it changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.i18n import Text
from settle.language.citation import Citation
from settle.messages import say
from settle.packs import Pack
from settle.packs.schema import ParamRef
from settle.registry.models import Application, Round
from settle.rules.bulk.columns import rows_to_frame
from settle.rules.bulk.engine import is_points_column, score_table
from settle.workflow.applications import pack_of_round
from settle.workflow.quota_round import LineOutcome, choose_round, key_column, rank_scored, round_columns

SCORED_STATES = ("scored", "ranked", "disclosed", "public_notice", "final", "settled", "card_issued")


@dataclass(frozen=True)
class RowWhy:
    """One application's ranking key values (in the keys' order) and, if ineligible, the
    titles of the conditions it fails."""

    keys: list[Any]
    failed: list[Text]


@dataclass(frozen=True)
class LineWhy:
    """One quota line: its outcome and the sentence that explains admitted against quota."""

    outcome: LineOutcome
    sentence: Text


@dataclass(frozen=True)
class PackValue:
    """One dated value of a quota or points-line parameter of the pack, with its citation."""

    title: Text
    since: dt.date
    value: str
    cite: Citation


@dataclass(frozen=True)
class PastRound:
    """A round of the same pack in the registry: its quota, how many it admitted, its cut-off."""

    round_id: int
    name: str
    closes: dt.date
    quota: int
    admitted: int
    cutoff: list[tuple[Text, Any]]


@dataclass
class RoundWhy:
    """What the officer's round page explains (empty before any application is scored)."""

    keys: list[Text]
    rows: dict[int, RowWhy] = field(default_factory=dict)
    lines: list[LineWhy] = field(default_factory=list)
    failed: list[tuple[Text, int]] = field(default_factory=list)
    """Each condition the ineligible applicants fail, with how many fail it, most first."""
    pack_values: list[PackValue] = field(default_factory=list)
    past_rounds: list[PastRound] = field(default_factory=list)


def _points(value: Any, column: str, precision: int) -> Any:
    if value is None or not is_points_column(column):
        return value
    return Decimal(value).scaleb(-precision) if precision else int(value)


def explain_round(*, session: Session, round_: Round) -> RoundWhy:
    """Key values, eligibility and failed conditions per scored application, the sentence of
    each quota line, and the history of quotas and cut-offs."""
    pack = pack_of_round(round_)
    rule = pack.meta.ranking
    why = RoundWhy(keys=[k.title for k in rule.keys] if rule else [], pack_values=pack_values(pack),
                   past_rounds=past_rounds(session=session, pack=pack))
    scored = list(session.execute(select(Application).where(
        Application.round_id == round_.id, Application.state.in_(SCORED_STATES))
        .order_by(Application.id)).scalars())
    if rule is None or not scored:
        return why
    on = round_.window_closes
    table = rows_to_frame(pack, [a.verified for a in scored]).with_columns(
        pl.Series("person_id", [f"{a.id:012d}" for a in scored]))
    keep = [c for c in round_columns(pack) if c in pack.facts or c in table.columns]
    frame = score_table(pack, table, as_of=on, keep=keep).frame
    columns = [key_column(k.by, pack) for k in rule.keys]
    rules = pack.eligibility_with_options(())
    precision = pack.meta.points_precision
    for row in frame.iter_rows(named=True):
        failed = [r.title for r in rules if row.get(f"cond.{r.id}") is False]
        why.rows[int(row["person_id"])] = RowWhy(
            keys=[_points(row.get(c), c, precision) for c in columns], failed=failed)
    counts = {r.id: sum(1 for w in why.rows.values() if r.title in w.failed) for r in rules}
    why.failed = sorted(((r.title, counts[r.id]) for r in rules if counts[r.id]), key=lambda c: -c[1])
    outcome = rank_scored(pack, frame, quota=round_.quota, on=on)
    why.lines = [LineWhy(outcome=line, sentence=line_sentence(line, rule.mode))
                 for line in outcome.lines]
    return why


def line_sentence(line: LineOutcome, mode: str) -> Text:
    """Why the line admitted as many as it did, against its quota."""
    counts = {"admitted": line.admitted, "quota": line.quota, "ranked": line.applicants,
              "candidates": line.candidates, "ineligible": line.candidates - line.applicants}
    if mode == "threshold" or line.quota is None:
        return say("line_no_quota", **counts)
    if line.candidates == 0:
        return say("line_empty", **counts)
    if line.beyond_quota:
        return say("line_beyond_quota", beyond=line.beyond_quota, tied=line.tied_at_cutoff, **counts)
    if line.admitted < line.quota:
        return say("line_short", **counts)
    return say("line_filled", below=line.applicants - line.admitted, **counts)


def _shown(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    return str(value)


def pack_values(pack: Pack) -> list[PackValue]:
    """Every dated value of the quota parameters the pack's round lines use, and of its points
    line, each with its citation, oldest first."""
    spec = choose_round(pack, None)
    names = [line.quota.param for line in spec.lines if isinstance(line.quota, ParamRef)]
    names += [n for n in ("points_line",) if n in pack.meta.parameters and n not in names]
    values = []
    for name in names:
        parameter = pack.meta.parameters.get(name)
        if parameter is None:
            continue
        values += [PackValue(title=parameter.title, since=since, value=_shown(dated.value), cite=dated.cite)
                   for since, dated in sorted(parameter.values.items())]
    return values


def past_rounds(*, session: Session, pack: Pack) -> list[PastRound]:
    """The registry's rounds of `pack` (this one included), oldest first, with their cut-offs."""
    titles = {k.by: k.title for k in (pack.meta.ranking.keys if pack.meta.ranking else [])}
    rounds = session.execute(select(Round).where(Round.pack_id == pack.id).order_by(Round.id)).scalars()
    return [PastRound(round_id=r.id, name=r.name, closes=r.window_closes, quota=r.quota,
                      admitted=len(r.admitted or []),
                      cutoff=[(titles.get(k, Text(en=k, zh=k)), v) for k, v in (r.cutoff or {}).items()])
            for r in rounds]
