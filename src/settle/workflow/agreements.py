"""Sharing agreements as data: one YAML file per agreement in `agreements/`, each naming the
department that holds the registration data (the public security bureau), the user department
that receives it, the fields granted, the purposes agreed, the changes it may subscribe to,
the legal basis (cited) and the dates it is valid (seed 003 line 213: "an information sharing
mechanism between the Public Security Bureau (as the data holder) and Housing Management
Bureau and Education Bureau (as data users)"; 002 lines 196-198, 262).

    id: education-school-enrolment
    title: {en: ..., zh: ...}
    holder: {id: public_security, title: {en: ..., zh: ...}}
    user: {id: education, title: {en: ..., zh: ...}}
    purposes: [{id: school_enrolment, title: {en: ..., zh: ...}}]
    fields: [name, sex, birth_date, district, residence_permit, children]
    changes: [registration, move]                 # the feed's kinds it subscribes to
    legal_basis: [{source: seed_003, lines: 213, note: ...}]
    sources: [{id: seed_003, kind: seed, file: 003_3e1a3041a7941729.txt, title: ...}]
    valid_from: 2011-01-01
    valid_until: 2020-12-31                       # inclusive; omitted: until revoked
    assumptions: [{about: fields, reason: ...}]   # what the seeds do not say, and why chosen

Every problem names the file, the line and the agreement, like a pack's (PackProblem).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from settle.language.base import Id, Strict
from settle.language.citation import Citation, Source
from settle.language.text import Text
from settle.packs.errors import PackError, PackProblem
from settle.packs.loader import _read
from settle.packs.sources import source_lines
from settle.packs.yaml_source import read_yaml
from settle.registry.changes import CHANGE_FIELDS, DETAIL_FIELD
from settle.registry.models.sharing import CHANGE_KINDS
from settle.registry.shared_fields import SHARED_FIELDS

# 003 line 213: the public security bureau is the data holder of the migrant information platform
HOLDER = "public_security"


def _shared_field(name: str) -> str:
    if name not in SHARED_FIELDS:
        raise ValueError(f"{name!r} is not a field of registration data; the fields are: "
                         f"{', '.join(SHARED_FIELDS)}")
    return name


def _change_kind(name: str) -> str:
    if name not in CHANGE_KINDS:
        raise ValueError(f"{name!r} is not a kind of change; the kinds are: {', '.join(CHANGE_KINDS)}")
    return name


SharedField = Annotated[str, AfterValidator(_shared_field)]
ChangeKind = Annotated[str, AfterValidator(_change_kind)]


class Department(Strict):
    id: Id
    title: Text


class Purpose(Strict):
    id: Id
    title: Text


class Assumption(Strict):
    """What the seeds and laws do not say and the agreement had to choose, with the reason."""

    about: str
    reason: str


class Agreement(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=80)]
    title: Text
    holder: Department
    user: Department
    purposes: Annotated[list[Purpose], Field(min_length=1)]
    fields: Annotated[list[SharedField], Field(min_length=1)]
    changes: list[ChangeKind] = Field(default_factory=list)
    legal_basis: Annotated[list[Citation], Field(min_length=1)]
    sources: Annotated[list[Source], Field(min_length=1)]
    valid_from: dt.date
    valid_until: dt.date | None = None
    assumptions: list[Assumption] = Field(default_factory=list)

    def purpose(self, purpose_id: str) -> Purpose | None:
        return next((p for p in self.purposes if p.id == purpose_id), None)

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def change_fields(self, kind: str, detail: dict[str, object]) -> dict[str, object]:
        """The part of a change's detail this agreement grants."""
        return {key: value for key, value in detail.items()
                if DETAIL_FIELD.get(key, key) in self.fields}


@dataclass(frozen=True)
class LoadedAgreement:
    agreement: Agreement
    file: str

    @property
    def id(self) -> str:
        return self.agreement.id


def _cross_checks(agreement: Agreement, path: Path, name: str) -> list[PackProblem]:
    """What one model cannot see alone: dates in order, the holder, citations into declared
    sources and existing lines, changes whose fields are granted, nothing granted twice."""
    doc = read_yaml(path)
    problems: list[PackProblem] = []

    def report(loc: list[str | int], message: str) -> None:
        problems.append(PackProblem(name, doc.line_of(loc), agreement.id, message))

    if agreement.holder.id != HOLDER:
        report(["holder", "id"], f"holder.id: {agreement.holder.id!r} does not hold the registration data; "
                                 f"the public security bureau does ({HOLDER!r}, seed 003 line 213)")
    if agreement.user.id == agreement.holder.id:
        report(["user", "id"], "user.id: the holder does not need an agreement with itself")
    if agreement.valid_until is not None and agreement.valid_until < agreement.valid_from:
        report(["valid_until"], f"valid_until: {agreement.valid_until} is before valid_from "
                                f"{agreement.valid_from}")
    for key in ("fields", "changes"):
        values: list[str] = getattr(agreement, key)
        for i, value in enumerate(values):
            if value in values[:i]:
                report([key, i], f"{key}: {value!r} is listed twice")
    seen: set[str] = set()
    for i, purpose in enumerate(agreement.purposes):
        if purpose.id in seen:
            report(["purposes", i, "id"], f"purposes: {purpose.id!r} is listed twice")
        seen.add(purpose.id)
    for i, kind in enumerate(agreement.changes):
        carried = CHANGE_FIELDS[kind]
        if not any(f in agreement.fields for f in carried):
            report(["changes", i], f"changes: {kind!r} carries {', '.join(carried)}, none of which the "
                                   "agreement grants in `fields`")
    sources = {s.id: s for s in agreement.sources}
    for i, cite in enumerate(agreement.legal_basis):
        source = sources.get(cite.source)
        if source is None:
            report(["legal_basis", i, "source"], f"legal_basis: source {cite.source!r} is not declared in "
                                                 f"`sources` ({', '.join(sources)})")
            continue
        lines = source_lines(source.file)
        span = cite.line_range()
        if lines is not None and span is not None and not (1 <= span[0] <= span[1] <= len(lines)):
            report(["legal_basis", i, "lines"], f"legal_basis: lines {cite.lines} are outside "
                                                f"{source.file} (1-{len(lines)})")
    return problems


def load_agreement(path: Path) -> LoadedAgreement:
    """Read and validate one agreement file; PackError lists every problem with its line."""
    problems: list[PackProblem] = []
    agreement = _read(path, Agreement, path.parent, problems)
    name = f"{path.parent.name}/{path.name}"
    if agreement is not None:
        problems += _cross_checks(agreement, path, name)
        if agreement.id != path.stem:
            problems.append(PackProblem(name, read_yaml(path).line_of(["id"]), agreement.id,
                                        f"id: {agreement.id!r} differs from the file's name {path.stem!r}"))
    if agreement is None or problems:
        raise PackError(path.stem, problems, kind="sharing agreement")
    return LoadedAgreement(agreement, name)


def agreement_paths(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_agreements(folder: Path) -> list[LoadedAgreement]:
    """Every agreement of `folder`; PackError lists the problems of all the files at once."""
    loaded: list[LoadedAgreement] = []
    problems: list[PackProblem] = []
    for path in agreement_paths(folder):
        try:
            loaded.append(load_agreement(path))
        except PackError as exc:
            problems += exc.problems
    if problems:
        raise PackError(folder.name, problems, kind="sharing agreements")
    return loaded


_CACHE: dict[tuple[str, tuple[tuple[str, int, int], ...]], list[LoadedAgreement]] = {}


def current_agreements(folder: Path) -> list[LoadedAgreement]:
    """The agreements of `folder`, loaded once per version of its files."""
    paths = agreement_paths(folder)
    key = (str(folder.resolve()), tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in paths))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = load_agreements(folder)
    return _CACHE[key]
