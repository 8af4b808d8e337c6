"""The words of the workflow's refusals and notices, in English and Chinese.

Services raise errors with `say(key, **values)`; the API answers in English (or Chinese when
the request asks for it) and the pages in the page's language. A key names the situation, the
placeholders the values the user needs to act: the field, the value, the rule, the date.
"""

from __future__ import annotations

from typing import Any

from settle.i18n import Text
from settle.language.facts.words import FACT_WORDS
from settle.words import section

MESSAGES: dict[str, tuple[str, str]] = dict(section("messages"))
"""src/settle/words/messages.yaml"""
# the words of fact problems live beside the checks that use them, in the rule language
MESSAGES.update(FACT_WORDS)


STATES: dict[str, tuple[str, str]] = dict(section("states"))
"""src/settle/words/states.yaml"""

ACTIONS: dict[str, tuple[str, str]] = dict(section("actions"))
"""src/settle/words/actions.yaml"""


def state_word(state: str) -> Text:
    en, zh = STATES.get(state, (state, state))
    return Text(en=en, zh=zh)


def action_word(action: str) -> Text:
    en, zh = ACTIONS.get(action, (action, action))
    return Text(en=en, zh=zh)


def say(key: str, **values: Any) -> Text:
    """The message `key` with its values filled in, in both languages (a `Text` value is put
    in each language; anything else as written)."""
    en, zh = MESSAGES[key]
    as_en = {k: v.en if isinstance(v, Text) else str(v) for k, v in values.items()}
    as_zh = {k: v.zh if isinstance(v, Text) else str(v) for k, v in values.items()}
    return Text(en=en.format(**as_en), zh=zh.format(**as_zh))
