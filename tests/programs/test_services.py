"""Cohort and enrollment services: validation, transitions, eligibility, audit."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from inmates.models import Inmate
from lapas_training.models import AuditEvent
from programs.models import Cohort, Enrollment
from programs.selectors import enrollment_eligibility
from programs.services import (
    cohort_cancel,
    cohort_create,
    cohort_start,
    enrollment_create,
    session_create,
)
from tests import factories
from tests.helpers import audit_actions

pytestmark = pytest.mark.django_db


def test_cohort_create_refuses_instructor_of_another_agency(
    operator, facility, agency, other_agency
):
    foreign = factories.UserFactory(role="instructor", agency=other_agency)
    with pytest.raises(ValidationError) as excinfo:
        cohort_create(
            actor=operator,
            program=factories.ProgramFactory(),
            facility=facility,
            agency=agency,
            name="Angkatan I",
            start_date=date(2026, 1, 5),
            end_date=date(2026, 3, 27),
            instructors=[foreign],
        )
    assert excinfo.value.message_dict == {
        "instructors": ["Instruktur harus pengguna berperan instruktur dari instansi mitra."]
    }
    assert Cohort.objects.count() == 0


def test_cohort_lifecycle_only_through_allowed_transitions(operator, cohort):
    cohort.status = Cohort.Status.PLANNED
    cohort.save()
    cohort = cohort_start(actor=operator, cohort=cohort)
    assert cohort.status == Cohort.Status.RUNNING
    with pytest.raises(ValidationError):
        cohort_start(actor=operator, cohort=cohort)
    with pytest.raises(ValidationError):
        cohort_cancel(actor=operator, cohort=cohort, reason="  ")
    cohort = cohort_cancel(actor=operator, cohort=cohort, reason="Instruktur berhalangan")
    assert cohort.status == Cohort.Status.CANCELLED
    assert audit_actions() == ["cohort.running", "cohort.cancelled"]


def test_session_must_fall_within_the_cohort(operator, cohort):
    with pytest.raises(ValidationError) as excinfo:
        session_create(
            actor=operator,
            cohort=cohort,
            date=date(2020, 1, 1),
            start_time=time(8),
            end_time=time(10),
        )
    assert excinfo.value.message_dict == {
        "date": ["Tanggal sesi harus di antara tanggal mulai dan selesai angkatan."]
    }
    with pytest.raises(ValidationError):
        session_create(
            actor=operator,
            cohort=cohort,
            date=cohort.start_date,
            start_time=time(10),
            end_time=time(8),
        )


def test_eligible_inmate_is_enrolled_and_audited(operator, cohort):
    inmate = factories.InmateFactory(facility=cohort.facility)
    enrollment = enrollment_create(actor=operator, cohort=cohort, inmate=inmate)
    assert enrollment.status == Enrollment.Status.ENROLLED
    assert audit_actions() == ["enrollment.created"]


def test_inmate_of_another_facility_is_blocked(operator, cohort, other_facility):
    inmate = factories.InmateFactory(facility=other_facility)
    assert enrollment_eligibility(cohort=cohort, inmate=inmate).blocks == [
        "WBP tidak berada di UPT penyelenggara angkatan ini."
    ]
    with pytest.raises(ValidationError):
        enrollment_create(actor=operator, cohort=cohort, inmate=inmate)
    assert Enrollment.objects.count() == 0


def test_released_inmate_is_blocked(cohort):
    inmate = factories.InmateFactory(facility=cohort.facility, status=Inmate.Status.RELEASED)
    assert enrollment_eligibility(cohort=cohort, inmate=inmate).blocks == [
        "WBP berstatus Bebas, bukan aktif."
    ]


def test_full_closed_and_overlapping_cohorts_are_blocked(cohort, facility, agency):
    cohort.capacity = 1
    cohort.save()
    factories.EnrollmentFactory(cohort=cohort)
    inmate = factories.InmateFactory(facility=facility)
    assert enrollment_eligibility(cohort=cohort, inmate=inmate).blocks == [
        "Angkatan sudah penuh (1/1)."
    ]
    closed = factories.CohortFactory(facility=facility, agency=agency, status="closed")
    assert enrollment_eligibility(cohort=closed, inmate=inmate).blocks == [
        "Angkatan sudah ditutup."
    ]
    running = factories.CohortFactory(
        facility=facility, agency=agency, start_date=date(2026, 9, 1), end_date=date(2026, 12, 1)
    )
    factories.EnrollmentFactory(cohort=running, inmate=inmate)
    third = factories.CohortFactory(
        facility=facility, agency=agency, start_date=date(2026, 11, 1), end_date=date(2027, 2, 1)
    )
    assert enrollment_eligibility(cohort=third, inmate=inmate).blocks == [
        f"Jadwal bertabrakan dengan angkatan lain yang sedang diikuti: {running}."
    ]


def test_release_before_end_is_a_warning_that_needs_a_written_reason(operator, cohort):
    inmate = factories.InmateFactory(
        facility=cohort.facility, expected_release_date=date(2026, 8, 17)
    )
    eligibility = enrollment_eligibility(cohort=cohort, inmate=inmate)
    assert eligibility.blocks == []
    assert eligibility.warnings == ["Tanggal bebas (17/08/2026) sebelum angkatan selesai."]
    with pytest.raises(ValidationError) as excinfo:
        enrollment_create(actor=operator, cohort=cohort, inmate=inmate, override_reason=" ")
    assert excinfo.value.message_dict == {
        str(inmate.pk): [
            "Tuliskan alasan untuk tetap mendaftarkan WBP ini: "
            "Tanggal bebas (17/08/2026) sebelum angkatan selesai."
        ]
    }
    assert Enrollment.objects.count() == 0

    enrollment = enrollment_create(
        actor=operator, cohort=cohort, inmate=inmate, override_reason="Remisi belum pasti"
    )
    assert enrollment.override_reason == "Remisi belum pasti"
    assert audit_actions() == ["enrollment.created", "enrollment.warning_overridden"]
    override = AuditEvent.objects.get(action="enrollment.warning_overridden")
    assert override.data == {
        "warnings": ["Tanggal bebas (17/08/2026) sebelum angkatan selesai."],
        "reason": "Remisi belum pasti",
    }


def test_completed_same_program_is_a_warning(cohort, facility, agency):
    inmate = factories.InmateFactory(facility=facility)
    earlier = factories.CohortFactory(
        facility=facility,
        agency=agency,
        program=cohort.program,
        start_date=date(2025, 1, 6),
        end_date=date(2025, 3, 28),
        status="closed",
    )
    factories.EnrollmentFactory(cohort=earlier, inmate=inmate, status="completed", result="K")
    assert enrollment_eligibility(cohort=cohort, inmate=inmate).warnings == [
        "WBP sudah pernah menyelesaikan program yang sama."
    ]
