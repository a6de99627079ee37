"""Presentation of report figures: percentages, and a figure linked to the list behind it."""

from django import template
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html

register = template.Library()

# The participant figures whose list names people; a regional office sees the number only.
PEOPLE_FIGURES = {
    "participants",
    "active",
    "withdrawn",
    "finished",
    "competent",
    "not_yet_competent",
}


@register.filter
def percent(value) -> str:
    """Return "87,5%" (in the active language's format), or a dash when there is nothing."""
    if value is None:
        return "–"
    # Rounded first: number_format cuts the decimals off (2 of 3 would read 66,6%).
    return f"{number_format(round(value, 1), decimal_pos=1)}%"


@register.simple_tag
def figure_link(report, figure: str, value: int, extra: str = "") -> str:
    """Return the figure linked to the list it counts, when the viewer may open that list."""
    if not value or not report.show_people:
        return str(value)
    name = "reports:certificates" if figure == "certificates" else "reports:participants"
    query = report.query
    if figure == "certificates":
        query += "&status=valid"  # the figure counts the certificates in force
    else:
        query += f"&angka={figure}"
    if extra:
        query += f"&{extra}"
    return format_html('<a href="{}?{}">{}</a>', reverse(name), query, value)
