"""kiosk.domain.sm2_certificate: the SM2 point from certificate DER, and what it refuses."""

from __future__ import annotations

import pytest

from kiosk.domain import sm2
from kiosk.domain.sm2_certificate import (
    Sm2CertificateError,
    public_key_point,
    public_key_point_from_tbs,
)

# id-ecPublicKey and sm2p256v1 / prime256v1, DER-encoded (RFC 5480, GM/T 0006).
EC_PUBLIC_KEY = bytes.fromhex("06072a8648ce3d0201")
SM2_CURVE = bytes.fromhex("06082a811ccf5501822d")
P256_CURVE = bytes.fromhex("06082a8648ce3d030107")


def der(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        return bytes((tag, length)) + content
    raw = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(raw))) + raw + content


def tbs(point: bytes, *, curve: bytes = SM2_CURVE, version: bool = True) -> bytes:
    """A TBSCertificate with placeholder fields before the key: the walk only counts them."""
    name = der(0x30, der(0x31, der(0x30, der(0x06, b"\x55\x04\x03") + der(0x0C, b"x"))))
    spki = der(0x30, der(0x30, EC_PUBLIC_KEY + curve) + der(0x03, b"\x00" + point))
    fields = [
        der(0x02, b"\x01"),  # serialNumber
        der(0x30, der(0x06, bytes.fromhex("2a811ccf55018375"))),  # SM2-with-SM3
        name,  # issuer
        der(0x30, der(0x17, b"260101000000Z") + der(0x17, b"270101000000Z")),
        name,  # subject
        spki,
    ]
    if version:
        fields.insert(0, der(0xA0, der(0x02, b"\x02")))
    return der(0x30, b"".join(fields))


def certificate(tbs_der: bytes) -> bytes:
    signature_algorithm = der(0x30, der(0x06, bytes.fromhex("2a811ccf55018375")))
    return der(0x30, tbs_der + signature_algorithm + der(0x03, b"\x00" + b"\x30\x00"))


POINT = sm2.public_point(sm2.generate_private_value())


@pytest.mark.parametrize("version", [True, False])
def test_point_from_tbs_and_from_the_whole_certificate(version: bool) -> None:
    body = tbs(POINT, version=version)
    assert public_key_point_from_tbs(body) == POINT
    assert public_key_point(certificate(body)) == POINT


def test_a_p256_key_is_not_an_sm2_key() -> None:
    # A real P-256 certificate from ``cryptography`` is refused in
    # tests/kiosk/devices/cards/test_taxukey_certificates.py; here the same SPKI shape.
    with pytest.raises(Sm2CertificateError, match="not an SM2 key"):
        public_key_point_from_tbs(tbs(POINT, curve=P256_CURVE))
    with pytest.raises(Sm2CertificateError, match="not an SM2 key"):
        public_key_point(certificate(tbs(POINT, curve=P256_CURVE)))


def test_a_point_off_the_curve_is_refused() -> None:
    off_curve = POINT[:-1] + bytes((POINT[-1] ^ 1,))
    with pytest.raises(Sm2CertificateError):
        public_key_point_from_tbs(tbs(off_curve))


@pytest.mark.parametrize(
    "data",
    [b"", b"\x30", b"\x30\x05\x02\x01", b"\x02\x01\x01", b"\x30\x85\x00\x00\x00\x00\x00"],
)
def test_garbage_and_truncated_der_are_refused(data: bytes) -> None:
    with pytest.raises(Sm2CertificateError):
        public_key_point(data)
    with pytest.raises(Sm2CertificateError):
        public_key_point_from_tbs(data)


def test_a_truncated_certificate_is_refused() -> None:
    whole = certificate(tbs(POINT))
    with pytest.raises(Sm2CertificateError):
        public_key_point(whole[: len(whole) // 2])
