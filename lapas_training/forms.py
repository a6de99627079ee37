"""Account forms."""

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """The login form, with its single message for any wrong combination."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah. Periksa keduanya lalu coba lagi."),
        "inactive": _("Akun ini tidak aktif. Hubungi administrator."),
    }

    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


DATE_FORMAT_HELP = _("Format dd/mm/yyyy, misalnya 31/10/2025.")


class IndonesianDateField(forms.DateField):
    """A date typed as dd/mm/yyyy; an impossible date is a form error, never a guess."""

    default_error_messages = {
        "invalid": _("Tanggal tidak valid. Gunakan format dd/mm/yyyy, misalnya 31/10/2025."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%d/%m/%Y"])
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d/%m/%Y",
                attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
            ),
        )
        kwargs.setdefault("help_text", DATE_FORMAT_HELP)
        super().__init__(**kwargs)

    def to_python(self, value):
        # A phone's number pad (inputmode numeric) may lack "/": 31102025, 31-10-2025 and
        # 31.10.2025 read as 31/10/2025. Eight digits only: 1122026 would be a guess.
        if isinstance(value, str):
            value = value.strip()
            if re.fullmatch(r"\d{8}", value):
                value = f"{value[:2]}/{value[2:4]}/{value[4:]}"
            elif re.fullmatch(r"\d{1,2}[-.]\d{1,2}[-.]\d{4}", value):
                value = re.sub(r"[-.]", "/", value)
        return super().to_python(value)


class TimeField(forms.TimeField):
    """A time of day typed as HH:MM."""

    default_error_messages = {
        "invalid": _("Jam tidak valid. Gunakan format JJ:MM, misalnya 08:00.")
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%H:%M", "%H.%M"])
        kwargs.setdefault(
            "widget",
            forms.TimeInput(format="%H:%M", attrs={"placeholder": "08:00", "type": "time"}),
        )
        super().__init__(**kwargs)


def apply_validation_error(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the fields it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class ReasonForm(forms.Form):
    """A required written reason, for actions that must say why (cancel, reopen, revoke)."""

    reason = forms.CharField(
        label=_("Alasan"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label


def prompt_choice(field: forms.Field, text: str) -> None:
    """Make an empty choice read as a prompt ("Pilih program") instead of "---------"."""
    if isinstance(field, forms.ModelChoiceField):
        field.empty_label = text
    elif isinstance(field, forms.ChoiceField):
        field.choices = [("", text), *((v, label) for v, label in field.choices if v != "")]
