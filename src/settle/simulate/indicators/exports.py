"""Indicator tables as files: CSV, an Excel workbook (the figures, then each indicator's
definition with its sources and assumptions), and DHIS2's `dataValueSets` JSON, so that a
health or statistics office can load them into the system it already runs.

DHIS2 (docs.dhis2.org, "Data values" of the Web API): a data value set is
`{"dataSet", "period", "orgUnit", "dataValues": [{"dataElement", "period", "orgUnit",
"categoryOptionCombo", "value"}]}`; a value is a string; periods are written 2017, 2017Q3,
201703. We name every object by code — to import with `idScheme=CODE`:
- data element: the indicator's id in capitals (a proportion also sends its numerator and
  denominator, `_NUM` and `_DEN`);
- category option combination: `default` for everyone, else the group (`MALE`, `AGE_6_14`,
  `MIGRANT`);
- organisation unit: the district's code in capitals, and the city's (`org_unit`) for the
  whole city.
Hidden cells are left out: DHIS2 has no mark for a suppressed value.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]

from settle.i18n import Lang
from settle.simulate.indicators.labels import (
    cell_status,
    column_words,
    row_words,
    source_words,
    unit_words,
    w,
)
from settle.simulate.indicators.tables import ALL, TOTAL, IndicatorTable, Value

DATA_SET = "SETTLE_MONITORING"
CITY_ORG_UNIT = "CITY"
FIELDS = ("indicator", "title", "period", "district", "district_name", "by", "group", "group_name",
          "value", "numerator", "denominator", "unit", "status", "source")


def _plain(value: Value) -> str:
    return "" if value is None else str(value)


def flat_rows(tables: list[IndicatorTable], lang: Lang) -> list[dict[str, str]]:
    """One row per cell of every table, margins included, hidden cells with no figure."""
    rows = []
    for table in tables:
        for i, district in enumerate(table.rows):
            for j, group in enumerate(table.columns):
                rows.append({
                    "indicator": table.indicator.id, "title": table.indicator.title(lang),
                    "period": table.period.label, "district": district,
                    "district_name": row_words(district, lang),
                    "by": table.by or "", "group": group, "group_name": column_words(group, lang),
                    "value": _plain(table.values[i][j]),
                    "numerator": _plain(table.numerator[i][j]) if table.numerator else "",
                    "denominator": _plain(table.denominator[i][j]) if table.denominator else "",
                    "unit": unit_words(table.indicator, lang), "status": cell_status(table, i, j),
                    "source": source_words(table.source, lang)})
    return rows


def to_csv(tables: list[IndicatorTable], lang: Lang) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(flat_rows(tables, lang))
    return out.getvalue()


HEADERS = {"indicator": "indicator", "title": "indicator", "period": "period", "district_name": "district",
           "group_name": "breakdown", "value": "value", "numerator": "numerator",
           "denominator": "denominator", "unit": "unit", "status": "status"}


def to_xlsx(tables: list[IndicatorTable], lang: Lang) -> bytes:
    """A workbook: the sheet of figures (hidden cells say so), and one of definitions."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    figures = book.add_worksheet(w("value", lang))
    columns = ["title", "period", "district_name", "group_name", "value", "numerator", "denominator", "unit",
               "status"]
    for c, name in enumerate(columns):
        figures.write(0, c, w(HEADERS[name], lang), bold)
    statuses = {s: w(f"status_{s}" if s == "shown" else s, lang)
                for s in ("shown", "suppressed", "no_denominator", "not_available")}
    for r, row in enumerate(flat_rows(tables, lang), start=1):
        for c, name in enumerate(columns):
            text = row[name]
            if name in ("value", "numerator", "denominator") and text:
                figures.write_number(r, c, float(Decimal(text)))
            else:
                figures.write(r, c, statuses.get(text, text) if name == "status" else text)
    figures.set_column(0, 0, 36)
    figures.set_column(1, 3, 16)
    definitions = book.add_worksheet(w("cited", lang))
    for c, name in enumerate(("indicator", "cited", "assumption")):
        definitions.write(0, c, w(name, lang), bold)
    seen: set[str] = set()
    r = 1
    for table in tables:
        indicator = table.indicator
        if indicator.id in seen:
            continue
        seen.add(indicator.id)
        files = {s.id: s.file for s in indicator.sources}
        cites = "; ".join(f"{files[c.source]} {w('lines', lang, lines=c.lines) if c.lines else c.article}"
                          for c in indicator.cite)
        parts = [indicator.numerator] + ([indicator.denominator] if indicator.denominator else [])
        assumed = " ".join([p.assumption for p in parts if p.assumption] + indicator.assumptions)
        definitions.write_row(r, 0, [indicator.title(lang), cites, assumed])
        r += 1
    definitions.set_column(0, 2, 48)
    book.close()
    return out.getvalue()


def _code(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text).upper()


def category_option_combo(group: str) -> str:
    if group in (ALL, TOTAL):
        return "default"
    return f"AGE_{_code(group.replace('+', '_PLUS'))}".rstrip("_") if group[0].isdigit() else _code(group)


def to_dhis2(tables: list[IndicatorTable], *, org_unit: str = CITY_ORG_UNIT,
             data_set: str = DATA_SET) -> dict[str, Any]:
    """The tables as one DHIS2 data value set (codes; hidden and missing cells left out). A
    by-group table's total column is the `default` combination of the same cells, so it is sent
    once per cell: when the table is broken down, only its groups are sent, and its totals
    come from a table with no breakdown."""
    values: list[dict[str, str]] = []
    seen: set[tuple[str, str, str, str]] = set()
    for table in tables:
        if table.not_available is not None:
            continue
        element = _code(table.indicator.id)
        for i, district in enumerate(table.rows):
            unit = org_unit if district == TOTAL else _code(district)
            for j, group in enumerate(table.columns):
                if table.is_hidden(i, j) or (table.by is not None and group == TOTAL):
                    continue
                combo = category_option_combo(group)
                figures = [(element, table.values[i][j])]
                if table.numerator is not None and table.denominator is not None:
                    figures += [(f"{element}_NUM", table.numerator[i][j]),
                                (f"{element}_DEN", table.denominator[i][j])]
                for name, value in figures:
                    key = (name, table.period.dhis2, unit, combo)
                    if value is None or key in seen:
                        continue
                    seen.add(key)
                    values.append({"dataElement": name, "period": table.period.dhis2, "orgUnit": unit,
                                   "categoryOptionCombo": combo, "value": str(value)})
    periods = sorted({t.period.dhis2 for t in tables})
    found: dict[str, Any] = {"dataSet": data_set, "orgUnit": org_unit}
    if len(periods) == 1:
        found["period"] = periods[0]
    found["dataValues"] = values
    return found
