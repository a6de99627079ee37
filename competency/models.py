"""Competency tests by an LSP (uji kompetensi, BNSP): the step that follows many trainings.

A training certificate from the agency is not a BNSP competency certificate: that comes from an
accredited LSP after a test on a certification scheme. The application records the test, its
assessees and results, and the BNSP certificate when it arrives; it does not print it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inmates.models import Facility
from programs.models import Cohort, Competence, Enrollment, PartnerAgency, StandardUnit


class CompetencyTest(models.Model):
    """One competency test of an LSP for participants of one or more cohorts of a facility."""

    lsp = models.ForeignKey(
        PartnerAgency,
        verbose_name=_("LSP"),
        on_delete=models.PROTECT,
        related_name="competency_tests",
        limit_choices_to={"kind": PartnerAgency.Kind.LSP},
    )
    facility = models.ForeignKey(
        Facility, verbose_name=_("UPT"), on_delete=models.PROTECT, related_name="competency_tests"
    )
    cohorts = models.ManyToManyField(
        Cohort, verbose_name=_("angkatan"), related_name="competency_tests"
    )
    scheme_name = models.CharField(_("nama skema sertifikasi"), max_length=200)
    scheme_number = models.CharField(_("nomor skema"), max_length=100)
    units = models.ManyToManyField(
        StandardUnit, verbose_name=_("unit kompetensi skema"), related_name="competency_tests"
    )
    site = models.CharField(
        _("tempat uji kompetensi (TUK)"), max_length=200, help_text=_("Misalnya: TUK Sewaktu.")
    )
    date = models.DateField(_("tanggal uji"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("uji kompetensi")
        verbose_name_plural = _("uji kompetensi")

    def __str__(self) -> str:
        return f"{self.scheme_name} – {self.date:%d/%m/%Y}"


class Assessor(models.Model):
    """An assessor (asesor kompetensi) of the test, with the registration number from BNSP."""

    test = models.ForeignKey(
        CompetencyTest, verbose_name=_("uji"), on_delete=models.CASCADE, related_name="assessors"
    )
    name = models.CharField(_("nama asesor"), max_length=150)
    registration_number = models.CharField(_("nomor registrasi asesor"), max_length=60)

    class Meta:
        ordering = ["test", "id"]
        verbose_name = _("asesor")
        verbose_name_plural = _("asesor")

    def __str__(self) -> str:
        return f"{self.name} ({self.registration_number})"


class Assessee(models.Model):
    """A participant of one of the test's cohorts who sits the test (asesi)."""

    test = models.ForeignKey(
        CompetencyTest, verbose_name=_("uji"), on_delete=models.CASCADE, related_name="assessees"
    )
    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("peserta"), on_delete=models.PROTECT, related_name="assessments"
    )
    Result = Competence

    result = models.CharField(
        _("hasil"), max_length=2, choices=Competence.choices, blank=True, default=""
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), null=True, blank=True)

    class Meta:
        ordering = ["test", "enrollment__inmate__full_name", "id"]
        verbose_name = _("asesi")
        verbose_name_plural = _("asesi")
        constraints = [
            models.UniqueConstraint(fields=["test", "enrollment"], name="assessee_once_per_test")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment.inmate} – {self.test}"

    @property
    def code(self) -> str:
        """The assessee's code on the LSP's sheets: it comes back with the results."""
        return f"UK{self.test_id}-{self.pk}"


class AssesseeUnitResult(models.Model):
    assessee = models.ForeignKey(
        Assessee, verbose_name=_("asesi"), on_delete=models.CASCADE, related_name="unit_results"
    )
    unit = models.ForeignKey(
        StandardUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(_("hasil"), max_length=2, choices=Competence.choices)

    class Meta:
        verbose_name = _("hasil unit asesi")
        verbose_name_plural = _("hasil unit asesi")
        constraints = [
            models.UniqueConstraint(fields=["assessee", "unit"], name="assessee_unit_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit.code}: {self.result}"


class BnspCertificate(models.Model):
    """The BNSP competency certificate an LSP issued to a competent assessee."""

    assessee = models.OneToOneField(
        Assessee,
        verbose_name=_("asesi"),
        on_delete=models.PROTECT,
        related_name="bnsp_certificate",
    )
    number = models.CharField(_("nomor sertifikat"), max_length=100)
    blanko_number = models.CharField(_("nomor blanko"), max_length=60)
    issued_on = models.DateField(_("tanggal terbit"))
    valid_until = models.DateField(_("berlaku sampai"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("sertifikat kompetensi BNSP")
        verbose_name_plural = _("sertifikat kompetensi BNSP")
        constraints = [
            models.CheckConstraint(
                name="bnsp_valid_after_issue",
                condition=models.Q(valid_until__gt=models.F("issued_on")),
                violation_error_message=_("Masa berlaku harus sesudah tanggal terbit."),
            )
        ]

    def __str__(self) -> str:
        return self.number


class ResultSheet(models.Model):
    """An LSP's result sheet waiting for its preview to be confirmed."""

    test = models.ForeignKey(CompetencyTest, on_delete=models.CASCADE, related_name="result_sheets")
    file_name = models.CharField(_("nama berkas"), max_length=255)
    content = models.BinaryField(_("isi berkas"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lembar hasil LSP")
        verbose_name_plural = _("lembar hasil LSP")

    def __str__(self) -> str:
        return self.file_name
