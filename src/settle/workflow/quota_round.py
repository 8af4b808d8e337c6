"""The annual quota round: select eligible applicants, rank them by the pack's ranking
rule and tie-break chain, and admit them line by line against the quota.

Everything the round decides comes from the pack (`ranking`, `rounds`); the command line
may only supply a quota the pack leaves open. The same inputs give the same ranked list,
byte for byte: the order is total, and ties are broken for listing by person id only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import polars as pl

from settle.i18n import Text
from settle.packs.checks import walk_conditions
from settle.packs.numbers import Numbers
from settle.packs.pack import Pack
from settle.packs.schema import ParamRef, QuotaLine, Ranking, RoundSpec
from settle.rules.bulk.compile import Target, compile_condition
from settle.rules.bulk.engine import is_points_column, score_table, with_exact_points

GENERAL = "general"


class RoundError(ValueError):
    """A round cannot run as asked (no ranking rule, no quota, a bad key); says which."""


@dataclass(frozen=True)
class LineOutcome:
    """What one quota line gave."""

    id: str
    title: Text
    quota: int | None
    applicants: int
    admitted: int
    cutoff: dict[str, Any] | None
    tied_at_cutoff: int
    beyond_quota: int
    candidates: int = 0
    """Everyone the line's `select` took, eligible or not (`applicants`: those it ranked)."""


@dataclass(frozen=True)
class RoundOutcome:
    pack: str
    round_id: str
    as_of: dt.date
    keys: list[str]
    eligible: int
    applicants: int
    lines: list[LineOutcome]
    ranked: pl.DataFrame = field(repr=False)

    @property
    def admitted(self) -> int:
        return sum(line.admitted for line in self.lines)


def key_column(by: str, pack: Pack) -> str:
    """The result column a ranking key reads."""
    if by == "total":
        return "total"
    if by in pack.group_ids():
        return f"subtotal.{by}"
    return by


def default_round(pack: Pack) -> RoundSpec:
    """One general line whose quota comes from the command line."""
    cite = pack.meta.ranking.cite if pack.meta.ranking else pack.meta.effective_cite
    return RoundSpec(id="default", title=Text(en="General line", zh="普通指标"),
                     lines=[QuotaLine(id=GENERAL, title=Text(en="General line", zh="普通指标"),
                                      cite=cite)],
                     cite=cite)


def choose_round(pack: Pack, round_id: str | None) -> RoundSpec:
    if round_id is None:
        return pack.meta.rounds[0] if pack.meta.rounds else default_round(pack)
    for spec in pack.meta.rounds:
        if spec.id == round_id:
            return spec
    known = ", ".join(s.id for s in pack.meta.rounds) or "none declared"
    raise RoundError(f"pack {pack.id} has no round {round_id!r} (rounds: {known})")


def _quota(pack: Pack, line: QuotaLine, override: int | None, on: dt.date,
           options: tuple[str, ...] = ()) -> int | None:
    if override is not None and line.id == GENERAL:
        return override
    if isinstance(line.quota, ParamRef):
        value = Numbers(pack, on, options).value(line.quota)
        if not isinstance(value, Decimal):
            raise RoundError(f"quota parameter {line.quota.param!r} is not a number")
        return int(value)
    return line.quota


def rank_frame(frame: pl.DataFrame, keys: list[tuple[str, bool]], ties: str) -> pl.DataFrame:
    """`frame` in rank order with a `rank` column (1 + number ranked strictly ahead).

    keys: (column, descending). With ties `shared`, equal key tuples share a rank; with
    `strict`, every row gets its own rank and remaining equal tuples are listed by person id.
    """
    columns = [c for c, _ in keys]
    by_id = frame if frame["person_id"].is_sorted() else frame.sort("person_id")
    ordered = by_id.sort(columns, descending=[d for _, d in keys], nulls_last=True,
                         maintain_order=True) if columns else by_id
    position = pl.int_range(1, pl.len() + 1, dtype=pl.Int64)
    if ties == "strict" or not columns:
        return ordered.with_columns(position.alias("rank"))
    changed = pl.any_horizontal([pl.col(c).ne_missing(pl.col(c).shift(1)) for c in columns])
    new_group = pl.when(position == 1).then(True).otherwise(changed)
    rank = pl.when(new_group).then(position).otherwise(None).forward_fill()
    return ordered.with_columns(rank.alias("rank"))


def _admit(ranked: pl.DataFrame, quota: int | None, ties: str) -> pl.DataFrame:
    if quota is None:
        return ranked.with_columns(pl.lit(True).alias("admitted"))
    if ranked.height <= quota:
        return ranked.with_columns(pl.lit(True).alias("admitted"))
    if quota == 0:
        return ranked.with_columns(pl.lit(False).alias("admitted"))
    last_rank = ranked["rank"][quota - 1]
    admitted = pl.col("rank") <= last_rank if ties == "shared" else pl.int_range(pl.len()) < quota
    return ranked.with_columns(admitted.alias("admitted"))


def run_round(
    pack: Pack,
    applicants: pl.DataFrame,
    quota: int | None = None,
    as_of: dt.date | None = None,
    round_id: str | None = None,
    options: list[str] | tuple[str, ...] = (),
    ranking: Ranking | None = None,
) -> RoundOutcome:
    """Score `applicants` (facts as columns, with a `person_id`) and run the round.

    `ranking` replaces the pack's ranking rule (for studies of other rules)."""
    _rule(pack, ranking)  # refuse a pack without a ranking rule before scoring anyone
    if "person_id" not in applicants.columns:
        raise RoundError("the applicants table needs a person_id column")
    on = as_of or pack.meta.default_evaluation_date
    # A pack fact the table leaves out takes its default (a quota line may select on it).
    read = round_columns(pack, round_id, ranking)
    keep = [c for c in read if c in pack.facts or c in applicants.columns]
    # the round ranks by the total, the subtotals and eligibility: no other item or condition
    # column is kept than a ranking key names
    results = {"total", "eligible", *(f"subtotal.{g}" for g in pack.group_ids()), *read}
    scored = score_table(pack, applicants, as_of=on, options=options, keep=keep, results=results).frame
    return rank_scored(pack, scored, quota=quota, on=on, round_id=round_id, options=options,
                       ranking=ranking)


def _rule(pack: Pack, ranking: Ranking | None) -> Ranking:
    rule = ranking or pack.meta.ranking
    if rule is None:
        raise RoundError(f"pack {pack.id} declares no ranking rule; add `ranking:` to pack.yaml")
    return rule


def round_columns(pack: Pack, round_id: str | None = None, ranking: Ranking | None = None) -> set[str]:
    """The columns a round reads beside the scores: its ranking keys and the facts its quota
    lines and threshold test."""
    rule = _rule(pack, ranking)
    spec = choose_round(pack, round_id)
    conditions = [line.select for line in spec.lines if line.select is not None]
    if rule.threshold is not None:
        conditions.append(rule.threshold)
    read = {f for cond in conditions for c in walk_conditions(cond) for f in c.facts_read()}
    return {key_column(k.by, pack) for k in rule.keys} | read


def rank_scored(pack: Pack, scored: pl.DataFrame, *, quota: int | None = None, on: dt.date,
                round_id: str | None = None, options: list[str] | tuple[str, ...] = (),
                ranking: Ranking | None = None) -> RoundOutcome:
    """Run the round on persons already scored (a bulk result's frame, with the columns of
    `round_columns`): select, rank and admit line by line."""
    rule = _rule(pack, ranking)
    spec = choose_round(pack, round_id)
    key_columns = [key_column(k.by, pack) for k in rule.keys]
    # In person-id order, so that a stable sort on the keys lists equals by id, and a
    # repeated id shows as two neighbours.
    if not scored["person_id"].is_sorted():
        scored = scored.sort("person_id")
    if (scored["person_id"] == scored["person_id"].shift(1)).any():
        raise RoundError("person_id must be unique: the applicants table repeats an id")
    assigned = assign_lines(pack, scored, on=on, round_id=round_id, options=options, ranking=ranking)
    lines: list[LineOutcome] = []
    parts: list[pl.DataFrame] = []
    sort_keys = ranking_keys(pack, ranking)
    for line in spec.lines:
        chosen = assigned.filter(pl.col("_line") == line.id)
        line_quota = line_quota_of(pack, spec, line, quota, on, options, ranking)
        pool = chosen.filter(pl.col("eligible") & pl.col("_meets")) if line.admit == "ranked" else chosen
        ranked = _admit(rank_frame(pool, sort_keys, rule.ties), line_quota, rule.ties)
        lines.append(replace(_outcome(line, line_quota, ranked, key_columns), candidates=chosen.height))
        parts.append(ranked.with_columns(pl.lit(line.id).alias("line")))
    ranked_all = pl.concat(parts, how="diagonal_relaxed") if parts else scored.head(0)
    columns = ["line", "rank", "admitted", "person_id", *key_columns, "total",
               *[c for c in ranked_all.columns if c.startswith("subtotal.")]]
    listing = ranked_all.select(list(dict.fromkeys(columns)))
    precision = pack.meta.points_precision
    lines = [exact_cutoff(line, precision) for line in lines]
    return RoundOutcome(pack=pack.id, round_id=spec.id, as_of=on, keys=key_columns,
                        eligible=int(scored["eligible"].sum()), applicants=scored.height,
                        lines=lines, ranked=with_exact_points(listing, precision))


def ranking_keys(pack: Pack, ranking: Ranking | None = None) -> list[tuple[str, bool]]:
    """The round's sort keys as (column, descending), in the order of the ranking rule; equal
    keys are then listed by person id (the tie-break chain of `rank_frame`)."""
    return [(key_column(k.by, pack), k.order == "desc") for k in _rule(pack, ranking).keys]


def line_quota_of(pack: Pack, spec: RoundSpec, line: QuotaLine, quota: int | None, on: dt.date,
                  options: list[str] | tuple[str, ...] = (), ranking: Ranking | None = None) -> int | None:
    """The quota of one line (None: no limit, in a threshold round); raises RoundError for a
    ranked line of a quota round that has none."""
    rule = _rule(pack, ranking)
    line_quota = None if rule.mode == "threshold" else _quota(pack, line, quota, on, tuple(options))
    if rule.mode == "quota" and line_quota is None and line.admit == "ranked":
        raise RoundError(f"line {line.id!r} of round {spec.id!r} has no quota: give --quota")
    return line_quota


def assign_lines(pack: Pack, scored: pl.DataFrame, *, on: dt.date, round_id: str | None = None,
                 options: list[str] | tuple[str, ...] = (),
                 ranking: Ranking | None = None) -> pl.DataFrame:
    """Each scored person with the quota line that takes them (`_line`: the first whose
    `select` holds, or null) and whether they meet the ranking rule's threshold (`_meets`),
    beside the columns the ranked list shows. Row by row: the same on any part of the table."""
    rule = _rule(pack, ranking)
    spec = choose_round(pack, round_id)
    key_columns = [key_column(k.by, pack) for k in rule.keys]
    for column in key_columns:
        if column not in scored.columns:
            raise RoundError(f"ranking key {column!r} is neither a result nor a column of the table")
    target = Target(pack=pack, as_of=on, options=tuple(options))
    points = {g: pl.col(f"subtotal.{g}") for g in pack.group_ids()} | {"total": pl.col("total")}
    threshold = (compile_condition(rule.threshold, target, points)
                 if rule.mode == "threshold" and rule.threshold is not None else pl.lit(True))
    line_of: Any = pl.lit(None, dtype=pl.String)
    for line in reversed(spec.lines):  # the first line whose condition holds takes the person
        held = pl.lit(True) if line.select is None else compile_condition(line.select, target, points)
        line_of = pl.when(held).then(pl.lit(line.id)).otherwise(line_of)
    # Only what the ranked list shows travels through the sorts (not every item's column).
    shown = dict.fromkeys(["person_id", *key_columns, "total", "eligible",
                           *[c for c in scored.columns if c.startswith("subtotal.")]])
    return scored.select(*shown, threshold.alias("_meets"), line_of.alias("_line"))


def exact_cutoff(line: LineOutcome, precision: int) -> LineOutcome:
    """The line with its cut-off's points (scaled integers) as exact decimals."""
    if line.cutoff is None or precision == 0:
        return line
    quantum = Decimal(1).scaleb(-precision)
    cutoff = {k: Decimal(v) * quantum if is_points_column(k) else v for k, v in line.cutoff.items()}
    return replace(line, cutoff=cutoff)


def _outcome(line: QuotaLine, quota: int | None, ranked: pl.DataFrame,
             key_columns: list[str]) -> LineOutcome:
    admitted = ranked.filter(pl.col("admitted"))
    cutoff = None
    tied = 0
    if admitted.height:
        last = admitted.row(admitted.height - 1, named=True)
        cutoff = {c: last[c] for c in key_columns}
        tied = int((ranked["rank"] == last["rank"]).sum())
    beyond = max(0, admitted.height - quota) if quota is not None else 0
    return LineOutcome(id=line.id, title=line.title, quota=quota, applicants=ranked.height,
                       admitted=admitted.height, cutoff=cutoff, tied_at_cutoff=tied,
                       beyond_quota=beyond)

