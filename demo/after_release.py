"""After the Lamongan story: six welders are released and Bapas Bojonegoro follows them.

Told through the services like the stories in ``demo.stories``: each release goes through
``inmate_release`` (the follow-up plan is made by its signal), consent and check-ins through
``followup.services``, each on a clock set to the day it happened. The days are counted back
from the day the demo is loaded, so that the PK officer's home page always has one check-in
overdue by about a month and one person whose consent is still to be asked:

- released 8 months ago, consent given to the PK officer at the first visit, the 3-month
  check-in (employed in a welding workshop) and the 6-month one (his own welding business)
  recorded; the 12-month one falls due in 4 months;
- released 4 months and 10 days ago, consent given to the Lapas at release, the 3-month
  check-in overdue since 40 days or so;
- released 3 months ago, refused at the first contact: only the release is kept;
- released 20 days ago, consent not yet asked;
- released 10 months ago, working at a rice mill (not the trained skill) at 3 and 6 months;
- released 7 months ago, not working at 3 months, in further welding training at 6.

With the first, the last two make three people reached at 6 months, as many as a group needs
before the reports show its working and skill figures.

The six are the first welders by name, all holding the BNSP certificate of the LSP test
(the one asked to retake it is the last by name); no other story needs them in the Lapas.
"""

import datetime as dt

from demo.stories import clock
from followup.models import Consent, ContactMethod, FollowUpPlan, IncomeBand, Outcome
from followup.schedule import add_months
from followup.services import checkin_record, consent_record, plan_assign
from inmates.models import Inmate
from inmates.services import inmate_release
from programs.models import Cohort, Enrollment

RELEASES = 6


def _release(inmate: Inmate, *, on: dt.date, operator) -> FollowUpPlan:
    with clock(on, hour=10):
        inmate_release(actor=operator, inmate=inmate, released_on=on, note="Bebas bersyarat (PB)")
    return FollowUpPlan.objects.get(inmate=inmate)


def _take(plan: FollowUpPlan, *, officer, on: dt.date) -> None:
    """The PK officer takes the case at the first contact."""
    with clock(on, hour=10):
        plan_assign(actor=officer, plan=plan, bapas=officer.bapas, officer=officer)


def _taken_and_consented(plan: FollowUpPlan, *, officer, days: int) -> None:
    """The PK officer takes the case at the first contact, ``days`` after release, where the
    person consents."""
    first_visit = plan.released_on + dt.timedelta(days=days)
    _take(plan, officer=officer, on=first_visit)
    _consent(plan, actor=officer, answer=Consent.GIVEN, on=first_visit)


def _consent(plan: FollowUpPlan, *, actor, answer: str, on: dt.date) -> None:
    with clock(on, hour=11):
        consent_record(actor=actor, plan=plan, consent=answer, on=on)


def _checkin(plan: FollowUpPlan, months: int, *, officer, late_by: int, **fields) -> None:
    checkin = plan.checkins.get(months=months)
    done_on = checkin.due_on + dt.timedelta(days=late_by)
    with clock(done_on, hour=14):
        checkin_record(actor=officer, checkin=checkin, done_on=done_on, **fields)


def tell_lamongan_followup(*, welding: Cohort, operator, officer, today: dt.date) -> None:
    """Release six welders on days before ``today`` and follow them (see the module)."""
    if FollowUpPlan.objects.filter(cohorts=welding).exists():
        return  # told already (the days stay those of the first telling)
    welders = [
        e.inmate
        for e in welding.enrollments.filter(
            status=Enrollment.Status.COMPLETED, inmate__status=Inmate.Status.ACTIVE
        )
        .select_related("inmate")
        .order_by("inmate__full_name")[:RELEASES]
    ]
    if len(welders) < RELEASES:
        return
    working, overdue, refused, pending, steady, idle = welders

    # Eight months out, working as a welder, then welding on his own account.
    plan = _release(working, on=add_months(today, -8), operator=operator)
    _taken_and_consented(plan, officer=officer, days=9)
    _checkin(
        plan,
        3,
        officer=officer,
        late_by=2,
        method=ContactMethod.VISIT,
        outcome=Outcome.EMPLOYED,
        uses_skill=True,
        employer="Bengkel las pagar dan kanopi, Babat",
        income_band=IncomeBand.FROM_1M,
        note="Diterima sebagai tukang las dengan sertifikat BNSP-nya. Tinggal bersama orang "
        "tua, rutin wajib lapor.",
    )
    _checkin(
        plan,
        6,
        officer=officer,
        late_by=5,
        method=ContactMethod.REPORT,
        outcome=Outcome.SELF_EMPLOYED,
        uses_skill=True,
        employer="Las teralis dan pagar di rumah sendiri",
        income_band=IncomeBand.FROM_1M,
        note="Membuka usaha las sendiri dengan mesin pinjaman kakaknya; pesanan dari tetangga "
        "dan dari bengkel lamanya.",
    )

    # Consent asked by the Lapas at release; the 3-month check-in is now overdue.
    on = add_months(today, -4) - dt.timedelta(days=10)
    plan = _release(overdue, on=on, operator=operator)
    _consent(plan, actor=operator, answer=Consent.GIVEN, on=on)

    # Refused at the first contact at the Bapas: only the release is kept.
    plan = _release(refused, on=add_months(today, -3), operator=operator)
    _take(plan, officer=officer, on=plan.released_on + dt.timedelta(days=12))
    _consent(
        plan,
        actor=officer,
        answer=Consent.REFUSED,
        on=plan.released_on + dt.timedelta(days=12),
    )

    # Released three weeks ago: consent still to be asked.
    _release(pending, on=today - dt.timedelta(days=20), operator=operator)

    # Two more with their 6-month contact made, so that this year's outcome figures reach the
    # three people a group needs before its working and skill figures show (figures.py).
    plan = _release(steady, on=add_months(today, -10), operator=operator)
    _taken_and_consented(plan, officer=officer, days=7)
    for months, late_by in ((3, 1), (6, 3)):
        _checkin(
            plan,
            months,
            officer=officer,
            late_by=late_by,
            method=ContactMethod.PHONE,
            outcome=Outcome.EMPLOYED,
            uses_skill=False,
            employer="Penggilingan padi, Sukodadi",
            income_band=IncomeBand.UNDER_1M,
            note="Belum ada lowongan las di desanya; bekerja di penggilingan padi milik pamannya.",
        )
    plan = _release(idle, on=add_months(today, -7), operator=operator)
    _taken_and_consented(plan, officer=officer, days=5)
    _checkin(
        plan,
        3,
        officer=officer,
        late_by=0,
        method=ContactMethod.REPORT,
        outcome=Outcome.NOT_WORKING,
        note="Mencari kerja di bengkel las sekitar Lamongan.",
    )
    _checkin(
        plan,
        6,
        officer=officer,
        late_by=2,
        method=ContactMethod.VISIT,
        outcome=Outcome.TRAINING,
        note="Ikut pelatihan las lanjutan (3G/4G) di BLK Lamongan.",
    )
