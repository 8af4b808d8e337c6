"""Registering a person refuses identity numbers born in the future or before 1900, or with a
region code outside GB/T 2260, naming identity_number, the part at fault and the rule."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from settle.registry.identity import make_identity
from tests.api.conftest import sign_in

RULE = "GB/T 2260, revisions 1980-12 to 2019-04"


def _register(client: TestClient, region: str, born: dt.date) -> tuple[int, dict[str, str]]:
    response = client.post("/persons", headers=sign_in(client, "clerk"), json={
        "identity_number": make_identity(region, born, 11), "name": "王明", "sex": "male",
        "birth_date": born.isoformat(), "origin_place": "Hunan"})
    return response.status_code, response.json()


@pytest.mark.parametrize(("region", "born", "message"), [
    ("110105", dt.date(2099, 1, 1), "characters 7-14 (20990101) are a birth date after today"),
    ("110105", dt.date(1800, 1, 1), "characters 7-14 (18000101) are a birth date before 1900-01-01, "
                                    "outside the plausible range"),
    ("000000", dt.date(1990, 5, 5), f"characters 1-2 (00) of region code 000000 are not a province "
                                    f"code ({RULE})"),
    ("449900", dt.date(1990, 5, 5), "characters 1-4 (4499) of region code 449900 are not a prefecture "
                                    f"code of 44 广东省 ({RULE})"),
    ("440199", dt.date(1990, 5, 5), "characters 1-6 (440199) are not a county code of prefecture "
                                    f"4401 广州市 ({RULE})"),
])
def test_implausible_identity_numbers_are_refused_naming_the_part(client: TestClient, region: str,
                                                                  born: dt.date, message: str) -> None:
    status, body = _register(client, region, born)
    assert status == 422
    assert body["code"] == "invalid" and body["field"] == "identity_number"
    assert body["message"].startswith(f"identity_number: {message}")


@pytest.mark.parametrize("region", ["440100", "440101", "440102", "440103", "440106"])
def test_guangzhou_codes_old_and_new_are_registered(client: TestClient, region: str) -> None:
    status, body = _register(client, region, dt.date(1990, 5, 5))
    assert status == 201, body


def test_a_birth_date_after_the_registrys_date_is_refused(client: TestClient) -> None:
    """The client's registry runs at 2017-10-20: a person born in 2019 is not born yet there,
    although the real date is later."""
    status, body = _register(client, "110105", dt.date(2019, 3, 1))
    assert status == 422
    assert body["message"] == ("identity_number: characters 7-14 (20190301) are a birth date after "
                               "today (2017-10-20)")
    assert _register(client, "110105", dt.date(2017, 10, 20))[0] == 201
