"""Resident identity numbers (GB 11643-1999): 18 characters, a region code, a birth date, a
sequence code and a check character.

What is checked:
- the form: 17 digits and a digit or X;
- the check character (ISO 7064 MOD 11-2, as GB 11643 gives it);
- the birth date (characters 7-14): a real date, not after today, and not before 1900-01-01;
- the region code (characters 1-6) against the GB/T 2260 administrative division codes of every
  revision from 1980-12 to 2019-04 (`settle.registry.divisions`): a number keeps the code of the
  place where it was issued, so codes since abolished (440102 Dongshan district of Guangzhou,
  merged in 2005) are accepted. The province (characters 1-2) and the prefecture (1-4) must be
  in the list, and then the whole code, with one exception below. The numbers of residence
  permits for residents of Hong Kong (810000), Macao (820000) and Taiwan (830000) are accepted.

What is not checked, and what is assumed:
- Codes created after 2019-04 are not in the list. A number issued since could carry one, so
  a county code unknown to the list is accepted for a person born after the list's last
  revision when its prefecture is in that revision (checked at prefecture level only). This
  assumes that numbers are issued at birth registration: a person born before 2019-05 whose
  number was first issued later in a county created since would be refused.
- Whether the code was in force on the birth date (a person may be registered years after
  birth, or move before first registration): any revision's code is accepted for any date.
- The sequence code (characters 15-17): any value; its parity gives the sex.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from settle.language.text import Text
from settle.messages import say
from settle.registry.divisions import divisions

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
PATTERN = re.compile(r"^\d{17}[\dX]$")
EARLIEST_BIRTH = dt.date(1900, 1, 1)
PERMIT_REGIONS = {"810000": "Hong Kong", "820000": "Macao", "830000": "Taiwan"}
"""Region codes of residence permits for residents of Hong Kong, Macao and Taiwan (2018)."""


class InvalidIdentity(ValueError):
    """An identity number that breaks GB 11643; the message says which part, in both
    languages (`words`; str() is the English)."""

    def __init__(self, words: Text) -> None:
        super().__init__(words.en)
        self.words = words


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


def check_birth_date(text: str, born: dt.date, today: dt.date) -> None:
    """The birth date must lie between 1900-01-01 and today; raises InvalidIdentity."""
    if born > today:
        raise InvalidIdentity(say("identity_born_after_today", text=text, today=today))
    if born < EARLIEST_BIRTH:
        raise InvalidIdentity(say("identity_born_too_early", text=text, earliest=EARLIEST_BIRTH))


def check_region(region: str, born: dt.date) -> None:
    """The region code must be a GB/T 2260 code of some revision (see the module's docstring
    for codes newer than the list); raises InvalidIdentity naming the part at fault."""
    if region in PERMIT_REGIONS:
        return
    known = divisions()
    if region in known.by_code:
        return
    rule = say("identity_region_rule", span=known.span())
    province, prefecture = region[:2], region[:4]
    if province not in known.provinces:
        raise InvalidIdentity(say("identity_no_province", province=province, region=region, rule=rule))
    if prefecture not in known.prefectures:
        raise InvalidIdentity(say("identity_no_prefecture", prefecture=prefecture, region=region,
                                  province=province, province_name=known.name(province), rule=rule))
    if born >= _month_after(known.latest) and prefecture in known.current_prefectures:
        return
    name = known.name(prefecture)
    raise InvalidIdentity(say("identity_no_county", region=region, prefecture=prefecture,
                              name=" " + name if name else "", rule=rule))


def _month_after(revision: str) -> dt.date:
    """The first day after a revision's month: 201904 -> 2019-05-01."""
    year, month = int(revision[:4]), int(revision[4:])
    return dt.date(year + month // 12, month % 12 + 1, 1)


def parse_identity(number: str, *, today: dt.date | None = None) -> Identity:
    """Validate an 18-character identity number and read its parts; raises InvalidIdentity.
    The birth date may not be after `today` (default: the real date)."""
    text = number.strip().upper()
    if not PATTERN.match(text):
        raise InvalidIdentity(say("identity_pattern"))
    try:
        born = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise InvalidIdentity(say("identity_bad_birth_date", text=text[6:14])) from None
    expected = check_character(text[:17])
    if text[17] != expected:
        raise InvalidIdentity(say("identity_check_character", found=text[17], expected=expected))
    check_birth_date(text[6:14], born, today or dt.date.today())
    check_region(text[:6], born)
    return Identity(number=text, region=text[:6], birth_date=born, sequence=int(text[14:17]))


def make_identity(region: str, born: dt.date, sequence: int) -> str:
    """A valid identity number (for demo data and tests)."""
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
