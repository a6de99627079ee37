"""The demo world: the two seed reports, one login per role, safe to load twice."""

import pytest
from django.core.management import call_command

from inmates.models import Facility, Inmate
from lapas_training.models import AuditEvent, Role, User
from programs.models import Cohort, CompetencyUnit, Enrollment, PartnerAgency, Program, Session

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Facility,
            PartnerAgency,
            Program,
            CompetencyUnit,
            User,
            Inmate,
            Cohort,
            Session,
            Enrollment,
            AuditEvent,
        )
    }


def test_seed_demo_builds_the_two_reports_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == first

    assert set(Facility.objects.values_list("name", flat=True)) == {
        "Lapas Kelas IIB Mojokerto",
        "Lapas Kelas IIB Lamongan",
    }
    assert set(PartnerAgency.objects.values_list("name", flat=True)) == {
        "BLK Mojokerto",
        "Disnaker Kabupaten Lamongan",
    }
    lamongan = Cohort.objects.get(facility__code="lapas-lamongan")
    assert lamongan.status == Cohort.Status.RUNNING
    assert (lamongan.start_date.isoformat(), lamongan.end_date.isoformat()) == (
        "2025-06-02",
        "2025-09-26",
    )
    assert lamongan.agency.name == "Disnaker Kabupaten Lamongan"
    assert lamongan.enrollments.filter(status=Enrollment.Status.ENROLLED).count() == 40
    assert not lamongan.enrollments.exclude(inmate__facility=lamongan.facility).exists()
    mojokerto = Cohort.objects.get(facility__code="lapas-mojokerto")
    assert mojokerto.status == Cohort.Status.PLANNED
    assert mojokerto.agency.name == "BLK Mojokerto"
    welding = Program.objects.filter(name__startswith="Pengelasan")
    assert welding.count() == 2
    assert all(p.units.count() == 6 for p in welding)
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.get(username="operator.lamongan").check_password("demo-pelatihan")


def test_seed_demo_without_debug_sets_no_usable_password(settings):
    settings.DEBUG = False
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not any(u.has_usable_password() for u in User.objects.all())
