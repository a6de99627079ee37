"""The semester report card ("rapor pembinaan kemandirian") of each participant of a facility.

Predicate of one training, from its attendance (sessions present over sessions held) and result:

- withdrawn: no predicate, the reason is printed instead;
- "Belum kompeten" (BK): "Cukup" with attendance of at least 60%, otherwise "Perlu bimbingan";
- otherwise (K, or still being assessed): "Sangat baik" from 90%, "Baik" from 75%, "Cukup" from
  60%, "Perlu bimbingan" below;
- no session held yet: no predicate.

The overall predicate is the average of the trainings' predicates (Sangat baik 4, Baik 3, Cukup 2,
Perlu bimbingan 1), rounded half up.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, QuerySet, Subquery

from certificates.models import Certificate, CertificateStatus
from lapas_training.periods import Period
from programs.models import Cohort, Competence, Enrollment
from programs.selectors import figures as cohort_figures

VERY_GOOD, GOOD, FAIR, GUIDANCE = "Sangat baik", "Baik", "Cukup", "Perlu bimbingan"
SCORES = {VERY_GOOD: 4, GOOD: 3, FAIR: 2, GUIDANCE: 1}
BY_SCORE = {score: name for name, score in SCORES.items()}


def semester(year: int, half: int) -> Period:
    """Return the first (January-June) or second (July-December) half of a year."""
    if half == 1:
        return Period(date(year, 1, 1), date(year, 6, 30))
    return Period(date(year, 7, 1), date(year, 12, 31))


def predicate(*, attendance: float | None, result: str, withdrawn: bool) -> str:
    """Return the predicate of one training (see the module's rules)."""
    if withdrawn or attendance is None:
        return ""
    if result == Competence.NOT_YET_COMPETENT:
        return FAIR if attendance >= 60 else GUIDANCE
    if attendance >= 90:
        return VERY_GOOD
    if attendance >= 75:
        return GOOD
    if attendance >= 60:
        return FAIR
    return GUIDANCE


def overall(predicates: list[str]) -> str:
    """Return the average of the predicates given, rounded half up ("" when none)."""
    scores = [SCORES[p] for p in predicates if p]
    if not scores:
        return ""
    mean = Decimal(sum(scores)) / len(scores)
    return BY_SCORE[int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))]


@dataclass
class Line:
    enrollment: Enrollment
    attendance: float | None
    predicate: str
    certificate: str


@dataclass
class ReportCard:
    inmate: object
    lines: list[Line] = field(default_factory=list)

    @property
    def predicate(self) -> str:
        return overall([line.predicate for line in self.lines])


def report_cards(cohorts: QuerySet[Cohort], period: Period) -> list[ReportCard]:
    """Return one card per inmate who took part in a cohort that ran in the semester, by name."""
    valid = Certificate.objects.filter(
        enrollment_id=OuterRef("pk"), status=CertificateStatus.VALID
    ).values("number")[:1]
    enrollments = (
        cohort_figures.enrollments_counted(cohorts, period, "participants")
        .with_attendance()
        .annotate(certificate_number=Subquery(valid))
        .select_related("inmate", "cohort__program", "cohort__agency")
        .order_by("inmate__full_name", "inmate_id", "cohort__start_date", "pk")
    )
    cards: dict[int, ReportCard] = {}
    for e in enrollments:
        attendance = e.attendance_percent
        card = cards.setdefault(e.inmate_id, ReportCard(inmate=e.inmate))
        card.lines.append(
            Line(
                enrollment=e,
                attendance=attendance,
                predicate=predicate(
                    attendance=attendance, result=e.result, withdrawn=e.is_withdrawn
                ),
                certificate=e.certificate_number or "",
            )
        )
    return list(cards.values())
