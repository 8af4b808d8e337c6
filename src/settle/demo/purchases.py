"""The demo city's government purchase of services: two social service agencies registered
by the civil affairs bureau through the one window (000 lines 1098-1109), inspected and rated,
listed in Guangzhou's catalogue of organizations qualified for purchase (001 lines 957-965),
the first with a staff account (`org-tianhe`); and four projects under Guangzhou's directory
items (purchase-directory/guangzhou-2017.yaml), one at each stage the pages show: 2016's
evaluated, 2017's under contract, one opened and scored waiting for the award, and a call open
for bids with one sealed bid in. Every step goes through the register and the workflow, dated.
The amounts are invented for the demo (the seed gives none for Guangzhou)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from settle.registry import organizations as register
from settle.registry.accounts import create_account
from settle.workflow import purchase_contracts as contracts
from settle.workflow import purchases as service

ACCOUNT = "org-tianhe"
OFFICER = "officer"
DIRECTORY = "guangzhou-2017"
DEPARTMENT = "天河区人力资源和社会保障局"
ORGANIZATIONS = (("天河区启创社会工作服务中心（演示）", "51440106MJ0000001M"),
                 ("白云区同心社会工作服务中心（演示）", None))
# (title, item, method, budget, year of the call, stage reached)
PROJECTS = (
    ("2016年外来务工人员就业技能培训", "GZ-03", "public_bidding", "600000", 2016, "evaluated"),
    ("2017年来穗人员融合服务", "GZ-02", "other", "300000", 2017, "contracted"),
    ("2017年家庭综合服务中心社工服务", "GZ-01", "public_bidding", "800000", 2017, "scored"),
    ("2018年外来务工人员就业技能培训", "GZ-03", "public_bidding", "650000", 2018, "call"),
)
AWAITING_AWARD = PROJECTS[2][0]   # the project the department's page awards (tests/web)
# the evaluators' scores of the assessed criteria, by organization (index in ORGANIZATIONS)
SCORES = ({"service_plan": Decimal(90), "team": Decimal(85), "past_performance": Decimal(88)},
          {"service_plan": Decimal(78), "team": Decimal(80), "past_performance": Decimal(70)})


def seed_purchases(*, session: Session, password: str, today: dt.date) -> None:
    """The register's two organizations and the four projects, dated up to `today`."""
    ids = []
    for n, (name, code) in enumerate(ORGANIZATIONS):
        organization = register.register_organization(
            session=session, actor=OFFICER, name=name, kind="social_service_agency",
            registering_authority="civil_affairs_bureau", registered_on=dt.date(2012 + n, 3, 20),
            city="guangzhou", credit_code=code, approval_route="one_window",
            applied_on=dt.date(2012 + n, 3, 1), materials_complete_on=dt.date(2012 + n, 3, 12), visits=1,
            window="天河区政务服务中心", services=["外来务工人员就业服务", "社区社会工作服务"], today=today)
        for year in (2015, 2016):
            register.record_inspection(session=session, actor=OFFICER, organization_id=organization.id,
                                       year=year, result="qualified", rating="4A" if n == 0 else "3A",
                                       inspected_on=dt.date(year + 1, 5, 10))
        register.add_qualification(session=session, actor=OFFICER, organization_id=organization.id,
                                   name="社会工作服务机构资质", issued_by="广州市民政局",
                                   valid_from=dt.date(2014, 1, 1))
        register.list_in_catalogue(session=session, actor=OFFICER, organization_id=organization.id,
                                   edition="2015", listed_on=dt.date(2015, 6, 1))
        ids.append(organization.id)
    create_account(session=session, username=ACCOUNT, password=password, role="organization",
                   organization_id=ids[0])
    for title, item, method, budget, year, stage in PROJECTS:
        _project(session, ids, title, item, method, Decimal(budget), year, stage, today)


def _project(session: Session, ids: list[int], title: str, item: str, method: str, budget: Decimal,
             year: int, stage: str, today: dt.date) -> None:
    published = min(dt.date(year - 1, 12, 1) if stage != "scored" else dt.date(2017, 9, 1), today)
    deadline = (dt.date(2017, 11, 20) if stage == "call"
                else dt.date(2017, 10, 15) if stage == "scored" else dt.date(year, 1, 20))
    start = dt.date(year, 3, 1) if stage not in ("scored",) else dt.date(2017, 11, 15)
    end = dt.date(year, 12, 31) if stage != "scored" else dt.date(2018, 11, 14)
    project = service.publish_project(
        session=session, actor=OFFICER, directory=DIRECTORY, directory_item=item, title=title,
        purchasing_department=DEPARTMENT, budget=budget, currency="CNY", period_start=start, period_end=end,
        deliverables="培训与服务成果按合同附件：课程、个案与小组服务、结项报告",
        beneficiaries="来穗务工人员及其家庭",
        beneficiaries_planned=400, procurement_method=method, bid_deadline=deadline, today=published)
    bidders = ids[1:] if stage == "call" else ids
    for n, organization_id in enumerate(bidders):
        service.submit_bid(session=session, actor=ACCOUNT if organization_id == ids[0] else "staff",
                           project_id=project.id, organization_id=organization_id,
                           price=(budget * Decimal("0.9") - Decimal(20000) * n).quantize(Decimal(1)),
                           proposal="服务方案：需求评估、分期培训、跟踪回访", today=published)
    if stage == "call":
        return
    opened = service.open_bids(session=session, actor=OFFICER, project_id=project.id,
                               today=deadline + dt.timedelta(days=1))
    for bid in opened:
        for criterion, score in SCORES[ids.index(bid.organization_id)].items():
            service.score_bid(session=session, actor=OFFICER, bid_id=bid.id, criterion=criterion, score=score)
    if stage == "scored":
        return
    best = service.opened_bids(session=session, project_id=project.id)[0]
    contract = service.award(session=session, actor=OFFICER, project_id=project.id, bid_id=best.id,
                             reasons="综合得分最高，服务方案完整，以往绩效评价良好",
                             today=deadline + dt.timedelta(days=5))
    half = dt.date(year, 7, 31)
    milestone = contracts.add_milestone(session=session, actor=OFFICER, contract_id=contract.id,
                                        description="完成上半年服务并提交中期报告", due_on=half)
    contracts.add_milestone(session=session, actor=OFFICER, contract_id=contract.id,
                            description="完成全部服务并提交结项报告", due_on=end)
    if half <= today:
        contracts.complete_milestone(session=session, actor=OFFICER, contract_id=contract.id,
                                     milestone_id=milestone.id, done_on=half)
        contracts.submit_report(session=session, actor=ACCOUNT, contract_id=contract.id,
                                organization_id=contract.organization_id, summary="上半年服务完成",
                                beneficiaries_served=190, today=half)
        contracts.record_payment(session=session, actor=OFFICER, contract_id=contract.id,
                                 amount=(contract.amount / 2).quantize(Decimal("0.01")), paid_on=half,
                                 milestone_id=milestone.id)
    if stage == "evaluated":
        contracts.submit_report(session=session, actor=ACCOUNT, contract_id=contract.id,
                                organization_id=contract.organization_id, summary="全年服务完成，结项",
                                beneficiaries_served=215, today=end)
        contracts.record_payment(session=session, actor=OFFICER, contract_id=contract.id,
                                 amount=contract.amount - (contract.amount / 2).quantize(Decimal("0.01")),
                                 paid_on=end)
        contracts.evaluate_contract(session=session, actor=OFFICER, contract_id=contract.id,
                                    score=Decimal(91), grade="优秀",
                                    text="按期完成全部培训，服务对象满意度高",
                                    today=dt.date(year + 1, 1, 15))
