"""Our card monitoring loop: one owner thread for all card I/O (not pyscard's CardMonitor).

The owner thread scans the backend at start, then waits for changes (``wait_for_change``)
and turns each difference into events: readers added/removed, cards inserted/removed, the
smart-card service going down and coming back (``MonitorState``), retried with exponential
backoff. Everything that touches a card runs on this thread: ``submit`` a job and get a
``Future``; ``connect`` gives a transport that refuses to be used from any other thread and
that the monitor closes itself when its card goes (before telling anyone). Events go to one
callback, called on the owner thread — the UI bridges it to Qt signals; no Qt here.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from kiosk.devices.cards.backend import Backend, ReaderState
from kiosk.devices.cards.transport import CardError, CardFailure, CardTransport

log = logging.getLogger(__name__)

T = TypeVar("T")


class MonitorState(Enum):
    STARTING = "starting"  # before the first scan
    READY = "ready"  # the service answers (there may be no reader)
    SERVICE_DOWN = "service_down"  # pcscd not reachable: retrying with backoff
    STOPPED = "stopped"


class CardEventKind(Enum):
    STATE = "state"  # the monitor's state changed: see CardEvent.state / failure
    READER_ADDED = "reader_added"
    READER_REMOVED = "reader_removed"
    CARD_INSERTED = "card_inserted"
    CARD_REMOVED = "card_removed"


@dataclass(frozen=True, slots=True)
class CardEvent:
    kind: CardEventKind
    state: MonitorState
    readers: tuple[ReaderState, ...]  # every reader as of the scan that made this event
    reader: str | None = None
    atr: bytes | None = None  # CARD_INSERTED
    # True for what the start-up scan (or the first scan after the service came back)
    # found: a card that was already in, not one inserted while the kiosk watched.
    initial: bool = False
    failure: CardError | None = None  # STATE → SERVICE_DOWN: why


CardListener = Callable[[CardEvent], None]


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delays between attempts to reach a stopped service: initial, ×factor, capped."""

    initial_s: float = 0.1
    factor: float = 2.0
    max_s: float = 5.0

    def delay(self, attempt: int) -> float:
        return float(min(self.max_s, self.initial_s * self.factor**attempt))


class OwnedTransport:
    """A ``CardTransport`` handed out by the monitor: owner thread only, closed on removal."""

    def __init__(self, inner: CardTransport, monitor: CardMonitor) -> None:
        self._inner = inner
        self._monitor = monitor
        self._closed = False

    @property
    def reader(self) -> str:
        return self._inner.reader

    @property
    def atr(self) -> bytes:
        return self._inner.atr

    @property
    def closed(self) -> bool:
        return self._closed

    def transmit(self, command: bytes) -> bytes:
        self._monitor.check_owner_thread()
        if self._closed:
            raise CardError(CardFailure.REMOVED, "the monitor closed this connection")
        return self._inner.transmit(command)

    def close(self) -> None:
        self._monitor.check_owner_thread()
        self._monitor._forget(self)
        self._close_inner()

    def _close_inner(self) -> None:
        if not self._closed:
            self._closed = True
            try:
                self._inner.close()
            except CardError as exc:  # the card or service is gone already
                log.debug("closing a card connection: %s", exc)


class CardMonitor:
    def __init__(
        self,
        backend: Backend,
        listener: CardListener,
        *,
        backoff: Backoff | None = None,
        poll_s: float = 0.5,
        name: str = "card-owner",
    ) -> None:
        """``poll_s`` bounds one wait for changes: backends without change notification
        are listed again that often, and a job submitted at an unlucky instant waits no
        longer than that."""
        self.backend = backend
        self._listener = listener
        self._backoff = backoff or Backoff()
        self._poll_s = poll_s
        self._name = name
        self._lock = threading.Lock()
        self._state = MonitorState.STARTING
        self._readers: tuple[ReaderState, ...] = ()
        self._jobs: queue.SimpleQueue[tuple[Callable[[], object], Future[object]]] = (
            queue.SimpleQueue()
        )
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._transports: list[OwnedTransport] = []  # owner thread only

    # -- for everyone ------------------------------------------------------------------

    @property
    def state(self) -> MonitorState:
        with self._lock:
            return self._state

    @property
    def readers(self) -> tuple[ReaderState, ...]:
        """The readers as last scanned (empty while the service is down)."""
        with self._lock:
            return self._readers

    def start(self) -> None:
        with self._lock:
            if self._thread is not None:
                raise RuntimeError("the card monitor was started already")
            self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Close every connection and the backend on the owner thread, then return."""
        with self._lock:
            self._stopping = True
            thread = self._thread
        self._wake.set()
        self.backend.interrupt()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)

    def is_owner_thread(self) -> bool:
        return self._thread is not None and threading.current_thread() is self._thread

    def check_owner_thread(self) -> None:
        if not self.is_owner_thread():
            raise RuntimeError(
                "card I/O off the card owner thread: run it through CardMonitor.submit()"
            )

    def submit(self, job: Callable[[], T]) -> Future[T]:
        """Run ``job`` on the owner thread; its result or exception comes in the future.
        Jobs run one at a time, in order, between waits for card changes."""
        future: Future[T] = Future()
        with self._lock:
            if self._stopping:
                raise RuntimeError("the card monitor is stopped")
            # Future is invariant; the queue holds (job, its own future) pairs only.
            self._jobs.put((job, future))  # type: ignore[arg-type]
        self._wake.set()
        self.backend.interrupt()
        return future

    def connect(self, reader: str | None = None) -> Future[OwnedTransport]:
        """Connect to the card in ``reader`` (None: the first reader holding a card).
        The transport is for jobs on the owner thread; the monitor closes it when the card
        is removed, the reader unplugged, the service stops or the monitor stops."""
        return self.submit(lambda: self._connect(reader))

    # -- the owner thread --------------------------------------------------------------

    def _run(self) -> None:
        attempt = 0
        next_try = 0.0
        rescan = True
        while not self._stopping:
            rescan = self._run_jobs() or rescan
            if self._stopping:
                break
            if self.state is not MonitorState.READY and time.monotonic() < next_try:
                self._wake.wait(max(0.0, next_try - time.monotonic()))
                self._wake.clear()
                continue
            if rescan:
                try:
                    self._scan()
                    attempt = 0
                    rescan = False
                except CardError as exc:
                    self._scan_failed(exc)
                    next_try = time.monotonic() + self._backoff.delay(attempt)
                    attempt += 1
                    continue
            self._wake.clear()
            if not self._jobs.empty():
                continue
            try:
                rescan = self.backend.wait_for_change(self._poll_s)
            except CardError:
                rescan = True  # the scan says what happened
        self._shutdown()

    def _run_jobs(self) -> bool:
        """Run queued jobs; True if one saw the card or service go (rescan now)."""
        rescan = False
        while True:
            try:
                job, future = self._jobs.get_nowait()
            except queue.Empty:
                return rescan
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(job())
            except CardError as exc:
                if exc.failure in (CardFailure.REMOVED, CardFailure.SERVICE_DOWN):
                    rescan = True
                future.set_exception(exc)
            except BaseException as exc:  # the caller gets it through the future
                future.set_exception(exc)

    def _connect(self, reader: str | None) -> OwnedTransport:
        if self.state is MonitorState.SERVICE_DOWN:
            raise CardError(CardFailure.SERVICE_DOWN, "the card monitor is retrying")
        if reader is None:
            readers = self.readers
            if not readers:
                raise CardError(CardFailure.NO_READER)
            holding = [r for r in readers if r.card_present]
            if not holding:
                raise CardError(CardFailure.NO_CARD)
            reader = holding[0].name
        transport = OwnedTransport(self.backend.connect(reader), self)
        self._transports.append(transport)
        return transport

    def _forget(self, transport: OwnedTransport) -> None:
        if transport in self._transports:
            self._transports.remove(transport)

    def _close_transports(self, reader: str | None = None) -> None:
        for transport in list(self._transports):
            if reader is None or transport.reader == reader:
                self._transports.remove(transport)
                transport._close_inner()

    def _scan(self) -> None:
        new = tuple(self.backend.readers())
        with self._lock:
            old = self._readers
            was = self._state
            self._state = MonitorState.READY
            self._readers = new
        initial = was is not MonitorState.READY
        events: list[CardEvent] = []
        if initial:
            events.append(CardEvent(CardEventKind.STATE, MonitorState.READY, new))
        before = {r.name: r for r in old}
        after = {r.name: r for r in new}

        def event(kind: CardEventKind, reader: ReaderState) -> None:
            atr = reader.atr if kind is CardEventKind.CARD_INSERTED else None
            events.append(
                CardEvent(kind, MonitorState.READY, new, reader.name, atr, initial=initial)
            )

        for name, gone in before.items():
            if name not in after:
                if gone.card_present:
                    self._close_transports(name)
                    event(CardEventKind.CARD_REMOVED, gone)
                event(CardEventKind.READER_REMOVED, gone)
        for name, now in after.items():
            previous = before.get(name)
            if previous is None:
                event(CardEventKind.READER_ADDED, now)
                if now.card_present:
                    event(CardEventKind.CARD_INSERTED, now)
                continue
            swapped = previous.card_events != now.card_events or previous.atr != now.atr
            if previous.card_present and (not now.card_present or swapped):
                self._close_transports(name)
                event(CardEventKind.CARD_REMOVED, previous)
            if now.card_present and (not previous.card_present or swapped):
                event(CardEventKind.CARD_INSERTED, now)
        self._emit(events)

    def _scan_failed(self, error: CardError) -> None:
        if error.failure is not CardFailure.SERVICE_DOWN:
            log.warning("listing card readers failed: %s", error)
        with self._lock:
            old = self._readers
            was = self._state
            self._state = MonitorState.SERVICE_DOWN
            self._readers = ()
        if was is MonitorState.SERVICE_DOWN:
            return
        # Whatever was there is unreachable now: a certificate session must end.
        self._close_transports()
        events: list[CardEvent] = []
        for reader in old:
            if reader.card_present:
                events.append(
                    CardEvent(
                        CardEventKind.CARD_REMOVED, MonitorState.SERVICE_DOWN, (), reader.name
                    )
                )
            events.append(
                CardEvent(CardEventKind.READER_REMOVED, MonitorState.SERVICE_DOWN, (), reader.name)
            )
        events.append(CardEvent(CardEventKind.STATE, MonitorState.SERVICE_DOWN, (), failure=error))
        self._emit(events)

    def _shutdown(self) -> None:
        self._close_transports()
        try:
            self.backend.close()
        except CardError as exc:
            log.debug("closing the card backend: %s", exc)
        with self._lock:
            self._state = MonitorState.STOPPED
            self._readers = ()
        while True:  # nobody will run these any more
            try:
                _job, future = self._jobs.get_nowait()
            except queue.Empty:
                break
            future.cancel()
        self._emit([CardEvent(CardEventKind.STATE, MonitorState.STOPPED, ())])

    def _emit(self, events: list[CardEvent]) -> None:
        for event in events:
            try:
                self._listener(event)
            except Exception:
                log.exception("card event listener failed on %s", event.kind.name)
