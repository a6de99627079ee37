"""Formatting for documents that are Indonesian whatever the interface language."""

from datetime import date

from django import template

register = template.Library()

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


@register.filter
def tanggal(value) -> str:
    """Return a date (or ISO date string) as '31 Oktober 2025'."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
