"""Forms of cohorts, their schedule and their participants."""

from django import forms
from django.utils.translation import gettext_lazy as _

from inmates.models import Facility
from lapas_training.forms import IndonesianDateField, TimeField, prompt_choice
from lapas_training.models import Role, User
from lapas_training.scoping import parse_id
from programs.models import Cohort, Enrollment, PartnerAgency, Program
from programs.selectors import event_choices

WEEKDAYS = [
    (0, _("Senin")),
    (1, _("Selasa")),
    (2, _("Rabu")),
    (3, _("Kamis")),
    (4, _("Jumat")),
    (5, _("Sabtu")),
    (6, _("Minggu")),
]


class InstructorCheckboxes(forms.CheckboxSelectMultiple):
    """Instructor checkboxes that carry their agency, so the page can show only the chosen one's."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-agency"] = instance.agency_id
        return option


class CohortForm(forms.ModelForm):
    """Open or change a cohort; the user's own facility or agency is fixed."""

    start_date = IndonesianDateField(label=_("Tanggal mulai"))
    end_date = IndonesianDateField(label=_("Tanggal selesai"))
    instructors = forms.ModelMultipleChoiceField(
        label=_("Instruktur"),
        queryset=User.objects.none(),
        required=False,
        widget=InstructorCheckboxes(attrs={"class": "instructor-choice"}),
        error_messages={
            "invalid_choice": _("Instruktur ini bukan instruktur dari instansi mitra yang dipilih.")
        },
        help_text=_("Hanya instruktur dari instansi mitra angkatan ini."),
    )

    class Meta:
        model = Cohort
        fields = [
            "event",
            "name",
            "program",
            "facility",
            "agency",
            "start_date",
            "end_date",
            "capacity",
            "place",
            "instructors",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(is_active=True)
        self.fields["facility"].queryset = Facility.objects.filter(is_active=True)
        self.fields["agency"].queryset = PartnerAgency.objects.filter(is_active=True)
        editing = self.instance.pk is not None
        facility_id = self.instance.facility_id if editing else user.facility_id
        self.fields["event"].queryset = event_choices(user=user, facility_id=facility_id)
        prompt_choice(self.fields["event"], _("Tanpa kegiatan (angkatan berdiri sendiri)"))
        prompt_choice(self.fields["program"], _("Pilih program"))
        prompt_choice(self.fields["facility"], _("Pilih UPT"))
        prompt_choice(self.fields["agency"], _("Pilih instansi mitra"))
        self.fields["agency"].widget.attrs["data-no-instructors"] = _(
            "Instansi mitra ini belum memiliki instruktur terdaftar."
        )
        instructors = User.objects.filter(role=Role.INSTRUCTOR, is_active=True).select_related(
            "agency"
        )
        if editing or user.role == Role.LAPAS_OPERATOR:
            del self.fields["facility"]
        if editing or user.role == Role.AGENCY_ADMIN:
            del self.fields["agency"]
        agency_id = self.instance.agency_id if editing else user.agency_id
        if agency_id is None and self.is_bound:
            # A Lapas operator chose the agency on this form: only its instructors may teach.
            agency_id = parse_id(self.data.get("agency", ""))
        if agency_id:
            instructors = instructors.filter(agency_id=agency_id)
            if not instructors.exists():
                self.fields["instructors"].help_text = _(
                    "Instansi mitra ini belum memiliki instruktur terdaftar; angkatan dapat "
                    "dibuat dan instruktur ditambahkan kemudian oleh admin instansi."
                )
        self.fields["instructors"].queryset = instructors
        self.fields["instructors"].label_from_instance = lambda u: (
            f"{u.full_name} ({u.agency.code})"
        )
        if editing:
            self.fields["instructors"].initial = list(self.instance.instructors.all())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return cleaned

    def cohort_values(self) -> dict:
        """Return what the cohort services take from this form (facility and agency aside)."""
        data = self.cleaned_data
        return {
            "event": data["event"],
            "name": data["name"],
            "program": data["program"],
            "start_date": data["start_date"],
            "end_date": data["end_date"],
            "capacity": data["capacity"],
            "place": data["place"],
            "instructors": list(data["instructors"]),
        }


class ScheduleForm(forms.Form):
    """Generate sessions on chosen weekdays between two dates."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("Hari"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih minimal satu hari.")},
    )
    start_time = TimeField(label=_("Jam mulai"))
    end_time = TimeField(label=_("Jam selesai"))
    first_date = IndonesianDateField(
        label=_("Dari tanggal"), required=False, help_text=_("Kosongkan: tanggal mulai angkatan.")
    )
    last_date = IndonesianDateField(
        label=_("Sampai tanggal"),
        required=False,
        help_text=_("Kosongkan: tanggal selesai angkatan."),
    )
    topic_prefix = forms.CharField(
        label=_("Awalan materi"), max_length=100, required=False, initial=_("Pertemuan")
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Jam selesai harus setelah jam mulai."))
        first, last = cleaned.get("first_date"), cleaned.get("last_date")
        if first and last and last < first:
            self.add_error("last_date", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return cleaned


class SessionForm(forms.Form):
    date = IndonesianDateField(label=_("Tanggal"))
    start_time = TimeField(label=_("Jam mulai"))
    end_time = TimeField(label=_("Jam selesai"))
    topic = forms.CharField(label=_("Materi"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Jam selesai harus setelah jam mulai."))
        return cleaned


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Alasan keluar"),
        choices=[("", _("Pilih alasan keluar")), *Enrollment.WithdrawalReason.choices],
    )
    note = forms.CharField(label=_("Keterangan"), max_length=255, required=False)
