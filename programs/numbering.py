"""Certificate numbers in the agency's own format, like Indonesian official letters."""

from string import Formatter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
FIELDS = frozenset({"seq", "agency", "program", "month_roman", "month", "year"})
# Only plain padding is allowed in a field's format, e.g. {seq:04d} or {month:02d}.
ALLOWED_SPECS = frozenset({"", "d", *(f"0{n}d" for n in range(1, 10))})


def validate_number_format(fmt: str) -> None:
    """Refuse a format that names unknown fields, reaches into objects, or lacks {seq}."""
    try:
        parts = list(Formatter().parse(fmt))
    except ValueError as exc:
        raise ValidationError(_("Format nomor tidak valid: %(error)s") % {"error": exc}) from exc
    names = set()
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in FIELDS or conversion or spec not in ALLOWED_SPECS:
            raise ValidationError(
                _("Bagian {%(name)s} tidak dikenali. Tersedia: %(fields)s.")
                % {"name": name, "fields": ", ".join(sorted(FIELDS))}
            )
        if spec and name in {"agency", "program", "month_roman"}:
            raise ValidationError(_("Hanya angka yang boleh diberi format lebar."))
        names.add(name)
    if "seq" not in names or "year" not in names:
        # Numbers restart every year, so the year keeps them apart.
        raise ValidationError(_("Format nomor wajib memuat {seq} dan {year}."))


def format_number(fmt: str, *, seq: int, agency: str, program: str, month: int, year: int) -> str:
    """Return the certificate number for these values in a format already validated."""
    validate_number_format(fmt)
    return fmt.format(
        seq=seq,
        agency=agency,
        program=program,
        month=month,
        month_roman=ROMAN_MONTHS[month - 1],
        year=year,
    )
