"""Identity numbers are validated with the GB 11643 check character and embedded birth date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from settle.registry.identity import InvalidIdentity, make_identity, parse_identity


def test_a_published_example_number_is_valid() -> None:
    identity = parse_identity("11010519491231002X")
    assert identity.birth_date == dt.date(1949, 12, 31)
    assert identity.sex == "female"
    assert identity.region == "110105"


def test_a_wrong_check_character_is_refused_naming_the_expected_one() -> None:
    with pytest.raises(InvalidIdentity, match="check character is 1, GB 11643 gives X"):
        parse_identity("110105194912310021")


def test_an_impossible_birth_date_is_refused() -> None:
    with pytest.raises(InvalidIdentity, match="not a valid birth date"):
        parse_identity(make_identity("330106", dt.date(1990, 1, 1), 5)[:10] + "0230" + "0051")


@pytest.mark.parametrize("text", ["", "12345", "1101051949123100", "11010519491231002Y", "a" * 18])
def test_malformed_numbers_are_refused(text: str) -> None:
    with pytest.raises(InvalidIdentity):
        parse_identity(text)


@given(st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)), st.integers(0, 999))
def test_made_numbers_parse_back_to_their_birth_date(born: dt.date, sequence: int) -> None:
    identity = parse_identity(make_identity("440106", born, sequence))
    assert identity.birth_date == born
    assert identity.sequence == sequence


@given(st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)), st.integers(0, 999), st.integers(0, 16),
       st.integers(1, 9))
def test_changing_one_digit_is_always_detected(born: dt.date, sequence: int, position: int,
                                               shift: int) -> None:
    number = make_identity("440106", born, sequence)
    digit = (int(number[position]) + shift) % 10
    altered = number[:position] + str(digit) + number[position + 1:]
    with pytest.raises(InvalidIdentity):
        parse_identity(altered)
