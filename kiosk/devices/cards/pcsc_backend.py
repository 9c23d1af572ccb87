"""PC/SC backend through pyscard's low-level ``smartcard.scard`` API (pcsc-lite's pcscd).

The only module that imports pyscard, so the rest of the card layer imports where pcsclite
is not installed. Waiting is ``SCardGetStatusChange`` on every reader plus the
``\\\\?PnP?\\Notification`` pseudo-reader (reader hot-plug), cancelled with ``SCardCancel``
when the owner thread has a job to run. The context is re-established after pcscd went
away: every call first makes sure there is one, and a dead one is dropped on the error.
"""

from __future__ import annotations

import threading
from typing import Any

from smartcard import scard

from kiosk.devices.cards.backend import ReaderState
from kiosk.devices.cards.transport import CardError, CardFailure

PNP_READER = "\\\\?PnP?\\Notification"

# pyscard gives result codes as unsigned ints.
_SERVICE_GONE = frozenset(
    {
        scard.SCARD_E_NO_SERVICE,
        scard.SCARD_E_SERVICE_STOPPED,
        scard.SCARD_E_INVALID_HANDLE,
        scard.SCARD_F_COMM_ERROR,
    }
)
_READER_GONE = frozenset({scard.SCARD_E_UNKNOWN_READER, scard.SCARD_E_READER_UNAVAILABLE})
_CARD_GONE = frozenset({scard.SCARD_W_REMOVED_CARD, scard.SCARD_E_NO_SMARTCARD})
_CARD_UNUSABLE = frozenset(
    {
        scard.SCARD_W_UNRESPONSIVE_CARD,
        scard.SCARD_W_UNPOWERED_CARD,
        scard.SCARD_W_UNSUPPORTED_CARD,
        scard.SCARD_E_PROTO_MISMATCH,
        scard.SCARD_E_CARD_UNSUPPORTED,
    }
)
# The event counter pcsc-lite keeps in the upper 16 bits of a reader's event state.
_COUNTER_SHIFT = 16
# Without the PnP pseudo-reader, reader hot-plug is found by listing again this often.
_POLL_WITHOUT_PNP_S = 1.0
_CANCEL_RETRY_S = 0.005


def _detail(operation: str, code: int) -> str:
    return f"{operation}: 0x{code & 0xFFFFFFFF:08X} {scard.SCardGetErrorMessage(code)}"


class PcscTransport:
    """One card connection (``SCardConnect`` handle). Owner thread only."""

    def __init__(
        self, backend: PcscBackend, handle: Any, protocol: int, reader: str, atr: bytes
    ) -> None:
        self._backend = backend
        self._handle = handle
        self._protocol = protocol
        self._reader = reader
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
        code, response = scard.SCardTransmit(self._handle, self._protocol, list(command))
        if code == scard.SCARD_S_SUCCESS:
            return bytes(response)
        detail = _detail("SCardTransmit", code)
        if code in _SERVICE_GONE:
            self._backend.drop_context()
            raise CardError(CardFailure.SERVICE_DOWN, detail)
        if code in _CARD_GONE or code in _READER_GONE:
            raise CardError(CardFailure.REMOVED, detail)
        raise CardError(CardFailure.COMMUNICATION, detail)

    def close(self) -> None:
        if self._open:
            self._open = False
            # LEAVE_CARD: the token keeps its state (verified PIN) for the next connection.
            scard.SCardDisconnect(self._handle, scard.SCARD_LEAVE_CARD)


class PcscBackend:
    """``Backend`` over pcscd. ``exclusive`` connects with SCARD_SHARE_EXCLUSIVE so no other
    process can talk to the card during a session (off by default: testers' tools coexist)."""

    def __init__(self, *, exclusive: bool = False) -> None:
        self._share = scard.SCARD_SHARE_EXCLUSIVE if exclusive else scard.SCARD_SHARE_SHARED
        # Guards _context and the interrupt state shared with interrupt() and the canceller.
        self._lock = threading.Condition()
        self._context: Any = None
        self._interrupted = False
        self._waiting = False  # the owner thread is in SCardGetStatusChange
        self._closed = False
        self._canceller: threading.Thread | None = None
        self._pnp_supported: bool | None = None
        # What the last readers() saw, as (name, event state) to wait on.
        self._watch: list[tuple[str, int]] = []
        self._wake = threading.Event()  # the wait when there is nothing to wait on in PC/SC

    @property
    def description(self) -> str:
        return "PC/SC (pcscd) through pyscard"

    # -- context ------------------------------------------------------------------------

    def _ensure_context(self) -> Any:
        with self._lock:
            if self._context is not None:
                return self._context
        code, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if code != scard.SCARD_S_SUCCESS:
            raise CardError(CardFailure.SERVICE_DOWN, _detail("SCardEstablishContext", code))
        with self._lock:
            self._context = context
        self._pnp_supported = None  # a restarted pcscd may be another version
        return context

    def drop_context(self) -> None:
        """Forget a context pcscd no longer knows (it stopped); the next call makes one."""
        with self._lock:
            context, self._context = self._context, None
        self._watch = []
        if context is not None:
            scard.SCardReleaseContext(context)

    def _service_error(self, operation: str, code: int) -> CardError:
        if code in _SERVICE_GONE:
            self.drop_context()
            return CardError(CardFailure.SERVICE_DOWN, _detail(operation, code))
        return CardError(CardFailure.COMMUNICATION, _detail(operation, code))

    def _probe_pnp(self, context: Any) -> bool:
        if self._pnp_supported is None:
            code, states = scard.SCardGetStatusChange(
                context, 0, [(PNP_READER, scard.SCARD_STATE_UNAWARE)]
            )
            self._pnp_supported = (
                code in (scard.SCARD_S_SUCCESS, scard.SCARD_E_TIMEOUT)
                and not states[0][1] & scard.SCARD_STATE_UNKNOWN
            )
        return self._pnp_supported

    # -- Backend ------------------------------------------------------------------------

    def readers(self) -> list[ReaderState]:
        context = self._ensure_context()
        for _ in range(3):  # a reader may vanish between listing and asking its state
            code, names = scard.SCardListReaders(context, [])
            if code == scard.SCARD_E_NO_READERS_AVAILABLE:
                names = []
            elif code != scard.SCARD_S_SUCCESS:
                raise self._service_error("SCardListReaders", code)
            query = [(name, scard.SCARD_STATE_UNAWARE) for name in names]
            if self._probe_pnp(context):
                query.append((PNP_READER, scard.SCARD_STATE_UNAWARE))
            if not query:
                self._watch = []
                return []
            code, states = scard.SCardGetStatusChange(context, 0, query)
            if code in _READER_GONE:
                continue
            if code not in (scard.SCARD_S_SUCCESS, scard.SCARD_E_TIMEOUT):
                raise self._service_error("SCardGetStatusChange", code)
            self._watch = [(name, event & ~scard.SCARD_STATE_CHANGED) for name, event, _ in states]
            return [_reader_state(name, event, atr) for name, event, atr in states if name in names]
        raise CardError(CardFailure.COMMUNICATION, "the reader list kept changing")

    def connect(self, reader: str) -> PcscTransport:
        context = self._ensure_context()
        code, handle, protocol = scard.SCardConnect(
            context, reader, self._share, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        if code != scard.SCARD_S_SUCCESS:
            detail = _detail("SCardConnect", code)
            if code in _READER_GONE:
                raise CardError(CardFailure.NO_READER, detail)
            if code in _CARD_GONE:
                raise CardError(CardFailure.NO_CARD, detail)
            if code in _CARD_UNUSABLE:
                raise CardError(CardFailure.UNSUPPORTED, detail)
            raise self._service_error("SCardConnect", code)
        code, _name, _state, _protocol, atr = scard.SCardStatus(handle)
        if code != scard.SCARD_S_SUCCESS:
            scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
            if code in _CARD_GONE:
                raise CardError(CardFailure.NO_CARD, _detail("SCardStatus", code))
            raise self._service_error("SCardStatus", code)
        return PcscTransport(self, handle, protocol, reader, bytes(atr))

    def wait_for_change(self, timeout_s: float) -> bool:
        context = self._ensure_context()
        self._wake.clear()  # before the flag: an interrupt() from now on is never lost
        with self._lock:
            if self._interrupted:
                self._interrupted = False
                return False
        watch = self._watch
        if not any(name == PNP_READER for name, _ in watch):
            # Nothing in PC/SC tells us about a new reader: wait a slice, then list again.
            return not self._wake.wait(min(timeout_s, _POLL_WITHOUT_PNP_S))
        self._start_canceller()
        with self._lock:
            self._waiting = True
            self._lock.notify_all()
        try:
            code, _states = scard.SCardGetStatusChange(
                context, max(0, int(timeout_s * 1000)), watch
            )
        finally:
            with self._lock:
                self._waiting = False
                interrupted, self._interrupted = self._interrupted, False
        if code == scard.SCARD_S_SUCCESS or code in _READER_GONE:
            return True
        if code in (scard.SCARD_E_TIMEOUT, scard.SCARD_E_CANCELLED) or interrupted:
            return False
        raise self._service_error("SCardGetStatusChange", code)

    def interrupt(self) -> None:
        with self._lock:
            self._interrupted = True
            self._lock.notify_all()
        self._wake.set()

    def _start_canceller(self) -> None:
        if self._canceller is None or not self._canceller.is_alive():
            self._closed = False
            self._canceller = threading.Thread(
                target=self._cancel_pending_waits, name="pcsc-cancel", daemon=True
            )
            self._canceller.start()

    def _cancel_pending_waits(self) -> None:
        """SCardCancel for every interrupt(), from its own thread, repeated until the wait
        returned: a cancel that reaches pcscd before the wait was registered there is lost
        (and with the GIL, the interrupting thread tends to run exactly in that window)."""
        while True:
            with self._lock:
                while not self._closed and not (self._interrupted and self._waiting):
                    self._lock.wait()
                if self._closed:
                    return
                context = self._context
            if context is not None:
                # Thread-safe in pcsc-lite: ends a SCardGetStatusChange pending on it.
                scard.SCardCancel(context)
            with self._lock:
                self._lock.wait(_CANCEL_RETRY_S)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._lock.notify_all()
        if self._canceller is not None and self._canceller is not threading.current_thread():
            self._canceller.join(timeout=5.0)
        self.drop_context()


def _reader_state(name: str, event: int, atr: list[int]) -> ReaderState:
    present = bool(event & scard.SCARD_STATE_PRESENT)
    return ReaderState(
        name=name,
        card_present=present,
        atr=bytes(atr) if present and atr else None,
        card_events=(event >> _COUNTER_SHIFT) & 0xFFFF,
        mute=bool(event & scard.SCARD_STATE_MUTE),
    )
