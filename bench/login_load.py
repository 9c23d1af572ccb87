"""Login load benchmark (issue 14): `uv run python bench/login_load.py [--seconds S]`.

The account service runs as a separate process (`account-service serve`, production
profile, production argon2id parameters: m=19 MiB, t=2) on loopback, on SQLite and on
PostgreSQL (the server at 127.0.0.1:5432, or KIOSK_TEST_PG_URL; a fresh database). This
process is one enrolled terminal: C concurrent clients (20, then 200) each log their own
person in again and again (`POST /v1/auth/login`, the first factor: the argon2 work), while
a prober asks `GET /v1/health` ten times a second. Reported per backend and concurrency:
logins/s, login p50/p99, health p99, and every answer that was not 200 (a 500 is a defect).

The service hashes in a pool of its own (one thread per CPU, off the route threads) and
outside the write transaction, so the health check stays fast while logins saturate both
cores, and SQLite's one writer is held only for the short write after the hash.

Not part of the tests. The last lines are `figure: value unit`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from account_service.clock import SystemClock
from account_service.db import make_engine, make_session_factory
from account_service.migrate import upgrade
from account_service.persons.service import create_person
from account_service.security import make_password_hasher
from account_service.settings import AccountServiceSettings
from kiosk.domain.id_numbers import resident_id_check_char
from kiosk.protocol import signing

# A sibling module: the script's own folder is on sys.path when run as a file.
from _loopback_service import LoopbackService  # isort: skip

PASSWORD = "Bench.pass26"
CONCURRENCY = (20, 200)
HEALTH_EVERY_S = 0.1
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass
class Run:
    backend: str
    clients: int
    seconds: float
    logins: list[float] = field(default_factory=list)  # latencies of 200 answers
    health: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)

    def p(self, values: list[float], q: float) -> float:
        if not values:
            return float("nan")
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Terminal:
    """An enrolled terminal signing every request (docs/protocol.md)."""

    def __init__(self, base_url: str, terminal_id: str, key: Ed25519PrivateKey) -> None:
        self.base_url, self.terminal_id, self.key = base_url, terminal_id, key

    def headers(self, path: str, body: bytes) -> dict[str, str]:
        timestamp, nonce = int(time.time()), secrets.token_urlsafe(18)
        message = signing.canonical_request(
            method="POST",
            path_with_query=path,
            timestamp=timestamp,
            nonce=nonce,
            body=body,
            terminal_id=self.terminal_id,
        )
        return {
            "Content-Type": "application/json",
            signing.HEADER_IDEMPOTENCY: str(uuid.uuid4()),
            signing.HEADER_TERMINAL: self.terminal_id,
            signing.HEADER_TIMESTAMP: str(timestamp),
            signing.HEADER_NONCE: nonce,
            signing.HEADER_SIGNATURE: signing.sign(self.key, message),
        }


def _people(database_url: str, count: int) -> list[str]:
    """``count`` registered people with the production argon2 parameters."""
    upgrade(database_url)
    engine = make_engine(database_url)
    hasher = make_password_hasher(AccountServiceSettings(database_url=database_url))
    numbers = []
    try:
        with make_session_factory(engine).begin() as session:
            for index in range(count):
                first17 = f"11010119850101{index:03d}"
                number = first17 + resident_id_check_char(first17)
                create_person(
                    session=session,
                    hasher=hasher,
                    clock=SystemClock(),
                    name=f"压测{index}",
                    document_type="RESIDENT_ID",
                    document_number=number,
                    password=PASSWORD,
                )
                numbers.append(number)
    finally:
        engine.dispose()
    return numbers


async def _client(
    terminal: Terminal, http: httpx.AsyncClient, number: str, run: Run, end: float
) -> None:
    path = "/v1/auth/login"
    body = json.dumps({"identifier": number, "password": PASSWORD}).encode()
    while time.monotonic() < end:
        started = time.perf_counter()
        try:
            answer = await http.post(path, content=body, headers=terminal.headers(path, body))
        except httpx.HTTPError:
            run.statuses[0] += 1
            continue
        run.statuses[answer.status_code] += 1
        if answer.status_code == 200:
            run.logins.append(time.perf_counter() - started)


def _prober(base_url: str, run: Run, end: float) -> None:
    """On a thread of its own, as a load balancer's checks would come: not queued behind
    the load generator's coroutines, so what it times is the service."""
    with httpx.Client(base_url=base_url, timeout=120) as http:
        while time.monotonic() < end:
            started = time.perf_counter()
            answer = http.get("/v1/health")
            if answer.status_code == 200:
                run.health.append(time.perf_counter() - started)
            else:
                run.statuses[answer.status_code] += 1
            time.sleep(HEALTH_EVERY_S)


async def _load(
    terminal: Terminal, numbers: list[str], clients: int, seconds: float, backend: str
) -> Run:
    run = Run(backend, clients, seconds)
    limits = httpx.Limits(max_connections=clients + 4, max_keepalive_connections=clients + 4)
    async with httpx.AsyncClient(base_url=terminal.base_url, timeout=120, limits=limits) as http:
        end = time.monotonic() + seconds
        prober = threading.Thread(target=_prober, args=(terminal.base_url, run, end))
        prober.start()
        await asyncio.gather(
            *(_client(terminal, http, numbers[i % len(numbers)], run, end) for i in range(clients))
        )
        await asyncio.to_thread(prober.join)
    return run


def _pg_database() -> str:
    base = os.environ.get("KIOSK_TEST_PG_URL", DEFAULT_PG)
    name = "bench_login_load"
    admin = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    return base.rsplit("/", 1)[0] + f"/{name}"


def bench(backend: str, seconds: float, workdir: Path) -> list[Run]:
    database_url = _pg_database() if backend == "postgresql" else None
    service = LoopbackService(workdir / backend, database_url=database_url)
    service.data_dir.mkdir(parents=True, exist_ok=True)
    numbers = _people(service.database_url, max(CONCURRENCY))
    runs = []
    with service:
        key = Ed25519PrivateKey.generate()
        enrolled = httpx.post(
            service.base_url + "/v1/terminals/enroll",
            json={
                "code": service.enroll_code("bench"),
                "public_key": signing.public_key_b64(key),
                "name": "bench",
            },
        )
        enrolled.raise_for_status()
        terminal = Terminal(service.base_url, enrolled.json()["terminal_id"], key)
        for clients in CONCURRENCY:
            run = asyncio.run(_load(terminal, numbers, clients, seconds, backend))
            runs.append(run)
            print(
                f"{backend} {clients} clients: {len(run.logins) / seconds:.1f} logins/s, "
                f"login p50 {run.p(run.logins, 0.5) * 1000:.0f} ms p99 "
                f"{run.p(run.logins, 0.99) * 1000:.0f} ms, health p99 "
                f"{run.p(run.health, 0.99) * 1000:.0f} ms, answers {dict(run.statuses)}",
                flush=True,
            )
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="load per concurrency")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory(prefix="bench-login-") as scratch:
        runs = [run for backend in backends for run in bench(backend, args.seconds, Path(scratch))]
    for run in runs:
        tag = f"{run.backend}_{run.clients}"
        print(f"figure: logins_per_s_{tag}: {len(run.logins) / run.seconds:.1f} logins/s")
        print(f"figure: login_p50_{tag}: {run.p(run.logins, 0.5) * 1000:.0f} ms")
        print(f"figure: login_p99_{tag}: {run.p(run.logins, 0.99) * 1000:.0f} ms")
        print(f"figure: health_p99_{tag}: {run.p(run.health, 0.99) * 1000:.1f} ms")
        print(
            f"figure: server_errors_{tag}: {sum(n for s, n in run.statuses.items() if s >= 500)} answers"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
