"""A loopback HTTP/1.1 proxy that breaks exchanges on purpose (issue 4's reliability test).

It sits between the terminal and the account service and, for each request, draws from a
seeded RNG whether to let it through or to inject one fault:

* ``reset``: the connection is reset (RST: ``SO_LINGER`` 0) before the request is
  forwarded, so the service never sees it;
* ``delay``: the request (or its answer) is held back for a while, sometimes longer than
  the client's read timeout, so the service may commit after the client gave up;
* ``truncated``: the request is forwarded, and only a part of the service's answer
  reaches the client before the connection is reset;
* ``dropped_after_commit``: the request is forwarded and the service's whole answer read
  (so the service has committed), then the client connection is closed without it.

Every injected fault is counted by kind. Exchanges broken by the service itself (it was
killed, or is restarting) are counted apart (``upstream_lost``): they are not injected.
Only requests with a ``Content-Length`` body (or none) are understood: that is all the
kiosk's httpx client and uvicorn's JSON answers use.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import TracebackType

_HEAD_END = b"\r\n\r\n"
_MAX_HEAD = 64 * 1024


class FaultKind(StrEnum):
    RESET = "reset"
    DELAY = "delay"
    TRUNCATED = "truncated"
    DROPPED_AFTER_COMMIT = "dropped_after_commit"


@dataclass(frozen=True, slots=True)
class FaultPlan:
    """``rate``: share of requests that get a fault; ``weights``: how the faults split;
    ``delay_s``: the range of a delay (its top may pass the client's timeout)."""

    seed: int
    rate: float = 0.4
    weights: Mapping[FaultKind, float] = field(
        default_factory=lambda: {
            FaultKind.RESET: 1.0,
            FaultKind.DELAY: 1.0,
            FaultKind.TRUNCATED: 1.0,
            FaultKind.DROPPED_AFTER_COMMIT: 1.0,
        }
    )
    delay_s: tuple[float, float] = (0.05, 1.5)


@dataclass(frozen=True, slots=True)
class _Message:
    head: bytes
    body: bytes

    @property
    def raw(self) -> bytes:
        return self.head + self.body


def _content_length(head: bytes) -> int | None:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return None


async def _read_message(reader: asyncio.StreamReader, *, until_eof: bool) -> _Message | None:
    """One HTTP message; None on a clean end of stream before it starts. Without a
    ``Content-Length``, a request has no body and an answer runs to the end of stream."""
    try:
        head = await reader.readuntil(_HEAD_END)
    except asyncio.IncompleteReadError as exc:
        if not exc.partial:
            return None
        raise
    length = _content_length(head)
    if length is not None:
        body = await reader.readexactly(length)
    elif until_eof:
        body = await reader.read()
    else:
        body = b""
    return _Message(head, body)


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST instead of FIN: the peer sees 'connection reset by peer'."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def _closed(writer: asyncio.StreamWriter) -> None:
    """Close and wait for it, bounded: a peer that stopped reading cannot hold us."""
    writer.close()
    with contextlib.suppress(ConnectionError, OSError, TimeoutError):
        await asyncio.wait_for(writer.wait_closed(), 2.0)
    if not writer.transport.is_closing():
        writer.transport.abort()


class FaultProxy:
    """Runs its own event loop on a thread: ``start()`` / ``stop()`` or ``with``.

    ``upstream_port`` may be down for a while (the service restarting): those exchanges
    are reset and counted in ``upstream_lost``."""

    def __init__(self, upstream_port: int, plan: FaultPlan, host: str = "127.0.0.1") -> None:
        self._upstream = (host, upstream_port)
        self._host = host
        self._plan = plan
        self._rng = random.Random(plan.seed)
        self._kinds = list(plan.weights)
        self._weights = [plan.weights[k] for k in self._kinds]
        self._lock = threading.Lock()
        self._faults: Counter[FaultKind] = Counter()
        self._forwarded = 0
        self._upstream_lost = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._port: int | None = None
        self._start_error: BaseException | None = None

    # -- what it did ---------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("proxy not started")
        return self._port

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self.port}"

    def faults(self) -> dict[FaultKind, int]:
        with self._lock:
            return {kind: self._faults[kind] for kind in FaultKind}

    @property
    def total_faults(self) -> int:
        with self._lock:
            return sum(self._faults.values())

    @property
    def forwarded(self) -> int:
        """Requests that reached the service (including ones whose answer was broken)."""
        with self._lock:
            return self._forwarded

    @property
    def upstream_lost(self) -> int:
        with self._lock:
            return self._upstream_lost

    # -- lifecycle -----------------------------------------------------------------

    def start(self) -> FaultProxy:
        if self._thread is not None:
            raise RuntimeError("proxy already started")
        self._thread = threading.Thread(target=self._run, name="fault-proxy", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fault proxy did not start")
        if self._start_error is not None:
            raise RuntimeError("fault proxy did not start") from self._start_error
        return self

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(10)
        thread.join(10)
        self._thread = None

    async def _shutdown(self) -> None:
        """Close the listener, end every open exchange (also ones accepted meanwhile),
        then stop the loop."""
        if self._server is not None:
            self._server.close()
        current = asyncio.current_task()
        while tasks := [task for task in asyncio.all_tasks() if task is not current]:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
        loop = asyncio.get_running_loop()
        loop.call_soon(loop.stop)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        try:
            try:
                self._server = loop.run_until_complete(
                    asyncio.start_server(self._serve_client, self._host, 0)
                )
                self._port = int(self._server.sockets[0].getsockname()[1])
            except OSError as exc:
                self._start_error = exc
                return
            finally:
                self._ready.set()
            loop.run_forever()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            asyncio.set_event_loop(None)

    # -- one client connection -----------------------------------------------------

    def _draw(self) -> tuple[FaultKind | None, float, float]:
        """(fault or None, a delay, a cut fraction), all from the seeded RNG."""
        with self._lock:
            fault = None
            if self._rng.random() < self._plan.rate:
                fault = self._rng.choices(self._kinds, self._weights)[0]
            low, high = self._plan.delay_s
            return fault, self._rng.uniform(low, high), self._rng.random()

    def _count(self, kind: FaultKind) -> None:
        with self._lock:
            self._faults[kind] += 1

    async def _serve_client(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            while await self._exchange(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            _reset(writer)
        finally:
            await _closed(writer)

    async def _exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """One request and its answer; False when the client connection is over."""
        request = await _read_message(reader, until_eof=False)
        if request is None:
            return False
        fault, delay, cut = self._draw()
        if fault is FaultKind.RESET:
            self._count(fault)
            _reset(writer)
            return False
        # A delay half the time before the service sees the request, half the time after
        # it answered (then the service has committed while the client may time out).
        delay_first = cut < 0.5
        if fault is FaultKind.DELAY and delay_first:
            self._count(fault)
            await asyncio.sleep(delay)
        answer = await self._forward(request)
        if answer is None:
            _reset(writer)
            return False
        if fault is FaultKind.DELAY and not delay_first:
            self._count(fault)
            await asyncio.sleep(delay)
        if fault is FaultKind.DROPPED_AFTER_COMMIT:
            self._count(fault)
            writer.close()  # a plain close: the client sees the connection end, no answer
            return False
        if fault is FaultKind.TRUNCATED:
            self._count(fault)
            raw = answer.raw
            writer.write(raw[: max(1, int(len(raw) * cut))])
            await writer.drain()
            _reset(writer)
            return False
        writer.write(answer.raw)
        await writer.drain()
        return True

    async def _forward(self, request: _Message) -> _Message | None:
        """The service's answer, on a fresh upstream connection; None when the service is
        down or dies mid-exchange (not an injected fault)."""
        try:
            up_reader, up_writer = await asyncio.open_connection(*self._upstream)
        except OSError:
            self._lost()
            return None
        try:
            up_writer.write(request.raw)
            await up_writer.drain()
            with self._lock:
                self._forwarded += 1
            answer = await _read_message(up_reader, until_eof=True)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            answer = None
        finally:
            await _closed(up_writer)
        if answer is None:
            self._lost()
        return answer

    def _lost(self) -> None:
        with self._lock:
            self._upstream_lost += 1
