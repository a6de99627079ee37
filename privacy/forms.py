"""The audit log's filters, read from the query string so that a view can be bookmarked."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapas_training.forms import IndonesianDateField
from privacy import labels
from privacy.selectors.audit import AuditFilters, inmates_matching

# As the report filters: a date picker sends YYYY-MM-DD, a person may type dd/mm/yyyy.
URL_DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
FIRST_YEAR = 2000  # no event is older
# A name search that matches more people than this asks for a narrower one.
MAX_PEOPLE = 50
ID_DIGITS = 18


class AuditLogFilterForm(forms.Form):
    """Period, action, actor, person (inmate) and object text of the audit log."""

    dari = IndonesianDateField(
        label=_("Dari tanggal"), required=False, input_formats=URL_DATE_FORMATS, widget=DATE
    )
    sampai = IndonesianDateField(
        label=_("Sampai tanggal"), required=False, input_formats=URL_DATE_FORMATS, widget=DATE
    )
    tindakan = forms.ChoiceField(
        label=_("Tindakan"),
        required=False,
        error_messages={"invalid_choice": _("Tindakan ini tidak ada di log yang dapat Anda baca.")},
    )
    pengguna = forms.ModelChoiceField(
        label=_("Pengguna"),
        queryset=None,
        required=False,
        empty_label=_("Semua pengguna"),
        error_messages={"invalid_choice": _("Pengguna ini tidak ada di log yang dapat Anda baca.")},
    )
    wbp = forms.CharField(
        label=_("WBP (nama atau nomor registrasi)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    q = forms.CharField(
        label=_("Cari pada objek"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(self, *args, actions: list[str], actors, inmates, **kwargs):
        super().__init__(*args, **kwargs)
        self.inmates = inmates
        self.fields["dari"].help_text = ""
        self.fields["sampai"].help_text = ""
        self.fields["tindakan"].choices = [
            ("", _("Semua tindakan")),
            *((code, labels.action_label(code)) for code in actions),
        ]
        self.fields["pengguna"].queryset = actors
        self.fields["pengguna"].label_from_instance = lambda user: (
            f"{user.full_name or user.username} ({user.username})"
        )

    def clean(self):
        data = super().clean()
        self._check_period(data)
        self._find_people(data)
        return data

    def _check_period(self, data) -> None:
        start, end = data.get("dari"), data.get("sampai")
        last = timezone.localdate().year + 1
        message = _("Tanggal harus di antara tahun %(first)s dan %(last)s.") % {
            "first": FIRST_YEAR,
            "last": last,
        }
        for name, day in (("dari", start), ("sampai", end)):
            if day is not None and not FIRST_YEAR <= day.year <= last:
                self.add_error(name, message)
                data[name] = None
        start, end = data.get("dari"), data.get("sampai")
        if start and end and end < start:
            self.add_error("sampai", _("Tanggal akhir tidak boleh sebelum tanggal awal."))

    def _find_people(self, data) -> None:
        """Resolve the person filter, in scope: a name search, or else one inmate by id (a link)."""
        data["people"] = None
        raw_id = str(self.data.get("wbp_id", "")).strip()
        if raw_id and not self.data.get("wbp", "").strip():
            inmate = None
            if raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= ID_DIGITS:
                inmate = self.inmates.filter(pk=int(raw_id)).first()
            if inmate is None:
                self.add_error(
                    "wbp", _("WBP yang dipilih tidak ada di register yang dapat Anda baca.")
                )
            else:
                data["people"] = [inmate]
            return
        text = data.get("wbp", "")
        if not text:
            return
        people = inmates_matching(inmates=self.inmates, text=text, limit=MAX_PEOPLE + 1)
        if not people:
            self.add_error(
                "wbp",
                _("Tidak ada WBP dengan nama atau nomor registrasi itu di register Anda."),
            )
        elif len(people) > MAX_PEOPLE:
            self.add_error(
                "wbp",
                _("Lebih dari %(max)s WBP cocok. Ketik nama lengkap atau nomor registrasi.")
                % {"max": MAX_PEOPLE},
            )
        else:
            data["people"] = people

    def filters(self) -> AuditFilters:
        """Return the filters of a valid form."""
        data = self.cleaned_data
        people = data.get("people")
        return AuditFilters(
            start=data.get("dari"),
            end=data.get("sampai"),
            action=data.get("tindakan") or "",
            actor=data.get("pengguna"),
            inmate_ids=None if people is None else [person.pk for person in people],
            search=data.get("q") or "",
        )
