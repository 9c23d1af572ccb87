"""The Tax UKey application client: SKF semantics over ISO 7816-4 APDUs (docs/cards.md).

One object per connected card, used on the card owner thread. Every method either returns a
typed result or raises ``TaxKeyError`` (the medium answered, or a host-side check refused a
PIN before anything was sent) — transport failures stay ``CardError`` (REMOVED, ...).
Every PIN argument is a ``bytearray`` and is zeroed before the method returns, whatever
happens.

SKF mapping (for the future vendor-library backend): select → SKF_ConnectDev +
SKF_OpenApplication; token_info → SKF_GetDevInfo; read_certificate → SKF_ExportCertificate;
pin_status → SKF_GetPINInfo; verify → SKF_VerifyPIN; change_pin → SKF_ChangePIN;
unblock → SKF_UnblockPIN; get_challenge → SKF_GenRandom; sign_digest → SKF_ECCSignData.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from kiosk.devices.cards import MediumKind, zero
from kiosk.devices.cards import taxukey_protocol as p
from kiosk.devices.cards.apdu import SW, Command, Response, describe_sw, retries_left, send
from kiosk.devices.cards.taxukey_protocol import CertificateSlot, PinReference
from kiosk.devices.cards.transport import CardFailure, CardTransport
from kiosk.domain import cert_pin, sm2
from kiosk.protocol.messages import ErrorCode, pin_code

__all__ = [
    "DEFAULT_CHUNK",
    "CertificateSlot",
    "MediumOverview",
    "PinReference",
    "PinStatus",
    "TaxKeyError",
    "TaxKeyProblem",
    "TaxUKeyClient",
    "TokenInfo",
]

DEFAULT_CHUNK = 0xF0  # READ BINARY size: under 256 for CCID readers that mishandle Le=00
_NOT_SENT = "checked on the terminal; nothing was sent to the medium"


class TaxKeyProblem(Enum):
    """(catalog code, the user may simply try again). The text is the catalog's; a
    ``{tries}`` in it comes from the status word."""

    WRONG_PIN = (ErrorCode.MEDIUM_WRONG_PIN, True)
    PIN_BLOCKED = (ErrorCode.MEDIUM_PIN_BLOCKED, False)
    PIN_WRONG_LENGTH = (ErrorCode.CERT_PIN_WRONG_LENGTH, True)
    WEAK_PIN = (ErrorCode.MEDIUM_WEAK_PIN, True)
    SAME_AS_OLD = (ErrorCode.CERT_PIN_SAME_AS_OLD, True)
    ADMIN_PIN_WRONG = (ErrorCode.MEDIUM_ADMIN_PIN_WRONG, True)
    ADMIN_PIN_BLOCKED = (ErrorCode.MEDIUM_ADMIN_PIN_BLOCKED, False)
    SECURITY_STATUS = (ErrorCode.MEDIUM_PIN_NOT_VERIFIED, True)
    NOT_FOUND = (ErrorCode.MEDIUM_DATA_NOT_FOUND, False)
    UNSUPPORTED_MEDIUM = (CardFailure.UNSUPPORTED.code, False)
    CARD_ERROR = (ErrorCode.MEDIUM_ERROR, True)

    @property
    def code(self) -> ErrorCode:
        return self.value[0]

    @property
    def can_retry(self) -> bool:
        return self.value[1]


class TaxKeyError(Exception):
    """A refusal from the medium (``sw`` set) or from the host-side PIN rules (``sw`` None)."""

    def __init__(
        self,
        problem: TaxKeyProblem,
        *,
        sw: int | None = None,
        tries_left: int | None = None,
        weakness: cert_pin.PinWeakness | None = None,
    ) -> None:
        self.problem = problem
        self.sw = sw
        self.tries_left = tries_left
        self.weakness = weakness
        super().__init__(f"{problem.name}: {self.details}")

    @property
    def code(self) -> ErrorCode:
        """What the person reads: the rule a new password broke, if that is the refusal."""
        return pin_code(self.weakness) if self.weakness is not None else self.problem.code

    @property
    def details(self) -> str:
        """The details line: the status word, or that the terminal refused it itself."""
        return f"SW {describe_sw(self.sw)}" if self.sw is not None else _NOT_SENT

    @property
    def can_retry(self) -> bool:
        return self.problem.can_retry


@dataclass(frozen=True)
class TokenInfo:
    serial: str
    label: str
    medium: MediumKind
    default_pin: bool  # still the factory 12345678: the kiosk forces a change (R-AC-3)
    max_tries: int
    version: tuple[int, int]


@dataclass(frozen=True)
class PinStatus:
    tries_left: int
    max_tries: int
    admin_tries_left: int
    admin_max_tries: int
    verified: bool  # the certificate password was verified in this card session

    @property
    def blocked(self) -> bool:
        return self.tries_left == 0

    @property
    def warn(self) -> bool:
        """Two or one tries left: the screen warns before entry."""
        return 0 < self.tries_left <= 2


@dataclass(frozen=True)
class MediumOverview:
    """Everything the certificate screen shows on insert, read in one go."""

    token: TokenInfo
    signing_certificate: bytes
    encryption_certificate: bytes | None
    pin: PinStatus


def _pin_failure(sw: int, reference: PinReference) -> TaxKeyError:
    user = reference is PinReference.USER
    tries = retries_left(sw)
    if sw == SW.AUTH_METHOD_BLOCKED or tries == 0:
        return TaxKeyError(
            TaxKeyProblem.PIN_BLOCKED if user else TaxKeyProblem.ADMIN_PIN_BLOCKED,
            sw=sw,
            tries_left=0,
        )
    if tries is not None:
        problem = TaxKeyProblem.WRONG_PIN if user else TaxKeyProblem.ADMIN_PIN_WRONG
        return TaxKeyError(problem, sw=sw, tries_left=tries)
    if sw == SW.WRONG_LENGTH:
        return TaxKeyError(TaxKeyProblem.PIN_WRONG_LENGTH, sw=sw)
    if sw == SW.WRONG_DATA:
        return TaxKeyError(TaxKeyProblem.WEAK_PIN, sw=sw)
    return _general_failure(sw)


def _general_failure(sw: int) -> TaxKeyError:
    if sw == SW.SECURITY_STATUS_NOT_SATISFIED:
        return TaxKeyError(TaxKeyProblem.SECURITY_STATUS, sw=sw)
    if sw in (SW.FILE_NOT_FOUND, SW.REFERENCE_NOT_FOUND):
        return TaxKeyError(TaxKeyProblem.NOT_FOUND, sw=sw)
    if sw == SW.AUTH_METHOD_BLOCKED:
        return TaxKeyError(TaxKeyProblem.PIN_BLOCKED, sw=sw, tries_left=0)
    return TaxKeyError(TaxKeyProblem.CARD_ERROR, sw=sw)


class TaxUKeyClient:
    def __init__(self, transport: CardTransport, *, chunk_size: int = DEFAULT_CHUNK) -> None:
        if not 1 <= chunk_size <= 256:
            raise ValueError("chunk_size is 1..256 (short READ BINARY)")
        self._transport = transport
        self._chunk = chunk_size
        self._selected = False

    @property
    def transport(self) -> CardTransport:
        return self._transport

    # -- plumbing ------------------------------------------------------------------------------

    def _exchange(self, command: Command) -> Response:
        """Send an application command; if the card lost our selection (reset by another
        application: 6985), select again and repeat once."""
        if not self._selected:
            self.select()
        response = send(self._transport, command)
        if response.sw == SW.CONDITIONS_NOT_SATISFIED:
            self.select()
            response = send(self._transport, command)
        return response

    def select(self) -> None:
        """SELECT the Tax UKey application; any refusal means: not a tax medium."""
        self._selected = False
        response = send(
            self._transport, Command(0x00, p.INS_SELECT, p.P1_SELECT_BY_AID, 0, p.AID, 256)
        )
        if not response.ok:
            raise TaxKeyError(TaxKeyProblem.UNSUPPORTED_MEDIUM, sw=response.sw)
        self._selected = True

    def _get_data(self, selector: int) -> dict[int, bytes]:
        command = Command(p.CLA_PROPRIETARY, p.INS_GET_DATA, selector >> 8, selector & 0xFF, le=256)
        response = self._exchange(command)
        if not response.ok:
            raise _general_failure(response.sw)
        try:
            return p.parse_tlvs(response.data)
        except ValueError as error:
            raise TaxKeyError(TaxKeyProblem.CARD_ERROR, sw=response.sw) from error

    # -- reading ------------------------------------------------------------------------------

    def token_info(self) -> TokenInfo:
        fields = self._get_data(p.P1P2_TOKEN_INFO)
        try:
            medium = p.medium_from_code(fields[p.TAG_MEDIUM][0])
            version = fields.get(p.TAG_VERSION, b"\x00\x00")
            info = TokenInfo(
                serial=fields[p.TAG_SERIAL].decode("ascii"),
                label=fields.get(p.TAG_LABEL, b"").decode("utf-8"),
                medium=medium if medium is not None else MediumKind.UKEY,
                default_pin=bool(fields[p.TAG_FLAGS][0] & p.FLAG_DEFAULT_PIN),
                max_tries=fields[p.TAG_USER_MAX_TRIES][0],
                version=(version[0], version[1]),
            )
        except (KeyError, IndexError, UnicodeDecodeError) as error:
            raise TaxKeyError(TaxKeyProblem.CARD_ERROR, sw=SW.OK) from error
        if medium is None:
            raise TaxKeyError(TaxKeyProblem.UNSUPPORTED_MEDIUM, sw=SW.OK)
        return info

    def read_certificate(self, slot: CertificateSlot = CertificateSlot.SIGNING) -> bytes:
        """The DER certificate in ``slot``, read in chunks of ``chunk_size`` bytes."""
        response = self._exchange(
            Command(0x00, p.INS_SELECT, p.P1_SELECT_EF, p.P2_SELECT_FCI, slot.file_id, 256)
        )
        if not response.ok:
            raise _general_failure(response.sw)
        try:
            fcp = p.parse_tlvs(p.parse_tlvs(response.data)[p.TAG_FCP])
            size = int.from_bytes(fcp[p.TAG_FILE_SIZE], "big")
        except (KeyError, ValueError) as error:
            raise TaxKeyError(TaxKeyProblem.CARD_ERROR, sw=response.sw) from error
        content = bytearray()
        while len(content) < size:
            offset = len(content)
            want = min(self._chunk, size - offset)
            chunk = send(
                self._transport,
                Command(0x00, p.INS_READ_BINARY, offset >> 8, offset & 0xFF, le=want),
            )
            if chunk.sw not in (SW.OK, SW.END_OF_FILE) or not chunk.data:
                raise _general_failure(chunk.sw)
            content += chunk.data
        return bytes(content[:size])

    def pin_status(self) -> PinStatus:
        """Tries left without consuming one: GET DATA (counters) + an empty VERIFY (whether
        the password is already verified in this session)."""
        fields = self._get_data(p.P1P2_PIN_INFO)
        probe = self._exchange(Command(0x00, p.INS_VERIFY, 0, PinReference.USER))
        try:
            return PinStatus(
                tries_left=fields[p.TAG_USER_TRIES_LEFT][0],
                max_tries=fields[p.TAG_USER_TRIES_MAX][0],
                admin_tries_left=fields[p.TAG_ADMIN_TRIES_LEFT][0],
                admin_max_tries=fields[p.TAG_ADMIN_TRIES_MAX][0],
                verified=probe.sw == SW.OK,
            )
        except (KeyError, IndexError) as error:
            raise TaxKeyError(TaxKeyProblem.CARD_ERROR, sw=SW.OK) from error

    def read_overview(self) -> MediumOverview:
        token = self.token_info()
        signing = self.read_certificate(CertificateSlot.SIGNING)
        try:
            encryption: bytes | None = self.read_certificate(CertificateSlot.ENCRYPTION)
        except TaxKeyError as error:
            if error.problem is not TaxKeyProblem.NOT_FOUND:
                raise
            encryption = None
        return MediumOverview(token, signing, encryption, self.pin_status())

    # -- PINs ---------------------------------------------------------------------------------

    def verify(self, pin: bytearray) -> None:
        """VERIFY the certificate password. ``pin`` is zeroed."""
        try:
            if not cert_pin.length_ok(pin):
                raise TaxKeyError(TaxKeyProblem.PIN_WRONG_LENGTH)
            response = self._exchange(Command(0x00, p.INS_VERIFY, 0, PinReference.USER, pin))
            if not response.ok:
                raise _pin_failure(response.sw, PinReference.USER)
        finally:
            zero(pin)

    def change_pin(self, old: bytearray, new: bytearray) -> None:
        """CHANGE REFERENCE DATA after the host-side rules (length, weak, same as old). Both
        buffers are zeroed."""
        data = bytearray()
        try:
            if not cert_pin.length_ok(old):
                raise TaxKeyError(TaxKeyProblem.PIN_WRONG_LENGTH)
            weakness = cert_pin.check_new_pin(new, old)
            if weakness is cert_pin.PinWeakness.WRONG_LENGTH:
                raise TaxKeyError(TaxKeyProblem.PIN_WRONG_LENGTH, weakness=weakness)
            if weakness is cert_pin.PinWeakness.SAME_AS_OLD:
                raise TaxKeyError(TaxKeyProblem.SAME_AS_OLD, weakness=weakness)
            if weakness is not None:
                raise TaxKeyError(TaxKeyProblem.WEAK_PIN, weakness=weakness)
            data = p.pack_two_pins(old, new)
            command = Command(0x00, p.INS_CHANGE_REFERENCE_DATA, 0, PinReference.USER, data)
            response = self._exchange(command)
            if not response.ok:
                raise _pin_failure(response.sw, PinReference.USER)
        finally:
            zero(old)
            zero(new)
            zero(data)

    def unblock(self, admin_pin: bytearray, new_pin: bytearray | None = None) -> None:
        """RESET RETRY COUNTER with the admin PIN (hall staff): the certificate password
        becomes ``new_pin`` (default: the factory 12345678, which forces a change at the
        holder's next use) with full tries. Both buffers are zeroed."""
        new = new_pin if new_pin is not None else bytearray(cert_pin.DEFAULT_CERT_PIN)
        data = bytearray()
        try:
            if not (cert_pin.length_ok(admin_pin) and cert_pin.length_ok(new)):
                raise TaxKeyError(TaxKeyProblem.PIN_WRONG_LENGTH)
            data = p.pack_two_pins(admin_pin, new)
            command = Command(0x00, p.INS_RESET_RETRY_COUNTER, 0, PinReference.USER, data)
            response = self._exchange(command)
            if not response.ok:
                raise _pin_failure(response.sw, PinReference.ADMIN)
        finally:
            zero(admin_pin)
            zero(new)
            zero(data)

    # -- challenge and signature ----------------------------------------------------------------

    def get_challenge(self, length: int = 8) -> bytes:
        response = self._exchange(Command(0x00, p.INS_GET_CHALLENGE, 0, 0, le=length))
        if not response.ok or len(response.data) != length:
            raise _general_failure(response.sw)
        return response.data

    def sign_digest(self, digest: bytes) -> bytes:
        """PSO: COMPUTE DIGITAL SIGNATURE over e = SM3(Z‖M) (from ``sm2.sm2_digest``) with the
        signing key; DER r,s. Needs a verified certificate password (else SECURITY_STATUS)."""
        if len(digest) != sm2.DIGEST_BYTES:
            raise ValueError("the digest is 32 bytes (SM3)")
        command = Command(0x00, p.INS_PSO, p.P1_PSO_SIGNATURE, p.P2_PSO_DIGEST, digest, 256)
        response = self._exchange(command)
        if not response.ok or not response.data:
            raise _general_failure(response.sw)
        return response.data

    def sign(
        self, message: bytes, public_key_point: bytes, user_id: bytes = sm2.DEFAULT_USER_ID
    ) -> bytes:
        """Sign ``message`` the SM2 way: the host computes SM3(Z‖M) for the signing
        certificate's key, the token signs the digest."""
        return self.sign_digest(sm2.sm2_digest(public_key_point, message, user_id))
