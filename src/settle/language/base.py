"""What every model of the rule language shares: strict, frozen, ids in snake case."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
