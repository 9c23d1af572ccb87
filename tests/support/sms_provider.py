"""A stub of the province's SMS provider (an outside system we do not have): an HTTP server
on loopback that records what it is sent and answers with injected faults."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class StubProvider:
    url: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)
    authorizations: list[str] = field(default_factory=list)
    status: int = 200  # the next answers' status (a fault: 500, 429 ...)
    delay_s: float = 0.0  # before answering (a fault: slower than the gateway's timeout)

    def codes_for(self, phone: str) -> list[str]:
        return [
            "".join(c for c in m["text"] if c.isdigit())[:6]
            for m in self.received
            if m["phone"] == phone
        ]


@contextmanager
def stub_sms_provider() -> Iterator[StubProvider]:
    stub = StubProvider()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            stub.authorizations.append(self.headers.get("Authorization", ""))
            stub.received.append(json.loads(self.rfile.read(length)))
            time.sleep(stub.delay_s)
            self.send_response(stub.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"ok": true}')

        def do_GET(self) -> None:
            # What was sent, for a test's kiosk in another process (the person's phone).
            body = json.dumps(stub.received).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stub.url = f"http://127.0.0.1:{server.server_port}/sms/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
