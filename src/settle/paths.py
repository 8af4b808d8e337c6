"""Where the policy packs and the cited source documents live.

In a checkout they are the repository's `policies/` and `sources/` folders; in an
installed wheel they are shipped inside the package. SETTLE_POLICIES and
SETTLE_SOURCES replace both. SETTLE_EXTRA_POLICIES adds folders beside them
(docs/authoring.md).
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parents[1]


def _locate(env: str, folder: str) -> Path:
    if os.environ.get(env):
        return Path(os.environ[env])
    for candidate in (_CHECKOUT / folder, _PACKAGE / f"_{folder}"):
        if candidate.is_dir():
            return candidate
    return _CHECKOUT / folder


def policies_dir() -> Path:
    """The folder holding one sub-folder per policy pack."""
    return _locate("SETTLE_POLICIES", "policies")


EXTRA_POLICIES = "SETTLE_EXTRA_POLICIES"


def extra_policies_dirs() -> list[Path]:
    """The folders SETTLE_EXTRA_POLICIES adds beside the shipped packs, in order: each one a
    folder of pack folders or a single pack folder, separated by os.pathsep (':' or ';')."""
    value = os.environ.get(EXTRA_POLICIES, "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]


def sources_dir() -> Path:
    """The folder holding the seed reports and legal texts that packs cite."""
    return _locate("SETTLE_SOURCES", "sources")


def examples_dir() -> Path:
    """The folder of example applicants' facts, named <pack>__<who>.json."""
    return _locate("SETTLE_EXAMPLES", "examples")


def calibration_dir() -> Path:
    """The folder of population calibration files, one per city."""
    return _locate("SETTLE_CALIBRATION", "calibration")


def reforms_dir() -> Path:
    """The folder of reform files (`reforms/<id>.yaml`); SETTLE_REFORMS replaces it."""
    return _locate("SETTLE_REFORMS", "reforms")


def purchase_directory_dir() -> Path:
    """The folder of purchase directories and scoring methods (`purchase-directory/`);
    SETTLE_PURCHASE_DIRECTORY replaces it."""
    return _locate("SETTLE_PURCHASE_DIRECTORY", "purchase-directory")


def costs_dir() -> Path:
    """The folder of cost models (`costs/<city>.yaml`); SETTLE_COSTS replaces it."""
    return _locate("SETTLE_COSTS", "costs")


def demand_dir() -> Path:
    """The folder of service demand models (`demand/<city>.yaml`); SETTLE_DEMAND replaces it."""
    return _locate("SETTLE_DEMAND", "demand")


def indicators_dir() -> Path:
    """The folder of monitoring indicators (`indicators/<id>.yaml`); SETTLE_INDICATORS replaces it."""
    return _locate("SETTLE_INDICATORS", "indicators")


def agreements_dir() -> Path:
    """The folder of sharing agreements (`agreements/<id>.yaml`); SETTLE_AGREEMENTS replaces it."""
    return _locate("SETTLE_AGREEMENTS", "agreements")
