"""All packs on disk, and the choice of the pack in force for a jurisdiction on a date."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from settle.packs.loader import load_pack
from settle.packs.pack import Pack
from settle.paths import policies_dir


class UnknownPack(LookupError):
    """No pack matches the name (and date) asked for."""


class PackCatalogue:
    """The packs in one folder, loaded on first use."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, Pack] = {}

    def ids(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if (p / "pack.yaml").is_file())

    def load(self, pack_id: str) -> Pack:
        if pack_id not in self._cache:
            if pack_id not in self.ids():
                raise UnknownPack(
                    f"no policy pack {pack_id!r} in {self.root} (packs: {', '.join(self.ids())})"
                )
            self._cache[pack_id] = load_pack(self.root / pack_id)
        return self._cache[pack_id]

    def all(self) -> list[Pack]:
        return [self.load(pack_id) for pack_id in self.ids()]

    def services(self, jurisdiction: str, on: dt.date) -> list[Pack]:
        """The service packs of a jurisdiction in force on `on`."""
        return [p for p in self.all() if p.meta.jurisdiction == jurisdiction
                and p.meta.kind == "service" and p.applies_on(on)]

    def resolve(self, name: str, on: dt.date | None = None) -> Pack:
        """A pack by exact id, or the points pack of jurisdiction `name` in force on date `on`."""
        if name in self.ids():
            return self.load(name)
        candidates = [p for p in self.all() if p.meta.jurisdiction == name and p.meta.kind == "points"]
        if not candidates:
            raise UnknownPack(
                f"no policy pack or jurisdiction {name!r} (packs: {', '.join(self.ids())})"
            )
        day = on or dt.date.today()
        in_force = [p for p in candidates if p.applies_on(day)]
        if not in_force:
            spans = ", ".join(
                f"{p.id} {p.meta.effective_from}..{p.meta.effective_to or ''}" for p in candidates
            )
            raise UnknownPack(f"no {name} pack is in force on {day} ({spans})")
        return max(in_force, key=lambda p: p.meta.effective_from)


@lru_cache(maxsize=1)
def default_catalogue() -> PackCatalogue:
    """The catalogue of the packs shipped with Settle (or SETTLE_POLICIES)."""
    return PackCatalogue(policies_dir())
