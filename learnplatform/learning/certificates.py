"""Certificates: issuing with an unambiguous verification code, lookup, and the PDF."""

from __future__ import annotations

import secrets
import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

from fpdf import FPDF
from sqlalchemy import bindparam, select

from learnplatform.auth.models import User
from learnplatform.db_types import utcnow
from learnplatform.extensions import db
from learnplatform.learning import signals
from learnplatform.learning.models import Certificate, CertificateKind
from learnplatform.learning.progress import add_months

# No 0/O, 1/I/L, 5/S, 8/B: codes are read aloud and typed over from paper.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXYZ234679"
CODE_LENGTH = 12


def new_code() -> str:
    """A random verification code of CODE_LENGTH unambiguous characters."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """Accept codes typed with spaces, dashes or lower case."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def issue(
    user: User, kind: CertificateKind, ref_id: str, title: str, validity_months: int | None
) -> Certificate:
    """Create (and flush) a certificate issued now, valid for `validity_months` if given."""
    now = utcnow()
    code = new_code()
    while find_by_code(code) is not None:  # pragma: no cover - 27^12 codes make this rare
        code = new_code()
    certificate = Certificate(
        user_id=user.id,
        kind=kind,
        ref_id=ref_id,
        title=title,
        issued_at=now,
        valid_until=add_months(now, validity_months) if validity_months else None,
        code=code,
    )
    db.session.add(certificate)
    db.session.flush()
    signals.certificate_issued.send(user, certificate=certificate)
    return certificate


def find_by_code(code: str) -> Certificate | None:
    """The certificate with this verification code, if any."""
    return db.session.scalars(
        select(Certificate).where(Certificate.code == normalise_code(code))
    ).first()


_USER_CERTIFICATES = (  # built once: the dashboard runs it on every visit
    select(Certificate)
    .where(Certificate.user_id == bindparam("user_id"))
    .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
)


def user_certificates(user: User) -> list[Certificate]:
    """The user's certificates, newest first."""
    return list(db.session.scalars(_USER_CERTIFICATES, {"user_id": user.id}))


def latest_track_certificates(newest_first: list[Certificate]) -> dict[str, Certificate]:
    """The most recent track certificate per track id among `newest_first` (as
    `user_certificates` returns them)."""
    latest: dict[str, Certificate] = {}
    for certificate in newest_first:
        if certificate.kind is CertificateKind.TRACK:
            latest.setdefault(certificate.ref_id, certificate)
    return latest


def latest_track_certificate(user: User, track_id: str) -> Certificate | None:
    """The most recent certificate of a track for this user."""
    return db.session.scalars(
        select(Certificate)
        .where(
            Certificate.user_id == user.id,
            Certificate.kind == CertificateKind.TRACK,
            Certificate.ref_id == track_id,
        )
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    ).first()


def _latin1(text: str) -> str:
    """The PDF core fonts speak Latin-1: keep accents it has, strip the ones it lacks."""
    out = []
    for ch in text.replace("\u2026", "...").replace("\u2013", "-").replace("\u2014", "-"):
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            out.append(unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode())
    return "".join(out)


MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


def _date(moment: datetime) -> str:
    moment = moment.astimezone(ZoneInfo("Europe/Amsterdam"))
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def render_pdf(certificate: Certificate, holder: str, verify_url: str) -> bytes:
    """The certificate as an A4 landscape PDF (Dutch text)."""
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_title(_latin1(f"Certificaat {certificate.title}"))
    pdf.set_author("Integriteit & Veiligheid")
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_draw_color(21, 66, 115)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    pdf.set_text_color(11, 42, 74)

    def line(text: str, size: int, style: str = "", height: float = 12) -> None:
        pdf.set_font("helvetica", style, size)
        pdf.multi_cell(0, height, _latin1(text), align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(30)
    line("Certificaat", 34, "B", 16)
    line("Integriteit & Veiligheid voor politieke ambtsdragers", 14)
    pdf.ln(8)
    line("Hierbij verklaren wij dat", 14)
    line(holder, 26, "B", 14)
    kind = "het leertraject" if certificate.kind is CertificateKind.TRACK else "de module"
    line(f"met goed gevolg {kind} heeft afgerond:", 14)
    line(certificate.title, 20, "B", 12)
    pdf.ln(6)
    line(f"Datum van uitgifte: {_date(certificate.issued_at)}", 12, height=8)
    if certificate.valid_until is not None:
        line(f"Geldig tot: {_date(certificate.valid_until)}", 12, height=8)
    line(f"Verificatiecode: {certificate.code}", 12, "B", 8)
    line(f"Controleer dit certificaat op {verify_url}", 10, height=8)
    return bytes(pdf.output())
