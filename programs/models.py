"""Partner agencies, training programs, cohorts, sessions, attendance and enrollments."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from inmates.models import Facility, Inmate
from lapas_training.models import TrainingField
from programs.numbering import validate_number_format

DEFAULT_NUMBER_FORMAT = "{seq:04d}/{agency}/{program}/{month_roman}/{year}"


class PartnerAgency(models.Model):
    """A training partner (BLK, Disnaker, LPK, LSP) that teaches and issues certificates."""

    class Kind(models.TextChoices):
        BLK = "blk", _("BLK")
        DISNAKER = "disnaker", _("Disnaker")
        LPK = "lpk", _("LPK")
        LSP = "lsp", _("LSP")
        OTHER = "other", _("Lainnya")

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("nama"), max_length=150, unique=True)
    code = models.CharField(
        _("kode singkat"),
        max_length=20,
        unique=True,
        help_text=_("Dipakai dalam nomor sertifikat, misalnya BLK-MJK."),
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    city = models.CharField(_("kabupaten/kota"), max_length=100)
    province = models.CharField(_("provinsi"), max_length=100, blank=True)
    head_name = models.CharField(_("nama pimpinan"), max_length=150)
    head_title = models.CharField(_("jabatan pimpinan"), max_length=150)
    head_nip = models.CharField(_("NIP pimpinan"), max_length=30, blank=True)
    second_signatory_name = models.CharField(
        _("nama penanda tangan kedua"), max_length=150, blank=True
    )
    second_signatory_title = models.CharField(
        _("jabatan penanda tangan kedua"), max_length=150, blank=True
    )
    second_signatory_nip = models.CharField(
        _("NIP penanda tangan kedua"), max_length=30, blank=True
    )
    certificate_number_format = models.CharField(
        _("format nomor sertifikat"),
        max_length=120,
        default=DEFAULT_NUMBER_FORMAT,
        validators=[validate_number_format],
        help_text=_(
            "Tersedia: {seq}, {agency}, {program}, {month_roman}, {month}, {year}. "
            "Contoh: {seq:04d}/{agency}/{program}/{month_roman}/{year}."
        ),
    )
    logo = models.ImageField(_("logo"), upload_to="agency-logos/", blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi mitra")
        verbose_name_plural = _("instansi mitra")

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    """A training program that cohorts are run from."""

    class CertificateKind(models.TextChoices):
        TRAINING = "training", _("Sertifikat pelatihan")
        COMPETENCY = "competency", _("Sertifikat kompetensi")

    name = models.CharField(_("nama"), max_length=150, unique=True)
    code = models.CharField(
        _("kode singkat"),
        max_length=20,
        unique=True,
        help_text=_("Dipakai dalam nomor sertifikat, misalnya LAS."),
    )
    field = models.ForeignKey(
        TrainingField, verbose_name=_("bidang"), on_delete=models.PROTECT, related_name="programs"
    )
    description = models.TextField(_("deskripsi"), blank=True)
    hours = models.PositiveSmallIntegerField(
        _("jumlah JP"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    certificate_kind = models.CharField(
        _("jenis sertifikat"),
        max_length=12,
        choices=CertificateKind.choices,
        default=CertificateKind.TRAINING,
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("kehadiran minimal (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("program pelatihan")
        constraints = [
            models.CheckConstraint(name="program_hours_positive", condition=Q(hours__gte=1)),
            models.CheckConstraint(
                name="program_min_attendance_is_percent",
                condition=Q(min_attendance_percent__gte=0, min_attendance_percent__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CompetencyUnit(models.Model):
    """One SKKNI competency unit of a program, in the order it is printed."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="units"
    )
    position = models.PositiveSmallIntegerField(_("urutan"))
    code = models.CharField(_("kode unit"), max_length=40)
    title = models.CharField(_("judul unit"), max_length=255)
    hours = models.PositiveSmallIntegerField(_("JP"), default=0)

    class Meta:
        ordering = ["program", "position"]
        verbose_name = _("unit kompetensi")
        verbose_name_plural = _("unit kompetensi")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "position"], name="competency_unit_position_unique"
            ),
            models.UniqueConstraint(fields=["program", "code"], name="competency_unit_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Cohort(models.Model):
    """One run (angkatan) of a program in a facility, taught by a partner agency."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        RUNNING = "running", _("Berjalan")
        CLOSED = "closed", _("Ditutup")
        CANCELLED = "cancelled", _("Dibatalkan")

    name = models.CharField(_("nama angkatan"), max_length=150)
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="cohorts"
    )
    facility = models.ForeignKey(
        Facility, verbose_name=_("UPT"), on_delete=models.PROTECT, related_name="cohorts"
    )
    agency = models.ForeignKey(
        PartnerAgency,
        verbose_name=_("instansi mitra"),
        on_delete=models.PROTECT,
        related_name="cohorts",
    )
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instruktur"),
        blank=True,
        related_name="taught_cohorts",
    )
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    capacity = models.PositiveSmallIntegerField(
        _("kapasitas"), default=40, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    place = models.CharField(_("tempat"), max_length=150, default="Aula Lapas")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("angkatan")
        verbose_name_plural = _("angkatan")
        constraints = [
            models.CheckConstraint(
                name="cohort_ends_after_start",
                condition=Q(end_date__gte=F("start_date")),
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(name="cohort_capacity_positive", condition=Q(capacity__gte=1)),
        ]
        indexes = [models.Index(fields=["facility", "status"])]

    def __str__(self) -> str:
        return f"{self.program.name} – {self.name}"


class Session(models.Model):
    """One scheduled training meeting of a cohort."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("angkatan"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("jam mulai"))
    end_time = models.TimeField(_("jam selesai"))
    topic = models.CharField(_("materi"), max_length=200, blank=True)
    attendance_taken_at = models.DateTimeField(_("presensi dicatat pada"), null=True, blank=True)

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "date", "start_time"], name="session_unique_start"
            ),
            models.CheckConstraint(
                name="session_ends_after_start",
                condition=Q(end_time__gt=F("start_time")),
                violation_error_message=_("Jam selesai harus setelah jam mulai."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.start_time:%H:%M} {self.topic}".strip()


class EnrollmentQuerySet(models.QuerySet):
    def with_attendance(self):
        """Annotate ``sessions_held`` (attendance taken) and ``sessions_present``."""
        return self.annotate(
            sessions_held=models.Count(
                "cohort__sessions",
                filter=Q(cohort__sessions__attendance_taken_at__isnull=False),
                distinct=True,
            ),
            sessions_present=models.Count(
                "attendances", filter=Q(attendances__status="hadir"), distinct=True
            ),
        )


class Enrollment(models.Model):
    """An inmate's place in a cohort, with his final result."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Terdaftar")
        WITHDRAWN = "withdrawn", _("Mengundurkan diri/keluar")
        COMPLETED = "completed", _("Selesai")

    class WithdrawalReason(models.TextChoices):
        RELEASED = "released", _("Bebas")
        TRANSFERRED = "transferred", _("Pindah UPT")
        DISCIPLINE = "discipline", _("Pelanggaran disiplin")
        HEALTH = "health", _("Kesehatan")
        OWN_REQUEST = "own_request", _("Permintaan sendiri")
        OTHER = "other", _("Lainnya")

    class Result(models.TextChoices):
        NONE = "", _("Belum dinilai")
        COMPETENT = "K", _("Kompeten (K)")
        NOT_YET_COMPETENT = "BK", _("Belum kompeten (BK)")

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
                condition=~Q(status="withdrawn"),
                name="enrollment_one_active_per_cohort",
                violation_error_message=_("WBP ini sudah terdaftar di angkatan ini."),
            ),
            models.CheckConstraint(
                name="enrollment_score_is_percent",
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
            ),
            models.CheckConstraint(
                name="enrollment_withdrawal_has_reason",
                condition=~Q(status="withdrawn") | ~Q(withdrawal_reason=""),
            ),
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

    def meets_min_attendance(self, program) -> bool | None:
        """Return whether the attendance reaches the program's minimum; None before any."""
        percent = self.attendance_percent
        return None if percent is None else percent >= program.min_attendance_percent


class Attendance(models.Model):
    """Whether one participant was at one session."""

    class Status(models.TextChoices):
        PRESENT = "hadir", _("Hadir")
        EXCUSED = "izin", _("Izin")
        SICK = "sakit", _("Sakit")
        ABSENT = "alpa", _("Alpa")

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
    result = models.CharField(
        _("hasil"),
        max_length=2,
        choices=[("K", _("Kompeten (K)")), ("BK", _("Belum kompeten (BK)"))],
    )

    class Meta:
        ordering = ["enrollment", "unit__position"]
        verbose_name = _("hasil unit kompetensi")
        verbose_name_plural = _("hasil unit kompetensi")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "unit"], name="unit_result_unique"),
            models.CheckConstraint(
                name="unit_result_is_k_or_bk", condition=Q(result__in=["K", "BK"])
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code}: {self.result}"
