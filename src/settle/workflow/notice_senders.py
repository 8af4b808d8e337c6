"""How a notice leaves the platform besides the inbox: a sender is anything with
`send(message)`. SETTLE_NOTICE_SENDER chooses it:

    outbox (default)  one JSON line per notice in `<data directory>/outbox.jsonl`, for
                      development and tests (nothing leaves the machine)
    smtp              e-mail through SETTLE_SMTP_HOST (port SETTLE_SMTP_PORT, default 587,
                      STARTTLS unless SETTLE_SMTP_STARTTLS=0) from SETTLE_SMTP_FROM, signing in
                      with SETTLE_SMTP_USER / SETTLE_SMTP_PASSWORD when set
    none              the inbox only

A person's addresses are their notice contact (settle.registry.models.NoticeContact); a notice
to someone without one is in their inbox only (and in the outbox, which records every notice).
"""

from __future__ import annotations

import json
import os
import smtplib
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from settle.errors import Invalid

SENDER_VARIABLE = "SETTLE_NOTICE_SENDER"
SENDERS = ("outbox", "smtp", "none")
OUTBOX = "outbox.jsonl"


@dataclass(frozen=True)
class OutgoingNotice:
    """One notice as it is sent: to whom, about what, in the person's language and both."""

    notice_id: int
    person_id: int
    subject: str
    state: str
    lang: str
    text: str
    en: str
    zh: str
    email: str | None = None
    mobile: str | None = None


class NoticeSender(Protocol):
    def send(self, message: OutgoingNotice) -> None:
        """Deliver one notice (raise OSError or smtplib.SMTPException when it cannot)."""


class OutboxSender:
    """Appends each notice as one JSON line to a file (development and tests)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, message: OutgoingNotice) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(asdict(message), ensure_ascii=False, sort_keys=True) + "\n")


class SmtpSender:
    """E-mail through an SMTP server (the standard library's smtplib)."""

    def __init__(self, host: str, port: int, sender: str, *, starttls: bool = True,
                 user: str | None = None, password: str | None = None) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.starttls, self.user, self.password = starttls, user, password

    def send(self, message: OutgoingNotice) -> None:
        if not message.email:
            return  # no address: the inbox holds the notice
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = message.email
        mail["Subject"] = message.text.split("\n", 1)[0][:120]
        mail.set_content(f"{message.text}\n\n{message.en if message.lang == 'zh' else message.zh}\n")
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(mail)


class NoSender:
    """The inbox only."""

    def send(self, message: OutgoingNotice) -> None:
        return None


def configured_sender(data_directory: Path) -> NoticeSender:
    """The sender SETTLE_NOTICE_SENDER names (outbox when unset); a bad name or a missing SMTP
    setting is refused naming the variable."""
    chosen = os.environ.get(SENDER_VARIABLE, "outbox").strip() or "outbox"
    if chosen == "outbox":
        return OutboxSender(data_directory / OUTBOX)
    if chosen == "none":
        return NoSender()
    if chosen == "smtp":
        host, sender = os.environ.get("SETTLE_SMTP_HOST"), os.environ.get("SETTLE_SMTP_FROM")
        if not host or not sender:
            missing = "SETTLE_SMTP_HOST" if not host else "SETTLE_SMTP_FROM"
            raise Invalid(f"{SENDER_VARIABLE}=smtp needs {missing} (the server, and the address notices "
                          "come from)", field=missing)
        port = os.environ.get("SETTLE_SMTP_PORT", "587")
        if not port.isdigit():
            raise Invalid(f"SETTLE_SMTP_PORT = {port!r}: a port number is needed", field="SETTLE_SMTP_PORT")
        return SmtpSender(host, int(port), sender,
                          starttls=os.environ.get("SETTLE_SMTP_STARTTLS", "1") != "0",
                          user=os.environ.get("SETTLE_SMTP_USER"),
                          password=os.environ.get("SETTLE_SMTP_PASSWORD"))
    raise Invalid(f"{SENDER_VARIABLE} = {chosen!r}: the sender must be one of {', '.join(SENDERS)}",
                  field=SENDER_VARIABLE)
