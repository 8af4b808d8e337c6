"""The directories of services a government buys from social forces, and the published
scoring methods, read from `purchase-directory/` (see its README).

A directory names its categories and the items the source names, each with its file and
lines; when the source gives a total (Hangzhou: 145 items in 6 categories, 000 lines
1255-1256) the rest are counted as not listed in the source, never invented.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from ruamel.yaml import YAML

from settle.errors import Invalid, NotFound
from settle.i18n import Lang, Text
from settle.messages import say
from settle.paths import purchase_directory_dir


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: str
    lines: str

    def cite(self) -> str:
        return f"{self.file} lines {self.lines}"


class Category(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    en: str
    zh: str
    source: Source

    def words(self) -> Text:
        return Text(en=self.en, zh=self.zh)


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    category: str
    en: str
    zh: str
    source: Source
    assumption: str | None = None

    def words(self) -> Text:
        return Text(en=self.en, zh=self.zh)


class Directory(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    city: str
    title: dict[Lang, str]
    valid_from: dt.date
    valid_until: dt.date | None = None
    source: Source
    items_total: int | None
    items_total_source: Source | None = None
    assumption: str | None = None
    categories: list[Category]
    items: list[Item]

    @model_validator(mode="after")
    def _consistent(self) -> Directory:
        codes = {c.code for c in self.categories}
        for item in self.items:
            if item.category not in codes:
                raise ValueError(f"item {item.code}: category {item.category!r} "
                                 f"is not one of {sorted(codes)}")
        seen = [i.code for i in self.items]
        if len(seen) != len(set(seen)):
            raise ValueError("item codes repeat")
        if self.items_total is not None and self.items_total < len(self.items):
            raise ValueError(f"items_total {self.items_total} is below the {len(self.items)} items listed")
        return self

    @property
    def not_listed(self) -> int | None:
        """How many items the source counts but does not name (None when it gives no total)."""
        return None if self.items_total is None else self.items_total - len(self.items)

    def item(self, code: str) -> Item:
        for item in self.items:
            if item.code == code:
                return item
        raise Invalid(say("value_not_allowed", field="directory_item", value=code,
                          allowed=", ".join(i.code for i in self.items)), field="directory_item")

    def category(self, code: str) -> Category:
        for category in self.categories:
            if category.code == code:
                return category
        raise Invalid(say("value_not_allowed", field="category", value=code,
                          allowed=", ".join(c.code for c in self.categories)), field="category")

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


class Criterion(BaseModel):
    """One weighted criterion of a scoring method: `price` is computed from the opened prices,
    `assessed` is scored 0-100 by the evaluators."""

    model_config = ConfigDict(extra="forbid")

    criterion: str = Field(pattern=r"^[a-z][a-z0-9_]{0,59}$")
    kind: Literal["price", "assessed"]
    weight: Decimal = Field(gt=0)
    en: str
    zh: str


class ScoringMethod(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: dict[Lang, str]
    assumption: str | None = None
    criteria: list[Criterion]

    @model_validator(mode="after")
    def _one_price_at_most(self) -> ScoringMethod:
        check_criteria(self.criteria)
        return self


def check_criteria(criteria: list[Criterion]) -> None:
    """A method has criteria with distinct names and at most one price criterion."""
    if not criteria:
        raise ValueError("a scoring method needs at least one criterion")
    names = [c.criterion for c in criteria]
    if len(names) != len(set(names)):
        raise ValueError(f"criteria repeat: {names}")
    if sum(1 for c in criteria if c.kind == "price") > 1:
        raise ValueError("at most one price criterion")


def _read(path: Path) -> object:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _problem(path: Path, exc: ValidationError) -> Invalid:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return Invalid(f"{path}: {where}: {first['msg']}", field=where or None)


@cache
def directories(folder: Path | None = None) -> dict[str, Directory]:
    """Every directory in the folder, by id (a file that breaks the schema is refused, naming
    the file and the field)."""
    root = folder or purchase_directory_dir()
    found: dict[str, Directory] = {}
    for path in sorted(root.glob("*.yaml")):
        try:
            directory = Directory.model_validate(_read(path))
        except ValidationError as exc:
            raise _problem(path, exc) from None
        found[directory.id] = directory
    return found


@cache
def scoring_methods(folder: Path | None = None) -> dict[str, ScoringMethod]:
    root = (folder or purchase_directory_dir()) / "scoring"
    found: dict[str, ScoringMethod] = {}
    for path in sorted(root.glob("*.yaml")):
        try:
            method = ScoringMethod.model_validate(_read(path))
        except ValidationError as exc:
            raise _problem(path, exc) from None
        found[method.id] = method
    return found


def directory_for(city: str, on: dt.date) -> Directory:
    """The city's directory in force on `on` (the latest that began by then)."""
    candidates = [d for d in directories().values() if d.city == city and d.in_force(on)]
    if not candidates:
        raise NotFound(say("no_purchase_directory", city=city, on=on), field="city")
    return max(candidates, key=lambda d: d.valid_from)


def get_directory(directory_id: str) -> Directory:
    found = directories()
    if directory_id not in found:
        raise NotFound(say("value_not_allowed", field="directory", value=directory_id,
                           allowed=", ".join(found)), field="directory")
    return found[directory_id]


def get_scoring_method(method_id: str) -> ScoringMethod:
    found = scoring_methods()
    if method_id not in found:
        raise NotFound(say("value_not_allowed", field="scoring_method", value=method_id,
                           allowed=", ".join(found)), field="scoring_method")
    return found[method_id]
