"""The migrant's calculator without a browser: the steps and their checks, the day, the line,
services that wait for answers, readable citations, and the language switched with the answers
kept. The browser walks the same page in tests/web/test_pages.py."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from settle import words
from settle.registry.migrate import upgrade
from settle.web.app import create_app
from tests.web.test_words import visible_text

TEMPLATES = Path(words.__file__).parents[1] / "web" / "templates"
TODAY = dt.date(2026, 12, 2)
HX = {"HX-Request": "true"}
BORN_1990 = {"birth_date": "1990-05-01"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('calculator') / 'calculator.db'}"
    upgrade(url)
    app = create_app(url, today=TODAY)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def current_step(html: str) -> int:
    found = re.search(r'<fieldset class="step current"[^>]*data-step="(\d+)"', html)
    assert found is not None
    return int(found.group(1))


def test_every_word_the_calculator_asks_for_is_in_its_catalogue() -> None:
    template = (TEMPLATES / "assess.html").read_text(encoding="utf-8")
    asked = {key for key in re.findall(r"""\bc\(\s*'(\w+)'""", template) if not key.endswith("_")}
    asked |= {f"verdict_{v}" for v in ("eligible", "not_eligible", "to_answer", "incomplete")}
    assert asked and sorted(asked - set(words.section("calculator"))) == []


def test_a_step_is_checked_before_the_next_and_the_running_score_follows(client: TestClient) -> None:
    empty = client.post("/assess/hangzhou-2017?lang=zh", data={"step": "1", "current": "0"}, headers=HX)
    assert current_step(empty.text) == 0  # the birth date is required: the step stays
    assert "请更正以下 1 项" in empty.text and "出生日期：必须填写" in visible_text(empty.text)
    assert re.search(r'id="birth_date"[^>]*aria-invalid="true" autofocus', empty.text)
    assert 'href="#birth_date"' in empty.text
    answered = client.post("/assess/hangzhou-2017?lang=zh", headers=HX,
                           data={"step": "1", "current": "0", "birth_date": "1990-05-01"})
    assert current_step(answered.text) == 1
    assert "目前得分：20 分" in answered.text  # 36 on 2026-12-02
    back = client.post("/assess/hangzhou-2017?lang=zh", headers=HX,
                       data={"step": "0", "current": "1", "birth_date": "1990-05-01"})
    assert current_step(back.text) == 0 and 'value="1990-05-01"' in back.text


def test_a_bad_value_is_named_with_its_field_and_rule_and_its_step_is_shown(client: TestClient) -> None:
    page = client.post("/assess/hangzhou-2017?lang=zh",
                       data={"birth_date": "1990-05-01", "volunteer_hours": "-5"})
    assert page.status_code == 422
    text = visible_text(page.text)
    assert "志愿服务时长：所填“-5”低于下限 0" in text
    assert current_step(page.text) == 2  # the additional points, where the hours are asked
    assert re.search(r'id="volunteer_hours"[^>]*aria-invalid="true" autofocus', page.text)
    english = client.post("/assess/hangzhou-2017?lang=en", data={"volunteer_hours": "-5"})
    assert "date of birth: is required" in english.text and "below the minimum 0" in english.text


def test_the_day_is_shown_and_chosen_and_a_day_outside_the_rules_is_refused(client: TestClient) -> None:
    facts = {"birth_date": "1990-05-01"}
    today = client.post("/assess/hangzhou-2017?lang=zh", data={**facts, "as_of": "2026-12-02"})
    # the day the form showed is still today, not a day chosen
    assert "按今天（2026-12-02）计算" in today.text and "周岁年龄 = 36 年" in visible_text(today.text)
    chosen = client.post("/assess/hangzhou-2017?lang=zh", data={**facts, "as_of": "2017-12-31"})
    assert "按您选择的 2017-12-31 计算" in chosen.text and "周岁年龄 = 27 年" in visible_text(chosen.text)
    old = client.get("/assess/guangzhou-2017?lang=zh")
    assert "按本办法的评估日期 2017-11-08 计算" in old.text
    outside = client.post("/assess/guangzhou-2017?lang=zh", data={"as_of": "2020-01-01"})
    assert outside.status_code == 422
    assert "计算日期：所填“2020-01-01”不在本办法有效期内（2016-10-27 至 2017-12-31）" in outside.text


def test_the_line_the_gap_and_the_places_stand_beside_the_score(client: TestClient) -> None:
    page = client.post("/assess/guangzhou-2025?lang=zh",
                       data={"birth_date": "1990-05-01", "education": "college"})
    text = visible_text(page.text)
    assert "申请所需总积分：150 分。 还差 100.00 分。" in text
    assert 'data-testid="gauge"' in page.text
    assert "资料未公布各轮次的录取分数线" in text
    old = visible_text(client.post("/assess/guangzhou-2017?lang=zh", data={}).text)
    assert "积分制入户：6000 个名额" in old
    hangzhou = visible_text(client.post("/assess/hangzhou-2017?lang=zh", data=BORN_1990).text)
    assert "资料未公布本办法的申请分数线" in hangzhou


def test_conditions_that_block_come_first_and_unasked_ones_ask_for_their_answers(client: TestClient) -> None:
    page = client.post("/assess/guangzhou-2025?lang=zh", data={"birth_date": "1970-01-01"})
    blocking = page.text.index('data-testid="blocking"')
    assert blocking < page.text.index('data-testid="to-answer"')
    assert "年龄在45周岁以下" in page.text[blocking:page.text.index('data-testid="to-answer"')]
    assert 'href="#holds_valid_residence_permit"' in page.text


def test_no_service_says_not_eligible_for_questions_never_asked(client: TestClient) -> None:
    page = client.post("/assess/hangzhou-2017?lang=zh", data={"birth_date": "1990-05-01"})
    services = page.text[page.text.index("本市公共服务</h2>"):page.text.index('<form method="post"')]
    assert 'data-verdict="not_eligible"' not in services
    assert "仍属未成年子女" not in services
    verdicts = re.findall(r'data-verdict="(\w+)"', services)
    assert set(verdicts) <= {"to_answer", "eligible"}  # only what the birth date decides is decided
    assert verdicts.count("to_answer") >= 6  # every service that asks more than the birth date
    answered = client.post("/assess/hangzhou-2017?lang=zh", data={
        "birth_date": "1990-05-01", "migrant_in_hangzhou": "yes", "lives_in_urban_area": "yes",
        "years_lived_in_hangzhou": "0"})
    legal = answered.text[answered.text.index("流动人口免费法律咨询"):]
    legal = legal[:legal.index('<div class="item service"')]
    assert 'data-verdict="not_eligible"' in legal and "在杭居住一年以上" in legal


def test_citations_name_the_document_and_quote_it_on_demand(client: TestClient) -> None:
    page = client.post("/assess/guangzhou-2025?lang=zh", data={"birth_date": "1990-05-01"})
    text = visible_text(page.text)
    assert ".txt" not in text and "行 494" not in text
    title = "广州市积分制入户管理办法（穗府办规〔2023〕1号，穗府办规〔2025〕8号重新发布）"
    assert f"依据：《{title}》，附件 基础指标3，第 67–71 行" in text
    assert "<summary>查看原文</summary>" in page.text and "18—40周岁（含40周岁）（30分）" in text
    assert "read with the 2016 rules" not in text  # the packs' English notes stay off Chinese pages
    assert "资料未说明之处及本办法的处理" in text and "文本未规定年度指标数" in text  # the pack's gaps
    assert "`" not in text and "residence_permit_accumulated" not in text  # options by their titles
    english = visible_text(client.post("/assess/guangzhou-2025?lang=en", data=BORN_1990).text)
    assert "Source: Guangzhou Measures for Points-Based Settlement" in english


def test_switching_the_language_keeps_the_answers_the_step_and_the_result(client: TestClient) -> None:
    form = {"birth_date": "1990-05-01", "education": "college", "current": "1", "switch": "1"}
    page = client.post("/assess/guangzhou-2025?lang=en", data=form)
    assert page.status_code == 200 and 'lang="en"' in page.text
    assert 'value="1990-05-01"' in page.text and current_step(page.text) == 1
    assert "Please correct" not in page.text and 'data-testid="total"' not in page.text
    shown = client.post("/assess/guangzhou-2025?lang=zh", data={**form, "shown": "1"})
    assert "总分：50.00 分" in shown.text
    switch = re.search(r"<button[^>]*data-testid=\"lang-switch\"[^>]*>", shown.text)
    assert switch is not None and 'formaction="/assess/guangzhou-2025?lang=en"' in switch.group(0)


def test_without_javascript_every_step_is_in_one_form_with_one_submit(client: TestClient) -> None:
    page = client.get("/assess/guangzhou-2025?lang=zh").text
    form = page[page.index('<form method="post" id="calculator-form"'):page.index("</form>")]
    assert form.count('<fieldset class="step') >= 4
    assert form.count('class="compute"') == 1
    assert "hx-post" in form and 'hx-select="#calculator"' in form
