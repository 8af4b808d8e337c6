"""All packs on disk, and the choice of the pack in force for a jurisdiction on a date.

The catalogue reads the shipped folder of packs (SETTLE_POLICIES replaces it), then the
folders added beside it, in order: SETTLE_EXTRA_POLICIES (os.pathsep-separated) and
`settle --policies DIR`. Each added folder is a folder of pack folders or one pack folder.
A pack id names one folder: an id found in two folders is refused (PackClash) wherever it
is used, naming both, rather than one silently winning. A pack can also be loaded from its
folder alone (`load_pack_folder`, `settle score --pack ./my-pack`). See docs/authoring.md.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from settle.packs.errors import PackError, PackProblem
from settle.packs.loader import load_pack
from settle.packs.pack import Pack
from settle.packs.sources import add_source_folders, pack_source_folders
from settle.paths import EXTRA_POLICIES, extra_policies_dirs, policies_dir


class UnknownPack(LookupError):
    """No pack matches the name (and date) asked for."""


class PolicyFolderError(ValueError):
    """A folder given to --policies or SETTLE_EXTRA_POLICIES holds no pack."""


class PackClash(PackError):
    """Two folders hold a pack with the same id: the id cannot say which one is meant."""

    def __init__(self, pack_id: str, folders: Sequence[Path]) -> None:
        first, *others = folders
        problems = [PackProblem(
            str(folder / "pack.yaml"), None, None,
            f"pack id {pack_id!r} is also the id of {first}; a pack id must be unique: rename "
            f"this folder and the id in its pack.yaml, or load this one by path (--pack {folder})")
            for folder in others]
        super().__init__(pack_id, problems)


def pack_folders(root: Path) -> list[Path]:
    """The pack folders in `root`: `root` itself when it holds pack.yaml, else its sub-folders
    that do."""
    if not root.is_dir():
        return []
    if (root / "pack.yaml").is_file():
        return [root]
    return sorted(p for p in root.iterdir() if (p / "pack.yaml").is_file())


class PackCatalogue:
    """The packs in one folder and the folders added beside it, loaded on first use."""

    def __init__(self, root: Path, extra: Sequence[Path] = ()) -> None:
        self.root = root
        self.extra = tuple(extra)
        self._cache: dict[str, Pack] = {}
        self._scanned: tuple[tuple[int, ...], dict[str, list[Path]]] | None = None

    @property
    def roots(self) -> tuple[Path, ...]:
        return (self.root, *self.extra)

    def _stamp(self) -> tuple[int, ...]:
        """The roots' modification times: a folder added or removed in a root changes it."""
        return tuple(root.stat().st_mtime_ns if root.is_dir() else -1 for root in self.roots)

    def folders(self, *, fresh: bool = False) -> dict[str, list[Path]]:
        """Every pack id with the folders that hold it (two or more is a clash).

        The scan is kept while no root's modification time changes (a server asks on every
        request; one stat per root instead of one per pack); `fresh` scans again whatever the
        times say (a pack.yaml written into a folder that was already there, for example),
        which `load` does before it calls a pack unknown."""
        stamp = self._stamp()
        if not fresh and self._scanned is not None and self._scanned[0] == stamp:
            return self._scanned[1]
        found: dict[str, list[Path]] = {}
        for root in self.roots:
            for folder in pack_folders(root):
                if folder not in found.get(folder.name, []):
                    found.setdefault(folder.name, []).append(folder)
        self._scanned = (stamp, found)
        return found

    def ids(self) -> list[str]:
        return sorted(self.folders())

    def shipped(self, pack_id: str) -> bool:
        """True when the pack comes from the shipped folder (or SETTLE_POLICIES)."""
        return any(folder.parent == self.root for folder in self.folders().get(pack_id, []))

    def _unknown(self, what: str) -> str:
        where = ", ".join(str(root) for root in self.roots)
        return f"no policy pack {what} in {where} (packs: {', '.join(self.ids())})"

    def load(self, pack_id: str) -> Pack:
        if pack_id not in self._cache:
            folders = self.folders().get(pack_id) or self.folders(fresh=True).get(pack_id)
            if not folders:
                raise UnknownPack(self._unknown(repr(pack_id)))
            if len(folders) > 1:
                raise PackClash(pack_id, folders)
            folder = folders[0]
            if folder.parent != self.root:
                add_source_folders(pack_source_folders(folder))
            self._cache[pack_id] = load_pack(folder)
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
            hint = ""
            if Path(name).is_dir():
                hint = f"; to load the folder {name!r}, write it as a path: ./{name}"
            raise UnknownPack(self._unknown(f"or jurisdiction {name!r}") + hint)
        day = on or dt.date.today()
        in_force = [p for p in candidates if p.applies_on(day)]
        if not in_force:
            spans = ", ".join(
                f"{p.id} {p.meta.effective_from}..{p.meta.effective_to or ''}" for p in candidates
            )
            raise UnknownPack(f"no {name} pack is in force on {day} ({spans})")
        return max(in_force, key=lambda p: p.meta.effective_from)


def is_pack_path(name: str) -> bool:
    """True when a pack name is written as a folder path (./x, ../x, /x, ~/x, a/b), not an id;
    pack ids hold only lower-case letters, digits and hyphens."""
    return name.startswith((".", "~")) or "/" in name or os.sep in name


def load_pack_folder(path: str | Path) -> Pack:
    """The pack in folder `path`, whatever folder it sits in; its own sources/ folder and a
    sources/ folder beside it are searched for the documents it cites."""
    folder = Path(path).expanduser()
    path = str(path)
    if not folder.is_dir():
        state = "it is a file" if folder.exists() else "it does not exist"
        raise UnknownPack(f"no pack folder {path!r}: {state}")
    if not (folder / "pack.yaml").is_file():
        inner = pack_folders(folder)
        if inner:
            hint = (f"it holds the packs {', '.join(p.name for p in inner)}: give one of their "
                    f"folders, or add this folder with --policies {path} and give a pack id")
        else:
            hint = "a pack folder holds pack.yaml, facts.yaml, rules/*.yaml and tests/*.yaml"
        raise UnknownPack(f"{path!r} is not a pack folder: no pack.yaml in it; {hint}")
    add_source_folders(pack_source_folders(folder.resolve()))
    return load_pack(folder)


_chosen: list[Path] = []


def check_policy_folder(folder: Path, given_as: str) -> Path:
    """`folder` made absolute; PolicyFolderError when it is missing or holds no pack."""
    if not folder.is_dir():
        state = "is a file" if folder.exists() else "does not exist"
        raise PolicyFolderError(f"{given_as} {str(folder)!r}: the folder {state}")
    if not pack_folders(folder):
        raise PolicyFolderError(f"{given_as} {str(folder)!r}: no pack in it (a pack folder holds "
                                "pack.yaml; give the folder of pack folders or one pack folder)")
    return folder.resolve()


def use_policies(folders: Iterable[Path], *, replace: bool = False) -> None:
    """Add folders of packs beside the shipped ones for the rest of this process (`settle
    --policies`); `replace` drops those added before. Raises PolicyFolderError."""
    checked = [check_policy_folder(Path(f).expanduser(), "--policies") for f in folders]
    if replace:
        _chosen.clear()
    _chosen.extend(f for f in checked if f not in _chosen)


def extra_policies() -> list[Path]:
    """The folders added beside the shipped ones: SETTLE_EXTRA_POLICIES, then --policies.
    Raises PolicyFolderError for an entry of SETTLE_EXTRA_POLICIES that holds no pack."""
    found = [check_policy_folder(f, f"{EXTRA_POLICIES} entry") for f in extra_policies_dirs()]
    return list(dict.fromkeys([*found, *_chosen]))


@lru_cache(maxsize=8)
def _catalogue(root: Path, extra: tuple[Path, ...]) -> PackCatalogue:
    return PackCatalogue(root, extra)


def default_catalogue() -> PackCatalogue:
    """The shipped packs (or SETTLE_POLICIES'), with the folders of SETTLE_EXTRA_POLICIES and
    --policies beside them."""
    return _catalogue(policies_dir(), tuple(extra_policies()))
