"""The demo world: the two seed reports, one login per role, safe to load twice."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from certificates.models import Ceremony, Certificate
from competency.models import BnspCertificate, CompetencyTest
from inmates.models import Facility, Inmate
from lapas_training.models import AuditEvent, Role, User
from programs.models import (
    Cohort,
    CompetencyUnit,
    Enrollment,
    PartnerAgency,
    Program,
    Session,
    TrainingEvent,
)
from tests import factories

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
        "LSP Pengelasan Jawa Timur",
    }
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.get(username="operator.lamongan").check_password("demo-pelatihan")


def test_the_lamongan_story_is_whole(settings):
    """One event, June to September 2025, four programs of ten, 40 certificates, one ceremony."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    event = TrainingEvent.objects.get(facility__code="lapas-lamongan")
    assert (event.start_date, event.end_date) == (date(2025, 6, 2), date(2025, 9, 25))
    assert event.decree_number and event.decree_date
    cohorts = event.cohorts.order_by("program__name")
    assert [c.program.name for c in cohorts] == [
        "Desain Interior",
        "Konstruksi Bangunan",
        "Meubeler",
        "Pengelasan SMAW",
    ]
    assert all(c.status == Cohort.Status.CLOSED for c in cohorts)
    assert [c.enrollments.filter(result="K").count() for c in cohorts] == [10, 10, 10, 10]
    assert (
        not Enrollment.objects.filter(cohort__event=event)
        .exclude(inmate__facility=event.facility)
        .exists()
    )
    certificates = Certificate.objects.filter(enrollment__cohort__event=event)
    assert certificates.count() == 40
    assert all(c.snapshot["program"]["hours"] == 160 for c in certificates)
    assert {c.issued_at.date() for c in certificates} == {date(2025, 9, 24)}
    ceremony = Ceremony.objects.get(event=event)
    assert ceremony.date == date(2025, 9, 25)
    assert ceremony.items.count() == 40 and ceremony.pdf_sha256
    welding = Program.objects.get(code="LAS")
    assert welding.units.first().code == "C.25LAS01.001.1"
    # The welders then sat an LSP's test: nine competent with their BNSP certificates.
    test = CompetencyTest.objects.get(cohorts__program=welding)
    assert test.lsp.kind == "lsp" and test.assessees.count() == 10
    assert BnspCertificate.objects.filter(assessee__test=test).count() == 9
    assert sum(welding.units.values_list("hours", flat=True)) == welding.hours


def test_the_mojokerto_story_runs_today(settings):
    """BLK Mojokerto's event: catfish farming running with a session today, three more planned."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    today = timezone.localdate()
    event = TrainingEvent.objects.get(facility__code="lapas-mojokerto")
    assert event.start_date < today < event.end_date
    running = event.cohorts.get(status=Cohort.Status.RUNNING)
    assert running.program.code == "LELE"
    assert running.sessions.filter(date=today).exists()
    assert running.sessions.waiting(today).count() == 1  # left for the instructor
    planned = event.cohorts.filter(status=Cohort.Status.PLANNED)
    assert sorted(c.program.code for c in planned) == ["AYAM", "KMB", "PTK"]
    for cohort in event.cohorts.all():
        assert cohort.program.units.filter(title__startswith="Soft skill").exists()


def test_seed_demo_without_debug_sets_no_usable_password(settings):
    settings.DEBUG = False
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not any(u.has_usable_password() for u in User.objects.all())


def test_an_earlier_demo_is_left_alone_with_a_word_of_advice(settings):
    """A database seeded by an earlier version: its cohorts hold the Lamongan inmates."""
    settings.DEBUG = True
    facility = factories.FacilityFactory(code="lapas-lamongan", name="Lapas Kelas IIB Lamongan")
    factories.CohortFactory(facility=facility, name="Angkatan I 2025")
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "data demo versi lama" in out.getvalue()
    assert not TrainingEvent.objects.filter(facility=facility).exists()
    assert TrainingEvent.objects.filter(facility__code="lapas-mojokerto").exists()
