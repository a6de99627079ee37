"""Importing a register from CSV or XLSX: preview every row, save all or nothing."""

import io
import re
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from inmates import importing
from inmates.models import Inmate, InmateImport
from lapas_training import sheets
from lapas_training.models import AuditEvent
from tests import factories
from tests.helpers import assert_same_as_missing

pytestmark = pytest.mark.django_db

HEADER = "nomor_registrasi;nama_lengkap;jenis_kelamin;tanggal_lahir;nik;tanggal_bebas;minat\n"


def csv_bytes(*lines: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return (header + "".join(line + "\n" for line in lines)).encode(encoding)


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name: str = "register.csv"):
    return client.post(
        reverse("inmates:import"), {"file": SimpleUploadedFile(name, content)}, follow=False
    )


@pytest.fixture
def welding(db):
    return factories.TrainingFieldFactory(code="pengelasan", name="Pengelasan")


# --- parsing ----------------------------------------------------------------------------------


def test_csv_with_bom_semicolons_and_formula_text_stays_text():
    content = "\ufeff".encode() + csv_bytes('BI.1;=HYPERLINK("x");L;;;;')
    rows = importing.parse_upload("a.csv", content)
    assert rows[0]["nomor_registrasi"] == "BI.1"
    assert rows[0]["nama_lengkap"] == '=HYPERLINK("x")'


def test_latin1_csv_is_read():
    content = csv_bytes("BI.2;José Ñoño;L;;;;", encoding="cp1252")
    assert importing.parse_upload("a.csv", content)[0]["nama_lengkap"] == "José Ñoño"


def test_comma_separated_csv_is_read():
    content = b"nomor_registrasi,nama_lengkap,jenis_kelamin\nBI.3,Budi,L\n"
    assert importing.parse_upload("a.csv", content) == [
        {"nomor_registrasi": "BI.3", "nama_lengkap": "Budi", "jenis_kelamin": "L"}
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.pdf", b"%PDF-1.4", "Hanya berkas CSV atau XLSX yang dapat diimpor."),
        ("a.csv", b"   ", "Berkas kosong."),
        (
            "a.csv",
            b"nama_lengkap;jenis_kelamin\nBudi;L\n",
            "Kolom wajib tidak ada: nomor_registrasi.",
        ),
        ("a.csv", HEADER.encode(), "Berkas hanya berisi judul kolom, tanpa data."),
        ("a.csv", "nomor_registrasi\0".encode("utf-16"), "Berkas CSV tidak dapat dibaca"),
        ("a.xlsx", b"PK\x03\x04garbage", "Berkas XLSX rusak atau bukan berkas Excel."),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(name, content, message):
    with pytest.raises(importing.ImportFileError) as excinfo:
        importing.parse_upload(name, content)
    assert str(excinfo.value).startswith(message)


def test_oversized_file_and_too_many_rows_are_refused():
    with pytest.raises(importing.ImportFileError, match="Berkas terlalu besar"):
        importing.parse_upload("a.csv", b"x" * (importing.MAX_FILE_BYTES + 1))
    many = csv_bytes(*[f"BI.{n};Nama;L;;;;" for n in range(importing.MAX_ROWS + 1)])
    with pytest.raises(importing.ImportFileError, match="Terlalu banyak baris"):
        importing.parse_upload("a.csv", many)


def test_xlsx_zip_bomb_is_refused_before_parsing():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (sheets.MAX_XLSX_UNPACKED_BYTES + 1))
    content = buffer.getvalue()
    assert len(content) < importing.MAX_FILE_BYTES
    with pytest.raises(importing.ImportFileError, match="terlalu besar setelah diekstrak"):
        importing.parse_upload("bom.xlsx", content)


def _rewrite_member(content: bytes, name: str, change) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data) if item.filename == name else data)
    return out.getvalue()


def test_an_xlsx_claiming_a_huge_size_is_read_as_it_is():
    content = xlsx_bytes(
        [["nomor_registrasi", "nama_lengkap", "jenis_kelamin"], ["BI.1", "A", "L"]]
    )
    content = _rewrite_member(
        content,
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml),
    )
    # Read as declared, it took ten seconds and 700 MB: sixteen thousand columns a row.
    assert max(len(row) for row in sheets._read_xlsx(content)) <= sheets.MAX_COLUMNS
    rows = importing.parse_upload("besar.xlsx", content)
    assert rows == [{"nomor_registrasi": "BI.1", "nama_lengkap": "A", "jenis_kelamin": "L"}]


def test_an_xlsx_row_far_below_is_refused_not_dropped():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["nomor_registrasi", "nama_lengkap", "jenis_kelamin"])
    sheet["A1000000"] = "BI.9"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(importing.ImportFileError, match="Terlalu banyak baris"):
        importing.parse_upload("jauh.xlsx", buffer.getvalue())


def test_xlsx_dates_numbers_and_formulas():
    content = xlsx_bytes(
        [
            ["nomor_registrasi", "nama_lengkap", "jenis_kelamin", "tanggal_lahir", "nik"],
            ["BI.4", "=1+1", "P", date(1991, 2, 3), 3524011234567890],
        ]
    )
    assert importing.parse_upload("a.xlsx", content) == [
        {
            "nomor_registrasi": "BI.4",
            "nama_lengkap": "=1+1",
            "jenis_kelamin": "P",
            "tanggal_lahir": "03/02/1991",
            "nik": "3524011234567890",
        }
    ]


# --- validating -------------------------------------------------------------------------------


def test_every_row_gets_its_errors_in_indonesian(facility, welding):
    rows = importing.parse_upload(
        "a.csv",
        csv_bytes(
            "BI.1;Ahmad;L;31/11/1990;123;;Pengelasan",
            "BI.1;Budi;X;;;;Memasak",
            ";Candra;L;;;;",
        ),
    )
    results = importing.validate_rows(facility=facility, rows=rows)
    assert [(r.line, r.errors) for r in results] == [
        (
            2,
            [
                "Tanggal lahir: Tanggal tidak valid. "
                "Gunakan format dd/mm/yyyy, misalnya 31/10/2025.",
                "NIK: NIK harus terdiri dari tepat 16 angka.",
            ],
        ),
        (
            3,
            [
                "Jenis kelamin: Isi L atau P.",
                "Minat: Bidang pelatihan tidak dikenali: Memasak.",
            ],
        ),
        (4, ["Nomor registrasi: Bidang ini tidak boleh kosong."]),
    ]


def test_duplicate_number_within_the_file(facility):
    rows = importing.parse_upload("a.csv", csv_bytes("BI.1;Ahmad;L;;;;", "BI.1;Ahmad;L;;;;"))
    results = importing.validate_rows(facility=facility, rows=rows)
    assert results[1].errors == ["Nomor registrasi: sama dengan baris 2."]


# --- the whole flow ---------------------------------------------------------------------------


def test_upload_preview_confirm_then_reimport_updates(client, operator, facility, welding):
    client.force_login(operator)
    content = csv_bytes(
        "BI.0001/2025;Ahmad Fauzi;L;17/08/1990;3524011708900001;31/12/2027;Pengelasan",
        "BI.0002/2025;Siti Aminah;P;;;;",
    )
    response = upload(client, content)
    stored = InmateImport.objects.get()
    assert response["Location"] == reverse("inmates:import_preview", args=[stored.pk])
    assert Inmate.objects.count() == 0  # nothing saved before confirming

    preview = client.get(response["Location"])
    assert preview.context["counts"] == {"create": 2, "update": 0, "unchanged": 0, "errors": 0}

    client.post(response["Location"], {"confirm": "1"})
    ahmad = Inmate.objects.get(registration_number="BI.0001/2025")
    assert (ahmad.facility, ahmad.full_name, ahmad.birth_date, ahmad.nik) == (
        facility,
        "Ahmad Fauzi",
        date(1990, 8, 17),
        "3524011708900001",
    )
    assert list(ahmad.interests.all()) == [welding]
    assert InmateImport.objects.get().status == InmateImport.Status.APPLIED

    again = csv_bytes(
        "BI.0001/2025;Ahmad Fauzi;L;17/08/1990;3524011708900001;30/06/2028;Pengelasan",
        "BI.0002/2025;Siti Aminah;P;;;;",
    )
    second = InmateImport.objects.get(pk=upload(client, again).url.rstrip("/").split("/")[-1])
    url = reverse("inmates:import_preview", args=[second.pk])
    assert client.get(url).context["counts"] == {
        "create": 0,
        "update": 1,
        "unchanged": 1,
        "errors": 0,
    }
    client.post(url, {"confirm": "1"})
    assert Inmate.objects.count() == 2
    ahmad.refresh_from_db()
    assert ahmad.expected_release_date == date(2028, 6, 30)
    assert AuditEvent.objects.filter(action="inmate_import.applied").count() == 2


def test_a_file_with_any_bad_row_saves_nothing(client, operator, facility):
    client.force_login(operator)
    upload(client, csv_bytes("BI.1;Ahmad;L;;;;", "BI.2;Budi;L;31/11/2025;;;"))
    stored = InmateImport.objects.get()
    url = reverse("inmates:import_preview", args=[stored.pk])
    page = client.get(url)
    assert page.context["counts"]["errors"] == 1
    assert 'name="confirm"' not in page.content.decode()
    client.post(url, {"confirm": "1"})
    assert Inmate.objects.count() == 0
    stored.refresh_from_db()
    assert stored.status == InmateImport.Status.PENDING


def test_upload_errors_show_next_to_the_file_field(client, operator):
    client.force_login(operator)
    response = upload(client, b"%PDF-1.4 ...", name="register.pdf")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["Hanya berkas CSV atau XLSX yang dapat diimpor."]
    }
    assert InmateImport.objects.count() == 0


def test_html_in_a_row_is_shown_as_text(client, operator):
    client.force_login(operator)
    upload(client, csv_bytes("BI.1;<script>alert(1)</script>;L;;;;"))
    page = client.get(reverse("inmates:import_preview", args=[InmateImport.objects.get().pk]))
    body = page.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_preview_of_another_facility_is_404(client, operator, other_operator):
    client.force_login(other_operator)
    upload(client, csv_bytes("BI.1;Ahmad;L;;;;"))
    stored = InmateImport.objects.get()
    client.force_login(operator)
    url = reverse("inmates:import_preview", args=[stored.pk])
    missing = reverse("inmates:import_preview", args=[99999])
    assert_same_as_missing(client, client.get(url), missing)
    response = client.post(url, {"confirm": "1"})
    assert_same_as_missing(client, response, missing, method="post", data={"confirm": "1"})
    assert Inmate.objects.count() == 0


def test_import_pages_are_closed_to_heads_and_agencies(client, head, agency_admin):
    for user in (head, agency_admin):
        client.force_login(user)
        assert_same_as_missing(client, client.get(reverse("inmates:import")))
        assert_same_as_missing(client, client.get(reverse("inmates:import_template")))


def test_template_has_every_column_and_a_bom(client, operator):
    client.force_login(operator)
    response = client.get(reverse("inmates:import_template"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8") == "\ufeff" + ";".join(importing.COLUMN_NAMES) + "\r\n"


def test_reimport_never_erases_and_reports_what_it_did(client, operator, facility, welding):
    inmate = factories.InmateFactory(
        facility=facility,
        registration_number="BI.1",
        full_name="Ahmad",
        nik="3524011708900001",
        expected_release_date=date(2028, 1, 1),
    )
    inmate.interests.add(welding)
    client.force_login(operator)
    # Only the required columns, and a blank-free rename: NIK, dates and interests stay.
    content = b"nomor_registrasi;nama_lengkap;jenis_kelamin\nBI.1;Ahmad Fauzi;L\nBI.2;Baru;P\n"
    upload(client, content)
    client.post(
        reverse("inmates:import_preview", args=[InmateImport.objects.get().pk]), {"confirm": "1"}
    )
    inmate.refresh_from_db()
    assert (inmate.full_name, inmate.nik, inmate.expected_release_date) == (
        "Ahmad Fauzi",
        "3524011708900001",
        date(2028, 1, 1),
    )
    assert list(inmate.interests.all()) == [welding]
    assert InmateImport.objects.get().summary == {"created": 1, "updated": 1, "unchanged": 0}
