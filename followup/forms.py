"""Forms of the follow-up pages: consent, the Bapas and officer of a plan, one check-in."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from followup.models import (
    Bapas,
    CheckIn,
    Consent,
    ContactMethod,
    FollowUpPlan,
    IncomeBand,
    Outcome,
)
from lapas_training.forms import IndonesianDateField, prompt_choice
from lapas_training.models import User

# A radio rendered as a large button (Bootstrap's btn-check): the input itself is hidden and
# its label is the touch target.
BUTTON_RADIO = {"class": "btn-check"}


class ConsentForm(forms.Form):
    """The person's answer to the follow-up, and when it was given."""

    consent = forms.ChoiceField(
        label=_("Jawaban klien"),
        widget=forms.RadioSelect(attrs=BUTTON_RADIO),
        error_messages={
            "required": _("Pilih jawaban klien."),
            "invalid_choice": _("Pilih salah satu jawaban yang tersedia."),
        },
    )
    on = IndonesianDateField(label=_("Tanggal"))

    def __init__(self, *args, plan: FollowUpPlan, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["consent"].choices = [
            (answer, Consent(answer).label) for answer in plan.next_consent_answers
        ]


class OfficerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name or obj.username} ({obj.bapas.name})"


class AssignForm(forms.Form):
    """The Bapas that follows the person, and within it the responsible PK officer."""

    bapas = forms.ModelChoiceField(
        label=_("Bapas"),
        queryset=Bapas.objects.none(),
        error_messages={
            "required": _("Pilih Bapas."),
            "invalid_choice": _("Pilih salah satu Bapas yang menerima klien dari UPT ini."),
        },
    )
    officer = OfficerField(
        label=_("PK penanggung jawab"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Boleh dikosongkan; Bapas dapat menunjuknya kemudian."),
        error_messages={
            "invalid_choice": _("Pilih salah satu PK aktif dari Bapas yang menerima UPT ini."),
        },
    )

    def __init__(self, *args, bapas, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bapas"].queryset = bapas
        self.fields["officer"].queryset = officers
        prompt_choice(self.fields["bapas"], _("Pilih Bapas"))
        prompt_choice(self.fields["officer"], _("Belum ditunjuk"))


# No third "not answered" button: left unchosen, the answer stays empty.
YES_NO = [("1", _("Ya")), ("0", _("Tidak"))]


def _yes_no(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value)


class CheckInForm(forms.Form):
    """One contact with the client: when, how, how he is doing; the rest optional."""

    done_on = IndonesianDateField(label=_("Tanggal kontak"))
    method = forms.ChoiceField(
        label=_("Cara kontak"),
        choices=ContactMethod.choices,
        widget=forms.RadioSelect(attrs=BUTTON_RADIO),
        error_messages={"required": _("Pilih cara kontak.")},
    )
    outcome = forms.ChoiceField(
        label=_("Keadaan klien"),
        choices=Outcome.choices,
        widget=forms.RadioSelect(attrs=BUTTON_RADIO),
        error_messages={"required": _("Pilih keadaan klien.")},
    )
    uses_skill = forms.TypedChoiceField(
        label=_("Pekerjaan atau usahanya memakai keterampilan dari pelatihan?"),
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs=BUTTON_RADIO),
        help_text=_("Wajib dijawab bila klien bekerja atau berwirausaha."),
    )
    employer = forms.CharField(
        label=_("Tempat kerja atau jenis usaha"),
        max_length=150,
        required=False,
        help_text=_("Tidak wajib. Misalnya: bengkel las di Lamongan."),
    )
    income_band = forms.ChoiceField(
        label=_("Penghasilan"),
        choices=[("", _("Tidak diketahui")), *IncomeBand.choices],
        required=False,
        help_text=_("Tidak wajib."),
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tidak wajib. Hanya dibaca Bapas dan administrator."),
    )

    def __init__(self, *args, checkin: CheckIn, **kwargs):
        if checkin.is_done:
            initial = {
                "done_on": checkin.done_on,
                "method": checkin.method,
                "outcome": checkin.outcome,
                "uses_skill": {True: "1", False: "0"}.get(checkin.uses_skill, ""),
                "employer": checkin.employer,
                "income_band": checkin.income_band,
                "note": checkin.note,
            }
        else:
            initial = {"done_on": timezone.localdate()}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
