"""The PK officer's home page: what to do next for the clients of his Bapas."""

from django.shortcuts import render
from django.utils import timezone

from followup import selectors

# How far ahead the home page looks for check-ins coming due.
UPCOMING_DAYS = 30
# Rows per section; the rest is on the plan list.
HOME_LIMIT = 50


def home_for_officer(request):
    """Render the home page of a PK officer (``reports.views.home`` calls it for that role):
    overdue check-ins oldest first, then plans waiting for consent, then check-ins coming due
    in the next 30 days."""
    user = request.user
    today = timezone.localdate()
    due = list(selectors.due_checkins(user=user, today=today)[: HOME_LIMIT + 1])
    waiting = list(
        selectors.plans_waiting_for_consent(user=user).select_related("inmate")[: HOME_LIMIT + 1]
    )
    upcoming = list(
        selectors.upcoming_checkins(user=user, today=today, days=UPCOMING_DAYS)[: HOME_LIMIT + 1]
    )
    return render(
        request,
        "followup/home.html",
        {
            "today": today,
            "due": [(checkin, (today - checkin.due_on).days) for checkin in due[:HOME_LIMIT]],
            "more_due": len(due) > HOME_LIMIT,
            "waiting": waiting[:HOME_LIMIT],
            "more_waiting": len(waiting) > HOME_LIMIT,
            "upcoming": upcoming[:HOME_LIMIT],
            "more_upcoming": len(upcoming) > HOME_LIMIT,
            "upcoming_days": UPCOMING_DAYS,
        },
    )
