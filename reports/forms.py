"""The report filters: a period, a month, a facility, and the export format."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapas_training.forms import IndonesianDateField
from lapas_training.periods import Period

# Reports reach back to the first trainings recorded and no further than ten years at once.
MAX_PERIOD_DAYS = 366 * 10
URL_DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
FIRST_YEAR = 2000  # no report reaches further back
# A native date picker (tablets and phones); its value, and the URL's, is YYYY-MM-DD.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class PeriodForm(forms.Form):
    """A range of days, from query parameters, so a period can be bookmarked and shared."""

    dari = IndonesianDateField(
        label=_("Dari tanggal"), required=False, input_formats=URL_DATE_FORMATS, widget=DATE
    )
    sampai = IndonesianDateField(
        label=_("Sampai tanggal"), required=False, input_formats=URL_DATE_FORMATS, widget=DATE
    )
    upt = forms.ModelChoiceField(
        label=_("UPT"), queryset=None, required=False, empty_label=_("Semua UPT")
    )

    def __init__(self, *args, facilities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upt"].queryset = facilities
        self.fields["dari"].help_text = ""
        self.fields["sampai"].help_text = ""
        if facilities is None or not facilities.exists():
            del self.fields["upt"]

    def clean(self):
        data = super().clean()
        start, end = data.get("dari"), data.get("sampai")
        if (start is None) != (end is None) and not self.errors:
            field = "sampai" if end is None else "dari"
            self.add_error(field, _("Isi kedua tanggal periode."))
        elif start and end:
            first, last = FIRST_YEAR, timezone.localdate().year + 1
            if not (first <= start.year and end.year <= last):
                self.add_error(
                    "sampai" if start.year >= first else "dari",
                    _("Periode laporan harus di antara tahun %(first)s dan %(last)s.")
                    % {"first": first, "last": last},
                )
            elif end < start:
                self.add_error("sampai", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("sampai", _("Periode paling panjang 10 tahun."))
        return data

    def period(self, today: date | None = None) -> Period:
        """Return the chosen period, or this month when none (or a wrong one) was given."""
        today = today or timezone.localdate()
        if self.is_valid() and self.cleaned_data.get("dari"):
            return Period(self.cleaned_data["dari"], self.cleaned_data["sampai"])
        return Period.month(today.year, today.month)

    def facility_id(self) -> int | None:
        """Return the chosen facility (valid even when a date is wrong), or None."""
        self.is_valid()
        chosen = getattr(self, "cleaned_data", {}).get("upt")
        return chosen.pk if chosen else None


def presets(today: date) -> list[tuple[str, Period]]:
    """Return the periods offered as one-click links."""
    last_month = today.replace(day=1) - timedelta(days=1)
    return [
        (str(_("Bulan ini")), Period.month(today.year, today.month)),
        (str(_("Bulan lalu")), Period.month(last_month.year, last_month.month)),
        (str(_("Tahun ini")), Period.year(today.year)),
        (str(_("Tahun lalu")), Period.year(today.year - 1)),
    ]


class MonthForm(forms.Form):
    """The month of a monthly report, as YYYY-MM."""

    bulan = forms.RegexField(
        label=_("Bulan"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        error_messages={"invalid": _("Pilih bulan dengan format YYYY-MM, misalnya 2026-11.")},
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    upt = forms.ModelChoiceField(
        label=_("UPT"), queryset=None, required=False, empty_label=_("Semua UPT")
    )

    def __init__(self, *args, facilities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upt"].queryset = facilities
        if facilities is None or not facilities.exists():
            del self.fields["upt"]

    def clean_bulan(self) -> str:
        value = self.cleaned_data["bulan"]
        last = timezone.localdate().year + 1
        if not FIRST_YEAR <= int(value[:4]) <= last:
            raise forms.ValidationError(
                _("Bulan laporan harus di antara tahun %(first)s dan %(last)s.")
                % {"first": FIRST_YEAR, "last": last}
            )
        return value

    def period(self) -> Period:
        year, month = (int(part) for part in self.cleaned_data["bulan"].split("-"))
        return Period.month(year, month)

    def facility_id(self) -> int | None:
        chosen = self.cleaned_data.get("upt")
        return chosen.pk if chosen else None


class ExportForm(forms.Form):
    """How a list leaves the system: XLSX, or CSV with a comma or a semicolon."""

    format = forms.ChoiceField(
        choices=[("xlsx", "XLSX"), ("csv", "CSV"), ("csv-semicolon", _("CSV (pemisah ;)"))],
        initial="xlsx",
    )


def semester_choices(today: date, count: int = 6) -> list[tuple[str, str]]:
    """Return the current semester and the ones before it, newest first, as ("2025-2", label)."""
    year, half = today.year, 1 if today.month <= 6 else 2
    choices = []
    for _step in range(count):
        label = (
            _("Semester I (Januari–Juni) %(year)s")
            if half == 1
            else _("Semester II (Juli–Desember) %(year)s")
        )
        choices.append((f"{year}-{half}", label % {"year": year}))
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return choices


class ReportCardForm(forms.Form):
    """Which report cards to print: a semester, and one cohort or the whole facility."""

    semester = forms.ChoiceField(label=_("Semester"))
    angkatan = forms.ModelChoiceField(
        label=_("Angkatan"),
        queryset=None,
        required=False,
        empty_label=_("Semua peserta UPT pada semester ini"),
    )

    def __init__(self, *args, cohorts, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["semester"].choices = semester_choices(today)
        self.fields["angkatan"].queryset = cohorts

    def chosen_semester(self) -> tuple[int, int]:
        year, half = self.cleaned_data["semester"].split("-")
        return int(year), int(half)
