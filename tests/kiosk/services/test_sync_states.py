"""The record state machine, the backoff and the error classes (issue 4), no network."""

from __future__ import annotations

import ssl
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.services.http_errors import unreachable
from kiosk.services.store.records import RecordState as S
from kiosk.services.sync import errors
from kiosk.services.sync.errors import SyncErrorClass, classify
from kiosk.services.sync.settings import SyncSettings
from kiosk.services.sync.states import TRANSITIONS, IllegalTransitionError, check, sources_of
from kiosk.services.sync.worker import backoff_s

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)

LEGAL = [
    (S.CAPTURED, S.SENDING),
    (S.FAILED_RETRYABLE, S.SENDING),
    (S.SENDING, S.SENDING),
    (S.SENDING, S.ACKNOWLEDGED),
    (S.SENDING, S.REJECTED),
    (S.SENDING, S.FAILED_RETRYABLE),
    (S.ACKNOWLEDGED, S.PURGED),
]


def test_the_transition_table_is_exactly_the_designed_one() -> None:
    assert set(LEGAL) == TRANSITIONS


@pytest.mark.parametrize("source", list(S))
@pytest.mark.parametrize("target", list(S))
def test_every_pair_is_legal_or_raises(source: S, target: S) -> None:
    if (source, target) in LEGAL:
        check(source, target)
    else:
        with pytest.raises(IllegalTransitionError):
            check(source, target)


def test_terminal_states_have_no_way_out_and_nothing_skips_sending() -> None:
    assert sources_of(S.ACKNOWLEDGED) == {S.SENDING}
    assert sources_of(S.PURGED) == {S.ACKNOWLEDGED}
    assert not any(source in {S.PURGED, S.REJECTED} for source, _ in TRANSITIONS)


def test_backoff_is_exponential_full_jitter_and_capped() -> None:
    settings = SyncSettings(backoff_base_s=5, backoff_cap_s=60)
    top = [backoff_s(n, settings, lambda _lo, hi: hi) for n in range(1, 7)]
    assert top == [5, 10, 20, 40, 60, 60]
    assert backoff_s(3, settings, lambda lo, _hi: lo) == 0.0


def _unauthorized(server_time: datetime) -> UserError:
    return UserError(
        ErrorCode.TERMINAL_UNAUTHORIZED,
        {errors.SERVER_DATE_DETAIL: format_datetime(server_time, usegmt=True)},
    )


def test_classes() -> None:
    refused = unreachable(httpx.ConnectError("refused"))
    assert classify(refused, terminal_now=NOW) is SyncErrorClass.UNREACHABLE
    timeout = unreachable(httpx.ReadTimeout("slow"))
    assert classify(timeout, terminal_now=NOW) is SyncErrorClass.UNREACHABLE

    tls = httpx.ConnectError("handshake")
    tls.__cause__ = ssl.SSLCertVerificationError("certificate verify failed")
    assert classify(unreachable(tls), terminal_now=NOW) is SyncErrorClass.TLS_PROBLEM

    assert classify(_unauthorized(NOW), terminal_now=NOW) is SyncErrorClass.TERMINAL_REVOKED
    skewed = _unauthorized(NOW + timedelta(seconds=301))
    assert classify(skewed, terminal_now=NOW) is SyncErrorClass.CLOCK_SKEW
    near = _unauthorized(NOW + timedelta(seconds=299))
    assert classify(near, terminal_now=NOW) is SyncErrorClass.TERMINAL_REVOKED
    bare = UserError(ErrorCode.TERMINAL_UNAUTHORIZED, {})
    assert classify(bare, terminal_now=NOW) is SyncErrorClass.TERMINAL_REVOKED
    internal = UserError(ErrorCode.INTERNAL_ERROR, {})
    assert classify(internal, terminal_now=NOW) is SyncErrorClass.SERVICE_ERROR


def test_every_class_has_its_own_plain_text_and_none_says_no_internet() -> None:
    for lang in Lang:
        texts = [errors.text(c, lang, reason="x") for c in SyncErrorClass]
        assert len(set(texts)) == len(texts)
        for text in texts:
            assert "no internet" not in text.lower()
            assert "没有网络" not in text and "无网络" not in text
