"""How the report writes values: ISO dates, people by name, numbers as text."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone


def iso(value: date | datetime | None) -> str | None:
    """Return a date as ``YYYY-MM-DD``, a moment as ISO 8601 in local time, or None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def who(user) -> str | None:
    return str(user) if user is not None else None


def number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
