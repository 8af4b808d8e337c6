"""GB/T 2260 administrative division codes: every code of every revision from 1980-12 to 2019-04
(data/gb2260.tsv, from the Ministry of Civil Affairs and National Bureau of Statistics lists
as transcribed by the cn/GB2260 data set; its header names the source and the revisions).

Codes since abolished stay: an identity number keeps the code of the place where it was first
issued. The list is read once, on first use.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

DATA = "data/gb2260.tsv"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    first: str
    last: str
    """The first and the last revision (YYYYMM) that list the code."""


@dataclass(frozen=True)
class Divisions:
    by_code: dict[str, Division]
    provinces: frozenset[str]
    """Two-digit province codes of any revision."""
    prefectures: frozenset[str]
    """Four-digit prefecture codes of any revision (a code XXXX00, or the parent of a county)."""
    current_prefectures: frozenset[str]
    """Four-digit prefecture codes of the latest revision."""
    first: str
    latest: str
    """The first and the latest revision of the list (YYYYMM)."""

    def name(self, code: str) -> str | None:
        """The name of a province (2 digits), prefecture (4) or county (6), if the list has it."""
        division = self.by_code.get(code.ljust(6, "0"))
        return None if division is None else division.name

    def span(self) -> str:
        """'1980-12 to 2019-04': the revisions the list covers."""
        return f"{_month(self.first)} to {_month(self.latest)}"


def _month(revision: str) -> str:
    return f"{revision[:4]}-{revision[4:]}"


@functools.cache
def divisions() -> Divisions:
    """The division codes, read from the data file once."""
    text = resources.files("settle.registry").joinpath(DATA).read_text(encoding="utf-8")
    by_code: dict[str, Division] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, name, first, last = line.split("\t")
        by_code[code] = Division(code=code, name=name, first=first, last=last)
    latest = max(d.last for d in by_code.values())
    return Divisions(by_code=by_code,
                     provinces=frozenset(code[:2] for code in by_code),
                     prefectures=frozenset(code[:4] for code in by_code if code[2:] != "0000"),
                     current_prefectures=frozenset(d.code[:4] for d in by_code.values()
                                                   if d.last == latest and d.code[2:] != "0000"),
                     first=min(d.first for d in by_code.values()), latest=latest)
