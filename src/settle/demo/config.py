"""The demo city's settings, read from `city.yaml` beside this module: how many migrants and
applications, the round, the dates, the accounts, the names."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from ruamel.yaml import YAML

CONFIG_FILE = Path(__file__).with_name("city.yaml")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DemoRound(Strict):
    """The round the demo city has open, with its pack, window and quota."""

    pack: str
    name: str
    window_opens: dt.date
    window_closes: dt.date
    quota: Annotated[int, Field(ge=0)]


class DemoIdentity(Strict):
    """How identity numbers are made: region codes from `first_region`, `per_region` persons each."""

    first_region: int
    per_region: Annotated[int, Field(ge=1, le=500)]


class DemoNames(Strict):
    surnames: Annotated[str, Field(min_length=1)]
    given: Annotated[str, Field(min_length=1)]


class DemoRegistry(Strict):
    """The department holding each kind of row made from a migrant, and the years of donations."""

    medical_insurance: str
    residence_permit: str
    blood_donations: str
    blood_donation_years: tuple[int, int]


class DemoCity(Strict):
    today: dt.date
    password: str
    seed: int
    persons: Annotated[int, Field(ge=1)]
    applications: Annotated[int, Field(ge=0)]
    calibration: str
    origin_place: str
    identity: DemoIdentity
    names: DemoNames
    accounts: dict[str, str]
    round: DemoRound
    registry: DemoRegistry
    declared: tuple[str, ...]


def load_config(path: Path = CONFIG_FILE) -> DemoCity:
    """The demo city's settings from `path` (default: the `city.yaml` shipped with Settle)."""
    with path.open(encoding="utf-8") as stream:
        return DemoCity.model_validate(YAML(typ="safe").load(stream))


@lru_cache(maxsize=1)
def demo_config() -> DemoCity:
    """The shipped demo city's settings, read once."""
    return load_config()
