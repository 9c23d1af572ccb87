"""The emulated Tax UKey: a ``CardModel`` speaking the protocol in ``taxukey_protocol``.

Persistent state (PINs, retry counters, keys, certificates, serial, medium kind) lives in the
object and so survives power-off, removal and re-insertion; volatile state (selected
application and EF, verified PINs, challenge, pending GET RESPONSE data) is dropped on
power-off and reset, as on a real token. It never raises for a bad APDU: it answers the
ISO status word. Tester controls (latency, a forced status word, a new identity) are safe to
call from another thread while the vpcd server or the owner thread drives it.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.devices.cards import MediumKind, zero
from kiosk.devices.cards import taxukey_protocol as p
from kiosk.devices.cards.apdu import SW, ApduFormatError, Command, Response
from kiosk.domain import cert_pin, sm2

DEFAULT_USER_MAX_TRIES = 3  # matches the kiosk's MAX_PIN_TRIES; warnings at 2 and 1
DEFAULT_ADMIN_MAX_TRIES = 10
DEFAULT_ADMIN_PIN = b"88888888"  # the emulator's factory admin (hall staff) PIN — demo only
CHALLENGE_LENGTHS = frozenset({8, 16, 32})


def _atr(historical: bytes) -> bytes:
    """3B 8K 80 01 <historical> TCK: direct convention, T=0 and T=1, K historical bytes."""
    body = bytes((0x80 | len(historical), 0x80, 0x01)) + historical
    tck = 0
    for byte in body:
        tck ^= byte
    return b"\x3b" + body + bytes((tck,))


ATR = _atr(b"TAXUKEY-EMU1")


@dataclass(frozen=True)
class CardIdentity:
    """Who the card belongs to: what a tester swaps to present another holder."""

    serial: str
    label: str
    medium: MediumKind
    signing_private_value: int
    signing_certificate: bytes
    encryption_certificate: bytes | None = None


class EmulatedTaxUKey:
    def __init__(
        self,
        identity: CardIdentity,
        *,
        user_pin: bytes = cert_pin.DEFAULT_CERT_PIN,
        admin_pin: bytes = DEFAULT_ADMIN_PIN,
        user_max_tries: int = DEFAULT_USER_MAX_TRIES,
        admin_max_tries: int = DEFAULT_ADMIN_MAX_TRIES,
        sleep: Callable[[float], None] = time.sleep,
        random_bytes: Callable[[int], bytes] = secrets.token_bytes,
    ) -> None:
        if not 1 <= user_max_tries <= 15 or not 1 <= admin_max_tries <= 15:
            raise ValueError("retry counters are 1..15 (one nibble in 63Cx)")
        self._lock = threading.RLock()
        self._sleep = sleep
        self._random_bytes = random_bytes
        self._identity = identity
        self._user_pin = bytearray(user_pin)
        self._admin_pin = bytearray(admin_pin)
        self._user_max = user_max_tries
        self._admin_max = admin_max_tries
        self._user_tries = user_max_tries
        self._admin_tries = admin_max_tries
        self._latency_s = 0.0
        self._forced_sw: int | None = None
        self._powered = False
        self.apdu_count = 0
        self._clear_volatile()

    # -- tester controls -------------------------------------------------------------------

    @property
    def identity(self) -> CardIdentity:
        return self._identity

    @property
    def latency_s(self) -> float:
        return self._latency_s

    @latency_s.setter
    def latency_s(self, seconds: float) -> None:
        self._latency_s = max(0.0, seconds)

    def force_next_status(self, sw: int) -> None:
        """The next APDU (whatever it is) is answered with ``sw`` alone and not executed."""
        with self._lock:
            self._forced_sw = sw

    def load_identity(
        self, identity: CardIdentity, *, user_pin: bytes = cert_pin.DEFAULT_CERT_PIN
    ) -> None:
        """Become another holder's medium: new keys, certificates, serial; PINs and counters
        back to factory state."""
        with self._lock:
            self._identity = identity
            zero(self._user_pin)
            self._user_pin = bytearray(user_pin)
            self._user_tries = self._user_max
            self._admin_tries = self._admin_max
            self._clear_volatile()

    @property
    def user_tries_left(self) -> int:
        return self._user_tries

    @property
    def admin_tries_left(self) -> int:
        return self._admin_tries

    @property
    def user_pin_is_default(self) -> bool:
        with self._lock:
            return cert_pin.is_default(self._user_pin)

    # -- CardModel ---------------------------------------------------------------------------

    @property
    def atr(self) -> bytes:
        return ATR

    def power_on(self) -> None:
        with self._lock:
            self._powered = True
            self._clear_volatile()

    def power_off(self) -> None:
        with self._lock:
            self._powered = False
            self._clear_volatile()

    def reset(self) -> None:
        with self._lock:
            self._powered = True
            self._clear_volatile()

    def process(self, command: bytes) -> bytes:
        if self._latency_s:
            self._sleep(self._latency_s)  # outside the lock: controls stay responsive
        with self._lock:
            self.apdu_count += 1
            if self._forced_sw is not None:
                sw, self._forced_sw = self._forced_sw, None
                return Response.status(sw).encode()
            if not self._powered:
                return Response.status(SW.CONDITIONS_NOT_SATISFIED).encode()
            try:
                parsed = Command.decode(command)
            except ApduFormatError:
                return Response.status(SW.WRONG_LENGTH).encode()
            if parsed.ins != p.INS_GET_RESPONSE:
                self._pending = b""
            return self._dispatch(parsed).encode()

    # -- dispatch ----------------------------------------------------------------------------

    def _clear_volatile(self) -> None:
        self._app_selected = False
        self._current_ef: p.CertificateSlot | None = None
        self._user_verified = False
        self._admin_verified = False
        self._challenge = b""
        self._pending = b""

    def _dispatch(self, c: Command) -> Response:
        if c.cla == p.CLA_PROPRIETARY:
            if c.ins != p.INS_GET_DATA:
                return Response.status(SW.INS_NOT_SUPPORTED)
            return self._with_data(c, self._get_data(c))
        if c.cla != p.CLA_ISO:
            return Response.status(SW.CLA_NOT_SUPPORTED)
        if c.ins == p.INS_SELECT:
            return self._select(c)
        if c.ins == p.INS_GET_RESPONSE:
            return self._get_response(c)
        handlers: dict[int, Callable[[Command], Response]] = {
            p.INS_READ_BINARY: self._read_binary,
            p.INS_VERIFY: self._verify,
            p.INS_CHANGE_REFERENCE_DATA: self._change,
            p.INS_RESET_RETRY_COUNTER: self._reset_retry_counter,
            p.INS_GET_CHALLENGE: self._get_challenge,
            p.INS_PSO: self._sign,
        }
        handler = handlers.get(c.ins)
        if handler is None:
            return Response.status(SW.INS_NOT_SUPPORTED)
        if not self._app_selected:
            return Response.status(SW.CONDITIONS_NOT_SATISFIED)
        return handler(c)

    def _with_data(self, c: Command, answer: Response) -> Response:
        """Deliver response data the ISO way: 61xx when the command carried no Le (T=0
        style, fetched with GET RESPONSE), 6Cxx when Le is too short, else the data."""
        if not answer.data or answer.sw != SW.OK:
            return answer
        if c.le is None:
            self._pending = answer.data
            return Response.status(0x6100 | min(len(answer.data), 256) % 256)
        if c.le < len(answer.data) and len(answer.data) <= 256:
            return Response.status(0x6C00 | len(answer.data) % 256)
        if c.le < len(answer.data):
            self._pending = answer.data[c.le :]
            return Response(answer.data[: c.le], 0x6100 | min(len(self._pending), 256) % 256)
        return answer

    def _get_response(self, c: Command) -> Response:
        if c.p1 or c.p2:
            return Response.status(SW.INCORRECT_P1P2)
        if not self._pending:
            return Response.status(SW.CONDITIONS_NOT_SATISFIED)
        size = c.le or 256
        chunk, self._pending = self._pending[:size], self._pending[size:]
        if self._pending:
            return Response(chunk, 0x6100 | min(len(self._pending), 256) % 256)
        return Response(chunk, SW.OK)

    def _select(self, c: Command) -> Response:
        if c.p2 not in (p.P2_SELECT_FCI, p.P2_SELECT_NO_DATA):
            return Response.status(SW.INCORRECT_P1P2)
        if c.p1 == p.P1_SELECT_BY_AID:
            if bytes(c.data) != p.AID:
                self._clear_volatile()
                return Response.status(SW.FILE_NOT_FOUND)
            self._clear_volatile()
            self._app_selected = True
            if c.p2 == p.P2_SELECT_NO_DATA:
                return Response.status(SW.OK)
            return self._with_data(c, Response(p.tlv(0x6F, p.tlv(0x84, p.AID)), SW.OK))
        if c.p1 == p.P1_SELECT_EF:
            if not self._app_selected:
                return Response.status(SW.FILE_NOT_FOUND)
            if len(c.data) != 2:
                return Response.status(SW.WRONG_LENGTH)
            slot = next((s for s in p.CertificateSlot if s.file_id == bytes(c.data)), None)
            content = self._file(slot) if slot else None
            if slot is None or content is None:
                return Response.status(SW.FILE_NOT_FOUND)
            self._current_ef = slot
            if c.p2 == p.P2_SELECT_NO_DATA:
                return Response.status(SW.OK)
            fcp = p.tlv(p.TAG_FILE_SIZE, len(content).to_bytes(2, "big")) + p.tlv(
                p.TAG_FILE_ID, slot.file_id
            )
            return self._with_data(c, Response(p.tlv(p.TAG_FCP, fcp), SW.OK))
        return Response.status(SW.INCORRECT_P1P2)

    def _file(self, slot: p.CertificateSlot) -> bytes | None:
        if slot is p.CertificateSlot.SIGNING:
            return self._identity.signing_certificate
        return self._identity.encryption_certificate

    def _read_binary(self, c: Command) -> Response:
        if c.p1 & 0x80:
            return Response.status(SW.FUNCTION_NOT_SUPPORTED)  # short EF ids: not offered
        if self._current_ef is None:
            return Response.status(SW.COMMAND_NOT_ALLOWED_NO_EF)
        if c.le is None or c.data:
            return Response.status(SW.WRONG_LENGTH)
        content = self._file(self._current_ef) or b""
        offset = c.p1 << 8 | c.p2
        if offset >= len(content):
            return Response.status(SW.WRONG_P1P2)
        chunk = content[offset : offset + c.le]
        return Response(chunk, SW.OK if len(chunk) == c.le else SW.END_OF_FILE)

    # -- PINs --------------------------------------------------------------------------------

    def _tries(self, reference: p.PinReference) -> int:
        return self._user_tries if reference is p.PinReference.USER else self._admin_tries

    def _check_pin(self, reference: p.PinReference, candidate: bytearray) -> Response | None:
        """None when ``candidate`` is right (counter reset); else 63Cx / 6983."""
        stored = self._user_pin if reference is p.PinReference.USER else self._admin_pin
        if self._tries(reference) == 0:
            return Response.status(SW.AUTH_METHOD_BLOCKED)
        if hmac.compare_digest(bytes(candidate), bytes(stored)):
            if reference is p.PinReference.USER:
                self._user_tries = self._user_max
            else:
                self._admin_tries = self._admin_max
            return None
        if reference is p.PinReference.USER:
            self._user_tries -= 1
            self._user_verified = False
        else:
            self._admin_tries -= 1
            self._admin_verified = False
        return Response.status(0x63C0 | self._tries(reference))

    @staticmethod
    def _reference(c: Command) -> p.PinReference | None:
        if c.p1 != 0:
            return None
        try:
            return p.PinReference(c.p2)
        except ValueError:
            return None

    def _verify(self, c: Command) -> Response:
        reference = self._reference(c)
        if reference is None:
            return Response.status(SW.REFERENCE_NOT_FOUND if c.p1 == 0 else SW.INCORRECT_P1P2)
        if not c.data:  # ISO: status only, no try consumed
            if self._tries(reference) == 0:
                return Response.status(SW.AUTH_METHOD_BLOCKED)
            verified = (
                self._user_verified if reference is p.PinReference.USER else self._admin_verified
            )
            return Response.status(SW.OK if verified else 0x63C0 | self._tries(reference))
        candidate = bytearray(c.data)
        try:
            if self._tries(reference) and not cert_pin.length_ok(candidate):
                return Response.status(SW.WRONG_LENGTH)  # no try consumed
            failure = self._check_pin(reference, candidate)
            if failure is not None:
                return failure
            if reference is p.PinReference.USER:
                self._user_verified = True
            else:
                self._admin_verified = True
            return Response.status(SW.OK)
        finally:
            zero(candidate)

    def _change(self, c: Command) -> Response:
        reference = self._reference(c)
        if reference is None:
            return Response.status(SW.REFERENCE_NOT_FOUND if c.p1 == 0 else SW.INCORRECT_P1P2)
        try:
            old, new = p.unpack_two_pins(c.data)
        except ValueError:
            return Response.status(SW.WRONG_DATA)
        try:
            if self._tries(reference) == 0:
                return Response.status(SW.AUTH_METHOD_BLOCKED)
            if not (cert_pin.length_ok(old) and cert_pin.length_ok(new)):
                return Response.status(SW.WRONG_LENGTH)
            failure = self._check_pin(reference, old)
            if failure is not None:
                return failure
            if reference is p.PinReference.USER:
                if cert_pin.check_new_pin(new, old) is not None:
                    return Response.status(SW.WRONG_DATA)
                zero(self._user_pin)
                self._user_pin = bytearray(new)
            else:
                zero(self._admin_pin)
                self._admin_pin = bytearray(new)
            return Response.status(SW.OK)
        finally:
            zero(old)
            zero(new)

    def _reset_retry_counter(self, c: Command) -> Response:
        if c.p1 != 0 or c.p2 != p.PinReference.USER:
            return Response.status(SW.INCORRECT_P1P2)
        try:
            admin, new = p.unpack_two_pins(c.data)
        except ValueError:
            return Response.status(SW.WRONG_DATA)
        try:
            if self._admin_tries == 0:
                return Response.status(SW.AUTH_METHOD_BLOCKED)
            if not (cert_pin.length_ok(admin) and cert_pin.length_ok(new)):
                return Response.status(SW.WRONG_LENGTH)
            # The hall may set the default again (forcing a change at next use), so only the
            # character rule applies here, not the weak-PIN rules.
            weakness = cert_pin.check_new_pin(new)
            if weakness is cert_pin.PinWeakness.INVALID_CHARACTERS:
                return Response.status(SW.WRONG_DATA)
            failure = self._check_pin(p.PinReference.ADMIN, admin)
            if failure is not None:
                return failure
            zero(self._user_pin)
            self._user_pin = bytearray(new)
            self._user_tries = self._user_max
            self._user_verified = False
            return Response.status(SW.OK)
        finally:
            zero(admin)
            zero(new)

    # -- challenge, signature, data objects ----------------------------------------------------

    def _get_challenge(self, c: Command) -> Response:
        if c.p1 or c.p2:
            return Response.status(SW.INCORRECT_P1P2)
        if c.data or c.le not in CHALLENGE_LENGTHS:
            return Response.status(SW.WRONG_LENGTH)
        self._challenge = self._random_bytes(c.le)
        return Response(self._challenge, SW.OK)

    def _sign(self, c: Command) -> Response:
        if (c.p1, c.p2) != (p.P1_PSO_SIGNATURE, p.P2_PSO_DIGEST):
            return Response.status(SW.INCORRECT_P1P2)
        if len(c.data) != sm2.DIGEST_BYTES:
            return Response.status(SW.WRONG_LENGTH)
        if not self._user_verified:
            return Response.status(SW.SECURITY_STATUS_NOT_SATISFIED)
        signature = sm2.sign_digest(self._identity.signing_private_value, bytes(c.data))
        return self._with_data(c, Response(signature, SW.OK))

    def _get_data(self, c: Command) -> Response:
        if not self._app_selected:
            return Response.status(SW.CONDITIONS_NOT_SATISFIED)
        selector = c.p1 << 8 | c.p2
        if selector == p.P1P2_TOKEN_INFO:
            identity = self._identity
            flags = p.FLAG_DEFAULT_PIN if cert_pin.is_default(self._user_pin) else 0
            body = b"".join(
                (
                    p.tlv(p.TAG_SERIAL, identity.serial.encode("ascii")),
                    p.tlv(p.TAG_LABEL, identity.label.encode("utf-8")),
                    p.tlv(p.TAG_MEDIUM, bytes((p.MEDIUM_CODES[identity.medium],))),
                    p.tlv(p.TAG_FLAGS, bytes((flags,))),
                    p.tlv(p.TAG_USER_MAX_TRIES, bytes((self._user_max,))),
                    p.tlv(p.TAG_VERSION, bytes(p.APP_VERSION)),
                )
            )
            return Response(body, SW.OK)
        if selector == p.P1P2_PIN_INFO:
            body = b"".join(
                (
                    p.tlv(p.TAG_USER_TRIES_LEFT, bytes((self._user_tries,))),
                    p.tlv(p.TAG_USER_TRIES_MAX, bytes((self._user_max,))),
                    p.tlv(p.TAG_ADMIN_TRIES_LEFT, bytes((self._admin_tries,))),
                    p.tlv(p.TAG_ADMIN_TRIES_MAX, bytes((self._admin_max,))),
                )
            )
            return Response(body, SW.OK)
        return Response.status(SW.REFERENCE_NOT_FOUND)
