"""Every page of every role, on a phone: no sideways scrolling, no WCAG 2.1 A/AA violation.

The pages come from the URL resolver (``tests/site_map.py``), so a new page is walked the day
it is added. Django's own admin site is left out: it is Django's, and only system
administrators use it, on a desktop.
"""

import io
from datetime import time, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import resolve, reverse
from django.utils import timezone
from PIL import Image

from certificates import services as certificate_services
from certificates.models import Certificate
from competency import services as competency_services
from inmates import services as inmate_services
from lapas_training.models import Role
from programs import services as program_services
from programs.models import StandardUnit
from programs.services import Assessment
from tests import factories
from tests.browser.conftest import SCREENSHOTS, log_in, page_problems
from tests.certificates.helpers import closed_cohort
from tests.factories import TEST_PASSWORD
from tests.followup.pages import graduate_plan, recorded
from tests.site_map import MAY, OBJECT_URLS, PUBLIC, ROLE_PAGES, SENDS_ON, url_of

PHONE = {"width": 390, "height": 844}


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (450, 600), (170, 180, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


ROLES = {
    "admin": Role.ADMIN,
    "operator": Role.LAPAS_OPERATOR,
    "kalapas": Role.LAPAS_HEAD,
    "admin.instansi": Role.AGENCY_ADMIN,
    "instruktur": Role.INSTRUCTOR,
    "kanwil": Role.KANWIL,
    "pk.bojonegoro": Role.PK_OFFICER,
}


# The fixture name of each demo role in tests/site_map.py's MAY table.
MAY_NAME = {
    "admin": "system_admin",
    "operator": "operator",
    "kalapas": "head",
    "admin.instansi": "agency_admin",
    "instruktur": "instructor",
    "kanwil": "kanwil",  # opens no object page
    "pk.bojonegoro": "pk_officer",  # the follow-up pages only
}


@pytest.fixture
def worlds(transactional_db, settings):
    """Every page in its main state: a running cohort (a held session, one waiting, one today,
    one ahead), a closed cohort issued with a ceremony, one short of its hours awaiting a
    decision, and one that qualifies and waits to be issued."""
    facility = factories.FacilityFactory(name="Lapas Kelas IIB Lamongan", city="Lamongan")
    agency = factories.PartnerAgencyFactory(name="Dinas Tenaga Kerja Kabupaten Lamongan")
    bapas = factories.BapasFactory(
        name="Bapas Kelas II Bojonegoro", city="Bojonegoro", facilities=[facility]
    )
    users = {
        username: factories.UserFactory(
            username=username,
            full_name=f"Pengguna {username}",
            role=role,
            facility=facility if role in (Role.LAPAS_OPERATOR, Role.LAPAS_HEAD) else None,
            agency=agency if role in (Role.AGENCY_ADMIN, Role.INSTRUCTOR) else None,
            province=facility.province if role == Role.KANWIL else "",
            bapas=bapas if role == Role.PK_OFFICER else None,
        )
        for username, role in ROLES.items()
    }
    today = timezone.localdate()
    program = factories.ProgramFactory(name="Pengelasan SMAW", hours=16)
    units = factories.CompetencyUnitFactory.create_batch(2, program=program, hours=8)
    running = factories.CohortFactory(
        program=program,
        facility=facility,
        agency=agency,
        created_by=users["operator"],
        instructors=[users["instruktur"]],
        start_date=today - timedelta(days=30),
        end_date=today + timedelta(days=30),
    )
    roster = [
        factories.EnrollmentFactory(cohort=running, inmate__full_name=f"Peserta {n}")
        for n in range(1, 4)
    ]
    held, waiting, *_ahead = (
        factories.SessionFactory(
            cohort=running, date=today + timedelta(days=days), start_time=time(8)
        )
        for days in (-20, -3, 0, 7)
    )
    program_services.attendance_record(
        actor=users["instruktur"], session=held, entries={e.pk: ("hadir", "") for e in roster}
    )
    program_services.assessments_record(
        actor=users["instruktur"],
        cohort=running,
        assessments={roster[0].pk: Assessment(result="K", units={u.pk: "K" for u in units})},
    )
    roster[0].inmate.photo.save("foto.jpg", ContentFile(_jpeg()))
    upload = inmate_services.inmate_import_upload(
        actor=users["operator"],
        facility=facility,
        file_name="register.csv",
        content=b"nomor_registrasi,nama_lengkap,jenis_kelamin\nBI.9/2026,Calon Peserta,X\n",
    )

    event = factories.TrainingEventFactory(
        facility=facility,
        agencies=[agency],
        created_by=users["operator"],
        decree_number="560/412/413.113/2026",
        decree_date=today - timedelta(days=200),
        decree_issuer="Kepala Dinas Tenaga Kerja Kabupaten Lamongan",
    )

    def closed(name: str, **options):
        cohort = factories.CohortFactory(
            event=event,
            program=factories.ProgramFactory(name=f"Program {name}", hours=16),
            facility=facility,
            agency=agency,
            created_by=users["operator"],
            instructors=[users["instruktur"]],
            name=name,
        )
        names = [f"{name} Ahmad", f"{name} Budi"]
        enrollments = closed_cohort(
            cohort=cohort, instructor=users["instruktur"], names=names, units=2, **options
        )
        return cohort, enrollments[names[0]]

    issued, issued_enrollment = closed("Lalu")
    issued_enrollment.inmate.photo.save("foto-lalu.jpg", ContentFile(_jpeg()))
    certificate_services.certificates_issue(actor=users["admin.instansi"], cohort=issued)
    certificate = Certificate.objects.get(enrollment=issued_enrollment)
    ceremony = certificate_services.ceremony_create(
        actor=users["admin.instansi"], cohort=issued, date=today, place="Aula Lapas"
    )
    lsp = factories.PartnerAgencyFactory(name="LSP Pengelasan", code="LSP-LAS", kind="lsp")
    competency_test = competency_services.competency_test_create(
        actor=users["operator"],
        facility=facility,
        lsp=lsp,
        scheme_name="Juru Las SMAW 3G",
        scheme_number="SKM/001",
        # A transactional test empties the catalogue the migrations filled: one unit of it.
        units=[
            StandardUnit.objects.get_or_create(
                code="C.25LAS01.001.1",
                defaults={"title": "Melaksanakan Persiapan Tempat Kerja", "standard": "SKKNI"},
            )[0]
        ],
        site="TUK Sewaktu",
        date=today,
        cohorts=[issued],
        assessors=[("Sutrisno", "MET.000.001234 2020")],
    )
    assessee = competency_test.assessees.first()
    result_sheet = competency_services.result_sheet_upload(
        actor=users["admin"],
        test=competency_test,
        file_name="hasil.csv",
        content=f"kode_peserta,hasil\n{assessee.code},K\n".encode(),
    )
    short, short_enrollment = closed("Kurang", short_by=4)
    ready, ready_enrollment = closed("Siap")
    # Released graduates of the issued cohort's program: one followed (an overdue check-in,
    # one recorded), one not yet asked for consent.
    followed = graduate_plan(
        cohort=factories.CohortFactory(
            facility=facility, agency=agency, created_by=users["operator"], name="Bebas"
        ),
        operator=users["operator"],
        name="Klien Dipantau",
        consent="given",
    )
    recorded(followed, users["pk.bojonegoro"], months=3)
    not_asked = graduate_plan(
        cohort=followed.cohorts.get(), operator=users["operator"], name="Klien Baru", days_ago=5
    )
    return [
        {
            "inmate": roster[0].inmate,
            "upload": upload,
            "cohort": running,
            "session": held,
            "enrollment": roster[0],
        },
        {"cohort": running, "session": waiting},
        {
            "inmate": issued_enrollment.inmate,
            "cohort": issued,
            "session": issued.sessions.first(),
            "enrollment": issued_enrollment,
            "certificate": certificate,
            "ceremony": ceremony,
            "event": event,
            "competency_test": competency_test,
            "assessee": assessee,
            "result_sheet": result_sheet,
        },
        {"cohort": short, "enrollment": short_enrollment},
        {"cohort": ready, "enrollment": ready_enrollment},
        {"plan": followed, "checkin": followed.checkins.get(months=6)},
        {"plan": not_asked, "checkin": not_asked.checkins.get(months=3)},
        {"checkin": followed.checkins.get(months=3)},
        {
            # An operator whose account the facility's head (and the administrator) manages.
            "managed_user": factories.UserFactory(
                username="operator.baru",
                full_name="Operator Baru",
                role=Role.LAPAS_OPERATOR,
                facility=running.facility,
            )
        },
    ]


def urls_to_walk(worlds, username: str) -> list[tuple[str, bool]]:
    """Return each URL to open, and whether the role must be able to open it."""
    role = MAY_NAME[username]
    urls = [
        (reverse(name), roles is None or ROLES[username] in roles)
        for name, roles in ROLE_PAGES.items()
    ]
    for world in worlds:
        for name, arguments in OBJECT_URLS.items():
            if all(kind in world for kind in arguments.values()):
                urls.append((url_of(name, world), role in MAY[name][0]))
    return list(dict.fromkeys(urls))


def walk(page, urls, folder) -> dict[str, list[str]]:
    """Open each URL; of the HTML pages the user may see, return the problems by URL.

    A page the role must reach answering 404 is a problem too. Each page is saved as a
    screenshot in ``folder``, to be looked at.
    """
    folder.mkdir(parents=True, exist_ok=True)
    found = {}
    for url, reachable in urls:
        probe = page.request.get(url, max_redirects=0)  # the browser's session, not shown
        if probe.status == 404 and reachable:
            found[url] = ["404 for a role that may open it"]
        if probe.status in (404, 405) or "text/html" not in probe.headers["content-type"]:
            continue  # out of the role's reach, a POST-only page, or a download
        if probe.status == 302 and resolve(url).view_name in SENDS_ON:
            continue  # a step with nothing to do for this user or account
        assert probe.status == 200, (url, probe.status)
        page.goto(url)
        slug = url.strip("/").replace("/", "-") or "beranda"
        page.screenshot(path=str(folder / f"{slug}.png"), full_page=True)
        problems = page_problems(page)
        if problems:
            found[url] = problems
    return found


@pytest.mark.parametrize("username", sorted(ROLES))
def test_every_page_of_the_role_fits_a_phone_and_passes_axe(browser, live_server, worlds, username):
    context = browser.new_context(
        reduced_motion="reduce", base_url=live_server.url, locale="id-ID", viewport=PHONE
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, username, TEST_PASSWORD)
    found = walk(page, urls_to_walk(worlds, username), SCREENSHOTS / "phone" / username)
    context.close()
    assert found == {}


def test_public_pages_fit_a_phone_and_pass_axe(browser, live_server, worlds):
    context = browser.new_context(
        reduced_motion="reduce", base_url=live_server.url, locale="id-ID", viewport=PHONE
    )
    page = context.new_page()
    code = worlds[2]["certificate"].verification_code
    urls = [reverse("login"), reverse("certificates:verify", args=[code])]
    urls.append(reverse("certificates:verify", args=["x" * 32]))
    urls += [reverse("privacy:notice"), reverse("privacy:verification_notice")]
    folder = SCREENSHOTS / "phone" / "publik"
    folder.mkdir(parents=True, exist_ok=True)
    found = {}
    for url in urls:
        page.goto(url)
        slug = url.strip("/").replace("/", "-") or "beranda"
        page.screenshot(path=str(folder / f"{slug}.png"), full_page=True)
        problems = page_problems(page)
        if problems:
            found[url] = problems
    context.close()
    assert set(PUBLIC) >= {"login", "certificates:verify"}
    assert found == {}
