"""The card owner thread on the fake backend: scans, events, service down and back, jobs."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from kiosk.devices.cards.backend import ReaderState
from kiosk.devices.cards.fake_backend import DEFAULT_FAKE_READER, FakeBackend, StubCard
from kiosk.devices.cards.monitor import (
    Backoff,
    CardEvent,
    CardEventKind,
    CardMonitor,
    MonitorState,
    OwnedTransport,
)
from kiosk.devices.cards.transport import CardError, CardFailure
from tests.kiosk.devices.cards_backends.card_events import EventRecorder

SELECT = bytes.fromhex("00A4040000")
K = CardEventKind
FAST = Backoff(initial_s=0.02, factor=2.0, max_s=0.1)


class CountingBackend(FakeBackend):
    """Remembers when the monitor listed readers (to see the backoff)."""

    def __init__(self, *args: str) -> None:
        super().__init__(args or (DEFAULT_FAKE_READER,))
        self.listed_at: list[float] = []

    def readers(self) -> list[ReaderState]:
        self.listed_at.append(time.monotonic())
        return super().readers()


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


@pytest.fixture
def recorder() -> EventRecorder:
    return EventRecorder()


@pytest.fixture
def monitor(backend: FakeBackend, recorder: EventRecorder) -> Iterator[CardMonitor]:
    card_monitor = CardMonitor(backend, recorder, backoff=FAST, poll_s=0.2)
    yield card_monitor
    card_monitor.stop()


def test_start_up_scan_reports_cards_already_in(
    backend: FakeBackend, recorder: EventRecorder, monitor: CardMonitor
) -> None:
    backend.insert(DEFAULT_FAKE_READER, StubCard())
    monitor.start()
    inserted = recorder.wait_kind(K.CARD_INSERTED)
    assert inserted.initial
    assert inserted.atr == StubCard.ATR
    assert inserted.reader == DEFAULT_FAKE_READER
    assert recorder.kinds() == [
        (K.STATE, None),
        (K.READER_ADDED, DEFAULT_FAKE_READER),
        (K.CARD_INSERTED, DEFAULT_FAKE_READER),
    ]
    assert recorder.events[0].state is MonitorState.READY
    assert monitor.state is MonitorState.READY
    assert recorder.threads == {"card-owner"}  # the callback runs on the owner thread


def test_insert_and_remove_while_watching(
    backend: FakeBackend, recorder: EventRecorder, monitor: CardMonitor
) -> None:
    monitor.start()
    recorder.wait_kind(K.READER_ADDED)
    backend.insert(DEFAULT_FAKE_READER, StubCard())
    inserted = recorder.wait_kind(K.CARD_INSERTED)
    assert not inserted.initial
    assert monitor.readers[0].card_present
    backend.remove(DEFAULT_FAKE_READER)
    removed = recorder.wait_kind(K.CARD_REMOVED, timeout_s=1.0)
    assert removed.reader == DEFAULT_FAKE_READER
    assert not monitor.readers[0].card_present


def test_the_connection_is_closed_before_the_removal_is_told(
    backend: FakeBackend, monitor: CardMonitor
) -> None:
    seen: list[bool] = []
    transports: list[OwnedTransport] = []
    backend.insert(DEFAULT_FAKE_READER, StubCard())

    def listener(event: CardEvent) -> None:
        if event.kind is K.CARD_REMOVED:
            seen.append(transports[0].closed)

    recorder = EventRecorder()

    def both(event: CardEvent) -> None:
        listener(event)
        recorder(event)

    watched = CardMonitor(backend, both, poll_s=0.2)
    watched.start()
    try:
        transport = watched.connect().result(5.0)
        transports.append(transport)
        assert watched.submit(lambda: transport.transmit(SELECT)).result(5.0) == b"\x90\x00"
        backend.remove(DEFAULT_FAKE_READER)
        recorder.wait_kind(K.CARD_REMOVED)
        assert seen == [True]
        with pytest.raises(CardError) as caught:
            watched.submit(lambda: transport.transmit(SELECT)).result(5.0)
        assert caught.value.failure is CardFailure.REMOVED
    finally:
        watched.stop()


def test_card_io_off_the_owner_thread_is_refused(
    backend: FakeBackend, monitor: CardMonitor
) -> None:
    backend.insert(DEFAULT_FAKE_READER, StubCard())
    monitor.start()
    transport = monitor.connect(DEFAULT_FAKE_READER).result(5.0)
    with pytest.raises(RuntimeError, match="owner thread"):
        transport.transmit(SELECT)
    assert backend.transmitted == 0


def test_two_readers_listed_and_chosen(recorder: EventRecorder) -> None:
    backend = FakeBackend(["Reader A", "Reader B"])
    monitor = CardMonitor(backend, recorder, poll_s=0.2)
    monitor.start()
    try:
        recorder.wait_kind(K.READER_ADDED, count=2)
        assert [r.name for r in monitor.readers] == ["Reader A", "Reader B"]
        with pytest.raises(CardError) as caught:
            monitor.connect().result(5.0)
        assert caught.value.failure is CardFailure.NO_CARD
        backend.insert("Reader B", StubCard())
        recorder.wait_kind(K.CARD_INSERTED, "Reader B")
        assert monitor.connect().result(5.0).reader == "Reader B"  # the one with a card
        backend.insert("Reader A", StubCard())
        recorder.wait_kind(K.CARD_INSERTED, "Reader A")
        assert monitor.connect("Reader B").result(5.0).reader == "Reader B"
    finally:
        monitor.stop()


def test_reader_unplugged_with_its_card_and_plugged_again(
    backend: FakeBackend, recorder: EventRecorder, monitor: CardMonitor
) -> None:
    backend.insert(DEFAULT_FAKE_READER, StubCard())
    monitor.start()
    recorder.wait_kind(K.CARD_INSERTED)
    backend.remove_reader(DEFAULT_FAKE_READER)
    recorder.wait_kind(K.READER_REMOVED)
    assert recorder.kinds()[-2:] == [
        (K.CARD_REMOVED, DEFAULT_FAKE_READER),
        (K.READER_REMOVED, DEFAULT_FAKE_READER),
    ]
    assert monitor.readers == ()
    with pytest.raises(CardError) as caught:
        monitor.connect().result(5.0)
    assert caught.value.failure is CardFailure.NO_READER
    backend.add_reader("USB Reader 01")
    added = recorder.wait_kind(K.READER_ADDED, "USB Reader 01")
    assert not added.initial


def test_service_down_and_back(
    backend: FakeBackend, recorder: EventRecorder, monitor: CardMonitor
) -> None:
    backend.insert(DEFAULT_FAKE_READER, StubCard())
    monitor.start()
    transport = monitor.connect().result(5.0)
    backend.stop_service()
    down = recorder.wait_state(MonitorState.SERVICE_DOWN)
    assert down.failure is not None and down.failure.failure is CardFailure.SERVICE_DOWN
    assert recorder.kinds()[-3:] == [
        (K.CARD_REMOVED, DEFAULT_FAKE_READER),
        (K.READER_REMOVED, DEFAULT_FAKE_READER),
        (K.STATE, None),
    ]
    assert transport.closed
    assert monitor.state is MonitorState.SERVICE_DOWN
    assert monitor.readers == ()
    with pytest.raises(CardError) as caught:
        monitor.connect().result(5.0)
    assert caught.value.failure is CardFailure.SERVICE_DOWN
    backend.start_service()
    recorder.wait_state(MonitorState.READY, count=2)
    back = recorder.wait_kind(K.CARD_INSERTED, count=2)
    assert back.initial  # found by the first scan after the service came back
    again = monitor.connect().result(5.0)
    assert monitor.submit(lambda: again.transmit(SELECT)).result(5.0) == b"\x90\x00"


def test_the_service_is_retried_with_exponential_backoff(recorder: EventRecorder) -> None:
    backend = CountingBackend()
    backend.stop_service()
    monitor = CardMonitor(backend, recorder, backoff=Backoff(0.05, 2.0, 0.2), poll_s=0.2)
    monitor.start()
    try:
        recorder.wait_state(MonitorState.SERVICE_DOWN)
        deadline = time.monotonic() + 5.0
        while len(backend.listed_at) < 6 and time.monotonic() < deadline:
            recorder.wait_for(lambda _events: True, timeout_s=0.05)
        gaps = [b - a for a, b in zip(backend.listed_at, backend.listed_at[1:], strict=False)]
        expected = [0.05, 0.1, 0.2, 0.2, 0.2]
        assert len(gaps) >= 5
        for gap, delay in zip(gaps, expected, strict=False):
            assert delay * 0.9 <= gap < delay + 1.0
        # only one SERVICE_DOWN told, however many attempts
        assert sum(1 for e in recorder.events if e.state is MonitorState.SERVICE_DOWN) == 1
        backend.start_service()
        recorder.wait_state(MonitorState.READY)
    finally:
        monitor.stop()
    assert Backoff(0.1, 2.0, 5.0).delay(10) == 5.0


def test_removal_mid_command_fails_the_job_and_is_told(
    backend: FakeBackend, recorder: EventRecorder, monitor: CardMonitor
) -> None:
    backend.insert(DEFAULT_FAKE_READER, StubCard())
    monitor.start()
    transport = monitor.connect().result(5.0)
    backend.latency_s = 30.0  # a slow SM2 signature
    signing = monitor.submit(lambda: transport.transmit(bytes.fromhex("802A9E0000")))
    started = time.monotonic()
    while not signing.running():
        recorder.wait_for(lambda _events: True, timeout_s=0.01)
    backend.remove(DEFAULT_FAKE_READER)
    with pytest.raises(CardError) as caught:
        signing.result(5.0)
    assert caught.value.failure is CardFailure.REMOVED
    recorder.wait_kind(K.CARD_REMOVED, timeout_s=1.0)
    assert time.monotonic() - started < 2.0


def test_a_card_swapped_while_busy_is_a_removal_then_an_insertion(
    backend: FakeBackend, recorder: EventRecorder, monitor: CardMonitor
) -> None:
    first, second = StubCard(), StubCard()
    backend.insert(DEFAULT_FAKE_READER, first)
    monitor.start()
    recorder.wait_kind(K.CARD_INSERTED)
    busy = threading.Event()
    release = threading.Event()

    def long_job() -> None:
        busy.set()
        release.wait(5.0)

    job = monitor.submit(long_job)
    assert busy.wait(5.0)
    backend.remove(DEFAULT_FAKE_READER)
    backend.insert(DEFAULT_FAKE_READER, second)
    release.set()
    job.result(5.0)
    recorder.wait_kind(K.CARD_INSERTED, count=2)
    assert recorder.kinds()[-2:] == [
        (K.CARD_REMOVED, DEFAULT_FAKE_READER),
        (K.CARD_INSERTED, DEFAULT_FAKE_READER),
    ]


def test_jobs_run_in_order_on_the_owner_thread_and_carry_exceptions(
    monitor: CardMonitor,
) -> None:
    monitor.start()
    names = [monitor.submit(lambda: threading.current_thread().name) for _ in range(3)]
    assert [f.result(5.0) for f in names] == ["card-owner"] * 3

    def broken() -> int:
        raise ValueError("bad job")

    with pytest.raises(ValueError, match="bad job"):
        monitor.submit(broken).result(5.0)
    assert monitor.submit(lambda: 42).result(5.0) == 42  # the loop lives on


@pytest.mark.expected_log(
    r"^kiosk\.devices\.cards\.monitor: card event listener failed on CARD_INSER",
    r"^kiosk\.devices\.cards\.monitor: card event listener failed on READER_ADD",
    r"^kiosk\.devices\.cards\.monitor: card event listener failed on STATE",
)
def test_a_failing_listener_does_not_stop_the_monitor(backend: FakeBackend) -> None:
    calls: list[CardEventKind] = []

    def listener(event: CardEvent) -> None:
        calls.append(event.kind)
        raise RuntimeError("listener bug")

    monitor = CardMonitor(backend, listener, poll_s=0.2)
    monitor.start()
    try:
        assert monitor.submit(lambda: 1).result(5.0) == 1
        backend.insert(DEFAULT_FAKE_READER, StubCard())
        deadline = time.monotonic() + 5.0
        while K.CARD_INSERTED not in calls and time.monotonic() < deadline:
            monitor.submit(lambda: None).result(5.0)
        assert K.CARD_INSERTED in calls
    finally:
        monitor.stop()


def test_stop_closes_connections_and_refuses_new_jobs(
    backend: FakeBackend, recorder: EventRecorder, monitor: CardMonitor
) -> None:
    backend.insert(DEFAULT_FAKE_READER, StubCard())
    monitor.start()
    transport = monitor.connect().result(5.0)
    monitor.stop()
    assert transport.closed
    assert monitor.state is MonitorState.STOPPED
    assert recorder.events[-1].state is MonitorState.STOPPED
    with pytest.raises(RuntimeError, match="stopped"):
        monitor.submit(lambda: None)
