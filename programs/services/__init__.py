"""Every write to cohorts, their schedule, their participants and their teaching records."""

from programs.services.cohorts import (
    COHORT_TRANSITIONS,
    cohort_cancel,
    cohort_create,
    cohort_start,
    cohort_update,
)
from programs.services.enrollment import (
    enrollment_create,
    enrollment_withdraw,
    enrollments_create,
    withdraw_departed_inmate,
)
from programs.services.events import event_create, event_update
from programs.services.schedule import (
    session_clear_not_held,
    session_create,
    session_delete,
    session_mark_not_held,
    sessions_cancel_remaining,
    sessions_generate,
)
from programs.services.teaching import (
    Assessment,
    assessments_record,
    attendance_record,
    cohort_close,
    cohort_reopen,
    session_counts_refresh,
)

__all__ = [
    "COHORT_TRANSITIONS",
    "Assessment",
    "assessments_record",
    "attendance_record",
    "cohort_cancel",
    "cohort_close",
    "cohort_create",
    "cohort_reopen",
    "cohort_start",
    "cohort_update",
    "enrollment_create",
    "enrollment_withdraw",
    "enrollments_create",
    "event_create",
    "event_update",
    "session_clear_not_held",
    "session_counts_refresh",
    "session_create",
    "session_delete",
    "session_mark_not_held",
    "sessions_cancel_remaining",
    "sessions_generate",
    "withdraw_departed_inmate",
]
