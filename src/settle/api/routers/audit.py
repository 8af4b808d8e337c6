"""The audit chain's health (administrators)."""

from __future__ import annotations

from fastapi import APIRouter

from settle.api.deps import Administrator, SessionDep
from settle.api.schemas import ChainOut
from settle.audit.chain import verify_chain

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("/verify", response_model=ChainOut)
def verify(session: SessionDep, admin: Administrator) -> ChainOut:
    """Check every link of the hash chain; names the first broken entry."""
    report = verify_chain(session)
    return ChainOut(entries=report.entries, intact=report.intact, broken_at=report.broken_at,
                    reason=report.reason)
