"""kiosk.devices.cards.apdu: encoding, SW decoding, 61xx/6Cxx handling, the redacting trace."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.devices.cards.apdu import (
    PIN_REDACTED,
    SW,
    ApduFormatError,
    ApduTrace,
    Command,
    Response,
    TracingTransport,
    describe_sw,
    redacted_hex,
    retries_left,
    send,
)
from kiosk.devices.cards.transport import CardError, CardFailure


class ScriptedTransport:
    """Answers from a script of (expected C-APDU hex, R-APDU hex) and checks the order."""

    def __init__(self, script: list[tuple[str, str]]) -> None:
        self._script: Iterator[tuple[str, str]] = iter(script)
        self.remaining = len(script)
        self.sent: list[bytes] = []

    @property
    def reader(self) -> str:
        return "scripted"

    @property
    def atr(self) -> bytes:
        return b"\x3b\x00"

    def transmit(self, command: bytes) -> bytes:
        expected, answer = next(self._script)
        self.remaining -= 1
        self.sent.append(command)
        assert command.hex().upper() == expected.replace(" ", "").upper()
        if answer == "REMOVED":
            raise CardError(CardFailure.REMOVED, "pulled")
        return bytes.fromhex(answer)

    def close(self) -> None:
        pass


# -- encoding and decoding ----------------------------------------------------------------------

ENCODINGS = [
    (Command(0x00, 0x84, 0, 0), "00840000"),  # case 1
    (Command(0x00, 0x84, 0, 0, le=8), "0084000008"),  # case 2S
    (Command(0x00, 0xB0, 0, 0, le=256), "00B0000000"),  # case 2S, Le 256 = 00
    (Command(0x00, 0x20, 0, 0x81, b"12345678"), "0020008108" + b"12345678".hex()),  # 3S
    (Command(0x00, 0xA4, 4, 0, b"\xa0\x01", 256), "00A4040002A00100"),  # case 4S
    (Command(0x00, 0xB0, 0, 0, le=300), "00B0000000012C"),  # case 2E
    (Command(0x00, 0xB0, 0, 0, le=65536), "00B0000000" + "0000"),  # case 2E, Le 65536
    (Command(0x00, 0xD6, 0, 0, bytes(300)), "00D6000000012C" + "00" * 300),  # case 3E
    (Command(0x00, 0x2A, 0x9E, 0x9A, bytes(300), 512), "002A9E9A00012C" + "00" * 300 + "0200"),
]


@pytest.mark.parametrize(("command", "encoded"), ENCODINGS)
def test_encode_and_decode_every_case(command: Command, encoded: str) -> None:
    assert command.encode().hex().upper() == encoded.upper()
    assert Command.decode(bytes.fromhex(encoded)) == command


def test_extended_is_chosen_only_when_needed() -> None:
    assert not Command(0, 0xB0, 0, 0, bytes(255), 256).extended
    assert Command(0, 0xB0, 0, 0, bytes(256)).extended
    assert Command(0, 0xB0, 0, 0, le=257).extended


@pytest.mark.parametrize(
    "raw",
    ["00A404", "00A4040005A0", "00A4040002A0010000", "00A40400000002A0", "00A404000000"],
)
def test_malformed_apdus_are_rejected(raw: str) -> None:
    with pytest.raises(ApduFormatError):
        Command.decode(bytes.fromhex(raw))


@pytest.mark.parametrize(
    "kwargs",
    [{"cla": 256}, {"p1": -1}, {"le": 0}, {"le": 65537}, {"data": bytes(65536)}],
)
def test_command_fields_are_checked(kwargs: dict[str, object]) -> None:
    fields: dict[str, object] = {"cla": 0, "ins": 0xB0, "p1": 0, "p2": 0, **kwargs}
    with pytest.raises(ValueError):
        Command(**fields)  # type: ignore[arg-type]


def test_response_decoding() -> None:
    response = Response.decode(bytes.fromhex("01029000"))
    assert (response.data, response.sw, response.sw1, response.sw2, response.ok) == (
        b"\x01\x02",
        0x9000,
        0x90,
        0x00,
        True,
    )
    assert response.encode() == bytes.fromhex("01029000")
    with pytest.raises(CardError) as caught:
        Response.decode(b"\x90")
    assert caught.value.failure is CardFailure.COMMUNICATION


@pytest.mark.parametrize(
    ("sw", "text", "tries"),
    [
        (0x9000, "9000 success", None),
        (0x63C2, "63C2 verification failed, 2 tries left", 2),
        (0x63C0, "63C0 verification failed, 0 tries left", 0),
        (0x6983, "6983 authentication method blocked", None),
        (0x6982, "6982 security status not satisfied", None),
        (0x6A82, "6A82 file or application not found", None),
        (0x6110, "6110 16 more bytes available", None),
        (0x6100, "6100 256 more bytes available", None),
        (0x6C08, "6C08 wrong Le, 8 bytes available", None),
        (0x6F12, "6F12 unknown status", None),
    ],
)
def test_status_words_are_described(sw: int, text: str, tries: int | None) -> None:
    assert describe_sw(sw) == text
    assert retries_left(sw) == tries


# -- send: 61xx and 6Cxx -----------------------------------------------------------------------


def test_send_plain_exchange() -> None:
    transport = ScriptedTransport([("0084000008", "01020304050607089000")])
    response = send(transport, Command(0, 0x84, 0, 0, le=8))
    assert response == Response(bytes.fromhex("0102030405060708"), SW.OK)
    assert transport.remaining == 0


def test_send_follows_61xx_with_get_response_until_done() -> None:
    transport = ScriptedTransport(
        [
            ("002A9E9A02AABB", "6100"),  # 256 bytes waiting
            ("00C0000000", "11" * 256 + "6104"),
            ("00C0000004", "22222222" + "9000"),
        ]
    )
    response = send(transport, Command(0, 0x2A, 0x9E, 0x9A, b"\xaa\xbb"))
    assert response.data == b"\x11" * 256 + b"\x22" * 4
    assert response.sw == SW.OK
    assert transport.remaining == 0


def test_send_reissues_on_6cxx_with_the_exact_le() -> None:
    transport = ScriptedTransport([("80CA010010", "6C40"), ("80CA010040", "AB" * 64 + "9000")])
    response = send(transport, Command(0x80, 0xCA, 1, 0, le=16))
    assert response.data == b"\xab" * 64
    assert transport.remaining == 0


def test_send_6c00_means_256() -> None:
    transport = ScriptedTransport([("00B0000010", "6C00"), ("00B0000000", "00" * 256 + "9000")])
    assert len(send(transport, Command(0, 0xB0, 0, 0, le=16)).data) == 256


def test_send_6cxx_then_61xx() -> None:
    transport = ScriptedTransport(
        [("00B0000001", "6C02"), ("00B0000002", "0102" + "6101"), ("00C0000001", "03" + "9000")]
    )
    assert send(transport, Command(0, 0xB0, 0, 0, le=1)).data == b"\x01\x02\x03"


def test_send_passes_error_status_words_through() -> None:
    transport = ScriptedTransport([("0020008104" + "31323334", "63C1")])
    assert send(transport, Command(0, 0x20, 0, 0x81, b"1234")).sw == 0x63C1


def test_send_gives_up_on_a_card_that_never_finishes() -> None:
    transport = ScriptedTransport([("00840000", "6101")] + [("00C0000001", "00" + "6101")] * 300)
    with pytest.raises(CardError) as caught:
        send(transport, Command(0, 0x84, 0, 0))
    assert caught.value.failure is CardFailure.COMMUNICATION


def test_send_propagates_removal() -> None:
    transport = ScriptedTransport([("00840000", "6108"), ("00C0000008", "REMOVED")])
    with pytest.raises(CardError) as caught:
        send(transport, Command(0, 0x84, 0, 0))
    assert caught.value.failure is CardFailure.REMOVED


def test_send_leaves_the_callers_pin_buffer_alone_and_sends_it() -> None:
    pin = bytearray(b"Kx7m2Pq9")
    transport = ScriptedTransport([("0020008108" + b"Kx7m2Pq9".hex(), "9000")])
    send(transport, Command(0, 0x20, 0, 0x81, pin))
    assert transport.sent == [bytes.fromhex("0020008108") + b"Kx7m2Pq9"]
    assert pin == b"Kx7m2Pq9"  # zeroing is the caller's (the client's) job


# -- trace -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("ins", ["20", "24", "2C"])
def test_pin_commands_are_redacted_including_lc(ins: str) -> None:
    raw = bytes.fromhex(f"00{ins}0081" + "0A") + b"9876543210"
    shown = redacted_hex(raw)
    assert shown == f"00 {ins} 00 81 {PIN_REDACTED}"
    assert "0A" not in shown.split(PIN_REDACTED)[0][12:]


def test_other_commands_and_empty_verify_are_shown_whole() -> None:
    assert redacted_hex(bytes.fromhex("00200081")) == "00 20 00 81"
    assert redacted_hex(bytes.fromhex("0084000008")) == "00 84 00 00 08"


def test_tracing_transport_records_exchanges_and_errors() -> None:
    ticks = iter([10.0, 10.002, 11.0, 11.5])
    inner = ScriptedTransport([("0020008108" + b"Kx7m2Pq9".hex(), "63C2"), ("00840000", "REMOVED")])
    trace = ApduTrace()
    tracing = TracingTransport(inner, trace, clock=lambda: next(ticks))
    assert tracing.transmit(bytes.fromhex("0020008108") + b"Kx7m2Pq9") == bytes.fromhex("63C2")
    with pytest.raises(CardError):
        tracing.transmit(bytes.fromhex("00840000"))
    first, second = trace.entries()
    assert first.command == f"00 20 00 81 {PIN_REDACTED}"
    assert first.sw == 0x63C2
    assert first.elapsed_ms == pytest.approx(2.0)
    assert "63C2 verification failed, 2 tries left" in first.line()
    assert second.sw is None
    assert "REMOVED" in second.error
    assert "ERROR" in second.line()
    assert tracing.reader == "scripted"


def test_trace_is_bounded_and_clearable() -> None:
    trace = ApduTrace(limit=3)
    inner = ScriptedTransport([("00840000", "9000")] * 5)
    tracing = TracingTransport(inner, trace)
    for _ in range(5):
        tracing.transmit(bytes.fromhex("00840000"))
    assert len(trace.entries()) == 3
    trace.clear()
    assert trace.entries() == []


def test_trace_previews_long_responses() -> None:
    inner = ScriptedTransport([("00B0000000", "AB" * 200 + "9000")])
    trace = ApduTrace()
    TracingTransport(inner, trace).transmit(bytes.fromhex("00B0000000"))
    (entry,) = trace.entries()
    assert entry.response_length == 200
    assert entry.response_data.endswith("…")
    assert entry.response_data.count("AB") == 48
