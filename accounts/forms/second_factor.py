"""Forms of the second login step and of setting one up."""

from django import forms
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice


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
        devices = list(devices_for_user(self.user, confirmed=True))
        for device in devices:
            allowed, data = device.verify_is_allowed()
            if not allowed and data and "locked_until" in data:
                raise forms.ValidationError(_throttled_message(data), code="throttled")
        # Six digits go to the authenticator; anything else is a recovery code.
        wanted = [d for d in devices if isinstance(d, StaticDevice) != token.isdigit()]
        for device in wanted:
            if device.verify_token(token):
                self.device = device
                return token
        raise forms.ValidationError(
            _("Kode salah atau sudah kedaluwarsa. Periksa jam di ponsel Anda dan coba lagi."),
            code="invalid",
        )


class SetupForm(forms.Form):
    """The first code of a newly scanned authenticator, which confirms it."""

    token = CodeField(
        label=_("Kode dari aplikasi"),
        help_text=_("Ketik enam angka yang tampil di aplikasi setelah memindai kode QR."),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = normalise_token(self.cleaned_data["token"])
        allowed, data = self.device.verify_is_allowed()
        if not allowed and data and "locked_until" in data:
            raise forms.ValidationError(_throttled_message(data), code="throttled")
        if not token.isdigit() or not self.device.verify_token(token):
            raise forms.ValidationError(
                _("Kode tidak cocok. Pindai ulang kode QR atau tunggu kode berikutnya."),
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
