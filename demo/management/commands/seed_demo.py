"""Load the demo world of the two seed reports (Mojokerto and Lamongan); safe to run again.

It lives in ``certificates``, the app at the top of the dependency chain, because it fills
every app below it.
"""

import random
from datetime import date, time, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from faker import Faker

from inmates.models import Facility, Inmate
from inmates.services import inmate_create
from lapas_training.models import Role, TrainingField, User
from programs.models import Cohort, CompetencyUnit, Enrollment, PartnerAgency, Program
from programs.services import cohort_create, cohort_start, enrollment_create, session_create

DEMO_PASSWORD = "demo-pelatihan"  # noqa: S105 -- printed for newcomers, set only with DEBUG on

FIELDS = [
    ("pertukangan-kayu", "Pertukangan kayu"),
    ("pengelasan", "Pengelasan"),
    ("perikanan-lele", "Budidaya ikan lele"),
    ("peternakan-ayam", "Peternakan ayam"),
    ("peternakan-kambing", "Peternakan kambing"),
    ("desain-interior", "Desain interior"),
    ("konstruksi", "Konstruksi bangunan"),
    ("meubeler", "Meubeler"),
    ("soft-skills", "Soft skills dan kewirausahaan"),
]

FACILITIES = [
    {
        "code": "lapas-mojokerto",
        "name": "Lapas Kelas IIB Mojokerto",
        "facility_class": "Kelas IIB",
        "city": "Kota Mojokerto",
        "province": "Jawa Timur",
        "head_name": "Hendra Kusuma Wardhana",
        "head_title": "Kepala Lapas Kelas IIB Mojokerto",
        "head_nip": "197604122000031001",
    },
    {
        "code": "lapas-lamongan",
        "name": "Lapas Kelas IIB Lamongan",
        "facility_class": "Kelas IIB",
        "city": "Kabupaten Lamongan",
        "province": "Jawa Timur",
        "head_name": "Bambang Setyo Nugroho",
        "head_title": "Kepala Lapas Kelas IIB Lamongan",
        "head_nip": "197808152001121002",
    },
]

AGENCIES = [
    {
        "code": "BLK-MJK",
        "kind": PartnerAgency.Kind.BLK,
        "name": "BLK Mojokerto",
        "city": "Kota Mojokerto",
        "province": "Jawa Timur",
        "head_name": "Sri Wahyuningsih",
        "head_title": "Kepala UPT Balai Latihan Kerja Mojokerto",
        "head_nip": "197105231998032004",
    },
    {
        "code": "DISNAKER-LMG",
        "kind": PartnerAgency.Kind.DISNAKER,
        "name": "Disnaker Kabupaten Lamongan",
        "city": "Kabupaten Lamongan",
        "province": "Jawa Timur",
        "head_name": "Agus Priyanto",
        "head_title": "Kepala Dinas Tenaga Kerja Kabupaten Lamongan",
        "head_nip": "196909171994031006",
        "second_signatory_name": "Dwi Rahmawati",
        "second_signatory_title": "Kepala Bidang Pelatihan dan Produktivitas",
        "second_signatory_nip": "198002102005012003",
    },
]

WELDING_UNITS = [
    ("LAS.01.001.01", "Menerapkan keselamatan dan kesehatan kerja di tempat kerja", 8),
    ("LAS.01.002.01", "Membaca gambar teknik dan simbol las", 12),
    ("LAS.02.001.01", "Menyiapkan mesin las busur manual dan perlengkapannya", 16),
    ("LAS.02.002.01", "Mengelas pelat baja karbon posisi bawah tangan (1G)", 40),
    ("LAS.02.003.01", "Mengelas pelat baja karbon posisi horizontal (2G)", 40),
    ("LAS.03.001.01", "Memeriksa hasil pengelasan secara visual", 12),
]

# (code, name, field, hours, certificate kind, units)
PROGRAMS = [
    ("PTK", "Pertukangan Kayu", "pertukangan-kayu", 160, "training", []),
    ("LAS", "Pengelasan SMAW", "pengelasan", 128, "competency", WELDING_UNITS),
    ("LELE", "Budidaya Ikan Lele", "perikanan-lele", 80, "training", []),
    ("AYAM", "Peternakan Ayam Kampung", "peternakan-ayam", 80, "training", []),
    ("KMB", "Peternakan Kambing", "peternakan-kambing", 80, "training", []),
    ("DI", "Desain Interior", "desain-interior", 160, "training", []),
    ("KONS", "Konstruksi Bangunan", "konstruksi", 160, "training", []),
    ("MBL", "Meubeler", "meubeler", 160, "training", []),
    ("LASK", "Pengelasan Konstruksi Baja", "pengelasan", 200, "competency", WELDING_UNITS),
]

# (username, full name, role, facility code, agency code)
USERS = [
    ("admin", "Administrator Sistem", Role.ADMIN, None, None),
    ("operator.lamongan", "Rina Kartikasari", Role.LAPAS_OPERATOR, "lapas-lamongan", None),
    ("kalapas.lamongan", "Bambang Setyo Nugroho", Role.LAPAS_HEAD, "lapas-lamongan", None),
    ("operator.mojokerto", "Yusuf Hidayat", Role.LAPAS_OPERATOR, "lapas-mojokerto", None),
    ("kalapas.mojokerto", "Hendra Kusuma Wardhana", Role.LAPAS_HEAD, "lapas-mojokerto", None),
    ("admin.disnaker", "Lilik Setyowati", Role.AGENCY_ADMIN, None, "DISNAKER-LMG"),
    ("instruktur.disnaker", "Teguh Santoso", Role.INSTRUCTOR, None, "DISNAKER-LMG"),
    ("admin.blk", "Endah Purwaningsih", Role.AGENCY_ADMIN, None, "BLK-MJK"),
    ("instruktur.blk", "Slamet Riyadi", Role.INSTRUCTOR, None, "BLK-MJK"),
]

LAMONGAN_COHORT = {
    "name": "Angkatan I 2025",
    "program": "LASK",
    "start_date": date(2025, 6, 2),
    "end_date": date(2025, 9, 26),
    "participants": 40,
}
MOJOKERTO_COHORT = {
    "name": "Angkatan I 2027",
    "program": "PTK",
    "start_date": date(2027, 1, 11),
    "end_date": date(2027, 3, 26),
}
INMATES_PER_FACILITY = {"lapas-lamongan": 55, "lapas-mojokerto": 45}


class Command(BaseCommand):
    help = "Load the Mojokerto and Lamongan demo data and one demo login per role."

    def handle(self, *args, **options):
        with transaction.atomic():
            fields = self._fields()
            facilities = self._facilities()
            agencies = self._agencies()
            programs = self._programs(fields)
            users = self._users(facilities, agencies)
            self._inmates(facilities, fields)
            self._cohorts(facilities, agencies, programs, users)
        self._report()

    def _fields(self) -> dict[str, TrainingField]:
        return {
            code: TrainingField.objects.update_or_create(code=code, defaults={"name": name})[0]
            for code, name in FIELDS
        }

    def _facilities(self) -> dict[str, Facility]:
        result = {}
        for data in FACILITIES:
            defaults = {k: v for k, v in data.items() if k != "code"}
            result[data["code"]] = Facility.objects.update_or_create(
                code=data["code"], defaults=defaults
            )[0]
        return result

    def _agencies(self) -> dict[str, PartnerAgency]:
        result = {}
        for data in AGENCIES:
            defaults = {k: v for k, v in data.items() if k != "code"}
            result[data["code"]] = PartnerAgency.objects.update_or_create(
                code=data["code"], defaults=defaults
            )[0]
        return result

    def _programs(self, fields) -> dict[str, Program]:
        result = {}
        for code, name, field_code, hours, kind, units in PROGRAMS:
            program = Program.objects.update_or_create(
                code=code,
                defaults={
                    "name": name,
                    "field": fields[field_code],
                    "hours": hours,
                    "certificate_kind": kind,
                    "min_attendance_percent": 80,
                },
            )[0]
            for position, (unit_code, title, unit_hours) in enumerate(units, start=1):
                CompetencyUnit.objects.update_or_create(
                    program=program,
                    position=position,
                    defaults={"code": unit_code, "title": title, "hours": unit_hours},
                )
            result[code] = program
        return result

    def _users(self, facilities, agencies) -> dict[str, User]:
        result = {}
        # One hash for every demo account: hashing is slow on purpose.
        demo_hash = make_password(DEMO_PASSWORD) if settings.DEBUG else None
        for username, full_name, role, facility_code, agency_code in USERS:
            user = User.objects.filter(username=username).first() or User(username=username)
            user.full_name = full_name
            user.role = role
            user.facility = facilities[facility_code] if facility_code else None
            user.agency = agencies[agency_code] if agency_code else None
            user.is_staff = user.is_superuser = role == Role.ADMIN
            user.email = f"{username}@contoh.go.id"
            if demo_hash:
                user.password = demo_hash
            elif not user.has_usable_password() or user._state.adding:
                user.set_unusable_password()
            user.full_clean()
            user.save()
            result[username] = user
        return result

    def _inmates(self, facilities, fields) -> None:
        fake = Faker("id_ID")
        fake.seed_instance(2025)
        rng = random.Random(2025)  # Fictitious people, the same ones on every run.
        field_list = list(fields.values())
        admin = User.objects.get(username="admin")
        for code, count in INMATES_PER_FACILITY.items():
            facility = facilities[code]
            prefix = "BI" if code == "lapas-lamongan" else "BIIB"
            existing = set(facility.inmates.values_list("registration_number", flat=True))
            for n in range(1, count + 1):
                sex = "L" if n % 12 else "P"
                first = fake.first_name_male() if sex == "L" else fake.first_name_female()
                name = f"{first} {fake.last_name()}"
                birth = date(1975, 1, 1) + timedelta(days=rng.randint(0, 365 * 30))
                reg = f"{prefix}.{n:04d}/2024"
                # A few inmates are due for release before the demo cohorts end.
                release = (
                    date(2025, 8, 1)
                    if n in (41, 42)
                    else date(2027, 6, 1) + timedelta(days=rng.randint(0, 900))
                )
                if reg in existing:
                    continue
                inmate_create(
                    actor=admin,
                    facility=facility,
                    registration_number=reg,
                    full_name=name,
                    sex=sex,
                    birth_place=fake.city_name(),
                    birth_date=birth,
                    nik=fake.numerify("35##############") if n % 3 else "",
                    education=rng.choice(["sd", "smp", "sma", "sma", "smp"]),
                    expected_release_date=release,
                    interests=rng.sample(field_list, k=2),
                )

    def _cohorts(self, facilities, agencies, programs, users) -> None:
        self._cohort(
            LAMONGAN_COHORT,
            facility=facilities["lapas-lamongan"],
            agency=agencies["DISNAKER-LMG"],
            program=programs[LAMONGAN_COHORT["program"]],
            operator=users["operator.lamongan"],
            instructor=users["instruktur.disnaker"],
            status=Cohort.Status.RUNNING,
            participants=LAMONGAN_COHORT["participants"],
        )
        self._cohort(
            MOJOKERTO_COHORT,
            facility=facilities["lapas-mojokerto"],
            agency=agencies["BLK-MJK"],
            program=programs[MOJOKERTO_COHORT["program"]],
            operator=users["operator.mojokerto"],
            instructor=users["instruktur.blk"],
            status=Cohort.Status.PLANNED,
            participants=0,
        )

    def _cohort(
        self, spec, *, facility, agency, program, operator, instructor, status, participants
    ):
        cohort = Cohort.objects.filter(
            facility=facility, program=program, name=spec["name"]
        ).first()
        if cohort is None:
            cohort = cohort_create(
                actor=operator,
                program=program,
                facility=facility,
                agency=agency,
                name=spec["name"],
                start_date=spec["start_date"],
                end_date=spec["end_date"],
                capacity=40,
                place="Aula Lapas",
                instructors=[instructor],
            )
            self._sessions(cohort, actor=operator)
        enrolled = set(
            cohort.enrollments.exclude(status=Enrollment.Status.WITHDRAWN).values_list(
                "inmate_id", flat=True
            )
        )
        candidates = facility.inmates.filter(
            status=Inmate.Status.ACTIVE, expected_release_date__gt=cohort.end_date
        ).order_by("registration_number")
        for inmate in candidates[:participants]:
            if inmate.pk not in enrolled:
                enrollment_create(actor=operator, cohort=cohort, inmate=inmate)
        if status == Cohort.Status.RUNNING and cohort.status == Cohort.Status.PLANNED:
            cohort_start(actor=operator, cohort=cohort)

    def _sessions(self, cohort, *, actor) -> None:
        """Schedule Tuesday and Thursday mornings across the cohort's dates."""
        day = cohort.start_date
        number = 1
        while day <= cohort.end_date:
            if day.weekday() in (1, 3):
                session_create(
                    actor=actor,
                    cohort=cohort,
                    date=day,
                    start_time=time(8, 0),
                    end_time=time(12, 0),
                    topic=f"Pertemuan {number}",
                )
                number += 1
            day += timedelta(days=1)

    def _report(self) -> None:
        self.stdout.write(self.style.SUCCESS("Data demo siap."))
        if not settings.DEBUG:
            self.stdout.write("DEBUG mati: akun demo dibuat tanpa kata sandi yang dapat dipakai.")
            return
        self.stdout.write(f"Akun demo (kata sandi untuk semua: {DEMO_PASSWORD}):")
        for username, _name, role, facility, agency in USERS:
            scope = facility or agency or "semua"
            self.stdout.write(f"  {username:<22} {Role(role).label} ({scope})")
