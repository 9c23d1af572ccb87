"""SM2 signatures (GM/T 0003 / GB/T 32918) over the recommended 256-bit curve, pure Python.

Used on both sides of the agent certificate login (R-AG-2): the kiosk computes the digest
the token signs (``sm2_digest`` = SM3(Z‖M)), the service verifies the token's signature
against the certificate it holds (``verify``). No I/O; SM3 comes from ``cryptography``
(OpenSSL 3 provides it on this platform). The curve arithmetic is deliberately plain affine
double-and-add: a few milliseconds per signature is nothing next to a USB token, and plain
code is easy to check against the standard. It is NOT constant time, which is acceptable
because the kiosk never holds a real private key (the token signs); the emulator and the
tests are the only callers of ``sign_digest``.

Signatures are DER ``SEQUENCE { r INTEGER, s INTEGER }`` (GM/T 0009), the format OpenSSL,
Tongsuo and the SKF ``ECCSIGNATUREBLOB`` converters all use.
"""

from __future__ import annotations

import secrets

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

# GM/T 0009 §10: the ID used when the parties agreed on none. OpenSSL 3 and Tongsuo use
# the same default for SM2 EVP_DigestSign/Verify.
DEFAULT_USER_ID = b"1234567812345678"

# The recommended curve (GM/T 0003.5 / GB/T 32918.5 §5): y² = x³ + ax + b over F_p.
P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0

COORDINATE_BYTES = 32
POINT_BYTES = 1 + 2 * COORDINATE_BYTES  # uncompressed: 04 ‖ X ‖ Y
DIGEST_BYTES = 32

# A point is (x, y); None is the point at infinity.
Point = tuple[int, int] | None
G: Point = (GX, GY)


def sm3(data: bytes) -> bytes:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


def _int32(value: int) -> bytes:
    return value.to_bytes(COORDINATE_BYTES, "big")


# -- curve arithmetic -------------------------------------------------------------------


def is_on_curve(point: Point) -> bool:
    if point is None:
        return True
    x, y = point
    return 0 <= x < P and 0 <= y < P and (y * y - (x * x * x + A * x + B)) % P == 0


def point_add(p1: Point, p2: Point) -> Point:
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    x1, y1 = p1
    x2, y2 = p2
    if x1 == x2:
        if (y1 + y2) % P == 0:
            return None  # P + (-P)
        slope = (3 * x1 * x1 + A) * pow(2 * y1, -1, P) % P  # doubling
    else:
        slope = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (slope * slope - x1 - x2) % P
    return x3, (slope * (x1 - x3) - y1) % P


def scalar_multiply(k: int, point: Point) -> Point:
    """k·point by double-and-add, most significant bit first."""
    result: Point = None
    for bit in bin(k % N)[2:]:
        result = point_add(result, result)
        if bit == "1":
            result = point_add(result, point)
    return result


def public_point(private_value: int) -> bytes:
    """The uncompressed public key 04‖X‖Y for a private value d in [1, n-2]."""
    _check_private(private_value)
    return encode_point(scalar_multiply(private_value, G))


def encode_point(point: Point) -> bytes:
    if point is None:
        raise ValueError("the point at infinity has no encoding")
    return b"\x04" + _int32(point[0]) + _int32(point[1])


def decode_point(encoded: bytes) -> tuple[int, int]:
    """Parse an uncompressed point (04‖X‖Y) and check that it lies on the curve."""
    if len(encoded) != POINT_BYTES or encoded[0] != 0x04:
        raise ValueError("expected an uncompressed SM2 point (65 bytes, 04‖X‖Y)")
    point = (
        int.from_bytes(encoded[1 : 1 + COORDINATE_BYTES], "big"),
        int.from_bytes(encoded[1 + COORDINATE_BYTES :], "big"),
    )
    if not is_on_curve(point):
        raise ValueError("the point is not on the SM2 curve")
    return point


def generate_private_value() -> int:
    """A uniformly random d in [1, n-2] (n-1 is excluded: 1+d must be invertible)."""
    return secrets.randbelow(N - 2) + 1


def _check_private(private_value: int) -> None:
    if not 1 <= private_value <= N - 2:
        raise ValueError("the SM2 private value must be in [1, n-2]")


# -- Z, digest, sign, verify --------------------------------------------------------------


def z_value(public_key_point: bytes, user_id: bytes = DEFAULT_USER_ID) -> bytes:
    """Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (GM/T 0003.2 §5.5)."""
    entl = len(user_id) * 8
    if entl > 0xFFFF:
        raise ValueError("the user id is longer than 8191 bytes")
    x_a, y_a = decode_point(public_key_point)
    parts = (entl.to_bytes(2, "big"), user_id, *map(_int32, (A, B, GX, GY, x_a, y_a)))
    return sm3(b"".join(parts))


def sm2_digest(public_key_point: bytes, message: bytes, user_id: bytes = DEFAULT_USER_ID) -> bytes:
    """e = SM3(Z_A ‖ M): what the token signs (the host computes it; SKF ``SKF_ECCSignData``)."""
    return sm3(z_value(public_key_point, user_id) + message)


def sign_digest(private_value: int, digest: bytes) -> bytes:
    """Sign e (32 bytes, from ``sm2_digest``); DER r,s. The nonce comes from ``secrets``."""
    while True:
        signature = sign_digest_with_nonce(private_value, digest, secrets.randbelow(N - 1) + 1)
        if signature is not None:
            return signature


def sign_digest_with_nonce(private_value: int, digest: bytes, nonce: int) -> bytes | None:
    """GM/T 0003.2 §6.1 steps A3–A7 with a given k; None when k must be drawn again.

    Public only for known-answer tests (the standard's Annex A example fixes k); a fixed or
    reused k reveals the private key, so everything else calls ``sign_digest``.
    """
    _check_private(private_value)
    if len(digest) != DIGEST_BYTES:
        raise ValueError("the SM2 digest must be 32 bytes (SM3)")
    if not 1 <= nonce < N:
        raise ValueError("the nonce must be in [1, n-1]")
    e = int.from_bytes(digest, "big")
    kg = scalar_multiply(nonce, G)
    assert kg is not None  # 1 <= k < n, so k·G is never the point at infinity
    r = (e + kg[0]) % N
    if r == 0 or r + nonce == N:
        return None
    s = pow(1 + private_value, -1, N) * (nonce - r * private_value) % N
    if s == 0:
        return None
    return encode_dss_signature(r, s)


def verify_digest(public_key_point: bytes, digest: bytes, signature_der: bytes) -> bool:
    """GM/T 0003.2 §7.1 steps B1–B7 for a precomputed e."""
    try:
        public = decode_point(public_key_point)
        r, s = decode_dss_signature(signature_der)
    except ValueError:
        return False
    if len(digest) != DIGEST_BYTES or not (1 <= r < N and 1 <= s < N):
        return False
    t = (r + s) % N
    if t == 0:
        return False
    sum_point = point_add(scalar_multiply(s, G), scalar_multiply(t, public))
    if sum_point is None:
        return False
    return (int.from_bytes(digest, "big") + sum_point[0]) % N == r


def verify(
    public_key_point: bytes,
    message: bytes,
    signature_der: bytes,
    user_id: bytes = DEFAULT_USER_ID,
) -> bool:
    """Check an SM2 signature over ``message`` (Z computed with ``user_id``). Never raises for
    bad input: a malformed key or signature is simply not a valid signature."""
    try:
        digest = sm2_digest(public_key_point, message, user_id)
    except ValueError:
        return False
    return verify_digest(public_key_point, digest, signature_der)
