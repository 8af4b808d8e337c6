"""The documents packs cite: read their lines to check and quote citations."""

from __future__ import annotations

from functools import lru_cache

from settle.paths import sources_dir


@lru_cache(maxsize=32)
def source_lines(file: str) -> tuple[str, ...] | None:
    """The lines of a cited document, or None when it is not on this machine."""
    path = sources_dir() / file
    if not path.is_file():
        return None
    return tuple(path.read_text(encoding="utf-8").splitlines())


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
