"""The words of the groups a simulation is broken down by: each column's title and each
value's words, in English and Chinese, so that charts and tables say "半年以下", not
`up_to_6_months`.

A column the pack declares takes the pack's title and value words; a descriptive column of a
synthetic population takes its calibration's (`title`, and `labels` of a choice column); the
age band, yes and no are named here. Any other value is shown as written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from settle.language.text import Text
from settle.packs.pack import Pack
from settle.paths import calibration_dir
from settle.simulate.calibration import Choice, load_calibration

AGE_BAND = Text(en="age band", zh="年龄段")
NOT_GIVEN = Text(en="not given", zh="未填写")
YES_NO = {"True": Text(en="yes", zh="是"), "False": Text(en="no", zh="否"),
          "true": Text(en="yes", zh="是"), "false": Text(en="no", zh="否")}


def group_labels(pack: Pack, columns: list[str], folder: Path | None = None) -> dict[str, Any]:
    """For each of `columns`: {"title": {en, zh}, "values": {value: {en, zh}}} (plain data, as
    the summary holds it)."""
    calibration_file = (folder or calibration_dir()) / f"{pack.meta.jurisdiction}.yaml"
    described: dict[str, tuple[Text, dict[str, Text]]] = {}
    if calibration_file.is_file():
        calibration = load_calibration(calibration_file)
        for column in calibration.all_columns():
            values = column.dist.labels if isinstance(column.dist, Choice) else {}
            described[column.name] = (column.title, dict(values))
    labels: dict[str, Any] = {}
    for name in columns:
        if name == "age_band":
            title, values = AGE_BAND, {}
        elif name in pack.facts:
            fact = pack.facts[name]
            title, values = fact.title, dict(fact.values or {})
        elif name in described:
            title, values = described[name]
        else:
            continue
        labels[name] = {"title": title.model_dump(),
                        "values": {str(k): v.model_dump() for k, v in values.items()}}
    return labels


def column_title(labels: dict[str, Any], column: str, lang: str) -> str:
    """The column's title in `lang`, else its name."""
    found = labels.get(column)
    return str(found["title"][lang]) if found else column


def value_words(labels: dict[str, Any], column: str, value: object, lang: str) -> str:
    """A group value's words in `lang`, else the value as written (None: not given)."""
    if value is None:
        return NOT_GIVEN(lang)  # type: ignore[arg-type]
    found = labels.get(column, {}).get("values", {}).get(str(value))
    if found:
        return str(found[lang])
    if str(value) in YES_NO:
        return YES_NO[str(value)](lang)  # type: ignore[arg-type]
    return str(value)
