"""Organisation settings: which tracks the griffie expects of which office, by when, and how to
reach the griffie; and what that means for one member. Services flush; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select

from learnplatform.auth.models import Organisation, User
from learnplatform.content.registry import ContentRegistry
from learnplatform.content.schema import Track
from learnplatform.db_types import utcnow
from learnplatform.extensions import db
from learnplatform.griffie.models import (
    DigestSubscription,
    ExpectedTrack,
    Membership,
    OrganisationSettings,
)
from learnplatform.learning import certificates
from learnplatform.learning.progress import is_valid


def settings_of(org_id: int) -> OrganisationSettings:
    """The organisation's settings (an unsaved empty row when none were saved yet)."""
    return db.session.get(OrganisationSettings, org_id) or OrganisationSettings(
        organisation_id=org_id)


def expectations(org_id: int) -> set[tuple[str, str]]:
    """(office role, track id) pairs the griffie expects."""
    return {(row.office_role, row.track_id) for row in db.session.scalars(
        select(ExpectedTrack).where(ExpectedTrack.organisation_id == org_id))}


def save_settings(org: Organisation, deadline: date | None, contact_name: str,
                  contact_email: str, contact_phone: str,
                  expected: set[tuple[str, str]]) -> OrganisationSettings:
    """Store the deadline, contact details and the expected tracks per office."""
    settings = db.session.get(OrganisationSettings, org.id)
    if settings is None:
        settings = OrganisationSettings(organisation_id=org.id)
        db.session.add(settings)
    settings.deadline = deadline
    settings.contact_name = contact_name.strip() or None
    settings.contact_email = contact_email.strip().lower() or None
    settings.contact_phone = contact_phone.strip() or None
    db.session.execute(delete(ExpectedTrack).where(ExpectedTrack.organisation_id == org.id))
    db.session.add_all(ExpectedTrack(organisation_id=org.id, office_role=role, track_id=track)
                       for role, track in sorted(expected))
    db.session.flush()
    return settings


def wants_digest(user: User) -> bool:
    """True when the griffier asked for the weekly digest."""
    return db.session.get(DigestSubscription, user.id) is not None


def set_digest(user: User, wanted: bool) -> None:
    """Switch the weekly digest on or off for this griffier."""
    row = db.session.get(DigestSubscription, user.id)
    if wanted and row is None:
        db.session.add(DigestSubscription(user_id=user.id))
    elif not wanted and row is not None:
        db.session.delete(row)
    db.session.flush()


@dataclass(frozen=True)
class Expectation:
    """A track the member's griffie expects of them, and where they stand."""

    track: Track
    deadline: date | None
    completed: bool

    @property
    def overdue(self) -> bool:
        """The deadline has passed and the track is not completed."""
        return (not self.completed and self.deadline is not None
                and self.deadline < utcnow().date())


def member_expectations(user: User, content: ContentRegistry) -> list[Expectation]:
    """The tracks expected of this member (by their office role), with completion."""
    if user.organisation_id is None:
        return []
    membership = db.session.get(Membership, user.id)
    if membership is None:
        return []
    settings = db.session.get(OrganisationSettings, user.organisation_id)
    deadline = settings.deadline if settings else None
    track_ids = sorted(track for role, track in expectations(user.organisation_id)
                       if role == membership.office_role)
    result = []
    for track_id in track_ids:
        track = content.tracks.get(track_id)
        if track is None:
            continue
        certificate = certificates.latest_track_certificate(user, track_id)
        done = certificate is not None and is_valid(certificate.valid_until, utcnow())
        result.append(Expectation(track, deadline, done))
    return result
