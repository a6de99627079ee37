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
