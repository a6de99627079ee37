"""Account signals: a login opens a session row and decides the second step; a logout ends it;
a deactivated user, or one whose role or scope changed, loses every session."""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts import policy
from accounts.middleware import SECOND_STEP_KEY, SEEN_KEY
from accounts.services.second_factor import has_second_factor
from accounts.services.sessions import session_closed, session_seen, sessions_end_all

User = get_user_model()
# The fields whose change takes away what the user's open sessions may do.
SCOPE_FIELDS = ("role", "facility_id", "agency_id", "province", "bapas_id", "is_active")


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    # Users who chose a second factor verify it too; looked up once here, not per request.
    required = policy.second_factor_required(user)
    request.session[SECOND_STEP_KEY] = "verify" if not required and has_second_factor(user) else ""
    # The session starts now: the next minute of requests writes nothing about it, and it
    # ends SESSION_COOKIE_AGE from now however busy it is (saving it does not push that back).
    request.session[SEEN_KEY] = int(time.time())
    request.session.set_expiry(timedelta(seconds=settings.SESSION_COOKIE_AGE))
    session_seen(request, user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        session_closed(request)


@receiver(pre_save, sender=User)
def _remember_scope(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {f.removesuffix("_id") for f in SCOPE_FIELDS} & {
        f.removesuffix("_id") for f in update_fields
    }:
        return  # e.g. the last-login stamp of every login
    stored = sender._default_manager.filter(pk=instance.pk).values(*SCOPE_FIELDS).first()
    instance._scope_before = stored


@receiver(post_save, sender=User)
def _end_sessions_on_scope_change(sender, instance, created, raw=False, **kwargs) -> None:
    before = getattr(instance, "_scope_before", None)
    if raw or created or before is None:
        return
    changed = [field for field in SCOPE_FIELDS if before[field] != getattr(instance, field)]
    instance._scope_before = None
    if changed:
        transaction.on_commit(
            lambda: sessions_end_all(user=instance, reason="changed: " + ", ".join(changed))
        )
