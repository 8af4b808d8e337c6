"""Every text a service pack shows (its title, what it gives, each service and condition, the
readings, options and gaps, each question and answer) is there in English and in Chinese, so
that the self-assessment page, where service packs appear by themselves, never shows a blank,
an English sentence on a Chinese page, or a raw literal such as `null`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from settle.language.citation import Citation
from settle.language.text import Text
from settle.packs import default_catalogue

HAN = re.compile(r"[\u4e00-\u9fff]")
RAW = re.compile(r"\b(null|None|true|false)\b")


def _service_pack_ids() -> list[str]:
    catalogue = default_catalogue()
    return [p for p in catalogue.ids() if catalogue.load(p).meta.kind == "service"]


def _texts(model: Any, path: str) -> Iterator[tuple[str, Text]]:
    """Every Text in `model`, with where it is (citations' notes are for staff, in English)."""
    if isinstance(model, Text):
        yield path, model
    elif isinstance(model, Citation):
        return
    elif isinstance(model, BaseModel):
        for name in type(model).model_fields:
            yield from _texts(getattr(model, name), f"{path}.{name}")
    elif isinstance(model, dict):
        for key, value in model.items():
            yield from _texts(value, f"{path}.{key}")
    elif isinstance(model, (list, tuple)):
        for i, value in enumerate(model):
            yield from _texts(value, f"{path}[{i}]")


@pytest.mark.parametrize("pack_id", _service_pack_ids())
def test_every_text_of_a_service_pack_is_in_english_and_in_chinese(pack_id: str) -> None:
    pack = default_catalogue().load(pack_id)
    parts = {"pack": pack.meta, "items": pack.items, "eligibility": pack.eligibility,
             "options": pack.options, "facts": pack.facts, "derived": pack.derived}
    problems = []
    for name, part in parts.items():
        for where, text in _texts(part, name):
            if not text.en.strip() or not text.zh.strip():
                problems.append(f"{where}: a language is empty")
            elif not HAN.search(text.zh):
                problems.append(f"{where}: the Chinese text is not in Chinese: {text.zh!r}")
            elif RAW.search(text.zh):
                problems.append(f"{where}: the Chinese text shows a raw literal: {text.zh!r}")
    assert problems == []
