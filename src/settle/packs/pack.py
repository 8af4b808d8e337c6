"""A loaded policy pack: metadata, facts, items, eligibility, options and test cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from settle.language.result import ParamUse
from settle.packs.distribution import DistributionCase
from settle.packs.schema import (
    Action,
    Case,
    DerivedSpec,
    EligibilityRule,
    FactSpec,
    Item,
    Option,
    PackMeta,
)


@dataclass(frozen=True)
class Pack:
    """Everything one pack folder declares, validated and cross-checked."""

    root: Path
    meta: PackMeta
    facts: dict[str, FactSpec]
    derived: dict[str, DerivedSpec]
    items: tuple[Item, ...]
    eligibility: tuple[EligibilityRule, ...]
    options: dict[str, Option]
    cases: tuple[Case, ...] = ()
    distribution_cases: tuple[DistributionCase, ...] = ()
    actions: tuple[Action, ...] = ()
    where: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    # each parameter's value as read on a day under options (settle.packs.numbers), kept with
    # the pack it belongs to: a copy made with dataclasses.replace (a reform) starts empty
    param_uses: dict[tuple[str, dt.date, tuple[str, ...]], ParamUse] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.meta.id

    def applies_on(self, day: dt.date) -> bool:
        """True when the pack is in force on `day`."""
        if day < self.meta.effective_from:
            return False
        return self.meta.effective_to is None or day <= self.meta.effective_to

    def with_options(self, option_ids: list[str] | tuple[str, ...]) -> tuple[Item, ...]:
        """The items with the rules of the chosen alternative readings swapped in."""
        unknown = [o for o in option_ids if o not in self.options]
        if unknown:
            known = ", ".join(sorted(self.options)) or "none"
            raise KeyError(f"unknown option {unknown[0]!r} for pack {self.id} (options: {known})")
        replaced = {}
        for option_id in option_ids:
            replaced.update(self.options[option_id].replaces)
        return tuple(
            item.model_copy(update={"rule": replaced[item.id]}) if item.id in replaced else item
            for item in self.items
        )

    def eligibility_with_options(self, option_ids: list[str] | tuple[str, ...],
                                 ) -> tuple[EligibilityRule, ...]:
        """The eligibility rules with the conditions of the chosen readings swapped in."""
        replaced = {}
        for option_id in option_ids:
            replaced.update(self.options[option_id].replaces_conditions)
        return tuple(
            rule.model_copy(update={"condition": replaced[rule.id]}) if rule.id in replaced else rule
            for rule in self.eligibility
        )

    def group_ids(self) -> list[str]:
        return [g.id for g in self.meta.groups]
