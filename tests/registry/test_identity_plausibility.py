"""Identity numbers carry a plausible birth date (1900-01-01 to today) and a region code of
GB/T 2260 (any revision 1980-12 to 2019-04, since a number keeps the code of its issue)."""

from __future__ import annotations

import datetime as dt
import time
from importlib import resources

import pytest

from settle.registry.divisions import divisions
from settle.registry.identity import InvalidIdentity, make_identity, parse_identity

TODAY = dt.date(2026, 6, 1)
BORN = dt.date(1990, 5, 5)
RULE = "GB/T 2260, revisions 1980-12 to 2019-04"


def _refused(region: str, born: dt.date = BORN) -> str:
    with pytest.raises(InvalidIdentity) as caught:
        parse_identity(make_identity(region, born, 11), today=TODAY)
    return str(caught.value)


def test_a_birth_date_after_today_is_refused_naming_today() -> None:
    assert _refused("110105", dt.date(2099, 1, 1)) == \
        "characters 7-14 (20990101) are a birth date after today (2026-06-01)"
    assert _refused("110105", TODAY + dt.timedelta(days=1)).startswith("characters 7-14 (20260602)")
    assert parse_identity(make_identity("110105", TODAY, 11), today=TODAY).birth_date == TODAY


def test_today_is_the_real_date_unless_given() -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(InvalidIdentity, match="after today"):
        parse_identity(make_identity("110105", tomorrow, 11))


def test_a_birth_date_before_1900_is_refused_as_implausible() -> None:
    assert _refused("110105", dt.date(1800, 1, 1)) == ("characters 7-14 (18000101) are a birth date "
                                                        "before 1900-01-01, outside the plausible range")
    assert _refused("110105", dt.date(1899, 12, 31)).startswith("characters 7-14 (18991231)")
    assert parse_identity(make_identity("110105", dt.date(1900, 1, 1), 11)).birth_date.year == 1900


def test_a_region_of_no_province_is_refused_naming_the_province_digits() -> None:
    assert _refused("000000") == f"characters 1-2 (00) of region code 000000 are not a province code ({RULE})"
    assert _refused("990101").startswith("characters 1-2 (99) of region code 990101")


def test_a_region_of_no_prefecture_is_refused_naming_the_prefecture_digits() -> None:
    assert _refused("449900") == (f"characters 1-4 (4499) of region code 449900 are not a prefecture "
                                  f"code of 44 广东省 ({RULE})")


def test_a_county_code_the_list_never_had_is_refused() -> None:
    assert _refused("440199") == (f"characters 1-6 (440199) are not a county code of prefecture "
                                  f"4401 广州市 ({RULE})")


@pytest.mark.parametrize("region", ["440100", "440101", "440102", "440103", "440104", "440106",
                                    "440111", "330106", "110105", "132101"])
def test_current_and_historic_codes_are_accepted(region: str) -> None:
    """Guangzhou's codes the demo city and the tests use, 440102 (Dongshan district, merged
    into Yuexiu in 2005) and 132101 (Handan city, coded under the Handan prefecture until 1982)."""
    assert parse_identity(make_identity(region, BORN, 11), today=TODAY).region == region


def test_every_region_the_demo_city_uses_is_valid() -> None:
    for i in range(0, 4000, 500):  # demo_city: region 440100 + i // 500 for person i
        parse_identity(make_identity(f"{440100 + i // 500}", BORN, 11))


def test_a_code_newer_than_the_list_is_accepted_for_someone_born_after_it() -> None:
    """Counties created after 2019-04 are not in the list: their numbers are checked at
    prefecture level (the prefecture must be in the last revision)."""
    assert parse_identity(make_identity("440199", dt.date(2019, 5, 1), 11), today=TODAY).region == "440199"
    assert _refused("440199", dt.date(2019, 4, 30)).startswith("characters 1-6 (440199)")
    assert _refused("132199", dt.date(2020, 1, 1)).startswith("characters 1-6 (132199)")


@pytest.mark.parametrize("region", ["810000", "820000", "830000"])
def test_residence_permits_of_hong_kong_macao_and_taiwan_residents_are_accepted(region: str) -> None:
    assert parse_identity(make_identity(region, BORN, 11), today=TODAY).region == region


def test_the_code_list_names_its_source_and_is_read_once() -> None:
    known = divisions()
    assert divisions() is known
    assert known.span() == "1980-12 to 2019-04"
    assert known.name("44") == "广东省" and known.name("4401") == "广州市"
    assert known.name("440102") == "东山区"
    header = resources.files("settle.registry").joinpath("data/gb2260.tsv").read_text(encoding="utf-8")[:1500]
    assert "Ministry of Civil Affairs" in header and "github.com/cn/GB2260" in header
    numbers = [make_identity("440106", BORN, n % 1000) for n in range(20_000)]
    started = time.perf_counter()
    for number in numbers:
        parse_identity(number, today=TODAY)
    assert time.perf_counter() - started < 1.0
