"""Outgoing e-mail: SMTP when MAIL_SERVER is configured, otherwise the development outbox.

Without MAIL_SERVER, outside production, every message is printed in full to the server's console
and appended to a small outbox file (MAIL_OUTBOX_FILE, in the instance folder), which the beheerder
can read in the browser, so invitation and password flows can be tried end to end on a laptop.
In production without MAIL_SERVER a message is only logged (never kept).
Under TESTING every message is also kept in `app.extensions["mail_outbox"]` for tests to read.
"""

from __future__ import annotations

import json
import smtplib
import sys
import threading
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from flask import Flask, current_app

from learnplatform.on_commit import on_commit

OUTBOX_KEY = "mail_outbox"
DEV_OUTBOX_KEEP = 200
_outbox_lock = threading.Lock()


@dataclass(frozen=True)
class Mail:
    """A plain-text message as sent."""

    to: str
    subject: str
    body: str
    sent_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    id: str = field(default_factory=lambda: uuid.uuid4().hex)


def init_mail(app: Flask) -> None:
    """Prepare the test outbox when testing."""
    if app.config.get("TESTING"):
        app.extensions[OUTBOX_KEY] = []


def outbox() -> list[Mail]:
    """Messages sent by the current app under TESTING (empty list otherwise)."""
    box = current_app.extensions.get(OUTBOX_KEY)
    return box if isinstance(box, list) else []


def dev_outbox_enabled() -> bool:
    """True when mail is kept in the development outbox (no SMTP server, not production)."""
    config = current_app.config
    return (
        not config.get("MAIL_SERVER")
        and config.get("ENV_NAME") != "production"
        and bool(config.get("MAIL_OUTBOX_FILE"))
    )


def dev_outbox(limit: int = 50) -> list[Mail]:
    """The newest messages of the development outbox, newest first (empty when disabled)."""
    if not dev_outbox_enabled():
        return []
    path = Path(current_app.config["MAIL_OUTBOX_FILE"])
    with _outbox_lock:
        if not path.exists():
            return []
        lines = path.read_text(encoding="utf-8").splitlines()
    messages = []
    for line in reversed(lines[-limit:]):
        try:
            messages.append(Mail(**json.loads(line)))
        except (ValueError, TypeError):  # a torn line from a crash: skip it
            continue
    return messages


def _keep_in_dev_outbox(mail: Mail) -> None:
    path = Path(current_app.config["MAIL_OUTBOX_FILE"])
    with _outbox_lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        lines = [*lines[-(DEV_OUTBOX_KEEP - 1):], json.dumps(asdict(mail), ensure_ascii=False)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _print_to_console(mail: Mail) -> None:
    rule = "-" * 72
    # the development console is where a developer looks for this mail
    print(
        f"{rule}\nMail (development outbox, not sent)\nTo: {mail.to}\nSubject: {mail.subject}\n\n"
        f"{mail.body}\n{rule}",
        file=sys.stderr, flush=True,
    )


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a plain-text message once the current database transaction commits (at once when
    none is open); failures are logged, never shown to the user as a crash."""
    mail = Mail(to=to, subject=subject, body=body)
    on_commit(lambda: deliver(mail))


def deliver(mail: Mail) -> None:
    """Hand a message to SMTP (or the log without MAIL_SERVER) now."""
    config = current_app.config
    to, subject, body = mail.to, mail.subject, mail.body
    if OUTBOX_KEY in current_app.extensions:
        current_app.extensions[OUTBOX_KEY].append(mail)
    if not config.get("MAIL_SERVER"):
        if dev_outbox_enabled():
            _print_to_console(mail)
            _keep_in_dev_outbox(mail)
        current_app.logger.info("Mail to %s: %s\n%s", to, subject, body)
        return
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("Could not send mail to %s", to)
