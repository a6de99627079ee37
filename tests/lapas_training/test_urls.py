"""Every named URL of the project, enumerated from the resolver: nobody outside gets in.

A page added tomorrow fails ``test_every_url_is_classified`` until it is listed below, and is
then covered by the anonymous and outsider tests the same day.
"""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from certificates.models import Ceremony, CeremonyCertificate, Certificate
from competency.models import Assessee, CompetencyTest, ResultSheet
from inmates.models import InmateImport
from lapas_training.models import Role
from tests import factories
from tests.followup.pages import graduate_plan, recorded
from tests.helpers import audit_actions, login_redirect, page_without_csrf
from tests.site_map import (
    ALL_URLS,
    INSIDERS,
    MAY,
    OBJECT_URLS,
    PUBLIC,
    PUBLIC_ARGS,
    ROLE_PAGES,
    url_of,
)

pytestmark = pytest.mark.django_db

OUTSIDERS = ["other_operator", "other_head", "other_agency_admin", "foreign_instructor"]
# Of the same agency, but not teaching the cohort: outside it, its inmates and certificates.
# A regional office reads figures only: every object page answers it 404, in its province too.
# A PK officer of another Bapas is outside everything, the world's plan too.
OUTSIDERS_OF_THE_COHORT = [
    *OUTSIDERS,
    "other_instructor",
    "kanwil",
    "other_kanwil",
    "other_pk_officer",
]


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
def world(cohort, operator, agency_admin, pk_officer):
    """One object of every kind, all of facility and agency A, each with data that could leak."""
    event = factories.TrainingEventFactory(
        facility=cohort.facility,
        agencies=[cohort.agency],
        start_date=cohort.start_date,
        end_date=cohort.end_date,
    )
    cohort.event = event
    cohort.save(update_fields=["event"])
    session = factories.SessionFactory(cohort=cohort)
    enrollment = factories.EnrollmentFactory(
        cohort=cohort, inmate__full_name="Rahasia Tersimpan", inmate__nik="3524019876543210"
    )
    enrollment.inmate.photo.save("rahasia.jpg", ContentFile(b"\xff\xd8 Rahasia Tersimpan"))
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
        snapshot={"holder": {"name": "Rahasia Tersimpan"}, "program": {"name": "Program Uji"}},
    )
    certificate.pdf.save("rahasia.pdf", ContentFile(b"%PDF-1.7 Rahasia Tersimpan"), save=True)
    ceremony = Ceremony.objects.create(
        cohort=cohort,
        agency=cohort.agency,
        date=date(2026, 9, 30),
        place="Aula",
        created_by=agency_admin,
    )
    ceremony.pdf.save("penyerahan.pdf", ContentFile(b"%PDF-1.7 Rahasia Tersimpan"), save=True)
    CeremonyCertificate.objects.create(ceremony=ceremony, certificate=certificate, position=1)
    lsp = factories.PartnerAgencyFactory(name="LSP Uji", code="LSP-UJI", kind="lsp")
    competency_test = CompetencyTest.objects.create(
        lsp=lsp,
        facility=cohort.facility,
        scheme_name="Skema Rahasia",
        scheme_number="SKM/001",
        site="TUK Sewaktu",
        date=date(2026, 10, 1),
        created_by=operator,
    )
    assessee = Assessee.objects.create(test=competency_test, enrollment=enrollment, result="K")
    result_sheet = ResultSheet.objects.create(
        test=competency_test,
        file_name="hasil.csv",
        content=b"kode_peserta,hasil\nUK1-1,K\n",
        uploaded_by=operator,
    )
    managed_user = factories.UserFactory(
        username="operator.dikelola",
        full_name="Rahasia Tersimpan",
        role=Role.LAPAS_OPERATOR,
        facility=cohort.facility,
    )
    # A graduate of another cohort of the facility, released, who consented: his plan is
    # followed by ``bapas`` (pk_officer's), and its 3-month check-in recorded a note.
    plan = graduate_plan(
        cohort=factories.CohortFactory(
            facility=cohort.facility, agency=cohort.agency, created_by=operator
        ),
        operator=operator,
        name="Rahasia Tersimpan",
        nik="3524019876543211",
        consent="given",
    )
    checkin = recorded(plan, pk_officer, note="Rahasia Tersimpan")
    return {
        "plan": plan,
        "checkin": checkin,
        "managed_user": managed_user,
        "competency_test": competency_test,
        "assessee": assessee,
        "result_sheet": result_sheet,
        "inmate": enrollment.inmate,
        "upload": upload,
        "event": event,
        "cohort": cohort,
        "session": session,
        "enrollment": enrollment,
        "certificate": certificate,
        "ceremony": ceremony,
    }


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
    for insider in sorted(INSIDERS):
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
    url = reverse(name, args=PUBLIC_ARGS.get(name, []))
    assert client.get(url).status_code == PUBLIC[name]


@pytest.mark.parametrize(
    "name", sorted(name for name, roles in ROLE_PAGES.items() if roles is not None)
)
def test_role_pages_answer_404_to_every_other_role(
    client, name, system_admin, operator, head, agency_admin, instructor, kanwil, pk_officer
):
    allowed = ROLE_PAGES[name]
    for user in (system_admin, operator, head, agency_admin, instructor, kanwil, pk_officer):
        client.force_login(user)
        status = client.get(reverse(name)).status_code
        assert (user.role, status) == (user.role, 200 if user.role in allowed else 404)


@pytest.mark.parametrize(
    "name", sorted(name for name, roles in ROLE_PAGES.items() if roles is not None)
)
def test_role_pages_refuse_a_post_from_every_other_role(
    client, name, system_admin, operator, head, agency_admin, instructor, kanwil, pk_officer
):
    """An empty POST from a role the page is not for changes nothing: 404, or 405 for a page
    that takes no POST at all."""
    allowed = ROLE_PAGES[name]
    for user in (system_admin, operator, head, agency_admin, instructor, kanwil, pk_officer):
        if user.role in allowed:
            continue
        client.force_login(user)
        before = audit_actions()
        status = client.post(reverse(name), {}).status_code
        assert (user.role, status in {404, 405}) == (user.role, True), status
        assert audit_actions() == before
