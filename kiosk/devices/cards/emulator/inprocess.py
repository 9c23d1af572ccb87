"""``InProcessTransport``: a reader slot holding an emulated card, no pcscd involved.

For unit tests and the in-process fake backend. ``insert``/``remove`` act like a user at the
reader: removal powers the card off (volatile state lost) and every later ``transmit`` —
including one that was running when the card was pulled — raises ``CardError(REMOVED)``.
"""

from __future__ import annotations

import threading

from kiosk.devices.cards.transport import CardError, CardFailure, CardModel


class InProcessTransport:
    def __init__(self, card: CardModel, reader_name: str, *, inserted: bool = True) -> None:
        self._card = card
        self._reader = reader_name
        self._lock = threading.Lock()
        self._present = False
        self._closed = False
        self._generation = 0  # bumped on every removal: an APDU in flight then fails
        if inserted:
            self.insert()

    @property
    def card(self) -> CardModel:
        return self._card

    @property
    def present(self) -> bool:
        return self._present

    def insert(self, card: CardModel | None = None) -> None:
        """Put the card (or another one) in the slot and power it on."""
        with self._lock:
            if self._present:
                return
            if card is not None:
                self._card = card
            self._card.power_on()
            self._present = True

    def remove(self) -> None:
        with self._lock:
            if not self._present:
                return
            self._present = False
            self._generation += 1
            self._card.power_off()

    # -- CardTransport -----------------------------------------------------------------------

    @property
    def reader(self) -> str:
        return self._reader

    @property
    def atr(self) -> bytes:
        if not self._present:
            raise CardError(CardFailure.REMOVED, self._reader)
        return self._card.atr

    def transmit(self, command: bytes) -> bytes:
        with self._lock:
            if self._closed:
                raise CardError(CardFailure.COMMUNICATION, "transport closed")
            if not self._present:
                raise CardError(CardFailure.REMOVED, self._reader)
            generation = self._generation
        # Not under the lock: a tester must be able to pull the card while it works.
        response = self._card.process(command)
        with self._lock:
            if not self._present or generation != self._generation:
                raise CardError(CardFailure.REMOVED, f"{self._reader}: removed during the APDU")
        return response

    def close(self) -> None:
        with self._lock:
            self._closed = True
