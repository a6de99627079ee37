"""Forms of teaching: one session's attendance and the cohort's assessment, a row each."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lapas_training.formsets import RowForm, rows_formset
from programs.models import Attendance, Competence, Enrollment, NotHeldReason

SCORE_ERROR = _("Nilai harus berupa angka 0 sampai 100.")


class NotHeldForm(forms.Form):
    """Why a session did not take place."""

    reason = forms.ChoiceField(
        label=_("Alasan"),
        choices=[("", _("Pilih alasan")), *NotHeldReason.choices],
        error_messages={"required": _("Pilih alasan sesi tidak dilaksanakan.")},
    )
    note = forms.CharField(
        label=_("Keterangan"),
        max_length=255,
        required=False,
        help_text=_("Wajib untuk alasan lainnya."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == NotHeldReason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", _("Tuliskan keterangan untuk alasan lainnya."))
        return cleaned


class AttendanceForm(RowForm):
    """One participant's attendance at one session."""

    status = forms.ChoiceField(
        label=_("Kehadiran"),
        choices=Attendance.Status.choices,
        widget=forms.RadioSelect(attrs={"class": "btn-check", "autocomplete": "off"}),
        error_messages={
            "required": _("Pilih hadir, izin, sakit atau alpa."),
            "invalid_choice": _("Pilih hadir, izin, sakit atau alpa."),
        },
    )
    note = forms.CharField(
        label=_("Catatan"),
        max_length=255,
        required=False,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-sm mt-1",
                "placeholder": _("Catatan (opsional)"),
            }
        ),
    )


class AttendanceFormSet(rows_formset(AttendanceForm, prefix="hadir")):
    unknown_row_message = _("Ada peserta yang bukan anggota angkatan ini.")
    changed_rows_message = _(
        "Daftar peserta berubah sejak halaman dibuka. Muat ulang halaman lalu isi lagi."
    )

    def entries(self) -> dict[int, tuple[str, str]]:
        """Return (status, note) by enrollment id, as ``attendance_record`` takes them."""
        return {pk: (data["status"], data["note"]) for pk, data in self.values_by_row().items()}


class ScoreField(forms.DecimalField):
    """A score from 0 to 100, typed with a decimal comma or point."""

    def __init__(self, **kwargs):
        error_messages = dict.fromkeys(
            ("invalid", "min_value", "max_value", "max_digits", "max_whole_digits"), SCORE_ERROR
        )
        error_messages["max_decimal_places"] = _("Nilai paling banyak dua angka di belakang koma.")
        super().__init__(
            min_value=Decimal(0),
            max_value=Decimal(100),
            max_digits=5,
            decimal_places=2,
            error_messages=error_messages,
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)

    def run_validators(self, value):
        try:
            super().run_validators(value)
        except ValidationError as exc:
            # Several checks share one message ("0 sampai 100"): say it once.
            raise ValidationError(list(dict.fromkeys(exc.messages))) from exc


RESULT_CHOICES = [*Competence.choices, (Enrollment.Result.NONE, _("Belum"))]
UNIT_CHOICES = [("", "–"), *((value, value) for value in Competence.values)]


class AssessmentForm(RowForm):
    """One participant's result: K/BK, score, notes, and K/BK for each competency unit."""

    result = forms.ChoiceField(
        label=_("Hasil"),
        choices=RESULT_CHOICES,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    score = ScoreField(
        label=_("Nilai"),
        required=False,
        widget=forms.TextInput(
            attrs={"class": "form-control", "inputmode": "decimal", "placeholder": _("Nilai 0–100")}
        ),
    )
    notes = forms.CharField(
        label=_("Catatan penilai"),
        max_length=2000,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("Catatan")}),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        for unit in self.units:
            self.fields[f"unit_{unit.pk}"] = forms.ChoiceField(
                label=f"{unit.code} {unit.title}",
                choices=UNIT_CHOICES,
                required=False,
                disabled=self.fields["result"].disabled,
                widget=forms.Select(attrs={"class": "form-select form-select-sm w-auto"}),
            )

    @staticmethod
    def initial(enrollment: Enrollment, *, units, unit_results: dict) -> dict:
        """Return the values a participant's row starts with: what is recorded now."""
        return {
            "result": enrollment.result,
            "score": "" if enrollment.score is None else f"{enrollment.score.normalize():f}",
            "notes": enrollment.assessor_notes,
            **{f"unit_{u.pk}": unit_results.get((enrollment.pk, u.pk), "") for u in units},
        }

    def unit_fields(self):
        """Return each competency unit with its bound field, in the program's order."""
        return [(unit, self[f"unit_{unit.pk}"]) for unit in self.units]

    def unit_results(self) -> dict[int, str]:
        return {unit.pk: self.cleaned_data[f"unit_{unit.pk}"] for unit in self.units}


class AssessmentFormSet(rows_formset(AssessmentForm, prefix="nilai")):
    unknown_row_message = AttendanceFormSet.unknown_row_message
    changed_rows_message = AttendanceFormSet.changed_rows_message
