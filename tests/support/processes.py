"""The account service and the sync worker as real OS processes, to be ``kill -9``-ed and
restarted by the reliability test (issue 4)."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO

import httpx

from tests.support.live_service import TEST_ARGON2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Poll ``condition`` until it holds; AssertionError naming ``what`` at the deadline."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(0.05)


class ManagedProcess:
    """One command, restartable; its output appended to ``log_path``."""

    def __init__(self, name: str, argv: list[str], env: Mapping[str, str], log_path: Path) -> None:
        self.name = name
        self._argv = argv
        self._env = {**os.environ, **env}
        self._log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.kills = 0
        self.starts = 0

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        if self.running:
            raise RuntimeError(f"{self.name} already running")
        self._close_log()
        self._log = self._log_path.open("ab")
        self._log.write(f"--- start {self.starts + 1} ---\n".encode())
        self._log.flush()
        self._process = subprocess.Popen(
            self._argv, env=self._env, stdout=self._log, stderr=subprocess.STDOUT
        )
        self.starts += 1

    def exited_early(self) -> str | None:
        """The exit status and the log's tail when the process died on its own."""
        if self._process is None or self._process.poll() is None:
            return None
        tail = self._log_path.read_text(errors="replace")[-3000:]
        return f"{self.name} exited with {self._process.returncode}:\n{tail}"

    def kill9(self) -> None:
        """SIGKILL: no cleanup of any kind runs in the process."""
        if self._process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._process.pid, signal.SIGKILL)
        self._process.wait(10)
        self.kills += 1

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout_s: float = 15.0) -> int | None:
        """Ask it to end (SIGKILL after ``timeout_s``); returns the exit status."""
        process = self._process
        if process is None:
            return None
        if process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        self._close_log()
        return process.returncode

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


class ServiceProcess(ManagedProcess):
    """``account-service serve`` on a fixed loopback port (migrations applied at start)."""

    def __init__(
        self,
        database_url: str,
        data_dir: Path,
        port: int,
        *,
        sms_gateway_url: str = "http://127.0.0.1:9/sms",
        tls: tuple[Path, Path] | None = None,
        ca_file: Path | None = None,
    ) -> None:
        env = {
            "ACCOUNT_SERVICE_DATABASE_URL": database_url,
            "ACCOUNT_SERVICE_DATA_DIR": str(data_dir),
            "ACCOUNT_SERVICE_ACCESS_LOG": "false",
            # The production profile, as deployed: a real secret and an SMS provider (by
            # default nothing listens there: no code is sent).
            "ACCOUNT_SERVICE_SECRET_KEY": secrets.token_urlsafe(48),
            "ACCOUNT_SERVICE_SMS_GATEWAY": "http",
            "ACCOUNT_SERVICE_SMS_GATEWAY_URL": sms_gateway_url,
            **{f"ACCOUNT_SERVICE_{k.upper()}": str(v) for k, v in TEST_ARGON2.items()},
        }
        argv = [
            sys.executable,
            "-m",
            "account_service.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ]
        if tls is not None:
            argv += ["--tls-cert", str(tls[0]), "--tls-key", str(tls[1])]
        super().__init__("account-service", argv, env, data_dir / "service.log")
        self.port = port
        self.base_url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
        self._verify: ssl.SSLContext | bool = (
            ssl.create_default_context(cafile=str(ca_file)) if ca_file is not None else True
        )

    def start_and_wait(self, timeout_s: float = 60.0) -> None:
        self.start()
        wait_for(self._healthy, timeout_s, "the account service to answer /v1/health")

    def _healthy(self) -> bool:
        early = self.exited_early()
        if early is not None:
            raise AssertionError(early)
        # Ours, not another process that took the port between free_port() and our bind
        # (other tests start servers too): the listening socket must be our process's.
        if not self._listens_here():
            return False
        try:
            answer = httpx.get(self.base_url + "/v1/health", timeout=1.0, verify=self._verify)
            return answer.status_code == 200
        except httpx.TransportError:
            return False

    def _listens_here(self) -> bool:
        process = self._process
        if process is None:
            return False
        try:
            fds = Path(f"/proc/{process.pid}/fd").iterdir()
            inodes = {
                link.removeprefix("socket:[").removesuffix("]")
                for link in (os.readlink(fd) for fd in fds)
                if link.startswith("socket:[")
            }
            table = Path("/proc/net/tcp").read_text().splitlines()[1:]
        except OSError:
            return False
        for row in table:
            fields = row.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.split(":")[1], 16) == self.port and inode in inodes:
                return True  # 0A: LISTEN
        return False


class WorkerProcess(ManagedProcess):
    """``kiosk sync run`` (the long-running worker) against ``service_url``."""

    def __init__(self, data_dir: Path, service_url: str, env: Mapping[str, str]) -> None:
        argv = [
            sys.executable,
            "-m",
            "kiosk.cli",
            "sync",
            "run",
            "--service-url",
            service_url,
            "--data-dir",
            str(data_dir),
        ]
        super().__init__("kiosk sync run", argv, env, data_dir / "worker.log")
