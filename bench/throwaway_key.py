"""A throwaway signing key for the benchmarks: made on the spot, never kept."""

import datetime as dt
import os
import secrets

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


def pkcs12_file(folder: str) -> tuple[str, str]:
    """Write a new self-signed RSA-2048 key and certificate as PKCS#12 into ``folder``.

    Returns the file's path and its (random) passphrase.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bench Signer")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder(name, name, key.public_key(), x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    passphrase = secrets.token_urlsafe()
    encryption = serialization.BestAvailableEncryption(passphrase.encode())
    path = os.path.join(folder, "bench-signer.p12")
    with open(path, "wb") as handle:
        handle.write(
            pkcs12.serialize_key_and_certificates(b"b", key, certificate, None, encryption)
        )
    os.chmod(path, 0o600)
    return path, passphrase
