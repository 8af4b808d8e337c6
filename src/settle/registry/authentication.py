"""Signing in: passwords checked in constant work, throttled per account and per address.

- An unknown username costs the same argon2 verification as a wrong password (against a
  dummy hash), so timing does not tell which usernames exist.
- After MAX_FAILURES consecutive wrong passwords the account is locked for LOCK_MINUTES; a
  right password does not open it meanwhile, and an administrator can lift the lock.
- An address with more than ADDRESS_FAILURES failures in the last ADDRESS_MINUTES must wait;
  it is refused before any password is hashed, so a flood of wrong sign-ins cannot starve
  the other requests of CPU.

Every refusal and every lock is audited. A refused sign-in must still keep what it counted
(the failure, the lock), so `sign_in` owns its transaction: it commits, then raises.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from settle.audit.chain import record as audit
from settle.errors import SettleError, Throttled, Unauthenticated
from settle.i18n import Text
from settle.registry.accounts import HASHER, password_matches
from settle.registry.models import Account, SignInFailure
from settle.registry.tokens import issue_token

MAX_FAILURES = 5
LOCK_MINUTES = 15
ADDRESS_FAILURES = 20
ADDRESS_MINUTES = 10
DUMMY_HASH = HASHER.hash("settle: no such account")

WRONG = Text(en="unknown username or wrong password", zh="用户名或密码错误")


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _locked(account: Account, now: dt.datetime) -> int:
    """Seconds the account stays locked (0: not locked)."""
    if account.locked_until is None:
        return 0
    return max(0, int((_aware(account.locked_until) - now).total_seconds()))


def is_locked(account: Account) -> bool:
    """Whether failed sign-ins keep the account locked now."""
    return _locked(account, dt.datetime.now(dt.UTC)) > 0


def address_wait(session: Session, address: str, now: dt.datetime) -> int:
    """Seconds the address must wait before it may try again (0: it may try now)."""
    since = now - dt.timedelta(minutes=ADDRESS_MINUTES)
    session.execute(delete(SignInFailure).where(SignInFailure.at < since))
    count, first = session.execute(select(func.count(), func.min(SignInFailure.at)).where(
        SignInFailure.address == address, SignInFailure.at >= since)).one()
    if count < ADDRESS_FAILURES or first is None:
        return 0
    return max(1, int((_aware(first) + dt.timedelta(minutes=ADDRESS_MINUTES) - now).total_seconds()))


def authenticate(*, session: Session, username: str, password: str, address: str,
                 now: dt.datetime | None = None) -> Account:
    """The account for a username and password, or Unauthenticated / Throttled (429)."""
    now = now or dt.datetime.now(dt.UTC)
    wait = address_wait(session, address, now)
    if wait:
        audit(session, username[:60], "sign_in_throttled", f"address/{address}", "authentication")
        raise Throttled(Text(
            en=f"too many failed sign-ins from this address: try again in {wait} seconds",
            zh=f"此地址登录失败次数过多，请{wait}秒后再试"), retry_after=wait)
    account = session.execute(select(Account).where(Account.username == username)).scalar()
    if account is None:
        password_matches(DUMMY_HASH, password)  # the same work as for a real account
        _failed(session, address, now)
        raise Unauthenticated(WRONG, field="username")
    locked = _locked(account, now)
    if locked:
        audit(session, account.username, "sign_in_locked", f"account/{account.id}", "authentication")
        raise Throttled(Text(
            en=f"this account is locked after {MAX_FAILURES} wrong passwords: try again in "
               f"{locked // 60 + 1} minutes, or ask an administrator to unlock it",
            zh=f"该账号因连续{MAX_FAILURES}次密码错误已锁定，请{locked // 60 + 1}分钟后再试，"
               "或请管理员解锁"), retry_after=locked)
    if not password_matches(account.password_hash, password) or account.disabled:
        _failed(session, address, now)
        if account.disabled:
            audit(session, account.username, "sign_in_disabled", f"account/{account.id}", "authentication")
            raise Unauthenticated(WRONG, field="username")
        account.failed_sign_ins += 1
        if account.failed_sign_ins >= MAX_FAILURES:
            account.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            audit(session, account.username, "account_locked", f"account/{account.id}", "authentication",
                  failures=account.failed_sign_ins)
        else:
            audit(session, account.username, "sign_in_failed", f"account/{account.id}", "authentication")
        raise Unauthenticated(WRONG, field="username")
    account.failed_sign_ins = 0
    account.locked_until = None
    return account


def _failed(session: Session, address: str, now: dt.datetime) -> None:
    session.add(SignInFailure(address=address[:64], at=now))
    session.flush()


def sign_in(*, sessions: sessionmaker[Session], username: str, password: str, address: str,
            purpose: str) -> tuple[Account, str]:
    """Check the password and issue a token in one committed transaction; a refusal is
    committed too (counted, audited) and then raised."""
    refused: SettleError | None = None
    with sessions() as session:
        with session.begin():
            try:
                account = authenticate(session=session, username=username, password=password,
                                       address=address)
            except (Unauthenticated, Throttled) as exc:
                refused = exc
            else:
                token = issue_token(session=session, account=account)
                audit(session, account.username, "sign_in", f"account/{account.id}", purpose)
        if refused is not None:
            raise refused
        return account, token
