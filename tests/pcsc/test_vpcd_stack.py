"""The real stack: our vpcd card side serving a card, pcscd, pyscard, our monitor."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator

import pytest

from kiosk.devices.cards import taxukey_protocol as p
from kiosk.devices.cards.fake_backend import StubCard
from kiosk.devices.cards.monitor import CardEventKind, CardMonitor, MonitorState
from kiosk.devices.cards.pcsc_backend import PcscBackend
from kiosk.devices.cards.transport import CardError, CardFailure
from kiosk.devices.cards.vpcd import VPCD_READER, VpcdCard, default_card
from tests.kiosk.devices.cards_backends.card_events import EventRecorder
from tests.pcsc.stack import wait_vpcd_reader

SELECT = bytes.fromhex("00A4040000")
K = CardEventKind


@pytest.fixture
def stub() -> StubCard:
    return StubCard(file=bytes(range(256)) * 5)


@pytest.fixture
def served(vpcd_stack: None, stub: StubCard) -> Iterator[VpcdCard]:
    card = VpcdCard(stub)
    yield card
    card.close()
    wait_vpcd_reader(card_present=False)


def read_file(monitor: CardMonitor, size: int) -> bytes:
    transport = monitor.connect(VPCD_READER).result(5.0)

    def read() -> bytes:
        data = b""
        while len(data) < size:
            chunk = min(0xFF, size - len(data))
            offset = len(data).to_bytes(2, "big")
            response = transport.transmit(bytes([0, 0xB0, *offset, chunk]))
            assert response[-2:] == b"\x90\x00", response[-2:].hex()
            data += response[:-2]
        return data

    return monitor.submit(read).result(5.0)


def test_pcscd_sees_the_served_card_and_apdus_round_trip(
    pcsc_monitor: CardMonitor, recorder: EventRecorder, served: VpcdCard, stub: StubCard
) -> None:
    recorder.wait_state(MonitorState.READY)
    assert VPCD_READER in [r.name for r in pcsc_monitor.readers]
    served.insert()
    inserted = recorder.wait_kind(K.CARD_INSERTED, VPCD_READER, timeout_s=3.0)
    assert inserted.atr == StubCard.ATR
    transport = pcsc_monitor.connect(VPCD_READER).result(5.0)
    assert transport.atr == StubCard.ATR
    assert pcsc_monitor.submit(lambda: transport.transmit(SELECT)).result(5.0) == b"\x90\x00"
    assert SELECT in stub.commands
    assert read_file(pcsc_monitor, len(stub.file)) == stub.file


def test_removal_seen_within_a_second_and_insertion_again(
    pcsc_monitor: CardMonitor, recorder: EventRecorder, served: VpcdCard
) -> None:
    recorder.wait_state(MonitorState.READY)
    served.insert()
    recorder.wait_kind(K.CARD_INSERTED, VPCD_READER, timeout_s=3.0)
    transport = pcsc_monitor.connect(VPCD_READER).result(5.0)
    pulled = time.monotonic()
    served.remove()
    recorder.wait_kind(K.CARD_REMOVED, VPCD_READER, timeout_s=1.0)
    assert time.monotonic() - pulled < 1.0
    assert transport.closed  # the monitor closed it before telling
    with pytest.raises(CardError) as caught:
        pcsc_monitor.submit(lambda: transport.transmit(SELECT)).result(5.0)
    assert caught.value.failure is CardFailure.REMOVED
    served.insert()
    again = recorder.wait_kind(K.CARD_INSERTED, VPCD_READER, count=2, timeout_s=3.0)
    assert not again.initial
    fresh = pcsc_monitor.connect(VPCD_READER).result(5.0)
    assert pcsc_monitor.submit(lambda: fresh.transmit(SELECT)).result(5.0) == b"\x90\x00"


def test_a_card_in_at_start_is_reported_by_the_initial_scan(
    vpcd_stack: None, served: VpcdCard
) -> None:
    served.insert()
    wait_vpcd_reader(card_present=True)
    recorder = EventRecorder()
    monitor = CardMonitor(PcscBackend(), recorder)
    monitor.start()
    try:
        inserted = recorder.wait_kind(K.CARD_INSERTED, VPCD_READER)
        assert inserted.initial
        assert inserted.atr == StubCard.ATR
    finally:
        monitor.stop()


def test_apdus_are_fast_with_quickack(
    pcsc_monitor: CardMonitor, recorder: EventRecorder, served: VpcdCard
) -> None:
    """Without TCP_QUICKACK each APDU takes ~44 ms (stack-notes); with it well under 5 ms."""
    served.insert()
    recorder.wait_kind(K.CARD_INSERTED, VPCD_READER, timeout_s=3.0)
    transport = pcsc_monitor.connect(VPCD_READER).result(5.0)

    def timed() -> list[float]:
        times = []
        for _ in range(40):
            started = time.perf_counter()
            transport.transmit(SELECT)
            times.append(time.perf_counter() - started)
        return times

    times = pcsc_monitor.submit(timed).result(30.0)
    assert statistics.median(times) < 0.02, f"median APDU {statistics.median(times) * 1000:.1f} ms"


def test_the_emulated_tax_ukey_certificate_reads_through_pcscd(
    pcsc_monitor: CardMonitor, recorder: EventRecorder, vpcd_stack: None
) -> None:
    """What ``python -m kiosk.devices.cards.vpcd`` serves: the demo enterprise's emulated
    Tax UKey. Its signing certificate comes back through pcscd byte for byte."""
    model = default_card()
    with VpcdCard(model) as card:
        card.insert()
        inserted = recorder.wait_kind(K.CARD_INSERTED, VPCD_READER, timeout_s=3.0)
        assert inserted.atr == model.atr
        transport = pcsc_monitor.connect(VPCD_READER).result(5.0)

        def read() -> bytes:
            select_app = bytes([0, p.INS_SELECT, p.P1_SELECT_BY_AID, p.P2_SELECT_NO_DATA])
            assert transport.transmit(select_app + bytes([len(p.AID)]) + p.AID) == b"\x90\x00"
            select_ef = bytes([0, p.INS_SELECT, p.P1_SELECT_EF, p.P2_SELECT_NO_DATA, 2])
            slot = p.CertificateSlot.SIGNING.file_id
            assert transport.transmit(select_ef + slot) == b"\x90\x00"
            data = b""
            while True:
                offset = len(data).to_bytes(2, "big")
                response = transport.transmit(bytes([0, p.INS_READ_BINARY, *offset, 0]))
                if response[-2:] in (b"\x90\x00", b"\x62\x82"):
                    data += response[:-2]
                if response[-2:] != b"\x90\x00":
                    return data

        assert pcsc_monitor.submit(read).result(5.0) == model.identity.signing_certificate
        assert card.apdus >= 3
