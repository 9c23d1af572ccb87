"""R-AC-3 certificate password, R-AG-2 SM2, terminal signing and bundle layout (issue 7)."""

from __future__ import annotations

import hashlib
import string

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.domain import sm2
from kiosk.domain.cert_pin import (
    DEFAULT_CERT_PIN,
    PIN_MAX_LENGTH,
    PIN_MIN_LENGTH,
    check_new_pin,
)
from kiosk.protocol import bundle_format, signing
from kiosk.protocol.bundle_format import BundleLayoutError, LayoutProblem
from kiosk.protocol.messages import CATALOG, ErrorCode, Lang, pin_code, render

ALNUM = string.ascii_letters + string.digits
pin_lengths = st.integers(PIN_MIN_LENGTH, PIN_MAX_LENGTH)

# -- R-AC-3 certificate password ----------------------------------------------------------


@given(new=st.binary(max_size=24), old=st.none() | st.binary(max_size=24))
def test_check_new_pin_is_pure_and_total_R_AC_3(new: bytes, old: bytes | None) -> None:
    new_buffer = bytearray(new)
    verdict = check_new_pin(new_buffer, old)
    assert new_buffer == new  # the PIN buffer is not touched (it is wiped by the caller)
    assert check_new_pin(new, old) == verdict  # bytes and bytearray, again: same answer
    if verdict is None:
        assert PIN_MIN_LENGTH <= len(new) <= PIN_MAX_LENGTH
        assert all(chr(c) in ALNUM for c in new)
        assert new != old and new != DEFAULT_CERT_PIN
    else:
        assert render(pin_code(verdict), Lang.ZH) and render(pin_code(verdict), Lang.EN)


@given(group=st.text(st.sampled_from(ALNUM), min_size=1, max_size=4), length=pin_lengths)
def test_repeated_groups_are_never_accepted_R_AC_3(group: str, length: int) -> None:
    pin = (group * length)[:length].encode()
    assert check_new_pin(pin) is not None


@given(data=st.data(), length=pin_lengths, descending=st.booleans())
def test_runs_of_digits_or_letters_are_never_accepted_R_AC_3(
    data: st.DataObject, length: int, descending: bool
) -> None:
    alphabet = data.draw(st.sampled_from([string.digits, string.ascii_lowercase]))
    if length > len(alphabet):
        length = len(alphabet)
    start = data.draw(st.integers(0, len(alphabet) - length))
    run = alphabet[start : start + length]
    run = run[::-1] if descending else run
    # Case does not make a run acceptable (aBcDeFgH).
    flips = data.draw(st.lists(st.booleans(), min_size=length, max_size=length))
    pin = "".join(c.upper() if f else c for c, f in zip(run, flips, strict=True)).encode()
    assert check_new_pin(pin) is not None


@given(old=st.binary(min_size=1, max_size=24))
def test_default_and_current_password_are_never_accepted_R_AC_3(old: bytes) -> None:
    assert check_new_pin(DEFAULT_CERT_PIN, old) is not None
    assert check_new_pin(DEFAULT_CERT_PIN) is not None
    assert check_new_pin(old, old) is not None


# -- R-AG-2 SM2 (pure-Python curve arithmetic: few examples) --------------------------------

sm2_settings = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@sm2_settings
@given(
    d=st.integers(1, sm2.N - 2),
    message=st.binary(max_size=64),
    bit=st.integers(0, 8 * 64 - 1),
)
def test_sm2_sign_verify_round_trip_and_flipped_bit_fails_R_AG_2(
    d: int, message: bytes, bit: int
) -> None:
    public = sm2.public_point(d)
    signature = sm2.sign_digest(d, sm2.sm2_digest(public, message))
    assert sm2.verify(public, message, signature)
    assert not sm2.verify(public, message, signature, user_id=b"another-user-id")
    if message:
        i = bit % (8 * len(message))
        flipped = bytearray(message)
        flipped[i // 8] ^= 1 << (i % 8)
        assert not sm2.verify(public, bytes(flipped), signature)
    j = bit % (8 * len(signature))
    bad = bytearray(signature)
    bad[j // 8] ^= 1 << (j % 8)
    assert not sm2.verify(public, message, bytes(bad))


@sm2_settings
@given(key=st.binary(max_size=70), message=st.binary(max_size=16), sig=st.binary(max_size=80))
def test_sm2_verify_never_raises_on_arbitrary_bytes_R_AG_2(
    key: bytes, message: bytes, sig: bytes
) -> None:
    assert sm2.verify(key, message, sig) in (True, False)


# -- terminal request signing ---------------------------------------------------------------

field_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
no_newline = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\n"), max_size=20)
FIELDS = ("method", "path_with_query", "timestamp", "nonce", "body", "terminal_id")


@st.composite
def requests(draw: st.DrawFn, text: st.SearchStrategy[str]) -> dict[str, object]:
    return {
        "method": draw(st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"])),
        "path_with_query": draw(text),
        "timestamp": draw(st.integers(0, 2**40)),
        "nonce": draw(text),
        "body": draw(st.binary(max_size=64)),
        "terminal_id": draw(text),
    }


def canonical(fields: dict[str, object]) -> bytes:
    return signing.canonical_request(**fields)  # type: ignore[arg-type]


@given(fields=requests(field_text), other=requests(field_text), which=st.sampled_from(FIELDS))
def test_changing_any_one_field_changes_the_signed_bytes(
    fields: dict[str, object], other: dict[str, object], which: str
) -> None:
    changed = {**fields, which: other[which]}
    if changed[which] != fields[which]:
        assert canonical(changed) != canonical(fields)


@given(fields=requests(no_newline))
def test_canonical_request_can_be_read_back_so_it_is_injective(fields: dict[str, object]) -> None:
    # Header values cannot carry a newline, so on real requests the fields can be recovered
    # from the signed bytes: two different requests never sign the same bytes.
    parts = canonical(fields).decode("utf-8").split("\n")
    body = fields["body"]
    assert isinstance(body, bytes)
    assert parts == [
        signing.SCHEME,
        fields["terminal_id"],
        fields["method"],
        fields["path_with_query"],
        str(fields["timestamp"]),
        fields["nonce"],
        hashlib.sha256(body).hexdigest(),
    ]


KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


@settings(max_examples=40)
@given(message=st.binary(max_size=64), other=st.binary(max_size=64))
def test_ed25519_sign_verify_round_trip(message: bytes, other: bytes) -> None:
    public = signing.public_key_b64(KEY)
    signature = signing.sign(KEY, message)
    assert signing.verify(public, message, signature)
    if other != message:
        assert not signing.verify(public, other, signature)


@given(key=field_text, message=st.binary(max_size=16), signature=field_text)
def test_ed25519_verify_never_raises_on_arbitrary_text(
    key: str, message: bytes, signature: str
) -> None:
    assert not signing.verify(key, message, signature)


# -- offline bundle layout ------------------------------------------------------------------


@given(
    header=st.binary(max_size=200),
    ciphertext=st.binary(max_size=200),
    signature=st.binary(min_size=64, max_size=64),
)
def test_bundle_pack_unpack_round_trip_and_every_truncation_is_refused(
    header: bytes, ciphertext: bytes, signature: bytes
) -> None:
    signed = bundle_format.pack(header, ciphertext)
    data = signed + signature
    container = bundle_format.unpack(data)
    assert (container.header_bytes, container.ciphertext) == (header, ciphertext)
    assert (container.signed_part, container.signature) == (signed, signature)
    for cut in range(len(data)):
        with pytest.raises(BundleLayoutError) as truncated:
            bundle_format.unpack(data[:cut])
        assert truncated.value.problem is LayoutProblem.TRUNCATED
    for extra in (b"\x00", signature):
        with pytest.raises(BundleLayoutError) as malformed:
            bundle_format.unpack(data + extra)
        assert malformed.value.problem is LayoutProblem.MALFORMED


@given(data=st.binary(max_size=120) | st.binary(max_size=100).map(lambda b: b"TKBUNDLE" + b))
def test_bundle_unpack_of_arbitrary_bytes_refuses_or_parses_exactly(data: bytes) -> None:
    try:
        container = bundle_format.unpack(data)
    except BundleLayoutError:
        return
    assert bundle_format.pack(container.header_bytes, container.ciphertext) == (
        container.signed_part
    )
    assert container.signed_part + container.signature == data


@settings(max_examples=20)
@given(seed_a=st.binary(min_size=32, max_size=32), seed_b=st.binary(min_size=32, max_size=32))
def test_both_sides_derive_the_same_bundle_key(seed_a: bytes, seed_b: bytes) -> None:
    ephemeral = X25519PrivateKey.from_private_bytes(seed_a)
    service = X25519PrivateKey.from_private_bytes(seed_b)
    e_pub = bundle_format.raw_public_key(ephemeral)
    s_pub = bundle_format.raw_public_key(service)
    writer = bundle_format.derive_key(ephemeral.exchange(service.public_key()), e_pub, s_pub)
    reader = bundle_format.derive_key(service.exchange(ephemeral.public_key()), e_pub, s_pub)
    assert writer == reader and len(writer) == bundle_format.KEY_LENGTH
    if e_pub != s_pub:
        swapped = bundle_format.derive_key(ephemeral.exchange(service.public_key()), s_pub, e_pub)
        assert swapped != writer  # the key is bound to who is who


# -- messages -------------------------------------------------------------------------------

details_values = st.one_of(field_text, st.integers(), st.floats(allow_nan=False))


@given(
    code=st.sampled_from(ErrorCode),
    lang=st.sampled_from(Lang),
    details=st.none()
    | st.dictionaries(
        st.sampled_from(
            [
                "reason",
                "reason_en",
                "remaining",
                "unlock_at",
                "retry_after_s",
                "limit",
                "days",
                "attempts",
                "waiting",
                "not_after",
                "field_zh",
                "field_en",
                "other",
            ]
        ),
        details_values,
    ),
)
def test_every_message_renders_for_any_details(
    code: ErrorCode, lang: Lang, details: dict[str, object] | None
) -> None:
    message = CATALOG[code]
    assert message.zh and message.en
    text = render(code, lang, details)
    assert text
