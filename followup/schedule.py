"""When check-ins fall due: whole months after release, the day kept where the month has it."""

import calendar
from datetime import date

from followup.models import MILESTONES


def add_months(day: date, months: int) -> date:
    """Return ``day`` moved ``months`` later; a day the month lacks becomes its last day
    (31 January + 3 months is 30 April)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_dates(released_on: date) -> dict[int, date]:
    """Return the due date of each check-in of a person released on ``released_on``."""
    return {months: add_months(released_on, months) for months in MILESTONES}
