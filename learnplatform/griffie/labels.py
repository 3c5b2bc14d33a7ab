"""Translated labels of the griffie overview's states."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from learnplatform.griffie.overview import CertificateState, Status

STATUS_LABELS: dict[Status, Any] = {
    Status.NOT_STARTED: _l("niet begonnen"),
    Status.IN_PROGRESS: _l("bezig"),
    Status.COMPLETED: _l("afgerond"),
}
CERTIFICATE_LABELS: dict[CertificateState, Any] = {
    CertificateState.NONE: _l("geen certificaat"),
    CertificateState.VALID: _l("geldig"),
    CertificateState.EXPIRING: _l("verloopt binnenkort"),
    CertificateState.EXPIRED: _l("verlopen"),
}
SORT_LABELS: dict[str, Any] = {
    "name": _l("naam"),
    "status": _l("status"),
    "progress": _l("voortgang (minst eerst)"),
    "certificate": _l("certificaat (eerst verlopend)"),
}
