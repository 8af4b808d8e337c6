"""Parameters: numbers and dates a pack declares once, cites, and rules refer to."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from settle.language.base import Id, Strict
from settle.language.citation import Citation
from settle.language.text import Text


class ParamRef(Strict):
    param: Id


class Parameter(Strict):
    """A number or date the pack declares once and cites: a quota, a window, a points line."""

    title: Text
    value: Decimal | dt.date | str | bool
    unit: str | None = None
    cite: Citation
