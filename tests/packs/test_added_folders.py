"""Packs outside the shipped folder: folders added beside it, a pack loaded from its folder,
one id in two folders, and where their cited documents are found."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from settle.packs import PackCatalogue, PackError, default_catalogue
from settle.packs.catalogue import (
    PackClash,
    PolicyFolderError,
    UnknownPack,
    is_pack_path,
    load_pack_folder,
    use_policies,
)
from settle.packs.sources import source_path

SHIPPED = default_catalogue().root
CHILD = "guangzhou-child-serious-illness-2015"


def _copy(folder: Path, source_id: str = CHILD) -> Path:
    shutil.copytree(SHIPPED / source_id, folder)
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace(f"id: {source_id}\n", f"id: {folder.name}\n"),
                    encoding="utf-8")
    return folder


def test_a_catalogue_reads_the_added_folders_after_the_shipped_one(tmp_path: Path) -> None:
    _copy(tmp_path / "mine" / "my-relief-2024")
    catalogue = PackCatalogue(SHIPPED, [tmp_path / "mine"])
    assert "my-relief-2024" in catalogue.ids() and "hangzhou-2017" in catalogue.ids()
    assert catalogue.load("my-relief-2024").root == (tmp_path / "mine" / "my-relief-2024").resolve()
    assert not catalogue.shipped("my-relief-2024") and catalogue.shipped("hangzhou-2017")


def test_an_added_folder_may_be_one_pack_folder(tmp_path: Path) -> None:
    folder = _copy(tmp_path / "my-relief-2024")
    assert PackCatalogue(SHIPPED, [folder]).load("my-relief-2024").id == "my-relief-2024"


def test_an_added_pack_joins_its_citys_services_and_jurisdiction(tmp_path: Path) -> None:
    _copy(tmp_path / "mine" / "my-relief-2024")
    catalogue = PackCatalogue(SHIPPED, [tmp_path / "mine"])
    ids = [p.id for p in catalogue.services("guangzhou", dt.date(2017, 11, 1))]
    assert CHILD in ids and "my-relief-2024" in ids


def test_one_id_in_two_folders_is_refused_naming_both_while_other_ids_still_load(tmp_path: Path) -> None:
    _copy(tmp_path / "mine" / CHILD)
    catalogue = PackCatalogue(SHIPPED, [tmp_path / "mine"])
    with pytest.raises(PackClash) as caught:
        catalogue.load(CHILD)
    problem = caught.value.problems[0]
    assert problem.file == str(tmp_path / "mine" / CHILD / "pack.yaml")
    assert f"is also the id of {SHIPPED / CHILD}" in problem.message
    assert f"--pack {tmp_path / 'mine' / CHILD}" in problem.message
    assert catalogue.load("hangzhou-2017").id == "hangzhou-2017"


@pytest.mark.parametrize(("name", "is_path"), [
    ("./my-pack", True), ("../packs/my-pack", True), ("/abs/my-pack", True), ("~/my-pack", True),
    ("packs/my-pack", True), ("my-pack", False), ("hangzhou-2017", False), ("hangzhou", False),
])
def test_a_pack_written_as_a_path_is_told_from_an_id(name: str, is_path: bool) -> None:
    assert is_pack_path(name) is is_path


def test_a_pack_loads_from_its_folder_wherever_it_is(tmp_path: Path) -> None:
    assert load_pack_folder(_copy(tmp_path / "x" / "y" / "deep-pack")).id == "deep-pack"


def test_a_pack_folder_with_another_id_in_pack_yaml_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "renamed-folder"
    shutil.copytree(SHIPPED / CHILD, folder)
    with pytest.raises(PackError, match=f"id '{CHILD}' differs from the folder name 'renamed-folder'"):
        load_pack_folder(folder)


def test_a_file_is_not_a_pack_folder(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text("id: x\n", encoding="utf-8")
    with pytest.raises(UnknownPack, match="it is a file"):
        load_pack_folder(tmp_path / "pack.yaml")


def test_a_packs_own_documents_are_found_after_the_shared_ones(tmp_path: Path) -> None:
    folder = _copy(tmp_path / "own-docs-pack")
    (folder / "sources").mkdir()
    (folder / "sources" / "own-docs-law.txt").write_text("Article 1\n", encoding="utf-8")
    (folder / "sources" / "001_78bf0cd0d149ffea.txt").write_text("not the report\n", encoding="utf-8")
    load_pack_folder(folder)
    assert source_path("own-docs-law.txt") == (folder / "sources" / "own-docs-law.txt").resolve()
    assert source_path("001_78bf0cd0d149ffea.txt") == SHIPPED.parent / "sources" / "001_78bf0cd0d149ffea.txt"


def test_the_default_catalogue_adds_settle_extra_policies(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _copy(tmp_path / "mine" / "env-pack")
    monkeypatch.setenv("SETTLE_EXTRA_POLICIES", str(tmp_path / "mine"))
    assert "env-pack" in default_catalogue().ids()
    monkeypatch.setenv("SETTLE_EXTRA_POLICIES", str(tmp_path / "empty"))
    with pytest.raises(PolicyFolderError, match=r"SETTLE_EXTRA_POLICIES entry .*: the folder does not exist"):
        default_catalogue()
    monkeypatch.delenv("SETTLE_EXTRA_POLICIES")
    assert "env-pack" not in default_catalogue().ids()


def test_use_policies_adds_folders_until_replaced(tmp_path: Path) -> None:
    _copy(tmp_path / "mine" / "added-pack")
    try:
        use_policies([tmp_path / "mine"])
        assert "added-pack" in default_catalogue().ids()
        with pytest.raises(PolicyFolderError, match=r"--policies .*: no pack in it"):
            use_policies([tmp_path])
    finally:
        use_policies([], replace=True)
    assert "added-pack" not in default_catalogue().ids()
