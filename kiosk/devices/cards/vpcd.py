"""The card side of vpcd: serve any ``CardModel`` to pcscd through vsmartcard's vpcd reader.

vpcd (Debian ``vsmartcard-vpcd``, loaded by pcscd) listens on TCP 35963 for reader
``Virtual PCD 00 00`` (35964: ``... 00 01``). Connecting is inserting the card, closing the
socket is removing it. Every message is a 2-byte big-endian length then the payload; a 1-byte
payload from vpcd is control (00 power off, 01 power on, 02 reset, 04 get ATR — only 04 is
answered), anything else a C-APDU answered with the R-APDU. ``TCP_QUICKACK`` is set before
each ``recv``: without it Nagle + delayed ACK make every APDU take ~44 ms (stack-notes).

Run the emulated Tax UKey of the demo enterprise for testers (``--stub``: ``StubCard``) and
drive it while the kiosk runs::

    uv run python -m kiosk.devices.cards.vpcd --port 35963             # serve, inserted
    uv run python -m kiosk.devices.cards.vpcd --port 35963 remove      # from another shell
    uv run python -m kiosk.devices.cards.vpcd --port 35963 insert
    uv run python -m kiosk.devices.cards.vpcd --port 35963 latency 200 # ms per APDU
    uv run python -m kiosk.devices.cards.vpcd --port 35963 status
    uv run python -m kiosk.devices.cards.vpcd --port 35963 sw 6581     # emulator: next SW
    uv run python -m kiosk.devices.cards.vpcd --port 35963 holder 某某有限公司 91110000X

The commands travel over a Unix socket (``control_path(port)``, or ``--control PATH``): one
line in, one JSON object line out (``send_command``). Other commands are handed to a card's
``control(words) -> str`` method when it has one, its answer returned as
``{"ok": true, "card": ...}``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from kiosk.devices.cards.certificates import CertificateHolder
from kiosk.devices.cards.emulator import EmulatedTaxUKey, build_card, issue_identity
from kiosk.devices.cards.fake_backend import StubCard
from kiosk.devices.cards.transport import CardModel

log = logging.getLogger(__name__)

VPCD_PORT = 35963
VPCD_READER = "Virtual PCD 00 00"  # the reader pcscd shows for VPCD_PORT
_POWER_OFF, _POWER_ON, _RESET, _GET_ATR = 0x00, 0x01, 0x02, 0x04


class VpcdUnavailableError(OSError):
    """Nothing listens on the vpcd port: pcscd is not running or has no vpcd reader."""


@runtime_checkable
class ControllableCard(Protocol):
    def control(self, words: Sequence[str]) -> str: ...


def _quickack(sock: socket.socket) -> None:
    # Linux clears QUICKACK after some ACKs: set it again before every recv.
    with contextlib.suppress(OSError, AttributeError):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    """``size`` bytes, or None when vpcd closed the connection (pcscd stopped)."""
    data = bytearray()
    while len(data) < size:
        _quickack(sock)
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


class VpcdCard:
    """One card served on a vpcd port. ``insert``/``remove`` from any thread; the card model
    is driven only by this object's serving thread while inserted."""

    def __init__(
        self,
        card: CardModel,
        *,
        host: str = "127.0.0.1",
        port: int = VPCD_PORT,
        latency_s: float = 0.0,
    ) -> None:
        self.card = card
        self.host = host
        self.port = port
        self._latency_s = latency_s
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.apdus = 0  # C-APDUs answered, for testers and tests

    @property
    def inserted(self) -> bool:
        with self._lock:
            return self._socket is not None

    @property
    def latency_s(self) -> float:
        return self._latency_s

    @latency_s.setter
    def latency_s(self, value: float) -> None:
        self._latency_s = max(0.0, value)

    def insert(self) -> None:
        """Connect to vpcd (pcscd then sees a card in the reader). No-op when inserted."""
        with self._lock:
            if self._socket is not None:
                return
            try:
                sock = socket.create_connection((self.host, self.port), timeout=5.0)
            except OSError as exc:
                raise VpcdUnavailableError(
                    f"vpcd is not listening on {self.host}:{self.port} ({exc.strerror or exc}); "
                    "is pcscd running with vsmartcard-vpcd installed?"
                ) from exc
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._socket = sock
            self._thread = threading.Thread(
                target=self._serve, args=(sock,), name=f"vpcd-card-{self.port}", daemon=True
            )
            self._thread.start()

    def remove(self) -> None:
        """Close the connection (pcscd sees the card removed). No-op when not inserted."""
        with self._lock:
            sock, self._socket = self._socket, None
            thread, self._thread = self._thread, None
        if sock is None:
            return
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5.0)
        sock.close()

    def close(self) -> None:
        self.remove()

    def __enter__(self) -> VpcdCard:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                header = _recv_exact(sock, 2)
                if header is None:
                    break
                payload = _recv_exact(sock, int.from_bytes(header, "big"))
                if payload is None:
                    break
                reply = self._answer(payload)
                if reply is not None:
                    sock.sendall(len(reply).to_bytes(2, "big") + reply)
        except OSError:
            pass  # remove() shut the socket down, or vpcd went away
        finally:
            self.card.power_off()  # removal: volatile state (selection, verified PIN) is lost
            with self._lock:
                if self._socket is sock:  # vpcd closed on us: the card is out
                    self._socket = None
                    self._thread = None
                    sock.close()

    def _answer(self, payload: bytes) -> bytes | None:
        if len(payload) == 1:
            code = payload[0]
            if code == _POWER_OFF:
                self.card.power_off()
            elif code == _POWER_ON:
                self.card.power_on()
            elif code == _RESET:
                self.card.reset()
            elif code == _GET_ATR:
                return self.card.atr
            else:
                log.warning("vpcd sent unknown control byte %02X", code)
            return None
        if self._latency_s:
            time.sleep(self._latency_s)  # a tester asked for a slow card
        response = self.card.process(payload)
        self.apdus += 1
        return response


DEMO_HOLDER = ("北京示例科技有限公司", "91110108MA01C3LX6H")  # the demo enterprise (README)


def default_card() -> EmulatedTaxUKey:
    """The emulated Tax UKey of the demo enterprise, its certificates issued now."""
    card, _issued = build_card(CertificateHolder(*DEMO_HOLDER), now=datetime.now(UTC))
    return card


def _emulator_command(card: CardModel, words: Sequence[str]) -> str | None:
    """The emulated Tax UKey's own tester controls; None when not one of them."""
    if not isinstance(card, EmulatedTaxUKey):
        return None
    verb = words[0]
    if verb == "sw" and len(words) == 2:
        card.force_next_status(int(words[1], 16))
        return f"next APDU answered {int(words[1], 16):04X}"
    if verb == "holder" and len(words) in (2, 3):
        holder = CertificateHolder(words[1], words[2] if len(words) == 3 else None)
        card.load_identity(issue_identity(holder, now=datetime.now(UTC)).identity)
        return f"now carries certificates of {holder.name}"
    return None


# -- tester control (Unix socket, one line per command) ----------------------------------


def control_path(port: int = VPCD_PORT) -> Path:
    return Path(tempfile.gettempdir()) / f"kiosk-vpcd-{port}.sock"


def handle_command(card: VpcdCard, words: Sequence[str]) -> dict[str, object]:
    """One tester command: insert, remove, latency MS, status; for the emulated Tax UKey
    also ``sw 6A82`` (the next APDU answers that status word) and ``holder NAME [TAXPAYER_ID]``
    (new certificates, PINs back to factory state); else the card's own ``control``."""
    try:
        if not words:
            raise ValueError("empty command")
        verb = words[0]
        if verb == "insert":
            card.insert()
        elif verb == "remove":
            card.remove()
        elif verb == "latency" and len(words) == 2:
            card.latency_s = float(words[1]) / 1000.0
        elif verb == "status":
            pass
        elif (answer := _emulator_command(card.card, words)) is not None:
            return {"ok": True, "card": answer}
        elif isinstance(card.card, ControllableCard):
            return {"ok": True, "card": card.card.control(list(words))}
        else:
            raise ValueError(f"unknown command {' '.join(words)!r}")
    except (ValueError, OSError) as exc:
        return {"ok": False, "error": str(exc)}
    return {
        "ok": True,
        "inserted": card.inserted,
        "latency_ms": round(card.latency_s * 1000, 3),
        "apdus": card.apdus,
        "card": type(card.card).__name__,
        "port": card.port,
    }


class ControlServer:
    """Accepts tester commands for ``card`` on a Unix socket until ``close``."""

    def __init__(self, card: VpcdCard, path: Path) -> None:
        self.card = card
        self.path = path
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # left behind by a killed server
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(str(path))
        os.chmod(path, 0o600)
        self._server.listen(4)
        self._thread = threading.Thread(target=self._accept, name="vpcd-control", daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return  # closed
            with connection, connection.makefile("rw", encoding="utf-8") as stream:
                line = stream.readline()
                reply = handle_command(self.card, line.split())
                stream.write(json.dumps(reply, ensure_ascii=False) + "\n")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)
        self._server.close()
        self._thread.join(timeout=5.0)
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def send_command(words: Sequence[str], path: Path | None = None) -> dict[str, object]:
    """Send one command to a running ``python -m kiosk.devices.cards.vpcd``."""
    target = path or control_path()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(10.0)
        sock.connect(str(target))
        with sock.makefile("rw", encoding="utf-8") as stream:
            stream.write(" ".join(words) + "\n")
            stream.flush()
            reply: dict[str, object] = json.loads(stream.readline())
            return reply


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.devices.cards.vpcd",
        description="Serve an emulated card to pcscd through vpcd, or control one that runs.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=VPCD_PORT)
    parser.add_argument("--control", type=Path, help="control socket (default: per port)")
    parser.add_argument("--removed", action="store_true", help="start with the card out")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument(
        "--stub", action="store_true", help="serve the stub card instead of the emulated Tax UKey"
    )
    parser.add_argument(
        "command", nargs="*", help="insert | remove | latency MS | status | (card's own)"
    )
    args = parser.parse_args(argv)
    path: Path = args.control or control_path(args.port)
    if args.command:
        reply = send_command(args.command, path)
        print(json.dumps(reply, ensure_ascii=False))
        return 0 if reply.get("ok") else 1
    model: CardModel = StubCard() if args.stub else default_card()
    card = VpcdCard(model, host=args.host, port=args.port, latency_s=args.latency_ms / 1000.0)
    if not args.removed:
        try:
            card.insert()
        except VpcdUnavailableError as exc:
            print(exc, file=sys.stderr)
            return 1
    server = ControlServer(card, path)
    print(
        f"serving {type(card.card).__name__} on vpcd {args.host}:{args.port} "
        f"({'removed' if args.removed else 'inserted'}); control: {path}",
        flush=True,
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        card.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
