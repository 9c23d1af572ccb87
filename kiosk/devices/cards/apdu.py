"""ISO 7816-4 APDUs: commands and responses, status words, the 61xx/6Cxx dance, a trace.

``send`` is the one way the application client talks to a card: it follows ``61xx`` with
GET RESPONSE (T=0 style "more data available") and re-issues a command answered ``6Cxx``
("wrong Le, exactly xx bytes available") with the right Le. ``TracingTransport`` wraps any
``CardTransport`` and records every exchange for testers, with the data of PIN commands
(VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER) replaced by a marker — including the
Lc byte, which would give the PIN's length away.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum

from kiosk.devices.cards.transport import CardError, CardFailure, CardTransport

SHORT_MAX_DATA = 255
SHORT_MAX_LE = 256
EXTENDED_MAX_LE = 65536
# A card that keeps answering 61xx/6Cxx forever is broken; stop after this many rounds.
MAX_CHAINED_RESPONSES = 256

INS_VERIFY = 0x20
INS_CHANGE_REFERENCE_DATA = 0x24
INS_RESET_RETRY_COUNTER = 0x2C
INS_GET_RESPONSE = 0xC0
PIN_INSTRUCTIONS = frozenset({INS_VERIFY, INS_CHANGE_REFERENCE_DATA, INS_RESET_RETRY_COUNTER})
PIN_REDACTED = "<PIN data redacted>"


class ApduFormatError(ValueError):
    """Bytes that are not a well-formed APDU (the card answers 6700)."""


class SW(IntEnum):
    """The status words this project sends or handles (ISO 7816-4 §5.6)."""

    OK = 0x9000
    END_OF_FILE = 0x6282  # fewer bytes than Le: the end of the file was reached
    MEMORY_FAILURE = 0x6581
    WRONG_LENGTH = 0x6700
    SECURITY_STATUS_NOT_SATISFIED = 0x6982
    AUTH_METHOD_BLOCKED = 0x6983
    CONDITIONS_NOT_SATISFIED = 0x6985
    COMMAND_NOT_ALLOWED_NO_EF = 0x6986
    WRONG_DATA = 0x6A80
    FUNCTION_NOT_SUPPORTED = 0x6A81
    FILE_NOT_FOUND = 0x6A82
    INCORRECT_P1P2 = 0x6A86
    REFERENCE_NOT_FOUND = 0x6A88
    WRONG_P1P2 = 0x6B00  # offset outside the file
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00
    NO_PRECISE_DIAGNOSIS = 0x6F00


_SW_TEXT = {
    SW.OK: "success",
    SW.END_OF_FILE: "end of file reached before Le bytes",
    SW.MEMORY_FAILURE: "memory failure",
    SW.WRONG_LENGTH: "wrong length",
    SW.SECURITY_STATUS_NOT_SATISFIED: "security status not satisfied",
    SW.AUTH_METHOD_BLOCKED: "authentication method blocked",
    SW.CONDITIONS_NOT_SATISFIED: "conditions of use not satisfied",
    SW.COMMAND_NOT_ALLOWED_NO_EF: "command not allowed (no current EF)",
    SW.WRONG_DATA: "incorrect parameters in the data field",
    SW.FUNCTION_NOT_SUPPORTED: "function not supported",
    SW.FILE_NOT_FOUND: "file or application not found",
    SW.INCORRECT_P1P2: "incorrect parameters P1-P2",
    SW.REFERENCE_NOT_FOUND: "referenced data not found",
    SW.WRONG_P1P2: "wrong parameters P1-P2 (offset outside the file)",
    SW.INS_NOT_SUPPORTED: "instruction not supported",
    SW.CLA_NOT_SUPPORTED: "class not supported",
    SW.NO_PRECISE_DIAGNOSIS: "no precise diagnosis",
}


def retries_left(sw: int) -> int | None:
    """x for 63Cx (verification failed, x tries left), else None."""
    return sw & 0x0F if sw & 0xFFF0 == 0x63C0 else None


def describe_sw(sw: int) -> str:
    """'6982 security status not satisfied' — for details lines and the trace."""
    if sw in _SW_TEXT:
        text = _SW_TEXT[SW(sw)]
    elif (tries := retries_left(sw)) is not None:
        text = f"verification failed, {tries} tries left"
    elif sw >> 8 == 0x61:
        text = f"{sw & 0xFF or 256} more bytes available"
    elif sw >> 8 == 0x6C:
        text = f"wrong Le, {sw & 0xFF or 256} bytes available"
    else:
        text = "unknown status"
    return f"{sw:04X} {text}"


@dataclass(frozen=True)
class Command:
    """A C-APDU. ``le`` None = no response data expected; 1..65536 (256 is sent as 00 in
    short form). ``data`` may be a ``bytearray`` the caller zeroes afterwards (PINs)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes | bytearray = b""
    le: int | None = None

    def __post_init__(self) -> None:
        for name in ("cla", "ins", "p1", "p2"):
            if not 0 <= getattr(self, name) <= 0xFF:
                raise ValueError(f"{name} must be one byte")
        if len(self.data) > 65535:
            raise ValueError("at most 65535 data bytes")
        if self.le is not None and not 1 <= self.le <= EXTENDED_MAX_LE:
            raise ValueError("le must be 1..65536 or None")

    @property
    def extended(self) -> bool:
        return len(self.data) > SHORT_MAX_DATA or (self.le or 0) > SHORT_MAX_LE

    def with_le(self, le: int) -> Command:
        return Command(self.cla, self.ins, self.p1, self.p2, self.data, le)

    def encode(self) -> bytearray:
        """The APDU bytes, as a bytearray the caller can zero (it holds the data)."""
        out = bytearray((self.cla, self.ins, self.p1, self.p2))
        if self.extended:
            if self.data:
                out += b"\x00" + len(self.data).to_bytes(2, "big") + self.data
            if self.le is not None:
                le_bytes = (self.le % EXTENDED_MAX_LE).to_bytes(2, "big")
                out += le_bytes if self.data else b"\x00" + le_bytes
            return out
        if self.data:
            out.append(len(self.data))
            out += self.data
        if self.le is not None:
            out.append(self.le % SHORT_MAX_LE)
        return out

    @classmethod
    def decode(cls, raw: bytes | bytearray) -> Command:
        """Parse any of the seven ISO cases (1, 2S, 3S, 4S, 2E, 3E, 4E)."""
        if len(raw) < 4:
            raise ApduFormatError("an APDU has at least 4 header bytes")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:  # case 2S
            return cls(cla, ins, p1, p2, le=body[0] or SHORT_MAX_LE)
        if body[0] != 0:  # short, with data
            lc = body[0]
            if len(body) == 1 + lc:
                return cls(cla, ins, p1, p2, bytes(body[1:]))
            if len(body) == 2 + lc:
                return cls(cla, ins, p1, p2, bytes(body[1 : 1 + lc]), body[-1] or SHORT_MAX_LE)
            raise ApduFormatError("Lc does not match the data length")
        # extended: 00 then two bytes
        if len(body) == 3:  # case 2E
            return cls(cla, ins, p1, p2, le=int.from_bytes(body[1:3], "big") or EXTENDED_MAX_LE)
        lc = int.from_bytes(body[1:3], "big")
        if lc == 0 or len(body) < 3 + lc:
            raise ApduFormatError("extended Lc does not match the data length")
        data = bytes(body[3 : 3 + lc])
        rest = body[3 + lc :]
        if not rest:
            return cls(cla, ins, p1, p2, data)
        if len(rest) == 2:
            return cls(cla, ins, p1, p2, data, int.from_bytes(rest, "big") or EXTENDED_MAX_LE)
        raise ApduFormatError("trailing bytes after the extended data")


@dataclass(frozen=True)
class Response:
    data: bytes
    sw: int

    @property
    def sw1(self) -> int:
        return self.sw >> 8

    @property
    def sw2(self) -> int:
        return self.sw & 0xFF

    @property
    def ok(self) -> bool:
        return self.sw == SW.OK

    def encode(self) -> bytes:
        return self.data + self.sw.to_bytes(2, "big")

    @classmethod
    def decode(cls, raw: bytes) -> Response:
        if len(raw) < 2:
            raise CardError(CardFailure.COMMUNICATION, f"R-APDU of {len(raw)} bytes")
        return cls(bytes(raw[:-2]), int.from_bytes(raw[-2:], "big"))

    @classmethod
    def status(cls, sw: int) -> Response:
        return cls(b"", sw)


def _transmit(transport: CardTransport, command: Command) -> Response:
    raw = command.encode()
    try:
        # The transport takes bytes: one short-lived immutable copy of a PIN APDU is the
        # price of the seam (pyscard copies it again into a list anyway).
        return Response.decode(transport.transmit(bytes(raw)))
    finally:
        raw[:] = bytes(len(raw))


def send(transport: CardTransport, command: Command) -> Response:
    """Transmit ``command``; follow 61xx with GET RESPONSE and re-issue on 6Cxx.

    The returned Response carries all data gathered and the final status word.
    """
    response = _transmit(transport, command)
    data = bytearray()
    for _ in range(MAX_CHAINED_RESPONSES):
        if response.sw1 == 0x6C:
            response = _transmit(transport, command.with_le(response.sw2 or SHORT_MAX_LE))
            continue
        if response.sw1 == 0x61:
            data += response.data
            # CLA keeps only the logical channel bits of the original command.
            le = response.sw2 or SHORT_MAX_LE
            get_response = Command(command.cla & 0x03, INS_GET_RESPONSE, 0, 0, le=le)
            response = _transmit(transport, get_response)
            continue
        return Response(bytes(data + response.data), response.sw)
    raise CardError(CardFailure.COMMUNICATION, "the card kept answering 61xx/6Cxx")


# -- the trace -------------------------------------------------------------------------------


def redacted_hex(command: bytes | bytearray) -> str:
    """The C-APDU as hex, with the Lc/data/Le of PIN instructions hidden."""
    if len(command) > 4 and command[1] in PIN_INSTRUCTIONS:
        return f"{bytes(command[:4]).hex(' ').upper()} {PIN_REDACTED}"
    return bytes(command).hex(" ").upper()


@dataclass(frozen=True)
class TraceEntry:
    at: float  # time.monotonic() when the command was sent
    reader: str
    command: str  # redacted hex
    response_data: str  # hex (at most ``TRACE_DATA_BYTES`` bytes, then "…")
    response_length: int
    sw: int | None  # None when the transport raised
    elapsed_ms: float
    error: str = ""

    def line(self) -> str:
        if self.sw is None:
            outcome = f"ERROR {self.error}"
        else:
            outcome = f"{describe_sw(self.sw)} ({self.response_length} bytes)"
        return f"> {self.command}\n< {outcome} {self.elapsed_ms:.1f} ms"


TRACE_DATA_BYTES = 48


@dataclass
class ApduTrace:
    """A bounded, thread-safe list of exchanges, for the tester screen and ``kiosk devices``."""

    limit: int = 500
    _entries: list[TraceEntry] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, entry: TraceEntry) -> None:
        with self._lock:
            self._entries.append(entry)
            del self._entries[: -self.limit]

    def entries(self) -> list[TraceEntry]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class TracingTransport:
    """A ``CardTransport`` that records every exchange of the transport it wraps."""

    def __init__(
        self,
        inner: CardTransport,
        trace: ApduTrace,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._trace = trace
        self._clock = clock

    @property
    def reader(self) -> str:
        return self._inner.reader

    @property
    def atr(self) -> bytes:
        return self._inner.atr

    def transmit(self, command: bytes) -> bytes:
        started = self._clock()
        shown = redacted_hex(command)
        try:
            raw = self._inner.transmit(command)
        except CardError as error:
            self._trace.record(
                TraceEntry(started, self.reader, shown, "", 0, None, self._ms(started), str(error))
            )
            raise
        data = raw[:-2]
        preview = data[:TRACE_DATA_BYTES].hex(" ").upper()
        if len(data) > TRACE_DATA_BYTES:
            preview += " …"
        sw = int.from_bytes(raw[-2:], "big") if len(raw) >= 2 else None
        self._trace.record(
            TraceEntry(started, self.reader, shown, preview, len(data), sw, self._ms(started))
        )
        return raw

    def close(self) -> None:
        self._inner.close()

    def _ms(self, started: float) -> float:
        return (self._clock() - started) * 1000
