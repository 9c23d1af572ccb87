"""The offline bundle container layout shared by the terminal's writer and the service's
reader (issue 4): what ``pack`` writes, ``unpack`` splits back; short or padded files are
refused; the key derivation is deterministic and bound to both public keys."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kiosk.protocol.bundle_format import (
    CIPHERTEXT_LEN,
    HEADER_LEN,
    KEY_LENGTH,
    MAGIC,
    SIGNATURE_LENGTH,
    BundleLayoutError,
    LayoutProblem,
    derive_key,
    fingerprint,
    pack,
    raw_public_key,
    unpack,
)

HEADER = b'{"format_version":1}'
CIPHERTEXT = bytes(range(200))
SIGNATURE = b"\x07" * SIGNATURE_LENGTH


def _file() -> bytes:
    return pack(HEADER, CIPHERTEXT) + SIGNATURE


def test_pack_unpack_round_trip() -> None:
    data = _file()
    container = unpack(data)
    assert container.header_bytes == HEADER
    assert container.ciphertext == CIPHERTEXT
    assert container.signature == SIGNATURE
    assert container.signed_part == pack(HEADER, CIPHERTEXT)
    assert container.signed_part + container.signature == data
    assert len(data) == (
        len(MAGIC) + HEADER_LEN.size + len(HEADER) + CIPHERTEXT_LEN.size + len(CIPHERTEXT)
    ) + len(SIGNATURE)


def test_every_truncation_is_refused() -> None:
    data = _file()
    for cut in range(len(data)):
        with pytest.raises(BundleLayoutError) as caught:
            unpack(data[:cut])
        assert caught.value.problem is LayoutProblem.TRUNCATED, cut


def test_extra_bytes_foreign_files_and_huge_headers_are_refused() -> None:
    with pytest.raises(BundleLayoutError) as padded:
        unpack(_file() + b"\x00")
    assert padded.value.problem is LayoutProblem.MALFORMED
    with pytest.raises(BundleLayoutError) as foreign:
        unpack(b"%PDF-1.7 not a bundle")
    assert foreign.value.problem is LayoutProblem.NOT_A_BUNDLE
    with pytest.raises(BundleLayoutError) as huge:
        unpack(_file(), max_header_bytes=len(HEADER) - 1)
    assert huge.value.problem is LayoutProblem.MALFORMED


def test_derive_key_is_deterministic_and_bound_to_both_public_keys() -> None:
    service = X25519PrivateKey.generate()
    ephemeral = X25519PrivateKey.generate()
    service_public, ephemeral_public = raw_public_key(service), raw_public_key(ephemeral)
    # Both ends of the exchange reach the same shared secret, hence the same key.
    sender_key = derive_key(
        ephemeral.exchange(service.public_key()), ephemeral_public, service_public
    )
    reader_key = derive_key(
        service.exchange(ephemeral.public_key()), ephemeral_public, service_public
    )
    assert sender_key == reader_key
    assert len(sender_key) == KEY_LENGTH
    shared = ephemeral.exchange(service.public_key())
    other_public = raw_public_key(X25519PrivateKey.generate())
    assert derive_key(shared, ephemeral_public, other_public) != sender_key
    assert derive_key(shared, other_public, service_public) != sender_key


def test_fingerprint_is_stable_short_and_distinct() -> None:
    key = raw_public_key(X25519PrivateKey.generate())
    assert fingerprint(key) == fingerprint(bytes(key))
    assert len(fingerprint(key)) == 32
    assert fingerprint(key) != fingerprint(raw_public_key(X25519PrivateKey.generate()))
