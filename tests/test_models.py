"""Database constraints hold even when code forgets to check."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lapas_training.models import Role, User
from programs.models import Enrollment
from tests import factories

pytestmark = pytest.mark.django_db


def test_registration_number_is_unique_per_facility_only(facility, other_facility):
    factories.InmateFactory(facility=facility, registration_number="BI.0001/2025")
    factories.InmateFactory(facility=other_facility, registration_number="BI.0001/2025")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.InmateFactory(facility=facility, registration_number="BI.0001/2025")


@pytest.mark.parametrize(
    ("role", "with_facility", "with_agency"),
    [
        (Role.LAPAS_OPERATOR, False, False),
        (Role.LAPAS_HEAD, False, True),
        (Role.INSTRUCTOR, True, False),
        (Role.AGENCY_ADMIN, False, False),
        (Role.ADMIN, True, False),
    ],
)
def test_role_must_match_affiliation(role, with_facility, with_agency, facility, agency):
    user = User(
        username="x",
        full_name="X",
        role=role,
        facility=facility if with_facility else None,
        agency=agency if with_agency else None,
    )
    with pytest.raises(ValidationError):
        user.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        user.save()


def test_one_active_enrollment_per_cohort_but_rejoin_after_withdrawal(cohort):
    first = factories.EnrollmentFactory(
        cohort=cohort, status=Enrollment.Status.WITHDRAWN, withdrawal_reason="health"
    )
    again = factories.EnrollmentFactory(cohort=cohort, inmate=first.inmate)
    assert again.status == Enrollment.Status.ENROLLED
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.EnrollmentFactory(cohort=cohort, inmate=first.inmate)


def test_withdrawal_needs_a_reason(cohort):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.EnrollmentFactory(cohort=cohort, status=Enrollment.Status.WITHDRAWN)


def test_cohort_cannot_end_before_it_starts(facility, agency, operator):
    cohort = factories.CohortFactory.build(
        facility=facility,
        agency=agency,
        created_by=operator,
        program=factories.ProgramFactory(),
        start_date=date(2025, 9, 1),
        end_date=date(2025, 6, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        cohort.full_clean()
    assert excinfo.value.messages == ["Tanggal selesai tidak boleh sebelum tanggal mulai."]
    with pytest.raises(IntegrityError), transaction.atomic():
        cohort.save()


def test_score_outside_zero_to_hundred_is_refused(cohort):
    enrollment = factories.EnrollmentFactory(cohort=cohort)
    enrollment.score = 101
    with pytest.raises(ValidationError):
        enrollment.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        enrollment.save()


def test_nik_must_be_sixteen_digits(facility):
    inmate = factories.InmateFactory.build(facility=facility, nik="12345")
    with pytest.raises(ValidationError) as excinfo:
        inmate.full_clean()
    assert excinfo.value.message_dict == {"nik": ["NIK harus terdiri dari tepat 16 angka."]}


def test_masked_nik_shows_only_the_last_four_digits():
    inmate = factories.InmateFactory.build(nik="3524011234567890")
    assert inmate.masked_nik == "••••••••••••7890"
    assert factories.InmateFactory.build(nik="").masked_nik == ""
