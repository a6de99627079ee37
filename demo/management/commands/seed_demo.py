"""Load the demo world of the two seed reports (Lamongan and Mojokerto), and the follow-up of
four released Lamongan welders by Bapas Bojonegoro; safe to run again."""

import random
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from faker import Faker

from certificates.services import render_everything_pending
from demo.after_release import tell_lamongan_followup
from demo.data import (
    AGENCIES,
    BAPAS,
    DEMO_PASSWORD,
    FACILITIES,
    FIELDS,
    INMATES_PER_FACILITY,
    KANWIL_USERS,
    PK_USERS,
    PROGRAMS,
    SKKNI_UNITS,
    USERS,
)
from demo.stories import clock, tell_lamongan, tell_lamongan_test, tell_mojokerto
from followup.models import Bapas
from inmates.models import Facility
from inmates.services import inmate_create
from lapas_training.models import Role, TrainingField, User
from programs.models import CompetencyUnit, PartnerAgency, Program, StandardUnit


class Command(BaseCommand):
    help = "Load the Lamongan and Mojokerto demo data and one demo login per role."

    def handle(self, *args, **options):
        today = timezone.localdate()
        with transaction.atomic():
            fields = self._fields()
            facilities = self._facilities()
            agencies = self._agencies()
            programs = self._programs(fields)
            bapas = self._bapas(facilities)
            users = self._users(facilities, agencies, bapas)
            self._inmates(facilities, fields)
            welding = tell_lamongan(
                facility=facilities["lapas-lamongan"],
                agency=agencies["DISNAKER-LMG"],
                programs=programs,
                operator=users["operator.lamongan"],
                instructor=users["instruktur.disnaker"],
                agency_admin=users["admin.disnaker"],
            )
            if welding is not None:
                tell_lamongan_test(
                    welding=welding,
                    lsp=agencies["LSP-LAS-JTM"],
                    operator=users["operator.lamongan"],
                    lsp_admin=users["admin.lsp"],
                )
                tell_lamongan_followup(
                    welding=welding,
                    operator=users["operator.lamongan"],
                    officer=users["pk.bojonegoro"],
                    today=today,
                )
            tell_mojokerto(
                facility=facilities["lapas-mojokerto"],
                agency=agencies["BLK-MJK"],
                programs=programs,
                operator=users["operator.mojokerto"],
                instructor=users["instruktur.blk"],
                today=today,
            )
        # The certificates' PDFs are stored before the first login, worker or not.
        render_everything_pending()
        if welding is None:
            self.stdout.write(
                self.style.WARNING(
                    "Basis data ini berisi data demo versi lama; kisah Lamongan tidak dimuat. "
                    "Jalankan `make clean` lalu `make run` untuk data demo yang baru."
                )
            )
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

    def _bapas(self, facilities) -> dict[str, Bapas]:
        result = {}
        for data in BAPAS:
            defaults = {k: v for k, v in data.items() if k not in {"code", "facilities"}}
            bapas = Bapas.objects.update_or_create(code=data["code"], defaults=defaults)[0]
            bapas.facilities.set([facilities[code] for code in data["facilities"]])
            result[data["code"]] = bapas
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
            if list(program.units.values_list("code", "title", "hours")) != units:
                try:
                    program.units.all().delete()
                except ProtectedError:  # results were recorded against them: keep them
                    result[code] = program
                    continue
                CompetencyUnit.objects.bulk_create(
                    CompetencyUnit(
                        program=program, position=n, code=unit_code, title=title, hours=jp
                    )
                    for n, (unit_code, title, jp) in enumerate(units, start=1)
                )
            result[code] = program
        # The programs take their SKKNI units from the catalogue.
        for code, title, standard in SKKNI_UNITS:
            StandardUnit.objects.get_or_create(
                code=code, defaults={"title": title, "standard": standard, "verified": True}
            )
        catalogue = {unit.code: unit for unit in StandardUnit.objects.all()}
        for unit in CompetencyUnit.objects.filter(standard_unit=None, code__in=list(catalogue)):
            unit.standard_unit = catalogue[unit.code]
            unit.save(update_fields=["standard_unit"])
        return result

    def _users(self, facilities, agencies, bapas) -> dict[str, User]:
        result = {}
        # One hash for every demo account: hashing is slow on purpose.
        demo_hash = make_password(DEMO_PASSWORD) if settings.DEBUG else None
        kanwil = [(name, full, Role.KANWIL, None, None) for name, full, _ in KANWIL_USERS]
        provinces = {name: province for name, _, province in KANWIL_USERS}
        officers = [(name, full, Role.PK_OFFICER, None, None) for name, full, _ in PK_USERS]
        bapas_of = {name: bapas[code] for name, _, code in PK_USERS}
        for username, full_name, role, facility_code, agency_code in [
            *USERS,
            *kanwil,
            *officers,
        ]:
            user = User.objects.filter(username=username).first() or User(username=username)
            user.full_name = full_name
            user.role = role
            user.facility = facilities[facility_code] if facility_code else None
            user.agency = agencies[agency_code] if agency_code else None
            user.province = provinces.get(username, "")
            user.bapas = bapas_of.get(username)
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
                # Two are due for release before the Mojokerto cohorts end: a warning.
                release = (
                    timezone.localdate() + timedelta(days=20)
                    if n in (49, 50)
                    else date(2027, 6, 1) + timedelta(days=rng.randint(0, 900))
                )
                if reg in existing:
                    continue
                with clock(date(2024, 11, 4)):  # registered when they arrived
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

    def _report(self) -> None:
        self.stdout.write(self.style.SUCCESS("Data demo siap."))
        if not settings.DEBUG:
            self.stdout.write("DEBUG mati: akun demo dibuat tanpa kata sandi yang dapat dipakai.")
            return
        self.stdout.write(f"Akun demo (kata sandi untuk semua: {DEMO_PASSWORD}):")
        for username, _name, role, facility, agency in USERS:
            scope = facility or agency or "semua"
            self.stdout.write(f"  {username:<22} {Role(role).label} ({scope})")
        for username, _name, province in KANWIL_USERS:
            self.stdout.write(f"  {username:<22} {Role.KANWIL.label} ({province})")
        names = {data["code"]: data["name"] for data in BAPAS}
        for username, _name, code in PK_USERS:
            self.stdout.write(f"  {username:<22} {Role.PK_OFFICER.label} ({names[code]})")
