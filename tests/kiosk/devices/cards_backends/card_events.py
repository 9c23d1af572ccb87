"""Collects a CardMonitor's events and waits, with a deadline, for the ones a test expects."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from kiosk.devices.cards.monitor import CardEvent, CardEventKind, MonitorState


class EventRecorder:
    def __init__(self) -> None:
        self.events: list[CardEvent] = []
        self.threads: set[str] = set()
        self._changed = threading.Condition()

    def __call__(self, event: CardEvent) -> None:
        with self._changed:
            self.events.append(event)
            self.threads.add(threading.current_thread().name)
            self._changed.notify_all()

    def wait_for(
        self, predicate: Callable[[list[CardEvent]], bool], timeout_s: float = 5.0
    ) -> list[CardEvent]:
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while not predicate(self.events):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    kinds = [(e.kind.name, e.reader, e.state.name) for e in self.events]
                    raise AssertionError(f"expected events did not come; got {kinds}")
                self._changed.wait(remaining)
            return list(self.events)

    def wait_kind(
        self,
        kind: CardEventKind,
        reader: str | None = None,
        *,
        count: int = 1,
        timeout_s: float = 5.0,
    ) -> CardEvent:
        """The ``count``-th event of ``kind`` (for ``reader``, if given)."""

        def matching(events: list[CardEvent]) -> list[CardEvent]:
            return [e for e in events if e.kind is kind and (reader is None or e.reader == reader)]

        return matching(self.wait_for(lambda es: len(matching(es)) >= count, timeout_s))[count - 1]

    def wait_state(
        self, state: MonitorState, *, count: int = 1, timeout_s: float = 5.0
    ) -> CardEvent:
        def matching(events: list[CardEvent]) -> list[CardEvent]:
            return [e for e in events if e.kind is CardEventKind.STATE and e.state is state]

        return matching(self.wait_for(lambda es: len(matching(es)) >= count, timeout_s))[count - 1]

    def kinds(self) -> list[tuple[CardEventKind, str | None]]:
        with self._changed:
            return [(e.kind, e.reader) for e in self.events]
