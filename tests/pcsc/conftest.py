from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.devices.cards.monitor import CardMonitor
from kiosk.devices.cards.pcsc_backend import PcscBackend
from tests.kiosk.devices.cards_backends.card_events import EventRecorder
from tests.pcsc.stack import require_vpcd_stack, wait_vpcd_reader


@pytest.fixture
def vpcd_stack() -> None:
    """The stack is there and the vpcd reader is empty (a card of an earlier test gone)."""
    require_vpcd_stack()
    wait_vpcd_reader(card_present=False)


@pytest.fixture
def recorder() -> EventRecorder:
    return EventRecorder()


@pytest.fixture
def pcsc_monitor(vpcd_stack: None, recorder: EventRecorder) -> Iterator[CardMonitor]:
    monitor = CardMonitor(PcscBackend(), recorder, poll_s=0.5)
    monitor.start()
    yield monitor
    monitor.stop()
