"""Forms of the inmate register."""

from django import forms
from django.utils.translation import gettext_lazy as _

from inmates import importing
from inmates.models import PERSONAL_FIELDS, Facility, Inmate, nik_validator
from inmates.services import REASON_REQUIRED
from lapas_training.forms import IndonesianDateField, prompt_choice
from lapas_training.models import TrainingField


class InmateForm(forms.ModelForm):
    """Add or change an inmate; the facility is the operator's own unless an admin picks one."""

    birth_date = IndonesianDateField(label=_("Tanggal lahir"), required=False)
    expected_release_date = IndonesianDateField(
        label=_("Tanggal bebas (ekspirasi)"), required=False
    )
    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=32,
        help_text=_("Opsional. 16 angka sesuai KTP/KK."),
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("Minat pelatihan"),
        queryset=TrainingField.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Alasan perubahan"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Wajib bila data pribadi (nama, nomor registrasi, tempat/tanggal lahir, NIK, jenis "
            "kelamin, pendidikan, tanggal bebas) diubah; disimpan di riwayat koreksi. Jangan "
            "menulis NIK di sini."
        ),
    )

    class Meta:
        model = Inmate
        fields = [
            "facility",
            "registration_number",
            "full_name",
            "sex",
            "birth_place",
            "birth_date",
            "nik",
            "education",
            "expected_release_date",
            "interests",
        ]

    def __init__(self, *args, facility: Facility | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_facility = facility
        if facility is not None:
            del self.fields["facility"]
            # The unique (facility, registration number) check needs the facility.
            self.instance.facility = facility
        else:
            self.fields["facility"].queryset = Facility.objects.filter(is_active=True)
        self.fields["nik"].widget.attrs.update({"inputmode": "numeric"})
        if "facility" in self.fields:
            prompt_choice(self.fields["facility"], _("Pilih UPT"))
        prompt_choice(self.fields["sex"], _("Pilih jenis kelamin"))
        prompt_choice(self.fields["education"], _("Pilih pendidikan"))
        if self.instance.pk is None:
            del self.fields["reason"]  # a new entry corrects nothing

    def clean_nik(self):
        nik = self.cleaned_data["nik"].replace(" ", "").strip()
        if nik:
            nik_validator(nik)
        return nik

    def clean(self):
        cleaned = super().clean()
        # The instance still holds the stored values here (the form copies its own after).
        if "reason" in self.fields and not cleaned.get("reason", "").strip():
            changed = [
                name
                for name in PERSONAL_FIELDS
                if name in cleaned and cleaned[name] != getattr(self.instance, name)
            ]
            if changed:
                self.add_error("reason", REASON_REQUIRED)
        return cleaned


class ReleaseForm(forms.Form):
    released_on = IndonesianDateField(label=_("Tanggal bebas"))
    note = forms.CharField(label=_("Keterangan"), max_length=255, required=False)


class TransferForm(forms.Form):
    to_facility = forms.ModelChoiceField(
        label=_("Pindah ke UPT"),
        queryset=Facility.objects.none(),
        required=False,
        empty_label=_("UPT di luar sistem ini"),
        help_text=_("Jika UPT tujuan memakai sistem ini, riwayat pelatihannya ikut pindah."),
    )
    new_registration_number = forms.CharField(
        label=_("Nomor registrasi di UPT tujuan"), max_length=40, required=False
    )
    transferred_on = IndonesianDateField(label=_("Tanggal pindah"))
    note = forms.CharField(label=_("Keterangan"), max_length=255, required=False)

    def __init__(self, *args, inmate: Inmate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_facility"].queryset = Facility.objects.filter(is_active=True).exclude(
            pk=inmate.facility_id
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to_facility") and not cleaned.get("new_registration_number", "").strip():
            self.add_error(
                "new_registration_number",
                _("Isi nomor registrasi yang diberikan UPT tujuan."),
            )
        return cleaned


class ImportUploadForm(forms.Form):
    facility = forms.ModelChoiceField(label=_("UPT"), queryset=Facility.objects.none())
    file = forms.FileField(
        label=_("Berkas register (CSV atau XLSX)"),
        help_text=_("Maksimal 2 MB dan 5.000 baris. Baris pertama berisi nama kolom."),
    )

    def __init__(self, *args, facility: Facility | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if facility is not None:
            del self.fields["facility"]
        else:
            self.fields["facility"].queryset = Facility.objects.filter(is_active=True)
            prompt_choice(self.fields["facility"], _("Pilih UPT"))
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Berkas terlalu besar (maksimal %(size)s MB).")
                % {"size": importing.MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Pas foto 3x4"),
        help_text=_(
            "Foto wajah tampak depan dengan latar polos. Di tablet atau ponsel, kamera dapat "
            "langsung dipakai. JPEG, PNG atau WEBP, maksimal 8 MB."
        ),
        error_messages={"required": _("Pilih atau ambil foto terlebih dahulu.")},
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "user"}),
    )


class TrainingTargetForm(forms.Form):
    """The yearly LKjIP target of a facility: how many inmates are to receive certified training."""

    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    inmates = forms.IntegerField(
        label=_("Target WBP yang menerima pelatihan bersertifikat"),
        min_value=1,
        max_value=100_000,
        help_text=_(
            "Indikator kinerja pada LKjIP UPT; capaiannya dihitung dari sertifikat yang berlaku."
        ),
    )
