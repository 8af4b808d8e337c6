"""The packs' notes beside a citation are written in English: a Chinese calculator page shows
them marked as English (the element's lang and a label), with the ids they name given by their
Chinese titles; an English page shows them as they are."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from settle.packs import default_catalogue
from settle.registry.migrate import upgrade
from settle.web.app import create_app
from settle.web.calculator import cite_view
from tests.web.test_words import ENGLISH_PROBLEMS, _answers, untranslated, visible_text

NOTE = re.compile(r'<p class="cite-note"( lang="en")?>(.*?)</p>', re.S)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('notes')) / 'notes.db'}"
    upgrade(url)
    app = create_app(url)
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()


@pytest.mark.parametrize("pack_id", ["guangzhou-2025", "hangzhou-2017"])
def test_a_chinese_page_shows_the_packs_notes_marked_as_english(client: TestClient, pack_id: str) -> None:
    response = client.post(f"/assess/{pack_id}", params={"lang": "zh"}, data=_answers(pack_id))
    assert response.status_code == 200, response.text
    notes = NOTE.findall(response.text)
    assert notes, "the page shows the notes of its citations"
    assert all(marked == ' lang="en"' and "数据包说明（英文原文）：" in text for marked, text in notes)
    shown = " ".join(visible_text(text) for _, text in notes)
    assert untranslated(shown) == [] and not [p for p in ENGLISH_PROBLEMS if p in shown]
    english = client.post(f"/assess/{pack_id}", params={"lang": "en"}, data=_answers(pack_id))
    assert all(marked == "" and "in English" not in text for marked, text in NOTE.findall(english.text))


def test_a_note_naming_an_option_names_its_chinese_title_on_a_chinese_page() -> None:
    pack = default_catalogue().load("guangzhou-2025")
    rule = next(r for r in pack.eligibility if r.id == "social_insurance")
    assert rule.cite.note is not None and "social_insurance_accumulated_only" in rule.cite.note
    view = cite_view(rule.cite, pack, "zh")
    assert view.note is not None and "social_insurance_accumulated_only" not in view.note
    assert pack.options["social_insurance_accumulated_only"].title("zh") in view.note
    assert cite_view(rule.cite, pack, "en").note is not None
