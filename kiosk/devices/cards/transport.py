"""The two seams of the card layer (issue 5), shared by every backend and the emulator.

``CardTransport``: one connected card, raw APDUs both ways — what the Tax UKey application
client (``taxukey``) talks through, whatever carries the bytes (pyscard over pcscd, the
in-process fake, later an SKF vendor library). ``CardModel``: an emulated card — what the
vpcd socket server and the in-process transport drive. Transport-level failures are typed
here, each with its catalog code; PIN and application errors live with the application
client.
"""

from __future__ import annotations

from typing import Protocol

from kiosk.protocol.messages import CodedEnum, ErrorCode


class CardFailure(CodedEnum):
    """Why no card could be talked to; the catalog says it plainly, never a stack trace."""

    SERVICE_DOWN = ErrorCode.CARD_SERVICE_DOWN
    NO_READER = ErrorCode.CARD_NO_READER
    NO_CARD = ErrorCode.CARD_NO_CARD
    UNSUPPORTED = ErrorCode.CARD_UNSUPPORTED
    REMOVED = ErrorCode.CARD_REMOVED
    COMMUNICATION = ErrorCode.CARD_COMMUNICATION


class CardError(Exception):
    """A transport-level failure; ``detail`` is for the details line (e.g. a PC/SC code)."""

    def __init__(self, failure: CardFailure, detail: str = "") -> None:
        super().__init__(f"{failure.name}{': ' + detail if detail else ''}")
        self.failure = failure
        self.detail = detail


class CardTransport(Protocol):
    """One connected card. Blocking; used only on the card owner thread."""

    @property
    def reader(self) -> str: ...

    @property
    def atr(self) -> bytes: ...

    def transmit(self, command: bytes) -> bytes:
        """Send a C-APDU, return the R-APDU (data then SW1 SW2). Raises ``CardError``
        (REMOVED, COMMUNICATION, SERVICE_DOWN)."""
        ...

    def close(self) -> None: ...


class CardModel(Protocol):
    """An emulated card (the vpcd server and the in-process transport drive it)."""

    @property
    def atr(self) -> bytes: ...

    def power_on(self) -> None: ...

    def power_off(self) -> None:
        """Volatile state (selected application, verified PIN, challenge) is lost."""
        ...

    def reset(self) -> None: ...

    def process(self, command: bytes) -> bytes:
        """One C-APDU in, one R-APDU out (never raises for a bad APDU: answers a SW)."""
        ...
