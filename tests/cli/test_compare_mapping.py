"""`settle compare` sends each shared fact to the items of each city's points pack that score
it: one test per city pack (issue 11: Hangzhou's birth date scores age; owning a home is
Hangzhou's housing item; Guangzhou's 2017 table has no age or housing item)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from settle.cli.app import app

PERSON = Path(__file__).resolve().parents[2] / "examples" / "shared" / "migrant_worker.json"
ELIGIBILITY = "eligibility or ranking only"
UNUSED = "not used"

EXPECTED: dict[tuple[str, str], dict[str, list[str] | str]] = {
    ("2017-11-08", "guangzhou-2017"): {
        "birth_date": UNUSED,               # Table 1 (001 from line 567) has no age item
        "education": ["education"], "skill_level": ["skill_level"],
        "social_insurance_years": UNUSED,   # the 2016 rules ask months of each type, not years
        "medical_insurance_since": ELIGIBILITY, "residence_permit_since": ELIGIBILITY,
        "holds_residence_permit": ELIGIBILITY, "stable_employment": ELIGIBILITY,
        "owns_home": UNUSED,                # a legal stable residence is a condition; renting meets it too
        "volunteer_hours_by_year": ["volunteer_service"], "blood_donations_by_year": ["blood_donation"],
        "income_tax_3y_rmb": ["taxation"]},
    ("2017-11-08", "hangzhou-2017"): {
        "birth_date": ["age"], "education": ["education_or_skill"], "skill_level": ["education_or_skill"],
        "social_insurance_years": ["social_insurance"], "medical_insurance_since": UNUSED,
        "residence_permit_since": UNUSED, "holds_residence_permit": UNUSED, "stable_employment": UNUSED,
        "owns_home": ["housing"], "volunteer_hours_by_year": ["social_services"],
        "blood_donations_by_year": ["social_services"], "income_tax_3y_rmb": UNUSED},
    ("2026-06-30", "guangzhou-2025"): {
        "birth_date": ["age"], "education": ["education"],
        "skill_level": UNUSED,              # 加分指标3 scores a level only on the year's catalogue
        "social_insurance_years": ["employment"], "medical_insurance_since": ["employment"],
        "residence_permit_since": ["residence"], "holds_residence_permit": ELIGIBILITY,
        "stable_employment": ELIGIBILITY, "owns_home": ["residence"],
        "volunteer_hours_by_year": ["social_service"], "blood_donations_by_year": ["social_service"],
        "income_tax_3y_rmb": ["tax"]},
}


@pytest.mark.parametrize(("as_of", "pack"), list(EXPECTED))
def test_each_shared_fact_goes_to_the_items_that_score_it(as_of: str, pack: str) -> None:
    result = CliRunner().invoke(app, ["compare", str(PERSON), "--as-of", as_of, "--json"])
    assert result.exit_code == 0, result.output
    row = next(r for r in json.loads(result.output) if r["pack"] == pack)
    found = {fact: where if isinstance(where, str) else [i["item"] for i in where]
             for fact, where in row["where_facts_count"].items()}
    assert found == EXPECTED[(as_of, pack)]
