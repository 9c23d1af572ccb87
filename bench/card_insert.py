"""Certificate-medium insert benchmark (issue 5): `uv run python bench/card_insert.py [--inserts N]`.

Needs pcscd running with the vpcd reader (`./dev test` starts it as root; or `sudo pcscd`).
Each round inserts the emulated Tax UKey of the demo enterprise (our vpcd card side connects
to vpcd's port 35963), waits for the card monitor's CARD_INSERTED event (PcscBackend: pyscard
over pcscd, the monitor's owner thread), then, as the certificate screen does, runs one job on
the owner thread: connect and the Tax UKey client's ``read_overview`` (select, token info,
signing and encryption certificates in chunked READ BINARY, PIN status); the signing
certificate is checked against the one the card was issued with. Then the card is removed and the removal awaited. Not part of the tests.
Medians are quoted (issue 5 wants insert -> certificate <= 500 ms). The last lines are
`figure: value unit`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.devices.cards.monitor import CardEvent, CardEventKind, CardMonitor, MonitorState
from kiosk.devices.cards.pcsc_backend import PcscBackend
from kiosk.devices.cards.taxukey import MediumOverview, TaxUKeyClient
from kiosk.devices.cards.transport import CardTransport
from kiosk.devices.cards.vpcd import VPCD_PORT, VPCD_READER, VpcdCard, default_card


class Waiter:
    """The monitor's events, awaited by kind with a deadline."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.seen: list[tuple[CardEventKind, MonitorState, str | None, float]] = []

    def __call__(self, event: CardEvent) -> None:
        with self._changed:
            self.seen.append((event.kind, event.state, event.reader, time.perf_counter()))
            self._changed.notify_all()

    def wait(self, kind: CardEventKind, after: int, timeout_s: float = 10.0) -> float:
        """The time of the first ``kind`` event (for the vpcd reader) past index ``after``."""
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while True:
                for seen_kind, _state, reader, at in self.seen[after:]:
                    if seen_kind is kind and reader in (None, VPCD_READER):
                        return at
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise SystemExit(f"no {kind.name} within {timeout_s} s: is pcscd running?")
                self._changed.wait(remaining)


def read_overview(transport: CardTransport) -> tuple[MediumOverview, int]:
    """What the certificate screen reads on insert (the Tax UKey client's ``read_overview``:
    token info, both certificates, PIN status), and how many APDUs it took."""
    counting = CountingTransport(transport)
    return TaxUKeyClient(counting).read_overview(), counting.apdus


class CountingTransport:
    def __init__(self, inner: CardTransport) -> None:
        self.inner = inner
        self.apdus = 0

    @property
    def reader(self) -> str:
        return self.inner.reader

    @property
    def atr(self) -> bytes:
        return self.inner.atr

    def transmit(self, command: bytes) -> bytes:
        self.apdus += 1
        return self.inner.transmit(command)

    def close(self) -> None:
        self.inner.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inserts", type=int, default=20)
    parser.add_argument("--port", type=int, default=VPCD_PORT)
    args = parser.parse_args()

    model = default_card()
    expected = model.identity.signing_certificate
    waiter = Waiter()
    monitor = CardMonitor(PcscBackend(), waiter)
    monitor.start()
    card = VpcdCard(model, port=args.port)
    to_event: list[float] = []
    to_certificate: list[float] = []
    to_removed: list[float] = []
    apdus = 0
    try:
        waiter.wait(CardEventKind.STATE, 0)
        if monitor.state is not MonitorState.READY:
            raise SystemExit("pcscd is not running (sudo pcscd; see README)")
        for _ in range(args.inserts):
            mark = len(waiter.seen)
            started = time.perf_counter()
            card.insert()
            seen_at = waiter.wait(CardEventKind.CARD_INSERTED, mark)
            transport = monitor.connect(VPCD_READER).result(10.0)
            reading = monitor.submit(partial(read_overview, transport))
            overview, count = reading.result(10.0)
            done = time.perf_counter()
            if overview.signing_certificate != expected:
                raise SystemExit("the certificate read back differs from the one issued")
            apdus = count
            to_event.append((seen_at - started) * 1000)
            to_certificate.append((done - started) * 1000)
            mark = len(waiter.seen)
            pulled = time.perf_counter()
            card.remove()
            to_removed.append((waiter.wait(CardEventKind.CARD_REMOVED, mark) - pulled) * 1000)
    finally:
        card.close()
        monitor.stop()

    print(
        f"# {args.inserts} inserts of the emulated Tax UKey through vpcd + pcscd; "
        f"overview (2 certificates, {len(expected)} B signing) in {apdus} APDUs"
    )
    print(f"insert_to_event_ms: {statistics.median(to_event):.0f} ms")
    print(
        f"event_to_certificate_ms: {statistics.median(to_certificate) - statistics.median(to_event):.0f} ms"
    )
    print(f"removal_seen_ms: {statistics.median(to_removed):.0f} ms")
    print(f"insert_to_certificate_ms_max: {max(to_certificate):.0f} ms")
    print(f"insert_to_certificate_ms: {statistics.median(to_certificate):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
