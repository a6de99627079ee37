"""A throwaway public-key infrastructure for the signing tests, made with ``cryptography``.

A CA, the certificates it issues, their PKCS#12 export, and an RFC 3161 timestamp server on the
loopback address answering with pyHanko's test TSA: nothing read from the repository, nothing
sent off the machine.
"""

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator import ValidationContext

PASSPHRASE = "kata-sandi-uji"


def name(common_name: str) -> x509.Name:
    """Return a distinguished name of the test CA's organisation."""
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CA Uji Coba"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def key_usage(**allowed: bool) -> x509.KeyUsage:
    """Return a KeyUsage extension allowing only the named uses."""
    flags = dict.fromkeys(
        (
            "digital_signature",
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
            "encipher_only",
            "decipher_only",
        ),
        False,
    )
    return x509.KeyUsage(**{**flags, **allowed})


@dataclass
class Pki:
    """A root CA (key and certificate) that issues the tests' certificates."""

    ca_key: rsa.RSAPrivateKey
    ca: x509.Certificate

    def issue(
        self,
        common_name: str,
        *,
        usage: x509.KeyUsage | None = None,
        valid_from: timedelta = timedelta(days=-1),
        valid_for: timedelta = timedelta(days=365),
        timestamping: bool = False,
    ) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
        """Return a new key and its certificate signed by this CA."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        start = datetime.now(UTC) + valid_from
        builder = (
            x509.CertificateBuilder()
            .subject_name(name(common_name))
            .issuer_name(self.ca.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + valid_for)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                usage or key_usage(digital_signature=True, content_commitment=True), critical=True
            )
        )
        if timestamping:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
            )
        return key, builder.sign(self.ca_key, hashes.SHA256())

    def pkcs12(self, key, certificate, passphrase: str = PASSPHRASE) -> bytes:
        """Export a key, its certificate and this CA as a passphrase-protected PKCS#12."""
        return pkcs12.serialize_key_and_certificates(
            b"penandatangan",
            key,
            certificate,
            [self.ca],
            serialization.BestAvailableEncryption(passphrase.encode()),
        )

    def trust(self) -> ValidationContext:
        """Return a validation context that trusts this CA and nothing else."""
        return ValidationContext(trust_roots=[asn1(self.ca)])


def asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    """Return a certificate in the form pyHanko works with."""
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def make_pki() -> Pki:
    """Return a new root CA, valid for ten years."""
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.now(UTC)
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("CA Uji Coba Root"))
        .issuer_name(name("CA Uji Coba Root"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    return Pki(ca_key=ca_key, ca=ca)


def write_pkcs12(directory: Path, content: bytes) -> Path:
    """Store a PKCS#12 file the way an agency should: readable by its owner only."""
    path = directory / "penandatangan.p12"
    path.write_bytes(content)
    path.chmod(0o600)
    return path


class _TimestampAuthority(BaseHTTPRequestHandler):
    """An RFC 3161 server on the loopback address, answering with pyHanko's test TSA."""

    def do_POST(self):
        request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
        body = self.server.tsa.request_tsa_response(request).dump()
        self.server.requests += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class TimestampServer:
    """Serve timestamps signed by a TSA certificate of ``pki`` while the ``with`` block runs."""

    def __init__(self, pki: Pki):
        key, certificate = pki.issue(
            "TSA Uji Coba", usage=key_usage(digital_signature=True), timestamping=True
        )
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _TimestampAuthority)
        self.server.requests = 0
        self.server.tsa = DummyTimeStamper(
            tsa_cert=asn1(certificate),
            tsa_key=asn1_keys.PrivateKeyInfo.load(
                key.private_bytes(
                    serialization.Encoding.DER,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            ),
        )
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def requests(self) -> int:
        return self.server.requests

    def __enter__(self) -> "TimestampServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()
