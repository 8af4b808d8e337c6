"""Values echoed back in error messages, cut short: an error names the value at fault, but a
megabyte of it sent back would make the answer as big as the request (and a log line as big).

`cut` shortens text to ECHO_LIMIT characters with an ellipsis; `shown` is the repr of a value,
built without reading a huge one whole (reprlib), then cut.
"""

from __future__ import annotations

import datetime as dt
import reprlib
from decimal import Decimal

ECHO_LIMIT = 80
ELLIPSIS = "…"


class _Plain(reprlib.Repr):
    """reprlib, but an exact number is shown as written (5.9, not Decimal('5.9')) and a date
    as the text it was read from ('2015-01-01', not datetime.date(2015, 1, 1))."""

    def repr_Decimal(self, x: Decimal, level: int) -> str:
        return cut(str(x), self.maxother)

    def repr_date(self, x: dt.date, level: int) -> str:
        return repr(x.isoformat())


_REPR = _Plain()
_REPR.maxstring = ECHO_LIMIT
_REPR.maxother = ECHO_LIMIT
_REPR.maxlong = ECHO_LIMIT
_REPR.maxlevel = 3
for _name in ("maxlist", "maxtuple", "maxdict", "maxset", "maxfrozenset", "maxdeque", "maxarray"):
    setattr(_REPR, _name, 6)


def cut(text: str, limit: int = ECHO_LIMIT) -> str:
    """`text` whole when it has at most `limit` characters, else its start and an ellipsis
    (`limit` characters in all)."""
    return text if len(text) <= limit else text[:limit - 1] + ELLIPSIS


def shown(value: object, limit: int = ECHO_LIMIT) -> str:
    """The repr of `value` for a message, at most `limit` characters; numbers and dates as
    written."""
    return cut(_REPR.repr(value), limit)
