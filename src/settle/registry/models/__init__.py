"""Database tables, one module per concept; importing this package registers them all (the
audit log's table is the audit chain's own, settle.audit.log, listed here with the others)."""

from settle.audit.log import AuditEntry
from settle.database import Base
from settle.registry.models.accounts import Account, ApiToken, SignInFailure
from settle.registry.models.applications import Application, ApplicationEvent, EvidenceItem, Objection
from settle.registry.models.documents import Document
from settle.registry.models.notices import Notice, NoticeContact
from settle.registry.models.organization_register import (
    CatalogueEntry,
    OrganizationApproval,
    OrganizationInspection,
    OrganizationQualification,
    OrganizationService,
)
from settle.registry.models.organizations import Organization
from settle.registry.models.people import FamilyLink, Person
from settle.registry.models.periods import Period
from settle.registry.models.purchases import (
    BidScore,
    ContractMilestone,
    ContractPayment,
    ContractReport,
    PurchaseBid,
    PurchaseContract,
    PurchaseProject,
    PurchaseProjectKey,
)
from settle.registry.models.records import Record
from settle.registry.models.rounds import Round
from settle.registry.models.service_cases import (
    ServiceBenefit,
    ServiceCase,
    ServiceCaseEvent,
    ServiceDelivery,
    ServiceStock,
)
from settle.registry.models.settings import Setting
from settle.registry.models.sharing import Disclosure, RegistryChange
from settle.registry.models.social_workers import SocialWorker
from settle.registry.models.volunteers import BloodDonation, Volunteer, VolunteerActivity, VolunteerHours

__all__ = [
    "Account", "ApiToken", "Application", "ApplicationEvent", "AuditEntry", "Base", "EvidenceItem",
    "FamilyLink", "Objection", "Organization", "Period", "Person", "Record", "Round",
    "ServiceBenefit", "ServiceCase", "ServiceCaseEvent", "ServiceDelivery", "ServiceStock", "Setting",
    "SignInFailure",
]
__all__ += [
    "BidScore", "CatalogueEntry", "ContractMilestone", "ContractPayment", "ContractReport",
    "OrganizationApproval", "OrganizationInspection", "OrganizationQualification", "OrganizationService",
    "PurchaseBid", "PurchaseContract", "PurchaseProject", "PurchaseProjectKey",
]
__all__ += ["Disclosure", "RegistryChange"]
__all__ += ["Document", "Notice", "NoticeContact"]
__all__ += ["BloodDonation", "Volunteer", "VolunteerActivity", "VolunteerHours"]
__all__ += ["SocialWorker"]
