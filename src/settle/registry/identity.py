"""Resident identity numbers (GB 11643-1999): 18 characters, a birth date, a check character."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
PATTERN = re.compile(r"^\d{17}[\dX]$")


class InvalidIdentity(ValueError):
    """An identity number that breaks GB 11643; the message says which part."""


@dataclass(frozen=True)
class Identity:
    number: str
    region: str
    birth_date: dt.date
    sequence: int

    @property
    def sex(self) -> str:
        """GB 11643: an odd sequence code is a man, an even one a woman."""
        return "male" if self.sequence % 2 else "female"


def check_character(first17: str) -> str:
    """The 18th character for the first 17 digits."""
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def parse_identity(number: str) -> Identity:
    """Validate an 18-character identity number and read its parts; raises InvalidIdentity."""
    text = number.strip().upper()
    if not PATTERN.match(text):
        raise InvalidIdentity("must be 17 digits followed by a digit or X (GB 11643, 18 characters)")
    try:
        born = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise InvalidIdentity(f"characters 7-14 ({text[6:14]}) are not a valid birth date") from None
    expected = check_character(text[:17])
    if text[17] != expected:
        raise InvalidIdentity(f"check character is {text[17]}, GB 11643 gives {expected}")
    return Identity(number=text, region=text[:6], birth_date=born, sequence=int(text[14:17]))


def make_identity(region: str, born: dt.date, sequence: int) -> str:
    """A valid identity number (for demo data and tests)."""
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
