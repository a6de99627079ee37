"""Cohorts (angkatan) of a program in a facility, and their scheduled sessions."""

from datetime import date, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from inmates.models import Facility
from programs.models.agencies import PartnerAgency, Program
from programs.models.events import TrainingEvent


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
    event = models.ForeignKey(
        TrainingEvent,
        verbose_name=_("kegiatan pelatihan"),
        on_delete=models.PROTECT,
        related_name="cohorts",
        null=True,
        blank=True,
        help_text=_("Kosongkan bila angkatan ini berdiri sendiri."),
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

    def clean(self):
        """A cohort of an event is held in its facility, by one of its agencies, in its dates."""
        super().clean()
        event = self.event
        if event is None or self.facility_id is None or self.agency_id is None:
            return
        problems = {}
        if event.facility_id != self.facility_id:
            problems["event"] = _("Kegiatan ini milik UPT lain.")
        if not event.agencies.filter(pk=self.agency_id).exists():
            problems["agency"] = _(
                "Instansi mitra ini bukan penyelenggara kegiatan tersebut: pilih salah satu dari "
                "%(agencies)s."
            ) % {"agencies": ", ".join(a.name for a in event.agencies.order_by("name"))}
        span = {"range": f"{event.start_date:%d/%m/%Y} – {event.end_date:%d/%m/%Y}"}
        if self.start_date and self.start_date < event.start_date:
            problems["start_date"] = (
                _("Angkatan tidak dapat mulai sebelum pembukaan kegiatan (%(range)s).") % span
            )
        if self.end_date and self.end_date > event.end_date:
            problems["end_date"] = (
                _("Angkatan tidak dapat selesai sesudah penutupan kegiatan (%(range)s).") % span
            )
        if problems:
            raise ValidationError(problems)

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def has_begun(self) -> bool:
        """Running or closed: it has attendance and results to show."""
        return self.status in (self.Status.RUNNING, self.Status.CLOSED)

    @property
    def is_finished(self) -> bool:
        """Closed or cancelled: its schedule, participants and results no longer change."""
        return self.status in (self.Status.CLOSED, self.Status.CANCELLED)


# One JP (jam pelajaran) of vocational training lasts 45 minutes.
MINUTES_PER_JP = 45


def jp_between(start: time, end: time) -> int:
    """Return the whole JP that fit between two times of one day (0 when under 45 minutes)."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return max(0, minutes // MINUTES_PER_JP)


class NotHeldReason(models.TextChoices):
    HOLIDAY = "holiday", _("Hari libur")
    LOCKDOWN = "lockdown", _("Pengamanan/penutupan Lapas")
    INSTRUCTOR_ABSENT = "instructor_absent", _("Instruktur berhalangan")
    CLOSED_EARLY = "closed_early", _("Angkatan ditutup lebih awal")
    OTHER = "other", _("Lainnya")


class SessionState(models.TextChoices):
    """Where a session stands: held and recorded, not held, or still to be recorded."""

    RECORDED = "recorded", _("Presensi tercatat")
    NOT_HELD = "not_held", _("Tidak dilaksanakan")
    WAITING = "waiting", _("Menunggu presensi")
    TODAY = "today", _("Hari ini")
    UPCOMING = "upcoming", _("Akan datang")
    UNRECORDED = "unrecorded", _("Tidak tercatat")


class SessionQuerySet(models.QuerySet):
    def held(self):
        """Keep the sessions that took place: their attendance is recorded."""
        return self.filter(attendance_taken_at__isnull=False)

    def waiting(self, today: date):
        """Keep the sessions whose day has passed that are neither recorded nor marked not held."""
        return self.filter(date__lt=today, attendance_taken_at__isnull=True, not_held_reason="")

    def open_from(self, day: date):
        """Keep the sessions from ``day`` on that are neither recorded nor marked not held."""
        return self.filter(date__gte=day, attendance_taken_at__isnull=True, not_held_reason="")


class Session(models.Model):
    """One scheduled training meeting of a cohort.

    Once its day has passed, a session is either held (its attendance recorded) or marked not
    held with a reason; only held sessions count towards the hours (JP) and attendance.
    """

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("angkatan"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("jam mulai"))
    end_time = models.TimeField(_("jam selesai"))
    hours = models.PositiveSmallIntegerField(
        _("JP"),
        validators=[MinValueValidator(1), MaxValueValidator(16)],
        help_text=_("Jam pelajaran yang diberikan sesi ini (1 JP = 45 menit)."),
    )
    topic = models.CharField(_("materi"), max_length=200, blank=True)
    attendance_taken_at = models.DateTimeField(_("presensi dicatat pada"), null=True, blank=True)
    not_held_reason = models.CharField(
        _("alasan tidak dilaksanakan"), max_length=20, choices=NotHeldReason.choices, blank=True
    )
    not_held_note = models.CharField(_("keterangan"), max_length=255, blank=True)
    # How many attendance marks the session holds, and how many say "hadir": kept by
    # ``attendance_record``, the only writer of attendance, so that reports over years of
    # sessions read these instead of millions of marks (tests/programs/test_session_counts.py).
    marks = models.PositiveIntegerField(_("jumlah tanda presensi"), default=0, editable=False)
    present = models.PositiveIntegerField(_("jumlah hadir"), default=0, editable=False)
    not_held_at = models.DateTimeField(_("ditandai pada"), null=True, blank=True)
    not_held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditandai oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = SessionQuerySet.as_manager()

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
            models.CheckConstraint(
                name="session_held_or_not_held",
                condition=Q(attendance_taken_at__isnull=True) | Q(not_held_reason=""),
                violation_error_message=_(
                    "Sesi yang presensinya tercatat tidak dapat ditandai tidak dilaksanakan."
                ),
            ),
            models.CheckConstraint(name="session_hours_positive", condition=Q(hours__gte=1)),
            models.CheckConstraint(
                name="session_present_within_marks", condition=Q(present__lte=F("marks"))
            ),
        ]
        # The reports read the held sessions of a period.
        indexes = [
            models.Index(
                fields=["date"],
                include=["cohort", "hours", "marks", "present"],
                condition=Q(attendance_taken_at__isnull=False),
                name="session_held_on",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.start_time:%H:%M} {self.topic}".strip()

    @property
    def is_recorded(self) -> bool:
        return self.attendance_taken_at is not None

    @property
    def is_not_held(self) -> bool:
        return bool(self.not_held_reason)

    def clean(self) -> None:
        super().clean()
        if self.start_time and self.end_time and self.end_time > self.start_time:
            fits = jp_between(self.start_time, self.end_time)
            if not fits:
                raise ValidationError({"end_time": _("Sesi paling singkat 45 menit (1 JP).")})
            if self.hours and self.hours > fits:
                # A session never gives more hours than its times hold.
                raise ValidationError(
                    {"hours": _("Sesi ini paling banyak %(jp)s JP menurut jamnya.") % {"jp": fits}}
                )

    def state(self, today: date, *, cohort_status: str = Cohort.Status.RUNNING) -> SessionState:
        """Return where the session stands on ``today``, in a cohort of ``cohort_status``.

        Only a running cohort's sessions wait to be recorded; those a finished cohort never
        recorded are "not recorded".
        """
        if self.is_recorded:
            return SessionState.RECORDED
        if self.is_not_held:
            return SessionState.NOT_HELD
        if cohort_status in (Cohort.Status.CLOSED, Cohort.Status.CANCELLED):
            return SessionState.UNRECORDED
        if cohort_status == Cohort.Status.PLANNED or self.date > today:
            return SessionState.UPCOMING
        if self.date == today:
            return SessionState.TODAY
        return SessionState.WAITING
