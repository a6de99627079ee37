"""Partner agencies, programs, cohorts, sessions, enrollments, attendance and results."""

from programs.models.agencies import (
    DEFAULT_NUMBER_FORMAT,
    CompetencyUnit,
    PartnerAgency,
    Program,
)
from programs.models.cohorts import Cohort, Session
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

__all__ = [
    "DEFAULT_NUMBER_FORMAT",
    "NOT_WITHDRAWN",
    "Attendance",
    "AttendanceStatus",
    "Cohort",
    "Competence",
    "CompetencyUnit",
    "Enrollment",
    "EnrollmentQuerySet",
    "EnrollmentStatus",
    "PartnerAgency",
    "Program",
    "Session",
    "UnitResult",
]
