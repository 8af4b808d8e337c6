"""What admitting people costs: a cost model as data (costs/<city>.yaml), with citations.

A model gives the cost per person granted residency, its split by category and by payer,
and when it falls. Figures the seeds give cite them; figures they do not give are marked
`assumption` with the reason — there are no numbers in this module. The cost of a scenario
is its admitted count times the cost per person, split by category and payer.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from settle.language.base import Id, Strict
from settle.language.citation import Citation, Source
from settle.language.text import Text
from settle.packs.errors import PackError, PackProblem
from settle.packs.loader import _read

SHARE_TOLERANCE = Decimal("0.00001")


class Figure(Strict):
    value: Annotated[Decimal, Field(ge=0)]
    title: Text
    cite: Citation


TimingValue = Literal["once", "yearly"]


class Timing(Strict):
    """When the cost per person falls: `once` in the year of admission, or `yearly` while the
    cohort stays; `alternatives` are the other readings the source allows, each with why."""

    value: TimingValue
    assumption: str | None = None
    alternatives: dict[TimingValue, str] = Field(default_factory=dict)

    def chosen(self, value: str | None) -> Timing:
        """This timing, or the alternative reading `value` (marked as chosen)."""
        if value is None or value == self.value:
            return self
        if value not in self.alternatives:
            allowed = ", ".join([self.value, *self.alternatives])
            raise ValueError(f"cost timing {value!r}: the cost model allows {allowed}")
        return Timing(value=value, assumption=f"alternative reading chosen: {self.alternatives[value]}")


class Part(Strict):
    """A category or a payer: its share of the cost per person."""

    id: Id
    title: Text
    share: Annotated[Decimal, Field(ge=0, le=1)]
    cite: Citation | None = None
    assumption: str | None = None


class CostModel(Strict):
    id: Id
    title: Text
    currency: str
    sources: list[Source]
    per_person: Figure
    timing: Timing
    categories: list[Part]
    categories_cite: Citation
    categories_assumption: str | None = None
    payers: list[Part]

    @model_validator(mode="after")
    def _shares_add_up(self) -> CostModel:
        for name, parts in (("categories", self.categories), ("payers", self.payers)):
            total = sum((p.share for p in parts), Decimal(0))
            if abs(total - 1) > SHARE_TOLERANCE:
                raise ValueError(f"the shares of {name} add up to {total}, not 1")
        for payer in self.payers:
            if payer.cite is None and payer.assumption is None:
                raise ValueError(f"payer {payer.id!r} needs a `cite` or an `assumption`")
        return self


def load_costs(path: Path) -> CostModel:
    problems: list[PackProblem] = []
    model = _read(path, CostModel, path.parent, problems)
    if model is None:
        raise PackError(path.stem, problems)
    return model


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def split(total: Decimal, parts: list[Part]) -> dict[str, Decimal]:
    """`total` shared by the parts' shares, to the cent, adding up to `total` exactly: the
    cents lost or gained by rounding go to the largest part."""
    amounts = {p.id: _money(total * p.share) for p in parts}
    largest = max(parts, key=lambda p: p.share).id
    amounts[largest] += total - sum(amounts.values(), Decimal(0))
    return amounts


def cost_of(model: CostModel, admitted: int) -> dict[str, Any]:
    """The cost of admitting `admitted` persons: in total, by category and by payer."""
    total = _money(model.per_person.value * admitted)
    return {"admitted": admitted, "total": total,
            "by_category": split(total, model.categories), "by_payer": split(total, model.payers)}


def by_year(model: CostModel, total: Decimal, years: list[int]) -> list[dict[str, Any]]:
    """When the cost of one admitted cohort falls, year by year: all of it in the first year
    (timing `once`), or the whole of it again every year while the cohort stays (`yearly`,
    nobody leaving or dying within the horizon: the assumption the model states)."""
    rows = []
    for i, year in enumerate(years):
        amount = total if model.timing.value == "yearly" or i == 0 else Decimal("0.00")
        rows.append({"year": year, "total": amount, "by_payer": split(amount, model.payers)})
    return rows


def costs(model: CostModel, scenarios: list[dict[str, Any]], admitted: list[int],
          years: list[int] | None = None) -> dict[str, Any]:
    """The cost of each scenario and its difference from the baseline, with where the
    figures come from, and (with `years`) the cost in each year of the horizon. `admitted`
    are the true counts; a count hidden as a small cell hides the costs computed from it."""
    rows = []
    for scenario, n in zip(scenarios, admitted, strict=True):
        shown = scenario["admitted"] is not None
        row: dict[str, Any] = {"scenario": scenario["name"],
                               **(cost_of(model, n) if shown else {"total": None})}
        if years:
            row["by_year"] = by_year(model, row["total"], years) if shown else None
        rows.append(row)
    baseline = rows[0].get("total")
    for row in rows:
        row["change"] = None if row["total"] is None or baseline is None else row["total"] - baseline
    return {"model": model.id, "title": model.title.model_dump(), "currency": model.currency,
            "per_person": model.per_person.value, "per_person_cite": model.per_person.cite.model_dump(),
            "timing": model.timing.model_dump(), "categories": [
                {"id": p.id, "title": p.title.model_dump(), "share": p.share} for p in model.categories],
            "categories_assumption": model.categories_assumption,
            "payers": [{"id": p.id, "title": p.title.model_dump(), "share": p.share,
                        "assumption": p.assumption} for p in model.payers],
            "years": years or [], "scenarios": rows}
