"""Training events (kegiatan pelatihan): several cohorts under one name, decree and ceremony."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from inmates.models import Facility
from programs.models.agencies import PartnerAgency


class FundingSource(models.TextChoices):
    APBN = "apbn", _("APBN")
    APBD = "apbd", _("APBD")
    DIPA_LAPAS = "dipa_lapas", _("DIPA Lapas")
    PARTNER = "partner", _("Mitra (CSR/swasta)")
    OTHER = "other", _("Lainnya")


class TrainingEvent(models.Model):
    """One training event of a facility with one or more agencies, opened and closed once.

    The Lamongan story is one: four programs run at once from June to September 2025 for 40
    inmates, authorised by one decree (SK penyelenggaraan), closed by one ceremony. Its cohorts
    belong to its facility, are taught by its agencies and fall within its dates.
    """

    name = models.CharField(_("nama kegiatan"), max_length=200)
    facility = models.ForeignKey(
        Facility, verbose_name=_("UPT"), on_delete=models.PROTECT, related_name="training_events"
    )
    agencies = models.ManyToManyField(
        PartnerAgency, verbose_name=_("instansi mitra"), related_name="training_events"
    )
    decree_number = models.CharField(
        _("nomor SK penyelenggaraan"),
        max_length=120,
        blank=True,
        help_text=_(
            "Surat keputusan yang menetapkan pelatihan ini, bila ada. Nomornya dicetak pada "
            "sertifikat: gunakan SK instansi penyelenggara, bukan SK Lapas."
        ),
    )
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    decree_issuer = models.CharField(
        _("pejabat penetap SK"),
        max_length=150,
        blank=True,
        help_text=_("Misalnya: Kepala Dinas Tenaga Kerja Kabupaten Lamongan."),
    )
    funding_source = models.CharField(
        _("sumber dana"), max_length=12, choices=FundingSource.choices
    )
    start_date = models.DateField(_("tanggal pembukaan"))
    end_date = models.DateField(_("tanggal penutupan"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("kegiatan pelatihan")
        verbose_name_plural = _("kegiatan pelatihan")
        constraints = [
            models.CheckConstraint(
                name="event_ends_after_start",
                condition=Q(end_date__gte=F("start_date")),
                violation_error_message=_("Tanggal penutupan tidak boleh sebelum pembukaan."),
            ),
            models.CheckConstraint(
                name="event_decree_number_and_date",
                condition=Q(decree_number="", decree_date__isnull=True)
                | (~Q(decree_number="") & Q(decree_date__isnull=False)),
                violation_error_message=_(
                    "Nomor dan tanggal SK diisi keduanya, atau tidak sama sekali."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_decree(self) -> bool:
        return bool(self.decree_number)
