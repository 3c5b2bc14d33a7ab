"""User, Organisation and role models."""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from learnplatform.db_types import UTCDateTime, enum_column, utcnow
from learnplatform.extensions import Base


class OrganisationKind(enum.StrEnum):
    """The three kinds of decentral government whose office holders we train."""

    GEMEENTE = "gemeente"
    PROVINCIE = "provincie"
    WATERSCHAP = "waterschap"


class Role(enum.StrEnum):
    """Roles a user may hold; a user may hold several."""

    DEELNEMER = "deelnemer"
    TRAINER = "trainer"
    GRIFFIER = "griffier"
    BEHEERDER = "beheerder"


class Organisation(Base):
    """A gemeente, provincie or waterschap."""

    __tablename__ = "organisation"
    __table_args__ = {"sqlite_autoincrement": True}  # ids are never reused

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    members: Mapped[list[User]] = relationship(back_populates="organisation")


class UserRole(Base):
    """One role held by one user."""

    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))


class User(UserMixin, Base):
    """An account: council member, trainer, griffier or beheerder."""

    __tablename__ = "user"
    # A deleted account's id is never given to a new account (SQLite would reuse the highest).
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(5), default=None)
    active: Mapped[bool] = mapped_column(default=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organisation: Mapped[Organisation | None] = relationship(back_populates="members")
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    def get_id(self) -> str:
        """Session id: the user id plus a digest of the password hash.

        Changing the password therefore ends every other session and remember-me cookie.
        """
        return f"{self.id}.{self.password_fingerprint()}"

    def password_fingerprint(self) -> str:
        """A short digest of the password hash (never the hash itself)."""
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]

    @property
    def is_active(self) -> bool:
        """Deactivated accounts cannot log in (Flask-Login reads this)."""
        return self.active

    @property
    def roles(self) -> frozenset[Role]:
        """The set of roles this user holds."""
        return frozenset(row.role for row in self.role_rows)

    def has_role(self, *roles: Role) -> bool:
        """True if the user holds any of the given roles."""
        return bool(self.roles.intersection(roles))

    def set_roles(self, roles: set[Role]) -> None:
        """Replace the user's roles with exactly the given set."""
        self.role_rows = [row for row in self.role_rows if row.role in roles]
        held = self.roles
        self.role_rows.extend(UserRole(role=role) for role in sorted(roles - held))

    def set_password(self, password: str) -> None:
        """Store a strong (scrypt) hash of the password."""
        self.password_hash = generate_password_hash(password)

    def set_unusable_password(self) -> None:
        """No password works until the owner chooses one (an invited account).

        A fresh random value each time, so the fingerprint changes and earlier password links stop
        working; it is not a hash, so no password ever matches it, and it costs no key stretching
        (inviting a council of 45 must not take a minute).
        """
        self.password_hash = "!" + secrets.token_hex(16)

    def check_password(self, password: str) -> bool:
        """Compare a password with the stored hash in constant time."""
        return check_password_hash(self.password_hash, password)
