"""The load-test generator: the promised sizes, consistent rows, no audit, skipped when present."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inmates.models import Facility, Inmate
from lapas_training.models import AuditEvent, Role, User
from programs.models import Cohort, Enrollment, PartnerAgency, Program

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_scale", stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Facility, Inmate, User, PartnerAgency, Program, Cohort, Enrollment)
    } | {"interests": Inmate.interests.through.objects.count()}


def test_seed_scale_builds_the_promised_sizes_once():
    seed(inmates=120, facilities=2)
    first = counts()

    facilities = Facility.objects.filter(code__startswith="scale-")
    assert list(facilities.values_list("code", flat=True)) == ["scale-00001", "scale-00002"]
    for facility in facilities:
        assert facility.inmates.count() == 60
        operator = User.objects.get(username=f"scale.operator.{facility.code}")
        assert (operator.role, operator.facility_id) == (Role.LAPAS_OPERATOR, facility.pk)
        assert not operator.has_usable_password()
        cohorts = {c.status: c for c in Cohort.objects.filter(facility=facility)}
        assert set(cohorts) == {"closed", "running", "planned"}
        running = cohorts["running"].enrollments
        assert running.filter(status=Enrollment.Status.ENROLLED).count() == 20
        closed = cohorts["closed"].enrollments
        assert closed.filter(status=Enrollment.Status.COMPLETED, result="K").count() == 10
        assert not cohorts["planned"].enrollments.exists()
    assert first["Facility"] == 2
    assert first["Inmate"] == 120
    assert first["User"] == 2
    assert first["Cohort"] == 6
    assert first["Enrollment"] == 60
    assert first["interests"] >= 120
    # Enrolled inmates are active inmates of the cohort's own facility.
    enrollments = Enrollment.objects.select_related("inmate", "cohort")
    assert all(e.inmate.facility_id == e.cohort.facility_id for e in enrollments)
    assert all(e.inmate.status == Inmate.Status.ACTIVE for e in enrollments)
    assert not AuditEvent.objects.exists()

    assert "dilewati" in seed(inmates=120, facilities=2)
    assert counts() == first


def test_seed_scale_defaults_to_600_inmates_per_facility():
    seed(inmates=1300)

    assert Facility.objects.count() == 3
    assert sorted(f.inmates.count() for f in Facility.objects.all()) == [433, 433, 434]


def test_seed_scale_refuses_too_few_inmates_per_facility():
    with pytest.raises(CommandError):
        seed(inmates=50, facilities=2)
    assert not Facility.objects.exists()
