"""The registry: register migrants, their periods and records; search with pagination.
Every read of personal data is audited with its purpose."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import AfterValidator

from settle.api.deps import AccountDep, Clerk, RowId, SessionDep, Staff, TodayDep
from settle.api.schemas import Created, MoveIn, PeriodIn, PersonIn, PersonOut, PersonPage, RecordIn
from settle.audit.chain import record as audit
from settle.errors import Forbidden, Invalid
from settle.registry import persons
from settle.registry.models import Person
from settle.registry.persons import search_persons

router = APIRouter(prefix="/persons", tags=["registry"])


def _real_purpose(text: str) -> str:
    """A purpose is words: at least three characters that are not spaces."""
    cleaned = " ".join(text.split())
    if len(cleaned.replace(" ", "")) < 3:
        raise ValueError("state why the data is read, in at least three characters (it is audited)")
    return cleaned


Purpose = Annotated[str, Query(min_length=3, max_length=200, description="Why the data is read (audited)."),
                    AfterValidator(_real_purpose)]


def _out(person: Person) -> PersonOut:
    return PersonOut.model_validate(persons.person_summary(person))


@router.post("", response_model=PersonOut, status_code=status.HTTP_201_CREATED)
def register(body: PersonIn, session: SessionDep, clerk: Clerk, today: TodayDep) -> PersonOut:
    """Register a migrant (window clerk). The identity number is checked (GB 11643), its
    birth date against the registry's date."""
    person = persons.register_person(session=session, actor=clerk.username, today=today, **body.model_dump())
    return _out(person)


@router.get("", response_model=PersonPage)
def search(session: SessionDep, staff: Staff, purpose: Purpose,
           q: Annotated[str | None, Query(max_length=60)] = None,
           district: Annotated[str | None, Query(max_length=50)] = None,
           limit: Annotated[int, Query(ge=1, le=200)] = 50,
           offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> PersonPage:
    """Search the registry by name or identity number prefix, and district; paginated. `q` is
    taken literally: % and _ match themselves, not any text (LIKE wildcards escaped)."""
    found = search_persons(session=session, q=q, district=district, limit=limit, offset=offset)
    audit(session, staff.username, "search_persons", "persons", purpose, q=q, district=district,
          returned=len(found.persons))
    return PersonPage(total=found.total, limit=limit, offset=offset, items=[_out(p) for p in found.persons])


@router.get("/{person_id}", response_model=PersonOut)
def read(person_id: RowId, session: SessionDep, account: AccountDep,
         purpose: Annotated[str | None, Query(min_length=3, max_length=200,
                                              description="Why staff read the record (audited)."),
                            AfterValidator(lambda p: None if p is None else _real_purpose(p))] = None,
         ) -> PersonOut:
    """A person's record: the person themself, or staff stating the purpose."""
    own = account.role == "applicant" and account.person_id == person_id
    if not own and account.role not in ("window_clerk", "bureau_officer", "administrator"):
        raise Forbidden(f"role {account.role} may not read person records", field="person_id")
    if not own and purpose is None:
        raise Invalid("staff reading a person's record must state the purpose (purpose=...)", field="purpose")
    purpose = purpose or "own record"
    person = persons.get_person(session=session, person_id=person_id)
    audit(session, account.username, "read_person", f"person/{person_id}", purpose)
    return _out(person)


@router.post("/{person_id}/periods", response_model=Created, status_code=status.HTTP_201_CREATED)
def add_period(person_id: RowId, body: PeriodIn, session: SessionDep, clerk: Clerk) -> Created:
    """Record a residence, permit, insurance, housing-fund or employment period."""
    period = persons.add_period(session=session, actor=clerk.username, person_id=person_id,
                                **body.model_dump())
    return Created(id=period.id)


@router.post("/{person_id}/moves", response_model=PersonOut)
def move(person_id: RowId, body: MoveIn, session: SessionDep, clerk: Clerk) -> PersonOut:
    """Record a move to another district (departments subscribed to moves read it in their feed)."""
    return _out(persons.move_person(session=session, actor=clerk.username, person_id=person_id,
                                    district=body.district))


@router.post("/{person_id}/records", response_model=Created, status_code=status.HTTP_201_CREATED)
def add_record(person_id: RowId, body: RecordIn, session: SessionDep, clerk: Clerk) -> Created:
    """Record housing, tax, volunteer hours, a blood donation, an award or a penalty."""
    row = persons.add_record(session=session, actor=clerk.username, person_id=person_id,
                             **body.model_dump())
    return Created(id=row.id)
