"""The words of an indicator table in English and Chinese: its rows (districts, named as the
cities' calibration files name them), its columns (sex, age bands, population groups), its
unit and its source, and how a hidden or missing cell reads (src/settle/words/indicators.yaml)."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from settle.i18n import Lang
from settle.language.text import Text
from settle.paths import calibration_dir
from settle.simulate.calibration import Choice, load_calibration
from settle.simulate.indicators.definitions import Indicator, dimensions
from settle.simulate.indicators.tables import ALL, TOTAL, UNKNOWN_DISTRICT, IndicatorTable, Value
from settle.words import word


def w(key: str, lang: Lang, **values: object) -> str:
    return word("indicators", key, lang, **values)


@cache
def _district_words() -> dict[str, Text]:
    found: dict[str, Text] = {}
    for path in sorted(calibration_dir().glob("*.yaml")):
        for column in load_calibration(path).all_columns():
            if column.name == "district" and isinstance(column.dist, Choice):
                found.update(column.dist.labels)
    return found


def row_words(row: str, lang: Lang) -> str:
    if row == TOTAL:
        return w("city_total", lang)
    if row == UNKNOWN_DISTRICT:
        return w("unknown_district", lang)
    known = _district_words().get(row)
    return known(lang) if known else row


def column_words(column: str, lang: Lang) -> str:
    if column in (TOTAL, ALL):
        return w("total" if column == TOTAL else "all", lang)
    if column in ("male", "female"):
        return w(column, lang)
    for group in dimensions().population_groups:
        if group.id == column:
            return group.title(lang)
    return w("age_years", lang, band=column)


def by_words(by: str | None, lang: Lang) -> str:
    return w(f"by_{by or 'none'}", lang)


def unit_words(indicator: Indicator, lang: Lang) -> str:
    return w(f"unit_{indicator.unit}", lang)


def source_words(source: str, lang: Lang) -> str:
    return w(f"source_{source}", lang)


def number(value: Value) -> str:
    """A figure as the tables print it: 1,234 persons, 5,505.00 yuan, 75.0 %."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if value.as_tuple().exponent == -2 else f"{value:,}"
    return f"{value:,}"


def cell_words(table: IndicatorTable, row: int, column: int, lang: Lang) -> str:
    """The cell as a reader sees it: its figure, '<10' when hidden, or why there is none."""
    if table.not_available is not None:
        return w("not_available", lang)
    if table.is_hidden(row, column):
        if table.indicator.unit != "persons":  # a hidden sum or share: its persons are few, not it
            return w("suppressed", lang)
        return w("suppressed_mark", lang, threshold=table.threshold)
    value = table.values[row][column]
    if value is None:
        return w("no_denominator", lang)
    return number(value)


def cell_status(table: IndicatorTable, row: int, column: int) -> str:
    """shown, suppressed, no_denominator or not_available (the exports' status column)."""
    if table.not_available is not None:
        return "not_available"
    if table.is_hidden(row, column):
        return "suppressed"
    return "no_denominator" if table.values[row][column] is None else "shown"
