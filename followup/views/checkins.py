"""Recording one check-in: the PK officer's form, made for a phone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from followup import selectors, services
from followup.forms import CheckInForm
from followup.models import WORKING
from followup.schedule import earliest_contact
from lapas_training.forms import apply_validation_error

# Where the form sends the officer back to: his home when he came from it, else the plan.
BACK_HOME = "beranda"


@login_required
@require_http_methods(["GET", "POST"])
def checkin_record(request, pk: int):
    """Record (or correct) a check-in: the plan's Bapas and admins, only with consent."""
    checkin = selectors.checkin_for_user_or_404(user=request.user, pk=pk)
    plan = checkin.plan
    opens_on = earliest_contact(plan.released_on, checkin.months)
    back = request.POST.get("back") or request.GET.get("back") or ""
    back = BACK_HOME if back == BACK_HOME else ""
    context = {
        "checkin": checkin,
        "plan": plan,
        "back": back,
        # The outcomes whose work the form asks about; the script hides the questions otherwise.
        "working_outcomes": " ".join(sorted(WORKING)),
        # Before it opens (a month before it falls due) the page says from when.
        "opens_on": None if checkin.is_done or opens_on <= timezone.localdate() else opens_on,
    }
    if not plan.may_record:
        # Without consent nothing is recorded: the page says why and offers no form.
        return render(request, "followup/checkin_form.html", {**context, "form": None})
    form = CheckInForm(request.POST or None, checkin=checkin)
    if request.method == "POST" and form.is_valid():
        first = not checkin.is_done
        try:
            services.checkin_record(actor=request.user, checkin=checkin, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            message = (
                _("Kontak %(months)d bulan untuk %(name)s disimpan.")
                if first
                else _("Koreksi kontak %(months)d bulan untuk %(name)s disimpan.")
            )
            messages.success(
                request, message % {"months": checkin.months, "name": plan.inmate.full_name}
            )
            if back == BACK_HOME:
                return redirect("reports:home")
            return redirect("followup:detail", pk=plan.pk)
    return render(request, "followup/checkin_form.html", {**context, "form": form})
