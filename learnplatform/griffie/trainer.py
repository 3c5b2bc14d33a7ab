"""From train-the-trainer to trainer: a griffier who completed the Train-de-trainer track and ran
a rehearsal to its summary may ask for the trainer role; the beheerder approves or declines with a
reason. Services change state and flush; the caller commits.

Who may then steer which session stays decided in one place, `learnplatform.live.access`: with
the trainer role an approved griffier runs real sessions, for their own organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from learnplatform.auth.models import Role, User, UserRole
from learnplatform.auth.services import external_url
from learnplatform.db_types import utcnow
from learnplatform.extensions import db
from learnplatform.griffie.models import RequestStatus, TrainerRequest
from learnplatform.learning import certificates
from learnplatform.learning.progress import is_valid
from learnplatform.live.engine import Phase, RoundStatus, SessionState
from learnplatform.live.models import LiveSession
from learnplatform.mail import send_mail

TRAIN_THE_TRAINER_TRACK = "train-de-trainer-griffier"
FINISHED_PHASES = (Phase.SUMMARY, Phase.ENDED)


class TrainerRequestError(ValueError):
    """A request or decision that is not allowed; the message is translated and safe to show."""


@dataclass(frozen=True)
class Eligibility:
    """Where a griffier stands on the way to the trainer role."""

    track_completed: bool
    rehearsal_finished: bool
    is_trainer: bool
    pending: TrainerRequest | None

    @property
    def may_request(self) -> bool:
        """Both conditions met, not a trainer yet and no request waiting."""
        return (self.track_completed and self.rehearsal_finished and not self.is_trainer
                and self.pending is None)


def rehearsal_finished(user: User) -> bool:
    """True when the user ran a rehearsal to its summary (a vote revealed, then the summary)."""
    for state in db.session.scalars(select(LiveSession.state).where(
            LiveSession.owner_id == user.id, LiveSession.simulated_participants.is_not(None))):
        parsed = SessionState.from_dict(state)
        revealed = any(r.status is RoundStatus.REVEALED for r in parsed.rounds)
        if parsed.phase in FINISHED_PHASES and revealed:
            return True
    return False


def track_completed(user: User) -> bool:
    """True when the user holds a valid Train-de-trainer certificate."""
    certificate = certificates.latest_track_certificate(user, TRAIN_THE_TRAINER_TRACK)
    return certificate is not None and is_valid(certificate.valid_until, utcnow())


def pending_request(user: User) -> TrainerRequest | None:
    """The user's request awaiting a decision, if any."""
    return db.session.scalars(select(TrainerRequest).where(
        TrainerRequest.user_id == user.id, TrainerRequest.status == RequestStatus.PENDING)).first()


def latest_request(user: User) -> TrainerRequest | None:
    """The user's most recent request."""
    return db.session.scalars(select(TrainerRequest).where(TrainerRequest.user_id == user.id)
                              .order_by(TrainerRequest.created_at.desc(),
                                        TrainerRequest.id.desc())).first()


def eligibility(user: User) -> Eligibility:
    """Both conditions, the current role and any waiting request."""
    return Eligibility(track_completed(user), rehearsal_finished(user),
                       user.has_role(Role.TRAINER), pending_request(user))


def beheerders() -> list[User]:
    """Active beheerders, who decide on requests."""
    return list(db.session.scalars(select(User).join(UserRole).where(
        UserRole.role == Role.BEHEERDER, User.active.is_(True))))


def _locale(user: User) -> str:
    return user.locale or str(current_app.config["BABEL_DEFAULT_LOCALE"])


def request_role(user: User) -> TrainerRequest:
    """File a request; every beheerder gets a mail (and sees it on their dashboard)."""
    if not user.has_role(Role.GRIFFIER) or not eligibility(user).may_request:
        raise TrainerRequestError(_("Je kunt de trainersrol nu niet aanvragen."))
    request = TrainerRequest(user_id=user.id)
    db.session.add(request)
    db.session.flush()
    link = external_url("griffie.trainer_requests")
    org = user.organisation.name if user.organisation else "-"
    for beheerder in beheerders():
        with force_locale(_locale(beheerder)):
            subject = _("Aanvraag trainersrol: %(name)s", name=user.name)
            body = "\n\n".join([
                _("Beste %(name)s,", name=beheerder.name),
                _("%(name)s, griffier van %(org)s, vraagt de trainersrol aan. %(name)s heeft het "
                  "traject Train-de-trainer afgerond en een oefensessie tot de samenvatting "
                  "geleid.", name=user.name, org=org),
                _("Keur de aanvraag goed of wijs haar af (met een reden):") + f"\n{link}",
            ])
        send_mail(beheerder.email, subject, body + "\n")
    return request


def decide(request: TrainerRequest, beheerder: User, approve: bool, reason: str) -> None:
    """Approve (grant the trainer role) or decline (a reason is required); mail the griffier."""
    reason = reason.strip()
    if request.status is not RequestStatus.PENDING:
        raise TrainerRequestError(_("Over deze aanvraag is al besloten."))
    if not approve and not reason:
        raise TrainerRequestError(_("Geef een reden als je de aanvraag afwijst."))
    user = db.session.get(User, request.user_id)
    if user is None:
        raise TrainerRequestError(_("Het account van deze aanvraag bestaat niet meer."))
    request.status = RequestStatus.APPROVED if approve else RequestStatus.DECLINED
    request.decided_at = utcnow()
    request.decided_by_id = beheerder.id
    request.reason = reason or None
    if approve:
        user.set_roles(set(user.roles) | {Role.TRAINER})
    db.session.flush()
    with force_locale(_locale(user)):
        if approve:
            subject = _("Je bent nu trainer op het leerplatform")
            text = _("%(beheerder)s heeft je aanvraag voor de trainersrol goedgekeurd. Je kunt nu "
                     "echte dilemmasessies leiden voor %(org)s: kies Dilemmasessies en dan Nieuwe "
                     "sessie.", beheerder=beheerder.name,
                     org=user.organisation.name if user.organisation else "")
        else:
            subject = _("Je aanvraag voor de trainersrol is afgewezen")
            text = _("%(beheerder)s heeft je aanvraag voor de trainersrol afgewezen. De reden:",
                     beheerder=beheerder.name) + f"\n{reason}"
        body = "\n\n".join([_("Beste %(name)s,", name=user.name), text,
                            external_url("learning.dashboard")])
    send_mail(user.email, subject, body + "\n")


def requests_for_beheerder() -> list[TrainerRequest]:
    """Every request, waiting ones first, newest first."""
    rows = db.session.scalars(select(TrainerRequest).order_by(TrainerRequest.created_at.desc(),
                                                              TrainerRequest.id.desc()))
    return sorted(rows, key=lambda r: r.status is not RequestStatus.PENDING)


def notice_for(user: User) -> TrainerRequest | None:
    """The decided request whose notice the user has not dismissed yet, or a pending one."""
    latest = latest_request(user)
    if latest is None or latest.notice_dismissed_at is not None:
        return None
    return latest


def dismiss_notice(user: User) -> None:
    """The user has read the decision: stop showing it on the dashboard."""
    latest = latest_request(user)
    if latest is not None and latest.status is not RequestStatus.PENDING:
        latest.notice_dismissed_at = utcnow()
        db.session.flush()


def pending_count() -> int:
    """How many requests wait for a beheerder."""
    return len(list(db.session.scalars(select(TrainerRequest.id).where(
        TrainerRequest.status == RequestStatus.PENDING))))
