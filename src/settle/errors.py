"""Errors of the registry and the workflow, each with a code, a message and, where one
field is at fault, its name. The API turns them into 4xx bodies {code, message, field}.

    SettleError
    ├── Unauthenticated       (401) no token, an expired or revoked one, a wrong password
    ├── Throttled             (429) too many failed sign-ins: the account is locked or the
    │                               address must wait (`retry_after` seconds)
    ├── NotFound              (404) no such person, application, round, task
    ├── Forbidden             (403) the account's role or department may not do this
    ├── Conflict              (409) duplicate identity, stale version, illegal transition
    │   ├── DuplicateIdentity
    │   ├── DuplicateApplication  (the existing application's id in `existing_id`)
    │   ├── StaleVersion
    │   └── IllegalTransition
    └── Invalid               (422) a value breaks a rule (window closed, bad identity number)
        ├── RoundBlocked      the round cannot be ranked: `blocked` lists each application and why
        └── UnknownRegistrySource  a pack's `registry:` entry names rows the registry never
                              holds: `problems` names each pack, fact and kind

A message is a `Text` (English and Chinese, from the catalogue in `settle.messages`) or plain
English; `message` is the English, `text(lang)` the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from settle.i18n import Lang, Text


class SettleError(Exception):
    status = 400
    code = "error"

    def __init__(self, message: str | Text, field: str | None = None) -> None:
        words = message if isinstance(message, Text) else Text(en=message, zh=message)
        super().__init__(words.en)
        self.words = words
        self.message = words.en
        self.field = field

    def text(self, lang: Lang) -> str:
        return self.words(lang)


class Unauthenticated(SettleError):
    status = 401
    code = "unauthenticated"


class Throttled(SettleError):
    status = 429
    code = "too_many_attempts"

    def __init__(self, message: str | Text, retry_after: int) -> None:
        super().__init__(message, field="username")
        self.retry_after = retry_after


class NotFound(SettleError):
    status = 404
    code = "not_found"


class Forbidden(SettleError):
    status = 403
    code = "forbidden"


class Conflict(SettleError):
    status = 409
    code = "conflict"


class DuplicateIdentity(Conflict):
    code = "duplicate_identity"


class DuplicateApplication(Conflict):
    code = "duplicate_application"

    def __init__(self, message: str | Text, existing_id: int) -> None:
        super().__init__(message, field="person_id")
        self.existing_id = existing_id


class StaleVersion(Conflict):
    code = "stale_version"


class IllegalTransition(Conflict):
    code = "illegal_transition"

    def __init__(self, state: str, action: str) -> None:
        from settle.messages import action_word, say, state_word

        super().__init__(say("illegal_transition", action=action_word(action), state=state_word(state)),
                         field="state")
        self.state = state
        self.action = action


class Invalid(SettleError):
    status = 422
    code = "invalid"


@dataclass(frozen=True)
class BlockedApplication:
    """One application that keeps a round from being ranked, and why."""

    application_id: int
    field: str | None
    reason: Text


class RoundBlocked(Invalid):
    code = "round_blocked"

    def __init__(self, message: Text, blocked: list[BlockedApplication]) -> None:
        super().__init__(message, field="applications")
        self.blocked = blocked


class UnknownRegistrySource(Invalid):
    code = "unknown_registry_source"

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems), field="registry")
        self.problems = problems
