"""The account service in-process: migrations, optional demo data, uvicorn on a loopback
port chosen by the OS, in a background thread (the kiosk demo, one-hall pilots, tests)."""

from __future__ import annotations

import socket
import threading
import time
from datetime import timedelta
from types import TracebackType

import httpx
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
        self._server: uvicorn.Server | None = None
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
        self._server = uvicorn.Server(config)
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
        delay = 0.005
        with httpx.Client(base_url=self.base_url, timeout=2.0) as client:
            while True:
                try:
                    if client.get("/v1/health").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if self._thread is None or not self._thread.is_alive():
                    raise EmbeddedServiceError("the account service thread ended at startup")
                if time.monotonic() > deadline:
                    raise EmbeddedServiceError("the account service did not become healthy")
                time.sleep(delay)  # bounded back-off while uvicorn starts listening
                delay = min(delay * 2, 0.1)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
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
