"""Forms of the second login step and of setting one up."""

import copy
from datetime import timedelta

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


def normalise_token(value: str) -> str:
    """Return a typed code without spaces or hyphens, recovery codes in lower case."""
    return "".join(value.split()).replace("-", "").lower()


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(
            widget=forms.TextInput(
                attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "size": 12}
            ),
            **kwargs,
        )


# django-otp doubles a device's wait after each wrong code, without end; here it is capped, so
# that an attacker with the password cannot lock the owner out for days.
THROTTLE_CAP = timedelta(minutes=15)
# 2 ** (10 - 1) seconds = 8.5 minutes, under the cap.
CAPPED_FAILURES = 10


def _lock_of(device) -> dict | None:
    """Return django-otp's lock data when ``device`` must wait before the next code."""
    failed_at = device.throttling_failure_timestamp
    if (
        device.throttling_failure_count > CAPPED_FAILURES
        and failed_at is not None
        and timezone.now() - failed_at >= THROTTLE_CAP
    ):
        device.throttling_failure_count = CAPPED_FAILURES
        device.save(update_fields=["throttling_failure_count"])
    allowed, data = device.verify_is_allowed()
    return None if allowed or not data or "locked_until" not in data else data


def _throttled_message(data: dict) -> str:
    until = timezone.localtime(data["locked_until"])
    return _("Terlalu banyak kode yang salah. Tunggu sampai pukul %(time)s, lalu coba lagi.") % {
        "time": time_format(until, "H:i:s")
    }


class VerifyForm(forms.Form):
    """The code of the authenticator app, or one recovery code."""

    token = CodeField(
        label=_("Kode"),
        help_text=_("Enam angka dari aplikasi autentikator, atau satu kode pemulihan."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_token(self) -> str:
        token = normalise_token(self.cleaned_data["token"])
        # Six digits go to the authenticator; anything else is a recovery code. Only the
        # devices a code is meant for are checked, so that failing one (an attacker who has
        # the password) does not lock the owner out of the other.
        for_authenticator = token.isascii() and token.isdigit()
        model = TOTPDevice if for_authenticator else StaticDevice
        with transaction.atomic():
            # Locked: two requests with the same recovery code cannot both use it.
            devices = list(model.objects.select_for_update().filter(user=self.user, confirmed=True))
            locked = next(filter(None, (_lock_of(device) for device in devices)), None)
            if locked is None:
                self.device = next((d for d in devices if d.verify_token(token)), None)
        # Raised outside the transaction: the failure counts stay recorded.
        if locked is not None:
            raise forms.ValidationError(_throttled_message(locked), code="throttled")
        if self.device is None:
            raise forms.ValidationError(
                _("Kode salah atau sudah kedaluwarsa. Periksa jam di ponsel Anda dan coba lagi."),
                code="invalid",
            )
        return token


class PasswordConfirmForm(forms.Form):
    """The current password, asked again before the second factor is turned off."""

    password = forms.CharField(
        label=_("Kata sandi saat ini"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Kata sandi salah."), code="invalid")
        return password


class SetupForm(forms.Form):
    """The first code of a newly scanned authenticator, which confirms it."""

    token = CodeField(
        label=_("Kode dari aplikasi"),
        help_text=_("Ketik enam angka yang tampil di aplikasi setelah memindai kode QR."),
    )

    def __init__(self, *args, device, replacing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        if replacing:
            # Changing a factor asks again for the password (a forgotten open session must not
            # let anybody move the account to their own phone).
            self.fields["password"] = copy.deepcopy(PasswordConfirmForm.base_fields["password"])
            self.order_fields(["password", "token"])

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.device.user.check_password(password):
            raise forms.ValidationError(_("Kata sandi salah."), code="invalid")
        return password

    def clean_token(self) -> str:
        token = normalise_token(self.cleaned_data["token"])
        if "password" in self.fields and "password" not in self.cleaned_data:
            return token  # the password was wrong: the code is not spent on it
        locked = _lock_of(self.device)
        if locked is not None:
            raise forms.ValidationError(_throttled_message(locked), code="throttled")
        if not (token.isascii() and token.isdigit()) or not self.device.verify_token(token):
            raise forms.ValidationError(
                _("Kode tidak cocok. Pindai ulang kode QR atau tunggu kode berikutnya."),
                code="invalid",
            )
        return token
