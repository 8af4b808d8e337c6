"""The documents packs cite: read their lines to check and quote citations.

A cited file name is looked up, in order, in the shared folder (SETTLE_SOURCES, else the
shipped `sources/`), then in the folders of the packs added from outside it: a `sources/`
folder inside the pack folder, and a `sources/` folder beside it (docs/authoring.md). The
shared folder comes first so that a pack of one's own never changes what a shipped pack's
citation reads; give your own documents new names.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from settle.paths import sources_dir

_added: list[Path] = []


def pack_source_folders(pack_folder: Path) -> list[Path]:
    """The folders a pack outside the shipped ones may keep its documents in."""
    return [pack_folder / "sources", pack_folder.parent / "sources"]


def add_source_folders(folders: list[Path]) -> None:
    """Look up cited files in these folders too (after the shared one); missing ones are skipped."""
    for folder in folders:
        folder = folder.resolve()
        if folder.is_dir() and folder not in _added:
            _added.append(folder)


def source_folders() -> list[Path]:
    """Where cited documents are looked up, first match wins."""
    return [sources_dir(), *_added]


def source_path(file: str) -> Path | None:
    """The cited document on this machine, or None when no folder holds it."""
    for folder in source_folders():
        path = folder / file
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=32)
def _lines(path: Path, _version: tuple[int, int]) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def source_lines(file: str) -> tuple[str, ...] | None:
    """The lines of a cited document, or None when it is not on this machine (read again
    when the file changes)."""
    path = source_path(file)
    if path is None:
        return None
    stat = path.stat()
    return _lines(path, (stat.st_mtime_ns, stat.st_size))


def source_line_count(file: str) -> int | None:
    lines = source_lines(file)
    return None if lines is None else len(lines)


def quote(file: str, first: int, last: int) -> str | None:
    """The cited lines, whitespace-collapsed, or None when the document is absent."""
    lines = source_lines(file)
    if lines is None:
        return None
    text = " ".join(line.strip() for line in lines[first - 1 : last] if line.strip())
    return text
