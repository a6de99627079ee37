"""Cohort and enrollment constraints hold even when code forgets to check."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from programs.models import Enrollment
from tests import factories

pytestmark = pytest.mark.django_db


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
