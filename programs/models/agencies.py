"""Partner agencies and the training programs they teach, with their competency units."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lapas_training.models import TrainingField
from programs.numbering import validate_number_format

DEFAULT_NUMBER_FORMAT = "{seq:04d}/{agency}/{program}/{month_roman}/{year}"


def validate_letterhead(value: str) -> None:
    """A letterhead is at most three lines of at most 80 characters."""
    lines = [line for line in value.splitlines() if line.strip()]
    if len(lines) > 3:
        raise ValidationError(_("Kop sertifikat paling banyak 3 baris."))
    if any(len(line) > 80 for line in lines):
        raise ValidationError(_("Setiap baris kop paling banyak 80 huruf."))


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
    licence_number = models.CharField(
        _("nomor lisensi BNSP"),
        max_length=100,
        blank=True,
        help_text=_("Untuk LSP: nomor lisensi dari BNSP."),
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    city = models.CharField(_("kabupaten/kota"), max_length=100)
    province = models.CharField(_("provinsi"), max_length=100, blank=True)
    head_name = models.CharField(_("nama pimpinan"), max_length=150)
    head_title = models.CharField(_("jabatan pimpinan"), max_length=150)
    head_nip = models.CharField(_("NIP pimpinan"), max_length=30, blank=True)
    head_rank = models.CharField(
        _("pangkat/golongan pimpinan"),
        max_length=100,
        blank=True,
        help_text=_("Dicetak di bawah nama, misalnya Pembina Utama Muda (IV/c)."),
    )
    second_signatory_name = models.CharField(
        _("nama penanda tangan kedua"), max_length=150, blank=True
    )
    second_signatory_title = models.CharField(
        _("jabatan penanda tangan kedua"), max_length=150, blank=True
    )
    second_signatory_nip = models.CharField(
        _("NIP penanda tangan kedua"), max_length=30, blank=True
    )
    second_signatory_rank = models.CharField(
        _("pangkat/golongan penanda tangan kedua"), max_length=100, blank=True
    )
    letterhead = models.TextField(
        _("kop sertifikat"),
        blank=True,
        validators=[validate_letterhead],
        help_text=_(
            "Baris di atas nama instansi, satu per baris (paling banyak 3), misalnya "
            "PEMERINTAH KABUPATEN LAMONGAN."
        ),
    )
    print_photo = models.BooleanField(
        _("cetak pas foto"),
        default=False,
        help_text=_("Pas foto 3x4 peserta dicetak; tanpa foto tersedia bingkai kosong."),
    )
    bilingual = models.BooleanField(
        _("dwibahasa"),
        default=False,
        help_text=_("Judul dan kalimat utama juga dicetak dalam bahasa Inggris."),
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
    standard_unit = models.ForeignKey(
        "programs.StandardUnit",
        verbose_name=_("unit SKKNI"),
        on_delete=models.PROTECT,
        related_name="program_units",
        null=True,
        blank=True,
        help_text=_("Pilih dari katalog SKKNI; kode dan judul diambil dari sana."),
    )
    code = models.CharField(_("kode unit"), max_length=40, blank=True)
    title = models.CharField(_("judul unit"), max_length=255, blank=True)
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

    def clean(self):
        """A unit picked from the catalogue prints the catalogue's code and title."""
        super().clean()
        if self.standard_unit_id is not None:
            self.code, self.title = self.standard_unit.code, self.standard_unit.title
        errors = {}
        if not self.code:
            errors["code"] = _("Isi kode unit, atau pilih unit dari katalog SKKNI.")
        if not self.title:
            errors["title"] = _("Isi judul unit, atau pilih unit dari katalog SKKNI.")
        if errors:
            raise ValidationError(errors)
