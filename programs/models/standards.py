"""The SKKNI catalogue: national competency units that programs pick instead of typing them."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Codes come in several styles (C.25LAS01.001.1, PRK.CF01.001.01, KYU.MBL.002(1)A): capitals,
# digits and the punctuation they use, starting with a capital or a digit.
validate_unit_code = RegexValidator(
    r"^[A-Z0-9][A-Z0-9.()/-]{2,39}$",
    _("Kode unit hanya huruf kapital, angka dan tanda . ( ) / -, misalnya C.25LAS01.001.1."),
)


def validate_plain_text(value: str) -> None:
    """Refuse text that a spreadsheet would run as a formula when the catalogue is exported."""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        raise ValidationError(_("Teks tidak boleh diawali =, +, -, @ atau tab."))


class StandardUnit(models.Model):
    """One competency unit of a national standard (SKKNI), with the decree that sets it.

    ``verified`` says whether code and title were checked against the decree; the others are
    placeholders an administrator still has to confirm.
    """

    code = models.CharField(
        _("kode unit"), max_length=40, unique=True, validators=[validate_unit_code]
    )
    title = models.CharField(_("judul unit"), max_length=255, validators=[validate_plain_text])
    standard = models.CharField(
        _("standar (keputusan)"),
        max_length=200,
        validators=[validate_plain_text],
        help_text=_("Keputusan menteri yang menetapkan SKKNI-nya, misalnya Kepmenaker 98/2018."),
    )
    verified = models.BooleanField(
        _("sudah diperiksa"),
        default=False,
        help_text=_("Kode dan judul sudah dicocokkan dengan keputusan SKKNI-nya."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit SKKNI")
        verbose_name_plural = _("katalog unit SKKNI")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
