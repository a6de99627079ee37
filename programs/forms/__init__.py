"""Forms of cohorts, their schedule, their participants and their teaching records."""

from programs.forms.cohorts import CohortForm, ScheduleForm, SessionForm, WithdrawForm
from programs.forms.events import EventForm
from programs.forms.teaching import (
    AssessmentForm,
    AssessmentFormSet,
    AttendanceForm,
    AttendanceFormSet,
    NotHeldForm,
)

__all__ = [
    "AssessmentForm",
    "AssessmentFormSet",
    "AttendanceForm",
    "AttendanceFormSet",
    "CohortForm",
    "EventForm",
    "NotHeldForm",
    "ScheduleForm",
    "SessionForm",
    "WithdrawForm",
]
