"""Facilities (Lapas, Rutan, LPKA) and the inmates in their registers."""

from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lapas_training.models import TrainingField

nik_validator = RegexValidator(
    regex=r"^[0-9]{16}$",
    message=_("NIK harus terdiri dari tepat 16 angka."),
)


def _masked(nik: str) -> str:
    """Return a NIK with all but its last four digits hidden."""
    return "•" * 12 + nik[-4:] if nik else ""


class Facility(models.Model):
    """A correctional unit (UPT): a Lapas, Rutan or LPKA."""

    class Kind(models.TextChoices):
        LAPAS = "lapas", _("Lapas")
        RUTAN = "rutan", _("Rutan")
        LPKA = "lpka", _("LPKA")

    name = models.CharField(_("nama"), max_length=150, unique=True)
    code = models.SlugField(_("kode singkat"), max_length=20, unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.LAPAS)
    facility_class = models.CharField(_("kelas"), max_length=20, blank=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    city = models.CharField(_("kabupaten/kota"), max_length=100)
    province = models.CharField(_("provinsi"), max_length=100)
    head_name = models.CharField(_("nama kepala"), max_length=150, blank=True)
    head_title = models.CharField(_("jabatan kepala"), max_length=150, blank=True)
    head_nip = models.CharField(_("NIP kepala"), max_length=30, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("UPT")
        verbose_name_plural = _("UPT")

    def __str__(self) -> str:
        return self.name


class Inmate(models.Model):
    """A person in a facility's register (WBP), identified there by his registration number."""

    class Sex(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class Education(models.TextChoices):
        NONE = "none", _("Tidak sekolah")
        SD = "sd", _("SD/sederajat")
        SMP = "smp", _("SMP/sederajat")
        SMA = "sma", _("SMA/SMK/sederajat")
        DIPLOMA = "diploma", _("Diploma")
        BACHELOR = "s1", _("S1 atau lebih tinggi")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        RELEASED = "released", _("Bebas")
        TRANSFERRED = "transferred", _("Pindah")
        OTHER = "other", _("Lainnya")

    facility = models.ForeignKey(
        Facility, verbose_name=_("UPT"), on_delete=models.PROTECT, related_name="inmates"
    )
    registration_number = models.CharField(_("nomor registrasi"), max_length=40)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    nik = models.CharField(_("NIK"), max_length=16, blank=True, validators=[nik_validator])
    education = models.CharField(
        _("pendidikan terakhir"), max_length=10, choices=Education.choices, blank=True
    )
    expected_release_date = models.DateField(_("tanggal bebas (ekspirasi)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    status_date = models.DateField(_("tanggal perubahan status"), null=True, blank=True)
    interests = models.ManyToManyField(
        TrainingField, verbose_name=_("minat pelatihan"), blank=True, related_name="+"
    )
    photo = models.ImageField(
        _("pas foto"),
        upload_to="inmate-photos/",
        blank=True,
        help_text=_("Pas foto 3x4, dicetak pada sertifikat bila instansi memintanya."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    # Set when the retention period after release ran out and the personal data that no
    # current purpose needs (NIK, birth data, photo, notes) was removed.
    # When the release or transfer out was recorded: retention counts from the later of this
    # and the status date, so a release typed years in the past is not reduced at once.
    status_recorded_at = models.DateTimeField(_("status dicatat pada"), null=True, blank=True)
    personal_data_reduced_at = models.DateTimeField(
        _("data pribadi dikurangi pada"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("WBP")
        verbose_name_plural = _("WBP")
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "registration_number"],
                name="inmate_registration_number_unique_per_facility",
                violation_error_message=_("Nomor registrasi ini sudah terdaftar di UPT ini."),
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "full_name"]),
            models.Index(fields=["facility", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.registration_number})"

    @property
    def is_active(self) -> bool:
        """Return whether he is held in his facility (not released or transferred)."""
        return self.status == self.Status.ACTIVE

    @property
    def masked_nik(self) -> str:
        """Return the NIK with all but its last four digits hidden."""
        return _masked(self.nik)

    @property
    def status_label(self) -> str:
        """Return the status in words, as ``get_status_display`` does, but cheaper.

        ``get_status_display`` builds a dict of the field's choices on every call; a register
        page shows 25 statuses (README: performance notes).
        """
        return _STATUS_LABELS.get(self.status, self.status)


_STATUS_LABELS = dict(Inmate.Status.choices)

# The personal data whose every change is kept in the correction history, with a reason.
PERSONAL_FIELDS = (
    "registration_number",
    "full_name",
    "birth_place",
    "birth_date",
    "sex",
    "nik",
    "education",
    "expected_release_date",
)


def _display(field_name: str, value: str) -> str:
    """Return a stored correction value as the register shows it (a label, a date)."""
    if not value:
        return ""
    field = Inmate._meta.get_field(field_name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(field, models.DateField):
        try:
            return date_format(date.fromisoformat(value), "j F Y")
        except ValueError:
            return value
    return value


class InmateCorrection(models.Model):
    """One field of an inmate's personal data changed: its old and new value, who, when, why.

    The values are kept until the retention period after release runs out; then only the
    field, who, when and why remain (``values_removed``).
    """

    inmate = models.ForeignKey(
        Inmate, verbose_name=_("WBP"), on_delete=models.PROTECT, related_name="corrections"
    )
    field = models.CharField(_("data"), max_length=40)
    old_value = models.CharField(_("nilai lama"), max_length=255, blank=True)
    new_value = models.CharField(_("nilai baru"), max_length=255, blank=True)
    reason = models.TextField(_("alasan perubahan"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("diubah pada"))
    values_removed = models.BooleanField(_("nilai dihapus (retensi)"), default=False)

    class Meta:
        ordering = ["-corrected_at", "-id"]
        verbose_name = _("koreksi data WBP")
        verbose_name_plural = _("riwayat koreksi data WBP")
        indexes = [models.Index(fields=["inmate", "corrected_at"])]
        constraints = [
            models.CheckConstraint(name="inmate_correction_has_reason", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.inmate_id} {self.field} {self.corrected_at:%Y-%m-%d}"

    @property
    def field_label(self) -> str:
        return str(Inmate._meta.get_field(self.field).verbose_name)

    @property
    def old_display(self) -> str:
        return _display(self.field, self.old_value)

    @property
    def new_display(self) -> str:
        return _display(self.field, self.new_value)

    @property
    def old_masked(self) -> str:
        """The old value, a NIK with all but its last four digits hidden."""
        return _masked(self.old_value) if self.field == "nik" else self.old_display

    @property
    def new_masked(self) -> str:
        return _masked(self.new_value) if self.field == "nik" else self.new_display


class InmateTransfer(models.Model):
    """A move of an inmate between two facilities; his training history moves with him."""

    inmate = models.ForeignKey(
        Inmate, verbose_name=_("WBP"), on_delete=models.PROTECT, related_name="transfers"
    )
    from_facility = models.ForeignKey(
        Facility, verbose_name=_("dari UPT"), on_delete=models.PROTECT, related_name="+"
    )
    to_facility = models.ForeignKey(
        Facility, verbose_name=_("ke UPT"), on_delete=models.PROTECT, related_name="+"
    )
    from_registration_number = models.CharField(_("nomor registrasi lama"), max_length=40)
    transferred_on = models.DateField(_("tanggal pindah"))
    note = models.CharField(_("keterangan"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)

    class Meta:
        ordering = ["-transferred_on", "-id"]
        verbose_name = _("perpindahan WBP")
        verbose_name_plural = _("perpindahan WBP")
        constraints = [
            models.CheckConstraint(
                name="inmate_transfer_between_two_facilities",
                condition=~Q(from_facility=models.F("to_facility")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.inmate.full_name}: {self.from_facility} → {self.to_facility}"


class InmateImport(models.Model):
    """An uploaded register file, kept until its preview is confirmed or dropped."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu konfirmasi")
        APPLIED = "applied", _("Sudah diimpor")
        DISCARDED = "discarded", _("Dibatalkan")

    facility = models.ForeignKey(
        Facility, verbose_name=_("UPT"), on_delete=models.PROTECT, related_name="imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)
    file_name = models.CharField(_("nama berkas"), max_length=255)
    content = models.BinaryField(_("isi berkas"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    applied_at = models.DateTimeField(_("diimpor pada"), null=True, blank=True)
    summary = models.JSONField(_("ringkasan"), default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("impor register")
        verbose_name_plural = _("impor register")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.facility})"


class TrainingTarget(models.Model):
    """The facility's yearly performance target (LKjIP): inmates to receive certified training.

    Set by the facility's head; the achievement is counted by the reports, never stored.
    """

    facility = models.ForeignKey(
        Facility, verbose_name=_("UPT"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    inmates = models.PositiveIntegerField(_("target WBP bersertifikat"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditetapkan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    set_at = models.DateTimeField(_("ditetapkan pada"), auto_now=True)

    class Meta:
        ordering = ["-year", "facility"]
        verbose_name = _("target kinerja pelatihan")
        verbose_name_plural = _("target kinerja pelatihan")
        constraints = [
            models.UniqueConstraint(fields=["facility", "year"], name="training_target_per_year"),
            models.CheckConstraint(name="training_target_positive", condition=Q(inmates__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.facility} {self.year}: {self.inmates}"
