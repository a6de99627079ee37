"""Certificates, their numbering counters, and handover ceremonies."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from programs.models import Cohort, Enrollment, PartnerAgency, TrainingEvent


class CertificateCounter(models.Model):
    """The last number an agency gave out in a year; locked while the next one is taken."""

    agency = models.ForeignKey(
        PartnerAgency, verbose_name=_("instansi mitra"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    last_sequence = models.PositiveIntegerField(_("nomor urut terakhir"), default=0)

    class Meta:
        verbose_name = _("penghitung nomor sertifikat")
        verbose_name_plural = _("penghitung nomor sertifikat")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="certificate_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency.code} {self.year}: {self.last_sequence}"


class RenderedInBackground:
    """A record whose PDF (``pdf``) task workers store after it is committed."""

    @property
    def render_failed(self) -> bool:
        """Whether the workers gave up on its PDF (a person's retry sends it back)."""
        return not self.pdf and self.render_failed_at is not None


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Sah")
    REVOKED = "revoked", _("Dicabut")
    SUPERSEDED = "superseded", _("Diganti")


class Certificate(RenderedInBackground, models.Model):
    """A numbered certificate; never deleted, only revoked or superseded."""

    Status = CertificateStatus

    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("peserta"), on_delete=models.PROTECT, related_name="certificates"
    )
    # The enrollment's cohort, copied so that the reports count certificates by cohort without
    # reading the enrollments. On PostgreSQL a foreign key on (enrollment, cohort) to the
    # enrollment's (id, cohort) makes a copy that disagrees impossible.
    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("angkatan"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    agency = models.ForeignKey(
        PartnerAgency,
        verbose_name=_("instansi penerbit"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    sequence = models.PositiveIntegerField(_("nomor urut"))
    number = models.CharField(_("nomor"), max_length=120)
    verification_code = models.CharField(_("kode verifikasi"), max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    issued_at = models.DateTimeField(_("diterbitkan pada"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterbitkan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    snapshot = models.JSONField(_("data tercetak"))
    pdf = models.FileField(_("berkas PDF"), upload_to="certificates/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 PDF"), max_length=64, blank=True)
    # The PDF is rendered after issuance by a background task, from the snapshot alone.
    render_attempts = models.PositiveSmallIntegerField(_("percobaan pembuatan PDF"), default=0)
    render_failed_at = models.DateTimeField(_("pembuatan PDF gagal pada"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicabut oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_reason = models.TextField(_("alasan pencabutan"), blank=True)
    superseded_by = models.OneToOneField(
        "self",
        verbose_name=_("diganti dengan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
    )

    class Meta:
        ordering = ["agency", "year", "sequence"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "sequence"], name="certificate_sequence_unique"
            ),
            models.UniqueConstraint(fields=["agency", "number"], name="certificate_number_unique"),
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(status=CertificateStatus.VALID),
                name="certificate_one_valid_per_enrollment",
            ),
            models.CheckConstraint(
                name="certificate_revocation_has_reason",
                condition=~Q(status=CertificateStatus.REVOKED) | ~Q(revocation_reason=""),
            ),
        ]
        # The reports count certificates in force by issue date, revoked ones by revocation.
        indexes = [
            models.Index(
                fields=["issued_at"],
                include=["cohort", "enrollment"],
                condition=Q(status=CertificateStatus.VALID),
                name="certificate_valid_issued",
            ),
            models.Index(
                fields=["cohort", "issued_at"],
                condition=Q(status=CertificateStatus.VALID),
                name="certificate_valid_by_cohort",
            ),
            models.Index(
                fields=["revoked_at"],
                include=["cohort"],
                condition=Q(status=CertificateStatus.REVOKED),
                name="certificate_revoked_on",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        if self.cohort_id is None and self.enrollment_id is not None:
            self.cohort_id = self.enrollment.cohort_id
        super().save(*args, **kwargs)

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID

    @property
    def is_revoked(self) -> bool:
        return self.status == self.Status.REVOKED

    @property
    def is_superseded(self) -> bool:
        return self.status == self.Status.SUPERSEDED


class Ceremony(RenderedInBackground, models.Model):
    """The closing at which an agency's certificates of a cohort, or of an event, are handed over.

    An event's ceremony hands over the certificates of all its cohorts that this agency issued:
    one order, one print PDF, one receipt with the program of each row.
    """

    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("angkatan"),
        on_delete=models.PROTECT,
        related_name="ceremonies",
        null=True,
        blank=True,
    )
    event = models.ForeignKey(
        TrainingEvent,
        verbose_name=_("kegiatan pelatihan"),
        on_delete=models.PROTECT,
        related_name="ceremonies",
        null=True,
        blank=True,
    )
    agency = models.ForeignKey(
        PartnerAgency,
        verbose_name=_("instansi penerbit"),
        on_delete=models.PROTECT,
        related_name="ceremonies",
    )
    date = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=150)
    officials = models.TextField(
        _("pejabat yang hadir"), blank=True, help_text=_("Satu nama dan jabatan per baris.")
    )
    pdf = models.FileField(_("PDF cetak gabungan"), upload_to="ceremonies/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 PDF"), max_length=64, blank=True)
    # The combined PDF is assembled in the background; the same inputs give the same file.
    inputs_sha256 = models.CharField(_("SHA-256 masukan PDF"), max_length=64, blank=True)
    render_attempts = models.PositiveSmallIntegerField(_("percobaan pembuatan PDF"), default=0)
    render_failed_at = models.DateTimeField(_("pembuatan PDF gagal pada"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("penyerahan sertifikat")
        verbose_name_plural = _("penyerahan sertifikat")
        indexes = [models.Index(fields=["date"], name="ceremony_date")]
        constraints = [
            models.CheckConstraint(
                name="ceremony_of_a_cohort_or_an_event",
                condition=Q(cohort__isnull=False, event__isnull=True)
                | Q(cohort__isnull=True, event__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort or self.event} – {self.date:%d/%m/%Y}"


class CeremonyCertificate(models.Model):
    """A certificate's place in a ceremony's handover order."""

    ceremony = models.ForeignKey(
        Ceremony, verbose_name=_("penyerahan"), on_delete=models.CASCADE, related_name="items"
    )
    certificate = models.ForeignKey(
        Certificate, verbose_name=_("sertifikat"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        ordering = ["ceremony", "position"]
        verbose_name = _("urutan penyerahan")
        verbose_name_plural = _("urutan penyerahan")
        constraints = [
            models.UniqueConstraint(
                fields=["ceremony", "position"], name="ceremony_position_unique"
            ),
            models.UniqueConstraint(
                fields=["ceremony", "certificate"], name="ceremony_certificate_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.certificate}"


class HoursDecision(models.Model):
    """The issuing agency's written decision to certify the hours a cohort actually delivered.

    Needed when the held sessions delivered fewer JP than the program's: the certificates then
    state ``delivered_hours``. It holds only while the cohort's delivered hours stay the same.
    Decisions are kept, never overwritten: certificates issued on one keep their grounds.
    """

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("angkatan"), on_delete=models.PROTECT, related_name="hours_decisions"
    )
    program_hours = models.PositiveSmallIntegerField(_("JP program"))
    delivered_hours = models.PositiveSmallIntegerField(_("JP terlaksana"))
    reason = models.TextField(_("alasan"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan pada"))

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("keputusan JP sertifikat")
        verbose_name_plural = _("keputusan JP sertifikat")
        constraints = [
            models.CheckConstraint(
                name="hours_decision_is_a_shortfall",
                condition=Q(delivered_hours__lt=F("program_hours")),
            ),
            models.CheckConstraint(name="hours_decision_has_reason", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.delivered_hours}/{self.program_hours} JP"
