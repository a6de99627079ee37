"""Forms of competency tests: the test, its results grid, a result sheet, a BNSP certificate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from competency.models import BnspCertificate, CompetencyTest
from inmates.models import Facility
from lapas_training.forms import IndonesianDateField, prompt_choice
from lapas_training.formsets import RowForm, rows_formset
from lapas_training.models import Role
from programs.models import PartnerAgency, StandardUnit

VERDICTS = [("", "–"), ("K", _("K")), ("BK", _("BK"))]
SELECT = {"class": "form-select verdict-select"}


class CompetencyTestForm(forms.ModelForm):
    date = IndonesianDateField(label=_("Tanggal uji"))
    assessors = forms.CharField(
        label=_("Asesor"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Satu asesor per baris: nama | nomor registrasi (misalnya MET.000.001234 2020)."
        ),
    )

    class Meta:
        model = CompetencyTest
        fields = ["facility", "lsp", "scheme_name", "scheme_number", "units", "site", "date"]
        widgets = {"units": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lsp"].queryset = PartnerAgency.objects.filter(
            kind=PartnerAgency.Kind.LSP, is_active=True
        )
        prompt_choice(self.fields["lsp"], _("Pilih LSP"))
        self.fields["units"].queryset = StandardUnit.objects.order_by("code")
        self.fields["units"].help_text = _("Unit dari katalog SKKNI yang diuji dalam skema ini.")
        self.fields["facility"].queryset = Facility.objects.filter(is_active=True)
        prompt_choice(self.fields["facility"], _("Pilih UPT"))
        if user.role == Role.LAPAS_OPERATOR:
            del self.fields["facility"]
        self.fields["cohorts"] = forms.ModelMultipleChoiceField(
            label=_("Angkatan"),
            queryset=cohorts,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Peserta yang selesai dengan hasil kompeten (K) menjadi asesi."),
            error_messages={"required": _("Pilih paling sedikit satu angkatan.")},
        )
        self.fields["cohorts"].label_from_instance = lambda c: f"{c.program.name} · {c.name}"

    def clean_assessors(self) -> list[tuple[str, str]]:
        assessors = []
        for line in self.cleaned_data["assessors"].splitlines():
            if not line.strip():
                continue
            name, _sep, number = (part.strip() for part in line.partition("|"))
            if not name or not number:
                raise forms.ValidationError(
                    _("Tulis setiap asesor sebagai: nama | nomor registrasi.")
                )
            assessors.append((name[:150], number[:60]))
        return assessors

    def _post_clean(self):
        pass  # the service validates the test whole

    def test_values(self) -> dict:
        data = self.cleaned_data
        return {
            "lsp": data["lsp"],
            "scheme_name": data["scheme_name"],
            "scheme_number": data["scheme_number"],
            "units": list(data["units"]),
            "site": data["site"],
            "date": data["date"],
            "cohorts": list(data["cohorts"]),
            "assessors": data["assessors"],
        }


def results_formset(units):
    """Return a formset class with one row per assessee: K/BK and one choice per unit."""

    class ResultForm(RowForm):
        result = forms.ChoiceField(
            label=_("Hasil"), choices=VERDICTS, required=False, widget=forms.Select(attrs=SELECT)
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for unit in units:
                self.fields[f"unit_{unit.pk}"] = forms.ChoiceField(
                    label=unit.code,
                    choices=VERDICTS,
                    required=False,
                    widget=forms.Select(attrs=SELECT),
                )

        def clean(self):
            cleaned = super().clean()
            verdicts = {unit.pk: cleaned.get(f"unit_{unit.pk}") for unit in units}
            cleaned["units"] = {pk: v for pk, v in verdicts.items() if v}
            if cleaned["units"] and not cleaned.get("result"):
                self.add_error("result", _("Isi hasil K atau BK bila ada hasil unit."))
            if cleaned.get("result") == "K" and "BK" in cleaned["units"].values():
                self.add_error("result", _("Hasil K tidak mungkin bila ada unit BK."))
            return cleaned

    return rows_formset(ResultForm, prefix="hasil")


class ResultSheetForm(forms.Form):
    sheet = forms.FileField(
        label=_("Lembar hasil dari LSP (XLSX atau CSV)"),
        help_text=_(
            "Daftar asesi yang diunduh dari halaman ini, dengan kolom hasil dan kolom unit diisi "
            "K atau BK."
        ),
        error_messages={"required": _("Pilih berkas lembar hasil.")},
    )


class BnspCertificateForm(forms.ModelForm):
    issued_on = IndonesianDateField(label=_("Tanggal terbit"))
    valid_until = IndonesianDateField(
        label=_("Berlaku sampai"),
        required=False,
        help_text=_("Kosongkan: tiga tahun sesudah tanggal terbit."),
    )

    class Meta:
        model = BnspCertificate
        fields = ["number", "blanko_number", "issued_on", "valid_until"]

    def clean_valid_until(self):
        until, issued = self.cleaned_data.get("valid_until"), self.cleaned_data.get("issued_on")
        if until and issued and until <= issued:
            raise forms.ValidationError(_("Masa berlaku harus sesudah tanggal terbit."))
        return until

    def _post_clean(self):
        pass  # the service fills the validity and checks the certificate whole
