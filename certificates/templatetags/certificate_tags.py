"""Formatting for documents that are Indonesian whatever the interface language."""

from datetime import date

from django import template

from lapas_training.periods import indonesian_date

register = template.Library()


@register.filter
def tanggal(value) -> str:
    """Return a date (or ISO date string) as '31 Oktober 2025'."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return indonesian_date(value)


WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


@register.filter
def hari_tanggal(value) -> str:
    """Return a date as letters put it: 'Kamis, 25 September 2025'."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{WEEKDAYS[value.weekday()]}, {tanggal(value)}"


MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@register.filter
def date_en(value) -> str:
    """Return a date (or ISO date string) as '31 October 2025', for bilingual certificates."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"


@register.filter
def nip(value) -> str:
    """Return an 18-digit NIP grouped as civil servants write it: 19690917 199403 1 006.

    (Birth date, appointment month, sex, serial.) Anything else is printed as entered.
    """
    digits = "".join(ch for ch in str(value or "") if not ch.isspace())
    if len(digits) != 18 or not digits.isdigit():
        return value or ""
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


@register.filter
def sheets_of(units, size: int) -> list[list[tuple[int, dict]]]:
    """Split numbered units into back pages of ``size`` rows (the table continues cleanly)."""
    numbered = list(enumerate(units or [], start=1))
    return [numbered[i : i + size] for i in range(0, len(numbered), size)]
