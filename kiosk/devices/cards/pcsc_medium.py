"""The old single-slot medium interface under ``KIOSK_MEDIUM_DRIVER=pcsc``.

Certificate media over PC/SC are read by the card monitor and the Tax UKey client
(``kiosk/devices/cards``: the certificate and agent journeys); this slot only points
``kiosk devices`` readers to the "card readers" line, which lists them.
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
        return "PC/SC: media are read through the card readers (see the card readers line)"

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
