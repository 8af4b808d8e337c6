"""The round's outcome without its ranked list: who is admitted, each line's cut-off and
ties, found without sorting everyone — what a sweep point needs at every value of its grid.

`rank_scored` sorts the whole pool of each line to publish the ranked list. Finding the
cut-off needs less: the quota-th key tuple in rank order. Key by key, a histogram of the
values still in play (a `group_by`, one pass) says which value holds the quota-th place;
everyone with a better value is admitted without being ordered, everyone with a worse one
is not, and only those with exactly that value stay for the next key. After the last key
the rows left share the cut-off's whole tuple; the round lists them by person id, so the
quota-th of them is known by position. Points are scaled integers and months and dates
are few, so the histograms are small; a key with as many values as persons costs one sort
of one column, never worse than the full sort. The result equals `rank_scored`'s, line by
line, ties included (tests/workflow/test_cutoff.py compares them with hypothesis).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from settle.packs.pack import Pack
from settle.packs.schema import Ranking
from settle.workflow.quota_round import (
    LineOutcome,
    RoundError,
    assign_lines,
    choose_round,
    exact_cutoff,
    key_column,
    line_quota_of,
    ranking_keys,
)


@dataclass(frozen=True)
class Selection:
    """What a round decides, without the order of those it does not need to order."""

    pack: str
    round_id: str
    as_of: dt.date
    eligible: int
    applicants: int
    lines: list[LineOutcome]
    admitted_ids: pl.Series = field(repr=False)

    @property
    def admitted(self) -> int:
        return sum(line.admitted for line in self.lines)


@dataclass(frozen=True)
class Cut:
    """The quota-th place of one pool: the key tuple there, how many share it, who is in."""

    cutoff: dict[str, Any] | None
    tied: int
    admitted: pl.DataFrame


def _better(column: str, descending: bool, value: Any) -> pl.Expr:
    """Ranked strictly ahead of `value` on this key (nulls rank last, as in rank_frame)."""
    col = pl.col(column)
    if value is None:
        return col.is_not_null()
    ahead: pl.Expr = col > value if descending else col < value
    return ahead.fill_null(False)


def _same(column: str, value: Any) -> pl.Expr:
    return pl.col(column).is_null() if value is None else pl.col(column).eq_missing(value)


def cut_at(pool: pl.DataFrame, keys: list[tuple[str, bool]], quota: int | None, ties: str) -> Cut:
    """Who of `pool` (in person-id order) the quota admits when ranked by `keys`
    ((column, descending); equal tuples listed by person id), with ties `shared` (everyone
    equal to the last admitted is admitted too) or `strict` — as rank_frame and the round's
    admission decide, without sorting the pool."""
    places = pool.height if quota is None else min(quota, pool.height)
    if places == 0:
        return Cut(cutoff=None, tied=0, admitted=pool.head(0))
    in_play = pool
    ahead = 0  # rows ranked strictly ahead of everyone still in play
    cutoff: dict[str, Any] = {}
    for column, descending in keys:
        counts = in_play.group_by(column).agg(pl.len().alias("_n")).sort(
            column, descending=descending, nulls_last=True)
        reached = (counts["_n"].cum_sum() + ahead) >= places
        at = int(reached.arg_true()[0])
        value = counts[column][at]
        ahead += int(counts["_n"].head(at).sum())
        cutoff[column] = value
        in_play = in_play.filter(_same(column, value))
    # `in_play` shares the cut-off's whole tuple, in person-id order.
    better: Any = pl.lit(False)
    equal_so_far: Any = pl.lit(True)
    for column, descending in keys:
        better = better | (equal_so_far & _better(column, descending, cutoff[column]))
        equal_so_far = equal_so_far & _same(column, cutoff[column])
    shared = ties == "shared" and bool(keys)
    if shared:
        admitted = better | equal_so_far
    else:
        last_id = in_play["person_id"][places - ahead - 1]
        admitted = better | (equal_so_far & (pl.col("person_id") <= last_id))
    return Cut(cutoff=cutoff if keys else {}, tied=in_play.height if shared else 1,
               admitted=pool.filter(admitted))


def select_scored(pack: Pack, scored: pl.DataFrame, *, quota: int | None = None, on: dt.date,
                  round_id: str | None = None, options: list[str] | tuple[str, ...] = (),
                  ranking: Ranking | None = None) -> Selection:
    """The round of `rank_scored` on persons already scored, line by line, without the
    ranked list: each line's figures as rank_scored gives them, and the admitted ids."""
    rule = ranking or pack.meta.ranking
    sort_keys = ranking_keys(pack, ranking)  # refuses a pack without a ranking rule
    assert rule is not None
    spec = choose_round(pack, round_id)
    key_columns = [key_column(k.by, pack) for k in rule.keys]
    if not scored["person_id"].is_sorted():
        scored = scored.sort("person_id")
    if (scored["person_id"] == scored["person_id"].shift(1)).any():
        raise RoundError("person_id must be unique: the applicants table repeats an id")
    assigned = assign_lines(pack, scored, on=on, round_id=round_id, options=options, ranking=ranking)
    lines: list[LineOutcome] = []
    admitted: list[pl.Series] = []
    for line in spec.lines:
        chosen = assigned.filter(pl.col("_line") == line.id)
        line_quota = line_quota_of(pack, spec, line, quota, on, options, ranking)
        pool = chosen.filter(pl.col("eligible") & pl.col("_meets")) if line.admit == "ranked" else chosen
        cut = cut_at(pool, sort_keys, line_quota, rule.ties)
        taken = cut.admitted.height
        outcome = LineOutcome(
            id=line.id, title=line.title, quota=line_quota, applicants=pool.height, admitted=taken,
            cutoff={c: cut.cutoff[c] for c in key_columns} if cut.cutoff is not None else None,
            tied_at_cutoff=cut.tied, beyond_quota=max(0, taken - line_quota) if line_quota is not None else 0,
            candidates=chosen.height)
        lines.append(exact_cutoff(outcome, pack.meta.points_precision))
        admitted.append(cut.admitted["person_id"])
    ids = pl.concat(admitted) if admitted else scored["person_id"].head(0)
    return Selection(pack=pack.id, round_id=spec.id, as_of=on, eligible=int(scored["eligible"].sum()),
                     applicants=scored.height, lines=lines, admitted_ids=ids)
