"""A pack's parameters on one day, under the chosen options, and every one a rule reads.

Both engines resolve `{param: NAME}` here, so they read the same value; the one-person
engine also keeps the list of parameters each item used, for its explanation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from settle.language.parameters import ParamRef, ParamValue, fill, shown
from settle.language.result import ParamUse
from settle.language.text import Text
from settle.packs.pack import Pack


class UnknownParameter(KeyError):
    """A rule names a parameter the pack does not declare (the loader refuses such packs)."""


@dataclass
class Numbers:
    pack: Pack
    on: dt.date
    options: tuple[str, ...] = ()
    used: dict[str, ParamUse] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._set: dict[str, tuple[ParamValue, str]] = {}
        for option_id in self.options:
            option = self.pack.options[option_id]
            for name, value in option.sets.items():
                self._set[name] = (value, option_id)

    def lookup(self, name: str) -> ParamUse:
        """Parameter `name`'s value on the day (an option's value when it sets one); read once
        per pack, day and options (every person scored on that day reads the same)."""
        key = (name, self.on, self.options)
        use: ParamUse | None = self.pack.param_uses.get(key)
        if use is None:
            use = self.pack.param_uses[key] = self._lookup(name)
        return use

    def _lookup(self, name: str) -> ParamUse:
        param = self.pack.meta.parameters.get(name)
        if param is None:
            raise UnknownParameter(f"pack {self.pack.id} has no parameter {name!r}")
        if name in self._set:
            value, option_id = self._set[name]
            option = self.pack.options[option_id]
            return ParamUse(name=name, title=param.title, value=value,
                            since=self.pack.meta.effective_from, cite=option.cite, option=option_id)
        since, dated = param.dated(self.on)
        return ParamUse(name=name, title=param.title, value=dated.value, since=since, cite=dated.cite)

    def value(self, value: Any) -> Any:
        """`value`, or its parameter's value on the day (recorded as used)."""
        if not isinstance(value, ParamRef):
            return value
        use = self.lookup(value.param)
        self.used.setdefault(use.name, use)
        return use.value

    def number(self, value: Any) -> Decimal:
        if type(value) is Decimal:  # a literal of the pack (the common case): nothing to resolve
            return value
        resolved = self.value(value)
        if isinstance(resolved, bool) or not isinstance(resolved, (int, Decimal)):
            raise TypeError(f"parameter {getattr(value, 'param', value)!r} is {resolved!r}, "
                            "not a number")
        return Decimal(resolved)

    def take(self) -> list[ParamUse]:
        """The parameters read since the last call, in the order first read."""
        used = list(self.used.values())
        self.used.clear()
        return used

    def words(self, text: Text) -> Text:
        """`text` with `{NAME}` replaced by parameter NAME's value on the day."""
        if "{" not in text.en and "{" not in text.zh:
            return text
        values = {name: shown(self.lookup(name).value) for name in self.pack.meta.parameters}
        return Text(en=fill(text.en, values), zh=fill(text.zh, values))
