"""The follow-up pages: what each role reads, whose plans, the list, the Bapas of a plan, and
the PK officer's home page (consent and check-ins: test_checkins.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format

from followup.models import Consent, FollowUpPlan
from followup.schedule import earliest_contact
from lapas_training.models import Role
from tests import factories
from tests.followup.pages import (
    EMPLOYER,
    HOME,
    LIST,
    NIK,
    NOTE,
    certificate_of,
    checkin_data,
    checkin_url,
    consent_url,
    detail_url,
    graduate_plan,
    recorded,
)
from tests.helpers import audit_actions, page_without_csrf

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cohort, operator, pk_officer, agency_admin):
    """A graduate released 200 days ago who consented, with a certificate and a recorded
    3-month check-in whose note, employer and income could leak."""
    plan = graduate_plan(cohort=cohort, operator=operator, nik=NIK, consent=Consent.GIVEN)
    certificate_of(plan, issued_by=agency_admin)
    recorded(plan, pk_officer)
    return plan


# What each role reads --------------------------------------------------------------------------


def test_the_pk_officer_reads_the_person_trainings_and_check_ins_but_never_the_nik(
    client, plan, pk_officer
):
    client.force_login(pk_officer)
    response = client.get(detail_url(plan))
    page = page_without_csrf(response).decode()
    assert response.status_code == 200
    assert plan.inmate.registration_number in page
    assert "Ahmad Fauzi" in page
    # What the check-in recorded, which his Bapas reads.
    assert NOTE in page
    assert EMPLOYER in page
    assert "Rp1–3 juta per bulan" in page
    # Never the NIK or the birth data, which were stored and could leak.
    assert plan.inmate.nik == NIK
    assert NIK not in page
    assert NIK[-4:] not in page  # not even masked
    assert "Tuban" not in page
    assert "1988" not in page
    # The certificate: number, status and the public verification page, not the document.
    assert "0007/DISNAKER/IX/2026" in page
    assert reverse("certificates:verify", args=["v" * 32]) in page
    certificate = plan.inmate.enrollments.get().certificates.get()
    certificate_page = reverse("certificates:detail", args=[certificate.pk])
    assert certificate_page not in page
    assert client.get(certificate_page).status_code == 404


def test_a_lapas_operator_sees_the_plan_and_whether_check_ins_were_made_not_what_they_say(
    client, plan, operator, pk_officer
):
    client.force_login(operator)
    page = client.get(detail_url(plan)).content.decode()
    assert "Ahmad Fauzi" in page
    assert "Sudah dilakukan" in page
    assert NOTE not in page
    assert EMPLOYER not in page
    assert "Rp1–3 juta per bulan" not in page
    assert "Bekerja sebagai karyawan" not in page
    # Nor on the list.
    listed = client.get(LIST).content.decode()
    assert "Ahmad Fauzi" in listed
    assert NOTE not in listed
    # His facility's certificate opens from the plan.
    certificate = plan.inmate.enrollments.get().certificates.get()
    assert f'href="{reverse("certificates:detail", args=[certificate.pk])}"' in page
    # The PK officer reads the same plan with the note.
    client.force_login(pk_officer)
    assert NOTE in client.get(detail_url(plan)).content.decode()


def test_a_lapas_operator_cannot_open_a_check_in(client, plan, operator, head):
    for user in (operator, head):
        client.force_login(user)
        assert client.get(checkin_url(plan)).status_code == 404
        response = client.post(checkin_url(plan, 6), checkin_data(plan.checkins.get(months=6)))
        assert response.status_code == 404
    assert plan.checkins.get(months=6).done_on is None


def test_the_system_admin_reads_everything_but_the_nik(client, plan, system_admin):
    client.force_login(system_admin)
    page = page_without_csrf(client.get(detail_url(plan))).decode()
    assert NOTE in page
    assert NIK not in page
    assert "Tuban" not in page


# The Bapas's clients only ---------------------------------------------------------------------


def test_a_bapas_sees_only_its_clients(
    client, plan, pk_officer, other_pk_officer, other_cohort, other_operator
):
    other_plan = graduate_plan(
        cohort=other_cohort, operator=other_operator, name="Slamet Riyadi", consent="given"
    )
    assert other_plan.bapas.officers.get() == other_pk_officer
    client.force_login(pk_officer)
    listed = client.get(LIST)
    assert [p.pk for p in listed.context["page"]] == [plan.pk]
    assert "Slamet Riyadi" not in listed.content.decode()
    for url in (detail_url(other_plan), consent_url(other_plan), checkin_url(other_plan)):
        assert client.get(url).status_code == 404
    response = client.post(consent_url(other_plan), {"consent": "withdrawn", "on": "01/01/2026"})
    assert response.status_code == 404
    assert FollowUpPlan.objects.get(pk=other_plan.pk).consent == Consent.GIVEN
    # And the other Bapas, the other way round.
    client.force_login(other_pk_officer)
    assert [p.pk for p in client.get(LIST).context["page"]] == [other_plan.pk]
    assert client.get(detail_url(plan)).status_code == 404


def test_a_plan_without_a_bapas_is_seen_by_no_pk_officer(
    client, cohort, operator, facility, bapas, pk_officer
):
    factories.BapasFactory(code="bapas-kedua", facilities=[facility])
    plan = graduate_plan(cohort=cohort, operator=operator)
    assert plan.bapas is None
    client.force_login(pk_officer)
    assert client.get(detail_url(plan)).status_code == 404
    client.force_login(operator)
    assert "Belum ditentukan" in client.get(detail_url(plan)).content.decode()


# The PK officer's home page -------------------------------------------------------------------


def test_the_home_page_lists_overdue_check_ins_oldest_first_then_consent_then_upcoming(
    client, cohort, operator, pk_officer, other_cohort, other_operator
):
    oldest = graduate_plan(cohort=cohort, operator=operator, name="Paling Lama", days_ago=230)
    recent = graduate_plan(cohort=cohort, operator=operator, name="Baru Terlambat", days_ago=100)
    soon = graduate_plan(cohort=cohort, operator=operator, name="Segera Tiba", days_ago=80)
    for plan in (oldest, recent, soon):
        plan.consent = Consent.GIVEN  # consented at release
        plan.save(update_fields=["consent"])
    waiting = graduate_plan(cohort=cohort, operator=operator, name="Belum Ditanya", days_ago=150)
    graduate_plan(
        cohort=other_cohort,
        operator=other_operator,
        name="Klien Bapas Lain",
        days_ago=300,
        consent="given",
    )
    client.force_login(pk_officer)
    response = client.get(HOME)
    assert response.templates[0].name == "followup/home.html"
    assert [(c.plan.inmate.full_name, c.months) for c, _days in response.context["due"]] == [
        ("Paling Lama", 3),
        ("Paling Lama", 6),
        ("Baru Terlambat", 3),
    ]
    assert [p.inmate.full_name for p in response.context["waiting"]] == ["Belum Ditanya"]
    assert [(c.plan.inmate.full_name, c.months) for c in response.context["upcoming"]] == [
        ("Segera Tiba", 3)
    ]
    page = response.content.decode()
    # In that order on the page, and without anybody of the other Bapas.
    assert (
        page.index("Paling Lama")
        < page.index("Baru Terlambat")
        < page.index("Belum Ditanya")
        < page.index("Segera Tiba")
    )
    assert "Klien Bapas Lain" not in page
    assert waiting.checkins.count() == 3  # scheduled, but not due without consent
    first = oldest.checkins.get(months=3)
    assert f'href="{reverse("followup:checkin", args=[first.pk])}?back=beranda"' in page


def test_the_pk_officer_menu_has_no_register_cohorts_certificates_or_reports(
    client, pk_officer, operator
):
    client.force_login(pk_officer)
    page = client.get(HOME).content.decode()
    menu = page[page.index('id="main-menu"') : page.index('class="user-menu"')]
    assert f'href="{LIST}"' in menu
    for name in ("inmates:list", "programs:cohort_list", "certificates:list", "reports:index"):
        assert f'href="{reverse(name)}"' not in menu, name
    assert "Bapas Kelas II Bojonegoro" in page
    client.force_login(operator)
    page = client.get(HOME).content.decode()
    assert f'href="{LIST}"' in page


# The Bapas and officer of a plan ---------------------------------------------------------------


def test_the_lapas_assigns_a_bapas_receiving_its_releases_and_one_of_its_active_officers(
    client, cohort, operator, facility, bapas, pk_officer, other_bapas, other_pk_officer
):
    second = factories.BapasFactory(name="Bapas Kelas I Malang", code="bapas-mlg")
    second.facilities.add(facility)
    plan = graduate_plan(cohort=cohort, operator=operator)
    assert plan.bapas is None
    retired = factories.UserFactory(
        username="pk.pensiun", role=Role.PK_OFFICER, bapas=bapas, is_active=False
    )
    url = reverse("followup:assign", args=[plan.pk])
    client.force_login(operator)
    form = client.get(url).context["form"]
    assert list(form.fields["bapas"].queryset) == [second, bapas]
    assert list(form.fields["officer"].queryset) == [pk_officer]
    assert retired not in form.fields["officer"].queryset
    response = client.post(url, {"bapas": other_bapas.pk, "officer": other_pk_officer.pk})
    assert response.context["form"].errors == {
        "bapas": ["Pilih salah satu Bapas yang menerima klien dari UPT ini."],
        "officer": ["Pilih salah satu PK aktif dari Bapas yang menerima UPT ini."],
    }
    # An officer of the other Bapas receiving the facility: refused by the service.
    response = client.post(url, {"bapas": second.pk, "officer": pk_officer.pk})
    assert response.context["form"].errors == {
        "officer": ["PK ini bukan petugas Bapas yang dipilih."]
    }
    response = client.post(url, {"bapas": bapas.pk, "officer": pk_officer.pk})
    assert (response.status_code, response["Location"]) == (302, detail_url(plan))
    plan.refresh_from_db()
    assert (plan.bapas, plan.officer) == (bapas, pk_officer)
    assert audit_actions().count("followup.plan_assigned") == 1


def test_a_pk_officer_does_not_assign(client, plan, pk_officer, bapas):
    client.force_login(pk_officer)
    url = reverse("followup:assign", args=[plan.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"bapas": bapas.pk, "officer": pk_officer.pk}).status_code == 404
    assert FollowUpPlan.objects.get(pk=plan.pk).officer is None


# The list --------------------------------------------------------------------------------------


def test_the_list_filters_by_consent_and_by_overdue_check_ins(client, cohort, operator, pk_officer):
    overdue = graduate_plan(cohort=cohort, operator=operator, name="Terlambat", consent="given")
    done = graduate_plan(cohort=cohort, operator=operator, name="Sudah Semua", consent="given")
    recorded(done, pk_officer, months=3)
    recorded(done, pk_officer, months=6)
    pending = graduate_plan(cohort=cohort, operator=operator, name="Belum Ditanya")
    client.force_login(pk_officer)

    def listed(**query):
        return sorted(p.inmate.full_name for p in client.get(LIST, query).context["page"])

    assert listed() == ["Belum Ditanya", "Sudah Semua", "Terlambat"]
    assert listed(consent="pending") == ["Belum Ditanya"]
    assert listed(consent="given") == ["Sudah Semua", "Terlambat"]
    # Pending consent: due but not recordable, so not overdue.
    assert listed(due="overdue") == ["Terlambat"]
    assert listed(q=pending.inmate.registration_number) == ["Belum Ditanya"]
    assert listed(consent="nonsense") == listed()
    assert overdue.checkins.filter(done_on__isnull=True).count() == 3


def test_the_list_costs_the_same_queries_for_one_plan_and_for_three(
    client, cohort, operator, pk_officer
):
    graduate_plan(cohort=cohort, operator=operator, name="Satu", consent="given")
    client.force_login(pk_officer)
    client.get(LIST)  # the session's first page: its one-off writes are done
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(LIST).context["page"]) == 1
    for name in ("Dua", "Tiga"):
        plan = graduate_plan(cohort=cohort, operator=operator, name=name, consent="given")
        recorded(plan, pk_officer)
    with CaptureQueriesContext(connection) as three:
        assert len(client.get(LIST).context["page"]) == 3
    assert len(three) == len(one)


def test_the_list_is_paginated(client, cohort, operator, pk_officer):
    for n in range(26):
        graduate_plan(cohort=cohort, operator=operator, name=f"Klien {n:02d}")
    client.force_login(pk_officer)
    assert len(client.get(LIST).context["page"]) == 25
    assert len(client.get(LIST, {"page": 2}).context["page"]) == 1


def test_a_pk_officer_takes_a_client_nobody_follows_yet(
    client, plan, pk_officer, bapas, other_pk_officer
):
    """The Lapas knows the Bapas, rarely which of its officers: one of them takes the client."""
    colleague = factories.UserFactory(
        username="pk.rekan", role=Role.PK_OFFICER, bapas=bapas, full_name="Rekan Sebapas"
    )
    take_url = reverse("followup:take", args=[plan.pk])
    client.force_login(pk_officer)
    page = client.get(detail_url(plan)).content.decode()
    assert f'action="{take_url}"' in page
    response = client.post(take_url, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Anda kini PK penanggung jawab Ahmad Fauzi."
    ]
    plan.refresh_from_db()
    assert (plan.bapas, plan.officer) == (bapas, pk_officer)
    assert audit_actions()[-1] == "followup.plan_assigned"
    assert f'action="{take_url}"' not in client.get(detail_url(plan)).content.decode()
    # Taken is taken: a colleague does not take it over, another Bapas's officer sees nothing.
    for user in (colleague, other_pk_officer):
        client.force_login(user)
        assert client.post(take_url).status_code == 404
    plan.refresh_from_db()
    assert plan.officer == pk_officer


def test_a_check_in_not_yet_open_says_from_when_instead_of_offering_the_form(
    client, plan, pk_officer
):
    """Released 200 days ago: the 6-month contact is open (overdue), the 12-month one opens a
    month before it falls due."""
    client.force_login(pk_officer)
    page = client.get(detail_url(plan)).content.decode()
    six, twelve = plan.checkins.get(months=6), plan.checkins.get(months=12)
    assert checkin_url(plan, 6) in page
    assert checkin_url(plan, 12) not in page
    opens_on = earliest_contact(plan.released_on, 12)
    assert f"dicatat mulai {date_format(opens_on, 'j F Y')}" in page
    assert six.due_on < opens_on < twelve.due_on


def test_the_check_in_page_of_one_not_yet_open_says_from_when(client, plan, pk_officer):
    client.force_login(pk_officer)
    opens_on = earliest_contact(plan.released_on, 12)
    page = client.get(checkin_url(plan, 12)).content.decode()
    assert f"Kontak ini dapat dicatat mulai {date_format(opens_on, 'j F Y')}" in page
    assert 'id="not-open"' not in client.get(checkin_url(plan, 6)).content.decode()
