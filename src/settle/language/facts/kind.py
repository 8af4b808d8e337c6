"""What a fact type is: everything Settle does with a value of that type, in one object.

One module per type under `settle.language.facts.types` defines a `FactKind` and names it
`FACT_TYPE`; the registry finds them there. A fact type knows

- its check of one raw value (one person's facts document) and its default;
- its JSON Schema;
- its columns in a table: the canonical Polars dtype, the conversion of what readers give
  (typed columns natively, text and nested values through the same check), and the cells
  of a table built from checked values;
- its form field and how a submitted form is read back;
- its hypothesis strategy of valid values (hypothesis is imported only when asked for).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import polars as pl

from settle.language.facts.columns import Conversion, by_value
from settle.language.facts.spec import FactSpec
from settle.language.text import Lang, Text

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


@dataclass(frozen=True)
class FormField:
    """How a form asks for a fact: the `widget` (number, checkbox, select, date, years,
    months, list), the step of a number, the choices of a select, the years asked for."""

    widget: str
    step: str = "1"
    options: tuple[tuple[str, Text], ...] = ()
    years: tuple[int, ...] = ()


class FactKind:
    """One fact type. Subclasses set `name` and implement the checks; the defaults here suit a
    fact held in one column."""

    name: ClassVar[str]
    takes_values: ClassVar[bool] = False  # `values:` (the categories) may be declared
    takes_scale: ClassVar[bool] = False  # `scale:` (decimal places) may be declared

    # ------------------------------------------------------------- one person

    def check(self, name: str, spec: FactSpec, raw: Any) -> Any:
        """The typed value of one raw value; raises BadFact naming the broken rule."""
        raise NotImplementedError

    def empty(self, spec: FactSpec) -> Any:
        """The value when the person gives none and the pack declares no default."""
        raise NotImplementedError

    def json_schema(self, spec: FactSpec, lang: Lang) -> dict[str, Any]:
        """The JSON Schema of a value (the title and description are added by the caller)."""
        raise NotImplementedError

    # ------------------------------------------------------------- tables

    def dtype(self, spec: FactSpec) -> pl.DataType:
        """The dtype of the canonical column the bulk engine computes on."""
        raise NotImplementedError

    def cell(self, spec: FactSpec, value: Any) -> Any:
        """The canonical cell of a checked value."""
        return value

    def table_dtype(self, spec: FactSpec) -> pl.DataType:
        """The dtype of the column of a table built from checked values (what Parquet holds)."""
        return self.dtype(spec)

    def table_cell(self, spec: FactSpec, value: Any) -> Any:
        """The cell of such a table."""
        return self.cell(spec, value)

    def from_text(self, name: str, spec: FactSpec, text: str) -> Any:
        """The typed value of a cell read as text (CSV): what the same text means in a facts
        document."""
        return self.check(name, spec, text)

    def columns_of(self, name: str, columns: list[str]) -> list[str]:
        """The columns of a table that hold this fact."""
        return [name] if name in columns else []

    def native(self, name: str, spec: FactSpec, column: pl.Series) -> Conversion | None:
        """The conversion of a typed column by Polars expressions, when the type has one for
        its dtype; None converts it value by value."""
        return None

    def convert(self, name: str, spec: FactSpec, frame: pl.DataFrame) -> Conversion:
        """The canonical column(s) of this fact from `frame`, which holds it (`columns_of`).
        Missing cells take the fact's default."""
        dtype = frame[name].dtype  # (not frame.schema, which builds every column's dtype)
        native = None if dtype in (pl.String, pl.Null) else self.native(name, spec, frame[name])
        if native is not None:
            return native
        if dtype == pl.String:
            def read(raw: Any) -> Any:
                return self.cell(spec, self.from_text(name, spec, raw))
        else:
            def read(raw: Any) -> Any:
                return self.cell(spec, self.check(name, spec, raw))
        series, problems = by_value(name, frame[name], read, self.dtype(spec))
        default = self.default(name, spec)
        if default is not None:
            series = series.fill_null(pl.lit(self.cell(spec, default), dtype=self.dtype(spec)))
        return Conversion(eager=[series], problems=problems)

    def constant(self, name: str, spec: FactSpec, value: Any, height: int) -> list[pl.Series]:
        """Canonical columns holding `value` on every row (a fact the table does not give)."""
        return [pl.Series(name, [self.cell(spec, value)] * height, dtype=self.dtype(spec))]

    def table_columns(self, name: str, spec: FactSpec, values: list[Any]) -> list[pl.Series]:
        """The columns of a table built from the checked values of this fact, one per row."""
        return [pl.Series(name, [self.table_cell(spec, v) for v in values], dtype=self.table_dtype(spec))]

    def document_value(self, name: str, spec: FactSpec, row: Mapping[str, Any]) -> Any:
        """This fact's value in a facts document made from one row of a typed table (None when
        the row does not give it): the inverse of `table_columns`."""
        value = row.get(name)
        return Decimal(repr(value)) if isinstance(value, float) else value

    # ------------------------------------------------------------- forms

    def form_field(self, spec: FactSpec, on: dt.date) -> FormField:
        """The field that asks for this fact on a form filled in on `on`."""
        raise NotImplementedError

    def form_value(self, spec: FactSpec, value: Any) -> Any:
        """What the field shows for `value` (as submitted, None when none)."""
        return value

    def read_form(self, name: str, form: Mapping[str, str]) -> Any:
        """The raw value of a submitted form (checked by the engine after), None when the field
        is empty; raises BadFact when it cannot be read."""
        value = form.get(name, "").strip()
        return value or None

    # ------------------------------------------------------------- tests

    def strategy(self, spec: FactSpec, on: dt.date) -> SearchStrategy[Any]:
        """Valid values for evaluation date `on` (imports hypothesis)."""
        raise NotImplementedError

    # ------------------------------------------------------------- shared

    def default(self, name: str, spec: FactSpec) -> Any:
        """The value a fact takes when the person gives none: the declared default, else the
        type's empty value."""
        return self.empty(spec) if spec.default is None else self.check(name, spec, spec.default)
