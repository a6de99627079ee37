"""Building blocks of ``seed_history``: what it draws from and its plan of cohorts.

Synthetic load data only: nothing here validates or audits, nor may run on a production
database. The plan is drawn from seeded generators, so the same arguments give the same history.
What the reports can count on: past years' cohorts are closed (about 2% cancelled before they
began: no sessions, participants still enrolled); in the last year those ending after 31
December are running (sessions until then held), or planned when starting in December. No
inmate is in two cohorts whose dates overlap, seed_scale's included. Attendance exists for held
sessions and participants not withdrawn. Every completed K participant of a closed cohort holds
a certificate (about 1% superseded by a reissue, 0.5% revoked); a certificate is handed over
when a ``CeremonyCertificate`` names it (nine in ten closed cohorts; reissues are not).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from itertools import accumulate, groupby
from operator import attrgetter

from django.core.management.base import CommandError

from certificates.models import CertificateStatus
from programs.models import Cohort, Enrollment
from programs.numbering import ROMAN_MONTHS

AGENCY_PREFIX = "HST-"
FACILITY_PREFIX = "hist-"
USER_PREFIX = "hist."
WIB = timezone(timedelta(hours=7))
SESSION_START = time(8, 0)
MAX_SESSION_JP = 8  # 08:00 to 14:00 at most.
STEPS = (1, 2, 2, 3, 3, 4, 5)  # Weekdays from one session to the next.

# (province, weight, cities): the 38 provinces; a weight of 1 is about 13 facilities of 500.
PROVINCES = [
    ("Aceh", 1.0, ("Kota Banda Aceh", "Kabupaten Aceh Besar")),
    ("Sumatera Utara", 2.0, ("Kota Medan", "Kabupaten Deli Serdang", "Kota Pematangsiantar")),
    ("Sumatera Barat", 1.0, ("Kota Padang", "Kota Bukittinggi")),
    ("Riau", 1.5, ("Kota Pekanbaru", "Kota Dumai")),
    ("Kepulauan Riau", 1.0, ("Kota Batam", "Kota Tanjung Pinang")),
    ("Jambi", 1.0, ("Kota Jambi", "Kabupaten Muaro Jambi")),
    ("Sumatera Selatan", 1.5, ("Kota Palembang", "Kota Lubuklinggau")),
    ("Kepulauan Bangka Belitung", 0.7, ("Kota Pangkal Pinang", "Kabupaten Belitung")),
    ("Bengkulu", 0.7, ("Kota Bengkulu", "Kabupaten Rejang Lebong")),
    ("Lampung", 1.5, ("Kota Bandar Lampung", "Kota Metro")),
    ("DKI Jakarta", 1.5, ("Kota Jakarta Timur", "Kota Jakarta Pusat", "Kota Jakarta Utara")),
    ("Jawa Barat", 3.0, ("Kota Bandung", "Kabupaten Bogor", "Kota Cirebon", "Kabupaten Garut")),
    ("Banten", 1.5, ("Kota Serang", "Kota Tangerang", "Kabupaten Pandeglang")),
    (
        "Jawa Tengah",
        3.0,
        ("Kota Semarang", "Kabupaten Cilacap", "Kota Surakarta", "Kabupaten Kudus"),
    ),
    ("DI Yogyakarta", 0.7, ("Kota Yogyakarta", "Kabupaten Sleman")),
    ("Jawa Timur", 3.0, ("Kota Surabaya", "Kabupaten Lamongan", "Kota Malang", "Kota Kediri")),
    ("Bali", 1.0, ("Kota Denpasar", "Kabupaten Buleleng")),
    ("Nusa Tenggara Barat", 1.0, ("Kota Mataram", "Kabupaten Sumbawa")),
    ("Nusa Tenggara Timur", 1.0, ("Kota Kupang", "Kabupaten Ende")),
    ("Kalimantan Barat", 1.0, ("Kota Pontianak", "Kota Singkawang")),
    ("Kalimantan Tengah", 0.8, ("Kota Palangka Raya", "Kabupaten Kotawaringin Timur")),
    ("Kalimantan Selatan", 1.0, ("Kota Banjarmasin", "Kota Banjarbaru")),
    ("Kalimantan Timur", 1.0, ("Kota Samarinda", "Kota Balikpapan")),
    ("Kalimantan Utara", 0.5, ("Kabupaten Bulungan", "Kota Tarakan")),
    ("Sulawesi Utara", 0.8, ("Kota Manado", "Kota Bitung")),
    ("Gorontalo", 0.5, ("Kota Gorontalo", "Kabupaten Boalemo")),
    ("Sulawesi Tengah", 0.8, ("Kota Palu", "Kabupaten Poso")),
    ("Sulawesi Barat", 0.5, ("Kabupaten Mamuju", "Kabupaten Polewali Mandar")),
    ("Sulawesi Selatan", 1.5, ("Kota Makassar", "Kota Parepare", "Kabupaten Bone")),
    ("Sulawesi Tenggara", 0.8, ("Kota Kendari", "Kota Baubau")),
    ("Maluku", 0.7, ("Kota Ambon", "Kota Tual")),
    ("Maluku Utara", 0.5, ("Kota Ternate", "Kabupaten Halmahera Utara")),
    ("Papua", 0.6, ("Kota Jayapura", "Kabupaten Biak Numfor")),
    ("Papua Barat", 0.5, ("Kabupaten Manokwari", "Kabupaten Fakfak")),
    ("Papua Selatan", 0.4, ("Kabupaten Merauke", "Kabupaten Boven Digoel")),
    ("Papua Tengah", 0.4, ("Kabupaten Nabire", "Kabupaten Mimika")),
    ("Papua Pegunungan", 0.3, ("Kabupaten Jayawijaya", "Kabupaten Yahukimo")),
    ("Papua Barat Daya", 0.4, ("Kota Sorong", "Kabupaten Raja Ampat")),
]
CITIES = {name: cities for name, _weight, cities in PROVINCES}

# Private training institutes (LPK), each based in one of the provinces with the most UPT.
LPK_NAMES = "Karya Mandiri, Bina Terampil, Tunas Harapan, Maju Bersama, Cipta Kreasi, Sinar Usaha"
LPKS = [f"LPK Riwayat {name}" for name in (*LPK_NAMES.split(", "), "Bhakti Pertiwi", "Mitra Kerja")]

# (code, name, field code, JP, weight); the fields are seed_scale's.
PROGRAMS = [
    ("LAS", "Pengelasan SMAW Dasar", "pengelasan", 80, 3),
    ("LAS2", "Pengelasan Konstruksi Ringan", "pengelasan", 64, 1),
    ("KAYU", "Pertukangan Kayu Dasar", "pertukangan-kayu", 72, 3),
    ("KUSEN", "Pembuatan Kusen dan Daun Pintu", "pertukangan-kayu", 64, 1),
    ("LELE", "Budidaya Ikan Lele Bioflok", "perikanan-lele", 48, 3),
    ("AYAM", "Peternakan Ayam Kampung", "peternakan-ayam", 48, 2),
    ("PAKAN", "Pembuatan Pakan Ternak Mandiri", "peternakan-ayam", 40, 1),
    ("MBL", "Meubeler Kayu dan Rotan", "meubeler", 80, 2),
    ("FIN", "Finishing Meubel", "meubeler", 56, 1),
    ("WIRA", "Kewirausahaan dan Pemasaran Daring", "soft-skills", 40, 2),
    ("KOM", "Komunikasi dan Kerja Sama Tim", "soft-skills", 32, 1),
]

PLACES = ("Aula Lapas", "Bengkel Kerja", "Ruang Bimbingan Kerja", "Area Sarana Asimilasi")
WITHDRAWALS = [  # (reason, weight, note)
    (Enrollment.WithdrawalReason.RELEASED, 30, "Bebas bersyarat"),
    (Enrollment.WithdrawalReason.TRANSFERRED, 20, "Dipindahkan ke UPT lain"),
    (Enrollment.WithdrawalReason.DISCIPLINE, 15, "Register F"),
    (Enrollment.WithdrawalReason.HEALTH, 15, "Dirawat di klinik"),
    (Enrollment.WithdrawalReason.OWN_REQUEST, 15, ""),
    (Enrollment.WithdrawalReason.OTHER, 5, "Mengikuti kegiatan kerja lain"),
]
ABSENCES = ("izin", "sakit", "alpa")
REVOCATIONS = (
    "Data identitas pemegang tidak sesuai register.",
    "Peserta ternyata tidak mengikuti asesmen akhir.",
    "Diterbitkan ganda karena kesalahan operator.",
)


SHORTFALL = "Sesi yang terlaksana kurang dari JP program; sertifikat memuat JP yang terlaksana."


def short(city: str) -> str:
    """Return a city without "Kabupaten"/"Kota", as names and birth places print it."""
    return city.removeprefix("Kabupaten ").removeprefix("Kota ")


def wib(day: date, at: time) -> datetime:
    """Return a moment of a day in Western Indonesian Time."""
    return datetime.combine(day, at, tzinfo=WIB)


def spread(count: int) -> list[str]:
    """Return ``count`` provinces in turn, each in proportion to its weight (D'Hondt)."""
    given = dict.fromkeys(CITIES, 0)
    weights = {name: weight for name, weight, _cities in PROVINCES}
    result = []
    for _ in range(count):
        name = max(given, key=lambda p: weights[p] / (given[p] + 1))
        given[name] += 1
        result.append(name)
    return result


def session_hours(program_hours: int, count: int) -> list[int]:
    """Split a program's JP over its sessions, at most ``MAX_SESSION_JP`` each."""
    base, extra = divmod(program_hours, count)
    return [max(1, min(MAX_SESSION_JP, base + (1 if i < extra else 0))) for i in range(count)]


@dataclass(eq=False)
class CohortPlan:
    """One cohort to write: where and when, its status, program, agency and participants."""

    facility: int  # Index into the facilities, in code order.
    year: int
    slot: int
    start: date
    end: date
    days: list[date]
    status: str
    program: int = 0  # Index into PROGRAMS.
    agency: int = 0  # The rest are primary keys.
    facility_pk: int = 0
    place: str = ""
    pk: int = 0
    participants: list[int] = field(default_factory=list)  # Inmates.
    held: list[tuple[int, datetime]] = field(default_factory=list)  # Sessions, recorded at.
    delivered: int = 0  # JP of the held sessions.
    attendees: list[tuple[int, dict]] = field(default_factory=list)  # Enrollment, absences.
    holders: list[tuple[int, int]] = field(default_factory=list)  # Enrollment, inmate: K.
    certificates: list["Issue"] = field(default_factory=list)
    issued: datetime | None = None

    @property
    def name(self) -> str:
        number = ROMAN_MONTHS[self.slot] if self.slot < 12 else str(self.slot + 1)
        return f"Angkatan {number} {self.year}"


@dataclass(eq=False)
class Issue:
    """One certificate to write: whose, when, and what became of it."""

    plan: CohortPlan
    enrollment: int
    inmate: int
    issued: datetime
    status: str = CertificateStatus.VALID
    revoked: datetime | None = None
    reason: str = ""
    successor: "Issue | None" = None  # The reissue that supersedes it.
    pk: int = 0
    year: int = 0
    sequence: int = 0
    number: str = ""


def add_weekdays(day: date, count: int) -> date:
    """Return the day ``count`` weekdays after ``day``."""
    while count:
        day += timedelta(days=1)
        count -= day.weekday() < 5
    return day


def plan_cohorts(rng, facilities, years, end_year, per_year, sessions) -> list[CohortPlan]:
    """Plan every facility's cohorts: ``per_year`` a year, spread over the year, Monday starts.

    Those ending by the end of ``end_year`` are closed (about 2% cancelled); later ones are
    running, or planned when they start in its December.
    """
    cutoff, last_month = date(end_year, 12, 31), date(end_year, 12, 1)
    gap = 365 / per_year
    plans = []
    for index in range(facilities):
        for year in range(end_year - years + 1, end_year + 1):
            for slot in range(per_year):
                jitter = rng.randint(0, max(0, min(14, int(gap) - 7)))
                start = date(year, 1, 2) + timedelta(days=int(slot * gap) + jitter)
                start += timedelta(days=(7 - start.weekday()) % 7)
                step = rng.choice(STEPS)
                days = [start]
                while len(days) < sessions:
                    days.append(add_weekdays(days[-1], step))
                if days[-1] <= cutoff:
                    cancelled = rng.random() < 0.02
                    status = Cohort.Status.CANCELLED if cancelled else Cohort.Status.CLOSED
                elif start < last_month:
                    status = Cohort.Status.RUNNING
                else:
                    status = Cohort.Status.PLANNED
                plans.append(CohortPlan(index, year, slot, start, days[-1], days, status))
    return plans


def max_overlap(plans: list[CohortPlan]) -> int:
    """Return the most cohorts one facility runs on the same day (plans in facility order)."""
    most = 0
    for _index, own in groupby(plans, key=attrgetter("facility")):
        edges = sorted(e for p in own for e in ((p.start, 1), (p.end + timedelta(days=1), -1)))
        most = max(most, *accumulate(change for _day, change in edges))
    return most


def assign_participants(rng, plans, inmates, busy, count) -> None:
    """Give each cohort ``count`` inmates of its facility who are in no cohort of those dates.

    ``inmates`` lists each facility's inmate ids, ``busy`` the (start, end) of the cohorts
    they are already in. Cohorts are filled in order of start, so an inmate is free when the
    last one he joined has ended and none of his earlier ones overlaps.
    """
    for index, own in groupby(plans, key=attrgetter("facility")):
        ids = inmates[index]
        last_end = [date.min] * len(ids)
        for plan in sorted(own, key=lambda p: (p.start, p.slot)):
            free = [
                i
                for i, end in enumerate(last_end)
                if end < plan.start
                and not any(s <= plan.end and plan.start <= e for s, e in busy.get(ids[i], ()))
            ]
            if len(free) < count:
                raise CommandError(f"WBP UPT ke-{index + 1} tidak cukup untuk {plan.name}.")
            for i in rng.sample(free, count):
                last_end[i] = max(last_end[i], plan.end)
                plan.participants.append(ids[i])


def outcome(rng, status: str):
    """Draw a participant's (status, result, score, withdrawal reason, note) in such a cohort."""
    states = Enrollment.Status
    leaving = {Cohort.Status.CLOSED: 0.06, Cohort.Status.RUNNING: 0.04}.get(status, 0)
    if leaving and rng.random() < leaving:
        reason, _weight, note = rng.choices(WITHDRAWALS, weights=[w[1] for w in WITHDRAWALS])[0]
        return states.WITHDRAWN, "", None, reason, note
    if status != Cohort.Status.CLOSED:
        return states.ENROLLED, "", None, "", ""
    competent = rng.random() < 0.9
    score = None
    if rng.random() < 0.85:
        score = rng.randint(70, 98) if competent else rng.randint(45, 69)
    return states.COMPLETED, "K" if competent else "BK", score, "", ""


def absences(rng, held: int, result: str, min_percent: int) -> dict[int, str]:
    """Draw which held sessions a participant missed, and why; the competent ones attended
    enough for their certificate."""
    allowed = held * (100 - min_percent) // 100 if result != "BK" else held // 2
    missed = min(allowed, rng.choices((0, 1, 2, 3), weights=(55, 25, 12, 8))[0])
    if result == "BK":
        missed = min(allowed, missed + rng.randint(0, 2))
    return {i: rng.choice(ABSENCES) for i in rng.sample(range(held), missed)}


def draw_certificates(rng, plans, cutoff: date, key) -> list[Issue]:
    """Issue the K participants of each closed cohort (in ``key`` order) their certificates,
    some days after it ends.

    About 1% are corrected by a reissue and 0.5% revoked one to four months later (of those
    issued five months or more before ``cutoff``). Returns them in order of issue.
    """
    late, issues = cutoff - timedelta(days=150), []
    for plan in plans:
        if plan.status != Cohort.Status.CLOSED or not plan.holders:
            continue
        day = min(plan.end + timedelta(days=rng.randint(3, 16)), cutoff)
        plan.issued = wib(day, time(10))
        for enrollment, inmate in sorted(plan.holders, key=key):
            issue = Issue(plan, enrollment, inmate, plan.issued)
            plan.certificates.append(issue)
            issues.append(issue)
            draw = rng.random()
            if day > late or draw >= 0.015:
                continue
            later = plan.issued + timedelta(days=rng.randint(30, 120))
            if draw < 0.01:
                issue.status = CertificateStatus.SUPERSEDED
                issue.successor = Issue(plan, enrollment, inmate, later)
                issues.append(issue.successor)
            else:
                issue.status, issue.revoked = CertificateStatus.REVOKED, later
                issue.reason = rng.choice(REVOCATIONS)
    return sorted(issues, key=lambda issue: issue.issued)
