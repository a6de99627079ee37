"""Forms of the follow-up pages: consent, the Bapas and officer of a plan, one check-in."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from followup.models import (
    WORKING,
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
    on = IndonesianDateField(label=_("Tanggal jawaban"))
    confirm_removal = forms.BooleanField(required=False)

    def __init__(self, *args, plan: FollowUpPlan, answers: list[str], **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["consent"].choices = [(answer, Consent(answer).label) for answer in answers]
        self.withdrawal_only = answers == [Consent.WITHDRAWN]
        # A withdrawal deletes what the Bapas recorded: said, and ticked, before it happens.
        self.recorded = sum(1 for checkin in plan.checkins.all() if checkin.done_on)
        if Consent.WITHDRAWN in answers and self.recorded:
            self.fields["confirm_removal"].label = ngettext(
                "Saya mengerti bahwa %(n)d catatan kontak yang sudah dibuat akan dihapus.",
                "Saya mengerti bahwa %(n)d catatan kontak yang sudah dibuat akan dihapus.",
                self.recorded,
            ) % {"n": self.recorded}
        else:
            del self.fields["confirm_removal"]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("consent") == Consent.WITHDRAWN
            and "confirm_removal" in self.fields
            and not cleaned.get("confirm_removal")
        ):
            self.add_error(
                "confirm_removal", _("Centang untuk menyatakan bahwa catatan kontak akan dihapus.")
            )
        return cleaned


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
        help_text=_(
            "Boleh dikosongkan: seorang PK Bapas itu dapat mengambilnya dari halaman rencana."
        ),
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

    def clean(self):
        # The service says these too; here they come with the other errors of the same sending
        # (a mistyped date would otherwise hide a missing answer until the next one).
        cleaned = super().clean()
        done_on = cleaned.get("done_on")
        if done_on and done_on > timezone.localdate():
            self.add_error("done_on", _("Tanggal kontak tidak boleh di masa depan."))
        if cleaned.get("outcome") in WORKING and cleaned.get("uses_skill") is None:
            self.add_error(
                "uses_skill", _("Jawab apakah pekerjaannya memakai keterampilan pelatihan.")
            )
        return cleaned
