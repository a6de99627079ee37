"""Every audit event names the facility it concerns, found without a query."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates.models import Ceremony
from lapas_training.audit import audit_log
from programs.models import Attendance, Enrollment, Session
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_explicit_facility_wins_over_the_object_and_the_actor(operator, other_facility):
    inmate = factories.InmateFactory(facility=operator.facility)
    by_instance = audit_log(
        action="inmate.updated", actor=operator, obj=inmate, facility=other_facility
    )
    by_id = audit_log(
        action="inmate.updated", actor=operator, obj=inmate, facility=other_facility.pk
    )
    assert (by_instance.facility_id, by_id.facility_id) == (other_facility.pk, other_facility.pk)


def test_the_object_facility_wins_over_the_actor(operator, other_facility):
    inmate = factories.InmateFactory(facility=other_facility)
    event = audit_log(action="inmate.transferred", actor=operator, obj=inmate)
    event.refresh_from_db()
    assert event.facility_id == other_facility.pk


def test_a_facility_is_its_own_facility(system_admin, facility):
    event = audit_log(action="facility.changed_in_admin", actor=system_admin, obj=facility)
    assert event.facility_id == facility.pk


def test_a_loaded_cohort_gives_its_facility_without_a_query(cohort, agency_admin):
    session = Session.objects.select_related("cohort").get(
        pk=factories.SessionFactory(cohort=cohort).pk
    )
    with CaptureQueriesContext(connection) as queries:
        event = audit_log(action="session.deleted", actor=agency_admin, obj=session)
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["INSERT"]
    assert event.facility_id == cohort.facility_id


def test_a_loaded_enrollment_with_its_cohort_gives_the_facility(cohort, agency_admin, instructor):
    enrollment = factories.EnrollmentFactory(cohort=cohort)
    session = factories.SessionFactory(cohort=cohort)
    mark = Attendance.objects.create(
        session=session, enrollment=enrollment, status="hadir", recorded_by=instructor
    )
    loaded = Attendance.objects.select_related("session", "enrollment__cohort__program").get(
        pk=mark.pk
    )
    loaded.enrollment.inmate = enrollment.inmate  # for its name, without a query
    with CaptureQueriesContext(connection) as queries:
        event = audit_log(action="attendance.changed", actor=agency_admin, obj=loaded)
    assert len(queries) == 1
    assert event.facility_id == cohort.facility_id


def test_an_event_ceremony_names_the_event_facility(facility, agency, agency_admin):
    event = factories.TrainingEventFactory(facility=facility, agencies=[agency])
    ceremony = Ceremony(event=event, agency=agency, date=date(2026, 9, 30), place="Aula")
    logged = audit_log(action="ceremony.created", actor=agency_admin, obj=ceremony)
    assert logged.facility_id == facility.pk


def test_an_unloaded_cohort_is_not_fetched_and_the_actor_decides(cohort, agency_admin, head):
    session = Session.objects.get(pk=factories.SessionFactory(cohort=cohort).pk)
    with CaptureQueriesContext(connection) as queries:
        by_agency = audit_log(action="session.deleted", actor=agency_admin, obj=session)
        by_head = audit_log(action="session.deleted", actor=head, obj=session)
    assert len(queries) == 2  # the two inserts
    assert (by_agency.facility_id, by_head.facility_id) == (None, head.facility_id)


def test_without_an_object_the_actor_facility_is_taken(operator):
    event = audit_log(action="report.monthly_printed", actor=operator)
    assert event.facility_id == operator.facility_id


def test_no_facility_anywhere_leaves_it_empty(agency_admin, agency):
    assert (
        audit_log(action="agency.settings_changed", actor=agency_admin, obj=agency).facility_id
        is None
    )
    assert audit_log(action="certificate.verified", actor=AnonymousUser()).facility_id is None


def test_an_enrollment_names_its_cohort_facility_not_the_actor(cohort, system_admin):
    enrollment = Enrollment.objects.select_related("cohort", "inmate").get(
        pk=factories.EnrollmentFactory(cohort=cohort).pk
    )
    event = audit_log(action="enrollment.withdrawn", actor=system_admin, obj=enrollment)
    assert event.facility_id == cohort.facility_id
