"""Read the completion facts of an organisation's members from the database.

Only the columns that say *that* something was done are selected (which module, when, which
certificate until when); the answer, reflection and choice columns are never read here.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select

from learnplatform.auth.models import Organisation, Role, User, UserRole
from learnplatform.content.registry import ContentRegistry
from learnplatform.content.schema import Audience, Track
from learnplatform.db_types import utcnow
from learnplatform.extensions import db
from learnplatform.griffie.models import Invitation, Membership
from learnplatform.griffie.overview import CertificateFact, MemberFacts
from learnplatform.learning.models import (
    BlockProgress,
    Certificate,
    CertificateKind,
    ModuleCompletion,
)


def organisation_members(org: Organisation) -> list[User]:
    """Active accounts of the organisation, beheerders excluded, by name."""
    beheerders = select(UserRole.user_id).where(UserRole.role == Role.BEHEERDER)
    return list(db.session.scalars(
        select(User)
        .where(User.organisation_id == org.id, User.active.is_(True), User.id.not_in(beheerders))
        .order_by(User.name, User.id)
    ))


def office_roles(user_ids: list[int]) -> dict[int, str]:
    """The office role per user id, where one is known."""
    rows = db.session.execute(
        select(Membership.user_id, Membership.office_role).where(Membership.user_id.in_(user_ids)))
    return {user_id: role for user_id, role in rows}


def member_facts(org: Organisation) -> list[MemberFacts]:
    """Completion facts of every member of `org` (three queries, whatever the size)."""
    users = organisation_members(org)
    ids = [u.id for u in users]
    started: dict[int, set[str]] = defaultdict(set)
    for user_id, module_id in db.session.execute(
        select(BlockProgress.user_id, BlockProgress.module_id)
        .where(BlockProgress.user_id.in_(ids)).distinct()
    ):
        started[user_id].add(module_id)
    completed: dict[int, dict[str, datetime]] = defaultdict(dict)
    for user_id, module_id, at in db.session.execute(
        select(ModuleCompletion.user_id, ModuleCompletion.module_id, ModuleCompletion.completed_at)
        .where(ModuleCompletion.user_id.in_(ids))
    ):
        completed[user_id][module_id] = at
    certificates: dict[int, dict[str, CertificateFact]] = defaultdict(dict)
    for user_id, track_id, issued, until in db.session.execute(
        select(Certificate.user_id, Certificate.ref_id, Certificate.issued_at,
               Certificate.valid_until)
        .where(Certificate.user_id.in_(ids), Certificate.kind == CertificateKind.TRACK)
        .order_by(Certificate.issued_at, Certificate.id)
    ):
        certificates[user_id][track_id] = CertificateFact(issued, until)  # latest wins
    roles = office_roles(ids)
    open_invites = set(db.session.scalars(
        select(Invitation.user_id).where(
            Invitation.user_id.in_(ids), Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None), Invitation.expires_at > utcnow())))
    return [
        MemberFacts(
            user_id=u.id, name=u.name, email=u.email, office_role=roles.get(u.id),
            started=frozenset(started[u.id]), completed=completed[u.id],
            certificates=certificates[u.id], invitation_open=u.id in open_invites,
        )
        for u in users
    ]


KIND_AUDIENCE = {"gemeente": Audience.GEMEENTE, "provincie": Audience.PROVINCIE,
                 "waterschap": Audience.WATERSCHAP}


def organisation_tracks(org: Organisation, content: ContentRegistry) -> list[Track]:
    """Tracks for the organisation's kind of government, then the griffier's own tracks."""
    audience = KIND_AUDIENCE[org.kind.value]
    tracks = list(content.tracks.values())
    own = [t for t in tracks if audience in t.audience]
    griffier = [t for t in tracks if Audience.GRIFFIER in t.audience and t not in own]
    return own + griffier
