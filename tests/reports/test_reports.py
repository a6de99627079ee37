"""The dashboard, the monthly report and the exports: the same figures, scoped, safe to open."""

import csv
import io

import pypdf
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lapas_training.models import AuditEvent
from tests import factories
from tests.reports import fixtures

pytestmark = pytest.mark.django_db

SEPTEMBER = "dari=2025-09-01&sampai=2025-09-30"
HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(1)", "\tTab", "Ma'ruf Amin"]


@pytest.fixture
def far_facility(db):
    return factories.FacilityFactory(name="Lapas Kelas IIA Bandung", province="Jawa Barat")


@pytest.fixture
def world(facility, far_facility, agency, operator):
    return fixtures.build(facility, far_facility, agency, operator)


def stat(response, stat_id: str) -> str:
    html = response.content.decode()
    start = html.index(f'id="{stat_id}">') + len(f'id="{stat_id}">')
    text = html[start : html.index("</div>", start)]
    return text.split(">")[1].split("<")[0] if "<a" in text else text


def test_dashboard_pdf_and_xlsx_give_the_same_figures(client, world, head):
    client.force_login(head)
    page = client.get(f"/?{SEPTEMBER}")
    assert [stat(page, s) for s in ("stat-participants", "stat-finished", "stat-certificates")] == [
        "7",
        "3",
        "1",
    ]
    book = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("reports:monthly_xlsx") + "?bulan=2025-09")))
    )
    header, *rows = book["Per program"].iter_rows(values_only=True)
    total = dict(zip(header, rows[-1], strict=True))
    assert (total["peserta_awal"], total["selesai"], total["sertifikat"]) == (7, 3, 1)
    assert (total["kompeten"], total["belum_kompeten"], total["jp_terlaksana"]) == (2, 1, 4)
    assert [cohort[0] for cohort in book["Angkatan"].iter_rows(min_row=2, values_only=True)]
    pdf = client.get(reverse("reports:monthly_pdf") + "?bulan=2025-09")
    assert pdf["Content-Type"] == "application/pdf"
    text = pypdf.PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "LAPORAN PEMBINAAN KEMANDIRIAN" in text and "September 2025" in text
    assert "Jumlah 3 7 1 2 3 2 1 1 4 80,0%" in " ".join(text.split())
    assert AuditEvent.objects.filter(action="report.monthly_printed").count() == 1


def test_the_regional_office_reads_figures_but_no_names(client, world, kanwil, other_kanwil):
    client.force_login(kanwil)
    page = client.get(f"/?{SEPTEMBER}")
    assert stat(page, "stat-participants") == "7"
    html = page.content.decode()
    assert "Ahmad" not in html and reverse("reports:participants") not in html
    assert "Lapas Kelas IIB Lamongan" in html
    cohorts = client.get(reverse("reports:cohorts") + f"?{SEPTEMBER}").content.decode()
    assert "Pengelasan" in cohorts and "/angkatan/" not in cohorts.split("cohort-figures")[1]
    for name in ("reports:participants", "reports:certificates"):
        assert client.get(reverse(name) + f"?{SEPTEMBER}").status_code == 404
    client.force_login(other_kanwil)
    assert stat(client.get(f"/?{SEPTEMBER}"), "stat-participants") == "1"
    lamongan = world["c1"].facility_id
    assert client.get(f"/?{SEPTEMBER}&upt={lamongan}").status_code == 404


def test_a_facility_narrowed_to_out_of_scope_answers_404(client, world, operator, system_admin):
    client.force_login(system_admin)
    narrowed = client.get(f"/?{SEPTEMBER}&upt={world['c4'].facility_id}")
    assert stat(narrowed, "stat-participants") == "1"
    client.force_login(operator)
    assert client.get(f"/?{SEPTEMBER}&upt={world['c4'].facility_id}").status_code == 404


def test_a_wrong_period_is_explained_next_to_the_field(client, world, head):
    client.force_login(head)
    page = client.get("/?dari=2025-09-30&sampai=2025-09-01")
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in page.content.decode()
    assert client.get("/?dari=31/02/2025&sampai=01/03/2025").status_code == 200


def hostile_cohort(facility, agency, operator):
    cohort = factories.CohortFactory(facility=facility, agency=agency, created_by=operator)
    for name in HOSTILE:
        factories.EnrollmentFactory(
            cohort=cohort,
            inmate=factories.InmateFactory(facility=facility, full_name=name),
            enrolled_by=operator,
        )
    return cohort


@pytest.mark.parametrize("fmt", ["csv", "csv-semicolon"])
def test_csv_exports_never_start_a_formula_and_open_in_excel(
    client, facility, agency, operator, fmt
):
    cohort = hostile_cohort(facility, agency, operator)
    client.force_login(operator)
    url = reverse("reports:cohort_participants", args=[cohort.pk]) + f"?format={fmt}"
    body = b"".join(client.get(url).streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, so Excel reads the names right
    rows = list(
        csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";" if "semi" in fmt else ",")
    )
    names = {row[0] for row in rows[1:]}
    assert names == {
        '\'=HYPERLINK("http://x","y")',
        "'+1",
        "'-2",
        "'@SUM(1)",
        "'\tTab",
        "Ma'ruf Amin",
    }
    event = AuditEvent.objects.get(action="report.cohort_participants_exported")
    assert (event.actor_id, event.data["rows"], event.data["format"]) == (operator.pk, 6, fmt)


def test_xlsx_exports_type_every_text_as_a_string(client, facility, agency, operator):
    cohort = hostile_cohort(facility, agency, operator)
    client.force_login(operator)
    url = reverse("reports:cohort_participants", args=[cohort.pk]) + "?format=xlsx"
    book = load_workbook(io.BytesIO(b"".join(client.get(url).streaming_content)))
    cells = [row[0] for row in book.active.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)
    assert {cell.value for cell in cells} >= {'\'=HYPERLINK("http://x","y")', "Ma'ruf Amin"}


def test_exports_hold_no_nik_or_birth_data(client, world, operator):
    client.force_login(operator)
    world["e1"].inmate.nik = "3524019876543210"
    world["e1"].inmate.save()
    for url in (
        reverse("reports:participants") + f"?{SEPTEMBER}&format=csv",
        reverse("reports:certificates") + f"?{SEPTEMBER}&format=csv",
        reverse("reports:cohort_attendance", args=[world["c1"].pk]) + "?format=csv",
    ):
        body = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
        assert "3524019876543210" not in body and "tanggal_lahir" not in body


def test_the_certificate_register_lists_every_certificate_of_the_period(client, world, operator):
    client.force_login(operator)
    url = reverse("reports:certificates") + f"?{SEPTEMBER}&format=csv"
    rows = list(
        csv.DictReader(io.StringIO(b"".join(client.get(url).streaming_content).decode("utf-8-sig")))
    )
    assert sorted(row["status"] for row in rows) == ["Dicabut", "Diganti", "Sah"]
    reissued = next(row for row in rows if row["status"] == "Diganti")
    assert reissued["diganti_dengan"] and reissued["nama_pemegang"] == "Ahmad"
    assert next(r for r in rows if r["status"] == "Sah")["diserahkan_pada"] == "15/09/2025"
    event = AuditEvent.objects.get(action="report.certificates_exported")
    assert event.data["rows"] == 3


def test_the_attendance_recap_has_a_letter_per_session(client, world, operator):
    client.force_login(operator)
    url = reverse("reports:cohort_attendance", args=[world["c1"].pk]) + "?format=csv"
    header, *rows = csv.reader(
        io.StringIO(b"".join(client.get(url).streaming_content).decode("utf-8-sig"))
    )
    ahmad = next(row for row in rows if row[0] == "Ahmad")
    assert header[-5:] == ["hadir", "izin", "sakit", "alpa", "kehadiran_persen"]
    assert ahmad[2:4] == ["A", "H"] and ahmad[-5:] == ["1", "0", "0", "1", "50.0"]


def test_the_national_view_breaks_down_by_province(client, world, system_admin):
    client.force_login(system_admin)
    html = client.get(f"/?{SEPTEMBER}").content.decode()
    table = html.split('id="table-breakdown"')[1].split("</table>")[0]
    assert "Jawa Barat" in table and "Jawa Timur" in table
    query = SEPTEMBER.replace("&", "&amp;")
    link = reverse("reports:cohorts") + f"?{query}&amp;province=Jawa+Barat"
    assert link in table
    page = client.get(link.replace("&amp;", "&")).content.decode()
    cohorts = page.split('id="cohort-figures"')[1].split("</table>")[0]
    assert "Lapas Kelas IIA Bandung" in cohorts and "Lapas Kelas IIB Lamongan" not in cohorts


@pytest.mark.parametrize(
    "url",
    [
        "/?dari=9999-12-01&sampai=9999-12-31",
        "/?dari=0001-01-01&sampai=0001-01-31",
        "/laporan/bulanan.pdf?bulan=0000-01",
        "/laporan/bulanan.xlsx?bulan=9999-12",
    ],
)
def test_a_period_out_of_every_report_is_explained_not_a_crash(client, head, url):
    client.force_login(head)
    response = client.get(url)
    assert response.status_code in {200, 400}
    assert "harus di antara tahun 2000 dan" in response.content.decode()


@pytest.mark.parametrize("value", ["%C2%B2", "1%C2%B9", "99999999999999999999999", "-1"])
def test_a_filter_that_is_not_an_id_answers_404(client, head, value):
    client.force_login(head)
    assert client.get(f"/laporan/angkatan/?program={value}").status_code == 404


def test_the_certificate_figure_opens_the_certificates_it_counts(client, world, head):
    client.force_login(head)
    page = client.get(f"/?{SEPTEMBER}").content.decode()
    href = page.split('id="stat-certificates">')[1].split('href="')[1].split('"')[0]
    register = client.get(href.replace("&amp;", "&"))
    assert register.context["page"].paginator.count == 1


def test_semicolon_csv_writes_decimal_commas(client, world, operator):
    client.force_login(operator)
    url = reverse("reports:participants") + f"?{SEPTEMBER}&format=csv-semicolon"
    text = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    budi = next(row for row in rows if row["nama_lengkap"] == "Budi")
    assert budi["kehadiran_persen"] == "0,0"


def test_the_monthly_cohort_table_counts_as_the_program_table(client, world, head):
    client.force_login(head)
    xlsx = client.get(reverse("reports:monthly_xlsx") + "?bulan=2025-08")
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    header, *rows = book["Angkatan"].iter_rows(values_only=True)
    finished = sum(dict(zip(header, row, strict=True))["selesai_pelatihan"] for row in rows)
    *_, total = book["Per program"].iter_rows(values_only=True)
    assert finished == 0 == total[5]  # c1 closed in September: nobody finished in August


def test_facility_staff_asking_for_another_facility_get_404(client, world, head):
    client.force_login(head)
    other = world["c4"].facility_id
    assert client.get(f"/laporan/bulanan.pdf?bulan=2025-09&upt={other}").status_code == 404


def test_a_list_too_long_for_xlsx_is_offered_as_csv(client, world, operator, monkeypatch):
    from reports.views import lists

    monkeypatch.setattr(lists, "XLSX_MAX_ROWS", 5)
    client.force_login(operator)
    url = reverse("reports:participants") + f"?{SEPTEMBER}&format=xlsx"
    page = client.get(url, follow=True)
    assert page.redirect_chain[-1][0] == reverse("reports:participants") + f"?{SEPTEMBER}"
    assert "Daftar ini berisi 7 baris, terlalu banyak untuk XLSX" in page.content.decode()
    assert not AuditEvent.objects.filter(action="report.participants_exported").exists()
    csv_url = url.replace("format=xlsx", "format=csv")
    assert b"".join(client.get(csv_url).streaming_content).count(b"\n") == 8


def test_the_dashboard_counts_by_training_event(client, world, head, agency):
    event = factories.TrainingEventFactory(
        name="Pelatihan Kemandirian Tahap II",
        facility=world["c1"].facility,
        agencies=[agency],
        start_date=world["c3"].start_date,
        end_date=world["c1"].end_date,
    )
    for cohort in (world["c1"], world["c3"]):
        cohort.event = event
        cohort.save(update_fields=["event"])
    client.force_login(head)
    html = client.get(f"/?{SEPTEMBER}").content.decode()
    table = html.split('id="table-events"')[1].split("</table>")[0]
    assert "Pelatihan Kemandirian Tahap II" in table
    assert f"event={event.pk}" in table
    cells = [c.split(">")[-1] for c in table.split("</a></td>")[:2]]
    assert cells == ["2", "5"]  # c1 and the reopened c3; their 4 + 1 participants
