"""A certificate keeps its enrollment's cohort (the reports count by it); they never disagree."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from certificates.models import Certificate
from programs.models import Enrollment
from tests import factories
from tests.reports import fixtures

pytestmark = pytest.mark.django_db


def test_a_certificate_takes_its_enrollments_cohort(cohort, operator):
    enrollment = factories.EnrollmentFactory(cohort=cohort, enrolled_by=operator)
    certificate = fixtures.certificate(enrollment, issued=date(2026, 9, 1))
    assert certificate.cohort_id == enrollment.cohort_id == cohort.pk


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a composite foreign key is PostgreSQL's; CI runs this test there",
)
def test_the_database_refuses_a_copy_that_disagrees(cohort, other_cohort, operator):
    enrollment = factories.EnrollmentFactory(cohort=cohort, enrolled_by=operator)
    certificate = fixtures.certificate(enrollment, issued=date(2026, 9, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(cohort=other_cohort)
        connection.check_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.filter(pk=enrollment.pk).update(cohort=other_cohort)
        connection.check_constraints()
