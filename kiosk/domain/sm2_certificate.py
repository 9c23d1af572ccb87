"""The SM2 public key of an X.509 certificate, read with a minimal DER walk.

``cryptography`` parses SM2 certificates (names, serial, validity) but refuses to build a
public key for the SM2 curve (stack-notes), so the 65-byte point is taken from the
SubjectPublicKeyInfo here. Both the kiosk (certificate screen, agent login) and the account
service (agent certificates on record) read keys this way, and the service may import only
``kiosk.domain``. Pure: bytes in, bytes out; the certificate's own signature is not checked.
"""

from __future__ import annotations

from kiosk.domain.sm2 import decode_point

OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1"  # id-ecPublicKey (RFC 5480)
OID_SM2_CURVE = "1.2.156.10197.1.301"  # sm2p256v1 (GM/T 0006)
OID_SM2_WITH_SM3 = "1.2.156.10197.1.501"  # SM2-with-SM3 signatures

# The content of an SM2 key's AlgorithmIdentifier: the first two OIDs above, DER-encoded.
_DER_EC_PUBLIC_KEY = bytes.fromhex("06072a8648ce3d0201")
_DER_SM2_CURVE = bytes.fromhex("06082a811ccf5501822d")
_SM2_KEY_ALGORITHM = _DER_EC_PUBLIC_KEY + _DER_SM2_CURVE
_SEQUENCE = 0x30
_BIT_STRING = 0x03
_CONTEXT_0 = 0xA0
# serialNumber, signature, issuer, validity, subject: the TBS fields before the key.
_FIELDS_BEFORE_KEY = 5


class Sm2CertificateError(ValueError):
    """Not DER, or not a certificate whose subject key is an SM2 key."""


def _tlv(data: bytes, offset: int) -> tuple[int, int, int]:
    """(tag, start of value, end of value) of the DER element at ``offset``."""
    if offset + 2 > len(data):
        raise Sm2CertificateError("truncated DER")
    tag, first = data[offset], data[offset + 1]
    offset += 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or offset + count > len(data):
            raise Sm2CertificateError("bad DER length")
        length = int.from_bytes(data[offset : offset + count], "big")
        offset += count
    if offset + length > len(data):
        raise Sm2CertificateError("truncated DER")
    return tag, offset, offset + length


def public_key_point_from_tbs(tbs: bytes) -> bytes:
    """The SM2 point (04‖X‖Y) of a TBSCertificate's subjectPublicKeyInfo (RFC 5280 §4.1)."""
    tag, start, end = _tlv(tbs, 0)
    if tag != _SEQUENCE:
        raise Sm2CertificateError("TBSCertificate is not a SEQUENCE")
    position = start
    tag, _, after = _tlv(tbs, position)
    if tag == _CONTEXT_0:  # [0] version
        position = after
    for _ in range(_FIELDS_BEFORE_KEY):
        _, _, position = _tlv(tbs, position)
    tag, spki_start, spki_end = _tlv(tbs, position)
    if tag != _SEQUENCE or spki_end > end:
        raise Sm2CertificateError("no subjectPublicKeyInfo")
    tag, algorithm_start, algorithm_end = _tlv(tbs, spki_start)
    if tag != _SEQUENCE or tbs[algorithm_start:algorithm_end] != _SM2_KEY_ALGORITHM:
        raise Sm2CertificateError("the public key is not an SM2 key")
    tag, bits_start, bits_end = _tlv(tbs, algorithm_end)
    if tag != _BIT_STRING or bits_end > spki_end or bits_end - bits_start < 2:
        raise Sm2CertificateError("bad public key BIT STRING")
    if tbs[bits_start] != 0:  # unused bits: a point is whole bytes
        raise Sm2CertificateError("bad public key BIT STRING")
    point = tbs[bits_start + 1 : bits_end]
    try:
        decode_point(point)
    except ValueError as error:
        raise Sm2CertificateError(str(error)) from error
    return point


def public_key_point(certificate_der: bytes) -> bytes:
    """The SM2 point (04‖X‖Y) of a DER certificate: its first element is the TBSCertificate."""
    tag, start, end = _tlv(certificate_der, 0)
    if tag != _SEQUENCE:
        raise Sm2CertificateError("the certificate is not a SEQUENCE")
    tag, _, tbs_end = _tlv(certificate_der, start)
    if tag != _SEQUENCE or tbs_end > end:
        raise Sm2CertificateError("no TBSCertificate")
    return public_key_point_from_tbs(certificate_der[start:tbs_end])
