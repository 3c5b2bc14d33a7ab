"""Demo data for the griffie: a dozen members of Gemeente Voorbeeldstad in varied states.

Some completed the basic track (one certificate expires within a month), some are busy, some have
not started and are past the griffie's deadline, one invitation is still open. Loaded by
`flask demo`; does nothing when the organisation already has griffie settings.
"""

from __future__ import annotations

from datetime import date, timedelta

from werkzeug.security import generate_password_hash

from learnplatform.auth.models import Organisation, Role, User
from learnplatform.auth.services import create_user, find_user_by_email
from learnplatform.db_types import utcnow
from learnplatform.extensions import db
from learnplatform.griffie.models import (
    ExpectedTrack,
    Invitation,
    Membership,
    OrganisationSettings,
)
from learnplatform.learning.certificates import new_code
from learnplatform.learning.models import (
    BlockProgress,
    Certificate,
    CertificateKind,
    ModuleCompletion,
)
from learnplatform.learning.progress import add_months
from learnplatform.web.content import get_content

BASIS = "basis-raadslid"
VEILIG = "veilig-bestuur"
ALL = 99  # every module of the track, however many the course gives it

# (e-mail, name, office, track, modules completed, modules started, certificate months ago)
MEMBERS: list[tuple[str, str, str, str, int, int, int | None]] = [
    ("anna.devries@voorbeeldstad.nl", "Anna de Vries", "raadslid", BASIS, ALL, 0, 3),
    ("bart.jansen@voorbeeldstad.nl", "Bart Jansen", "raadslid", BASIS, ALL, 0, 14),
    ("carla.bos@voorbeeldstad.nl", "Carla Bos", "raadslid", BASIS, ALL, 0, 47),  # expires soon
    ("dirk.mulder@voorbeeldstad.nl", "Dirk Mulder", "raadslid", BASIS, 5, 1, None),
    ("eva.smit@voorbeeldstad.nl", "Eva Smit", "raadslid", BASIS, 2, 1, None),
    ("fatima.elamrani@voorbeeldstad.nl", "Fatima El Amrani", "raadslid", BASIS, 0, 1, None),
    ("gert.visser@voorbeeldstad.nl", "Gert Visser", "raadslid", BASIS, 0, 0, None),
    ("hanneke.peters@voorbeeldstad.nl", "Hanneke Peters", "raadslid", BASIS, 0, 0, None),
    ("ivo.dekker@voorbeeldstad.nl", "Ivo Dekker", "wethouder", VEILIG, 2, 0, 5),
    ("joyce.vandam@voorbeeldstad.nl", "Joyce van Dam", "wethouder", BASIS, 3, 1, None),
    ("kees.bakker@voorbeeldstad.nl", "Kees Bakker", "burgerlid", BASIS, 1, 1, None),
]
OPEN_INVITATION = ("lotte.hendriks@voorbeeldstad.nl", "Lotte Hendriks", "raadslid")


def _deadline() -> date:
    """The first of a month at least two weeks ago: the basic track is overdue for some."""
    moment = utcnow().date() - timedelta(days=14)
    return moment.replace(day=1)


def _progress(user: User, track_id: str, completed: int, started: int, cert_months: int | None,
              ) -> None:
    content = get_content()
    track = content.tracks.get(track_id)
    if track is None:
        return
    now = utcnow()
    finished = now - timedelta(days=30 * (cert_months or 1))
    for index, step in enumerate(track.steps[:completed + started]):
        module = content.modules.get(step.module)
        if module is None:
            continue
        first_block = next(block for _lesson, block in module.blocks())
        db.session.add(BlockProgress(user_id=user.id, module_id=module.id,
                                     block_id=first_block.id, updated_at=finished))
        if index < completed:
            db.session.add(ModuleCompletion(user_id=user.id, module_id=module.id,
                                            completed_at=finished - timedelta(days=index)))
    if cert_months is not None and completed >= len(track.steps):
        issued = add_months(now, -cert_months) + timedelta(days=20)
        db.session.add(Certificate(
            user_id=user.id, kind=CertificateKind.TRACK, ref_id=track.id,
            title=track.certificate_title, issued_at=issued, code=new_code(),
            valid_until=add_months(issued, track.validity_months) if track.validity_months
            else None))


def load_griffie_demo(org: Organisation, griffier: User | None, password: str) -> None:
    """Members, office roles, settings and one open invitation for the demo organisation."""
    if db.session.get(OrganisationSettings, org.id) is not None:
        return
    db.session.add(OrganisationSettings(
        organisation_id=org.id, deadline=_deadline(), contact_name="Griffie Voorbeeldstad",
        contact_email="griffie@voorbeeldstad.nl", contact_phone="010 123 45 67"))
    for office, track in (("raadslid", BASIS), ("wethouder", BASIS), ("wethouder", VEILIG),
                          ("burgerlid", BASIS)):
        db.session.add(ExpectedTrack(organisation_id=org.id, office_role=office, track_id=track))
    for email, office in (("raadslid@voorbeeld.nl", "raadslid"),
                          ("griffier@voorbeeld.nl", "griffier")):
        if (user := find_user_by_email(email)) is not None:
            db.session.merge(Membership(user_id=user.id, office_role=office))
    shared_hash = generate_password_hash(password)  # one key stretch for all demo members
    for email, name, office, track, completed, started, months in MEMBERS:
        if find_user_by_email(email) is not None:
            continue
        user = create_user(email, name, None, {Role.DEELNEMER}, organisation=org)
        user.password_hash = shared_hash
        db.session.add(Membership(user_id=user.id, office_role=office))
        _progress(user, track, completed, started, months)
    email, name, office = OPEN_INVITATION
    if find_user_by_email(email) is None:
        user = create_user(email, name, None, {Role.DEELNEMER}, organisation=org)
        db.session.add(Membership(user_id=user.id, office_role=office))
        now = utcnow()
        db.session.add(Invitation(
            organisation_id=org.id, user_id=user.id, name=name, email=email, office_role=office,
            invited_by_id=griffier.id if griffier else None, created_at=now, sent_at=now,
            expires_at=now + timedelta(days=7)))
    db.session.flush()
