"""Values echoed back in error messages, cut short (kept for imports; it lives in
settle.language.echo, beside the fact problems that use it)."""

from settle.language.echo import ECHO_LIMIT, ELLIPSIS, cut, shown

__all__ = ["ECHO_LIMIT", "ELLIPSIS", "cut", "shown"]
