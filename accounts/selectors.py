"""Reads about accounts: the users a manager may see and change, and one's open sessions."""

from importlib import import_module

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.http import urlsafe_base64_decode

from accounts.models import UserSession
from accounts.tokens import invitation_token_generator
from lapas_training import rules
from lapas_training.models import Role, User

ACTIVE = "active"
INACTIVE = "inactive"


def users_managed_by(*, user) -> QuerySet[User]:
    """Return the accounts ``user`` manages (see ``rules.can_manage_user``); never his own."""
    if not rules.can_manage_users(user):
        return User.objects.none()
    users = User.objects.select_related("facility", "agency", "bapas").exclude(pk=user.pk)
    if rules.is_system_admin(user):
        return users.filter(role__in=rules.MANAGEABLE_ROLES)
    managed = users.filter(role=rules.MANAGED_ROLE[user.role])
    if user.role == Role.LAPAS_HEAD:
        return managed.filter(facility_id=user.facility_id)
    return managed.filter(agency_id=user.agency_id)


def user_list(*, user, search: str = "", status: str = "") -> QuerySet[User]:
    """Return the accounts ``user`` manages, searched and filtered, in name order."""
    users = users_managed_by(user=user)
    search = search.strip()
    if search:
        users = users.filter(
            Q(full_name__icontains=search)
            | Q(username__icontains=search)
            | Q(email__icontains=search)
            | Q(nip__icontains=search)
        )
    if status == ACTIVE:
        users = users.filter(is_active=True)
    elif status == INACTIVE:
        users = users.filter(is_active=False)
    return users.order_by("full_name", "username")


def username_taken(username: str, *, exclude_pk: int | None = None) -> bool:
    """Return whether an account already uses ``username``, whatever its letter case."""
    return User.objects.filter(username__iexact=username).exclude(pk=exclude_pk).exists()


def open_sessions(*, user, current_key: str | None) -> list:
    """Return ``user``'s open sessions, the current one first, flagged ``is_current``.

    Rows whose session has expired or was cleared from the store are dropped on the way.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    rows = []
    for row in UserSession.objects.filter(user=user):
        if not store.exists(row.session_key):
            row.delete()
            continue
        row.is_current = row.session_key == current_key
        rows.append(row)
    return sorted(rows, key=lambda row: not row.is_current)


def invitation_user(*, uidb64: str, token: str) -> User | None:
    """Return the active user whose invitation ``token`` this is, if still valid, else None.

    Whatever the reason (no such user, a wrong, used or expired token, a deactivated account),
    the answer is the same None, so the page says nothing about who exists.
    """
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
        user = User.objects.get(pk=pk)
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError, User.DoesNotExist):
        return None
    if not user.is_active or not invitation_token_generator.check_token(user, token):
        return None
    return user


def own_session(*, user, pk: int | None) -> UserSession | None:
    """Return ``user``'s own session row ``pk``, or None (another user's is never found)."""
    return UserSession.objects.filter(user=user, pk=pk).first() if pk else None
