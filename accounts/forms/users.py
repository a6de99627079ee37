"""Forms of the accounts a Lapas head or an agency admin keeps, and of the invitation."""

import re

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from accounts import selectors
from lapas_training.forms import prompt_choice
from lapas_training.models import Role, User

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,149}$")


class UserForm(forms.Form):
    """Who the person is. Role and scope are never fields here: they follow from the manager."""

    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        help_text=_(
            "Dipakai untuk masuk. 3–150 karakter: huruf kecil, angka, titik, garis bawah atau "
            "tanda hubung, misalnya budi.santoso."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        error_messages={
            "invalid": _("Alamat email tidak valid. Contoh yang benar: nama@contoh.go.id.")
        },
    )
    nip = forms.CharField(
        label=_("NIP"),
        max_length=30,
        required=False,
        help_text=_(
            "18 angka, boleh dengan spasi: 19690917 199403 1 006. Kosongkan bila bukan ASN."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    job_title = forms.CharField(label=_("Jabatan"), max_length=150, required=False)

    def __init__(self, *args, instance: User | None = None, **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs.setdefault(
                "initial", {name: getattr(instance, name) for name in self.base_fields}
            )
        super().__init__(*args, **kwargs)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip().lower()
        if not USERNAME.match(username):
            raise forms.ValidationError(
                _(
                    "Nama pengguna 3–150 karakter, diawali huruf kecil atau angka, dan hanya "
                    "berisi huruf kecil, angka, titik, garis bawah atau tanda hubung."
                )
            )
        exclude_pk = self.instance.pk if self.instance is not None else None
        if selectors.username_taken(username, exclude_pk=exclude_pk):
            raise forms.ValidationError(
                _("Nama pengguna ini sudah dipakai. Pilih nama pengguna lain.")
            )
        return username

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_nip(self) -> str:
        """A NIP is 18 digits (spaces as printed are allowed and dropped)."""
        nip = "".join(self.cleaned_data.get("nip", "").split())
        if nip and (len(nip) != 18 or not (nip.isascii() and nip.isdigit())):
            raise forms.ValidationError(_("NIP terdiri dari 18 angka."))
        return nip


class AdminUserCreateForm(UserForm):
    """A system administrator also picks the kind of account and its facility, agency or
    Bapas."""

    role = forms.ChoiceField(
        label=_("Peran"),
        choices=[
            (Role.LAPAS_OPERATOR.value, Role.LAPAS_OPERATOR.label),
            (Role.INSTRUCTOR.value, Role.INSTRUCTOR.label),
            (Role.PK_OFFICER.value, Role.PK_OFFICER.label),
        ],
    )
    facility = forms.ModelChoiceField(
        label=_("UPT"),
        # The model a user's facility points at: accounts sit below the facilities.
        queryset=User._meta.get_field("facility").related_model.objects.order_by("name"),
        required=False,
        help_text=_("Untuk operator Lapas."),
    )
    agency = forms.ModelChoiceField(
        label=_("Instansi mitra"),
        queryset=User._meta.get_field("agency").related_model.objects.order_by("name"),
        required=False,
        help_text=_("Untuk instruktur."),
    )
    bapas = forms.ModelChoiceField(
        label=_("Bapas"),
        # The model a user's Bapas points at: the follow-up sits above the accounts.
        queryset=User._meta.get_field("bapas").related_model.objects.order_by("name"),
        required=False,
        help_text=_("Untuk Pembimbing Kemasyarakatan."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prompt_choice(self.fields["role"], _("Pilih peran"))
        prompt_choice(self.fields["facility"], _("Pilih UPT"))
        prompt_choice(self.fields["agency"], _("Pilih instansi mitra"))
        prompt_choice(self.fields["bapas"], _("Pilih Bapas"))

    def clean(self):
        data = super().clean()
        role = data.get("role")
        # Only the field of the chosen role counts; the others are dropped.
        keep = {
            Role.LAPAS_OPERATOR: "facility",
            Role.INSTRUCTOR: "agency",
            Role.PK_OFFICER: "bapas",
        }.get(role)
        for name in ("facility", "agency", "bapas"):
            if name != keep:
                data[name] = None
        if role == Role.LAPAS_OPERATOR and not data.get("facility"):
            self.add_error("facility", _("Operator Lapas wajib terikat pada satu UPT."))
        elif role == Role.INSTRUCTOR and not data.get("agency"):
            self.add_error("agency", _("Instruktur wajib terikat pada satu instansi mitra."))
        elif role == Role.PK_OFFICER and not data.get("bapas"):
            self.add_error("bapas", _("Pembimbing Kemasyarakatan wajib terikat pada satu Bapas."))
        return data


class InvitationPasswordForm(SetPasswordForm):
    """The new user's first password, typed twice; the password validators apply."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Kata sandi baru")
        self.fields["new_password1"].widget.attrs["autofocus"] = True
        self.fields["new_password2"].label = _("Ulangi kata sandi baru")
        self.fields["new_password2"].help_text = _("Ketik kata sandi yang sama sekali lagi.")
