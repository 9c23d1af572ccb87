"""An in-process card backend that testers and tests script: readers appear and disappear,
cards go in and out, the smart-card service stops and comes back, APDUs get slow or fail.

What vpcd cannot simulate (stack-notes: its slots are fixed, and pcscd stays up) is covered
here. Cards are any ``CardModel`` (the emulated Tax UKey, or ``StubCard`` below). Every
scripting method is thread-safe; the ``Backend`` methods run on the card owner thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.devices.cards.backend import ReaderState
from kiosk.devices.cards.transport import CardError, CardFailure, CardModel

DEFAULT_FAKE_READER = "Fake Reader 00"


def atr_with_tck(historical: bytes) -> bytes:
    """A T=0/T=1 ATR (3B 8x 80 01 ...) around ``historical`` bytes, with its check byte."""
    if len(historical) > 15:
        raise ValueError("at most 15 historical bytes")
    body = bytes([0x80 | len(historical), 0x80, 0x01]) + historical
    tck = 0
    for byte in body:
        tck ^= byte
    return b"\x3b" + body + bytes([tck])


class StubCard:
    """The smallest card worth talking to: answers SELECT with 9000 and READ BINARY from one
    certificate-sized file (short or extended Le). For transport tests and the insert bench
    while no emulated Tax UKey is around; it knows nothing of PINs or keys."""

    ATR = atr_with_tck(b"KIOSK-STUB")

    def __init__(self, file: bytes | None = None) -> None:
        # ~1.2 KB, the size of an SM2 certificate in DER.
        self.file = file if file is not None else bytes(range(256)) * 5
        self.powered = False
        self.commands: list[bytes] = []  # what it was sent, for tests

    @property
    def atr(self) -> bytes:
        return self.ATR

    def power_on(self) -> None:
        self.powered = True

    def power_off(self) -> None:
        self.powered = False

    def reset(self) -> None:
        self.powered = True

    def process(self, command: bytes) -> bytes:
        self.commands.append(bytes(command))
        if len(command) < 4:
            return b"\x67\x00"
        cla, ins, p1, p2 = command[:4]
        if cla != 0x00:
            return b"\x6e\x00"
        if ins == 0xA4:
            return b"\x90\x00"
        if ins == 0xB0:
            return self._read_binary((p1 << 8) | p2, command[4:])
        return b"\x6d\x00"

    def _read_binary(self, offset: int, rest: bytes) -> bytes:
        if len(rest) == 1:
            wanted = rest[0] or 256
        elif len(rest) == 3 and rest[0] == 0:
            wanted = ((rest[1] << 8) | rest[2]) or 65536
        else:
            return b"\x67\x00"
        if offset > len(self.file):
            return b"\x6b\x00"
        chunk = self.file[offset : offset + wanted]
        # 6282: end of file reached before Le bytes (ISO 7816-4).
        return chunk + (b"\x90\x00" if len(chunk) == wanted else b"\x62\x82")


@dataclass(slots=True)
class _Slot:
    card: CardModel | None = None
    insertion: int = 0  # which insertion a transport belongs to
    events: int = 0


class FakeTransport:
    """A connection to the card of one insertion: after a removal (even if a card went
    back in) or with the service down it fails like PC/SC does."""

    def __init__(self, backend: FakeBackend, reader: str, insertion: int, atr: bytes) -> None:
        self._backend = backend
        self._reader = reader
        self._insertion = insertion
        self._atr = atr
        self._open = True

    @property
    def reader(self) -> str:
        return self._reader

    @property
    def atr(self) -> bytes:
        return self._atr

    def transmit(self, command: bytes) -> bytes:
        if not self._open:
            raise CardError(CardFailure.REMOVED, "the connection was closed")
        return self._backend.transmit(self._reader, self._insertion, command)

    def close(self) -> None:
        self._open = False


class FakeBackend:
    def __init__(
        self,
        readers: Iterable[str] = (DEFAULT_FAKE_READER,),
        *,
        service_up: bool = True,
        latency_s: float = 0.0,
    ) -> None:
        self._changed = threading.Condition()
        self._slots: dict[str, _Slot] = {name: _Slot() for name in readers}
        self._service_up = service_up
        self._latency_s = latency_s
        self._generation = 0  # bumped by every change
        self._seen = -1  # the generation the last readers() reported
        self._interrupted = False
        self._insertions = 0
        self._fail_next: CardFailure | None = None
        self.transmitted = 0  # APDUs the cards answered, for tests

    @property
    def description(self) -> str:
        return "in-process fake card backend"

    # -- what a tester or a test does ----------------------------------------------------

    def add_reader(self, name: str) -> None:
        with self._changed:
            if name in self._slots:
                raise ValueError(f"reader {name!r} is already connected")
            self._slots[name] = _Slot()
            self._bump()

    def remove_reader(self, name: str) -> None:
        """Unplug a reader (with its card, if any)."""
        with self._changed:
            slot = self._slot(name)
            if slot.card is not None:
                slot.card.power_off()
            del self._slots[name]
            self._bump()

    def insert(self, reader: str, card: CardModel) -> None:
        with self._changed:
            slot = self._slot(reader)
            if slot.card is not None:
                raise ValueError(f"reader {reader!r} already holds a card")
            card.power_on()
            self._insertions += 1
            slot.card, slot.insertion = card, self._insertions
            slot.events += 1
            self._bump()

    def remove(self, reader: str) -> CardModel | None:
        """Pull the card out (its persistent state stays in the object); returns it."""
        with self._changed:
            slot = self._slot(reader)
            card, slot.card = slot.card, None
            if card is not None:
                card.power_off()
                slot.events += 1
                self._bump()
            return card

    def stop_service(self) -> None:
        """pcscd stops: every call fails with SERVICE_DOWN until ``start_service``."""
        with self._changed:
            self._service_up = False
            self._bump()

    def start_service(self) -> None:
        with self._changed:
            self._service_up = True
            self._bump()

    @property
    def service_up(self) -> bool:
        with self._changed:
            return self._service_up

    @property
    def latency_s(self) -> float:
        return self._latency_s

    @latency_s.setter
    def latency_s(self, value: float) -> None:
        with self._changed:
            self._latency_s = max(0.0, value)

    def fail_next_transmit(self, failure: CardFailure) -> None:
        """The next APDU fails with ``failure`` instead of reaching the card."""
        with self._changed:
            self._fail_next = failure

    def card_in(self, reader: str) -> CardModel | None:
        with self._changed:
            return self._slot(reader).card

    # -- Backend -------------------------------------------------------------------------

    def readers(self) -> list[ReaderState]:
        with self._changed:
            self._check_service()
            self._seen = self._generation
            return [
                ReaderState(
                    name=name,
                    card_present=slot.card is not None,
                    atr=slot.card.atr if slot.card is not None else None,
                    card_events=slot.events,
                )
                for name, slot in self._slots.items()
            ]

    def connect(self, reader: str) -> FakeTransport:
        with self._changed:
            self._check_service()
            slot = self._slots.get(reader)
            if slot is None:
                raise CardError(CardFailure.NO_READER, f"no reader {reader!r}")
            if slot.card is None:
                raise CardError(CardFailure.NO_CARD, f"no card in {reader!r}")
            return FakeTransport(self, reader, slot.insertion, slot.card.atr)

    def wait_for_change(self, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while True:
                if self._interrupted:
                    self._interrupted = False
                    return False
                if self._generation != self._seen:
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)

    def interrupt(self) -> None:
        with self._changed:
            self._interrupted = True
            self._changed.notify_all()

    def close(self) -> None:
        pass

    # -- for FakeTransport ---------------------------------------------------------------

    def transmit(self, reader: str, insertion: int, command: bytes) -> bytes:
        with self._changed:
            self._check_connection(reader, insertion)
            if self._latency_s:
                # A removal or a service stop during the wait ends the APDU, as with a
                # real token pulled mid-command.
                deadline = time.monotonic() + self._latency_s
                while (remaining := deadline - time.monotonic()) > 0:
                    self._changed.wait(remaining)
                    self._check_connection(reader, insertion)
            failure, self._fail_next = self._fail_next, None
            if failure is not None:
                raise CardError(failure, "failure scripted by the tester")
            card = self._slots[reader].card
            assert card is not None  # _check_connection saw it
            response = card.process(bytes(command))
            self.transmitted += 1
            return response

    # -- inside ------------------------------------------------------------------------

    def _bump(self) -> None:
        self._generation += 1
        self._changed.notify_all()

    def _slot(self, reader: str) -> _Slot:
        slot = self._slots.get(reader)
        if slot is None:
            raise ValueError(f"no reader {reader!r}")
        return slot

    def _check_service(self) -> None:
        if not self._service_up:
            raise CardError(CardFailure.SERVICE_DOWN, "fake service stopped")

    def _check_connection(self, reader: str, insertion: int) -> None:
        self._check_service()
        slot = self._slots.get(reader)
        if slot is None or slot.card is None or slot.insertion != insertion:
            raise CardError(CardFailure.REMOVED, f"card in {reader!r} was removed")
