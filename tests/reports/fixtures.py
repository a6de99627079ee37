"""A small world whose every figure is known: the counting rules are tested against it."""

from datetime import date, datetime, time
from itertools import count

from django.utils import timezone

from certificates.models import Ceremony, CeremonyCertificate, Certificate
from inmates.models import Inmate
from programs import services
from programs.models import Attendance, Cohort, Session
from tests import factories

_sequence = count(1)

SEPTEMBER = (date(2025, 9, 1), date(2025, 9, 30))


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def certificate(enrollment, *, issued: date, status="valid", revoked: date | None = None):
    n = next(_sequence)
    return Certificate.objects.create(
        enrollment=enrollment,
        agency=enrollment.cohort.agency,
        year=issued.year,
        sequence=n,
        number=f"{n:04d}/UJI/{issued.year}",
        verification_code=f"{n:032d}",
        status=status,
        issued_at=at(issued),
        issued_by=enrollment.enrolled_by,
        revoked_at=at(revoked) if revoked else None,
        revocation_reason="Salah data" if status == "revoked" else "",
        snapshot={"holder": {"name": enrollment.inmate.full_name}},
    )


def build(facility, other_facility_far, agency, user):
    """Return the cohorts of the fixture; see ``tests/reports/test_counting.py`` for the sums."""
    welding = factories.ProgramFactory(name="Pengelasan")
    catfish = factories.ProgramFactory(name="Budidaya Lele")

    def cohort(program, start, end, status, where=facility):
        return factories.CohortFactory(
            program=program,
            facility=where,
            agency=agency,
            start_date=start,
            end_date=end,
            status=status,
            created_by=user,
        )

    def enrol(c, name, status="completed", result="", reason="", left=None):
        return factories.EnrollmentFactory(
            cohort=c,
            inmate=factories.InmateFactory(facility=c.facility, full_name=name),
            enrolled_by=user,
            status=status,
            result=result,
            withdrawal_reason=reason,
            withdrawn_at=at(left) if left else None,
        )

    # c1: closed in September (it began in August).
    c1 = cohort(welding, date(2025, 8, 20), date(2025, 9, 10), Cohort.Status.CLOSED)
    e1 = enrol(c1, "Ahmad", result="K")
    e2 = enrol(c1, "Budi", result="BK")
    enrol(c1, "Candra", status="withdrawn", reason="released", left=date(2025, 9, 3))
    e4 = enrol(c1, "Dedi", result="K")
    s_aug = factories.SessionFactory(cohort=c1, date=date(2025, 8, 25))
    s_sep = factories.SessionFactory(cohort=c1, date=date(2025, 9, 5))
    for session in (s_aug, s_sep):
        session.attendance_taken_at = at(session.date)
        session.save()
    factories.SessionFactory(cohort=c1, date=date(2025, 9, 8), not_held_reason="holiday")
    for e, mark in ((e1, "hadir"), (e2, "alpa"), (e4, "hadir")):
        Attendance.objects.create(session=s_sep, enrollment=e, status=mark, recorded_by=user)
        Attendance.objects.create(session=s_aug, enrollment=e, status="alpa", recorded_by=user)
    # e1: first certificate corrected by a reissue; e4: certificate revoked in September.
    original = certificate(e1, issued=date(2025, 9, 11), status="superseded")
    valid = certificate(e1, issued=date(2025, 9, 12))
    original.superseded_by = valid
    original.save()
    revoked = certificate(e4, issued=date(2025, 9, 12), status="revoked", revoked=date(2025, 9, 20))
    ceremony = Ceremony.objects.create(
        cohort=c1, agency=agency, date=date(2025, 9, 15), place="Aula", created_by=user
    )
    CeremonyCertificate.objects.create(ceremony=ceremony, certificate=valid, position=1)
    CeremonyCertificate.objects.create(ceremony=ceremony, certificate=revoked, position=2)
    # e4 was transferred afterwards: his training stays with the facility that held it.
    Inmate.objects.filter(pk=e4.inmate_id).update(
        facility=other_facility_far, status=Inmate.Status.ACTIVE
    )

    # c2: running from September into the next year.
    c2 = cohort(catfish, date(2025, 9, 25), date(2026, 1, 15), Cohort.Status.RUNNING)
    e5 = enrol(c2, "Eko", status="enrolled")
    e6 = enrol(c2, "Fajar", status="withdrawn", reason="discipline", left=date(2025, 9, 30))
    s2 = factories.SessionFactory(cohort=c2, date=date(2025, 9, 29), start_time=time(8))
    s2.hours = 2
    s2.attendance_taken_at = at(s2.date)
    s2.save()
    for e in (e5, e6):
        Attendance.objects.create(session=s2, enrollment=e, status="hadir", recorded_by=user)

    # Marks written here directly are counted as the attendance service counts them.
    services.session_counts_refresh(sessions=Session.objects.filter(cohort__in=[c1, c2]))

    # c3: closed in September, then reopened: it is running again, nobody has finished.
    c3 = cohort(welding, date(2025, 7, 1), date(2025, 9, 20), Cohort.Status.RUNNING)
    enrol(c3, "Gilang", result="K")

    # Not counted: a planned and a cancelled cohort in September.
    enrol(cohort(welding, date(2025, 9, 1), date(2025, 9, 30), Cohort.Status.PLANNED), "Hadi")
    enrol(cohort(catfish, date(2025, 9, 1), date(2025, 9, 30), Cohort.Status.CANCELLED), "Imam")

    # c4: another province's facility.
    c4 = cohort(
        welding, date(2025, 9, 1), date(2025, 9, 30), Cohort.Status.CLOSED, where=other_facility_far
    )
    enrol(c4, "Joko", result="K")
    return {"c1": c1, "c2": c2, "c3": c3, "c4": c4, "e1": e1}
