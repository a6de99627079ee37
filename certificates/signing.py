"""Electronic signatures on the stored PDFs: one small interface, a local key behind it.

The rendering service hands every certificate and ceremony PDF to ``get_signer().sign()``
right before storing it, so the stored SHA-256 is that of the signed file. ``PDF_SIGNER``
names the signer class; left empty, a PKCS#12 key in ``PDF_SIGNING_PKCS12`` signs here
(PAdES B-B, or B-T with ``PDF_SIGNING_TSA_URL``), and without a key nothing is signed. The
signer is built once per process; a key that cannot be used stops the start with a clear
message (``certificates.checks``) rather than failing the first rendering.
"""

import asyncio
import functools
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter
from pyhanko.sign import signers, timestamps
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

LOCAL_SIGNER = "certificates.signing.LocalPkcs12Signer"
NULL_SIGNER = "certificates.signing.NullSigner"
# The (invisible) signature field's name, shown in a PDF reader's signature panel.
SIGNATURE_FIELD = "TandaTanganElektronik"
# The timestamp server must answer within this many seconds, or the rendering fails (and is
# retried by the task queue) rather than storing a signature without its time.
TSA_TIMEOUT_SECONDS = 10


class Signer(Protocol):
    """Whatever signs a finished PDF: the local key here, a remote signing service elsewhere.

    ``PDF_SIGNER`` names a class built once per process without arguments (it reads its own
    settings); its ``sign`` gets the complete PDF and returns the complete signed PDF.
    """

    # Whether ``sign`` puts a signature on the document (the certificate then says so).
    signs: bool

    def sign(self, pdf_bytes: bytes) -> bytes:
        """Return ``pdf_bytes`` with a signature added."""
        ...


class NullSigner:
    """Sign nothing: the PDFs are stored as rendered."""

    signs = False

    def sign(self, pdf_bytes: bytes) -> bytes:
        """Return the PDF unchanged."""
        return pdf_bytes


class LocalPkcs12Signer:
    """Sign with a key and certificate chain exported as PKCS#12 (a ``.p12``/``.pfx`` file).

    Arguments left out come from the settings (``PDF_SIGNING_*``). The file is read once,
    here; every problem with it raises ImproperlyConfigured naming the setting to fix.
    """

    signs = True

    def __init__(
        self,
        *,
        pkcs12_path: str | None = None,
        passphrase: str | None = None,
        tsa_url: str | None = None,
        reason: str | None = None,
        location: str | None = None,
        timestamper: timestamps.TimeStamper | None = None,
    ):
        path = settings.PDF_SIGNING_PKCS12 if pkcs12_path is None else pkcs12_path
        if passphrase is None:
            passphrase = _passphrase_from_settings()
        self._cms_signer, self.certificate = _load_pkcs12(path, passphrase)
        tsa_url = settings.PDF_SIGNING_TSA_URL if tsa_url is None else tsa_url
        self._timestamper = timestamper or (_http_timestamper(tsa_url) if tsa_url else None)
        self._metadata = signers.PdfSignatureMetadata(
            field_name=SIGNATURE_FIELD,
            md_algorithm="sha256",
            subfilter=SigSeedSubFilter.PADES,
            reason=(settings.PDF_SIGNING_REASON if reason is None else reason) or None,
            location=(settings.PDF_SIGNING_LOCATION if location is None else location) or None,
        )
        # pyHanko sizes the signature by making a trial one for every document. Without a
        # timestamp every signature of this key has the same size: measure it once, on a blank
        # page, which also proves at start-up that the key signs.
        self._bytes_reserved = None
        if self._timestamper is None:
            try:
                blank = self.sign(_blank_pdf())
            except Exception as exc:
                raise ImproperlyConfigured(f"The key in {path!r} cannot sign: {exc}") from exc
            signature = PdfFileReader(io.BytesIO(blank)).embedded_signatures[0]
            self._bytes_reserved = 2 * len(signature.sig_object["/Contents"])

    @property
    def level(self) -> str:
        """Return the PAdES baseline level of the signatures made: B-T with a timestamp."""
        return "PAdES B-T" if self._timestamper else "PAdES B-B"

    def sign(self, pdf_bytes: bytes) -> bytes:
        """Return the PDF with an invisible PAdES signature appended as an incremental update."""

        def work() -> bytes:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
            pdf_signer = signers.PdfSigner(
                self._metadata, signer=self._cms_signer, timestamper=self._timestamper
            )
            return pdf_signer.sign_pdf(writer, bytes_reserved=self._bytes_reserved).getvalue()

        return _outside_event_loop(work)


def _load_pkcs12(path: str, passphrase: str):
    """Return pyHanko's signer for a PKCS#12 file and its certificate; raise what is wrong."""
    if not path:
        raise ImproperlyConfigured(
            "PDF_SIGNER is the local PKCS#12 signer but PDF_SIGNING_PKCS12 is not set."
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"PDF_SIGNING_PKCS12 = {path!r} cannot be read: {exc.strerror}."
        ) from exc
    secret = passphrase.encode() if passphrase else None
    key, certificate = _check_pkcs12(data, secret, path)
    # pyHanko's load_pkcs12() logs and returns None on any failure; reading the file here
    # and calling load_pkcs12_data() keeps the reason for the error messages above.
    loaded = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=secret)
    cms_signer = _ParsedKeySigner(
        key,
        signing_cert=loaded.signing_cert,
        signing_key=loaded.signing_key,
        cert_registry=loaded.cert_registry,
    )
    return cms_signer, certificate


def _http_timestamper(url: str) -> timestamps.HTTPTimeStamper:
    """Return the client of an RFC 3161 timestamp server."""
    if not url.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"PDF_SIGNING_TSA_URL must be an http(s) address, not {url!r}.")
    return timestamps.HTTPTimeStamper(url, timeout=TSA_TIMEOUT_SECONDS)


def _blank_pdf() -> bytes:
    """Return a PDF of one empty page."""
    writer = PdfFileWriter()
    contents = writer.add_object(generic.StreamObject(stream_data=b""))
    writer.insert_page(PageObject(contents=contents, media_box=(0, 0, 595.28, 841.89)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _passphrase_from_settings() -> str:
    """Return the PKCS#12 passphrase: from the file a secret store mounts, or the environment."""
    path = settings.PDF_SIGNING_PASSPHRASE_FILE
    if not path:
        return settings.PDF_SIGNING_PASSPHRASE
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read().rstrip("\r\n")
    except OSError as exc:
        raise ImproperlyConfigured(
            f"PDF_SIGNING_PASSPHRASE_FILE = {path!r} cannot be read: {exc.strerror}."
        ) from exc


def _check_pkcs12(data: bytes, passphrase: bytes | None, path: str):
    """Return the key and certificate of a PKCS#12 archive that can sign today, or raise."""
    try:
        key, certificate, _chain = pkcs12.load_key_and_certificates(data, passphrase)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            f"PDF_SIGNING_PKCS12 = {path!r} cannot be opened: the passphrase "
            "(PDF_SIGNING_PASSPHRASE) is wrong or the file is not a PKCS#12 archive."
        ) from exc
    if key is None or certificate is None:
        raise ImproperlyConfigured(
            f"PDF_SIGNING_PKCS12 = {path!r} must hold a private key with its certificate."
        )
    now = datetime.now(UTC)
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        raise ImproperlyConfigured(
            f"The signing certificate in {path!r} ({certificate.subject.rfc4514_string()}) is "
            f"valid from {certificate.not_valid_before_utc:%Y-%m-%d} to "
            f"{certificate.not_valid_after_utc:%Y-%m-%d}, not today."
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not (usage.digital_signature or usage.content_commitment):
        raise ImproperlyConfigured(
            f"The certificate in {path!r} may not sign documents: its key usage allows "
            "neither digitalSignature nor nonRepudiation."
        )
    return key, certificate


class _ParsedKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner with the private key parsed once, not for every signature.

    SimpleSigner loads the key from its DER form each time it signs (twice a PDF when it
    makes a trial signature to size the real one); loading and checking an RSA key costs
    about 40 ms, three times the rest of the signature.
    """

    def __init__(self, private_key, **kwargs):
        super().__init__(**kwargs)
        self._private_key = private_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
        key = self._private_key
        if mechanism == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
            return key.sign(data, PKCS1v15(), hash_algorithm)
        if mechanism == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
            return key.sign(data, ECDSA(hash_algorithm))
        return super().sign_raw(data, digest_algorithm)  # the rarer kinds, the slow way


def _outside_event_loop(work):
    """Run ``work()``, in a thread of its own when this one runs an event loop.

    pyHanko's synchronous API runs its asynchronous one with ``asyncio.run()``, which cannot
    be called from a thread that already runs an event loop.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


@functools.cache
def get_signer() -> Signer:
    """Return this process's signer, built from the settings on first use."""
    path = settings.PDF_SIGNER or (LOCAL_SIGNER if settings.PDF_SIGNING_PKCS12 else NULL_SIGNER)
    try:
        factory = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"PDF_SIGNER = {path!r} cannot be imported: {exc}") from exc
    return factory()


@receiver(setting_changed)
def _forget_signer(*, setting: str, **kwargs) -> None:
    """Build the signer again when a test changes its settings."""
    if setting.startswith("PDF_SIGN"):
        get_signer.cache_clear()


def rendered_revision(pdf_bytes: bytes) -> bytes:
    """Return the first revision of a PDF: the document as rendered, before any signature.

    A signature is appended to the document it signs (an incremental update), so the
    rendered document is the beginning of the file. Joined into another PDF a signature
    cannot hold (readers would show it as broken): a ceremony PDF joins its certificates'
    rendered revisions and is signed as a whole.
    """
    xrefs = PdfFileReader(io.BytesIO(pdf_bytes)).xrefs
    if xrefs.total_revisions == 1:
        return pdf_bytes
    end = pdf_bytes.index(b"%%EOF", xrefs.get_xref_container_info(0).end_location) + len(b"%%EOF")
    while pdf_bytes[end : end + 1] in (b"\r", b"\n"):
        end += 1
    return pdf_bytes[:end]
