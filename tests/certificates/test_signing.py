"""Certificate and ceremony PDFs carry a PAdES signature when a key is configured.

The key, its CA and a timestamp server are made for the tests (``tests.certificates.pki``);
stored PDFs are checked with pyHanko's own validator against that CA.
"""

import asyncio
import hashlib
import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pypdf import PdfReader

from certificates import checks, services, signing
from certificates.models import Certificate
from tests.certificates.helpers import closed_cohort
from tests.certificates.pki import (
    PASSPHRASE,
    Pki,
    TimestampServer,
    key_usage,
    make_pki,
    write_pkcs12,
)
from tests.helpers import after_commit

pytestmark = pytest.mark.django_db

SIGNED_LINE = "Dokumen ini ditandatangani secara elektronik"


# --- the agency's key -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.fixture(scope="module")
def agency_key(pki):
    return pki.issue("Dinas Tenaga Kerja Kabupaten Uji")


@pytest.fixture
def signing_key(settings, tmp_path, pki, agency_key) -> Path:
    """Configure the agency's key; the signer is built again from these settings."""
    path = write_pkcs12(tmp_path, pki.pkcs12(*agency_key))
    settings.PDF_SIGNING_PKCS12 = str(path)
    settings.PDF_SIGNING_PASSPHRASE = PASSPHRASE
    settings.PDF_SIGNING_TSA_URL = ""
    return path


# --- reading the stored files -----------------------------------------------------------------


def stored(obj) -> bytes:
    obj.refresh_from_db()
    with obj.pdf.open("rb") as handle:
        return handle.read()


def embedded_signatures(content: bytes):
    return PdfFileReader(io.BytesIO(content)).embedded_signatures


def validate(content: bytes, pki: Pki):
    (signature,) = embedded_signatures(content)
    context = pki.trust()
    return validate_pdf_signature(
        signature, signer_validation_context=context, ts_validation_context=context
    )


def first_page_text(content: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(content)).pages[0].extract_text().split())


def issue(cohort, instructor, agency_admin, names=("Ahmad Fauzi",)) -> list[Certificate]:
    """Issue certificates to ``names`` and let the rendering run after the commit."""
    closed_cohort(cohort=cohort, instructor=instructor, names=list(names), units=1)
    with after_commit():
        return services.certificates_issue(actor=agency_admin, cohort=cohort)


# --- signing ----------------------------------------------------------------------------------


def test_a_stored_certificate_carries_a_valid_pades_signature_over_the_whole_file(
    signing_key, pki, cohort, instructor, agency_admin
):
    (certificate,) = issue(cohort, instructor, agency_admin)
    content = stored(certificate)
    assert certificate.pdf_sha256 == hashlib.sha256(content).hexdigest()

    status = validate(content, pki)
    assert status.intact is True
    assert status.valid is True
    assert status.trusted is True
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.bottom_line is True
    assert status.md_algorithm == "sha256"
    assert status.timestamp_validity is None  # PAdES B-B: no timestamp server configured
    (signature,) = embedded_signatures(content)
    assert signature.field_name == signing.SIGNATURE_FIELD
    assert signature.sig_object["/SubFilter"] == SigSeedSubFilter.PADES.value
    assert signature.sig_object["/Reason"] == "Sertifikat diterbitkan secara elektronik"
    signed_attributes = {attr["type"].native for attr in signature.signer_info["signed_attrs"]}
    assert "signing_certificate_v2" in signed_attributes  # what PAdES requires of B-B
    assert status.signing_cert.subject.native["common_name"] == "Dinas Tenaga Kerja Kabupaten Uji"

    # The certificate itself says so, in one line beside the QR code.
    text = first_page_text(content)
    assert (
        "Dokumen ini ditandatangani secara elektronik; keasliannya juga dapat diperiksa pada "
        "panel tanda tangan pembaca PDF." in text
    )


def test_one_changed_byte_breaks_the_signature(signing_key, pki, cohort, instructor, agency_admin):
    (certificate,) = issue(cohort, instructor, agency_admin)
    content = stored(certificate)
    (signature,) = embedded_signatures(content)
    first_part_end = signature.sig_object["/ByteRange"][1]
    # A byte of a compressed content stream: the file still opens, its content changed.
    position = content.index(b"stream", len(content) // 3) + 40
    assert position < first_part_end
    tampered = content[:position] + bytes([content[position] ^ 0x01]) + content[position + 1 :]

    status = validate(tampered, pki)
    assert status.intact is False
    assert status.bottom_line is False
    assert hashlib.sha256(tampered).hexdigest() != certificate.pdf_sha256


def test_without_a_key_pdfs_are_stored_unsigned(cohort, instructor, agency_admin, settings):
    assert settings.PDF_SIGNING_PKCS12 == ""
    (certificate,) = issue(cohort, instructor, agency_admin)
    content = stored(certificate)
    assert signing.get_signer().signs is False
    assert embedded_signatures(content) == []
    assert SIGNED_LINE not in first_page_text(content)
    assert certificate.pdf_sha256 == hashlib.sha256(content).hexdigest()


def test_a_ceremony_pdf_is_signed_once_as_a_whole(
    signing_key, pki, cohort, instructor, agency_admin
):
    issued = issue(cohort, instructor, agency_admin, names=["Ahmad", "Budi"])
    with after_commit():
        ceremony = services.ceremony_create(
            actor=agency_admin, cohort=cohort, date=date(2026, 9, 30), place="Aula Lapas"
        )
    combined = stored(ceremony)
    assert ceremony.pdf_sha256 == hashlib.sha256(combined).hexdigest()
    assert len(PdfReader(io.BytesIO(combined)).pages) == 2 * 2 + 1
    # One signature over the whole file: the certificates' own ones are not carried along
    # (joined into another file, they would show as broken).
    status = validate(combined, pki)
    assert status.bottom_line is True
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    # ... and the certificates' stored files keep theirs.
    for certificate in issued:
        assert validate(stored(certificate), pki).bottom_line is True


@pytest.fixture
def tsa_server(pki):
    with TimestampServer(pki) as server:
        yield server


def test_with_a_timestamp_server_the_signature_carries_a_trusted_time(
    signing_key, pki, tsa_server, settings, cohort, instructor, agency_admin
):
    settings.PDF_SIGNING_TSA_URL = tsa_server.url
    assert signing.get_signer().level == "PAdES B-T"
    (certificate,) = issue(cohort, instructor, agency_admin)
    status = validate(stored(certificate), pki)
    assert status.bottom_line is True
    assert status.timestamp_validity is not None
    assert status.timestamp_validity.intact is True
    assert status.timestamp_validity.valid is True
    assert status.timestamp_validity.trusted is True
    assert tsa_server.requests >= 1


def test_the_key_is_read_once_per_process(signing_key, pki, cohort, instructor, agency_admin):
    signer = signing.get_signer()
    signing_key.unlink()  # gone from disk: rendering must not need it again
    issued = issue(cohort, instructor, agency_admin, names=["Ahmad", "Budi"])
    assert signing.get_signer() is signer
    for certificate in issued:
        assert validate(stored(certificate), pki).bottom_line is True


def test_signing_works_in_a_thread_that_runs_an_event_loop(
    signing_key, pki, cohort, instructor, agency_admin
):
    (certificate,) = issue(cohort, instructor, agency_admin)
    rendered = signing.rendered_revision(stored(certificate))
    assert embedded_signatures(rendered) == []

    async def sign_in_async_code() -> bytes:
        return signing.get_signer().sign(rendered)

    signed = asyncio.run(sign_in_async_code())
    assert signed.startswith(rendered)
    assert validate(signed, pki).bottom_line is True


class RecordingSigner:
    """A stand-in for a remote signing service behind ``PDF_SIGNER``."""

    signs = True

    def __init__(self):
        self.received: list[bytes] = []

    def sign(self, pdf_bytes: bytes) -> bytes:
        self.received.append(pdf_bytes)
        return pdf_bytes + b"%remote-signature\n"


def test_another_signer_replaces_the_local_key_through_a_setting(
    settings, cohort, instructor, agency_admin
):
    settings.PDF_SIGNER = f"{__name__}.RecordingSigner"
    (certificate,) = issue(cohort, instructor, agency_admin)
    signer = signing.get_signer()
    content = stored(certificate)
    assert isinstance(signer, RecordingSigner)
    assert signer.received == [content.removesuffix(b"%remote-signature\n")]
    assert content.endswith(b"%remote-signature\n")
    assert certificate.pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert SIGNED_LINE in first_page_text(content)


# --- a key that cannot sign stops the start ---------------------------------------------------


def test_a_wrong_passphrase_fails_loudly_and_stores_nothing(
    signing_key, settings, cohort, instructor, agency_admin
):
    settings.PDF_SIGNING_PASSPHRASE = "salah"
    message = (
        f"PDF_SIGNING_PKCS12 = '{signing_key}' cannot be opened: the passphrase "
        "(PDF_SIGNING_PASSPHRASE) is wrong or the file is not a PKCS#12 archive."
    )
    with pytest.raises(ImproperlyConfigured) as raised:
        signing.get_signer()
    assert str(raised.value) == message

    (error,) = checks.check_pdf_signing(None)
    assert error.id == "certificates.E001"
    assert error.msg == f"Certificate PDFs cannot be signed: {message}"
    with pytest.raises(SystemCheckError) as raised:
        call_command("check", deploy=True)
    assert f"(certificates.E001) Certificate PDFs cannot be signed: {message}" in str(raised.value)

    closed_cohort(cohort=cohort, instructor=instructor, names=["Ahmad"])
    (certificate,) = services.certificates_issue(actor=agency_admin, cohort=cohort)
    with pytest.raises(ImproperlyConfigured):
        services.render_certificates([certificate.pk])
    certificate.refresh_from_db()
    assert certificate.pdf == ""  # never an unsigned file in place of a signed one


def test_the_passphrase_may_come_from_a_secret_file(signing_key, settings, tmp_path):
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE + "\n")
    settings.PDF_SIGNING_PASSPHRASE = ""
    settings.PDF_SIGNING_PASSPHRASE_FILE = str(secret)
    assert signing.get_signer().signs is True
    assert checks.check_pdf_signing(None) == []


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("missing", "PDF_SIGNING_PKCS12 = '{path}' cannot be read: No such file or directory."),
        (
            "not pkcs12",
            "PDF_SIGNING_PKCS12 = '{path}' cannot be opened: the passphrase "
            "(PDF_SIGNING_PASSPHRASE) is wrong or the file is not a PKCS#12 archive.",
        ),
        (
            "expired",
            "The signing certificate in '{path}' (CN=Kedaluwarsa,O=CA Uji Coba,C=ID) is "
            "valid from {start} to {end}, not today.",
        ),
        (
            "encryption key",
            "The certificate in '{path}' may not sign documents: its key usage allows "
            "neither digitalSignature nor nonRepudiation.",
        ),
    ],
)
def test_a_key_that_cannot_sign_is_reported_by_the_system_check(
    settings, tmp_path, pki, case, message
):
    content, dates = b"bukan PKCS#12", {}
    if case == "expired":
        key, certificate = pki.issue("Kedaluwarsa", valid_from=timedelta(days=-400))
        content = pki.pkcs12(key, certificate)
        dates = {
            "start": f"{certificate.not_valid_before_utc:%Y-%m-%d}",
            "end": f"{certificate.not_valid_after_utc:%Y-%m-%d}",
        }
    elif case == "encryption key":
        content = pki.pkcs12(*pki.issue("Enkripsi", usage=key_usage(key_encipherment=True)))
    path = write_pkcs12(tmp_path, content)
    if case == "missing":
        path.unlink()
    settings.PDF_SIGNING_PKCS12 = str(path)
    settings.PDF_SIGNING_PASSPHRASE = PASSPHRASE
    (error,) = checks.check_pdf_signing(None)
    assert error.id == "certificates.E001"
    expected = message.format(path=path, **dates)
    assert error.msg == f"Certificate PDFs cannot be signed: {expected}"


def test_a_certificate_about_to_expire_is_a_warning(settings, tmp_path, pki):
    key, certificate = pki.issue("Segera Berakhir", valid_for=timedelta(days=11))
    settings.PDF_SIGNING_PKCS12 = str(write_pkcs12(tmp_path, pki.pkcs12(key, certificate)))
    settings.PDF_SIGNING_PASSPHRASE = PASSPHRASE
    (warning,) = checks.check_pdf_signing(None)
    assert warning.id == "certificates.W002"
    assert warning.msg == (
        "The PDF signing certificate (CN=Segera Berakhir,O=CA Uji Coba,C=ID) expires on "
        f"{certificate.not_valid_after_utc:%Y-%m-%d}."
    )


# --- the verification page --------------------------------------------------------------------

FINGERPRINT = re.compile(r'<code [^>]*id="verify-sha256">([0-9a-f]{64})</code>')


def test_the_verification_page_shows_the_stored_file_s_fingerprint(
    signing_key, client, cohort, instructor, agency_admin
):
    (certificate,) = issue(cohort, instructor, agency_admin)
    body = client.get(reverse("certificates:verify", args=[certificate.verification_code]))
    page = body.content.decode()
    assert FINGERPRINT.findall(page) == [hashlib.sha256(stored(certificate)).hexdigest()]
    assert "Sidik jari berkas (SHA-256)" in page
    assert "sha256sum" in page


def test_a_revoked_or_unrendered_certificate_shows_no_fingerprint(
    client, cohort, instructor, agency_admin
):
    revoked, unrendered = issue(cohort, instructor, agency_admin, names=["Ahmad", "Budi"])
    stored(revoked)
    sha256 = revoked.pdf_sha256
    assert len(sha256) == 64  # it has its file: the page could show the fingerprint
    services.certificate_revoke(actor=agency_admin, certificate=revoked, reason="Salah cetak")
    page = client.get(reverse("certificates:verify", args=[revoked.verification_code]))
    body = page.content.decode()
    assert 'id="verify-status">✕ Sertifikat ini telah dicabut</div>' in body
    assert "verify-fingerprint" not in body and sha256 not in body

    # Valid, but its PDF not stored yet: nothing to compare with.
    Certificate.objects.filter(pk=unrendered.pk).update(pdf="", pdf_sha256="")
    page = client.get(reverse("certificates:verify", args=[unrendered.verification_code]))
    assert 'id="verify-status">✓ Sertifikat ini sah</div>' in page.content.decode()
    assert "verify-fingerprint" not in page.content.decode()
