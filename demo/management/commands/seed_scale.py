"""Fill the database with a large synthetic register for load tests: ``seed_scale --inmates N``.

This is synthetic load data, not a workflow: rows are written straight with ``bulk_create``,
no service runs, no validation beyond the database constraints and no audit event is written.
Never run it on a production database. Everything it makes is recognisable by the ``scale-``
prefix of its facilities (and ``SKL-`` of its agencies and programs), and a second run skips
when such facilities exist already.

Each facility gets ``--inmates / --facilities`` inmates (the remainder spread over the first
ones), one Lapas operator ``scale.operator.<facility code>`` with an unusable password, and
three cohorts: a closed one with ``COMPLETED_PER_FACILITY`` completed enrollments, a running
one with ``ENROLLED_PER_FACILITY`` enrollments, and an empty planned one whose dates overlap
the running one, so that the enrollment picker's eligibility rules all have data to find.
The same arguments always give the same data.
"""

import math
import random
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from faker import Faker

from inmates.models import Facility, Inmate
from lapas_training.models import Role, TrainingField, User
from programs.models import Cohort, Enrollment, PartnerAgency, Program

FACILITY_PREFIX = "scale-"
OPERATOR_PREFIX = "scale.operator."
INMATES_PER_FACILITY = 600
MIN_INMATES_PER_FACILITY = 40  # Enough active inmates for both enrolled groups.
ENROLLED_PER_FACILITY = 20
COMPLETED_PER_FACILITY = 10
BATCH_SIZE = 5000
SEED = 20250601

FIELDS = [
    ("pertukangan-kayu", "Pertukangan kayu"),
    ("pengelasan", "Pengelasan"),
    ("perikanan-lele", "Budidaya ikan lele"),
    ("peternakan-ayam", "Peternakan ayam"),
    ("meubeler", "Meubeler"),
    ("soft-skills", "Soft skills dan kewirausahaan"),
]

# (code, kind, name, city)
AGENCIES = [
    ("SKL-BLK-1", PartnerAgency.Kind.BLK, "BLK Skala Surabaya", "Kota Surabaya"),
    ("SKL-BLK-2", PartnerAgency.Kind.BLK, "BLK Skala Semarang", "Kota Semarang"),
    ("SKL-DSN-1", PartnerAgency.Kind.DISNAKER, "Disnaker Skala Lamongan", "Kabupaten Lamongan"),
    ("SKL-DSN-2", PartnerAgency.Kind.DISNAKER, "Disnaker Skala Bandung", "Kota Bandung"),
    ("SKL-LPK-1", PartnerAgency.Kind.LPK, "LPK Skala Mandiri", "Kota Malang"),
]

# (code, name, field code, hours)
PROGRAMS = [
    ("SKL-PTK", "Skala Pertukangan Kayu", "pertukangan-kayu", 160),
    ("SKL-LAS", "Skala Pengelasan SMAW", "pengelasan", 128),
    ("SKL-LELE", "Skala Budidaya Ikan Lele", "perikanan-lele", 80),
    ("SKL-AYAM", "Skala Peternakan Ayam", "peternakan-ayam", 80),
    ("SKL-MBL", "Skala Meubeler", "meubeler", 160),
    ("SKL-SOFT", "Skala Kewirausahaan", "soft-skills", 40),
]

# (name, status, start, end); the closed and running cohorts share a program, the planned
# one overlaps the running one in time.
COHORTS = [
    ("Angkatan Skala I 2025", Cohort.Status.CLOSED, date(2025, 2, 3), date(2025, 5, 30)),
    ("Angkatan Skala II 2026", Cohort.Status.RUNNING, date(2026, 9, 7), date(2026, 12, 18)),
    ("Angkatan Skala III 2026", Cohort.Status.PLANNED, date(2026, 11, 2), date(2027, 2, 26)),
]
CLOSED, RUNNING, PLANNED = range(3)


class Command(BaseCommand):
    help = "Create a large synthetic register (scale-* facilities) for load tests; no audit."

    def add_arguments(self, parser):
        parser.add_argument("--inmates", type=int, default=300_000, help="Inmates in total.")
        parser.add_argument(
            "--facilities",
            type=int,
            default=None,
            help=f"Facilities to spread them over (default: one per {INMATES_PER_FACILITY}).",
        )

    def handle(self, *args, inmates: int, facilities: int | None, **options):
        started = time.monotonic()
        existing = Facility.objects.filter(code__startswith=FACILITY_PREFIX).count()
        if existing:
            self.stdout.write(
                f"Data skala sudah ada ({existing} UPT {FACILITY_PREFIX}*); dilewati."
            )
            return
        facility_count = facilities or math.ceil(inmates / INMATES_PER_FACILITY)
        self._check_sizes(inmates, facility_count)
        self.rng = random.Random(SEED)
        self.started = started
        with transaction.atomic():
            fields = self._fields()
            agencies = self._agencies()
            programs = self._programs(fields)
            facility_list = self._facilities(facility_count)
            operators = self._operators(facility_list)
            cohorts = self._cohorts(facility_list, agencies, programs, operators)
            self._inmates(inmates, facility_list, fields, operators, cohorts)
        self._analyze()
        self.stdout.write(
            self.style.SUCCESS(
                f"Selesai: {facility_count} UPT, {inmates} WBP dalam "
                f"{time.monotonic() - started:.1f} detik."
            )
        )

    def _check_sizes(self, inmates: int, facility_count: int) -> None:
        """Refuse sizes that cannot give every facility its enrolled groups."""
        if facility_count < 1 or inmates < facility_count * MIN_INMATES_PER_FACILITY:
            raise CommandError(
                f"Butuh paling sedikit {MIN_INMATES_PER_FACILITY} WBP per UPT "
                f"({inmates} WBP untuk {facility_count} UPT)."
            )
        if facility_count > 99_999:
            raise CommandError("Paling banyak 99999 UPT.")

    def _progress(self, message: str) -> None:
        """Write one progress line with the time since the start."""
        self.stdout.write(f"[{time.monotonic() - self.started:6.1f} s] {message}")

    def _fields(self) -> list[TrainingField]:
        """Return the training fields, created when missing (shared with the demo data)."""
        return [
            TrainingField.objects.get_or_create(code=code, defaults={"name": name})[0]
            for code, name in FIELDS
        ]

    def _agencies(self) -> list[PartnerAgency]:
        """Return the partner agencies of the scale data, created when missing."""
        return [
            PartnerAgency.objects.get_or_create(
                code=code,
                defaults={
                    "kind": kind,
                    "name": name,
                    "city": city,
                    "province": "Jawa Timur",
                    "head_name": f"Pimpinan {name}",
                    "head_title": f"Kepala {name}",
                },
            )[0]
            for code, kind, name, city in AGENCIES
        ]

    def _programs(self, fields: list[TrainingField]) -> list[Program]:
        """Return the programs of the scale data, created when missing."""
        by_code = {field.code: field for field in fields}
        return [
            Program.objects.get_or_create(
                code=code, defaults={"name": name, "field": by_code[field], "hours": hours}
            )[0]
            for code, name, field, hours in PROGRAMS
        ]

    def _facilities(self, count: int) -> list[Facility]:
        """Create the facilities ``scale-00001`` and on, and return them in code order."""
        fake = Faker("id_ID")
        fake.seed_instance(SEED)
        cities = sorted({fake.city_name() for _ in range(300)})
        provinces = sorted({fake.state() for _ in range(300)})
        kinds = [Facility.Kind.LAPAS] * 6 + [Facility.Kind.RUTAN] * 3 + [Facility.Kind.LPKA]
        rows = []
        for number in range(1, count + 1):
            city = self.rng.choice(cities)
            rows.append(
                Facility(
                    code=f"{FACILITY_PREFIX}{number:05d}",
                    name=f"Lapas Skala {number:05d} {city}",
                    kind=kinds[number % len(kinds)],
                    facility_class=self.rng.choice(["Kelas I", "Kelas IIA", "Kelas IIB"]),
                    city=city,
                    province=self.rng.choice(provinces),
                    head_name=fake.name(),
                    head_title="Kepala Lapas",
                )
            )
        Facility.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self._progress(f"{count} UPT")
        # Read them back so the ids are known on every database backend.
        return list(Facility.objects.filter(code__startswith=FACILITY_PREFIX).order_by("code"))

    def _operators(self, facilities: list[Facility]) -> dict[int, User]:
        """Create one Lapas operator per facility and return them by facility id."""
        rows = [
            User(
                username=f"{OPERATOR_PREFIX}{facility.code}",
                full_name=f"Operator {facility.name}",
                email=f"{OPERATOR_PREFIX}{facility.code}@contoh.go.id",
                role=Role.LAPAS_OPERATOR,
                facility_id=facility.pk,
                password=make_password(None),
            )
            for facility in facilities
        ]
        User.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self._progress(f"{len(rows)} operator")
        users = User.objects.filter(username__startswith=OPERATOR_PREFIX, role=Role.LAPAS_OPERATOR)
        return {user.facility_id: user for user in users}

    def _cohorts(self, facilities, agencies, programs, operators) -> dict[int, list[Cohort]]:
        """Create the closed, running and planned cohort of each facility."""
        rows = []
        for index, facility in enumerate(facilities):
            program = programs[index % len(programs)]
            other_program = programs[(index + 1) % len(programs)]
            agency = agencies[index % len(agencies)]
            for position, (name, status, start, end) in enumerate(COHORTS):
                rows.append(
                    Cohort(
                        name=name,
                        program=other_program if position == PLANNED else program,
                        facility_id=facility.pk,
                        agency=agency,
                        start_date=start,
                        end_date=end,
                        capacity=40,
                        status=status,
                        closed_at=_aware(end) if status == Cohort.Status.CLOSED else None,
                        created_by=operators[facility.pk],
                    )
                )
        Cohort.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self._progress(f"{len(rows)} angkatan")
        result: dict[int, list[Cohort]] = {}
        names = [name for name, *_ in COHORTS]
        scale = Cohort.objects.filter(facility__code__startswith=FACILITY_PREFIX, name__in=names)
        for cohort in scale.order_by("facility_id", "start_date"):
            result.setdefault(cohort.facility_id, []).append(cohort)
        return result

    def _inmates(self, total: int, facilities, fields, operators, cohorts) -> None:
        """Create the inmates with their interests and enrollments, batch by batch."""
        base, extra = divmod(total, len(facilities))
        names = _NamePool(self.rng)
        pending: list[tuple[Facility, list[Inmate]]] = []
        pending_count = created = 0
        for index, facility in enumerate(facilities):
            count = base + (1 if index < extra else 0)
            pending.append((facility, [self._inmate(facility, n, names) for n in range(count)]))
            pending_count += count
            if pending_count >= BATCH_SIZE or index == len(facilities) - 1:
                created += self._flush(pending, fields, operators, cohorts)
                pending, pending_count = [], 0
                self._progress(f"{created}/{total} WBP")

    def _inmate(self, facility: Facility, n: int, names: "_NamePool") -> Inmate:
        """Build the n-th inmate of a facility; a fixed share is released, transferred or due."""
        rng = self.rng
        sex = Inmate.Sex.FEMALE if n % 9 == 4 else Inmate.Sex.MALE
        status = Inmate.Status.ACTIVE
        if n % 20 == 5:
            status = Inmate.Status.RELEASED
        elif n % 20 == 11:
            status = Inmate.Status.TRANSFERRED
        elif n % 50 == 17:
            status = Inmate.Status.OTHER
        # One in ten is due for release before the running cohort ends: a picker warning.
        if n % 10 == 3:
            release = date(2026, 10, 1) + timedelta(days=rng.randint(0, 60))
        else:
            release = date(2027, 3, 1) + timedelta(days=rng.randint(0, 2000))
        return Inmate(
            facility_id=facility.pk,
            registration_number=f"B{'I' * (1 + n % 3)}.{n + 1:04d}/{2019 + n % 7}",
            full_name=names.full_name(sex),
            birth_place=facility.city,
            birth_date=date(1965, 1, 1) + timedelta(days=rng.randint(0, 365 * 40)),
            sex=sex,
            nik=f"35{rng.randrange(10**14):014d}" if n % 3 else "",
            education=rng.choice(Inmate.Education.values),
            expected_release_date=release,
            status=status,
            status_date=date(2025, 6, 1) if status != Inmate.Status.ACTIVE else None,
        )

    def _flush(self, pending, fields, operators, cohorts) -> int:
        """Insert a batch of inmates, then their interests and the facilities' enrollments."""
        inmates = [inmate for _facility, batch in pending for inmate in batch]
        Inmate.objects.bulk_create(inmates, batch_size=BATCH_SIZE)
        if any(inmate.pk is None for inmate in inmates):
            raise CommandError("Database did not return the new inmate ids.")
        Interest = Inmate.interests.through
        interests = [
            Interest(inmate_id=inmate.pk, trainingfield_id=field.pk)
            for inmate in inmates
            for field in self.rng.sample(fields, k=1 + inmate.pk % 2)
        ]
        Interest.objects.bulk_create(interests, batch_size=BATCH_SIZE)
        enrollments = []
        for facility, batch in pending:
            enrollments += self._enrollments(batch, operators[facility.pk], cohorts[facility.pk])
        Enrollment.objects.bulk_create(enrollments, batch_size=BATCH_SIZE)
        return len(inmates)

    def _enrollments(self, inmates: list[Inmate], operator: User, cohorts) -> list[Enrollment]:
        """Build one facility's completed and running enrollments from its eligible inmates."""
        running = cohorts[RUNNING]
        eligible = [
            inmate
            for inmate in inmates
            if inmate.status == Inmate.Status.ACTIVE
            and inmate.expected_release_date > running.end_date
        ]
        chosen = self.rng.sample(eligible, k=ENROLLED_PER_FACILITY + COMPLETED_PER_FACILITY)
        completed_at = _aware(cohorts[CLOSED].end_date)
        rows = [
            Enrollment(cohort=running, inmate=inmate, enrolled_by=operator)
            for inmate in chosen[:ENROLLED_PER_FACILITY]
        ]
        rows += [
            Enrollment(
                cohort=cohorts[CLOSED],
                inmate=inmate,
                enrolled_by=operator,
                status=Enrollment.Status.COMPLETED,
                result=Enrollment.Result.COMPETENT,
                score=Decimal(self.rng.randint(70, 98)),
                result_recorded_by=operator,
                result_recorded_at=completed_at,
            )
            for inmate in chosen[ENROLLED_PER_FACILITY:]
        ]
        return rows

    def _analyze(self) -> None:
        """Refresh PostgreSQL's statistics so the planner sees the new rows at once."""
        if connection.vendor != "postgresql":
            return
        tables = [model._meta.db_table for model in (Facility, Inmate, User, Cohort, Enrollment)]
        tables.append(Inmate.interests.through._meta.db_table)
        with connection.cursor() as cursor:
            # The table names come from the models, never from input.
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        self._progress("ANALYZE")


class _NamePool:
    """Indonesian-looking names from seeded Faker pools, combined by the seeded generator."""

    def __init__(self, rng: random.Random):
        fake = Faker("id_ID")
        fake.seed_instance(SEED)
        self.rng = rng
        self.male = sorted({fake.first_name_male() for _ in range(3000)})
        self.female = sorted({fake.first_name_female() for _ in range(3000)})
        self.last = sorted({fake.last_name() for _ in range(3000)})

    def full_name(self, sex: str) -> str:
        """Return a first name for the sex, sometimes a second one, and a family name."""
        firsts = self.female if sex == Inmate.Sex.FEMALE else self.male
        parts = [self.rng.choice(firsts)]
        if self.rng.random() < 0.3:
            parts.append(self.rng.choice(firsts))
        parts.append(self.rng.choice(self.last))
        return " ".join(parts)


def _aware(day: date) -> datetime:
    """Return noon UTC of a day, a plausible time for a closing or an assessment."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
