"""The data and accounts of the load test (bench/load.py), on the bench database only.

Everything made here is bench-only and recognisable: users ``load.*``, agencies ``LOAD-AG-*``,
programs ``LOAD-P*``, the facility ``load-sertifikat`` and its inmates, sessions with the topic
``Sesi uji beban``. Runs repeat: the accounts are reused (password and TOTP key set again),
the operators' planned cohorts are emptied, and each agency admin gets a fresh closed cohort.
"""

import math
import secrets
import sys
import time
from datetime import date, timedelta
from datetime import time as dt_time

from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult
from finishing import finish_all_competent  # bench/, beside this file

from certificates import services as certificate_services
from certificates.models import Certificate
from inmates.models import Facility, Inmate
from lapas_training.models import Role, TrainingField, User
from programs import services as program_services
from programs.models import (
    Cohort,
    CompetencyUnit,
    Enrollment,
    PartnerAgency,
    Program,
    Session,
)

SCALE_PREFIX = "scale-"
BENCH_TOPIC = "Sesi uji beban"
SESSIONS_PER_INSTRUCTOR = 6
CERTIFICATE_FACILITY = "load-sertifikat"
MIN_CODES = 40


def prepare(*, counts, list_users, inmates, skip_seed, password, participants) -> dict:
    """Make everything the users of the plan need; return the plan."""
    if connection.vendor != "postgresql":
        sys.exit("bench/load.py runs on PostgreSQL: set BENCH_DATABASE_URL.")
    call_command("migrate", interactive=False, verbosity=0)
    ensure_scale(inmates, skip_seed)
    hashed = make_password(password)  # once: the same hash on every bench account
    AccessAttempt.objects.filter(username__startswith="load.").delete()
    facilities = list(Facility.objects.filter(code__startswith=SCALE_PREFIX).order_by("code"))
    operator_count = max(counts["operators"], list_users)
    operator_sites = spread(facilities, operator_count, offset=0)
    instructor_sites = spread(facilities, counts["instructors"], offset=1)
    plan = {
        "password": password,
        "operators": [operator(site, hashed) for site in operator_sites],
        "instructors": [
            instructor(number, site, hashed) for number, site in enumerate(instructor_sites, 1)
        ],
        "anonymous": [{}],
    }
    certificate_site = certificate_facility()
    plan["admins"] = [
        agency_admin(number, certificate_site, hashed, participants)
        for number in range(1, counts["admins"] + 1)
    ]
    plan["codes"] = verification_codes(certificate_site, participants)
    work_queue()
    return plan


def ensure_scale(inmates: int, skip_seed: bool) -> None:
    """Run seed_scale unless its data is there, then vacuum what it wrote at once."""
    if Facility.objects.filter(code__startswith=SCALE_PREFIX).exists():
        return
    if skip_seed:
        sys.exit("bench/load.py: no scale data in the database and --skip-seed given.")
    started = time.perf_counter()
    call_command("seed_scale", inmates=inmates)
    # A register that has lived for years has been vacuumed: counts read the index alone.
    tables = [Inmate._meta.db_table, Enrollment._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")  # model names, not input
    print(f"Seeded {inmates} inmates in {time.perf_counter() - started:.0f} s.", flush=True)


def spread(facilities: list[Facility], count: int, *, offset: int) -> list[Facility]:
    """Return ``count`` facilities spread over the register (offset 1: between the others)."""
    step = max(1, len(facilities) // max(count, 1))
    picked = [facilities[(i * step + offset * step // 2) % len(facilities)] for i in range(count)]
    if len(set(picked)) != count:
        sys.exit(f"bench/load.py: not enough scale facilities for {count} users")
    return picked


def bench_user(username: str, hashed: str, **fields) -> User:
    """Create or refresh a bench account with the known password."""
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={"password": hashed, "is_active": True, "email": f"{username}@contoh.go.id"}
        | fields,
    )
    return user


def operator(facility: Facility, hashed: str) -> dict:
    """An operator of a scale facility; the facility's planned cohort emptied for enrolling."""
    user = bench_user(
        f"load.operator.{facility.code}",
        hashed,
        role=Role.LAPAS_OPERATOR,
        facility=facility,
        full_name=f"Operator Uji Beban {facility.code}",
    )
    cohorts = {c.status: c for c in Cohort.objects.filter(facility=facility)}
    planned = cohorts[Cohort.Status.PLANNED]
    # seed_scale leaves the planned cohort empty: whatever is in it, a previous run enrolled.
    Enrollment.objects.filter(cohort=planned).delete()
    return {
        "username": user.username,
        "planned": planned.pk,
        "running": cohorts[Cohort.Status.RUNNING].pk,
    }


def instructor(number: int, facility: Facility, hashed: str) -> dict:
    """An instructor of the running cohort of a scale facility, with past sessions to record."""
    cohort = Cohort.objects.get(facility=facility, status=Cohort.Status.RUNNING)
    user = bench_user(
        f"load.instructor.{number}",
        hashed,
        role=Role.INSTRUCTOR,
        agency=cohort.agency,
        full_name=f"Instruktur Uji Beban {number}",
    )
    user.taught_cohorts.set([cohort])
    today = timezone.localdate()
    day = cohort.start_date
    sessions = []
    while day < min(today, cohort.end_date) and len(sessions) < SESSIONS_PER_INSTRUCTOR:
        session, _ = Session.objects.get_or_create(
            cohort=cohort,
            date=day,
            start_time=dt_time(8),
            defaults={"end_time": dt_time(12), "hours": 5, "topic": BENCH_TOPIC},
        )
        if not session.is_not_held:
            sessions.append(session.pk)
        day += timedelta(days=7)
    if not sessions:
        sys.exit(f"bench/load.py: the running cohort {cohort.pk} has no past day for a session")
    return {"username": user.username, "cohort": cohort.pk, "sessions": sessions}


def certificate_facility() -> Facility:
    """The bench facility whose cohorts the agency admins certify."""
    facility, _ = Facility.objects.get_or_create(
        code=CERTIFICATE_FACILITY,
        defaults={
            "name": "Lapas Uji Beban Sertifikat",
            "city": "Kabupaten Lamongan",
            "province": "Jawa Timur",
            "head_name": "Kepala Uji Beban",
            "head_title": "Kepala Lapas",
        },
    )
    return facility


def agency(number: int) -> tuple[PartnerAgency, Program]:
    """The bench agency ``LOAD-AG-<n>`` and its 40-JP program with two units."""
    partner, _ = PartnerAgency.objects.get_or_create(
        code=f"LOAD-AG-{number}",
        defaults={
            "kind": PartnerAgency.Kind.DISNAKER,
            "name": f"Disnaker Uji Beban {number}",
            "city": "Kabupaten Lamongan",
            "province": "Jawa Timur",
            "head_name": "Agus Priyanto",
            "head_title": "Kepala Dinas Tenaga Kerja",
            "head_nip": "196909171994031006",
            "letterhead": "PEMERINTAH KABUPATEN LAMONGAN\nDINAS TENAGA KERJA",
        },
    )
    field = TrainingField.objects.get(code="pengelasan")
    program, created = Program.objects.get_or_create(
        code=f"LOAD-P{number}",
        defaults={"name": f"Uji Beban Pengelasan {number}", "field": field, "hours": 40},
    )
    if created:
        for position in (1, 2):
            CompetencyUnit.objects.create(
                program=program,
                position=position,
                code=f"LAS.0{position}.001.01",
                title=f"Unit pengelasan {position}",
                hours=20,
            )
    return partner, program


def agency_admin(number: int, facility: Facility, hashed: str, participants: int) -> dict:
    """An agency admin with a TOTP device of a new key and a closed cohort to certify."""
    partner, program = agency(number)
    user = bench_user(
        f"load.agency.{number}",
        hashed,
        role=Role.AGENCY_ADMIN,
        agency=partner,
        full_name=f"Admin Instansi Uji Beban {number}",
    )
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    key = secrets.token_hex(20)
    TOTPDevice.objects.create(user=user, name="load", key=key, confirmed=True)
    cohort = closed_cohort(partner, program, facility, user, participants)
    return {"username": user.username, "key": key, "cohort": cohort.pk}


def closed_cohort(partner, program, facility, admin, participants: int) -> Cohort:
    """A cohort of new inmates, every one present and competent, closed through the services."""
    stamp = f"{time.time_ns() % 10**12:012d}"
    actor, _ = User.objects.get_or_create(
        username="load.prep.operator",
        defaults={"role": Role.LAPAS_OPERATOR, "facility": facility, "full_name": "Persiapan"},
    )
    start = timezone.localdate() - timedelta(days=70)
    cohort = program_services.cohort_create(
        actor=actor,
        program=program,
        facility=facility,
        agency=partner,
        name=f"Angkatan Uji Beban {stamp}",
        start_date=start,
        end_date=start + timedelta(days=27),
        capacity=participants,
    )
    program_services.cohort_start(actor=actor, cohort=cohort)
    people = Inmate.objects.bulk_create(
        Inmate(
            facility=facility,
            registration_number=f"LD.{stamp}.{n:02d}",
            full_name=f"Peserta Uji Beban {stamp[-4:]} {n:02d}",
            birth_place="Lamongan",
            birth_date=date(1990, 1, 1 + n % 28),
            sex=Inmate.Sex.MALE,
            expected_release_date=date(2031, 1, 1),
        )
        for n in range(1, participants + 1)
    )
    program_services.enrollments_create(actor=actor, cohort=cohort, inmates=people)
    sessions = program_services.sessions_generate(
        actor=actor,
        cohort=cohort,
        weekdays=[0, 1, 2, 3],
        start_time=dt_time(8),
        end_time=dt_time(12),
    )
    held = math.ceil(program.hours / sessions[0].hours)
    finish_all_competent(actor=admin, cohort=cohort, held=sessions[:held])
    return cohort


def verification_codes(facility: Facility, participants: int) -> list[str]:
    """Codes of valid certificates of the bench agencies; issue a cohort first if too few."""
    valid = Certificate.objects.filter(
        agency__code__startswith="LOAD-AG-", status=Certificate.Status.VALID
    )
    if valid.count() < MIN_CODES:
        partner, program = agency(1)
        admin = User.objects.get(username="load.agency.1")
        cohort = closed_cohort(partner, program, facility, admin, participants)
        certificate_services.certificates_issue(actor=admin, cohort=cohort)
    return list(valid.order_by("-pk").values_list("verification_code", flat=True)[:200])


def work_queue() -> None:
    """Render what waits in the task queue now, so that the run starts with an empty one."""
    if pending().exists():
        started = time.perf_counter()
        call_command(
            "db_worker",
            batch=True,
            reload=False,
            startup_delay=False,
            interval=0,
            verbosity=0,
        )
        print(f"Worked the task queue in {time.perf_counter() - started:.1f} s.", flush=True)


def pending():
    return DBTaskResult.objects.filter(status__in=["READY", "RUNNING"])


def wait_for_renders(timeout: float) -> None:
    """Wait until the serve's task workers have rendered every issued certificate."""
    deadline = time.monotonic() + timeout
    while pending().exists() and time.monotonic() < deadline:
        time.sleep(1)
