"""A user's second factor: an authenticator app (TOTP) and one-time recovery codes."""

from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services.sessions import sessions_end_all
from lapas_training.audit import audit_log


@transaction.atomic
def second_factor_reset(*, user, by) -> int:
    """Remove every second-factor device of ``user``; return how many there were.

    The user sets up a new authenticator at the next login (where the role requires one).
    """
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _ = model.objects.filter(user=user).delete()
        removed += count
    audit_log(action="account.second_factor_reset", actor=by, obj=user, data={"devices": removed})
    # A lost or stolen phone: whoever holds it must not stay logged in either.
    transaction.on_commit(lambda: sessions_end_all(user=user, by=by, reason="second factor reset"))
    return removed


def has_second_factor(user) -> bool:
    """Return whether ``user`` has a confirmed second-factor device."""
    return any(True for _ in devices_for_user(user, confirmed=True))


RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "Aplikasi autentikator"
RECOVERY_NAME = "Kode pemulihan"


def authenticator_pending(*, user) -> TOTPDevice:
    """Return the authenticator being set up for ``user`` (unconfirmed), made if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


@transaction.atomic
def recovery_codes_new(*, user, audit: bool = True) -> list[str]:
    """Replace ``user``'s recovery codes with fresh ones and return them (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    if audit:
        audit_log(action="account.recovery_codes_renewed", actor=user, obj=user)
    return codes


@transaction.atomic
def authenticator_confirm(*, user, device: TOTPDevice) -> list[str]:
    """Confirm the scanned authenticator (its first code was right); return recovery codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = recovery_codes_new(user=user, audit=False)
    audit_log(action="account.second_factor_enabled", actor=user, obj=user)
    return codes


@transaction.atomic
def second_factor_disable(*, user) -> None:
    """Turn off the second factor of a user whose role does not require one."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).delete()
    audit_log(action="account.second_factor_disabled", actor=user, obj=user)


def recovery_codes_left(user) -> int:
    """Return how many unused recovery codes ``user`` has."""
    return StaticToken.objects.filter(device__user=user).count()
