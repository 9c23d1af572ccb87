"""The card backend protocol: which readers there are, what is in them, a connection to one.

Backends: PC/SC through pyscard (``pcsc_backend``: real CCID tokens and our emulator through
pcscd + vpcd), the in-process fake (``fake_backend``: readers, cards and the service itself
scripted by testers and tests), later an SKF vendor library. Every method but ``interrupt``
runs on the card owner thread (``monitor.CardMonitor``); failures are ``CardError``.

The SKF slot (GM/T 0016 vendor library through ctypes; not built: no library to test with):
``readers`` = ``SKF_EnumDev`` (+ ``SKF_GetDevState``), ``wait_for_change`` =
``SKF_WaitForDevEvent``, ``interrupt`` = ``SKF_CancelWaitForDevEvent``, ``connect`` =
``SKF_ConnectDev`` giving a transport over ``SKF_Transmit``; vendor SAR_* codes map to
``CardFailure`` (e.g. device removed → REMOVED). The application client above would then
need an SKF flavour too, since vendors' APDUs are not our Tax UKey protocol.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.devices.cards.transport import CardTransport


@dataclass(frozen=True, slots=True)
class ReaderState:
    """One reader as last seen. ``card_events`` counts insertions and removals in that
    reader (PC/SC keeps such a counter too): a card swapped between two looks at the
    reader still shows up as a change, though it is present both times."""

    name: str
    card_present: bool
    atr: bytes | None = None
    card_events: int = 0
    # PC/SC "mute": a card is there but does not answer its reset (not a smart card, or
    # inserted the wrong way round); connecting to it gives CardFailure.UNSUPPORTED.
    mute: bool = False


class Backend(Protocol):
    @property
    def description(self) -> str:
        """What this backend is, for ``kiosk devices`` and the staff screen."""
        ...

    def readers(self) -> list[ReaderState]:
        """Every reader now, in a stable order; [] when none is connected.
        Raises ``CardError(SERVICE_DOWN)`` when the smart-card service cannot be reached."""
        ...

    def connect(self, reader: str) -> CardTransport:
        """Connect to the card in ``reader``. Raises ``CardError``: NO_READER (gone),
        NO_CARD, UNSUPPORTED (mute / no common protocol), SERVICE_DOWN, COMMUNICATION."""
        ...

    def wait_for_change(self, timeout_s: float) -> bool:
        """Block until a reader or card may have changed since the last ``readers()`` call
        (True), or until ``timeout_s`` passed or ``interrupt()`` was called (False).
        Raises ``CardError(SERVICE_DOWN)``."""
        ...

    def interrupt(self) -> None:
        """Thread-safe: make a pending (or the next) ``wait_for_change`` return soon."""
        ...

    def close(self) -> None:
        """Release the backend's resources (the PC/SC context). Owner thread."""
        ...
