"""What the service takes from an agent certificate: serial, names, validity, SM2 key.

``cryptography`` parses SM2 certificates but refuses to build a public key for the SM2
curve (stack-notes), so the point is read from the SubjectPublicKeyInfo in the TBS bytes
with a minimal DER walk. The certificate's own signature is not checked here: the login
trusts only the public key registered for the agent (``AgentCertificate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cryptography import x509

from kiosk.domain.sm2 import decode_point

# 1.2.840.10045.2.1 id-ecPublicKey and 1.2.156.10197.1.301 sm2p256v1, DER-encoded.
_EC_PUBLIC_KEY_OID = bytes.fromhex("06072a8648ce3d0201")
_SM2_CURVE_OID = bytes.fromhex("06082a811ccf5501822d")
_SEQUENCE = 0x30
_BIT_STRING = 0x03
_CONTEXT_0 = 0xA0


class CertificateFormatError(ValueError):
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


def _tlv(data: bytes, offset: int) -> tuple[int, int, int]:
    """(tag, start of value, end of value) of the DER element at ``offset``."""
    if offset + 2 > len(data):
        raise CertificateFormatError("truncated DER")
    tag, first = data[offset], data[offset + 1]
    offset += 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or offset + count > len(data):
            raise CertificateFormatError("bad DER length")
        length = int.from_bytes(data[offset : offset + count], "big")
        offset += count
    if offset + length > len(data):
        raise CertificateFormatError("truncated DER")
    return tag, offset, offset + length


def sm2_point_from_tbs(tbs: bytes) -> bytes:
    """The SM2 point of the TBSCertificate's subjectPublicKeyInfo (RFC 5280 §4.1)."""
    tag, start, end = _tlv(tbs, 0)
    if tag != _SEQUENCE:
        raise CertificateFormatError("TBSCertificate is not a SEQUENCE")
    position = start
    tag, _, after = _tlv(tbs, position)
    if tag == _CONTEXT_0:  # [0] version
        position = after
    # serialNumber, signature, issuer, validity, subject: skip five elements.
    for _ in range(5):
        _, _, position = _tlv(tbs, position)
    tag, spki_start, spki_end = _tlv(tbs, position)
    if tag != _SEQUENCE or spki_end > end:
        raise CertificateFormatError("no subjectPublicKeyInfo")
    tag, algorithm_start, algorithm_end = _tlv(tbs, spki_start)
    algorithm = tbs[algorithm_start:algorithm_end]
    if tag != _SEQUENCE or algorithm != _EC_PUBLIC_KEY_OID + _SM2_CURVE_OID:
        raise CertificateFormatError("the public key is not an SM2 key")
    tag, bits_start, bits_end = _tlv(tbs, algorithm_end)
    if tag != _BIT_STRING or bits_end - bits_start < 2 or tbs[bits_start] != 0:
        raise CertificateFormatError("bad public key BIT STRING")
    point = tbs[bits_start + 1 : bits_end]
    try:
        decode_point(point)
    except ValueError as exc:
        raise CertificateFormatError(str(exc)) from exc
    return point


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
