"""A round's aggregates for analysts, small cells suppressed (settle.workflow.disclosure_control)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from settle.registry.models import Application
from settle.workflow import disclosure_control as suppress
from settle.workflow.applications import get_round


@dataclass(frozen=True)
class RoundStatistics:
    """Counts and the mean total of a round's applications; None where a cell is hidden
    because it concerns fewer than `suppressed_below` persons."""

    round_id: int
    applications: int | None
    by_state: dict[str, int | None]
    admitted: int | None
    eligible: int | None
    mean_total: Decimal | None
    suppressed_below: int


def round_statistics(*, session: Session, round_id: int, small_cell: int) -> RoundStatistics:
    """The round's aggregates with cells of fewer than `small_cell` persons hidden."""
    get_round(session=session, round_id=round_id)
    where = Application.round_id == round_id
    by_state = {state: count for state, count in session.execute(
        select(Application.state, func.count()).where(where).group_by(Application.state)).all()}
    admitted = session.execute(select(func.count()).where(where, Application.admitted.is_(True))).scalar_one()
    eligible = session.execute(select(func.count()).where(where, Application.eligible.is_(True))).scalar_one()
    mean = session.execute(select(func.avg(Application.total)).where(where)).scalar()
    total = sum(by_state.values())
    shown_mean = None if mean is None else Decimal(str(mean)).quantize(Decimal("0.01"))
    return RoundStatistics(round_id=round_id, applications=suppress.count(total, total, small_cell),
                           by_state=suppress.breakdown(by_state, small_cell),
                           admitted=suppress.count(admitted, total, small_cell),
                           eligible=suppress.count(eligible, total, small_cell),
                           mean_total=suppress.mean(shown_mean, total, small_cell),
                           suppressed_below=small_cell)
