"""What a device reports about itself (shown by ``kiosk devices`` and the staff screen)."""

from __future__ import annotations

from enum import Enum


class DeviceStatus(Enum):
    READY = "ready"
    NOT_CONNECTED = "not_connected"
    BUSY = "busy"
    FAULT = "fault"
