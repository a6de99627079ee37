"""Every named URL of the project, enumerated from the resolver: nobody outside gets in.

A page added tomorrow fails ``test_every_url_is_classified`` until it is listed below, and is
then covered by the anonymous and outsider tests the same day.
"""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from certificates.models import Ceremony, CeremonyCertificate, Certificate
from inmates.models import InmateImport
from lapas_training.models import Role
from tests import factories
from tests.helpers import login_redirect, page_without_csrf

pytestmark = pytest.mark.django_db

# Django's own admin site has its own login and permission checks (tests/lapas_training/
# test_admin.py); everything else is ours.
EXCLUDED_NAMESPACES = {"admin"}

# Pages anybody may open, and what an anonymous GET answers.
PUBLIC = {
    "login": 200,
    "logout": 405,  # a POST only, so that a link cannot log anyone out
    "set_language": 302,
    "certificates:verify": 404,  # an unknown code, in the page made for it
}

# Pages about one object: which object each URL argument names.
OBJECT_URLS = {
    "inmates:detail": {"pk": "inmate"},
    "inmates:edit": {"pk": "inmate"},
    "inmates:release": {"pk": "inmate"},
    "inmates:transfer": {"pk": "inmate"},
    "inmates:import_preview": {"pk": "upload"},
    "programs:cohort_detail": {"pk": "cohort"},
    "programs:cohort_edit": {"pk": "cohort"},
    "programs:cohort_start": {"pk": "cohort"},
    "programs:cohort_cancel": {"pk": "cohort"},
    "programs:cohort_schedule": {"pk": "cohort"},
    "programs:session_delete": {"pk": "cohort", "session_pk": "session"},
    "programs:enrollment_picker": {"pk": "cohort"},
    "programs:enrollment_confirm": {"pk": "cohort"},
    "programs:enrollment_withdraw": {"pk": "cohort", "enrollment_pk": "enrollment"},
    "programs:session_attendance": {"pk": "cohort", "session_pk": "session"},
    "programs:session_not_held": {"pk": "cohort", "session_pk": "session"},
    "programs:cohort_attendance": {"pk": "cohort"},
    "programs:cohort_assessment": {"pk": "cohort"},
    "programs:cohort_close": {"pk": "cohort"},
    "programs:cohort_reopen": {"pk": "cohort"},
    "programs:print_participants": {"pk": "cohort"},
    "programs:print_attendance": {"pk": "cohort", "session_pk": "session"},
    "certificates:detail": {"pk": "certificate"},
    "certificates:download": {"pk": "certificate"},
    "certificates:revoke": {"pk": "certificate"},
    "certificates:reissue": {"pk": "certificate"},
    "certificates:cohort": {"pk": "cohort"},
    "certificates:issue": {"pk": "cohort"},
    "certificates:hours_decision": {"pk": "cohort"},
    "certificates:ceremony_create": {"pk": "cohort"},
    "certificates:ceremony": {"pk": "ceremony"},
    "certificates:ceremony_download": {"pk": "ceremony"},
}

# Pages about no object. Each names the roles that may open it; every other role gets 404.
# None: every signed-in user (the page shows only what the user may see).
ROLE_PAGES = {
    "password_change": None,
    "password_change_done": None,
    "programs:home": None,
    "programs:cohort_list": None,
    # Certificates print birth data, which instructors do not see.
    "certificates:list": {Role.ADMIN, Role.LAPAS_OPERATOR, Role.LAPAS_HEAD, Role.AGENCY_ADMIN},
    "programs:cohort_create": {Role.ADMIN, Role.LAPAS_OPERATOR, Role.AGENCY_ADMIN},
    "inmates:list": {Role.ADMIN, Role.LAPAS_OPERATOR, Role.LAPAS_HEAD},
    "inmates:create": {Role.ADMIN, Role.LAPAS_OPERATOR},
    "inmates:import": {Role.ADMIN, Role.LAPAS_OPERATOR},
    "inmates:import_template": {Role.ADMIN, Role.LAPAS_OPERATOR},
    "certificates:agency_settings": {Role.AGENCY_ADMIN},
    "certificates:agency_preview": {Role.AGENCY_ADMIN},
}

# Insiders: the cohort's own people, who see it. Who of them may open each object page
# (GET), and who may send it a POST; everyone else gets the same 404 as for a missing object.
ALL = {"system_admin", "operator", "head", "agency_admin", "instructor"}
REGISTER = {"system_admin", "operator", "head"}
REGISTER_WRITE = {"system_admin", "operator"}
MANAGE = {"system_admin", "operator", "agency_admin"}
ENROLL = {"system_admin", "operator"}
TEACH = {"system_admin", "agency_admin", "instructor"}
CERTIFICATES = {"system_admin", "operator", "head", "agency_admin"}
ISSUE = {"system_admin", "agency_admin"}
ADMIN = {"system_admin"}
MAY = {
    "inmates:detail": (REGISTER, REGISTER),
    "inmates:edit": (REGISTER_WRITE, REGISTER_WRITE),
    "inmates:release": (REGISTER_WRITE, REGISTER_WRITE),
    "inmates:transfer": (REGISTER_WRITE, REGISTER_WRITE),
    "inmates:import_preview": (REGISTER_WRITE, REGISTER_WRITE),
    "programs:cohort_detail": (ALL, ALL),
    "programs:cohort_edit": (MANAGE, MANAGE),
    "programs:cohort_start": (MANAGE, MANAGE),
    "programs:cohort_cancel": (MANAGE, MANAGE),
    "programs:cohort_schedule": (MANAGE, MANAGE),
    "programs:session_delete": (MANAGE, MANAGE),
    "programs:enrollment_picker": (ENROLL, ENROLL),
    "programs:enrollment_confirm": (ENROLL, ENROLL),
    "programs:enrollment_withdraw": (ENROLL, ENROLL),
    "programs:session_attendance": (ALL, TEACH),
    "programs:session_not_held": (TEACH, TEACH),
    "programs:cohort_attendance": (ALL, ALL),
    "programs:cohort_assessment": (ALL, TEACH),
    "programs:cohort_close": (TEACH, TEACH),
    "programs:cohort_reopen": (ADMIN, ADMIN),
    "programs:print_participants": (ALL, ALL),
    "programs:print_attendance": (ALL, ALL),
    "certificates:detail": (CERTIFICATES, CERTIFICATES),
    "certificates:download": (CERTIFICATES, CERTIFICATES),
    "certificates:revoke": (ISSUE, ISSUE),
    "certificates:reissue": (ISSUE, ISSUE),
    "certificates:cohort": (CERTIFICATES, CERTIFICATES),
    "certificates:issue": (ISSUE, ISSUE),
    "certificates:hours_decision": (ISSUE, ISSUE),
    "certificates:ceremony_create": (ISSUE, ISSUE),
    "certificates:ceremony": (CERTIFICATES, CERTIFICATES),
    "certificates:ceremony_download": (CERTIFICATES, CERTIFICATES),
}

OUTSIDERS = ["other_operator", "other_head", "other_agency_admin", "foreign_instructor"]
# Of the same agency, but not teaching the cohort: outside it, its inmates and certificates.
OUTSIDERS_OF_THE_COHORT = [*OUTSIDERS, "other_instructor"]


def named_urls(resolver=None, namespace=""):
    """Yield (full name, argument names) of every named URL, admin aside."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", sorted(entry.pattern.converters)


ALL_URLS = dict(named_urls())


def test_every_url_is_classified():
    classified = set(PUBLIC) | set(OBJECT_URLS) | set(ROLE_PAGES)
    assert set(ALL_URLS) == classified
    for name, arguments in OBJECT_URLS.items():
        assert sorted(arguments) == ALL_URLS[name], name
    assert set(MAY) == set(OBJECT_URLS)


@pytest.fixture
def other_head(other_facility):
    return factories.UserFactory(
        username="kalapas.lain", role=Role.LAPAS_HEAD, facility=other_facility
    )


@pytest.fixture
def world(cohort, operator, agency_admin):
    """One object of every kind, all of facility and agency A, each with data that could leak."""
    session = factories.SessionFactory(cohort=cohort)
    enrollment = factories.EnrollmentFactory(
        cohort=cohort, inmate__full_name="Rahasia Tersimpan", inmate__nik="3524019876543210"
    )
    upload = InmateImport.objects.create(
        facility=cohort.facility,
        uploaded_by=operator,
        file_name="register.csv",
        content=b"nomor_registrasi,nama_lengkap,jenis_kelamin\nBI.1/2025,Rahasia Tersimpan,L\n",
        sha256="0" * 64,
    )
    certificate = Certificate(
        enrollment=enrollment,
        agency=cohort.agency,
        year=2026,
        sequence=1,
        number="0001/X/Y/IX/2026",
        verification_code="c" * 32,
        issued_at=timezone.now(),
        issued_by=agency_admin,
        snapshot={"holder": {"name": "Rahasia Tersimpan"}},
    )
    certificate.pdf.save("rahasia.pdf", ContentFile(b"%PDF-1.7 Rahasia Tersimpan"), save=True)
    ceremony = Ceremony.objects.create(
        cohort=cohort, date=date(2026, 9, 30), place="Aula", created_by=agency_admin
    )
    ceremony.pdf.save("penyerahan.pdf", ContentFile(b"%PDF-1.7 Rahasia Tersimpan"), save=True)
    CeremonyCertificate.objects.create(ceremony=ceremony, certificate=certificate, position=1)
    return {
        "inmate": enrollment.inmate,
        "upload": upload,
        "cohort": cohort,
        "session": session,
        "enrollment": enrollment,
        "certificate": certificate,
        "ceremony": ceremony,
    }


def url_of(name: str, world: dict, missing: str | None = None) -> str:
    """Return the URL of ``name`` for the world's objects; ``missing`` names one that is not."""
    kwargs = {
        argument: 999_999 if kind == missing else world[kind].pk
        for argument, kind in OBJECT_URLS[name].items()
    }
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_outsiders_get_the_same_404_as_for_a_missing_object(client, request, world, name):
    for outsider in OUTSIDERS_OF_THE_COHORT:
        client.force_login(request.getfixturevalue(outsider))
        for kind in dict.fromkeys(OBJECT_URLS[name].values()):
            url, missing_url = url_of(name, world), url_of(name, world, missing=kind)
            for method in (client.get, client.post):
                response, missing = method(url), method(missing_url)
                answer = (outsider, method.__name__, url, response.status_code)
                # A POST-only page answers a GET with 405 whether or not the object exists.
                assert response.status_code in {404, 405}, answer
                assert missing.status_code == response.status_code, answer
                assert page_without_csrf(response) == page_without_csrf(missing), answer


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_insiders_who_may_not_act_get_the_same_404_as_for_a_missing_object(
    client, request, world, name
):
    may_get, may_post = MAY[name]
    url = url_of(name, world)
    missing_url = url_of(name, world, missing=list(OBJECT_URLS[name].values())[-1])
    for insider in sorted(ALL):
        client.force_login(request.getfixturevalue(insider))
        response = client.get(url)
        if insider in may_get:
            assert response.status_code != 404, (insider, url)
        else:
            missing = client.get(missing_url)
            assert (insider, response.status_code) == (insider, missing.status_code)
            assert page_without_csrf(response) == page_without_csrf(missing), (insider, url)
        if insider not in may_post:
            # Those allowed only GET, so the world stays as built.
            response, missing = client.post(url), client.post(missing_url)
            assert (insider, response.status_code) in {(insider, 404), (insider, 405)}
            assert missing.status_code == response.status_code, (insider, url)
            assert page_without_csrf(response) == page_without_csrf(missing), (insider, url)


@pytest.mark.parametrize("name", sorted(set(OBJECT_URLS) | set(ROLE_PAGES)))
def test_anonymous_visitors_are_sent_to_the_login_page(client, world, name):
    url = url_of(name, world) if name in OBJECT_URLS else reverse(name)
    for method in (client.get, client.post):
        response = method(url)
        assert (response.status_code, response["Location"]) == (302, login_redirect(url))


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_answer_anonymous_visitors(client, name):
    url = reverse(name, args=["x" * 32]) if name == "certificates:verify" else reverse(name)
    assert client.get(url).status_code == PUBLIC[name]


@pytest.mark.parametrize(
    "name", sorted(name for name, roles in ROLE_PAGES.items() if roles is not None)
)
def test_role_pages_answer_404_to_every_other_role(
    client, name, system_admin, operator, head, agency_admin, instructor
):
    allowed = ROLE_PAGES[name]
    for user in (system_admin, operator, head, agency_admin, instructor):
        client.force_login(user)
        status = client.get(reverse(name)).status_code
        assert (user.role, status) == (user.role, 200 if user.role in allowed else 404)
