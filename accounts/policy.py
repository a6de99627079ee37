"""Who must use a second factor, and how long an idle session lives."""

from django.conf import settings


def second_factor_required(user) -> bool:
    """Return whether ``user``'s role must log in with a second factor.

    The roles that issue and revoke certificates or administer the system, by default
    (``TWO_FACTOR_REQUIRED_ROLES``).
    """
    return user.is_authenticated and user.role in settings.TWO_FACTOR_REQUIRED_ROLES


def idle_timeout_seconds(user) -> int:
    """Return after how many idle seconds ``user``'s session ends."""
    if user.role in settings.TWO_FACTOR_REQUIRED_ROLES:
        return settings.SESSION_IDLE_MINUTES_PRIVILEGED * 60
    return settings.SESSION_IDLE_MINUTES * 60
