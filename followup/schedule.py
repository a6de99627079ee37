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


def earliest_contact(released_on: date, months: int) -> date:
    """Return the first day a check-in may be recorded: the first one any day after release;
    a later one from a month before it falls due (a contact on the day of release is no
    12-month outcome, and the figures count it as one)."""
    if months == MILESTONES[0]:
        return released_on
    return add_months(released_on, months - 1)
