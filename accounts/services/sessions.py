"""Writes about a user's open sessions: opened at login, kept current, ended on request."""

import ipaddress
from importlib import import_module

from django.conf import settings
from django.utils import timezone

from accounts.models import UserSession
from lapas_training.audit import audit_log
from lapas_training.client_ip import client_ip

KEY_IN_SESSION = "accounts.key"


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _valid_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None


def session_seen(request, user=None) -> None:
    """Record that ``request``'s session (of ``user``, by default the request's) is in use now,
    under its current key."""
    user = user or request.user
    session = request.session
    key = session.session_key
    if not key:
        return
    now = timezone.now()
    previous = session.get(KEY_IN_SESSION)
    updated = UserSession.objects.filter(user=user, session_key__in={key, previous or key}).update(
        session_key=key, last_seen_at=now
    )
    if not updated:
        UserSession.objects.create(
            user=user,
            session_key=key,
            last_seen_at=now,
            ip_address=_valid_ip(client_ip(request)),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )
    session[KEY_IN_SESSION] = key


def session_closed(request) -> None:
    """Forget the row of the session ``request`` is logging out of."""
    key = request.session.session_key
    if key:
        UserSession.objects.filter(session_key=key).delete()


def _end(rows) -> int:
    store = _store()
    ended = 0
    for row in rows:
        store(session_key=row.session_key).delete()
        row.delete()
        ended += 1
    return ended


def sessions_end_others(*, user, current_key: str | None) -> int:
    """End every session of ``user`` except the one with ``current_key``; return how many."""
    ended = _end(UserSession.objects.filter(user=user).exclude(session_key=current_key or ""))
    audit_log(action="account.sessions_ended", actor=user, obj=user, data={"sessions": ended})
    return ended


def session_end(*, user, session: UserSession) -> None:
    """End one of ``user``'s own sessions (not the current one: that is logging out)."""
    if session.user_id != user.pk:
        raise ValueError("A user ends only their own sessions.")
    _end([session])
    audit_log(action="account.session_ended", actor=user, obj=user, data={"session": session.pk})


def sessions_end_all(*, user, by=None, reason: str = "") -> int:
    """End every session of ``user`` (deactivated, role or scope changed)."""
    ended = _end(UserSession.objects.filter(user=user))
    if ended:
        audit_log(
            action="account.sessions_ended",
            actor=by,
            obj=user,
            data={"sessions": ended, "reason": reason},
        )
    return ended
