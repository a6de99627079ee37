"""The follow-up pages: plans, consent, the Bapas of a plan, check-ins, the PK officer's home."""

from followup.views.checkins import checkin_record
from followup.views.home import home_for_officer
from followup.views.plans import plan_assign, plan_consent, plan_detail, plan_list, plan_take

__all__ = [
    "checkin_record",
    "home_for_officer",
    "plan_assign",
    "plan_consent",
    "plan_detail",
    "plan_list",
    "plan_take",
]
