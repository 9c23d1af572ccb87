"""The account service in-process: migrations, optional demo data, uvicorn on a loopback
port chosen by the OS, in a background thread (the kiosk demo, one-hall pilots, tests)."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import socket
import threading
import time
from datetime import timedelta
from types import TracebackType

import uvicorn
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from account_service.app import create_app
from account_service.clock import Clock, SystemClock
from account_service.db import make_engine, make_session_factory
from account_service.demo import load_demo_data
from account_service.migrate import upgrade
from account_service.security import make_password_hasher
from account_service.settings import AccountServiceSettings
from account_service.sms.gateway import SmsGateway
from account_service.terminals.service import create_enroll_code


class EmbeddedServiceError(RuntimeError):
    pass


_STOP_POLL_S = 0.002


class _PromptServer(uvicorn.Server):
    """uvicorn's server, stopped without its fixed waits: its main loop sleeps 0.1 s between
    checks of ``should_exit`` and its shutdown sleeps 0.1 s after asking each connection to
    close, then polls every 0.1 s until they have (~0.18 s for every stop). Here the main loop
    wakes as soon as ``exit_soon`` is called, and the shutdown, the same steps in the same
    order, polls every 2 ms: it still closes the listening sockets first, lets a request in
    flight finish (its connection closes after the response), waits for the app's tasks
    and runs the lifespan shutdown."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def exit_soon(self) -> None:
        """From any thread: end the main loop now (not at its next 0.1 s tick)."""
        self.should_exit = True
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already closed
                loop.call_soon_threadsafe(wake.set)

    async def main_loop(self) -> None:
        self._wake = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 1) % 864000
            # uvicorn's tick (the Date header once a second, should_exit), woken early.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=0.1)
            should_exit = await self.on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()  # an idle one closes now, a busy one after its response
        try:
            await asyncio.wait_for(
                self._wait_closed(), timeout=self.config.timeout_graceful_shutdown
            )
        except TimeoutError:  # past the config's timeout_graceful_shutdown (None: none)
            for task in self.server_state.tasks:
                task.cancel(msg="Task cancelled, timeout graceful shutdown exceeded")
        if not self.force_exit:
            await self.lifespan.shutdown()

    async def _wait_closed(self) -> None:
        while self.server_state.connections and not self.force_exit:
            await asyncio.sleep(_STOP_POLL_S)
        while self.server_state.tasks and not self.force_exit:
            await asyncio.sleep(_STOP_POLL_S)
        for server in self.servers:
            await server.wait_closed()


class EmbeddedService:
    def __init__(
        self,
        settings: AccountServiceSettings | None = None,
        *,
        clock: Clock | None = None,
        load_demo: bool = False,
        apply_migrations: bool = True,
        host: str = "127.0.0.1",
        port: int = 0,  # 0: the OS picks; a fixed port lets a test restart it in place
        startup_timeout_s: float = 20.0,
        sms_gateway: SmsGateway | None = None,
    ) -> None:
        self.settings = settings or AccountServiceSettings()
        self.clock = clock or SystemClock()
        self._load_demo = load_demo
        self._apply_migrations = apply_migrations
        self._host = host
        self._wanted_port = port
        self._startup_timeout_s = startup_timeout_s
        self._sms_gateway = sms_gateway
        self._engine: Engine | None = None
        self._session_factory: sessionmaker[Session] | None = None
        self._server: _PromptServer | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._port: int | None = None

    @property
    def base_url(self) -> str:
        if self._port is None:
            raise EmbeddedServiceError("service not started")
        return f"http://{self._host}:{self._port}"

    @property
    def session_factory(self) -> sessionmaker[Session]:
        if self._session_factory is None:
            raise EmbeddedServiceError("service not started")
        return self._session_factory

    def start(self) -> EmbeddedService:
        if self._thread is not None:
            raise EmbeddedServiceError("already started")
        if self._apply_migrations:
            upgrade(self.settings.database_url)
        self._engine = make_engine(self.settings.database_url)
        self._session_factory = make_session_factory(self._engine)
        if self._load_demo:
            load_demo_data(
                self._session_factory,
                hasher=make_password_hasher(self.settings),
                clock=self.clock,
            )
        app = create_app(
            self.settings,
            clock=self.clock,
            session_factory=self._session_factory,
            sms_gateway=self._sms_gateway,
        )
        # Bind first: the OS picks the port and we know it before the server runs. The
        # protocol is named so that asyncio sets TCP_NODELAY on each accepted connection
        # (it checks proto == IPPROTO_TCP); with proto 0 every kept-alive request waited
        # ~40 ms on Nagle and the peer's delayed ACK.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self._host, self._wanted_port))
        self._socket = sock
        self._port = int(sock.getsockname()[1])
        config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="on")
        self._server = _PromptServer(config)
        server = self._server
        self._thread = threading.Thread(
            target=lambda: server.run(sockets=[sock]), name="account-service", daemon=True
        )
        self._thread.start()
        try:
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self._startup_timeout_s
        # uvicorn says when it listens (its startup done): a poll of a flag every 1 ms, not
        # a connection refused and a back-off sleep per try until then.
        server = self._server
        while server is not None and not server.started:
            if self._thread is None or not self._thread.is_alive():
                raise EmbeddedServiceError("the account service thread ended at startup")
            if time.monotonic() > deadline:
                raise EmbeddedServiceError("the account service did not start listening")
            time.sleep(0.001)
        delay = 0.005
        while True:
            if self._health_ok():
                return
            if self._thread is None or not self._thread.is_alive():
                raise EmbeddedServiceError("the account service thread ended at startup")
            if time.monotonic() > deadline:
                raise EmbeddedServiceError("the account service did not become healthy")
            time.sleep(delay)  # bounded back-off while the service gets ready
            delay = min(delay * 2, 0.1)

    def _health_ok(self) -> bool:
        # The standard library's plain HTTP client: an httpx.Client builds a TLS context
        # (the CA bundle, ~17 ms) even for a loopback http:// URL.
        if self._port is None:
            return False
        connection = http.client.HTTPConnection(self._host, self._port, timeout=2.0)
        try:
            connection.request("GET", "/v1/health")
            return connection.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()

    def stop(self) -> None:
        if self._server is not None:
            self._server.exit_soon()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()
        if self._engine is not None:
            self._engine.dispose()
        self._server = self._thread = self._socket = None
        self._engine = None
        self._session_factory = None
        self._port = None

    def create_enroll_code(self, name: str | None = None) -> str:
        """A one-time terminal enroll code (so the demo kiosk can enroll itself)."""
        ttl = timedelta(seconds=self.settings.enroll_code_ttl_s)
        with self.session_factory.begin() as session:
            return create_enroll_code(session=session, clock=self.clock, name=name, ttl=ttl)

    def __enter__(self) -> EmbeddedService:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
