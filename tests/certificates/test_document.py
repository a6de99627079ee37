"""The official certificate: letterhead, decree preamble, result, photo, English, signatures,
PDF/A-3b, and nothing on it that tells the holder was in prison."""

import io
import re
from datetime import date

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader

from certificates import documents, services
from programs.models import FundingSource
from programs.services import event_create
from tests import factories
from tests.certificates.helpers import closed_cohort
from tests.helpers import after_commit

pytestmark = pytest.mark.django_db


def jpeg(colour="navy") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (450, 600), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf_pages(certificate) -> list[str]:
    with certificate.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture
def official(agency):
    agency.letterhead = "PEMERINTAH KABUPATEN LAMONGAN\nDINAS TENAGA KERJA"
    agency.head_name, agency.head_rank = "Agus Priyanto", "Pembina Utama Muda (IV/c)"
    agency.head_nip = "196909171994031006"
    agency.second_signatory_name = "Dwi Rahmawati"
    agency.second_signatory_title = "Kepala Bidang Pelatihan"
    agency.second_signatory_nip = "198002102005012003"
    agency.save()
    return agency


def issue(cohort, instructor, agency_admin, names=("Ahmad",), units=0):
    enrollments = closed_cohort(
        cohort=cohort, instructor=instructor, names=list(names), units=units
    )
    with after_commit():
        services.certificates_issue(actor=agency_admin, cohort=cohort)
    return [e.certificates.get() for e in enrollments.values()]


def test_the_front_page_reads_like_an_official_certificate(
    official, cohort, instructor, agency_admin, operator
):
    event = event_create(
        actor=operator,
        facility=cohort.facility,
        agencies=[official],
        name="Pelatihan Kemandirian WBP Lapas Kelas IIB Lamongan 2026",
        funding_source=FundingSource.APBD,
        start_date=cohort.start_date,
        end_date=cohort.end_date,
        decree_number="560/412/413.113/2026",
        decree_date=date(2026, 5, 26),
    )
    cohort.event = event
    cohort.save()
    (certificate,) = issue(cohort, instructor, agency_admin)
    front = pdf_pages(certificate)[0]
    assert front.startswith("PEMERINTAH KABUPATEN LAMONGAN DINAS TENAGA KERJA")
    assert (
        "Berdasarkan Surat Keputusan Nomor 560/412/413.113/2026 tanggal 26 Mei 2026, "
        "menyatakan bahwa:" in front
    )
    assert "dengan hasil KOMPETEN" in front
    assert "Pembina Utama Muda (IV/c) NIP. 19690917 199403 1 006" in front
    assert "NIP. 19800210 200501 2 003" in front
    assert "CERTIFICATE" not in front  # English only when the agency asks for it


def test_nothing_on_the_certificate_tells_where_the_holder_was(
    official, cohort, instructor, agency_admin
):
    cohort.facility.name, cohort.facility.city = "Lapas Kelas IIB Lamongan", "Lamongan Kota"
    cohort.facility.save()
    cohort.place = "Aula Lapas Lamongan"
    cohort.save()
    (certificate,) = issue(cohort, instructor, agency_admin, units=2)
    text = " ".join(pdf_pages(certificate))
    for telling in ("Lapas", "LAPAS", "WBP", "Pemasyarakatan", "Narapidana", "Aula"):
        assert telling not in text
    assert not re.search(r"BI\.\d", text)  # no registration number


def test_bilingual_certificates_carry_an_english_line(official, cohort, instructor, agency_admin):
    official.bilingual = True
    official.save()
    (certificate,) = issue(cohort, instructor, agency_admin)
    front = pdf_pages(certificate)[0]
    assert "SERTIFIKAT PELATIHAN" in front and "has attended the training in" in front
    assert "diberikan kepada / awarded to" in front
    assert "KOMPETEN / COMPETENT" in front


def test_the_holder_s_photo_is_printed_when_the_agency_wants_it(
    official, cohort, instructor, agency_admin
):
    official.print_photo = True
    official.save()
    enrollments = closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad", "Budi"])
    enrollments["Ahmad"].inmate.photo.save("ahmad.jpg", ContentFile(jpeg()))
    with after_commit():
        services.certificates_issue(actor=agency_admin, cohort=cohort)
    with_photo = enrollments["Ahmad"].certificates.get()
    without = enrollments["Budi"].certificates.get()
    assert with_photo.snapshot["photo"].startswith("data:image/jpeg;base64,")
    assert without.snapshot["photo"] is None
    assert "Pas foto 3 x 4" in pdf_pages(without)[0]  # an empty frame for a glued print
    assert "Pas foto" not in pdf_pages(with_photo)[0]
    with with_photo.pdf.open("rb") as handle:
        images = PdfReader(io.BytesIO(handle.read())).pages[0].images
    assert len(images) == 2  # the QR code and the photo


def test_many_units_continue_on_a_second_back_page(official, cohort, instructor, agency_admin):
    (certificate,) = issue(cohort, instructor, agency_admin, units=14)
    pages = pdf_pages(certificate)
    assert len(pages) == 3
    assert "DAFTAR UNIT KOMPETENSI (LANJUTAN)" in pages[2]
    codes = [unit["code"] for unit in certificate.snapshot["units"]]
    assert all(code in pages[1] for code in codes[:12])
    assert all(code in pages[2] for code in codes[12:])
    assert "Jumlah" in pages[2] and "Jumlah" not in pages[1]


def test_stored_certificates_are_pdf_a_3b(cohort, instructor, agency_admin):
    (certificate,) = issue(cohort, instructor, agency_admin)
    with certificate.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part[^0-9]{1,3}3", metadata)
    assert re.search(r"pdfaid:conformance[^A-Z]{1,3}B", metadata)
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_a_nip_is_eighteen_digits(client, agency_admin):
    client.force_login(agency_admin)
    response = client.post(
        "/instansi/sertifikat/",
        {
            "city": "Lamongan",
            "head_name": "Agus",
            "head_title": "Kepala",
            "head_nip": "1969 0917",
            "certificate_number_format": "{seq:04d}/{agency}/{year}",
        },
    )
    assert response.context["form"].errors["head_nip"] == ["NIP terdiri dari 18 angka."]


def test_a_letterhead_has_at_most_three_lines(client, agency_admin):
    client.force_login(agency_admin)
    response = client.post(
        "/instansi/sertifikat/",
        {
            "letterhead": "SATU\nDUA\nTIGA\nEMPAT",
            "city": "Lamongan",
            "head_name": "Agus",
            "head_title": "Kepala",
            "certificate_number_format": "{seq:04d}/{agency}/{year}",
        },
    )
    assert response.context["form"].errors["letterhead"] == [
        "Kop sertifikat paling banyak 3 baris."
    ]


def test_a_factory_agency_prints_its_name_under_no_letterhead(cohort, instructor, agency_admin):
    factories.ProgramFactory()  # unrelated program: the certificate names only its own
    (certificate,) = issue(cohort, instructor, agency_admin)
    assert pdf_pages(certificate)[0].startswith(cohort.agency.name.upper())


def test_a_certificate_frozen_before_the_result_line_still_prints_it(
    cohort, instructor, agency_admin
):
    (certificate,) = issue(cohort, instructor, agency_admin)
    del certificate.snapshot["result"]  # as frozen before the result was part of it
    assert documents.render_inputs(certificate, logo=None)["result"] == "K"
