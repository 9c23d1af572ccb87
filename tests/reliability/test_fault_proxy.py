"""The fault proxy itself: each kind of fault does to the client and to the upstream what
its name says, and is counted (so the reliability test's counts can be trusted)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tests.reliability.fault_proxy import FaultKind, FaultPlan, FaultProxy
from tests.support.processes import wait_for

ANSWER = b'{"results": ["' + b"x" * 2000 + b'"]}'


class Upstream(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests = 0
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _Handler(BaseHTTPRequestHandler):
    server: Upstream

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        with self.server.lock:
            self.server.requests += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(ANSWER)))
        self.end_headers()
        self.wfile.write(ANSWER)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    server = Upstream()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _only(kind: FaultKind, delay_s: tuple[float, float] = (0.05, 0.05)) -> FaultPlan:
    return FaultPlan(seed=1, rate=1.0, weights={kind: 1.0}, delay_s=delay_s)


def _post(proxy: FaultProxy, timeout_s: float = 5.0) -> httpx.Response:
    with httpx.Client(timeout=timeout_s) as client:
        return client.post(proxy.url + "/v1/collection-records", content=b'{"records": []}')


@pytest.mark.expected_log(r"^asyncio: Exception in callback StreamReaderProtoc")
def test_without_faults_every_answer_passes_whole(upstream: Upstream) -> None:
    with FaultProxy(upstream.port, FaultPlan(seed=1, rate=0.0)) as proxy:
        with httpx.Client(timeout=5) as client:
            answers = [client.post(proxy.url + "/x", content=b"{}") for _ in range(3)]
        assert [a.content for a in answers] == [ANSWER] * 3
        assert proxy.total_faults == 0 and proxy.forwarded == 3
    assert upstream.requests == 3


def test_reset_never_reaches_the_service(upstream: Upstream) -> None:
    with FaultProxy(upstream.port, _only(FaultKind.RESET)) as proxy:
        with pytest.raises(httpx.TransportError):
            _post(proxy)
        assert proxy.faults()[FaultKind.RESET] == 1
    assert upstream.requests == 0


def test_dropped_answer_comes_after_the_service_had_the_request(upstream: Upstream) -> None:
    with FaultProxy(upstream.port, _only(FaultKind.DROPPED_AFTER_COMMIT)) as proxy:
        with pytest.raises(httpx.RemoteProtocolError):
            _post(proxy)
        assert proxy.faults()[FaultKind.DROPPED_AFTER_COMMIT] == 1
    assert upstream.requests == 1


def test_truncated_answer_is_cut_and_reset(upstream: Upstream) -> None:
    with FaultProxy(upstream.port, _only(FaultKind.TRUNCATED)) as proxy:
        with pytest.raises(httpx.TransportError):
            _post(proxy)
        assert proxy.faults()[FaultKind.TRUNCATED] == 1
    assert upstream.requests == 1


@pytest.mark.expected_log(r"^asyncio: Exception in callback StreamReaderProtoc")
def test_delay_holds_the_exchange_back(upstream: Upstream) -> None:
    with FaultProxy(upstream.port, _only(FaultKind.DELAY, (0.3, 0.3))) as proxy:
        started = time.monotonic()
        assert _post(proxy).content == ANSWER
        assert time.monotonic() - started >= 0.3
        # Longer than the client waits: it gives up, the service gets the request anyway.
        with pytest.raises(httpx.ReadTimeout):
            _post(proxy, timeout_s=0.1)
        wait_for(lambda: upstream.requests == 2, 5, "the delayed request to arrive")
        assert proxy.faults()[FaultKind.DELAY] == 2


def test_a_service_that_is_down_is_not_counted_as_an_injected_fault(upstream: Upstream) -> None:
    port = upstream.port
    upstream.shutdown()
    upstream.server_close()
    with FaultProxy(port, FaultPlan(seed=1, rate=0.0)) as proxy:
        with pytest.raises(httpx.TransportError):
            _post(proxy)
        assert proxy.upstream_lost == 1 and proxy.total_faults == 0
