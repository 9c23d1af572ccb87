"""SM2 (kiosk.domain.sm2): the standard's known answer and interop with Tongsuo both ways."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from tongsuopy.crypto import hashes as tongsuo_hashes  # type: ignore[import-untyped]
from tongsuopy.crypto import serialization as tongsuo_serialization
from tongsuopy.crypto.asymciphers import ec as tongsuo_ec  # type: ignore[import-untyped]
from tongsuopy.crypto.exceptions import (  # type: ignore[import-untyped]
    InvalidSignature as TongsuoInvalidSignature,
)

from kiosk.domain import sm2

# GM/T 0003.5-2012 Annex A.2 (the recommended curve), as reproduced by GmSSL's examples:
# ID = the default "1234567812345678", M = "message digest", fixed k.
ANNEX_D = 0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8
ANNEX_PUBLIC = bytes.fromhex(
    "04"
    "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
    "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13"
)
ANNEX_K = 0x59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21
ANNEX_E = bytes.fromhex("F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640")
ANNEX_R = 0xF5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3
ANNEX_S = 0xB1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA
MESSAGE = b"message digest"


def _tongsuo_key() -> tuple[tongsuo_ec.EllipticCurvePrivateKey, bytes]:
    key = tongsuo_ec.generate_private_key(tongsuo_ec.SM2())
    point = key.public_key().public_bytes(
        tongsuo_serialization.Encoding.X962,
        tongsuo_serialization.PublicFormat.UncompressedPoint,
    )
    return key, point


def test_sm3_known_answer() -> None:
    # GM/T 0004 Annex A example 1.
    assert sm2.sm3(b"abc").hex() == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )


def test_annex_a_public_key_digest_and_signature() -> None:
    assert sm2.public_point(ANNEX_D) == ANNEX_PUBLIC
    assert sm2.sm2_digest(ANNEX_PUBLIC, MESSAGE) == ANNEX_E
    signature = sm2.sign_digest_with_nonce(ANNEX_D, ANNEX_E, ANNEX_K)
    assert signature is not None
    assert decode_dss_signature(signature) == (ANNEX_R, ANNEX_S)
    assert sm2.verify(ANNEX_PUBLIC, MESSAGE, encode_dss_signature(ANNEX_R, ANNEX_S))


def test_sign_then_verify_and_tampering_fails() -> None:
    d = sm2.generate_private_value()
    point = sm2.public_point(d)
    signature = sm2.sign_digest(d, sm2.sm2_digest(point, b"nonce-1"))
    assert sm2.verify(point, b"nonce-1", signature)
    assert not sm2.verify(point, b"nonce-2", signature)
    assert not sm2.verify(point, b"nonce-1", signature, user_id=b"another id")
    other = sm2.public_point(sm2.generate_private_value())
    assert not sm2.verify(other, b"nonce-1", signature)


def test_signatures_use_fresh_nonces() -> None:
    d = sm2.generate_private_value()
    digest = sm2.sm2_digest(sm2.public_point(d), MESSAGE)
    assert sm2.sign_digest(d, digest) != sm2.sign_digest(d, digest)


@pytest.mark.parametrize(
    "signature",
    [
        b"",
        b"\x30\x00",
        b"not der at all",
        encode_dss_signature(0, 1),
        encode_dss_signature(1, 0),
        encode_dss_signature(sm2.N, 1),
        encode_dss_signature(1, sm2.N),
        encode_dss_signature(1, sm2.N - 1),  # r + s = n
    ],
)
def test_malformed_signatures_are_invalid_not_errors(signature: bytes) -> None:
    assert not sm2.verify(ANNEX_PUBLIC, MESSAGE, signature)


@pytest.mark.parametrize(
    "point",
    [b"", ANNEX_PUBLIC[:-1], b"\x02" + ANNEX_PUBLIC[1:33], b"\x04" + bytes(64)],
)
def test_bad_public_keys_are_rejected(point: bytes) -> None:
    signature = encode_dss_signature(ANNEX_R, ANNEX_S)
    assert not sm2.verify(point, MESSAGE, signature)
    with pytest.raises(ValueError):
        sm2.z_value(point)


def test_private_value_range_is_checked() -> None:
    for bad in (0, sm2.N - 1, sm2.N):
        with pytest.raises(ValueError):
            sm2.public_point(bad)
    with pytest.raises(ValueError):
        sm2.sign_digest(1, b"short")


def test_tongsuo_signature_verifies_here_with_the_default_user_id() -> None:
    key, point = _tongsuo_key()
    signature = key.sign(b"service nonce", tongsuo_ec.ECDSA(tongsuo_hashes.SM3()))
    assert sm2.verify(point, b"service nonce", signature)
    # Tongsuo hashes SM3(Z‖M) with Z over the default ID, not the bare message and not
    # another ID: the same signature fails for both.
    assert not sm2.verify_digest(point, sm2.sm3(b"service nonce"), signature)
    assert not sm2.verify(point, b"service nonce", signature, user_id=b"ALICE123@YAHOO.COM")


def test_our_signature_verifies_in_tongsuo() -> None:
    key, point = _tongsuo_key()
    d = key.private_numbers().private_value
    signature = sm2.sign_digest(d, sm2.sm2_digest(point, b"service nonce"))
    public = key.public_key()
    public.verify(signature, b"service nonce", tongsuo_ec.ECDSA(tongsuo_hashes.SM3()))
    with pytest.raises(TongsuoInvalidSignature):
        public.verify(signature, b"other nonce", tongsuo_ec.ECDSA(tongsuo_hashes.SM3()))
