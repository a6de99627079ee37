"""Reporting periods: a range of whole days, named the way Indonesian reports name them."""

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

MONTH_NAMES = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def month_name(month: int) -> str:
    """Return the Indonesian name of a month (1-12): reports print these whatever the language."""
    return MONTH_NAMES[month - 1]


def indonesian_date(day: date) -> str:
    """Return a date as printed on an Indonesian report: "25 November 2026"."""
    return f"{day.day} {month_name(day.month)} {day.year}"


@dataclass(frozen=True)
class Period:
    """The days from ``start`` to ``end``, both included."""

    start: date
    end: date

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def is_month(self) -> bool:
        return self == Period.month(self.start.year, self.start.month)

    @property
    def is_year(self) -> bool:
        return self == Period.year(self.start.year)

    @property
    def label(self) -> str:
        """Return "November 2026", "Tahun 2026" or "1 Juni 2025 - 25 September 2025"."""
        if self.is_month:
            return f"{month_name(self.start.month)} {self.start.year}"
        if self.is_year:
            return f"Tahun {self.start.year}"
        return f"{indonesian_date(self.start)} – {indonesian_date(self.end)}"

    def datetimes(self) -> tuple[datetime, datetime]:
        """Return the first moment of the period and the first moment after it, local time."""
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    def months(self) -> Iterator[date]:
        """Yield the first day of every month the period touches."""
        day = self.start.replace(day=1)
        while day <= self.end:
            yield day
            day = (day + timedelta(days=32)).replace(day=1)

    def until(self, day: date) -> "Period | None":
        """Return the part of the period up to ``day``, or None when it starts after it."""
        if self.start > day:
            return None
        return Period(self.start, min(self.end, day))
