"""Choosing the pack in force on a date."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from settle.packs import PackCatalogue, default_catalogue
from settle.packs.catalogue import UnknownPack


def _version(root: Path, new_id: str, effective_from: str, effective_to: str | None) -> None:
    source = default_catalogue().root / "hangzhou-2017"
    target = root / new_id
    shutil.copytree(source, target)
    text = (target / "pack.yaml").read_text(encoding="utf-8")
    text = text.replace("id: hangzhou-2017", f"id: {new_id}")
    text = text.replace("effective_from: 2017-10-01", f"effective_from: {effective_from}"
                        + (f"\neffective_to: {effective_to}" if effective_to else ""))
    (target / "pack.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def two_versions(tmp_path: Path) -> PackCatalogue:
    _version(tmp_path, "hangzhou-2017", "2017-10-01", "2019-12-31")
    _version(tmp_path, "hangzhou-2020", "2020-01-01", None)
    return PackCatalogue(tmp_path)


def test_the_version_in_force_on_the_date_applies(two_versions: PackCatalogue) -> None:
    assert two_versions.resolve("hangzhou", dt.date(2018, 5, 1)).id == "hangzhou-2017"
    assert two_versions.resolve("hangzhou", dt.date(2019, 12, 31)).id == "hangzhou-2017"
    assert two_versions.resolve("hangzhou", dt.date(2020, 1, 1)).id == "hangzhou-2020"
    assert two_versions.resolve("hangzhou", dt.date(2030, 1, 1)).id == "hangzhou-2020"


def test_a_date_before_any_version_is_refused_with_the_spans(two_versions: PackCatalogue) -> None:
    with pytest.raises(UnknownPack, match="no hangzhou pack is in force on 2016-01-01"):
        two_versions.resolve("hangzhou", dt.date(2016, 1, 1))


def test_an_exact_pack_id_wins_over_the_date(two_versions: PackCatalogue) -> None:
    assert two_versions.resolve("hangzhou-2017", dt.date(2025, 1, 1)).id == "hangzhou-2017"


def test_an_unknown_name_lists_the_packs(two_versions: PackCatalogue) -> None:
    with pytest.raises(UnknownPack, match="hangzhou-2017, hangzhou-2020"):
        two_versions.resolve("shanghai")
