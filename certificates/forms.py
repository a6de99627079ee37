"""Forms of certificates, ceremonies and the agency's certificate settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lapas_training.forms import IndonesianDateField
from programs.models import PartnerAgency


class CeremonyForm(forms.Form):
    date = IndonesianDateField(label=_("Tanggal penyerahan"))
    place = forms.CharField(label=_("Tempat"), max_length=150, initial="Aula Lapas")
    officials = forms.CharField(
        label=_("Pejabat yang hadir"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu nama dan jabatan per baris; dicetak di tanda terima."),
    )


class AgencySettingsForm(forms.ModelForm):
    logo = forms.ImageField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG atau JPEG, maksimal 2 MB; disimpan ulang sebagai PNG kecil."),
    )

    class Meta:
        model = PartnerAgency
        fields = [
            "address",
            "city",
            "head_name",
            "head_title",
            "head_nip",
            "second_signatory_name",
            "second_signatory_title",
            "second_signatory_nip",
            "certificate_number_format",
        ]
