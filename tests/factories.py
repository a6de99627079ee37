"""Factories that build consistent data: an enrollment's inmate is in its cohort's facility."""

from datetime import date, time

import factory
from factory.django import DjangoModelFactory

from followup.models import Bapas
from inmates.models import Facility, Inmate
from lapas_training.models import Role, TrainingField, User
from programs.models import (
    Cohort,
    CompetencyUnit,
    Enrollment,
    FundingSource,
    PartnerAgency,
    Program,
    Session,
    TrainingEvent,
    jp_between,
)

TEST_PASSWORD = "sandi-uji-123"


class TrainingFieldFactory(DjangoModelFactory):
    class Meta:
        model = TrainingField
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"bidang-{n}")
    name = factory.Sequence(lambda n: f"Bidang {n}")


class FacilityFactory(DjangoModelFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Lapas Kelas IIB Kota {n}")
    code = factory.Sequence(lambda n: f"lapas-{n}")
    facility_class = "Kelas IIB"
    city = factory.Sequence(lambda n: f"Kota {n}")
    province = "Jawa Timur"
    head_name = "Kepala Uji"
    head_title = "Kepala Lapas"


class PartnerAgencyFactory(DjangoModelFactory):
    class Meta:
        model = PartnerAgency

    kind = PartnerAgency.Kind.BLK
    name = factory.Sequence(lambda n: f"BLK Kota {n}")
    code = factory.Sequence(lambda n: f"BLK-{n}")
    city = factory.Sequence(lambda n: f"Kota {n}")
    head_name = "Pimpinan Uji"
    head_title = "Kepala BLK"


class BapasFactory(DjangoModelFactory):
    class Meta:
        model = Bapas
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Bapas Kelas II Uji {n}")
    code = factory.Sequence(lambda n: f"bapas-{n}")
    city = "Kabupaten Lamongan"
    province = "Jawa Timur"

    @factory.post_generation
    def facilities(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilities.set(extracted)


class UserFactory(DjangoModelFactory):
    """A user; pass ``facility`` or ``agency`` with the matching role."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    full_name = factory.Sequence(lambda n: f"Pengguna Uji {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@contoh.go.id")
    role = Role.LAPAS_OPERATOR
    facility = factory.Maybe(
        factory.LazyAttribute(lambda u: u.role in (Role.LAPAS_OPERATOR, Role.LAPAS_HEAD)),
        yes_declaration=factory.SubFactory(FacilityFactory),
        no_declaration=None,
    )
    agency = factory.Maybe(
        factory.LazyAttribute(lambda u: u.role in (Role.AGENCY_ADMIN, Role.INSTRUCTOR)),
        yes_declaration=factory.SubFactory(PartnerAgencyFactory),
        no_declaration=None,
    )
    is_staff = factory.LazyAttribute(lambda u: u.role == Role.ADMIN)
    is_superuser = factory.LazyAttribute(lambda u: u.role == Role.ADMIN)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Program Pelatihan {n}")
    code = factory.Sequence(lambda n: f"P{n}")
    field = factory.SubFactory(TrainingFieldFactory)
    hours = 120
    certificate_kind = Program.CertificateKind.TRAINING
    min_attendance_percent = 80


class CompetencyUnitFactory(DjangoModelFactory):
    class Meta:
        model = CompetencyUnit

    program = factory.SubFactory(ProgramFactory)
    position = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"UNIT.{n:03d}.01")
    title = factory.Sequence(lambda n: f"Unit kompetensi {n}")
    hours = 20


class InmateFactory(DjangoModelFactory):
    class Meta:
        model = Inmate

    facility = factory.SubFactory(FacilityFactory)
    registration_number = factory.Sequence(lambda n: f"BI.{n:04d}/2025")
    full_name = factory.Sequence(lambda n: f"Warga Binaan {n}")
    birth_place = "Lamongan"
    birth_date = date(1990, 5, 17)
    sex = Inmate.Sex.MALE
    nik = factory.Sequence(lambda n: f"35240{n:011d}")
    education = Inmate.Education.SMA
    expected_release_date = date(2030, 1, 1)
    status = Inmate.Status.ACTIVE


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Angkatan {n}")
    program = factory.SubFactory(ProgramFactory)
    facility = factory.SubFactory(FacilityFactory)
    agency = factory.SubFactory(PartnerAgencyFactory)
    start_date = date(2026, 6, 1)
    end_date = date(2026, 9, 30)
    capacity = 40
    place = "Aula Lapas"
    status = Cohort.Status.RUNNING
    created_by = factory.SubFactory(
        UserFactory,
        role=Role.LAPAS_OPERATOR,
        facility=factory.SelfAttribute("..facility"),
    )

    @factory.post_generation
    def instructors(self, create, extracted, **kwargs):
        if create and extracted:
            self.instructors.set(extracted)


class TrainingEventFactory(DjangoModelFactory):
    class Meta:
        model = TrainingEvent
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Pelatihan Kemandirian WBP Tahap {n}")
    facility = factory.SubFactory(FacilityFactory)
    funding_source = FundingSource.APBD
    start_date = date(2026, 6, 1)
    end_date = date(2026, 9, 30)
    created_by = factory.SubFactory(
        UserFactory,
        role=Role.LAPAS_OPERATOR,
        facility=factory.SelfAttribute("..facility"),
    )

    @factory.post_generation
    def agencies(self, create, extracted, **kwargs):
        if create and extracted:
            self.agencies.set(extracted)


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    date = factory.LazyAttribute(lambda s: s.cohort.start_date)
    start_time = factory.Sequence(lambda n: time(7 + n % 8, 0))
    end_time = factory.LazyAttribute(lambda s: time(s.start_time.hour + 2, 0))
    hours = factory.LazyAttribute(lambda s: jp_between(s.start_time, s.end_time))
    topic = factory.Sequence(lambda n: f"Materi {n}")


class EnrollmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrollment

    cohort = factory.SubFactory(CohortFactory)
    inmate = factory.SubFactory(InmateFactory, facility=factory.SelfAttribute("..cohort.facility"))
    enrolled_by = factory.SelfAttribute("cohort.created_by")
    status = Enrollment.Status.ENROLLED
