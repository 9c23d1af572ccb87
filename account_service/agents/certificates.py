"""What the service takes from an agent certificate: serial, names, validity, SM2 key.

``cryptography`` parses SM2 certificates but refuses to build a public key for the SM2
curve (stack-notes), so the point is read from the TBS bytes by
``kiosk.domain.sm2_certificate``, shared with the kiosk. The certificate's own signature is
not checked here: the login trusts only the public key registered for the agent
(``AgentCertificate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cryptography import x509

from kiosk.domain.sm2_certificate import Sm2CertificateError, public_key_point_from_tbs


class CertificateFormatError(Sm2CertificateError):
    """Not a DER/PEM X.509 certificate with an SM2 public key."""


@dataclass(frozen=True, slots=True)
class ParsedCertificate:
    serial: str  # lower-case hex, the key the service finds the record by
    subject: str
    issuer: str
    public_key: bytes  # 04‖X‖Y
    not_before: datetime
    not_after: datetime


def serial_hex(serial_number: int) -> str:
    return format(serial_number, "x")


def sm2_point_from_tbs(tbs: bytes) -> bytes:
    """The SM2 point of the TBSCertificate's subjectPublicKeyInfo (RFC 5280 §4.1)."""
    try:
        return public_key_point_from_tbs(tbs)
    except Sm2CertificateError as exc:
        raise CertificateFormatError(str(exc)) from exc


def parse_certificate(data: bytes) -> ParsedCertificate:
    """DER or PEM; raises ``CertificateFormatError`` for anything else."""
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            certificate = x509.load_pem_x509_certificate(data)
        else:
            certificate = x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise CertificateFormatError("not an X.509 certificate") from exc
    return ParsedCertificate(
        serial=serial_hex(certificate.serial_number),
        subject=certificate.subject.rfc4514_string(),
        issuer=certificate.issuer.rfc4514_string(),
        public_key=sm2_point_from_tbs(certificate.tbs_certificate_bytes),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
    )
