"""The audit log viewer: who reads which events, its filters, its export, hostile input."""

import csv
import io
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lapas_training import rules
from lapas_training.audit import audit_log
from lapas_training.models import AuditEvent, Role
from privacy.selectors.audit import EXPORT_HEADER
from tests import factories
from tests.helpers import assert_same_as_missing, login_redirect

pytestmark = pytest.mark.django_db

URL = reverse("privacy:audit_log")
INVALID_DATE = "Tanggal tidak valid. Gunakan format dd/mm/yyyy, misalnya 31/10/2025."


def at(moment: datetime, **event) -> AuditEvent:
    """Write an event as if at ``moment``."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return audit_log(**event)


def shown(response) -> list[int]:
    """Return the ids of the events on the page, in order."""
    assert response.status_code == 200
    return [event.pk for event in response.context["page"]]


def field_errors(response, name: str) -> list[str]:
    return list(response.context["form"].errors.get(name, []))


# The viewer ------------------------------------------------------------------------------------


@pytest.fixture
def budi(facility):
    return factories.InmateFactory(
        facility=facility, full_name="Budi Santoso", registration_number="BI.0101/2026"
    )


@pytest.fixture
def log(facility, other_facility, operator, other_operator, agency_admin, agency, cohort, budi):
    """Events of both facilities and one of none, an hour apart, oldest first."""
    siti = factories.InmateFactory(
        facility=facility, full_name="Siti Aminah", registration_number="BI.0102/2026"
    )
    foreign = factories.InmateFactory(
        facility=other_facility, full_name="Budi Lain", registration_number="BI.0101/2026"
    )

    def hour(n):
        return datetime(2026, 3, 1, n, 0, tzinfo=UTC)

    return {
        "budi_created": at(hour(1), action="inmate.created", actor=operator, obj=budi),
        "siti_updated": at(
            hour(2),
            action="inmate.updated",
            actor=operator,
            obj=siti,
            data={"full_name": {"from": "<b>Siti</b>", "to": "=1+1"}, "nik": "3524"},
        ),
        "foreign": at(hour(3), action="inmate.created", actor=other_operator, obj=foreign),
        "agency": at(hour(4), action="agency.settings_changed", actor=agency_admin, obj=agency),
        "cohort": at(hour(5), action="cohort.created", actor=agency_admin, obj=cohort),
        "budi_updated": at(hour(6), action="inmate.updated", actor=operator, obj=budi),
    }


def ids(log, *names) -> list[int]:
    return [log[name].pk for name in names]


def test_the_head_reads_only_his_facility_events_newest_first(client, head, log):
    client.force_login(head)
    response = client.get(URL)
    assert shown(response) == ids(log, "budi_updated", "cohort", "siti_updated", "budi_created")
    assert "Budi Lain" not in response.content.decode()
    assert response.context["show_facility"] is False


def test_the_head_of_the_other_facility_reads_its_events_only(client, other_facility, log):
    other_head = factories.UserFactory(
        username="kalapas.lain", role=Role.LAPAS_HEAD, facility=other_facility
    )
    client.force_login(other_head)
    assert shown(client.get(URL)) == ids(log, "foreign")


def test_the_administrator_reads_every_event_with_its_facility(client, system_admin, log):
    client.force_login(system_admin)
    response = client.get(URL)
    assert shown(response) == ids(
        log, "budi_updated", "cohort", "agency", "foreign", "siti_updated", "budi_created"
    )
    assert response.context["show_facility"] is True
    assert "Lapas Kelas IIB Mojokerto" in response.content.decode()


@pytest.mark.parametrize("role", ["operator", "agency_admin", "instructor", "kanwil"])
def test_everyone_else_gets_the_404_of_a_missing_page(client, request, log, role):
    client.force_login(request.getfixturevalue(role))
    assert_same_as_missing(client, client.get(URL))
    assert_same_as_missing(client, client.get(URL, {"format": "csv"}))
    assert not AuditEvent.objects.filter(action="audit_log.exported").exists()


def test_an_inactive_head_reads_nothing(head):
    head.is_active = False
    assert rules.can_read_audit_log(head) is False


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert (response.status_code, response["Location"]) == (302, login_redirect(URL))


def test_the_navigation_shows_the_link_to_its_readers_only(client, head, operator):
    client.force_login(head)
    assert f'href="{URL}"' in client.get(reverse("reports:home")).content.decode()
    client.force_login(operator)
    assert f'href="{URL}"' not in client.get(reverse("reports:home")).content.decode()


def test_rows_show_jakarta_time_labels_and_escaped_details(client, head, log):
    client.force_login(head)
    page = client.get(URL).content.decode()
    # 02:00 UTC is 09:00 in Jakarta (WIB).
    assert "01/03/2026 09:00:00" in page
    assert "Data WBP diubah" in page
    assert "&lt;b&gt;Siti&lt;/b&gt; → =1+1" in page
    assert "<b>Siti</b>" not in page
    assert '<span class="fw-semibold">nik</span>: ***' in page


# Filters ---------------------------------------------------------------------------------------


def test_the_period_is_read_in_jakarta_days(client, head, operator, budi):
    late = at(datetime(2026, 3, 1, 16, 30, tzinfo=UTC), action="x.late", actor=operator, obj=budi)
    early = at(datetime(2026, 3, 1, 17, 30, tzinfo=UTC), action="x.early", actor=operator, obj=budi)
    client.force_login(head)
    # 16:30 UTC is 23:30 on 1 March in Jakarta, 17:30 UTC is 00:30 on 2 March.
    assert shown(client.get(URL, {"dari": "2026-03-02", "sampai": "2026-03-02"})) == [early.pk]
    assert shown(client.get(URL, {"dari": "01/03/2026", "sampai": "01/03/2026"})) == [late.pk]
    assert shown(client.get(URL, {"dari": "2026-03-02"})) == [early.pk]
    assert shown(client.get(URL, {"sampai": "2026-03-01"})) == [late.pk]


def test_the_action_filter_offers_the_actions_present(client, head, log):
    client.force_login(head)
    response = client.get(URL, {"tindakan": "inmate.updated"})
    assert shown(response) == ids(log, "budi_updated", "siti_updated")
    choices = dict(response.context["form"].fields["tindakan"].choices)
    assert choices == {
        "": "Semua tindakan",
        "cohort.created": "Angkatan dibuat",
        "inmate.created": "WBP ditambahkan",
        "inmate.updated": "Data WBP diubah",
    }


def test_the_user_filter_keeps_one_actor(client, head, operator, agency_admin, log):
    client.force_login(head)
    assert shown(client.get(URL, {"pengguna": agency_admin.pk})) == ids(log, "cohort")
    form = client.get(URL).context["form"]
    assert set(form.fields["pengguna"].queryset) == {operator, agency_admin}


def test_another_facility_user_is_not_in_the_head_scope(client, head, other_operator, log):
    client.force_login(head)
    response = client.get(URL, {"pengguna": other_operator.pk})
    assert field_errors(response, "pengguna") == [
        "Pengguna ini tidak ada di log yang dapat Anda baca."
    ]
    assert response.context["page"] is None
    # The administrator may narrow to him.
    admin = factories.UserFactory(username="admin", role=Role.ADMIN)
    client.force_login(admin)
    assert shown(client.get(URL, {"pengguna": other_operator.pk})) == ids(log, "foreign")


def test_the_person_filter_finds_an_inmate_by_name_or_number(client, head, budi, log):
    client.force_login(head)
    # An event about another kind of object with the same id is not about him.
    AuditEvent.objects.create(
        action="cohort.updated",
        object_type="programs.cohort",
        object_id=str(budi.pk),
        object_repr="Angkatan lain",
        facility=budi.facility,
    )
    by_name = client.get(URL, {"wbp": "budi"})
    assert shown(by_name) == ids(log, "budi_updated", "budi_created")
    assert by_name.context["people"] == [budi]
    assert shown(client.get(URL, {"wbp": "0101/2026"})) == ids(log, "budi_updated", "budi_created")
    assert shown(client.get(URL, {"wbp_id": budi.pk})) == ids(log, "budi_updated", "budi_created")


def test_an_inmate_of_another_facility_is_not_in_scope(client, head, log):
    client.force_login(head)
    foreign = log["foreign"]
    response = client.get(URL, {"wbp_id": foreign.object_id})
    assert field_errors(response, "wbp") == [
        "WBP yang dipilih tidak ada di register yang dapat Anda baca."
    ]
    response = client.get(URL, {"wbp": "Budi Lain"})
    assert field_errors(response, "wbp") == [
        "Tidak ada WBP dengan nama atau nomor registrasi itu di register Anda."
    ]


def test_a_name_search_matching_too_many_people_asks_for_more(client, head, facility):
    factories.InmateFactory.create_batch(51, facility=facility, full_name="Ahmad")
    client.force_login(head)
    response = client.get(URL, {"wbp": "ahmad"})
    assert field_errors(response, "wbp") == [
        "Lebih dari 50 WBP cocok. Ketik nama lengkap atau nomor registrasi."
    ]


def test_the_text_search_reads_the_object_name(client, head, cohort, log):
    client.force_login(head)
    assert shown(client.get(URL, {"q": "angkatan i 2026"})) == ids(log, "cohort")


def test_filters_combine(client, head, operator, budi, log):
    client.force_login(head)
    query = {"tindakan": "inmate.updated", "pengguna": operator.pk, "wbp": "Budi"}
    assert shown(client.get(URL, query)) == ids(log, "budi_updated")


# Export ----------------------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_export_holds_the_filtered_rows_and_is_audited(client, head, operator, log):
    client.force_login(head)
    response = client.get(URL, {"tindakan": "inmate.updated", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="log-audit-')
    header, *rows = csv_rows(response)
    assert header == EXPORT_HEADER
    siti = log["siti_updated"]
    assert rows == [
        [
            "01/03/2026 13:00:00",
            operator.full_name,
            operator.username,
            "Data WBP diubah",
            "inmate.updated",
            "WBP",
            log["budi_updated"].object_id,
            log["budi_updated"].object_repr,
            "Lapas Kelas IIB Lamongan",
            "",
        ],
        [
            "01/03/2026 09:00:00",
            operator.full_name,
            operator.username,
            "Data WBP diubah",
            "inmate.updated",
            "WBP",
            siti.object_id,
            "Siti Aminah (BI.0102/2026)",
            "Lapas Kelas IIB Lamongan",
            "full_name: <b>Siti</b> → =1+1; nik: ***",
        ],
    ]
    exported = AuditEvent.objects.get(action="audit_log.exported")
    assert (exported.actor, exported.facility_id) == (head, head.facility_id)
    assert exported.data == {
        "format": "csv",
        "rows": 2,
        "filters": {"tindakan": "inmate.updated"},
    }


def test_the_export_neither_counts_nor_lists_its_own_event(client, head, log):
    client.force_login(head)
    _header, *rows = csv_rows(client.get(URL, {"format": "csv-semicolon"}))
    assert len(rows) == 4
    assert AuditEvent.objects.get(action="audit_log.exported").data["rows"] == 4
    # The next export lists the first one.
    _header, first, *_rows = csv_rows(client.get(URL, {"format": "csv"}))
    assert first[4] == "audit_log.exported"


def test_exported_cells_never_run_as_formulas(client, head, operator, facility):
    payload = factories.InmateFactory(facility=facility, full_name='=HYPERLINK("http://x")')
    audit_log(action="inmate.created", actor=operator, obj=payload, data={"note": "@SUM(A1)"})
    client.force_login(head)
    created = {"tindakan": "inmate.created"}
    (_header, row) = csv_rows(client.get(URL, {**created, "format": "csv"}))
    assert row[7] == f'\'=HYPERLINK("http://x") ({payload.registration_number})'
    response = client.get(URL, {**created, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet.cell(row=2, column=8)
    assert (cell.value, cell.data_type) == (row[7], "s")
    assert sheet.cell(row=2, column=10).value == "note: @SUM(A1)"


def test_a_log_too_long_for_xlsx_is_offered_as_csv(client, head, log, monkeypatch):
    monkeypatch.setattr("privacy.views.audit.XLSX_MAX_ROWS", 3)
    client.force_login(head)
    response = client.get(URL, {"tindakan": "inmate.created", "format": "xlsx"})
    assert response.status_code == 200  # one row: written
    response = client.get(URL, {"q": "a", "format": "xlsx", "page": "2"}, follow=True)
    assert response.redirect_chain == [(f"{URL}?q=a", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Log ini berisi 4 baris, terlalu banyak untuk XLSX (paling banyak 3). "
        "Unduh CSV: dikirim bertahap dan dibuka di Excel."
    ]
    assert AuditEvent.objects.filter(action="audit_log.exported").count() == 1


def test_an_export_with_wrong_filters_is_refused_without_an_event(client, head, log):
    client.force_login(head)
    response = client.get(URL, {"dari": "31/11/2025", "format": "csv"})
    assert response["Content-Type"].startswith("text/html")
    assert field_errors(response, "dari") == [INVALID_DATE]
    assert not AuditEvent.objects.filter(action="audit_log.exported").exists()


# Hostile input ---------------------------------------------------------------------------------

NEXT_YEAR = timezone.localdate().year + 1
OUT_OF_RANGE = f"Tanggal harus di antara tahun 2000 dan {NEXT_YEAR}."


@pytest.mark.parametrize(
    ("query", "field", "errors"),
    [
        ({"dari": "0000-01-01"}, "dari", [INVALID_DATE]),
        ({"dari": "0001-01-01"}, "dari", [OUT_OF_RANGE]),
        ({"sampai": "9999-12-31"}, "sampai", [OUT_OF_RANGE]),
        ({"dari": "31/11/2025"}, "dari", [INVALID_DATE]),
        ({"dari": "٢٠٢٦-٠٣-٠١"}, "dari", [INVALID_DATE]),
        (
            {"dari": "2026-03-02", "sampai": "2026-03-01"},
            "sampai",
            ["Tanggal akhir tidak boleh sebelum tanggal awal."],
        ),
        (
            {"tindakan": "<script>x</script>"},
            "tindakan",
            ["Tindakan ini tidak ada di log yang dapat Anda baca."],
        ),
        (
            {"pengguna": "99999999999999999999999"},
            "pengguna",
            ["Pengguna ini tidak ada di log yang dapat Anda baca."],
        ),
        ({"pengguna": "abc"}, "pengguna", ["Pengguna ini tidak ada di log yang dapat Anda baca."]),
        ({"wbp_id": "٣"}, "wbp", ["WBP yang dipilih tidak ada di register yang dapat Anda baca."]),
        (
            {"wbp_id": "9" * 30},
            "wbp",
            ["WBP yang dipilih tidak ada di register yang dapat Anda baca."],
        ),
        ({"wbp_id": "-1"}, "wbp", ["WBP yang dipilih tidak ada di register yang dapat Anda baca."]),
        ({"wbp": "a\x00b"}, "wbp", ["Karakter null tidak diizinkan."]),
        (
            {"q": "x" * 101},
            "q",
            ["Pastikan nilai ini mengandung paling banyak 100 karakter (sekarang 101 karakter)."],
        ),
    ],
)
def test_bad_filters_get_a_message_next_to_the_field(client, head, log, query, field, errors):
    client.force_login(head)
    response = client.get(URL, query)
    assert response.status_code == 200
    assert response.context["form"].errors == {field: errors}
    assert response.context["page"] is None
    page = response.content.decode()
    assert "<script>x</script>" not in page
    for error in errors:
        assert error in page


def test_digits_of_other_scripts_are_read_as_the_date_they_spell(client, head, operator, budi):
    event = at(datetime(2026, 3, 1, 3, 0, tzinfo=UTC), action="x.y", actor=operator, obj=budi)
    client.force_login(head)
    assert shown(client.get(URL, {"dari": "２０２６-03-01", "sampai": "２０２６-03-01"})) == [
        event.pk
    ]


@pytest.mark.parametrize("page", ["99999999999999999999", "-1", "abc", "٣", "0"])
def test_any_page_number_shows_a_page(client, head, log, page):
    client.force_login(head)
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == 1


# Query count -----------------------------------------------------------------------------------


def events_by_many(count: int, facility, budi) -> None:
    for _n in range(count):
        actor = factories.UserFactory(role=Role.LAPAS_OPERATOR, facility=facility)
        audit_log(action="inmate.updated", actor=actor, obj=budi, data={"n": _n})


# Of the log: the actions present and the actors present (the filter's choices), the count
# and the page with its actors and facilities. With a person search, the people matching too.
@pytest.mark.parametrize(
    ("query", "people"), [({}, 0), ({"wbp": "Budi", "tindakan": "inmate.updated"}, 1)]
)
def test_the_query_count_does_not_grow_with_the_rows(
    client, django_assert_num_queries, system_admin, facility, budi, query, people
):
    client.force_login(system_admin)
    client.get(URL, query)  # the session's first use costs queries of its own
    events_by_many(5, facility, budi)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(URL, query).context["page"]) == 5
    sql = [captured["sql"] for captured in few.captured_queries]
    assert len([q for q in sql if "lapas_training_auditevent" in q]) == 4
    assert len([q for q in sql if 'FROM "inmates_inmate"' in q]) == people
    events_by_many(45, facility, budi)
    with django_assert_num_queries(len(few)):
        assert len(client.get(URL, query).context["page"]) == 25
