"""Fill the database with years of training history for the reports benchmark: ``seed_history``.

This is synthetic load data, not a workflow: rows are written straight (``COPY`` on PostgreSQL,
batched inserts elsewhere), no service runs, no validation beyond the database constraints and
no audit event is written. Never run it on a production database.

By default 5 years (to the last full year) x 500 facilities x 8 cohorts a year x 25
participants: 20,000 cohorts, 500,000 enrollments, 10 sessions each, about 4.6 million
attendance rows, 400,000 certificates and their ceremonies. It takes seed_scale's ``scale-``
facilities and inmates when there are enough, else creates ``hist-`` ones over the 38
provinces. Its agencies and programs have codes starting ``HST-`` and its users usernames
starting ``hist.``; a second run skips when ``HST-`` agencies exist. The same arguments give the
same data on the same register. What the data promises is told in ``demo.history``.
"""

import base64
import random
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from certificates import documents
from certificates.models import (
    Ceremony,
    CeremonyCertificate,
    Certificate,
    CertificateCounter,
    HoursDecision,
)
from demo import history
from demo.bulk import BulkWriter
from demo.history import AGENCY_PREFIX, FACILITY_PREFIX, USER_PREFIX, short, wib
from demo.management.commands.seed_scale import FIELDS, _NamePool
from inmates.models import Facility, Inmate
from lapas_training.models import Role, TrainingField, User
from programs.models import (
    Attendance,
    Cohort,
    CompetencyUnit,
    Enrollment,
    PartnerAgency,
    Program,
    Session,
)
from programs.numbering import format_number
from programs.services import session_counts_refresh

SEED = 20260101
SCALE_PREFIX = "scale-"
SUMMARY = [(Cohort, "angkatan"), (Enrollment, "peserta"), (Session, "sesi")]
SUMMARY += [(Attendance, "kehadiran"), (Certificate, "sertifikat"), (Ceremony, "penyerahan")]


class Command(BaseCommand):
    help = "Create years of synthetic training history (HST-* agencies) for reports; no audit."

    def add_arguments(self, parser):
        add = parser.add_argument
        add("--years", type=int, default=5, help="Years of history (default 5).")
        add("--facilities", type=int, default=500, help="Facilities (default 500).")
        add("--cohorts-per-year", type=int, default=8, help="Cohorts a facility runs a year.")
        add("--participants", type=int, default=25, help="Participants of each cohort.")
        add("--sessions", type=int, default=10, help="Sessions of each cohort (default 10).")
        add("--end-year", type=int, default=None, help="Last year (default: last full year).")
        add("--seed", type=int, default=SEED, help="Seed of the generators.")

    def handle(self, *args, **options):
        self.started = time.monotonic()
        if existing := PartnerAgency.objects.filter(code__startswith=AGENCY_PREFIX).count():
            self.stdout.write(f"Riwayat sudah ada ({existing} instansi HST-*); dilewati.")
            return
        self.o = o = SimpleNamespace(**options)
        o.end_year = o.end_year or timezone.localdate().year - 1
        sizes = (o.years, o.facilities, o.cohorts_per_year, o.participants, o.sessions)
        if min(sizes) < 1 or o.participants > 495 or o.sessions > 60 or o.cohorts_per_year > 52:
            raise CommandError("Ukuran tidak valid (peserta 1-495, sesi 1-60, angkatan 1-52).")
        self.cutoff = date(o.end_year, 12, 31)
        sizes = (o.facilities, o.years, o.end_year, o.cohorts_per_year, o.sessions)
        plans = history.plan_cohorts(self._rng("dates"), *sizes)
        need = o.participants * (history.max_overlap(plans) + 2)
        with transaction.atomic():
            self.writer = BulkWriter(connection)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # Check each batch as it comes, instead of queueing millions of checks.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.places = self._facilities(o.facilities, need)
            inmates, busy = self._inmates(need)
            programs = self._programs()
            self._choose(plans, programs, self._agencies())
            rng = self._rng("participants")
            history.assign_participants(rng, plans, inmates, busy, o.participants)
            self._cohorts(plans, programs)
            self._teaching(plans, programs)
            self._certificates(plans, programs)
        self.writer.analyze()
        self._progress("ANALYZE")
        done = [f"{self.writer.written.get(m._meta.db_table, 0)} {label}" for m, label in SUMMARY]
        seconds = time.monotonic() - self.started
        message = f"Selesai: {len(self.places)} UPT, {', '.join(done)} dalam {seconds:.1f} detik."
        self.stdout.write(self.style.SUCCESS(message))

    def _rng(self, name: str) -> random.Random:
        """Return a generator of its own for one concern, so that concerns do not interfere."""
        return random.Random(f"{self.o.seed}:{name}")

    def _progress(self, message: str) -> None:
        self.stdout.write(f"[{time.monotonic() - self.started:6.1f} s] {message}")

    def _facilities(self, count: int, need: int) -> list[Facility]:
        """Return seed_scale's first facilities with enough inmates, or create ``hist-`` ones."""
        scale = Facility.objects.filter(code__startswith=SCALE_PREFIX).annotate(n=Count("inmates"))
        places = list(scale.filter(n__gte=need).order_by("code")[:count])
        self.created = len(places) < count
        if self.created:
            rng, kinds = self._rng("facilities"), ["lapas"] * 6 + ["rutan"] * 3 + ["lpka"]
            names, rows = _NamePool(rng), []
            for number, province in enumerate(history.spread(count), start=1):
                city = rng.choice(history.CITIES[province])
                name = f"Lapas Riwayat {number:05d} {short(city)}"
                kind, grade = kinds[number % len(kinds)], rng.choice(["I", "IIA", "IIB"])
                rows.append((f"{FACILITY_PREFIX}{number:05d}", name, kind, f"Kelas {grade}", city))
                rows[-1] += (province, names.full_name(Inmate.Sex.MALE), "Kepala Lapas")
            fields = "code name kind facility_class city province head_name head_title"
            self.writer.write(Facility, fields, rows)
            places = Facility.objects.filter(code__startswith=FACILITY_PREFIX)
            places = list(places.order_by("code"))
        self._progress(f"{count} UPT {'dibuat' if self.created else 'seed_scale dipakai ulang'}")
        mine = Q(username__startswith="scale.operator.") | Q(username__startswith=USER_PREFIX)
        found = User.objects.filter(mine, role=Role.LAPAS_OPERATOR, facility__in=places)
        self.operators = {u.facility_id: u.pk for u in found.order_by("pk")}
        missing = [f for f in places if f.pk not in self.operators]
        self._users([(f"{USER_PREFIX}operator.{f.code}", Role.LAPAS_OPERATOR, f) for f in missing])
        found = User.objects.filter(username__startswith=f"{USER_PREFIX}operator.")
        self.operators |= {u.facility_id: u.pk for u in found}
        return places

    def _users(self, rows) -> None:
        """Create users (username, role, facility or agency) who cannot log in."""
        password, operator = make_password(None), Role.LAPAS_OPERATOR
        rows = [
            (name, f"{Role(role).label} {place.name}", f"{name}@contoh.go.id", role, password)
            + ((place.pk, None) if role == operator else (None, place.pk))
            for name, role, place in rows
        ]
        fields = "username full_name email role password facility_id agency_id"
        self.writer.write(User, fields, rows)

    def _inmates(self, need: int):
        """Create ``need`` inmates in each new facility; return each facility's inmate ids and
        the dates of the cohorts they are in already."""
        first = date(self.cutoff.year - self.o.years + 1, 1, 1)
        if self.created:
            rng = self._rng("inmates")
            names, rows = _NamePool(rng), []
            for place in self.places:
                for n in range(need):
                    sex = Inmate.Sex.FEMALE if n % 9 == 4 else Inmate.Sex.MALE
                    born = date(1965, 1, 1) + timedelta(days=rng.randint(0, 365 * 40))
                    number = f"B{'I' * (1 + n % 3)}.{n + 1:04d}/{first.year - n % 5}"
                    release = first + timedelta(days=rng.randint(200, 365 * self.o.years + 900))
                    rows.append((place.pk, number, names.full_name(sex), short(place.city), born))
                    rows[-1] += (sex, rng.choice(Inmate.Education.values), release)
                    rows[-1] += (wib(first, clock(9)), wib(first, clock(9)))
            fields = "facility_id registration_number full_name birth_place birth_date sex"
            fields += " education expected_release_date created_at updated_at"
            self.writer.write(Inmate, fields, rows)
            self._progress(f"{len(rows)} WBP dibuat")
        index = {place.pk: i for i, place in enumerate(self.places)}
        ids, self.people = [[] for _ in self.places], {}
        found = Inmate.objects.filter(facility__in=self.places).order_by("pk")
        found = found.values_list("pk", "facility_id", "full_name", "birth_place", "birth_date")
        for pk, facility, *person in found:
            ids[index[facility]].append(pk)
            self.people[pk] = person
        busy: dict[int, list] = {}
        taken = Enrollment.objects.filter(inmate__facility__in=self.places)
        for pk, *dates in taken.values_list("inmate_id", "cohort__start_date", "cohort__end_date"):
            busy.setdefault(pk, []).append(dates)
        return ids, busy

    def _programs(self) -> list[Program]:
        """Return the history's programs with three competency units each, created if missing."""
        get, programs = TrainingField.objects.get_or_create, []
        fields = {code: get(code=code, defaults={"name": name})[0] for code, name in FIELDS}
        for code, name, field, hours, _weight in history.PROGRAMS:
            program, created = Program.objects.get_or_create(
                code=f"{AGENCY_PREFIX}{code}",
                defaults={"name": name, "field": fields[field], "hours": hours},
            )
            if created:
                titles = ["Menerapkan K3 di tempat kerja", "Menyiapkan alat dan bahan kerja"]
                titles.append(f"Melaksanakan praktik {name.lower()}")
                split = [hours // 4, hours // 4, hours - 2 * (hours // 4)]
                units = enumerate(zip(titles, split, strict=True), start=1)
                rows = [(program.pk, i, f"{code}.{i:02d}", t, h) for i, (t, h) in units]
                self.writer.write(CompetencyUnit, "program_id position code title hours", rows)
            program.printed_units = documents.program_units(program)
            programs.append(program)
        return programs

    def _agencies(self) -> list[PartnerAgency]:
        """Create a BLK or a Disnaker for each province of the facilities, the LPKs, and their
        administrator and instructor."""
        order = {name: i for i, (name, _weight, _cities) in enumerate(history.PROVINCES)}
        provinces = sorted({p.province for p in self.places}, key=lambda p: (order.get(p, 99), p))
        rows = []
        for province in provinces:
            number = order.get(province, len(order) + provinces.index(province)) + 1
            label = "BLK" if number % 2 else "Disnaker"
            code = f"{AGENCY_PREFIX}{label[:3].upper()}-{number:02d}"
            rows.append((code, label.lower(), f"{label} Riwayat {province}", province))
        homes = history.spread(len(history.LPKS))
        for number, (name, home) in enumerate(zip(history.LPKS, homes, strict=True), start=1):
            rows.append((f"{AGENCY_PREFIX}LPK-{number:02d}", "lpk", name, home))
        rng, agencies = self._rng("agencies"), []
        names = _NamePool(rng)
        for code, kind, name, province in rows:
            city = history.CITIES.get(province, (province,))[0]
            head = (names.full_name(rng.choice(Inmate.Sex.values)), f"Kepala {name}")
            nip = (
                f"19{rng.randint(650101, 851228)}{rng.randint(1990, 2015)}{rng.randint(1, 12):02d}"
            )
            nip += f"{rng.randint(1, 2)}{rng.randint(1, 999):03d}"
            letterhead = "" if kind == "lpk" else f"PEMERINTAH PROVINSI {province.upper()}"
            agencies.append((code, kind, name, city, province, *head, nip, letterhead))
        fields = "code kind name city province head_name head_title head_nip letterhead"
        self.writer.write(PartnerAgency, fields, agencies)
        mine = PartnerAgency.objects.filter(code__startswith=AGENCY_PREFIX)
        agencies = list(mine.order_by("code"))
        roles = (("admin", Role.AGENCY_ADMIN), ("instruktur", Role.INSTRUCTOR))
        self._users(
            (f"{USER_PREFIX}{r}.{a.code.lower()}", role, a) for a in agencies for r, role in roles
        )
        staff = User.objects.filter(agency__in=agencies, username__startswith=USER_PREFIX)
        self.admins = {u.agency_id: u.pk for u in staff.filter(role=Role.AGENCY_ADMIN)}
        self.instructors = {u.agency_id: u.pk for u in staff.filter(role=Role.INSTRUCTOR)}
        self._progress(f"{len(agencies)} instansi dengan admin dan instruktur")
        return agencies

    def _choose(self, plans, programs, agencies) -> None:
        """Draw each cohort's program (by weight), agency (mostly its province's) and place."""
        rng, weights = self._rng("choices"), [row[4] for row in history.PROGRAMS]
        self.agencies = {a.pk: a for a in agencies}
        own = {a.province: a for a in agencies if a.kind != "lpk"}
        lpks = [a for a in agencies if a.kind == "lpk"]
        for plan in plans:
            place = self.places[plan.facility]
            plan.program = rng.choices(range(len(programs)), weights=weights)[0]
            agency = own.get(place.province)
            if agency is None or rng.random() < 0.25:
                agency = rng.choice(lpks)
            plan.agency, plan.facility_pk = agency.pk, place.pk
            plan.place = rng.choice(history.PLACES)

    def _cohorts(self, plans, programs) -> None:
        """Write the cohorts, each taught by its agency's instructor."""
        rows, capacity = [], min(500, self.o.participants + 5)
        for p, pk in zip(plans, self.writer.ids(Cohort, len(plans)), strict=True):
            p.pk, closed = pk, wib(min(p.end + timedelta(days=2), self.cutoff), clock(15))
            rows.append((pk, p.name, programs[p.program].pk, p.facility_pk, p.agency, p.start))
            rows[-1] += (p.end, capacity, p.place, p.status, self.operators[p.facility_pk])
            rows[-1] += (closed if p.status == Cohort.Status.CLOSED else None,)
            rows[-1] += (wib(p.start - timedelta(days=30), clock(9)),)
        fields = "id name program_id facility_id agency_id start_date end_date capacity place"
        self.writer.write(Cohort, f"{fields} status created_by_id closed_at created_at", rows)
        teachers = [(p.pk, self.instructors[p.agency]) for p in plans]
        self.writer.write(Cohort.instructors.through, "cohort_id user_id", teachers)
        self._progress(f"{len(plans)} angkatan")

    def _teaching(self, plans, programs) -> None:
        """Write the sessions, the enrollments with their results, and the attendance."""
        held = (Cohort.Status.CLOSED, Cohort.Status.RUNNING)
        taught = [p for p in plans if p.status != Cohort.Status.CANCELLED]
        session_ids = iter(self.writer.ids(Session, sum(len(p.days) for p in taught)))
        rows = []
        for plan in taught:
            program = programs[plan.program]
            hours = history.session_hours(program.hours, len(plan.days))
            for i, (day, jp) in enumerate(zip(plan.days, hours, strict=True)):
                start = datetime.combine(day, history.SESSION_START)
                end, pk = (start + timedelta(minutes=45 * jp)).time(), next(session_ids)
                taken = wib(day, end) if plan.status in held and day <= self.cutoff else None
                if taken:
                    plan.held.append((pk, taken))
                    plan.delivered += jp
                topic = program.printed_units[i % len(program.printed_units)]["title"]
                rows.append((pk, plan.pk, day, start.time(), end, jp, topic, taken))
        fields = "id cohort_id date start_time end_time hours topic attendance_taken_at"
        self._progress(f"{self.writer.write(Session, fields, rows)} sesi")
        rng, absent_rng, rows = self._rng("outcomes"), self._rng("attendance"), []
        enrollment_ids = iter(self.writer.ids(Enrollment, sum(len(p.participants) for p in plans)))
        for plan in plans:
            instructor, operator = self.instructors[plan.agency], self.operators[plan.facility_pk]
            minimum = programs[plan.program].min_attendance_percent
            for inmate in plan.participants:
                pk = next(enrollment_ids)
                status, result, score, reason, note = history.outcome(rng, plan.status)
                enrolled = wib(plan.start - timedelta(days=rng.randint(3, 14)), clock(9))
                left = None
                if reason:
                    day = plan.start + timedelta(days=rng.randint(0, (plan.end - plan.start).days))
                    left = wib(min(day, self.cutoff), clock(10))
                else:
                    missed = history.absences(absent_rng, len(plan.held), result, minimum)
                    plan.attendees.append((pk, missed))
                if result == "K":
                    plan.holders.append((pk, inmate))
                done = status == Enrollment.Status.COMPLETED
                assessed = (instructor, wib(plan.end, clock(15))) if done else (None, None)
                rows.append((pk, plan.pk, inmate, status, enrolled, operator, reason, note, left))
                rows[-1] += (result, score, *assessed)
        fields = "id cohort_id inmate_id status enrolled_at enrolled_by_id withdrawal_reason"
        fields += " withdrawal_note withdrawn_at result score result_recorded_by_id"
        written = self.writer.write(Enrollment, f"{fields} result_recorded_at", rows)
        self._progress(f"{written} peserta")
        fields = "session_id enrollment_id status recorded_by_id recorded_at"
        for first in range(0, len(plans), 2500):
            self.writer.write(Attendance, fields, self._attendance(plans[first : first + 2500]))
            self._progress(f"{self.writer.written[Attendance._meta.db_table]} kehadiran")
        # Each session keeps its counts of marks, as attendance_record keeps them.
        sessions = Session.objects.filter(cohort_id__in=[plan.pk for plan in taught])
        session_counts_refresh(sessions=sessions)

    def _attendance(self, plans):
        """Yield the attendance of the held sessions of these cohorts, participant by one."""
        for plan in plans:
            instructor = self.instructors[plan.agency]
            for i, (session, taken) in enumerate(plan.held):
                for enrollment, missed in plan.attendees:
                    yield (session, enrollment, missed.get(i, "hadir"), instructor, taken)

    def _certificates(self, plans, programs) -> None:
        """Number and write the certificates, the reissues' links, counters and JP decisions."""
        rng, by_name = self._rng("certificates"), lambda h: (self.people[h[1]][0], h)
        issues = history.draw_certificates(rng, plans, self.cutoff, by_name)
        counters = {}
        for issue, pk in zip(issues, self.writer.ids(Certificate, len(issues)), strict=True):
            agency, local = self.agencies[issue.plan.agency], timezone.localdate(issue.issued)
            key = (agency.pk, local.year)
            counters[key] = issue.sequence = counters.get(key, 0) + 1
            issue.pk, issue.year = pk, local.year
            issue.number = format_number(
                agency.certificate_number_format,
                seq=issue.sequence,
                agency=agency.code,
                program=programs[issue.plan.program].code,
                month=local.month,
                year=local.year,
            )
        # Reissues first: the certificates they supersede point at them.
        issues.sort(key=lambda issue: issue.status == Certificate.Status.SUPERSEDED)
        fields = "id enrollment_id cohort_id agency_id year sequence number verification_code"
        fields += " status issued_at issued_by_id snapshot revoked_at revoked_by_id"
        rows = (self._certificate(issue, programs, rng) for issue in issues)
        self.writer.write(Certificate, f"{fields} revocation_reason superseded_by_id", rows)
        counted = [(*key, last) for key, last in counters.items()]
        self.writer.write(CertificateCounter, "agency_id year last_sequence", counted)
        short_of = [p for p in plans if p.certificates and p.delivered < programs[p.program].hours]
        rows = [(p.pk, programs[p.program].hours, p.delivered, history.SHORTFALL) for p in short_of]
        rows = [(*r, self.admins[p.agency], p.issued) for r, p in zip(rows, short_of, strict=True)]
        fields = "cohort_id program_hours delivered_hours reason decided_by_id decided_at"
        self.writer.write(HoursDecision, fields, rows)
        self._progress(f"{len(issues)} sertifikat")
        self._ceremonies([plan for plan in plans if plan.certificates])

    def _certificate(self, issue, programs, rng) -> tuple:
        """Return a certificate's row with its frozen snapshot, as issuing would freeze it."""
        plan, program = issue.plan, programs[issue.plan.program]
        agency, admin = self.agencies[plan.agency], self.admins[plan.agency]
        name, birth_place, birth_date = self.people[issue.inmate]
        code = base64.urlsafe_b64encode(rng.getrandbits(192).to_bytes(24, "big")).decode()
        cohort = SimpleNamespace(program=program, agency=agency, event=None)
        cohort.start_date, cohort.end_date = plan.start, plan.end
        holder = SimpleNamespace(full_name=name, birth_place=birth_place, birth_date=birth_date)
        snapshot = documents.build_snapshot(
            enrollment=SimpleNamespace(cohort=cohort, inmate=holder, result="K"),
            number=issue.number,
            code=code,
            issued_at=issue.issued,
            units=program.printed_units,
            hours=min(program.hours, plan.delivered),
        )
        row = (issue.pk, issue.enrollment, plan.pk, agency.pk, issue.year, issue.sequence)
        row += (issue.number,)
        row += (code, issue.status, issue.issued, admin, snapshot, issue.revoked)
        successor = issue.successor and issue.successor.pk
        return (*row, issue.revoked and admin, issue.reason, successor)

    def _ceremonies(self, plans) -> None:
        """Hand over nine in ten cohorts' certificates at a ceremony, in the holders' order."""
        rng = self._rng("ceremonies")
        plans, rows, items = [p for p in plans if rng.random() < 0.9], [], []
        for plan, pk in zip(plans, self.writer.ids(Ceremony, len(plans)), strict=True):
            day = min(plan.issued.date() + timedelta(days=rng.randint(0, 14)), self.cutoff)
            agency = self.agencies[plan.agency]
            officials = f"Kepala {self.places[plan.facility].name}\n{agency.head_title}"
            created = plan.issued + timedelta(hours=2)
            rows.append((pk, plan.pk, agency.pk, day, plan.place, officials, created))
            items += [(pk, c.pk, n) for n, c in enumerate(plan.certificates, start=1)]
        rows = [(*row, self.admins[row[2]]) for row in rows]
        self.writer.write(
            Ceremony, "id cohort_id agency_id date place officials created_at created_by_id", rows
        )
        self.writer.write(CeremonyCertificate, "ceremony_id certificate_id position", items)
        self._progress(f"{len(rows)} penyerahan, {len(items)} sertifikat diserahkan")
