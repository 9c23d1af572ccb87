"""The one state machine of a collection record on the terminal; transitions as data.

captured → sending → acknowledged → purged; sending → failed_retryable → sending;
sending → rejected. ``sending`` → ``sending`` is a resend after a crash mid-send.
"""

from __future__ import annotations

from kiosk.services.store.records import RecordState

S = RecordState

TRANSITIONS: frozenset[tuple[RecordState, RecordState]] = frozenset(
    {
        (S.CAPTURED, S.SENDING),
        (S.FAILED_RETRYABLE, S.SENDING),
        (S.SENDING, S.SENDING),  # left over from a crash: sent again (idempotent service)
        (S.SENDING, S.ACKNOWLEDGED),
        (S.SENDING, S.REJECTED),
        (S.SENDING, S.FAILED_RETRYABLE),
        (S.ACKNOWLEDGED, S.PURGED),
    }
)


class IllegalTransitionError(Exception):
    def __init__(self, source: RecordState, target: RecordState) -> None:
        super().__init__(f"illegal record transition {source.value} -> {target.value}")
        self.source = source
        self.target = target


def check(source: RecordState, target: RecordState) -> None:
    if (source, target) not in TRANSITIONS:
        raise IllegalTransitionError(source, target)


def sources_of(target: RecordState) -> frozenset[RecordState]:
    """The states a record may be in to move to ``target`` (the store's WHERE clause)."""
    return frozenset(source for source, to in TRANSITIONS if to == target)
