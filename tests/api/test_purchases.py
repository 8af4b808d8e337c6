"""Government purchase of services through the API: the register's staff register two
organizations and list them in the catalogue; the department publishes, both bid, nobody reads
a bid before the deadline (the officer is refused, the other organization finds nothing), the
bids are opened, scored and awarded with reasons, the contract runs through milestones, the
organization's report, payments and the final evaluation, and the report endpoint shows the
figures computed from those records. Refusals in Chinese name field, value and rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from settle.audit.chain import entries_about, verify_chain
from settle.database import transaction
from settle.registry.accounts import create_account
from tests.api.conftest import PASSWORD, sign_in

ZH = {"Accept-Language": "zh-CN"}
CODES = ("51440100MJ0000001Y", "51440100MJ00000022")


def _organizations(client: TestClient) -> list[int]:
    """Two social service agencies registered and listed in Guangzhou's catalogue through the
    API, each with a staff account (`org-1`, `org-2`)."""
    officer = sign_in(client, "officer")
    ids = []
    for n, name in enumerate(("天河社工服务中心", "白云社工服务中心"), 1):
        created = client.post("/organizations", headers=officer, json={
            "name": name, "kind": "social_service_agency", "registering_authority": "civil_affairs_bureau",
            "registered_on": "2014-03-01", "city": "guangzhou", "credit_code": CODES[n - 1],
            "approval_route": "one_window", "applied_on": "2014-02-20", "materials_complete_on": "2014-02-25",
            "visits": 1, "services": ["外来务工人员就业培训"]})
        assert created.status_code == 201, created.text
        organization_id = created.json()["id"]
        listed = client.post(f"/organizations/{organization_id}/catalogue", headers=officer,
                             json={"edition": "2016", "listed_on": "2016-06-01"})
        assert listed.status_code == 201, listed.text
        inspected = client.post(f"/organizations/{organization_id}/inspections", headers=officer, json={
            "year": 2016, "result": "qualified", "rating": "4A", "inspected_on": "2017-04-01"})
        assert inspected.status_code == 201, inspected.text
        ids.append(organization_id)
    with transaction(client.app.state.sessions) as session:  # type: ignore[attr-defined]
        for n, organization_id in enumerate(ids, 1):
            create_account(session=session, username=f"org-{n}", password=PASSWORD, role="organization",
                           organization_id=organization_id)
    return ids


def _publish(client: TestClient, officer: dict[str, str], method: str = "public_bidding",
             budget: str = "500000") -> dict[str, Any]:
    published = client.post("/purchases", headers=officer, json={
        "directory": "guangzhou-2017", "directory_item": "GZ-03", "title": "外来务工人员就业培训",
        "purchasing_department": "天河区人力资源和社会保障局", "budget": budget, "currency": "CNY",
        "period_start": "2017-11-01", "period_end": "2018-10-31",
        "deliverables": "12期就业技能培训课程，每期40人", "beneficiaries": "外来务工人员",
        "beneficiaries_planned": 480, "procurement_method": method, "bid_deadline": "2017-10-31"})
    assert published.status_code == 201, published.text
    return published.json()  # type: ignore[no-any-return]


def _set_today(client: TestClient, day: dt.date) -> None:
    client.app.state.today = day  # type: ignore[attr-defined]


def test_a_purchase_runs_from_publication_to_final_evaluation_and_into_the_report(client: TestClient) -> None:
    first, second = _organizations(client)
    officer, org1, org2 = sign_in(client, "officer"), sign_in(client, "org-1"), sign_in(client, "org-2")
    project = _publish(client, officer)
    assert project["state"] == "published" and project["category"] == "basic_public_services"
    criteria = ["price", "service_plan", "team", "past_performance"]
    assert [c["criterion"] for c in project["scoring"]] == criteria

    bid1 = client.post(f"/purchases/{project['id']}/bids", headers=org1,
                       json={"price": "420000", "proposal": "就业技能培训：电工、家政、电商"})
    bid2 = client.post(f"/purchases/{project['id']}/bids", headers=org2,
                       json={"price": "380000", "proposal": "就业培训与岗位对接"})
    assert bid1.status_code == 201 and bid2.status_code == 201, (bid1.text, bid2.text)
    receipt = bid1.json()
    assert receipt["price"] is None and receipt["proposal"] is None and len(receipt["digest"]) == 64
    assert client.get(f"/purchases/{project['id']}", headers=org2).json()["bids"] == 2

    # sealed: before the deadline nobody reads a bid, the officer included
    for path in (f"/purchases/{project['id']}/bids", f"/purchase-bids/{receipt['id']}"):
        refused = client.get(path, headers={**officer, **ZH})
        assert refused.status_code == 403, refused.text
        assert refused.json()["field"] == "bid_deadline" and "密封" in refused.json()["message"]
        assert "420000" not in refused.text
    assert client.get(f"/purchase-bids/{receipt['id']}", headers=org2).status_code == 404
    [own] = client.get(f"/purchases/{project['id']}/bids", headers=org2).json()
    assert own["organization_id"] == second and own["price"] is None
    assert [b["id"] for b in client.get("/organizations/me/bids", headers=org1).json()] == [receipt["id"]]
    early = client.post(f"/purchases/{project['id']}/open", headers={**officer, **ZH})
    assert early.status_code == 403 and "2017-11-01" in early.json()["message"]

    # after the deadline: opened, the price scored by the formula, the rest by the evaluators
    _set_today(client, dt.date(2017, 11, 1))
    late = client.post(f"/purchases/{project['id']}/bids", headers={**org1, **ZH},
                       json={"price": "1", "proposal": "x"})
    assert late.status_code in (409, 422)
    opened = client.post(f"/purchases/{project['id']}/open", headers=officer)
    assert opened.status_code == 200, opened.text
    prices = {b["organization_id"]: Decimal(b["price"]) for b in opened.json()}
    assert prices == {first: Decimal("420000.00"), second: Decimal("380000.00")}
    assessed = {first: {"service_plan": 95, "team": 90, "past_performance": 90},
                second: {"service_plan": 70, "team": 70, "past_performance": 60}}
    for line in opened.json():
        for criterion, value in assessed[line["organization_id"]].items():
            scored = client.post(f"/purchase-bids/{line['id']}/scores", headers=officer,
                                 json={"criterion": criterion, "score": value})
            assert scored.status_code == 200, scored.text
    ranked = client.get(f"/purchases/{project['id']}/bids", headers=officer).json()
    # org-1: 30 x (380000/420000 x 100 = 90.476) + 40 x 95 + 20 x 90 + 10 x 90, over 100
    assert ranked[0]["organization_id"] == first and Decimal(ranked[0]["total_score"]) == Decimal("92.143")
    assert Decimal(ranked[1]["total_score"]) == Decimal("78.000")
    assert {s["criterion"] for s in ranked[0]["scores"]} == set(criteria)
    assert client.get(f"/purchase-bids/{ranked[1]['id']}", headers=org1).status_code == 404

    awarded = client.post(f"/purchases/{project['id']}/award", headers=officer,
                          json={"bid_id": ranked[0]["id"], "reasons": "综合得分最高，培训方案完整"})
    assert awarded.status_code == 201, awarded.text
    contract = awarded.json()
    assert contract["organization_id"] == first and Decimal(contract["amount"]) == Decimal("420000.00")
    shown = client.get(f"/purchases/{project['id']}", headers=officer).json()
    assert shown["state"] == "awarded" and shown["award_reasons"] == "综合得分最高，培训方案完整"

    milestone = client.post(f"/contracts/{contract['id']}/milestones", headers=officer,
                            json={"description": "完成前6期培训", "due_on": "2018-04-30"})
    assert milestone.status_code == 201, milestone.text
    report = client.post(f"/contracts/{contract['id']}/reports", headers=org1,
                         json={"summary": "前6期培训完成，结业240人", "beneficiaries_served": 240})
    assert report.status_code == 201, report.text
    assert client.post(f"/contracts/{contract['id']}/reports", headers=org2,
                       json={"summary": "x", "beneficiaries_served": 1}).status_code == 403
    assert client.get(f"/contracts/{contract['id']}", headers=org2).status_code == 404
    milestone_id = milestone.json()["id"]
    done = client.post(f"/contracts/{contract['id']}/milestones/{milestone_id}/done", headers=officer,
                       json={"done_on": "2018-04-28"})
    assert done.status_code == 200 and done.json()["done_on"] == "2018-04-28"
    paid = client.post(f"/contracts/{contract['id']}/payments", headers=officer,
                       json={"amount": "210000", "paid_on": "2018-05-10", "milestone_id": milestone_id})
    assert paid.status_code == 201, paid.text
    too_much = client.post(f"/contracts/{contract['id']}/payments", headers={**officer, **ZH},
                           json={"amount": "300000", "paid_on": "2018-06-10"})
    assert too_much.status_code == 422 and too_much.json()["field"] == "amount"
    assert "300000" in too_much.json()["message"] and "超出合同金额" in too_much.json()["message"]
    early_evaluation = client.post(f"/contracts/{contract['id']}/evaluation", headers={**officer, **ZH},
                                   json={"score": 92, "grade": "优秀", "text": "按期完成"})
    assert early_evaluation.status_code == 422 and "2018-10-31" in early_evaluation.json()["message"]

    _set_today(client, dt.date(2018, 11, 5))
    client.post(f"/contracts/{contract['id']}/reports", headers=org1,
                json={"summary": "后6期培训完成，结业235人", "beneficiaries_served": 235})
    client.post(f"/contracts/{contract['id']}/payments", headers=officer,
                json={"amount": "210000", "paid_on": "2018-11-05"})
    evaluated = client.post(f"/contracts/{contract['id']}/evaluation", headers=officer,
                            json={"score": 92, "grade": "优秀", "text": "按期完成，结业率99%"})
    assert evaluated.status_code == 200, evaluated.text
    assert evaluated.json()["evaluation_grade"] == "优秀"
    assert client.get(f"/purchases/{project['id']}", headers=officer).json()["state"] == "evaluated"
    file = client.get(f"/contracts/{contract['id']}", headers=org1).json()
    assert Decimal(file["paid"]) == Decimal("420000.00") and file["beneficiaries_served"] == 475
    mine = client.get("/organizations/me/contracts", headers=org1).json()
    assert [c["id"] for c in mine] == [contract["id"]]
    assert client.get("/organizations/me/contracts", headers=org2).json() == []

    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        steps = [(e.actor, e.action) for e in entries_about(session, f"purchase/{project['id']}")]
        assert verify_chain(session).intact
        registered = [e.action for e in entries_about(session, f"organization/{first}")]
    assert steps[0] == ("officer", "publish_purchase") and steps[-1] == ("officer", "evaluate_contract")
    assert {("org-1", "submit_bid"), ("org-2", "submit_bid"), ("officer", "open_bids"),
            ("officer", "score_bid"), ("officer", "award_purchase"), ("org-1", "submit_contract_report"),
            ("officer", "record_payment"), ("officer", "complete_milestone")} <= set(steps)
    assert registered == ["register_organization", "list_in_purchase_catalogue",
                          "record_organization_inspection"]

    [year] = client.get("/purchase-reports", headers=sign_in(client, "analyst"),
                        params={"city": "guangzhou"}).json()
    assert year["year"] == 2017 and year["currency"] == "CNY"
    assert Decimal(year["amount"]) == Decimal("420000.00")
    by_category = {k: Decimal(v) for k, v in year["by_category"].items()}
    assert by_category == {"basic_public_services": Decimal("420000.00")}
    assert Decimal(year["public_bidding_share"]) == Decimal("100.00")
    assert year["organizations"] == 1 and year["beneficiaries_served"] == 475


def test_the_public_bidding_share_counts_only_publicly_bid_contracts(client: TestClient) -> None:
    first, second = _organizations(client)
    officer = sign_in(client, "officer")
    for method, org, price in (("public_bidding", "org-1", "300000"), ("other", "org-2", "100000")):
        project = _publish(client, officer, method=method)
        _set_today(client, dt.date(2017, 10, 20))
        assert client.post(f"/purchases/{project['id']}/bids", headers=sign_in(client, org),
                           json={"price": price, "proposal": "培训"}).status_code == 201
        _set_today(client, dt.date(2017, 11, 1))
        [line] = client.post(f"/purchases/{project['id']}/open", headers=officer).json()
        for criterion in ("service_plan", "team", "past_performance"):
            client.post(f"/purchase-bids/{line['id']}/scores", headers=officer,
                        json={"criterion": criterion, "score": 80})
        assert client.post(f"/purchases/{project['id']}/award", headers=officer,
                           json={"bid_id": line["id"], "reasons": "唯一投标，得分合格"}).status_code == 201
        _set_today(client, dt.date(2017, 10, 20))
    [year] = client.get("/purchase-reports", headers=officer, params={"city": "guangzhou"}).json()
    assert Decimal(year["amount"]) == Decimal("400000.00")
    assert Decimal(year["public_bidding_amount"]) == Decimal("300000.00")
    assert Decimal(year["public_bidding_share"]) == Decimal("75.00")
    assert year["organizations"] == 2 and first != second


def test_refusals_in_chinese_name_the_field_the_value_and_the_rule(client: TestClient) -> None:
    _organizations(client)
    officer = {**sign_in(client, "officer"), **ZH}
    bad_code = client.post("/organizations", headers=officer, json={
        "name": "越秀社工", "kind": "social_service_agency", "registering_authority": "civil_affairs_bureau",
        "registered_on": "2015-01-01", "city": "guangzhou", "credit_code": "51440100MJ00000011"})
    assert bad_code.status_code == 422 and bad_code.json()["field"] == "credit_code"
    assert "51440100MJ00000011" in bad_code.json()["message"] and "校验码" in bad_code.json()["message"]
    two_visits = client.post("/organizations", headers=officer, json={
        "name": "越秀社工", "kind": "social_service_agency", "registering_authority": "civil_affairs_bureau",
        "registered_on": "2015-01-01", "city": "guangzhou", "approval_route": "one_window",
        "applied_on": "2014-12-01", "visits": 3})
    assert two_visits.status_code == 422 and two_visits.json()["field"] == "visits"
    assert "visits = 3" in two_visits.json()["message"] and "最多跑一次" in two_visits.json()["message"]
    bad_item = client.post("/purchases", headers=officer, json={
        "directory": "guangzhou-2017", "directory_item": "GZ-99", "title": "培训",
        "purchasing_department": "人社局",
        "budget": "1000", "period_start": "2017-11-01", "period_end": "2018-10-31", "deliverables": "培训",
        "beneficiaries": "外来务工人员", "beneficiaries_planned": 10, "procurement_method": "public_bidding",
        "bid_deadline": "2017-10-31"})
    assert bad_item.status_code == 422 and bad_item.json()["field"] == "directory_item"
    assert "GZ-99" in bad_item.json()["message"] and "应为以下之一" in bad_item.json()["message"]
    project = _publish(client, sign_in(client, "officer"))
    over = client.post(f"/purchases/{project['id']}/bids", headers={**sign_in(client, "org-1"), **ZH},
                       json={"price": "-5", "proposal": "x"})
    assert over.status_code == 422 and over.json()["field"] == "price"
    by_org = client.post("/purchases", headers={**sign_in(client, "org-1"), **ZH}, json={})
    assert by_org.status_code == 403 and by_org.json()["field"] == "role"
    assert "社会组织工作人员" in by_org.json()["message"] and "主管部门工作人员" in by_org.json()["message"]
    league = client.post("/organizations", headers={**sign_in(client, "v-youth_league"), **ZH}, json={
        "name": "海珠社工", "kind": "social_service_agency", "registering_authority": "civil_affairs_bureau",
        "registered_on": "2015-01-01", "city": "guangzhou"})
    assert league.status_code == 403 and league.json()["field"] == "registering_authority"
    assert "civil_affairs_bureau" in league.json()["message"]


def test_an_organization_reads_and_edits_only_its_own_profile(client: TestClient) -> None:
    first, second = _organizations(client)
    org1 = sign_in(client, "org-1")
    mine = client.get("/organizations/me", headers=org1).json()
    assert mine["organization"]["id"] == first and mine["approval"]["visits"] == 1
    assert mine["inspections"][0]["rating"] == "4A" and mine["catalogue"][0]["edition"] == "2016"
    assert client.get(f"/organizations/{first}", headers=org1).status_code == 200
    assert client.get(f"/organizations/{second}", headers=org1).status_code == 404
    added = client.post("/organizations/me/services", headers=org1,
                        json={"name": "家庭综合服务", "directory_item": "GZ-01", "beneficiaries": "社区居民"})
    assert added.status_code == 201, added.text
    assert client.post(f"/organizations/{second}/services", headers=org1,
                       json={"name": "x"}).status_code == 403
    assert client.post(f"/organizations/{first}/inspections", headers=org1, json={
        "year": 2017, "result": "qualified", "inspected_on": "2017-05-01"}).status_code == 403
    names = [s["name"] for s in client.get("/organizations/me", headers=org1).json()["services"]]
    assert names == ["外来务工人员就业培训", "家庭综合服务"]
    catalogue = client.get("/organizations/catalogue", headers=org1,
                           params={"city": "guangzhou", "on": "2017-10-20"}).json()
    assert sorted(line["organization"]["id"] for line in catalogue) == [first, second]
    assert client.get("/organizations/catalogue", headers=org1,
                      params={"city": "guangzhou", "on": "2016-05-31"}).json() == []
    directory = client.get("/purchase-directory/hangzhou-2015-2017", headers=org1).json()
    assert directory["items_total"] == 145 and directory["not_listed"] == 145 - len(directory["items"])


def test_the_registering_authority_files_inspects_and_keeps_the_unqualified_from_bidding(
        client: TestClient) -> None:
    first, second = _organizations(client)
    league = sign_in(client, "v-youth_league")
    filed = client.post("/organizations", headers=league, json={
        "name": "来穗青年志愿服务队", "kind": "volunteer_organization",
        "registering_authority": "youth_league", "registered_on": "2016-05-04", "city": "guangzhou"})
    assert filed.status_code == 201, filed.text
    assert client.post(f"/organizations/{first}/inspections", headers={**league, **ZH}, json={
        "year": 2017, "result": "qualified", "inspected_on": "2017-05-01"}).status_code == 403
    officer = sign_in(client, "officer")
    suspended = client.post(f"/organizations/{second}/state", headers=officer,
                            json={"state": "suspended", "reason": "年检材料逾期未交"})
    assert suspended.status_code == 200 and suspended.json()["state"] == "suspended"
    removed = client.post(f"/organizations/{first}/catalogue/2016/removal", headers=officer,
                          json={"removed_on": "2017-09-30", "reason": "不再承接政府购买服务"})
    assert removed.status_code == 200 and removed.json()["removed_on"] == "2017-09-30"
    assert client.get("/organizations/catalogue", headers=officer,
                      params={"city": "guangzhou"}).json()[0]["organization"]["id"] == second
    project = _publish(client, officer)
    for username, rule in (("org-1", "未列入本市承接政府职能转移和购买服务的社会组织目录"),
                           ("org-2", "不是正常登记状态")):
        headers = {**sign_in(client, username), **ZH}
        refused = client.post(f"/purchases/{project['id']}/bids", headers=headers,
                              json={"price": "100000", "proposal": "方案"})
        assert refused.status_code == 403 and refused.json()["field"] == "organization_id"
        assert rule in refused.json()["message"]
    assert client.get(f"/purchases/{project['id']}", headers=officer).json()["bids"] == 0
    missing = client.get("/purchase-bids/77", headers={**sign_in(client, "org-1"), **ZH})
    assert missing.status_code == 404 and missing.json()["message"] == "bid_id = 77：没有此投标"
