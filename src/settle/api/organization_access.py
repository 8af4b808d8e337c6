"""Who may do what in the register of social organizations and in government purchase of
services, as route dependencies (refusals in the user's language, naming the role and the rule).

    the registering authority  bureau officers and administrators; a department verifier of
                               civil_affairs or youth_league for the organizations registered
                               or filed with it (000 lines 1176-1181)
    the purchasing department  bureau officers and administrators
    an organization            its staff (role `organization`): its own profile, bids,
                               contracts and reports only
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from settle.api.deps import AccountDep
from settle.errors import Forbidden, NotFound
from settle.i18n import Text
from settle.messages import say
from settle.registry.models import Account, Organization
from settle.words import text
from settle.workflow.volunteers import FILING_DEPARTMENT

REGISTRAR_ROLES = ("bureau_officer", "administrator")
PURCHASER_ROLES = ("bureau_officer", "administrator")


def refuse(account: Account, roles: tuple[str, ...]) -> Forbidden:
    names = [say(f"role_{role}") for role in roles]
    return Forbidden(text("purchases", "role_may_not", role=say(f"role_{account.role}"),
                          roles=Text(en=", ".join(n.en for n in names), zh="、".join(n.zh for n in names))),
                     field="role")


def registrar(account: AccountDep) -> Account:
    """Staff of a registering authority: the bureau, or a verifier of civil affairs or the League."""
    if account.role in REGISTRAR_ROLES:
        return account
    if account.role == "department_verifier" and account.department in FILING_DEPARTMENT.values():
        return account
    raise refuse(account, (*REGISTRAR_ROLES, "department_verifier"))


def purchaser(account: AccountDep) -> Account:
    if account.role not in PURCHASER_ROLES:
        raise refuse(account, PURCHASER_ROLES)
    return account


def organization_staff(account: AccountDep) -> Account:
    if account.role != "organization":
        raise refuse(account, ("organization",))
    return account


Registrar = Annotated[Account, Depends(registrar)]
Purchaser = Annotated[Account, Depends(purchaser)]
OrganizationStaff = Annotated[Account, Depends(organization_staff)]


def own_organization(account: Account) -> int:
    """The organization the account is staff of (Forbidden when it is staff of none)."""
    if account.organization_id is None:
        raise Forbidden(text("purchases", "account_without_organization", account=account.username),
                        field="organization_id")
    return account.organization_id


def check_authority(account: Account, registering_authority: str) -> None:
    """A department verifier acts only for its own authority's organizations."""
    if account.role != "department_verifier":
        return
    if FILING_DEPARTMENT.get(registering_authority) != account.department:
        raise Forbidden(text("purchases", "not_your_authority", department=account.department,
                             authority=registering_authority), field="registering_authority")


def check_registrar_of(account: Account, organization: Organization) -> None:
    check_authority(account, organization.registering_authority)


def check_reader_of(account: Account, organization_id: int) -> None:
    """Staff of the register read any profile; an organization only its own (another's is not
    found, so its existence is not disclosed)."""
    if account.role == "organization":
        if account.organization_id != organization_id:
            raise NotFound(say("no_organization", id=organization_id), field="organization_id")
        return
    if account.role in (*REGISTRAR_ROLES, *PURCHASER_ROLES, "department_verifier"):
        return
    raise refuse(account, (*REGISTRAR_ROLES, "department_verifier", "organization"))
