"""TaxUKeyClient against the emulated card in-process: the journeys' card-level steps."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from kiosk.devices.cards import MediumKind
from kiosk.devices.cards.apdu import PIN_REDACTED, ApduTrace, TracingTransport
from kiosk.devices.cards.certificates import (
    CertificateHolder,
    CertificateUsage,
    Validity,
    parse_certificate,
)
from kiosk.devices.cards.emulator import (
    DEFAULT_ADMIN_PIN,
    EmulatedTaxUKey,
    InProcessTransport,
    IssuedIdentity,
    build_card,
)
from kiosk.devices.cards.taxukey import (
    CertificateSlot,
    TaxKeyError,
    TaxKeyProblem,
    TaxUKeyClient,
)
from kiosk.devices.cards.transport import CardError, CardFailure
from kiosk.domain import cert_pin, sm2
from kiosk.flows.medium_errors import medium_error
from kiosk.protocol.messages import Lang, pin_code

DEFAULT = b"12345678"
GOOD = b"Kx7m2Pq9"


def said(error: TaxKeyError, lang: Lang) -> str:
    """What the person reads: the catalog text, with the tries left from the status word."""
    return medium_error(error).text(lang)


def refused(call: object) -> TaxKeyError:
    assert callable(call)
    with pytest.raises(TaxKeyError) as caught:
        call()
    return caught.value


# -- reading the medium ----------------------------------------------------------------------


def test_overview_reads_token_certificates_and_pin_status(
    client: TaxUKeyClient, issued: IssuedIdentity, holder: CertificateHolder, now: datetime
) -> None:
    overview = client.read_overview()
    assert overview.token.serial == "UK0000000001"
    assert overview.token.medium is MediumKind.UKEY
    assert overview.token.default_pin
    assert overview.token.max_tries == 3
    assert overview.token.version == (1, 0)
    assert overview.signing_certificate == issued.signing.der
    assert overview.encryption_certificate == issued.encryption.der
    assert (overview.pin.tries_left, overview.pin.max_tries, overview.pin.verified) == (3, 3, False)
    info = parse_certificate(overview.signing_certificate)
    assert info.holder_name == holder.name
    assert info.taxpayer_id == holder.taxpayer_id
    assert info.usage is CertificateUsage.SIGNING
    assert info.days_to_expiry(now) == 365


@pytest.mark.parametrize("medium", list(MediumKind))
def test_medium_kind_is_reported(
    medium: MediumKind, holder: CertificateHolder, now: datetime
) -> None:
    card, _ = build_card(holder, now=now, medium=medium)
    token = TaxUKeyClient(InProcessTransport(card, "r")).token_info()
    assert token.medium is medium


@pytest.mark.parametrize("chunk", [16, 200, 256])
def test_certificates_read_in_any_chunk_size(
    slot: InProcessTransport, issued: IssuedIdentity, chunk: int
) -> None:
    client = TaxUKeyClient(slot, chunk_size=chunk)
    assert client.read_certificate(CertificateSlot.SIGNING) == issued.signing.der
    assert client.read_certificate(CertificateSlot.ENCRYPTION) == issued.encryption.der


def test_chunk_size_is_bounded(slot: InProcessTransport) -> None:
    with pytest.raises(ValueError):
        TaxUKeyClient(slot, chunk_size=257)


def test_medium_without_encryption_certificate(
    issued: IssuedIdentity,
) -> None:
    card = EmulatedTaxUKey(replace(issued.identity, encryption_certificate=None))
    client = TaxUKeyClient(InProcessTransport(card, "r"))
    error = refused(lambda: client.read_certificate(CertificateSlot.ENCRYPTION))
    assert error.problem is TaxKeyProblem.NOT_FOUND
    assert error.details == "SW 6A82 file or application not found"
    assert client.read_overview().encryption_certificate is None


class ForeignCard:
    """Some other smart card (a bank card, say): knows no Tax UKey application."""

    atr = bytes.fromhex("3B6800000073C84000009000")

    def power_on(self) -> None:
        pass

    def power_off(self) -> None:
        pass

    def reset(self) -> None:
        pass

    def process(self, command: bytes) -> bytes:
        return bytes.fromhex("6A82")


def test_foreign_card_is_an_unsupported_medium() -> None:
    client = TaxUKeyClient(InProcessTransport(ForeignCard(), "r"))
    error = refused(client.token_info)
    assert error.problem is TaxKeyProblem.UNSUPPORTED_MEDIUM
    assert "税务UKey" in said(error, Lang.ZH) and "Tax UKey" in said(error, Lang.EN)
    assert error.details.startswith("SW 6A82")
    assert not error.can_retry


def test_client_reselects_after_a_reset_underneath(
    client: TaxUKeyClient, card: EmulatedTaxUKey
) -> None:
    client.token_info()
    card.reset()  # another application reset the card: our selection is gone
    assert client.token_info().serial == "UK0000000001"


def test_unexpected_status_word_is_a_card_error_with_details(
    client: TaxUKeyClient, card: EmulatedTaxUKey
) -> None:
    client.select()
    card.force_next_status(0x6581)
    error = refused(client.token_info)
    assert error.problem is TaxKeyProblem.CARD_ERROR
    assert error.details == "SW 6581 memory failure"
    assert error.can_retry


# -- PIN status, verify, block, unblock ---------------------------------------------------------


def test_wrong_pin_three_times_blocks_with_vendor_wording(
    client: TaxUKeyClient, card: EmulatedTaxUKey
) -> None:
    status = client.pin_status()
    assert (status.tries_left, status.warn, status.blocked) == (3, False, False)
    seen = []
    for expected in (2, 1):
        error = refused(lambda: client.verify(bytearray(b"00000000")))
        assert error.problem is TaxKeyProblem.WRONG_PIN
        assert error.tries_left == expected
        assert said(error, Lang.ZH) == (
            f"证书口令有误，可能原因为未修改默认证书口令12345678,剩余尝试次数{expected}"
        )
        assert f"Tries left: {expected}" in said(error, Lang.EN)
        assert error.details == f"SW 63C{expected} verification failed, {expected} tries left"
        status = client.pin_status()
        seen.append((status.tries_left, status.warn))
    assert seen == [(2, True), (1, True)]
    third = refused(lambda: client.verify(bytearray(b"00000000")))
    assert third.problem is TaxKeyProblem.PIN_BLOCKED
    assert not third.can_retry
    assert "大厅工作人员" in said(third, Lang.ZH)
    assert client.pin_status().blocked
    again = refused(lambda: client.verify(bytearray(DEFAULT)))
    assert again.problem is TaxKeyProblem.PIN_BLOCKED
    assert again.details.startswith("SW 6983")
    assert card.user_tries_left == 0


def test_verify_checks_length_on_the_terminal_without_spending_a_try(
    client: TaxUKeyClient, card: EmulatedTaxUKey
) -> None:
    before = card.apdu_count
    error = refused(lambda: client.verify(bytearray(b"1234")))
    assert error.problem is TaxKeyProblem.PIN_WRONG_LENGTH
    assert error.sw is None
    assert "nothing was sent" in error.details
    assert card.apdu_count == before
    assert client.pin_status().tries_left == 3


def test_verify_zeroes_the_pin_buffer_on_success_and_failure(client: TaxUKeyClient) -> None:
    wrong = bytearray(b"00000001")
    refused(lambda: client.verify(wrong))
    assert wrong == bytes(8)
    right = bytearray(DEFAULT)
    client.verify(right)
    assert right == bytes(8)
    assert client.pin_status().verified


def test_staff_unblock_with_admin_pin(client: TaxUKeyClient, card: EmulatedTaxUKey) -> None:
    for _ in range(3):
        refused(lambda: client.verify(bytearray(b"00000000")))
    wrong_admin = refused(lambda: client.unblock(bytearray(b"00000000")))
    assert wrong_admin.problem is TaxKeyProblem.ADMIN_PIN_WRONG
    assert wrong_admin.tries_left == 9
    assert said(wrong_admin, Lang.ZH) == "管理员口令有误，剩余尝试次数9"
    admin = bytearray(DEFAULT_ADMIN_PIN)
    client.unblock(admin)
    assert admin == bytes(len(admin))
    status = client.pin_status()
    assert (status.tries_left, status.admin_tries_left) == (3, 10)
    assert client.token_info().default_pin  # reset to 12345678: the holder must change it
    client.verify(bytearray(DEFAULT))


def test_unblock_to_a_chosen_pin_and_length_check(client: TaxUKeyClient) -> None:
    short = refused(lambda: client.unblock(bytearray(DEFAULT_ADMIN_PIN), bytearray(b"123")))
    assert short.problem is TaxKeyProblem.PIN_WRONG_LENGTH
    client.unblock(bytearray(DEFAULT_ADMIN_PIN), bytearray(GOOD))
    client.verify(bytearray(GOOD))
    assert not client.token_info().default_pin


def test_admin_pin_blocked(client: TaxUKeyClient, card: EmulatedTaxUKey) -> None:
    for _ in range(9):
        refused(lambda: client.unblock(bytearray(b"00000000")))
    last = refused(lambda: client.unblock(bytearray(b"00000000")))
    assert last.problem is TaxKeyProblem.ADMIN_PIN_BLOCKED
    after = refused(lambda: client.unblock(bytearray(DEFAULT_ADMIN_PIN)))
    assert after.problem is TaxKeyProblem.ADMIN_PIN_BLOCKED
    assert client.pin_status().admin_tries_left == 0


# -- change PIN ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "problem", "weakness"),
    [
        (DEFAULT, b"23456789", TaxKeyProblem.WEAK_PIN, cert_pin.PinWeakness.SEQUENCE),
        (DEFAULT, b"98765432", TaxKeyProblem.WEAK_PIN, cert_pin.PinWeakness.SEQUENCE),
        (DEFAULT, b"77777777", TaxKeyProblem.WEAK_PIN, cert_pin.PinWeakness.REPEATED),
        (DEFAULT, b"12121212", TaxKeyProblem.WEAK_PIN, cert_pin.PinWeakness.REPEATED),
        (GOOD, DEFAULT, TaxKeyProblem.WEAK_PIN, cert_pin.PinWeakness.DEFAULT),
        (DEFAULT, DEFAULT, TaxKeyProblem.SAME_AS_OLD, cert_pin.PinWeakness.SAME_AS_OLD),
        (DEFAULT, b"Kx7", TaxKeyProblem.PIN_WRONG_LENGTH, cert_pin.PinWeakness.WRONG_LENGTH),
        (DEFAULT, b"Kx7m 2Pq9", TaxKeyProblem.WEAK_PIN, cert_pin.PinWeakness.INVALID_CHARACTERS),
        (b"123", GOOD, TaxKeyProblem.PIN_WRONG_LENGTH, None),
    ],
)
def test_change_pin_rules_are_checked_before_anything_is_sent(
    client: TaxUKeyClient,
    card: EmulatedTaxUKey,
    old: bytes,
    new: bytes,
    problem: TaxKeyProblem,
    weakness: cert_pin.PinWeakness | None,
) -> None:
    client.select()
    before = card.apdu_count
    old_buffer, new_buffer = bytearray(old), bytearray(new)
    error = refused(lambda: client.change_pin(old_buffer, new_buffer))
    assert (error.problem, error.weakness) == (problem, weakness)
    assert error.sw is None
    if weakness is not None:
        assert error.code is pin_code(weakness)  # the rule it broke is what the person reads
    assert card.apdu_count == before
    assert old_buffer == bytes(len(old)) and new_buffer == bytes(len(new))


def test_change_pin_with_wrong_old_pin_spends_a_try(client: TaxUKeyClient) -> None:
    error = refused(lambda: client.change_pin(bytearray(b"00000000"), bytearray(GOOD)))
    assert error.problem is TaxKeyProblem.WRONG_PIN
    assert error.tries_left == 2


def test_default_pin_change_then_use(client: TaxUKeyClient) -> None:
    assert client.token_info().default_pin
    client.change_pin(bytearray(DEFAULT), bytearray(GOOD))
    assert not client.token_info().default_pin
    assert refused(lambda: client.verify(bytearray(DEFAULT))).problem is TaxKeyProblem.WRONG_PIN
    client.verify(bytearray(GOOD))


def test_card_side_weak_refusal_maps_to_weak_pin(
    client: TaxUKeyClient, card: EmulatedTaxUKey
) -> None:
    client.select()
    card.force_next_status(0x6A80)  # a card with stricter rules than the terminal
    error = refused(lambda: client.change_pin(bytearray(DEFAULT), bytearray(GOOD)))
    assert error.problem is TaxKeyProblem.WEAK_PIN
    assert error.details.startswith("SW 6A80")


# -- challenge and signature --------------------------------------------------------------------


def test_challenge_then_sign_verifies_against_the_certificate(client: TaxUKeyClient) -> None:
    challenge = client.get_challenge(16)
    assert len(challenge) == 16
    info = parse_certificate(client.read_certificate())
    nonce = b"service nonce " + challenge
    unverified = refused(lambda: client.sign(nonce, info.public_key_point))
    assert unverified.problem is TaxKeyProblem.SECURITY_STATUS
    assert unverified.details == "SW 6982 security status not satisfied"
    client.verify(bytearray(DEFAULT))
    signature = client.sign(nonce, info.public_key_point)
    assert sm2.verify(info.public_key_point, nonce, signature)
    assert not sm2.verify(info.public_key_point, b"another nonce", signature)
    digest_signature = client.sign_digest(sm2.sm2_digest(info.public_key_point, nonce))
    assert sm2.verify(info.public_key_point, nonce, digest_signature)


def test_sign_digest_length_is_checked(client: TaxUKeyClient) -> None:
    with pytest.raises(ValueError):
        client.sign_digest(b"short")


def test_bad_challenge_length_is_a_card_error(client: TaxUKeyClient) -> None:
    assert refused(lambda: client.get_challenge(7)).details.startswith("SW 6700")


def test_removal_mid_sign_raises_removed(issued: IssuedIdentity) -> None:
    slot: InProcessTransport | None = None
    pulls: list[float] = []

    def latency(seconds: float) -> None:
        pulls.append(seconds)
        if len(pulls) == armed_at[0]:
            assert slot is not None
            slot.remove()  # the user pulls the medium while the token signs

    armed_at = [0]
    card = EmulatedTaxUKey(issued.identity, sleep=latency)
    card.latency_s = 0.001
    slot = InProcessTransport(card, "r")
    client = TaxUKeyClient(slot)
    client.verify(bytearray(DEFAULT))
    point = issued.signing.public_point
    armed_at[0] = len(pulls) + 1  # the very next APDU: the signature
    with pytest.raises(CardError) as caught:
        client.sign(b"nonce", point)
    assert caught.value.failure is CardFailure.REMOVED
    slot.insert()
    fresh = TaxUKeyClient(slot)
    assert not fresh.pin_status().verified  # the session died with the removal
    assert refused(lambda: fresh.sign(b"nonce", point)).problem is TaxKeyProblem.SECURITY_STATUS


# -- trace redaction ----------------------------------------------------------------------------


def test_trace_never_contains_pin_bytes(client: TaxUKeyClient, trace: ApduTrace) -> None:
    refused(lambda: client.verify(bytearray(b"00000000")))
    client.verify(bytearray(DEFAULT))
    client.change_pin(bytearray(DEFAULT), bytearray(GOOD))
    client.unblock(bytearray(DEFAULT_ADMIN_PIN), bytearray(b"Zr4t8Wn2"))
    entries = trace.entries()
    pin_entries = [e for e in entries if PIN_REDACTED in e.command]
    assert len(pin_entries) == 4
    text = "\n".join(e.line() + e.response_data for e in entries)
    for secret in (b"00000000", DEFAULT, GOOD, DEFAULT_ADMIN_PIN, b"Zr4t8Wn2"):
        assert secret.hex(" ").upper() not in text
        assert secret.hex().upper() not in text.replace(" ", "")
        assert secret.decode() not in text


def test_tracing_transport_is_transparent(slot: InProcessTransport, issued: IssuedIdentity) -> None:
    trace = ApduTrace()
    client = TaxUKeyClient(TracingTransport(slot, trace))
    assert client.read_certificate() == issued.signing.der
    assert client.transport.atr == slot.atr
    assert all(entry.reader == "Virtual PCD 00 00" for entry in trace.entries())


# -- certificate validity as the screen shows it ------------------------------------------------


def test_expired_and_not_yet_valid_certificates(holder: CertificateHolder, now: datetime) -> None:
    expired_card, _ = build_card(
        holder, now=now, not_before=now - timedelta(days=400), not_after=now - timedelta(days=3)
    )
    future_card, _ = build_card(
        holder, now=now, not_before=now + timedelta(days=2), not_after=now + timedelta(days=300)
    )
    expired = parse_certificate(
        TaxUKeyClient(InProcessTransport(expired_card, "r")).read_certificate()
    )
    future = parse_certificate(
        TaxUKeyClient(InProcessTransport(future_card, "r")).read_certificate()
    )
    assert expired.validity(now) is Validity.EXPIRED
    assert expired.days_to_expiry(now) == -3
    assert future.validity(now) is Validity.NOT_YET_VALID
    assert future.days_to_expiry(now) == 300


class RewritingCard:
    """Wraps the emulator and replaces the answer to one command: a medium that answers
    nonsense to GET DATA (a different vendor's firmware, a damaged token)."""

    def __init__(self, inner: EmulatedTaxUKey, command: bytes, answer: bytes) -> None:
        self._inner = inner
        self._command = command
        self._answer = answer
        self.atr = inner.atr

    def power_on(self) -> None:
        self._inner.power_on()

    def power_off(self) -> None:
        self._inner.power_off()

    def reset(self) -> None:
        self._inner.reset()

    def process(self, command: bytes) -> bytes:
        if command == self._command:
            return self._answer
        return self._inner.process(command)


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ("8001419000", TaxKeyProblem.CARD_ERROR),  # serial only: required fields missing
        ("80054142434445" + "8200" + "9000", TaxKeyProblem.CARD_ERROR),  # empty medium code
        ("8005414243444582010983010084010385020100" + "9000", TaxKeyProblem.UNSUPPORTED_MEDIUM),
        ("8010" + "9000", TaxKeyProblem.CARD_ERROR),  # truncated TLV
    ],
)
def test_malformed_token_info(card: EmulatedTaxUKey, answer: str, problem: TaxKeyProblem) -> None:
    odd = RewritingCard(card, bytes.fromhex("80CA010000"), bytes.fromhex(answer))
    error = refused(TaxUKeyClient(InProcessTransport(odd, "r")).token_info)
    assert error.problem is problem
    assert error.details.startswith("SW 9000")
