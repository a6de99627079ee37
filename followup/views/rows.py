"""What the pages show of a check-in: its schedule and state for all, its content for some."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from followup.models import CheckIn, Consent, FollowUpPlan
from followup.schedule import earliest_contact

DONE, OVERDUE, UPCOMING, WAITING = "done", "overdue", "upcoming", "waiting"


@dataclass(frozen=True)
class CheckInRow:
    """One check-in as a page shows it. ``content`` (what was recorded) only for those who read
    it (``selectors.sees_checkin_content``): the Lapas sees only whether it was made."""

    pk: int
    months: int
    due_on: date
    state: str
    days_late: int
    content: CheckIn | None
    # The first day it may be recorded (``schedule.earliest_contact``), and whether that is past.
    opens_on: date
    open: bool

    @property
    def label(self) -> str:
        if self.state == DONE:
            return _("Sudah dilakukan")
        if self.state == WAITING:
            return _("Menunggu persetujuan")
        if self.state == UPCOMING:
            return _("Akan datang")
        if self.days_late:
            return _("Terlambat %(days)d hari") % {"days": self.days_late}
        return _("Jatuh tempo hari ini")

    @property
    def tone(self) -> str:
        return {DONE: "success", OVERDUE: "danger", WAITING: "warning"}.get(self.state, "secondary")


def state(checkin: CheckIn, plan: FollowUpPlan, today: date) -> str:
    if checkin.is_done:
        return DONE
    if plan.consent != Consent.GIVEN:
        return WAITING
    return OVERDUE if checkin.due_on <= today else UPCOMING


def checkin_rows(plan: FollowUpPlan, *, today: date, with_content: bool) -> list[CheckInRow]:
    """The plan's check-ins (prefetched, by month) as rows, with content or without."""
    return [
        CheckInRow(
            pk=checkin.pk,
            months=checkin.months,
            due_on=checkin.due_on,
            state=state(checkin, plan, today),
            days_late=max((today - checkin.due_on).days, 0),
            content=checkin if with_content and checkin.is_done else None,
            opens_on=(opens_on := earliest_contact(plan.released_on, checkin.months)),
            open=checkin.is_done or opens_on <= today,
        )
        for checkin in plan.checkins.all()
    ]
