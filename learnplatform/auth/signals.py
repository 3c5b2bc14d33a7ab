"""Signals of the account feature, for features that react without auth importing them."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# sent with the user (as sender) after they chose a password through an e-mailed link or changed it
password_chosen = _signals.signal("password-chosen")
