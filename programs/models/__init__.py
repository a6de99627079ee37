"""Partner agencies, programs, cohorts, sessions, enrollments, attendance and results."""

from programs.models.agencies import (
    DEFAULT_NUMBER_FORMAT,
    CompetencyUnit,
    PartnerAgency,
    Program,
)
from programs.models.cohorts import (
    MINUTES_PER_JP,
    Cohort,
    NotHeldReason,
    Session,
    SessionState,
    jp_between,
)
from programs.models.enrollment import (
    NOT_WITHDRAWN,
    Attendance,
    AttendanceStatus,
    Competence,
    Enrollment,
    EnrollmentQuerySet,
    EnrollmentStatus,
    UnitResult,
)
from programs.models.events import FundingSource, TrainingEvent
from programs.models.standards import StandardUnit

__all__ = [
    "DEFAULT_NUMBER_FORMAT",
    "MINUTES_PER_JP",
    "NOT_WITHDRAWN",
    "Attendance",
    "AttendanceStatus",
    "Cohort",
    "Competence",
    "CompetencyUnit",
    "Enrollment",
    "EnrollmentQuerySet",
    "EnrollmentStatus",
    "FundingSource",
    "NotHeldReason",
    "PartnerAgency",
    "Program",
    "Session",
    "SessionState",
    "StandardUnit",
    "TrainingEvent",
    "UnitResult",
    "jp_between",
]
