"""The history generator: exact sizes, consistent rows, same seed same data, skipped if present."""

import hashlib
import io
from collections import defaultdict
from datetime import date
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import transaction

from certificates import selectors
from certificates.models import Ceremony, CeremonyCertificate, Certificate, CertificateCounter
from demo.history import CITIES
from inmates.models import Facility
from lapas_training.models import AuditEvent
from programs.models import Attendance, Cohort, Enrollment, Session

pytestmark = pytest.mark.django_db

TINY = {"facilities": 3, "years": 2, "cohorts_per_year": 2, "participants": 5, "sessions": 3}


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_history", stdout=out, **{**TINY, "end_year": 2025, **options})
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (Facility, Cohort, Session, Enrollment, Attendance, Certificate, Ceremony)
    return {model.__name__: model.objects.count() for model in models}


def digest() -> str:
    """Hash what the history says, without the ids a database hands out."""
    rows = [
        sorted(
            Cohort.objects.values_list(
                "facility__code", "program__code", "agency__code", "name", "start_date", "status"
            )
        ),
        sorted(
            Enrollment.objects.values_list(
                "cohort__facility__code",
                "cohort__start_date",
                "inmate__registration_number",
                "inmate__full_name",
                "status",
                "result",
                "score",
                "withdrawal_reason",
            )
        ),
        sorted(
            Attendance.objects.values_list(
                "session__date", "enrollment__inmate__registration_number", "status"
            )
        ),
        sorted(Certificate.objects.values_list("number", "verification_code", "status")),
        sorted(Ceremony.objects.values_list("cohort__name", "agency__code", "date")),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def assert_no_overlapping_cohorts() -> None:
    spans = defaultdict(list)
    for inmate, start, end in Enrollment.objects.values_list(
        "inmate_id", "cohort__start_date", "cohort__end_date"
    ):
        spans[inmate].append((start, end))
    for dates in spans.values():
        dates.sort()
        for (_start, end), (next_start, _end) in pairwise(dates):
            assert end < next_start


def test_seed_history_builds_the_promised_history_once():
    output = seed()

    assert "Selesai: 3 UPT, 12 angkatan, 60 peserta" in output
    facilities = Facility.objects.filter(code__startswith="hist-")
    assert facilities.count() == 3
    provinces = set(facilities.values_list("province", flat=True))
    assert len(provinces) > 1 and provinces <= set(CITIES)
    assert Cohort.objects.count() == 3 * 2 * 2
    assert Enrollment.objects.count() == 3 * 2 * 2 * 5
    for cohort in Cohort.objects.all():
        assert cohort.enrollments.count() == 5
        assert cohort.agency.code.startswith("HST-")
        assert cohort.start_date.year in (2024, 2025)
        held = cohort.sessions.held().count()
        if cohort.end_date <= date(2025, 12, 31):
            assert cohort.status in (Cohort.Status.CLOSED, Cohort.Status.CANCELLED)
        if cohort.status == Cohort.Status.CLOSED:
            assert held == 3 and cohort.closed_at is not None
        if cohort.status == Cohort.Status.CANCELLED:
            assert held == 0
    assert_no_overlapping_cohorts()

    # Attendance: one row per held session and participant who did not withdraw.
    assert not Attendance.objects.filter(enrollment__status=Enrollment.Status.WITHDRAWN).exists()
    expected = sum(
        c.sessions.held().count() * c.enrollments.active().count() for c in Cohort.objects.all()
    )
    assert Attendance.objects.count() == expected > 0
    assert Attendance.objects.filter(status="hadir").count() > expected / 2

    # Certificates: exactly the completed K participants of closed cohorts hold them.
    qualified = Enrollment.objects.filter(
        status=Enrollment.Status.COMPLETED, result="K", cohort__status=Cohort.Status.CLOSED
    )
    holders = set(Certificate.objects.values_list("enrollment_id", flat=True))
    assert holders == set(qualified.values_list("pk", flat=True))
    assert holders
    for certificate in Certificate.objects.select_related("enrollment__cohort", "agency"):
        cohort = certificate.enrollment.cohort
        assert certificate.agency_id == cohort.agency_id
        assert certificate.number.startswith(f"{certificate.sequence:04d}/{cohort.agency.code}/")
        assert certificate.snapshot["number"] == certificate.number
        assert certificate.snapshot["holder"]["name"] == certificate.enrollment.inmate.full_name
        # Three sessions deliver fewer JP than any program: a written decision states them.
        assert certificate.snapshot["program"]["hours"] == (
            selectors.hours_plan(cohort=cohort).printed
        )
        if certificate.is_superseded:
            successor = certificate.superseded_by
            assert successor.is_valid and successor.enrollment_id == certificate.enrollment_id
    for cohort in Cohort.objects.filter(status=Cohort.Status.CLOSED):
        for row in selectors.issuance_preview(cohort=cohort):
            assert bool(row.blocks) == (row.enrollment.result != "K")
    for counter in CertificateCounter.objects.all():
        numbers = Certificate.objects.filter(agency=counter.agency, year=counter.year)
        assert counter.last_sequence == numbers.count()

    # Ceremonies hand over certificates of their own cohort.
    assert Ceremony.objects.exists()
    for item in CeremonyCertificate.objects.select_related("ceremony", "certificate__enrollment"):
        assert item.certificate.enrollment.cohort_id == item.ceremony.cohort_id
    assert not AuditEvent.objects.exists()

    before = counts()
    assert "dilewati" in seed()
    assert counts() == before


def test_the_same_seed_gives_the_same_history():
    class Undo(Exception):
        pass

    digests = []
    for options in ({}, {}, {"seed": 7}):
        with pytest.raises(Undo), transaction.atomic():
            seed(**options)
            digests.append(digest())
            raise Undo

    assert digests[0] == digests[1] != digests[2]
    assert not Cohort.objects.exists()


def test_seed_history_reuses_the_scale_register_without_overlaps():
    call_command("seed_scale", inmates=150, facilities=3, stdout=io.StringIO())

    seed()

    assert not Facility.objects.filter(code__startswith="hist-").exists()
    history = Cohort.objects.filter(agency__code__startswith="HST-")
    assert history.count() == 12
    assert set(history.values_list("facility__code", flat=True)) == {
        "scale-00001",
        "scale-00002",
        "scale-00003",
    }
    # The scale cohort of 2025 overlaps the history's last year: nobody is in both at once.
    assert_no_overlapping_cohorts()
    for enrollment in Enrollment.objects.select_related("inmate", "cohort"):
        assert enrollment.inmate.facility_id == enrollment.cohort.facility_id
