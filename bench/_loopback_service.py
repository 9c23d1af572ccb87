"""The account service as a real separate process on loopback (for the benchmarks).

It runs the ``account-service`` command of this environment, so the benchmark process
holds only the terminal side and its memory is measured alone.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _command() -> list[str]:
    script = Path(sys.executable).with_name("account-service")
    if script.exists():
        return [str(script)]
    return [
        sys.executable,
        "-c",
        "import sys; from account_service.cli import main; sys.exit(main())",
    ]


class LoopbackService:
    """``account-service serve`` on 127.0.0.1, in its production profile (a generated
    secret; an SMS provider address nothing listens on: benchmarks send no code), with a
    SQLite file in ``data_dir`` unless ``database_url`` says otherwise; its log goes to
    ``data_dir/service.log``."""

    def __init__(
        self,
        data_dir: Path,
        *,
        database_url: str | None = None,
        env: dict[str, str] | None = None,
        startup_timeout_s: float = 60.0,
    ) -> None:
        self.data_dir = data_dir
        self.database_url = database_url or f"sqlite:///{data_dir / 'account_service.sqlite3'}"
        self._env = {
            **os.environ,
            "ACCOUNT_SERVICE_SECRET_KEY": secrets.token_urlsafe(48),
            "ACCOUNT_SERVICE_SMS_GATEWAY": "http",
            "ACCOUNT_SERVICE_SMS_GATEWAY_URL": "http://127.0.0.1:9/sms",
            "ACCOUNT_SERVICE_ACCESS_LOG": "false",
            **(env or {}),
        }
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._startup_timeout_s = startup_timeout_s
        self._process: subprocess.Popen[bytes] | None = None
        self._log_path = data_dir / "service.log"

    def start(self) -> LoopbackService:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self._log_path.open("wb") as log:
            self._process = subprocess.Popen(
                [
                    *_command(),
                    "serve",
                    "--database-url",
                    self.database_url,
                    "--port",
                    str(self.port),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self._env,
            )
        try:
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    @property
    def pid(self) -> int:
        if self._process is None:
            raise RuntimeError("service not started")
        return self._process.pid

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self._startup_timeout_s
        delay = 0.01
        with httpx.Client(timeout=2.0) as client:
            while True:
                try:
                    if client.get(self.base_url + "/v1/health").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if self._process is None or self._process.poll() is not None:
                    raise RuntimeError(
                        f"the account service ended at startup; see {self._log_path}"
                    )
                if time.monotonic() > deadline:
                    raise RuntimeError("the account service did not become healthy")
                time.sleep(delay)  # bounded back-off while uvicorn starts listening
                delay = min(delay * 2, 0.2)

    def enroll_code(self, name: str) -> str:
        """A one-time code from ``account-service terminal enroll-code`` (its own process)."""
        out = subprocess.run(
            [
                *_command(),
                "terminal",
                "enroll-code",
                "--database-url",
                self.database_url,
                "--name",
                name,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        return out.stdout.strip()

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def __enter__(self) -> LoopbackService:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
