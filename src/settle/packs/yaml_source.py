"""Read a YAML file keeping the line of every key, so errors can point at it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError


class YamlSyntaxError(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        super().__init__(message)


class YamlDocument:
    """A parsed YAML file: plain Python data plus a way to find the line of a path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        yaml = YAML(typ="rt")
        try:
            self._tree = yaml.load(path.read_text(encoding="utf-8"))
        except MarkedYAMLError as exc:
            mark = exc.problem_mark
            line = mark.line + 1 if mark is not None else None
            raise YamlSyntaxError(line, f"YAML syntax: {exc.problem}") from exc
        except ValueError as exc:  # e.g. a timestamp such as 1985-13-01
            raise YamlSyntaxError(None, f"YAML value: {exc}") from exc
        self.data: Any = _plain(self._tree)

    def line_of(self, loc: Sequence[int | str]) -> int | None:
        """1-based line of the deepest node of `loc` that exists in the file."""
        node: Any = self._tree
        line: int | None = 1
        for key in loc:
            if isinstance(node, CommentedMap) and key in node:
                line = node.lc.key(key)[0] + 1
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
                line = node.lc.item(key)[0] + 1
                node = node[key]
            else:
                break
        return line


def _plain(node: Any) -> Any:
    """Convert ruamel's round-trip types to plain Python; floats become exact Decimals."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return Decimal(repr(float(node)))
    if isinstance(node, str):
        return str(node)
    return node


_PARSED: dict[tuple[str, int, int], YamlDocument] = {}


def read_yaml(path: Path) -> YamlDocument:
    """The parsed file, parsed once per version of the file (path, size and modification
    time): a pack's loader reads each rules file for its models and again for its lines."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    doc = _PARSED.get(key)
    if doc is None:
        doc = _PARSED[key] = YamlDocument(path)
    return doc
