"""The in-process fake backend: readers, cards, the service and APDUs, as testers script them."""

from __future__ import annotations

import threading
import time

import pytest

from kiosk.devices.cards.fake_backend import (
    DEFAULT_FAKE_READER,
    FakeBackend,
    StubCard,
    atr_with_tck,
)
from kiosk.devices.cards.transport import CardError, CardFailure, CardTransport

SELECT = bytes.fromhex("00A4040000")


def read_file(transport: CardTransport, chunk: int = 0x80) -> bytes:
    data = b""
    while True:
        response = transport.transmit(bytes([0, 0xB0, len(data) >> 8, len(data) & 0xFF, chunk]))
        data += response[:-2]
        if response[-2:] != b"\x90\x00":
            return data


def test_atr_check_byte_makes_the_xor_of_t0_to_tck_zero() -> None:
    atr = atr_with_tck(b"ABC")
    assert atr[:4] == bytes.fromhex("3B838001")
    check = 0
    for byte in atr[1:]:
        check ^= byte
    assert check == 0


def test_readers_connect_and_chunked_read() -> None:
    card = StubCard(file=bytes(range(200)) * 6)
    backend = FakeBackend(["A", "B"])
    backend.insert("B", card)
    states = backend.readers()
    assert [(s.name, s.card_present, s.atr) for s in states] == [
        ("A", False, None),
        ("B", True, StubCard.ATR),
    ]
    transport = backend.connect("B")
    assert transport.atr == StubCard.ATR
    assert transport.transmit(SELECT) == b"\x90\x00"
    assert read_file(transport) == card.file
    assert card.commands[0] == SELECT
    assert backend.transmitted == len(card.commands)


@pytest.mark.parametrize(
    ("reader", "failure"), [("nowhere", CardFailure.NO_READER), ("A", CardFailure.NO_CARD)]
)
def test_connect_failures(reader: str, failure: CardFailure) -> None:
    backend = FakeBackend(["A"])
    with pytest.raises(CardError) as caught:
        backend.connect(reader)
    assert caught.value.failure is failure


def test_removal_ends_the_connection_even_after_reinsertion() -> None:
    card = StubCard()
    backend = FakeBackend()
    backend.insert(DEFAULT_FAKE_READER, card)
    transport = backend.connect(DEFAULT_FAKE_READER)
    assert backend.remove(DEFAULT_FAKE_READER) is card
    assert not card.powered
    with pytest.raises(CardError) as caught:
        transport.transmit(SELECT)
    assert caught.value.failure is CardFailure.REMOVED
    backend.insert(DEFAULT_FAKE_READER, card)
    with pytest.raises(CardError):
        transport.transmit(SELECT)  # a new insertion needs a new connection
    assert backend.connect(DEFAULT_FAKE_READER).transmit(SELECT) == b"\x90\x00"
    assert [s.card_events for s in backend.readers()] == [3]


def test_service_down_fails_every_call_until_it_is_back() -> None:
    backend = FakeBackend()
    backend.insert(DEFAULT_FAKE_READER, StubCard())
    transport = backend.connect(DEFAULT_FAKE_READER)
    backend.stop_service()
    for call in (backend.readers, lambda: backend.connect(DEFAULT_FAKE_READER)):
        with pytest.raises(CardError) as caught:
            call()
        assert caught.value.failure is CardFailure.SERVICE_DOWN
    with pytest.raises(CardError) as caught:
        transport.transmit(SELECT)
    assert caught.value.failure is CardFailure.SERVICE_DOWN
    backend.start_service()
    assert backend.readers()[0].card_present


def test_scripted_failure_hits_the_next_apdu_only() -> None:
    backend = FakeBackend()
    backend.insert(DEFAULT_FAKE_READER, StubCard())
    transport = backend.connect(DEFAULT_FAKE_READER)
    backend.fail_next_transmit(CardFailure.COMMUNICATION)
    with pytest.raises(CardError) as caught:
        transport.transmit(SELECT)
    assert caught.value.failure is CardFailure.COMMUNICATION
    assert transport.transmit(SELECT) == b"\x90\x00"


def test_removal_during_a_slow_apdu_ends_it_at_once() -> None:
    backend = FakeBackend(latency_s=30.0)
    backend.insert(DEFAULT_FAKE_READER, StubCard())
    transport = backend.connect(DEFAULT_FAKE_READER)
    outcome: list[BaseException] = []
    started = time.monotonic()

    def send() -> None:
        try:
            transport.transmit(SELECT)
        except CardError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=send)
    worker.start()
    backend.remove(DEFAULT_FAKE_READER)
    worker.join(5.0)
    assert not worker.is_alive()
    assert isinstance(outcome[0], CardError)
    assert outcome[0].failure is CardFailure.REMOVED
    assert time.monotonic() - started < 5.0


def test_wait_for_change_sees_changes_timeouts_and_interrupts() -> None:
    backend = FakeBackend()
    backend.readers()
    assert backend.wait_for_change(0.01) is False  # nothing changed
    backend.add_reader("Second")
    assert backend.wait_for_change(5.0) is True
    backend.readers()
    threading.Timer(0.05, backend.interrupt).start()
    started = time.monotonic()
    assert backend.wait_for_change(10.0) is False
    assert time.monotonic() - started < 5.0
    backend.remove_reader("Second")
    assert backend.wait_for_change(5.0) is True
    assert [s.name for s in backend.readers()] == [DEFAULT_FAKE_READER]


def test_stub_card_answers_errors_with_status_words() -> None:
    card = StubCard(file=b"x" * 10)
    assert card.process(b"\x00") == b"\x67\x00"
    assert card.process(bytes.fromhex("80A40400")) == b"\x6e\x00"
    assert card.process(bytes.fromhex("00CA0000")) == b"\x6d\x00"
    assert card.process(bytes.fromhex("00B0000000")) == b"x" * 10 + b"\x62\x82"
    assert card.process(bytes.fromhex("00B0000000000C")) == b"x" * 10 + b"\x62\x82"
    assert card.process(bytes.fromhex("00B0000004")) == b"xxxx\x90\x00"
    assert card.process(bytes.fromhex("00B0010004")) == b"\x6b\x00"
