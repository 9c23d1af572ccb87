"""Certificate media over PC/SC — placeholder until issue 5 implements it.

It reports NOT_CONNECTED with a clear description, so ``kiosk devices`` and the staff
screen tell a tester exactly why no medium is seen with ``KIOSK_MEDIUM_DRIVER=pcsc``.
"""

from __future__ import annotations

from kiosk.devices.cards import MediumKind, PinResult, zero
from kiosk.devices.status import DeviceStatus


class PcscCertificateMedium:
    def __init__(self, reader: str | None = None, kind: MediumKind = MediumKind.UKEY) -> None:
        self.reader = reader
        self._kind = kind

    @property
    def kind(self) -> MediumKind:
        return self._kind

    @property
    def status(self) -> DeviceStatus:
        return DeviceStatus.NOT_CONNECTED

    @property
    def description(self) -> str:
        return "PC/SC certificate reader: driver not implemented yet (issue 5); no medium seen"

    @property
    def present(self) -> bool:
        return False

    @property
    def serial(self) -> str | None:
        return None

    @property
    def pin_tries_left(self) -> int | None:
        return None

    @property
    def certificate_subject(self) -> str | None:
        return None

    def verify_pin(self, pin: bytearray) -> PinResult:
        zero(pin)
        return PinResult.NOT_PRESENT

    def change_pin(self, old: bytearray, new: bytearray) -> PinResult:
        zero(old)
        zero(new)
        return PinResult.NOT_PRESENT
