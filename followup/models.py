"""After release: the Bapas, a follow-up plan per released graduate, and its check-ins.

A plan is made when an inmate with at least one finished training is released. Its check-ins
fall due 3, 6 and 12 months after release and record how the person is doing. Nothing is
recorded without the person's consent; after ``FOLLOWUP_RETENTION_DAYS`` a plan is reduced to
anonymous figures (``followup.retention``): the person, notes, employer and income go, the
statuses that the outcome figures count stay.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Months after release at which a check-in falls due.
MILESTONES = (3, 6, 12)


class Bapas(models.Model):
    """A Balai Pemasyarakatan: its PK officers supervise people released from its facilities."""

    name = models.CharField(_("nama"), max_length=150, unique=True)
    code = models.SlugField(_("kode singkat"), max_length=20, unique=True)
    city = models.CharField(_("kabupaten/kota"), max_length=100)
    province = models.CharField(_("provinsi"), max_length=100)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    facilities = models.ManyToManyField(
        "inmates.Facility",
        verbose_name=_("UPT yang klien bebasnya diterima"),
        related_name="bapas_set",
        blank=True,
    )

    class Meta:
        verbose_name = _("Bapas")
        verbose_name_plural = _("Bapas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Consent(models.TextChoices):
    PENDING = "pending", _("Belum ditanyakan")
    GIVEN = "given", _("Bersedia")
    REFUSED = "refused", _("Menolak")
    WITHDRAWN = "withdrawn", _("Menarik persetujuan")


class FollowUpPlan(models.Model):
    """The follow-up of one released graduate by one Bapas."""

    inmate = models.OneToOneField(
        "inmates.Inmate",
        verbose_name=_("klien"),
        on_delete=models.PROTECT,
        null=True,  # gone once the plan is reduced to anonymous figures
        blank=True,
        related_name="followup_plan",
    )
    # The Bapas of the facility; chosen by the Lapas when the facility has none or several.
    bapas = models.ForeignKey(
        Bapas,
        verbose_name=_("Bapas"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    # Where he was released from, kept for the figures after the person is gone.
    facility = models.ForeignKey(
        "inmates.Facility",
        verbose_name=_("UPT asal"),
        on_delete=models.PROTECT,
        related_name="followup_plans",
    )
    cohorts = models.ManyToManyField(
        "programs.Cohort",
        verbose_name=_("pelatihan yang diselesaikan"),
        related_name="followup_plans",
    )
    released_on = models.DateField(_("tanggal bebas"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("PK penanggung jawab"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followup_plans",
    )
    consent = models.CharField(
        _("persetujuan"), max_length=10, choices=Consent.choices, default=Consent.PENDING
    )
    consent_on = models.DateField(_("tanggal persetujuan"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("dianonimkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("rencana tindak lanjut")
        verbose_name_plural = _("rencana tindak lanjut")
        ordering = ["-released_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="followup_plan_person_until_anonymised",
                condition=Q(anonymised_at__isnull=True, inmate__isnull=False)
                | Q(anonymised_at__isnull=False, inmate__isnull=True),
            ),
        ]
        indexes = [models.Index(fields=["bapas", "released_on"])]

    def __str__(self) -> str:
        return str(self.inmate) if self.inmate_id else str(_("Klien (dianonimkan)"))

    @property
    def may_record(self) -> bool:
        """Check-ins are recorded only with the person's consent, and never after anonymising."""
        return self.consent == Consent.GIVEN and self.anonymised_at is None

    @property
    def next_consent_answers(self) -> list[str]:
        """The answers that may be recorded now: consent given can only be withdrawn;
        otherwise (not asked yet, refused, withdrawn) it is given or refused."""
        if self.consent == Consent.GIVEN:
            return [Consent.WITHDRAWN]
        return [Consent.GIVEN, Consent.REFUSED]


class ContactMethod(models.TextChoices):
    VISIT = "visit", _("Kunjungan rumah")
    PHONE = "phone", _("Telepon")
    REPORT = "report", _("Wajib lapor ke Bapas")


class Outcome(models.TextChoices):
    EMPLOYED = "employed", _("Bekerja sebagai karyawan")
    SELF_EMPLOYED = "self_employed", _("Berwirausaha")
    TRAINING = "training", _("Mengikuti pelatihan/pendidikan lanjutan")
    NOT_WORKING = "not_working", _("Belum bekerja")
    UNREACHABLE = "unreachable", _("Tidak dapat dihubungi")
    REOFFENDED = "reoffended", _("Kembali ditahan")


# Outcomes that count as working in the figures.
WORKING = frozenset({Outcome.EMPLOYED, Outcome.SELF_EMPLOYED})


class IncomeBand(models.TextChoices):
    UNDER_1M = "lt1", _("Kurang dari Rp1 juta per bulan")
    FROM_1M = "1to3", _("Rp1–3 juta per bulan")
    FROM_3M = "3to5", _("Rp3–5 juta per bulan")
    OVER_5M = "gt5", _("Lebih dari Rp5 juta per bulan")


class CheckIn(models.Model):
    """One contact of a PK officer with the client, due some months after release."""

    plan = models.ForeignKey(
        FollowUpPlan, verbose_name=_("rencana"), on_delete=models.CASCADE, related_name="checkins"
    )
    months = models.PositiveSmallIntegerField(
        _("bulan setelah bebas"), choices=[(m, _("%(m)d bulan") % {"m": m}) for m in MILESTONES]
    )
    due_on = models.DateField(_("jatuh tempo"))
    done_on = models.DateField(_("tanggal kontak"), null=True, blank=True)
    method = models.CharField(
        _("cara kontak"), max_length=10, choices=ContactMethod.choices, blank=True
    )
    outcome = models.CharField(_("keadaan"), max_length=15, choices=Outcome.choices, blank=True)
    uses_skill = models.BooleanField(
        _("pekerjaan memakai keterampilan pelatihan"), null=True, blank=True
    )
    employer = models.CharField(_("tempat kerja atau jenis usaha"), max_length=150, blank=True)
    income_band = models.CharField(
        _("penghasilan"), max_length=5, choices=IncomeBand.choices, blank=True
    )
    note = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("kontak tindak lanjut")
        verbose_name_plural = _("kontak tindak lanjut")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "months"], name="followup_checkin_once"),
            models.CheckConstraint(
                name="followup_checkin_done_has_outcome",
                condition=Q(done_on__isnull=True, outcome="")
                | (Q(done_on__isnull=False) & ~Q(outcome="") & ~Q(method="")),
            ),
        ]
        indexes = [models.Index(fields=["done_on", "due_on"])]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_months_display()}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
