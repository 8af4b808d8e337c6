"""The kinds of rows the registry holds, written once: dated periods (residence, permits,
insurance, housing fund, employment) and dated records (housing, tax, volunteer hours, blood
donations, awards, penalties), the relations of family links (spouse, child), and the
person's own fields, and the register of social workers. The tables' check constraints,
the API's request bodies and the check of each pack's `registry:` entries
(settle.registry.sources) all read these.
"""

from __future__ import annotations

from typing import Literal, get_args

PeriodKind = Literal["residence_registration", "residence_permit", "social_insurance", "housing_fund",
                     "employment"]
RecordKind = Literal["housing", "tax", "volunteer_hours", "blood_donation", "award", "penalty"]

RelationKind = Literal["spouse", "child"]

PERIOD_KINDS: tuple[str, ...] = get_args(PeriodKind)
RECORD_KINDS: tuple[str, ...] = get_args(RecordKind)
RELATION_KINDS: tuple[str, ...] = get_args(RelationKind)

# the fields of a person a pack may read (`source: person, field: ...`)
PERSON_FIELDS = ("identity_number", "name", "sex", "birth_date", "origin_place", "district", "occupation")

# the rows each kind of `registry:` source reads (RegistrySource.source in settle.language.facts)
SOURCE_READS: dict[str, Literal["person", "periods", "records", "relatives", "social_worker"]] = {
    "person": "person",
    "periods": "periods",
    "current_start": "periods",
    "consecutive_years": "periods",
    "accumulated_years": "periods",
    "records_by_year": "records",
    "records_count": "records",
    "records_sum": "records",
    "relatives_count": "relatives",
    "social_worker": "social_worker",
}

# the fields of the register of social workers a pack may read (`source: social_worker, field: ...`)
SOCIAL_WORKER_FIELDS = ("certificate_level", "employer_kind", "registered")


def kind_constraint(kinds: tuple[str, ...]) -> str:
    """The SQL of a check constraint that admits only `kinds` in the column `kind`."""
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"
