"""What is wrong with an identity number is said in the page's language: each refusal of
GB 11643 and of the registry (birth date, sex, a number already registered) in Chinese too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from settle.database import make_engine, session_factory, transaction
from settle.errors import SettleError
from settle.registry.identity import InvalidIdentity, make_identity, parse_identity
from settle.registry.migrate import upgrade
from settle.registry.persons import register_person

TODAY = dt.date(2026, 6, 1)
BORN = dt.date(1990, 5, 5)
GOOD = make_identity("440106", BORN, 11)  # an odd sequence: a man


def _words(number: str) -> tuple[str, str]:
    with pytest.raises(InvalidIdentity) as caught:
        parse_identity(number, today=TODAY)
    return str(caught.value), caught.value.words.zh


def test_each_refusal_of_gb_11643_is_said_in_chinese_as_well() -> None:
    wrong = "0" if GOOD[17] != "0" else "1"
    assert _words("123") == ("must be 17 digits followed by a digit or X (GB 11643, 18 characters)",
                             "应为17位数字加1位数字或X（GB 11643，共18位）")
    assert _words(GOOD[:17] + wrong)[1] == f"校验码为 {wrong}，按 GB 11643 应为 {GOOD[17]}"
    assert _words(make_identity("440106", dt.date(2099, 1, 1), 11))[1] == \
        "第7-14位（20990101）表示的出生日期晚于今天（2026-06-01）"
    province = _words(make_identity("000000", BORN, 11))[1]
    assert province.startswith("行政区划代码 000000 的第1-2位（00）不是省级代码（GB/T 2260，")


@pytest.mark.parametrize(("given", "expected"), [
    ({"identity_number": "123"}, "身份证号码：应为17位数字加1位数字或X（GB 11643，共18位）"),
    ({"birth_date": dt.date(1991, 5, 5)}, "出生日期 1991-05-05 与身份证号码中的日期（1990-05-05）不符"),
    ({"sex": "female"}, "性别（女）与身份证号码顺序码表示的性别（男）不符"),
])
def test_the_registry_refuses_in_both_languages_naming_the_field(
        tmp_path: Path, given: dict[str, object], expected: str) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    upgrade(url)
    person: dict[str, object] = {"identity_number": GOOD, "name": "张三", "sex": "male", "birth_date": BORN,
                                 "origin_place": "湖南", **given}
    engine = make_engine(url)
    with pytest.raises(SettleError) as caught, transaction(session_factory(engine)) as session:
        register_person(session=session, actor="clerk", today=TODAY, **person)  # type: ignore[arg-type]
    engine.dispose()
    assert caught.value.text("zh") == expected
    assert caught.value.field == next(iter(given))
