"""Fixtures for account tests: the mail outbox and link extraction."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask

from learnplatform.mail import Mail, outbox

LINK = re.compile(r"https?://\S+/wachtwoord-instellen/(\S+)")


@pytest.fixture
def mails(app: Flask) -> list[Mail]:
    """The list of messages the app has sent so far (live view)."""
    return outbox()


@pytest.fixture
def token_from() -> Callable[[Mail], str]:
    """Extract the password token from a mailed link."""

    def extract(mail: Mail) -> str:
        match = LINK.search(mail.body)
        assert match, mail.body
        return match.group(1)

    return extract
