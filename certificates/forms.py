"""Forms of certificates, ceremonies and the agency's certificate settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lapas_training.forms import IndonesianDateField
from lapas_training.formsets import RowForm, rows_formset
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


class HandoverPositionForm(RowForm):
    """One certificate's place in the handover order."""

    position = forms.IntegerField(
        label=_("Urutan"),
        min_value=1,
        max_value=9999,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"),
            _("Isi urutan dengan angka 1 atau lebih."),
        ),
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "min": 1}),
    )


class HandoverOrderFormSet(rows_formset(HandoverPositionForm, prefix="urutan")):
    unknown_row_message = _("Urutan penyerahan harus memuat setiap sertifikat sah tepat satu kali.")
    changed_rows_message = unknown_row_message

    def order(self) -> list[int]:
        """Return the certificate ids by position; equal positions keep the listed order."""
        ranked = sorted(
            enumerate(self.forms), key=lambda item: (item[1].cleaned_data["position"], item[0])
        )
        return [form.cleaned_data["row"] for _index, form in ranked]


class AgencySettingsForm(forms.ModelForm):
    logo = forms.ImageField(
        label=_("Logo"),
        required=False,
        help_text=_(
            "Logo daerah (pemerintah kabupaten/kota/provinsi) atau instansi, dicetak di kiri kop. "
            "PNG atau JPEG, maksimal 2 MB; disimpan ulang sebagai PNG kecil."
        ),
    )

    class Meta:
        model = PartnerAgency
        fields = [
            "letterhead",
            "address",
            "city",
            "head_name",
            "head_title",
            "head_rank",
            "head_nip",
            "second_signatory_name",
            "second_signatory_title",
            "second_signatory_rank",
            "second_signatory_nip",
            "print_photo",
            "bilingual",
            "certificate_number_format",
        ]
        widgets = {"letterhead": forms.Textarea(attrs={"rows": 3})}

    def _clean_nip(self, name: str) -> str:
        """A NIP is 18 digits (spaces as printed are allowed and dropped)."""
        value = "".join(self.cleaned_data.get(name, "").split())
        if value and (len(value) != 18 or not (value.isascii() and value.isdigit())):
            raise forms.ValidationError(_("NIP terdiri dari 18 angka."))
        return value

    def clean_head_nip(self) -> str:
        return self._clean_nip("head_nip")

    def clean_second_signatory_nip(self) -> str:
        return self._clean_nip("second_signatory_nip")
