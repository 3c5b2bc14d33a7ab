"""Outgoing e-mail: SMTP when MAIL_SERVER is configured, otherwise the application log.

Under TESTING every message is also kept in `app.extensions["mail_outbox"]` for tests to read.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from flask import Flask, current_app

from learnplatform.on_commit import on_commit

OUTBOX_KEY = "mail_outbox"


@dataclass(frozen=True)
class Mail:
    """A plain-text message as sent."""

    to: str
    subject: str
    body: str


def init_mail(app: Flask) -> None:
    """Prepare the test outbox when testing."""
    if app.config.get("TESTING"):
        app.extensions[OUTBOX_KEY] = []


def outbox() -> list[Mail]:
    """Messages sent by the current app under TESTING (empty list otherwise)."""
    box = current_app.extensions.get(OUTBOX_KEY)
    return box if isinstance(box, list) else []


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
