"""Training events: one name, decree and dates over several cohorts of a facility."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from programs import selectors, services
from programs.models import Cohort, FundingSource, TrainingEvent
from tests import factories
from tests.helpers import audit_actions

pytestmark = pytest.mark.django_db

JUNE, SEPTEMBER = date(2025, 6, 2), date(2025, 9, 26)


@pytest.fixture
def event(facility, agency, operator):
    return services.event_create(
        actor=operator,
        facility=facility,
        agencies=[agency],
        name="Pelatihan Kemandirian WBP Lapas Lamongan Tahap II 2025",
        funding_source=FundingSource.APBD,
        start_date=JUNE,
        end_date=SEPTEMBER,
        decree_number="560/123/413.113/2025",
        decree_date=date(2025, 5, 20),
        decree_issuer="Kepala Dinas Tenaga Kerja Kabupaten Lamongan",
    )


def event_cohort(event, agency, operator, program_name, **kwargs):
    return services.cohort_create(
        actor=operator,
        event=event,
        program=factories.ProgramFactory(name=program_name),
        facility=event.facility,
        agency=agency,
        name="Angkatan I 2025",
        start_date=kwargs.pop("start_date", JUNE),
        end_date=kwargs.pop("end_date", SEPTEMBER),
        **kwargs,
    )


def test_an_event_is_opened_with_its_decree_and_agencies_and_audited(event, agency):
    assert list(event.agencies.all()) == [agency]
    assert event.has_decree
    assert audit_actions()[-1] == "event.created"


def test_a_decree_number_needs_its_date(facility, agency, operator):
    with pytest.raises(ValidationError) as caught:
        services.event_create(
            actor=operator,
            facility=facility,
            agencies=[agency],
            name="Tanpa tanggal SK",
            funding_source=FundingSource.APBN,
            start_date=JUNE,
            end_date=SEPTEMBER,
            decree_number="560/1/2025",
        )
    assert "Nomor dan tanggal SK" in str(caught.value)
    assert not TrainingEvent.objects.exists()


def test_an_event_needs_an_agency(facility, operator):
    with pytest.raises(ValidationError) as caught:
        services.event_create(
            actor=operator,
            facility=facility,
            agencies=[],
            name="Tanpa instansi",
            funding_source=FundingSource.OTHER,
            start_date=JUNE,
            end_date=SEPTEMBER,
        )
    assert "agencies" in caught.value.message_dict


def test_a_cohort_of_an_event_is_of_its_facility_its_agencies_and_its_dates(
    event, agency, other_agency, other_facility, operator
):
    cohort = event_cohort(event, agency, operator, "Pengelasan")
    assert cohort.event == event
    cases = [
        {"agency": other_agency},
        {"start_date": date(2025, 5, 1)},
    ]
    for n, (case, field) in enumerate(zip(cases, ["agency", "start_date"], strict=True)):
        agency_for_case = case.pop("agency", agency)
        with pytest.raises(ValidationError) as caught:
            event_cohort(event, agency_for_case, operator, f"Program lain {n}", **case)
        assert field in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.cohort_create(
            actor=operator,
            event=event,
            program=factories.ProgramFactory(),
            facility=other_facility,
            agency=agency,
            name="Di UPT lain",
            start_date=JUNE,
            end_date=SEPTEMBER,
        )
    assert caught.value.message_dict["event"] == ["Kegiatan ini milik UPT lain."]
    assert Cohort.objects.count() == 1


def test_an_event_keeps_room_for_its_cohorts(event, agency, other_agency, operator):
    event_cohort(event, agency, operator, "Pengelasan")
    with pytest.raises(ValidationError) as caught:
        services.event_update(actor=operator, event=event, end_date=date(2025, 8, 31))
    assert "end_date" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.event_update(actor=operator, event=event, agencies=[other_agency])
    assert agency.name in caught.value.message_dict["agencies"][0]
    event.refresh_from_db()
    assert event.end_date == SEPTEMBER
    assert list(event.agencies.all()) == [agency]
    services.event_update(actor=operator, event=event, agencies=[agency, other_agency])
    assert set(event.agencies.all()) == {agency, other_agency}
    assert audit_actions()[-1] == "event.updated"


def test_an_inmate_in_two_overlapping_cohorts_of_one_event_is_refused_by_name(
    event, agency, operator, facility
):
    welding = event_cohort(event, agency, operator, "Pengelasan")
    furniture = event_cohort(event, agency, operator, "Meubeler")
    inmate = factories.InmateFactory(facility=facility)
    services.enrollment_create(actor=operator, cohort=welding, inmate=inmate)
    verdict = selectors.enrollment_eligibility(cohort=furniture, inmate=inmate)
    assert verdict.blocks == [
        "WBP sudah mengikuti angkatan lain dalam kegiatan yang sama pada waktu yang sama: "
        f"{welding}."
    ]
    assert verdict.current == [welding]
    with pytest.raises(ValidationError):
        services.enrollment_create(actor=operator, cohort=furniture, inmate=inmate)


def test_the_picker_shows_each_inmate_s_current_cohort(client, event, agency, operator, facility):
    welding = event_cohort(event, agency, operator, "Pengelasan")
    later = factories.CohortFactory(
        facility=facility, agency=agency, start_date=date(2025, 10, 1), end_date=date(2025, 12, 1)
    )
    inmate = factories.InmateFactory(facility=facility, full_name="Budi Santoso")
    services.enrollment_create(actor=operator, cohort=welding, inmate=inmate)
    client.force_login(operator)
    page = client.get(reverse("programs:enrollment_picker", args=[later.pk])).content.decode()
    assert f"Sedang mengikuti: {welding}" in page


def test_the_event_page_counts_what_the_viewer_sees(
    client, event, agency, operator, agency_admin, facility
):
    welding = event_cohort(event, agency, operator, "Pengelasan")
    furniture = event_cohort(event, agency, operator, "Meubeler")
    for cohort, names in ((welding, ["Ahmad", "Budi"]), (furniture, ["Candra"])):
        for name in names:
            factories.EnrollmentFactory(cohort=cohort, inmate__full_name=name)
    client.force_login(agency_admin)
    response = client.get(reverse("programs:event_detail", args=[event.pk]))
    assert [c.pk for c in response.context["cohorts"]] == [furniture.pk, welding.pk]
    assert response.context["figures"].participants == 3
    assert "SK Nomor 560/123/413.113/2025 tanggal 20 Mei 2025" in response.content.decode()
    listed = client.get(reverse("programs:event_list")).context["page"].object_list
    assert [(e.cohort_count, e.participant_count) for e in listed] == [(2, 3)]


def test_the_event_participant_list_runs_across_programs(client, event, agency, operator):
    welding = event_cohort(event, agency, operator, "Pengelasan")
    furniture = event_cohort(event, agency, operator, "Meubeler")
    factories.EnrollmentFactory(cohort=welding, inmate__full_name="Ahmad")
    factories.EnrollmentFactory(cohort=furniture, inmate__full_name="Zainal")
    factories.EnrollmentFactory(cohort=furniture, inmate__full_name="Bagus")
    client.force_login(operator)
    response = client.get(reverse("programs:event_print_participants", args=[event.pk]))
    rows = [(e.cohort.program.name, e.inmate.full_name) for e in response.context["participants"]]
    assert rows == [("Meubeler", "Bagus"), ("Meubeler", "Zainal"), ("Pengelasan", "Ahmad")]
    assert response.context["per_program"] == [("Meubeler", 2), ("Pengelasan", 1)]


def test_an_operator_opens_an_event_of_his_facility_from_the_form(client, operator, agency):
    client.force_login(operator)
    response = client.post(
        reverse("programs:event_create"),
        {
            "name": "Pelatihan Tahap I 2026",
            "agencies": [agency.pk],
            "funding_source": "dipa_lapas",
            "start_date": "02/02/2026",
            "end_date": "30/04/2026",
            "decree_number": "",
            "decree_date": "",
            "decree_issuer": "",
        },
    )
    event = TrainingEvent.objects.get()
    assert response.url == reverse("programs:event_detail", args=[event.pk])
    assert event.facility == operator.facility


def test_the_event_form_names_each_mistake_next_to_its_field(client, operator):
    client.force_login(operator)
    response = client.post(
        reverse("programs:event_create"),
        {
            "name": "Salah isi",
            "funding_source": "apbd",
            "start_date": "30/04/2026",
            "end_date": "02/02/2026",
            "decree_number": "560/1/2026",
            "decree_date": "",
        },
    )
    errors = response.context["form"].errors
    assert errors["agencies"] == ["Pilih paling sedikit satu instansi mitra."]
    assert errors["end_date"] == ["Tanggal penutupan tidak boleh sebelum pembukaan."]
    assert errors["decree_date"] == ["Isi tanggal SK."]
    assert not TrainingEvent.objects.exists()


def test_a_cohort_starts_inside_the_event_it_was_opened_from(client, event, operator):
    client.force_login(operator)
    response = client.get(reverse("programs:cohort_create") + f"?kegiatan={event.pk}")
    form = response.context["form"]
    assert form.initial["event"] == event
    assert form.initial["start_date"] == JUNE
    assert list(form.fields["event"].queryset) == [event]


def test_with_several_agencies_only_the_facility_changes_the_event(
    client, event, agency, other_agency, operator, agency_admin, other_agency_admin
):
    services.event_update(actor=operator, event=event, agencies=[agency, other_agency])
    url = reverse("programs:event_edit", args=[event.pk])
    for outsider in (agency_admin, other_agency_admin):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(operator)
    assert client.get(url).status_code == 200


def test_a_cancelled_cohort_counts_for_nothing(client, event, agency, operator):
    welding = event_cohort(event, agency, operator, "Pengelasan")
    furniture = event_cohort(event, agency, operator, "Meubeler")
    factories.EnrollmentFactory(cohort=welding, inmate__full_name="Ahmad")
    factories.EnrollmentFactory(cohort=furniture, inmate__full_name="Zainal")
    services.cohort_cancel(actor=operator, cohort=furniture, reason="Instruktur tidak tersedia")
    client.force_login(operator)
    detail = client.get(reverse("programs:event_detail", args=[event.pk]))
    assert (detail.context["figures"].cohorts, detail.context["figures"].participants) == (1, 1)
    printed = client.get(reverse("programs:event_print_participants", args=[event.pk]))
    assert [e.inmate.full_name for e in printed.context["participants"]] == ["Ahmad"]
    listed = client.get(reverse("programs:event_list")).context["page"].object_list
    assert [(e.cohort_count, e.participant_count) for e in listed] == [(1, 1)]
