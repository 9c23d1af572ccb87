"""The certificate medium as the journeys need it (R-AC-3, R-AG-2), over the card layer.

Every card operation runs on the card monitor's owner thread (``CardMonitor.submit``);
these methods block the caller (a UI worker) until it is done. The connected transport is
kept while the card stays in; the monitor closes it on removal, and the next call connects
again. PIN buffers are zeroed by the Tax UKey client before it returns.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from kiosk.devices.cards.apdu import ApduTrace, TracingTransport
from kiosk.devices.cards.certificates import CertificateInfo, parse_certificate
from kiosk.devices.cards.monitor import CardMonitor, OwnedTransport
from kiosk.devices.cards.taxukey import MediumOverview, PinStatus, TaxUKeyClient, TokenInfo

_log = logging.getLogger(__name__)
T = TypeVar("T")
CARD_TIMEOUT_S = 20.0  # a slow token signs in ~1 s; this is for a hung reader


@dataclass(frozen=True, slots=True)
class MediumView:
    """What the certificate screen shows after insertion."""

    token: TokenInfo
    certificate: CertificateInfo
    pin: PinStatus
    reader: str


def _utc_now() -> datetime:
    return datetime.now(UTC)


class CertificateMedium:
    def __init__(
        self,
        monitor: CardMonitor,
        *,
        trace: ApduTrace | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._monitor = monitor
        self.trace = trace if trace is not None else ApduTrace()
        self._clock = clock
        self._transport: OwnedTransport | None = None
        self._reader: str | None = None
        self._cached: TaxUKeyClient | None = None
        self._client_for: OwnedTransport | None = None

    def choose_reader(self, reader: str | None) -> None:
        """Several readers: the one the person picked (None: the first holding a card)."""
        if reader != self._reader:
            self._reader = reader
            self._transport = None

    def _client(self) -> TaxUKeyClient:
        # Owner thread only (called inside a submitted job). One client per connection:
        # it remembers the selected application, and selecting again would drop the
        # verified certificate password the next signature needs.
        transport = self._transport
        if transport is None or transport.closed:
            raise RuntimeError("no connected medium")  # _run connects first
        if self._client_for is not transport or self._cached is None:
            self._cached = TaxUKeyClient(TracingTransport(transport, self.trace))
            self._client_for = transport
        return self._cached

    def _run(self, job: Callable[[TaxUKeyClient], T]) -> T:
        transport = self._transport
        if transport is None or transport.closed:
            transport = _wait(self._monitor.connect(self._reader))
            self._transport = transport
        return _wait(self._monitor.submit(lambda: job(self._client())))

    def overview(self) -> MediumView:
        read: MediumOverview = self._run(lambda client: client.read_overview())
        transport = self._transport
        return MediumView(
            token=read.token,
            certificate=parse_certificate(read.signing_certificate),
            pin=read.pin,
            reader=transport.reader if transport is not None else "",
        )

    def pin_status(self) -> PinStatus:
        return self._run(lambda client: client.pin_status())

    def verify(self, pin: bytearray) -> None:
        self._run(lambda client: client.verify(pin))

    def change_pin(self, old: bytearray, new: bytearray) -> PinStatus:
        def change(client: TaxUKeyClient) -> PinStatus:
            client.change_pin(old, new)
            return client.pin_status()

        return self._run(change)

    def unblock(self, admin_pin: bytearray, new_pin: bytearray | None = None) -> PinStatus:
        def unblock(client: TaxUKeyClient) -> PinStatus:
            client.unblock(admin_pin, new_pin)
            return client.pin_status()

        return self._run(unblock)

    def read_overview(self) -> MediumOverview:
        return self._run(lambda client: client.read_overview())

    def sign(self, message: bytes, public_key_point: bytes) -> bytes:
        return self._run(lambda client: client.sign(message, public_key_point))

    def forget(self) -> None:
        """After removal or a wipe: the next call connects afresh."""
        self._transport = None
        self._cached = None
        self._client_for = None


def _wait(future: Future[T]) -> T:
    return future.result(timeout=CARD_TIMEOUT_S)
