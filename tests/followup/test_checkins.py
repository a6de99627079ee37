"""Consent and check-ins through the pages: who may answer, what a refusal keeps, and the
phone form's errors in Indonesian next to each field."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from followup.models import CheckIn, Consent, FollowUpPlan
from lapas_training.models import AuditEvent
from tests.followup.pages import (
    EMPLOYER,
    HOME,
    NOTE,
    checkin_data,
    checkin_url,
    consent_url,
    detail_url,
    graduate_plan,
    recorded,
)
from tests.helpers import audit_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cohort, operator, pk_officer):
    """A graduate released 200 days ago who consented; his 3-month check-in is recorded."""
    plan = graduate_plan(cohort=cohort, operator=operator, consent=Consent.GIVEN)
    recorded(plan, pk_officer)
    return plan


# Consent through the pages ---------------------------------------------------------------------


def test_without_consent_the_check_in_page_says_why_and_offers_no_form(
    client, cohort, operator, pk_officer
):
    plan = graduate_plan(cohort=cohort, operator=operator)
    checkin = plan.checkins.get(months=3)
    client.force_login(pk_officer)
    response = client.get(checkin_url(plan))
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"] is None
    assert 'id="no-consent"' in page
    assert "belum menyatakan bersedia" in page
    assert 'name="outcome"' not in page
    # A POST all the same records nothing.
    client.post(checkin_url(plan), checkin_data(checkin))
    assert CheckIn.objects.get(pk=checkin.pk).done_on is None
    assert "followup.checkin_recorded" not in audit_actions()


def test_the_lapas_records_consent_at_release_and_the_pk_officer_may_then_record(
    client, cohort, operator, pk_officer
):
    plan = graduate_plan(cohort=cohort, operator=operator, days_ago=100)
    today = timezone.localdate()
    client.force_login(operator)
    page = client.get(detail_url(plan)).content.decode()
    assert 'value="given"' in page
    assert 'value="withdrawn"' not in page  # nothing to withdraw yet
    response = client.post(
        consent_url(plan), {"consent": "given", "on": today.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(plan)
    plan.refresh_from_db()
    assert (plan.consent, plan.consent_on, plan.consent_recorded_by) == (
        Consent.GIVEN,
        today,
        operator,
    )
    client.force_login(pk_officer)
    assert client.get(checkin_url(plan)).context["form"] is not None


def test_a_refusal_through_the_page_keeps_nothing_but_the_release(
    client, cohort, operator, pk_officer
):
    plan = graduate_plan(cohort=cohort, operator=operator)
    checkin_pk = plan.checkins.get(months=3).pk
    client.force_login(pk_officer)
    response = client.post(
        consent_url(plan),
        {"consent": "refused", "on": timezone.localdate().strftime("%d/%m/%Y")},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Penolakan dicatat: tidak ada kontak yang akan dicatat untuk klien ini."
    ]
    assert FollowUpPlan.objects.get(pk=plan.pk).consent == Consent.REFUSED
    assert CheckIn.objects.filter(plan=plan).count() == 0
    assert "Tidak ada jadwal kontak" in response.content.decode()
    # The check-in is gone: its page is a 404, and nothing can be posted to it.
    url = reverse("followup:checkin", args=[checkin_pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"method": "phone", "outcome": "employed"}).status_code == 404
    assert CheckIn.objects.filter(plan=plan).count() == 0


def test_withdrawing_consent_through_the_page_deletes_what_was_recorded(client, plan, pk_officer):
    client.force_login(pk_officer)
    page = client.get(detail_url(plan)).content.decode()
    assert "Saya mengerti bahwa 1 catatan kontak yang sudah dibuat akan dihapus." in page
    assert "Catat penarikan persetujuan" in page
    today = timezone.localdate().strftime("%d/%m/%Y")
    # Not without saying it knows what goes.
    response = client.post(consent_url(plan), {"consent": "withdrawn", "on": today})
    assert response.context["form"].errors == {
        "confirm_removal": ["Centang untuk menyatakan bahwa catatan kontak akan dihapus."]
    }
    assert CheckIn.objects.filter(plan=plan).count() == 3
    response = client.post(
        consent_url(plan),
        {"consent": "withdrawn", "on": today, "confirm_removal": "on"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Penarikan persetujuan dicatat: 1 catatan kontak klien ini telah dihapus."
    ]
    assert CheckIn.objects.filter(plan=plan).count() == 0
    assert NOTE not in client.get(detail_url(plan)).content.decode()


def test_after_the_first_answer_consent_is_the_bapas_s_to_record(
    client, plan, operator, head, pk_officer
):
    """The Lapas operator records the answer at release; a later withdrawal deletes what only
    the Bapas reads, so the Lapas has no form for it, and the Kalapas reads only."""
    for user in (operator, head):
        client.force_login(user)
        page = client.get(detail_url(plan)).content.decode()
        assert 'action="/tindak-lanjut/' not in page.split('id="consent"')[1].split("</section>")[0]
        assert client.get(consent_url(plan)).status_code == 404
        response = client.post(
            consent_url(plan),
            {"consent": "withdrawn", "on": timezone.localdate().strftime("%d/%m/%Y")},
        )
        assert response.status_code == 404
    assert CheckIn.objects.filter(plan=plan).count() == 3


def test_consent_form_errors_are_in_indonesian_next_to_the_field(client, cohort, operator):
    plan = graduate_plan(cohort=cohort, operator=operator)
    tomorrow = timezone.localdate() + timedelta(days=1)
    client.force_login(operator)
    response = client.post(consent_url(plan), {"consent": "withdrawn", "on": "31/02/2026"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "consent": ["Pilih salah satu jawaban yang tersedia."],
        "on": ["Tanggal tidak valid. Gunakan format dd/mm/yyyy, misalnya 31/10/2025."],
    }
    response = client.post(
        consent_url(plan), {"consent": "given", "on": tomorrow.strftime("%d/%m/%Y")}
    )
    assert response.context["form"].errors == {"on": ["Tanggal tidak boleh di masa depan."]}
    page = response.content.decode()
    assert 'id="id_on"' in page
    assert page.index("Tanggal tidak boleh di masa depan.") > page.index('id="id_on"')
    assert FollowUpPlan.objects.get(pk=plan.pk).consent == Consent.PENDING
    assert "followup.consent_recorded" not in audit_actions()


# The check-in form ------------------------------------------------------------------------------


def test_the_pk_officer_records_a_check_in_and_goes_back_to_the_plan(client, plan, pk_officer):
    checkin = plan.checkins.get(months=6)
    client.force_login(pk_officer)
    response = client.post(checkin_url(plan, 6), checkin_data(checkin), follow=True)
    assert response.redirect_chain == [(detail_url(plan), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Kontak 6 bulan untuk Ahmad Fauzi disimpan."
    ]
    checkin.refresh_from_db()
    assert (
        checkin.done_on,
        checkin.method,
        checkin.outcome,
        checkin.uses_skill,
        checkin.employer,
        checkin.income_band,
        checkin.note,
        checkin.recorded_by,
    ) == (
        checkin.due_on,
        "phone",
        "self_employed",
        True,
        "Las keliling",
        "lt1",
        "Membuka usaha las sendiri.",
        pk_officer,
    )
    event = AuditEvent.objects.filter(action="followup.checkin_recorded").latest("id")
    assert (event.actor, event.object_id) == (pk_officer, str(checkin.pk))
    # The facility's head reads the log: that a contact was made, not what it found, nor whose.
    assert (event.facility_id, event.data) == (plan.facility_id, {"months": 6})
    assert event.object_repr == f"6 bulan, rencana #{plan.pk}"


def test_from_the_home_page_the_form_goes_back_home(client, plan, pk_officer):
    checkin = plan.checkins.get(months=6)
    client.force_login(pk_officer)
    page = client.get(checkin_url(plan, 6) + "?back=beranda").content.decode()
    assert '<input type="hidden" name="back" value="beranda">' in page
    response = client.post(checkin_url(plan, 6), checkin_data(checkin, back="beranda"))
    assert (response.status_code, response["Location"]) == (302, HOME)
    # Anything else sends him back to the plan: no open redirect.
    response = client.post(checkin_url(plan, 6), checkin_data(checkin, back="https://x.test/"))
    assert response["Location"] == detail_url(plan)


def test_correcting_a_check_in_starts_from_what_was_recorded(client, plan, pk_officer):
    client.force_login(pk_officer)
    response = client.get(checkin_url(plan, 3))
    form = response.context["form"]
    assert (form["outcome"].value(), form["employer"].value(), form["note"].value()) == (
        "employed",
        EMPLOYER,
        NOTE,
    )
    checkin = plan.checkins.get(months=3)
    client.post(checkin_url(plan, 3), checkin_data(checkin, outcome="not_working"))
    checkin.refresh_from_db()
    # Nothing to say about work that is not there.
    assert (checkin.outcome, checkin.uses_skill, checkin.employer) == ("not_working", None, "")
    assert audit_actions().count("followup.checkin_corrected") == 1


def test_check_in_errors_are_in_indonesian_next_to_each_field(client, plan, pk_officer):
    checkin = plan.checkins.get(months=6)
    client.force_login(pk_officer)
    response = client.post(checkin_url(plan, 6), {"done_on": "31/02/2026"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "done_on": ["Tanggal tidak valid. Gunakan format dd/mm/yyyy, misalnya 31/10/2025."],
        "method": ["Pilih cara kontak."],
        "outcome": ["Pilih keadaan klien."],
    }
    page = response.content.decode()
    method = page.index('id="id_method"')
    assert page.index("Pilih cara kontak.", method) < page.index('id="id_outcome"')
    assert '<a class="alert-link" href="#id_method">Cara kontak</a>' in page
    # Every mistake of one sending at once: a mistyped date does not hide a missing answer.
    response = client.post(
        checkin_url(plan, 6),
        checkin_data(checkin, outcome="employed", uses_skill="", done_on="1-12-26"),
    )
    assert response.context["form"].errors == {
        "done_on": ["Tanggal tidak valid. Gunakan format dd/mm/yyyy, misalnya 31/10/2025."],
        "uses_skill": ["Jawab apakah pekerjaannya memakai keterampilan pelatihan."],
    }
    # The rules come back next to their fields too.
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        checkin_url(plan, 6),
        checkin_data(checkin, outcome="employed", uses_skill="", done_on=f"{tomorrow:%d/%m/%Y}"),
    )
    assert response.context["form"].errors == {
        "done_on": ["Tanggal kontak tidak boleh di masa depan."],
        "uses_skill": ["Jawab apakah pekerjaannya memakai keterampilan pelatihan."],
    }
    page = response.content.decode()
    assert 'id="id_uses_skill_errors"' in page
    assert CheckIn.objects.get(pk=checkin.pk).done_on is None
