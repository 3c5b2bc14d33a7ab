"""Shared column types and clock helpers."""

from __future__ import annotations

import enum
import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Enum, Integer
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """Return the current time as a timezone-aware UTC datetime."""
    return datetime.now(UTC)


def this_hour() -> datetime:
    """The current time cut to the hour: for rows whose exact moment could pair people up."""
    return utcnow().replace(minute=0, second=0, microsecond=0)


# A primary key that reveals no order: random, below 2**53 so JavaScript numbers hold it exactly.
RandomIdType = BigInteger().with_variant(Integer(), "sqlite")
RANDOM_ID_LIMIT = 2**53 - 1


def random_id() -> int:
    """A fresh random primary key (collisions are as likely as guessing a 53-bit number)."""
    return secrets.randbelow(RANDOM_ID_LIMIT - 1) + 1


class UTCDateTime(TypeDecorator[datetime]):
    """A DateTime that is always timezone-aware UTC, also on SQLite (which drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)  # noqa: S101 - the column type guarantees it
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_column(enum_cls: type[enum.StrEnum], length: int = 30) -> Enum:
    """A portable VARCHAR-backed enum column that stores the members' values, not their names."""
    return Enum(
        enum_cls,
        native_enum=False,
        length=length,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
    )
