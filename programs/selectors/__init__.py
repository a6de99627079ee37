"""Every scoped read of cohorts, enrollments and teaching records."""

from programs.selectors.cohorts import (
    cohort_active_count,
    cohort_for_user_or_404,
    cohort_list,
    cohort_participants,
    cohort_progress,
    cohort_status_counts,
    cohorts_visible_to,
    home_cohorts,
)
from programs.selectors.enrollment import (
    Eligibility,
    enrollment_candidates,
    enrollment_eligibility,
    enrollment_eligibility_bulk,
    picked_inmates,
)
from programs.selectors.teaching import (
    CohortHours,
    attendance_grid,
    cohort_has_teaching_records,
    cohort_hours,
    cohort_roster,
    cohort_sessions,
    cohort_summary,
    remaining_sessions,
    session_marks,
    unit_results,
    waiting_sessions,
)

__all__ = [
    "CohortHours",
    "Eligibility",
    "attendance_grid",
    "cohort_active_count",
    "cohort_for_user_or_404",
    "cohort_has_teaching_records",
    "cohort_hours",
    "cohort_list",
    "cohort_participants",
    "cohort_progress",
    "cohort_roster",
    "cohort_sessions",
    "cohort_status_counts",
    "cohort_summary",
    "cohorts_visible_to",
    "enrollment_candidates",
    "enrollment_eligibility",
    "enrollment_eligibility_bulk",
    "home_cohorts",
    "picked_inmates",
    "remaining_sessions",
    "session_marks",
    "unit_results",
    "waiting_sessions",
]
