"""Bilingual text (kept for imports; the words live in settle.language.text)."""

from settle.language.text import LANGS, UNITS, Lang, Text, per_unit_text, unit_text

__all__ = ["LANGS", "UNITS", "Lang", "Text", "per_unit_text", "unit_text"]
