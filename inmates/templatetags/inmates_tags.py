"""Template filters of the register pages."""

from django import template

register = template.Library()


@register.filter
def open_enrollments(history) -> list:
    """Keep the enrollments that a release or transfer would end: enrolled, cohort not over."""
    return [e for e in history if e.is_enrolled and not e.cohort.is_finished]
