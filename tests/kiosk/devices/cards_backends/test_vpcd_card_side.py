"""Our vpcd card side against a stand-in for vpcd (a loopback listener speaking its framing):
control bytes, APDUs, removal by either side, the tester's commands."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from kiosk.devices.cards.fake_backend import StubCard
from kiosk.devices.cards.vpcd import VpcdCard, VpcdUnavailableError, handle_command


class FakeVpcd:
    """The reader side: what vpcd inside pcscd does with a connected card."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.connection: socket.socket | None = None

    def accept(self) -> None:
        if self.connection is not None:
            self.connection.close()
        self.listener.settimeout(5.0)
        self.connection, _ = self.listener.accept()
        self.connection.settimeout(5.0)

    def send(self, payload: bytes) -> None:
        assert self.connection is not None
        self.connection.sendall(len(payload).to_bytes(2, "big") + payload)

    def receive(self) -> bytes:
        assert self.connection is not None
        header = self._exact(2)
        return self._exact(int.from_bytes(header, "big"))

    def _exact(self, size: int) -> bytes:
        assert self.connection is not None
        data = b""
        while len(data) < size:
            chunk = self.connection.recv(size - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
        self.listener.close()


@pytest.fixture
def vpcd() -> Iterator[FakeVpcd]:
    reader = FakeVpcd()
    yield reader
    reader.close()


def wait_until(condition: object, timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not callable(condition) or not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.005)


def test_control_bytes_and_apdus(vpcd: FakeVpcd) -> None:
    stub = StubCard(file=b"certificate")
    with VpcdCard(stub, port=vpcd.port) as card:
        card.insert()
        vpcd.accept()
        vpcd.send(b"\x01")  # power on: no reply
        vpcd.send(b"\x04")  # get ATR
        assert vpcd.receive() == StubCard.ATR
        assert stub.powered
        vpcd.send(bytes.fromhex("00B0000000"))
        assert vpcd.receive() == b"certificate\x62\x82"
        vpcd.send(b"\x00")  # power off
        vpcd.send(b"\x02")  # reset: no reply, powered again
        vpcd.send(bytes.fromhex("00A4040000"))
        assert vpcd.receive() == b"\x90\x00"
        assert card.apdus == 2
        assert stub.powered
    assert not stub.powered  # removal


def test_removal_closes_the_connection_and_reinsertion_reconnects(vpcd: FakeVpcd) -> None:
    card = VpcdCard(StubCard(), port=vpcd.port)
    card.insert()
    vpcd.accept()
    card.remove()
    assert not card.inserted
    with pytest.raises(EOFError):
        vpcd.receive()
    card.insert()
    vpcd.accept()
    vpcd.send(b"\x04")
    assert vpcd.receive() == StubCard.ATR
    card.close()


def test_vpcd_going_away_is_a_removal(vpcd: FakeVpcd) -> None:
    stub = StubCard()
    card = VpcdCard(stub, port=vpcd.port)
    card.insert()
    vpcd.accept()
    vpcd.send(b"\x01")
    vpcd.close()  # pcscd stopped
    wait_until(lambda: not card.inserted)
    assert not stub.powered


def test_nothing_listening_is_said_plainly(vpcd: FakeVpcd) -> None:
    port = vpcd.port
    vpcd.close()
    with pytest.raises(VpcdUnavailableError, match="is pcscd running"):
        VpcdCard(StubCard(), port=port).insert()


def test_tester_commands(vpcd: FakeVpcd) -> None:
    card = VpcdCard(StubCard(), port=vpcd.port)
    assert handle_command(card, ["insert"])["inserted"] is True
    vpcd.accept()
    assert handle_command(card, ["latency", "30"])["latency_ms"] == 30.0
    started = time.perf_counter()
    vpcd.send(bytes.fromhex("00A4040000"))
    assert vpcd.receive() == b"\x90\x00"
    assert time.perf_counter() - started >= 0.03
    assert handle_command(card, ["sw", "6581"]) == {
        "ok": False,
        "error": "unknown command 'sw 6581'",  # the stub has no such control
    }
    assert handle_command(card, ["remove"])["inserted"] is False
    assert handle_command(card, [])["ok"] is False
