"""Tax certificate media (税务UKey / 金税盘 / 税控盘) behind one small protocol.

PINs travel as ``bytearray`` so the caller's buffer can be — and is — zeroed after use;
a PIN never lives on in an immutable ``str``. Backends: the in-process mock here, PC/SC
(``pcsc_medium``; issue 5), room for SKF (vendor library) later (stack-notes).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from enum import Enum
from typing import Protocol

from kiosk.devices.status import DeviceStatus
from kiosk.domain.cert_pin import DEFAULT_CERT_PIN, PIN_MAX_LENGTH, PIN_MIN_LENGTH

# One certificate-password policy for the mock, the emulator and the client (cert_pin).
DEFAULT_PIN = DEFAULT_CERT_PIN  # the vendors' factory certificate password (stack-notes)
MAX_PIN_TRIES = 3
PIN_MIN_LEN = PIN_MIN_LENGTH  # was 6; the Tax UKey rules say 8..16
PIN_MAX_LEN = PIN_MAX_LENGTH

PresenceListener = Callable[[bool], None]


class MediumKind(Enum):
    UKEY = "ukey"  # 税务UKey
    JINSHUIPAN = "jinshuipan"  # 金税盘
    SHUIKONGPAN = "shuikongpan"  # 税控盘


class PinResult(Enum):
    OK = "ok"
    WRONG = "wrong"  # see pin_tries_left
    BLOCKED = "blocked"  # no tries left: the medium must be unblocked at the hall
    NOT_PRESENT = "not_present"  # no medium inserted
    REJECTED = "rejected"  # change_pin: the new PIN is not acceptable (length)


def zero(buffer: bytearray) -> None:
    """Overwrite a PIN buffer in place."""
    buffer[:] = bytes(len(buffer))


class CertificateMedium(Protocol):
    """One reader slot and the medium in it. Blocking: call from the device worker thread."""

    @property
    def kind(self) -> MediumKind: ...

    @property
    def status(self) -> DeviceStatus: ...

    @property
    def description(self) -> str: ...

    @property
    def present(self) -> bool: ...

    @property
    def serial(self) -> str | None: ...

    @property
    def pin_tries_left(self) -> int | None: ...

    @property
    def certificate_subject(self) -> str | None: ...

    def verify_pin(self, pin: bytearray) -> PinResult:
        """Check the certificate password; ``pin`` is zeroed before this returns."""
        ...

    def change_pin(self, old: bytearray, new: bytearray) -> PinResult:
        """Change the password; both buffers are zeroed before this returns."""
        ...


class MockCertificateMedium:
    """An in-process medium a tester scripts: insert/remove, PIN tries, blocking."""

    def __init__(
        self,
        *,
        kind: MediumKind = MediumKind.UKEY,
        serial: str = "TEST-UKEY-0001",
        certificate_subject: str = "CN=演示企业有限公司,O=演示企业有限公司,C=CN",
        pin: bytes = DEFAULT_PIN,
        max_tries: int = MAX_PIN_TRIES,
        inserted: bool = True,
    ) -> None:
        self._kind = kind
        self._serial = serial
        self._subject = certificate_subject
        self._pin = bytearray(pin)
        self._max_tries = max_tries
        self._tries_left = max_tries
        self._present = inserted
        self._listeners: list[PresenceListener] = []

    # -- what a tester does ----------------------------------------------------------

    def insert(self) -> None:
        if not self._present:
            self._present = True
            self._notify()

    def remove(self) -> None:
        """R-SE-1: the UI logs a certificate session out on removal."""
        if self._present:
            self._present = False
            self._notify()

    def add_presence_listener(self, listener: PresenceListener) -> None:
        self._listeners.append(listener)

    def unblock(self, new_pin: bytes = DEFAULT_PIN) -> None:
        """What the hall does for a blocked medium: new PIN, full tries."""
        zero(self._pin)
        self._pin = bytearray(new_pin)
        self._tries_left = self._max_tries

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener(self._present)

    # -- CertificateMedium -----------------------------------------------------------

    @property
    def kind(self) -> MediumKind:
        return self._kind

    @property
    def status(self) -> DeviceStatus:
        return DeviceStatus.READY

    @property
    def description(self) -> str:
        state = f"{self._kind.value} {self._serial} inserted" if self._present else "empty"
        return f"mock certificate reader ({state})"

    @property
    def present(self) -> bool:
        return self._present

    @property
    def serial(self) -> str | None:
        return self._serial if self._present else None

    @property
    def pin_tries_left(self) -> int | None:
        return self._tries_left if self._present else None

    @property
    def certificate_subject(self) -> str | None:
        return self._subject if self._present else None

    @property
    def blocked(self) -> bool:
        return self._tries_left <= 0

    def verify_pin(self, pin: bytearray) -> PinResult:
        try:
            return self._check(pin)
        finally:
            zero(pin)

    def change_pin(self, old: bytearray, new: bytearray) -> PinResult:
        try:
            result = self._check(old)
            if result is not PinResult.OK:
                return result
            if not PIN_MIN_LEN <= len(new) <= PIN_MAX_LEN:
                return PinResult.REJECTED
            zero(self._pin)
            self._pin = bytearray(new)
            return PinResult.OK
        finally:
            zero(old)
            zero(new)

    def _check(self, pin: bytearray) -> PinResult:
        if not self._present:
            return PinResult.NOT_PRESENT
        if self.blocked:
            return PinResult.BLOCKED
        if hmac.compare_digest(bytes(pin), bytes(self._pin)):
            self._tries_left = self._max_tries
            return PinResult.OK
        self._tries_left -= 1
        return PinResult.BLOCKED if self.blocked else PinResult.WRONG
