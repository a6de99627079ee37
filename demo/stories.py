"""The two seed stories told through the services, so every screen has something on it.

Lamongan happened in 2025: it is told on a clock set to each day it happened (numbers, audit
trail and certificates carry those dates). Mojokerto runs now: its dates are computed from the
day the demo is loaded, so that an instructor has a session to record today.
"""

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

from django.conf import settings

from certificates.services import ceremony_create, certificates_issue
from competency.services import (
    TestResult,
    bnsp_certificate_record,
    competency_results_record,
    competency_test_create,
)
from demo.data import LAMONGAN_EVENT, LAMONGAN_TEST, MOJOKERTO_EVENT
from inmates.models import Inmate
from programs import selectors
from programs.models import Cohort, NotHeldReason, Session, TrainingEvent
from programs.services import (
    Assessment,
    assessments_record,
    attendance_record,
    cohort_close,
    cohort_create,
    cohort_start,
    enrollments_create,
    event_create,
    session_create,
    session_mark_not_held,
)

TUESDAY, THURSDAY = 1, 3


@contextmanager
def clock(day: dt.date, hour: int = 9):
    """Let the services believe it is ``hour`` o'clock on ``day`` (Asia/Jakarta)."""
    moment = dt.datetime.combine(day, dt.time(hour), ZoneInfo(settings.TIME_ZONE))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _pick(cohort: Cohort, count: int) -> list[Inmate]:
    """Return the first ``count`` inmates of the facility who may join the cohort."""
    candidates = list(
        cohort.facility.inmates.filter(status=Inmate.Status.ACTIVE).order_by("registration_number")
    )
    verdicts = selectors.enrollment_eligibility_bulk(cohort=cohort, inmates=candidates)
    fit = [i for i in candidates if verdicts[i.pk].allowed and not verdicts[i.pk].warnings]
    return fit[:count]


def _schedule(cohort, *, actor, first, last, weekdays, start, end, today=None) -> None:
    day, number = first, 1
    while day <= last:
        if day.weekday() in weekdays or day == today:
            session_create(
                actor=actor,
                cohort=cohort,
                date=day,
                start_time=start,
                end_time=end,
                topic=f"Pertemuan {number}",
            )
            number += 1
        day += dt.timedelta(days=1)


def _record(session: Session, roster, *, actor, seat: int) -> None:
    """Take a session's attendance: nearly everyone present, a few excused, sick or absent."""
    entries = {}
    for n, enrollment in enumerate(roster):
        turn = (n + session.pk + seat) % 23
        status = {0: "izin", 7: "sakit", 15: "alpa"}.get(turn, "hadir")
        entries[enrollment.pk] = (status, "")
    attendance_record(actor=actor, session=session, entries=entries)


def tell_lamongan(*, facility, agency, programs, operator, instructor, agency_admin) -> Cohort:
    """The Lamongan event, from the decree to the ceremony where 40 certificates were handed.

    Returns the welding cohort, whose welders go on to an LSP's test; None when the database
    holds an earlier version of the demo, whose cohorts already hold the facility's inmates.
    """
    spec = LAMONGAN_EVENT
    told = TrainingEvent.objects.filter(name=spec["name"]).first()
    if told is not None:
        return told.cohorts.get(program__code="LAS")
    if facility.cohorts.exists():
        return None  # an earlier demo's cohorts hold its inmates: the story cannot be told
    with clock(spec["decree_date"]):
        event = event_create(
            actor=operator,
            facility=facility,
            agencies=[agency],
            name=spec["name"],
            funding_source=spec["funding_source"],
            start_date=spec["start_date"],
            end_date=spec["end_date"],
            decree_number=spec["decree_number"],
            decree_date=spec["decree_date"],
            decree_issuer=spec["decree_issuer"],
        )
        cohorts = []
        for code in spec["programs"]:
            cohort = cohort_create(
                actor=operator,
                event=event,
                program=programs[code],
                facility=facility,
                agency=agency,
                name="Angkatan Tahap II 2025",
                start_date=spec["start_date"],
                end_date=spec["end_date"],
                capacity=10,
                instructors=[instructor],
            )
            _schedule(
                cohort,
                actor=operator,
                first=spec["start_date"],
                last=spec["last_session"],
                weekdays=(TUESDAY, THURSDAY),
                start=dt.time(8),
                end=dt.time(12),
            )
            enrollments_create(
                actor=operator,
                cohort=cohort,
                inmates=_pick(cohort, spec["participants_per_program"]),
            )
            cohorts.append(cohort)
    with clock(spec["start_date"], hour=8):
        for cohort in cohorts:
            cohort_start(actor=operator, cohort=cohort)
    for seat, cohort in enumerate(cohorts):
        roster = list(cohort.enrollments.order_by("inmate__full_name"))
        for session in cohort.sessions.order_by("date"):
            with clock(session.date, hour=12):
                if session.date == spec["lockdown"]:
                    session_mark_not_held(
                        actor=instructor,
                        session=session,
                        reason=NotHeldReason.LOCKDOWN,
                        note="Penggeledahan kamar hunian",
                    )
                else:
                    _record(session, roster, actor=instructor, seat=seat)
        units = list(cohort.program.units.all())
        with clock(spec["last_session"], hour=13):
            assessments_record(
                actor=instructor,
                cohort=cohort,
                assessments={
                    e.pk: Assessment(
                        result="K",
                        score=Decimal(72 + (n * 7) % 25),
                        units={unit.pk: "K" for unit in units},
                    )
                    for n, e in enumerate(roster)
                },
            )
        with clock(spec["last_session"], hour=14):
            cohort_close(actor=instructor, cohort=cohort)
    with clock(spec["ceremony"] - dt.timedelta(days=1)):
        for cohort in cohorts:
            certificates_issue(actor=agency_admin, cohort=cohort)
        ceremony_create(
            actor=agency_admin,
            event=event,
            agency=agency,
            date=spec["ceremony"],
            place="Aula Lapas Kelas IIB Lamongan",
            officials=spec["officials"],
        )
    welding = next(c for c in cohorts if c.program.code == "LAS")
    return welding


def tell_lamongan_test(*, welding: Cohort, lsp, operator, lsp_admin) -> None:
    """After the ceremony the welders sit an LSP's test; the BNSP certificates follow."""
    spec = LAMONGAN_TEST
    if welding.competency_tests.exists():
        return
    with clock(spec["date"] - dt.timedelta(days=14)):
        test = competency_test_create(
            actor=operator,
            facility=welding.facility,
            lsp=lsp,
            scheme_name=spec["scheme_name"],
            scheme_number=spec["scheme_number"],
            units=[unit.standard_unit for unit in welding.program.units.all()],
            site=spec["site"],
            date=spec["date"],
            cohorts=[welding],
            assessors=spec["assessors"],
        )
    assessees = list(test.assessees.order_by("enrollment__inmate__full_name"))
    unit_ids = list(test.units.values_list("pk", flat=True))
    retake = {a.pk for a in assessees[-spec["not_yet_competent"] :]}
    with clock(spec["date"], hour=15):
        competency_results_record(
            actor=lsp_admin,
            test=test,
            results={
                a.pk: TestResult(
                    "BK" if a.pk in retake else "K",
                    {
                        u: ("BK" if a.pk in retake and n == len(unit_ids) - 1 else "K")
                        for n, u in enumerate(unit_ids)
                    },
                )
                for a in assessees
            },
        )
    with clock(spec["certificates_issued"]):
        for n, assessee in enumerate(a for a in assessees if a.pk not in retake):
            assessee.refresh_from_db()
            bnsp_certificate_record(
                actor=lsp_admin,
                assessee=assessee,
                number=f"LAS.3G.{n + 1:05d} 2025",
                blanko_number=f"{2511000 + n + 1:07d}",
                issued_on=spec["certificates_issued"],
            )


def tell_mojokerto(*, facility, agency, programs, operator, instructor, today: dt.date) -> None:
    """The Mojokerto event: catfish farming running today, four more programs starting soon."""
    spec = MOJOKERTO_EVENT
    start = today - dt.timedelta(days=35)
    end = today + dt.timedelta(days=56)
    name = spec["name"].format(year=start.year)
    if TrainingEvent.objects.filter(name=name).exists():
        return
    event = event_create(
        actor=operator,
        facility=facility,
        agencies=[agency],
        name=name,
        funding_source=spec["funding_source"],
        start_date=start,
        end_date=end,
    )
    running = _cohort(event, programs[spec["running"]], operator, instructor, start, end)
    _schedule(
        running,
        actor=operator,
        first=start,
        last=end,
        weekdays=(TUESDAY, THURSDAY),
        start=dt.time(8),
        end=dt.time(11),
        today=today,
    )
    enrollments_create(
        actor=operator, cohort=running, inmates=_pick(running, spec["participants"]["LELE"])
    )
    cohort_start(actor=operator, cohort=running)
    roster = list(running.enrollments.order_by("inmate__full_name"))
    past = list(running.sessions.filter(date__lt=today).order_by("date"))
    # The latest past session is left for the instructor to record, with today's.
    for session in past[:-1]:
        _record(session, roster, actor=instructor, seat=0)
    soon = today + dt.timedelta(days=14)
    for code in spec["planned"]:
        cohort = _cohort(event, programs[code], operator, instructor, soon, end)
        _schedule(
            cohort,
            actor=operator,
            first=soon,
            last=end,
            weekdays=(0, 2, 4),
            start=dt.time(8),
            end=dt.time(11),
        )
        enrollments_create(
            actor=operator, cohort=cohort, inmates=_pick(cohort, spec["participants"][code])
        )


def _cohort(event, program, operator, instructor, start, end) -> Cohort:
    return cohort_create(
        actor=operator,
        event=event,
        program=program,
        facility=event.facility,
        agency=event.agencies.get(),
        name=f"Angkatan I {start.year}",
        start_date=start,
        end_date=end,
        capacity=20,
        instructors=[instructor],
    )
