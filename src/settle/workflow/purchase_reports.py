"""Reports computed from the purchase records: the amount purchased by year and category, the
share bought by public bidding, the number of organizations contracted and of beneficiaries
served (000 lines 1273-1278 report such figures for Hangzhou: over 153 million USD in 2013 with
public bidding rising from 28.93 % to 67.78 %; 233 million USD and 81.6 % in 2014).

A contract counts in the year it was signed, under its project's category and currency.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.registry.models import ContractReport, PurchaseContract, PurchaseProject


@dataclass(frozen=True)
class YearReport:
    year: int
    currency: str
    amount: Decimal
    by_category: dict[str, Decimal]
    public_bidding_amount: Decimal
    public_bidding_share: Decimal  # percent, two decimals
    organizations: int
    beneficiaries_served: int


def purchase_report(*, session: Session, city: str) -> list[YearReport]:
    rows = session.execute(select(PurchaseContract, PurchaseProject)
                           .join(PurchaseProject, PurchaseProject.id == PurchaseContract.project_id)
                           .where(PurchaseProject.city == city)).all()
    served: dict[int, int] = defaultdict(int)
    for report in session.execute(select(ContractReport)).scalars():
        served[report.contract_id] += report.beneficiaries_served
    groups: dict[tuple[int, str], list[tuple[PurchaseContract, PurchaseProject]]] = defaultdict(list)
    for contract, project in rows:
        groups[(contract.signed_on.year, contract.currency)].append((contract, project))
    reports = []
    for (year, currency), members in sorted(groups.items()):
        amount = sum((c.amount for c, _ in members), Decimal(0))
        by_category: dict[str, Decimal] = defaultdict(Decimal)
        for contract, project in members:
            by_category[project.category] += contract.amount
        bidding = sum((c.amount for c, p in members if p.procurement_method == "public_bidding"), Decimal(0))
        share = (bidding / amount * 100).quantize(Decimal("0.01"), ROUND_HALF_UP) if amount else Decimal(0)
        reports.append(YearReport(year=year, currency=currency, amount=amount, by_category=dict(by_category),
                                  public_bidding_amount=bidding, public_bidding_share=share,
                                  organizations=len({c.organization_id for c, _ in members}),
                                  beneficiaries_served=sum(served[c.id] for c, _ in members)))
    return reports
