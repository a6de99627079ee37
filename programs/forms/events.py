"""The form of a training event."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inmates.models import Facility
from lapas_training.forms import IndonesianDateField, prompt_choice
from lapas_training.models import Role
from programs.models import PartnerAgency, TrainingEvent


class EventForm(forms.ModelForm):
    """Open or change a training event; a Lapas operator's facility is fixed."""

    start_date = IndonesianDateField(label=_("Tanggal pembukaan"))
    end_date = IndonesianDateField(label=_("Tanggal penutupan"))
    decree_date = IndonesianDateField(label=_("Tanggal SK"), required=False)
    agencies = forms.ModelMultipleChoiceField(
        label=_("Instansi mitra"),
        queryset=PartnerAgency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih paling sedikit satu instansi mitra.")},
        help_text=_("Instansi yang mengajar angkatan dalam kegiatan ini."),
    )

    class Meta:
        model = TrainingEvent
        fields = [
            "name",
            "facility",
            "agencies",
            "funding_source",
            "start_date",
            "end_date",
            "decree_number",
            "decree_date",
            "decree_issuer",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Active agencies, and those the event already has (a deactivated one may still teach).
        current = Q(training_events=self.instance) if self.instance.pk else Q(pk__in=[])
        self.fields["agencies"].queryset = (
            PartnerAgency.objects.filter(Q(is_active=True) | current).distinct().order_by("name")
        )
        self.fields["facility"].queryset = Facility.objects.filter(is_active=True)
        prompt_choice(self.fields["facility"], _("Pilih UPT"))
        prompt_choice(self.fields["funding_source"], _("Pilih sumber dana"))
        if self.instance.pk is not None or user.role == Role.LAPAS_OPERATOR:
            del self.fields["facility"]
        if self.instance.pk is not None:
            self.fields["agencies"].initial = list(self.instance.agencies.all())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal penutupan tidak boleh sebelum pembukaan."))
        number, decree_date = cleaned.get("decree_number"), cleaned.get("decree_date")
        if number and not decree_date and "decree_date" not in self.errors:
            self.add_error("decree_date", _("Isi tanggal SK."))
        if decree_date and not number:
            self.add_error("decree_number", _("Isi nomor SK."))
        agencies = cleaned.get("agencies")
        if (
            agencies is not None
            and self.user.role == Role.AGENCY_ADMIN
            and self.user.agency_id not in {agency.pk for agency in agencies}
        ):
            self.add_error("agencies", _("Instansi Anda harus termasuk penyelenggara."))
        return cleaned

    def _post_clean(self):
        # The services validate the event whole (facility, agencies, cohorts' dates).
        pass

    def event_values(self) -> dict:
        """Return what the event services take from this form (the facility aside)."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "agencies": list(data["agencies"]),
            "funding_source": data["funding_source"],
            "start_date": data["start_date"],
            "end_date": data["end_date"],
            "decree_number": data["decree_number"],
            "decree_date": data["decree_date"],
            "decree_issuer": data["decree_issuer"],
        }
