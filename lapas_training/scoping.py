"""Fetch one object through a per-user selector, answering 404 to anyone out of scope."""

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

M = TypeVar("M", bound=Model)


def get_for_user_or_404(selector: Callable[..., QuerySet[M]], user, **lookup) -> M:
    """Return the object matching ``lookup`` among those ``selector(user=user)`` allows.

    An object that exists but is out of the user's scope answers exactly like one that does
    not exist, so outsiders learn nothing.
    """
    return get_object_or_404(selector(user=user), **lookup)


# Ids are bigints: at most 19 digits, and only ASCII ones (superscripts and other scripts'
# digits are digits to Python too).
MAX_ID_DIGITS = 18


def parse_id(value) -> int | None:
    """Return ``value`` as an object id when it looks like one, else None (never raises)."""
    text = str(value)
    if text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS:
        return int(text)
    return None
