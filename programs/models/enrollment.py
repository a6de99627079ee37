"""Enrollments of inmates in cohorts, their attendance and their assessment."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from inmates.models import Inmate
from programs.models.agencies import CompetencyUnit
from programs.models.cohorts import Cohort, Session


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Terdaftar")
    WITHDRAWN = "withdrawn", _("Mengundurkan diri/keluar")
    COMPLETED = "completed", _("Selesai")


class Competence(models.TextChoices):
    """The assessor's verdict on a participant or on one competency unit."""

    COMPETENT = "K", _("Kompeten (K)")
    NOT_YET_COMPETENT = "BK", _("Belum kompeten (BK)")


class AttendanceStatus(models.TextChoices):
    PRESENT = "hadir", _("Hadir")
    EXCUSED = "izin", _("Izin")
    SICK = "sakit", _("Sakit")
    ABSENT = "alpa", _("Alpa")


# A participant who has not left: still enrolled, or completed.
NOT_WITHDRAWN = ~Q(status=EnrollmentStatus.WITHDRAWN)


class EnrollmentQuerySet(models.QuerySet):
    def active(self):
        """Keep the participants who hold a place: enrolled or completed, not withdrawn."""
        return self.filter(NOT_WITHDRAWN)

    def with_attendance(self):
        """Annotate ``sessions_held`` (attendance taken) and ``sessions_present``.

        Two correlated counts rather than joins, so that a cohort of 40 participants and 60
        sessions does not multiply into rows.
        """
        held = (
            Session.objects.filter(
                cohort_id=OuterRef("cohort_id"), attendance_taken_at__isnull=False
            )
            .order_by()
            .values("cohort_id")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        present = (
            Attendance.objects.filter(enrollment_id=OuterRef("pk"), status=AttendanceStatus.PRESENT)
            .order_by()
            .values("enrollment_id")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(
            sessions_held=Coalesce(Subquery(held), 0),
            sessions_present=Coalesce(Subquery(present), 0),
        )


class Enrollment(models.Model):
    """An inmate's place in a cohort, with his final result."""

    Status = EnrollmentStatus

    class WithdrawalReason(models.TextChoices):
        RELEASED = "released", _("Bebas")
        TRANSFERRED = "transferred", _("Pindah UPT")
        DISCIPLINE = "discipline", _("Pelanggaran disiplin")
        HEALTH = "health", _("Kesehatan")
        OWN_REQUEST = "own_request", _("Permintaan sendiri")
        OTHER = "other", _("Lainnya")

    class Result(models.TextChoices):
        NONE = "", _("Belum dinilai")
        COMPETENT = Competence.COMPETENT.value, Competence.COMPETENT.label
        NOT_YET_COMPETENT = (
            Competence.NOT_YET_COMPETENT.value,
            Competence.NOT_YET_COMPETENT.label,
        )

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("angkatan"), on_delete=models.PROTECT, related_name="enrollments"
    )
    inmate = models.ForeignKey(
        Inmate, verbose_name=_("WBP"), on_delete=models.PROTECT, related_name="enrollments"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED
    )
    enrolled_at = models.DateTimeField(_("didaftarkan pada"), auto_now_add=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("didaftarkan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    override_reason = models.TextField(_("alasan mengabaikan peringatan"), blank=True)
    withdrawal_reason = models.CharField(
        _("alasan keluar"), max_length=12, choices=WithdrawalReason.choices, blank=True
    )
    withdrawal_note = models.CharField(_("keterangan keluar"), max_length=255, blank=True)
    withdrawn_at = models.DateTimeField(_("keluar pada"), null=True, blank=True)
    result = models.CharField(
        _("hasil"), max_length=2, choices=Result.choices, default=Result.NONE, blank=True
    )
    score = models.DecimalField(
        _("nilai"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    assessor_notes = models.TextField(_("catatan penilai"), blank=True)
    result_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dinilai oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    result_recorded_at = models.DateTimeField(_("dinilai pada"), null=True, blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "inmate__full_name"]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "inmate"],
                condition=NOT_WITHDRAWN,
                name="enrollment_one_active_per_cohort",
                violation_error_message=_("WBP ini sudah terdaftar di angkatan ini."),
            ),
            models.CheckConstraint(
                name="enrollment_score_is_percent",
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
            ),
            # What a certificate's (enrollment, cohort) foreign key points at.
            models.UniqueConstraint(fields=["id", "cohort"], name="enrollment_id_with_cohort"),
            models.CheckConstraint(
                name="enrollment_withdrawal_has_reason",
                condition=NOT_WITHDRAWN | ~Q(withdrawal_reason=""),
            ),
        ]
        # The reports count participants by cohort, status and result from the index alone.
        indexes = [
            models.Index(fields=["cohort", "status", "result"], name="enrollment_cohort_outcome")
        ]

    def __str__(self) -> str:
        return f"{self.inmate.full_name} – {self.cohort}"

    @property
    def attendance_percent(self) -> float | None:
        """Sessions present over sessions held (see ``with_attendance``); None before any."""
        held = getattr(self, "sessions_held", None)
        if not held:
            return None
        return 100 * self.sessions_present / held

    @property
    def is_enrolled(self) -> bool:
        return self.status == self.Status.ENROLLED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    def meets_min_attendance(self, program) -> bool | None:
        """Return whether the attendance reaches the program's minimum; None before any."""
        percent = self.attendance_percent
        return None if percent is None else percent >= program.min_attendance_percent


class Attendance(models.Model):
    """Whether one participant was at one session."""

    Status = AttendanceStatus

    session = models.ForeignKey(
        Session, verbose_name=_("sesi"), on_delete=models.CASCADE, related_name="attendances"
    )
    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("peserta"), on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("kehadiran"), max_length=5, choices=Status.choices)
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now=True)

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("daftar hadir")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrollment"], name="attendance_one_per_session"
            )
        ]
        # The reports count the marks of a period's sessions without reading the table.
        indexes = [
            models.Index(fields=["session"], include=["status"], name="attendance_session_status")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment.inmate.full_name} {self.session}: {self.get_status_display()}"


class UnitResult(models.Model):
    """The assessment of one participant on one competency unit."""

    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("peserta"), on_delete=models.CASCADE, related_name="unit_results"
    )
    unit = models.ForeignKey(
        CompetencyUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    Result = Competence

    result = models.CharField(_("hasil"), max_length=2, choices=Competence.choices)

    class Meta:
        ordering = ["enrollment", "unit__position"]
        verbose_name = _("hasil unit kompetensi")
        verbose_name_plural = _("hasil unit kompetensi")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "unit"], name="unit_result_unique"),
            models.CheckConstraint(
                name="unit_result_is_k_or_bk", condition=Q(result__in=Competence.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code}: {self.result}"
