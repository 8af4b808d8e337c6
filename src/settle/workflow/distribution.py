"""Distribution of a cohort among destinations by a published key (the round, generalised
to many destinations): Germany's asylum seekers among the Länder by the Königstein key.

1. **Places per destination** (`apportion`): the cohort's size N is apportioned by the
   largest remainder (Hare-Niemeyer). Each destination's exact quota is N × share / sum of
   shares, in exact fractions; each gets the whole part, and the persons left over go one
   each to the largest fractional parts (equal parts: the larger share, then the order the
   pack lists the destinations in). Without capacities every destination is less than one
   person from its exact quota.
2. **Capacity** (`overflow: reapportion_by_key`): a destination whose places would exceed
   its capacity is given its capacity, and the rest of the cohort is apportioned again, by
   the same rule, among the destinations still open, until none exceeds its capacity. When
   the capacities together hold fewer than N, the last persons in order are not placed.
3. **Persons to places**: persons are taken in the pack's published order (its `order`
   keys, then person id; a household by its first member in that order). Each person goes
   to the destination furthest behind its places, measured as places taken / places (the
   smaller first; equal: the pack's order), so that every prefix of the cohort is spread
   close to the key too — a new arrival is sent where the key is least met. A household
   (the pack's `household` column; a person without one is a household alone) goes whole
   to the destination furthest behind among those where it fits within the places; when it
   fits in none, to the one with the most places left whose capacity it fits; otherwise it
   is not placed. Households may therefore move a destination from its places by up to a
   household's size less one; single persons never do.

Same input, same output: every step is a total order, the input's row order plays no part.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import polars as pl

from settle import words
from settle.i18n import Text
from settle.language.citation import Citation
from settle.language.result import ParamUse
from settle.language.text import Lang
from settle.packs.distribution import Destination, Distribution, DistributionCase
from settle.packs.numbers import Numbers
from settle.packs.pack import Pack
from settle.rules.bulk.columns import rows_to_frame, to_canonical
from settle.rules.facts import InvalidFacts

UNPLACED = ""
"""The destination column of a person the capacities leave without a place."""


class DistributionError(ValueError):
    """A distribution cannot run as asked (no key, a bad capacity, a missing column): names
    the field, the value and the rule, in both languages (words/distribution.yaml)."""

    def __init__(self, key: str, **values: Any) -> None:
        self.words = words.text("distribution", key, **values)
        super().__init__(self.words.en)

    def text(self, lang: Lang = "en") -> str:
        return self.words(lang)


@dataclass(frozen=True)
class DestinationOutcome:
    """What one destination received, beside what its key share asked for."""

    id: str
    title: Text
    share: Decimal
    """The key share as published (per cent for the Königstein key)."""
    share_since: dt.date
    share_cite: Citation
    exact_quota: Fraction
    """N × share / sum of shares: the cohort's size times the destination's part of the key."""
    places: int
    """The places the largest remainder gives it, within capacity."""
    allocated: int
    capacity: int | None

    @property
    def deviation(self) -> Fraction:
        """Persons allocated beyond (+) or short of (-) the exact quota."""
        return self.allocated - self.exact_quota


@dataclass(frozen=True)
class DistributionOutcome:
    pack: str
    distribution: str
    title: Text
    as_of: dt.date
    cohort: int
    households: int
    destinations: list[DestinationOutcome]
    assigned: pl.DataFrame = field(repr=False)
    """One row per person: position (1 = placed first), person_id, household, destination
    (empty when not placed), in order of position."""

    @property
    def placed(self) -> int:
        return sum(d.allocated for d in self.destinations)

    @property
    def unplaced(self) -> int:
        return self.cohort - self.placed


def apportion(size: int, shares: list[Fraction], capacities: list[int | None]) -> list[int]:
    """Places for each destination: `size` apportioned by the largest remainder of
    `shares`, within `capacities` (None: no limit), capped destinations' overflow
    apportioned again among the others by their shares."""
    if size < 0 or len(shares) != len(capacities) or any(s < 0 for s in shares):
        raise ValueError(f"apportion: {size} persons, shares {shares}, capacities {capacities}")
    places = [0] * len(shares)
    capped: set[int] = set()
    while True:
        open_ = [i for i in range(len(shares)) if i not in capped and shares[i] > 0]
        left = size - sum(places[i] for i in capped)
        total = sum((shares[i] for i in open_), Fraction(0))
        if not open_ or total == 0 or left <= 0:
            for i in range(len(shares)):
                if i not in capped:
                    places[i] = 0
            return places
        quotas = {i: left * shares[i] / total for i in open_}
        for i in open_:
            places[i] = int(quotas[i])  # floor: quotas are not negative
        rest = left - sum(places[i] for i in open_)
        by_remainder = sorted(open_, key=lambda i: (-(quotas[i] - places[i]), -shares[i], i))
        for i in by_remainder[:rest]:
            places[i] += 1
        over = [i for i in open_ if capacities[i] is not None and places[i] > capacities[i]]  # type: ignore[operator]
        if not over:
            return places
        for i in over:
            cap = capacities[i]
            assert cap is not None
            places[i] = cap
            capped.add(i)


def seat_order(places: list[int]) -> np.ndarray[Any, np.dtype[np.int64]]:
    """The destination of each place in the order places are filled: the k-th place of
    destination i comes at k / places[i], earlier destinations first on equal fractions.

    Taking persons one by one to the destination with the least of taken / places gives
    exactly this sequence. Fractions k / p with p below 2**26 are told apart exactly by
    floating point (two different ones differ by at least 1 / p p' > 2**-52)."""
    if sum(places) == 0:
        return np.zeros(0, dtype=np.int64)
    index = np.repeat(np.arange(len(places), dtype=np.int64), places)
    starts = np.repeat(np.cumsum([0, *places[:-1]]), places)
    k = np.arange(index.size, dtype=np.int64) - starts
    fraction = k / np.repeat(np.asarray(places, dtype=np.float64), places)
    return index[np.lexsort((index, fraction))]


def _households(sizes: list[int], places: list[int], capacities: list[int | None],
                keyed: list[bool] | None = None) -> list[int]:
    """The destination of each household in order (-1: not placed), by the rule above; a
    destination whose key share is 0 (`keyed` false) takes no household beyond its places."""
    keyed = keyed or [True] * len(places)
    taken = [0] * len(places)
    out: list[int] = []
    for size in sizes:
        best = -1
        for i, p in enumerate(places):
            if taken[i] + size <= p and (best < 0 or taken[i] * places[best] < taken[best] * p):
                best = i
        if best < 0:
            room = [i for i in range(len(places)) if keyed[i]
                    and (capacities[i] is None or taken[i] + size <= capacities[i])]  # type: ignore[operator]
            if room:
                best = max(room, key=lambda i: (places[i] - taken[i], -i))
        if best >= 0:
            taken[best] += size
        out.append(best)
    return out


def destination_numbers(pack: Pack, spec: Distribution, on: dt.date,
                        capacity: dict[str, int] | None = None,
                        ) -> list[tuple[Destination, ParamUse | None, Decimal, int | None]]:
    """Each destination with its share's parameter (as used on the day), its share and its
    capacity (the command line's for a destination named there, else the pack's)."""
    numbers = Numbers(pack, on)
    capacity = capacity or {}
    unknown = sorted(set(capacity) - {d.id for d in spec.destinations})
    if unknown:
        raise DistributionError("unknown_destination", value=f"{unknown[0]}={capacity[unknown[0]]}",
                                destination=unknown[0], distribution=spec.id,
                                known=", ".join(d.id for d in spec.destinations))
    out = []
    for destination in spec.destinations:
        use = numbers.lookup(destination.share.param) if hasattr(destination.share, "param") else None
        share = numbers.number(destination.share)
        limit: int | None
        if destination.id in capacity:
            limit = capacity[destination.id]
        elif destination.capacity is None:
            limit = None
        else:
            value = numbers.number(destination.capacity)
            if value != value.to_integral_value() or value < 0:
                raise DistributionError("bad_pack_capacity", destination=destination.id, value=value)
            limit = int(value)
        if limit is not None and limit < 0:
            raise DistributionError("bad_capacity", value=f"{destination.id}={limit}")
        out.append((destination, use, share, limit))
    return out


def cohort_view(pack: Pack) -> Pack:
    """The pack as a cohort is read for its distribution: only the facts its order keys
    name (a cohort is persons before they are placed, not their whole files)."""
    spec = pack.meta.distribution
    keys = [k.by for k in spec.order] if spec else []
    return replace(pack, facts={k: pack.facts[k] for k in keys if k in pack.facts}, derived={})


def cohort_columns(pack: Pack) -> set[str]:
    """The columns of a cohort the distribution reads."""
    spec = pack.meta.distribution
    if spec is None:
        return {"person_id"}
    return {"person_id", *(k.by for k in spec.order), *([spec.household] if spec.household else [])}


def cohort_order(pack: Pack, spec: Distribution, cohort: pl.DataFrame) -> pl.DataFrame:
    """The cohort with person_id, its household and the order keys, typed, in the published
    order (the order keys, then person id). Order keys that are facts of the pack are read
    and checked as the bulk engine reads them (InvalidFacts names a bad value)."""
    if "person_id" not in cohort.columns:
        raise DistributionError("no_person_id")
    keys = [k.by for k in spec.order]
    # the household column is optional: without it, everyone is a household alone
    missing = [c for c in keys
               if c not in cohort.columns and not (c in pack.facts and not pack.facts[c].required)]
    if missing:
        raise DistributionError("missing_column", column=missing[0], distribution=spec.id,
                                columns=", ".join(cohort.columns))
    view = cohort_view(pack)
    facts = view.facts
    others = tuple(c for c in [*keys, *([spec.household] if spec.household else [])]
                   if c not in facts and c in cohort.columns)
    typed = to_canonical(view, cohort, passthrough=others)
    if "person_id" not in typed.columns:
        typed = typed.with_columns(cohort["person_id"])
    ids = typed["person_id"]
    if ids.null_count():
        raise DistributionError("empty_person_id", rows=ids.null_count())
    if ids.n_unique() != ids.len():
        repeated = ids.filter(ids.is_duplicated()).sort()[0]
        raise DistributionError("repeated_person_id", value=repeated)
    household = (pl.col(spec.household).cast(pl.String) if spec.household and spec.household in typed.columns
                 else pl.lit(None, dtype=pl.String))
    typed = typed.with_columns(household.alias("household"))
    by = [*keys, "person_id"]
    descending = [k.order == "desc" for k in spec.order] + [False]
    ordered = typed.sort(by, descending=descending, nulls_last=True, maintain_order=True)
    return ordered.select("person_id", "household", *keys)


def distribute(pack: Pack, cohort: pl.DataFrame, as_of: dt.date | None = None,
               capacity: dict[str, int] | None = None) -> DistributionOutcome:
    """Apportion `cohort` (a table of persons with a `person_id`) among the pack's
    destinations by its key on `as_of`, and place each person (see the module's rule)."""
    spec = pack.meta.distribution
    if spec is None:
        raise DistributionError("no_distribution", pack=pack.id)
    on = as_of or pack.meta.default_evaluation_date
    numbers = destination_numbers(pack, spec, on, capacity)
    ordered = cohort_order(pack, spec, cohort)
    size = ordered.height
    shares = [Fraction(share) for _, _, share, _ in numbers]
    limits = [limit for *_, limit in numbers]
    if sum(shares) == 0:
        raise DistributionError("zero_key", distribution=spec.id, day=on)
    places = apportion(size, shares, limits)
    ids = [d.id for d, *_ in numbers]
    # a household is a unit: its first member in order places it; a person without one is alone
    unit = pl.coalesce(pl.col("household"), pl.lit("\x00") + pl.col("person_id").cast(pl.String))
    ordered = ordered.with_columns(unit.alias("_unit"))
    units = ordered.group_by("_unit", maintain_order=True).len()
    if units.height == size:
        seats = seat_order(places)
        column = [ids[i] for i in seats.tolist()] + [UNPLACED] * (size - seats.size)
        placed = ordered.with_columns(pl.Series("destination", column, dtype=pl.String))
    else:
        chosen = _households(units["len"].to_list(), places, limits, [s > 0 for s in shares])
        where = dict(zip(units["_unit"].to_list(), [ids[i] if i >= 0 else UNPLACED for i in chosen],
                         strict=True))
        # members of a household are listed together, at their first member's place
        placed = (ordered.with_row_index("_row")
                  .with_columns(pl.col("_unit").replace_strict(where, return_dtype=pl.String)
                                .alias("destination"),
                                pl.col("_row").min().over("_unit").alias("_first"))
                  .sort("_first", maintain_order=True))
    assigned = placed.select(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("position"),
                             "person_id", "household", "destination")
    counts = dict(assigned.group_by("destination").len().iter_rows())
    total = sum(shares)
    outcomes = []
    for (destination, use, share, limit), seats_of in zip(numbers, places, strict=True):
        outcomes.append(DestinationOutcome(
            id=destination.id, title=destination.title, share=share,
            share_since=use.since if use else pack.meta.effective_from,
            share_cite=use.cite if use else spec.cite,
            exact_quota=size * Fraction(share) / total, places=seats_of,
            allocated=int(counts.get(destination.id, 0)), capacity=limit))
    return DistributionOutcome(pack=pack.id, distribution=spec.id, title=spec.title, as_of=on,
                               cohort=size, households=units.height, destinations=outcomes,
                               assigned=assigned)


@dataclass(frozen=True)
class DistributionCaseOutcome:
    """One distribution case of a pack, run: every expectation it misses."""

    pack: str
    case: DistributionCase
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def run_distribution_case(pack: Pack, case: DistributionCase) -> DistributionCaseOutcome:
    """Distribute the case's cohort and compare with what it expects."""
    failures: list[str] = []
    rows = case.cohort.rows()
    try:
        table = rows_to_frame(cohort_view(pack), rows) if rows else pl.DataFrame(
            {"person_id": pl.Series([], dtype=pl.String)})
        outcome = distribute(pack, table, as_of=case.as_of, capacity=dict(case.capacity))
    except (DistributionError, InvalidFacts) as exc:
        return DistributionCaseOutcome(pack.id, case, (f"refused: {exc}",))
    by_id = {d.id: d for d in outcome.destinations}
    expect = case.expect
    for name, want in expect.allocated.items():
        if by_id[name].allocated != want:
            failures.append(f"{name}: allocated {by_id[name].allocated}, expected {want}")
    for name, want in expect.places.items():
        if by_id[name].places != want:
            failures.append(f"{name}: places {by_id[name].places}, expected {want}")
    counts: list[tuple[str, int, int | None]] = [("placed", outcome.placed, expect.placed),
                                                 ("not placed", outcome.unplaced, expect.unplaced),
                                                 ("households", outcome.households, expect.households)]
    for label, got, wanted in counts:
        if wanted is not None and got != wanted:
            failures.append(f"{label}: {got}, expected {wanted}")
    destination_of = dict(zip(outcome.assigned["person_id"].cast(pl.String),
                              outcome.assigned["destination"], strict=True))
    for person, place in expect.destination.items():
        if destination_of.get(person) != place:
            failures.append(f"person {person}: to {destination_of.get(person)!r}, expected {place!r}")
    return DistributionCaseOutcome(pack.id, case, tuple(failures))


def run_distribution_cases(pack: Pack) -> list[DistributionCaseOutcome]:
    return [run_distribution_case(pack, case) for case in pack.distribution_cases]
