"""Writes about the accounts a Lapas head or an agency admin keeps: create, change, deactivate,
reactivate, and the invitation through which a new user sets their own password."""

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from accounts import selectors
from accounts.tokens import invitation_token_generator
from lapas_training import rules
from lapas_training.audit import audit_log
from lapas_training.models import User

# What a manager may change of an account; role, scope and the active flag have their own ways.
EDITABLE_FIELDS = ("username", "full_name", "email", "nip", "job_title")

USERNAME_TAKEN = _("Nama pengguna ini sudah dipakai. Pilih nama pengguna lain.")


def _check_manages(actor, user: User) -> None:
    if not rules.can_manage_user(actor, user):
        raise PermissionDenied


def _check_username_free(username: str, *, exclude_pk: int | None = None) -> None:
    if selectors.username_taken(username, exclude_pk=exclude_pk):
        raise ValidationError({"username": USERNAME_TAKEN})


def invitation_url(user: User) -> str:
    """Return the full address of a fresh invitation link of ``user`` (not audited: internal)."""
    path = reverse(
        "accounts:invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    full_name: str,
    role: str,
    facility=None,
    agency=None,
    bapas=None,
    email: str = "",
    nip: str = "",
    job_title: str = "",
) -> tuple[User, str]:
    """Create an account without a password; return it and its one-time invitation link.

    The actor may create only an account he manages (``rules.can_manage_user``): a Lapas head
    an operator of his facility, an agency admin an instructor of his agency, a system
    administrator those and the PK officers of a Bapas.
    """
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        nip=nip,
        job_title=job_title,
        role=role,
        facility=facility,
        agency=agency,
        bapas=bapas,
        is_active=True,
        is_staff=False,
        is_superuser=False,
    )
    _check_manages(actor, user)
    _check_username_free(username)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_log(
        action="account.user_created",
        actor=actor,
        obj=user,
        data={
            "username": user.username,
            "role": user.role,
            "facility": user.facility_id,
            "agency": user.agency_id,
            "bapas": user.bapas_id,
        },
    )
    return user, invitation_issue(actor=actor, user=user)


@transaction.atomic
def user_update(*, actor, user: User, **fields) -> dict[str, dict[str, str]]:
    """Change the identity fields of ``user``; return what changed, old and new."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(sorted(unknown))}.")
    _check_manages(actor, user)
    changes = {
        name: {"old": getattr(user, name), "new": value}
        for name, value in fields.items()
        if getattr(user, name) != value
    }
    if not changes:
        return changes
    if "username" in changes:
        _check_username_free(fields["username"], exclude_pk=user.pk)
    for name, change in changes.items():
        setattr(user, name, change["new"])
    user.full_clean()
    user.save(update_fields=list(changes))
    audit_log(action="account.user_changed", actor=actor, obj=user, data={"changes": changes})
    return changes


@transaction.atomic
def user_deactivate(*, actor, user: User) -> None:
    """Deactivate ``user``: no login any more, and open sessions stop working."""
    _check_manages(actor, user)
    if not user.is_active:
        raise ValidationError(_("Akun ini sudah nonaktif."))
    user.is_active = False
    fields = ["is_active"]
    if user.last_login is None:
        # An invitation handed out before must not work again once the account is back.
        user.set_unusable_password()
        fields.append("password")
    user.save(update_fields=fields)
    audit_log(action="account.user_deactivated", actor=actor, obj=user)


@transaction.atomic
def user_reactivate(*, actor, user: User) -> None:
    """Reactivate ``user``: they log in again with the password they had."""
    _check_manages(actor, user)
    if user.is_active:
        raise ValidationError(_("Akun ini sudah aktif."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_log(action="account.user_reactivated", actor=actor, obj=user)


@transaction.atomic
def invitation_issue(*, actor, user: User) -> str:
    """Return a new invitation link of ``user``, who has never logged in; older links stop
    working (the fresh unusable password is part of the token)."""
    _check_manages(actor, user)
    if not rules.can_invite_user(actor, user):
        raise ValidationError(
            _("Undangan hanya untuk akun aktif yang belum pernah masuk ke aplikasi.")
        )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    audit_log(
        action="account.invitation_issued",
        actor=actor,
        obj=user,
        data={"valid_days": settings.INVITATION_DAYS},
    )
    return invitation_url(user)


@transaction.atomic
def invitation_accept(*, user: User, password: str) -> None:
    """Set the password ``user`` chose through their invitation; the link stops working."""
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_log(action="account.invitation_used", actor=user, obj=user)
