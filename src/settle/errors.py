"""Errors of the registry and the workflow, each with a code, a message and, where one
field is at fault, its name. The API turns them into 4xx bodies {code, message, field}.

    SettleError
    ├── NotFound              (404) no such person, application, round, task
    ├── Forbidden             (403) the account's role or department may not do this
    ├── Conflict              (409) duplicate identity, stale version, illegal transition
    │   ├── DuplicateIdentity
    │   ├── StaleVersion
    │   └── IllegalTransition
    └── Invalid               (422) a value breaks a rule (window closed, bad identity number)
"""

from __future__ import annotations


class SettleError(Exception):
    status = 400
    code = "error"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


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


class StaleVersion(Conflict):
    code = "stale_version"


class IllegalTransition(Conflict):
    code = "illegal_transition"

    def __init__(self, state: str, action: str) -> None:
        super().__init__(f"cannot {action} an application in state {state!r}", field="state")
        self.state = state
        self.action = action


class Invalid(SettleError):
    status = 422
    code = "invalid"
