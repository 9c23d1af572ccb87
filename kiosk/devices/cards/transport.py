"""The two seams of the card layer (issue 5), shared by every backend and the emulator.

``CardTransport``: one connected card, raw APDUs both ways — what the Tax UKey application
client (``taxukey``) talks through, whatever carries the bytes (pyscard over pcscd, the
in-process fake, later an SKF vendor library). ``CardModel``: an emulated card — what the
vpcd socket server and the in-process transport drive. Transport-level failures are typed
here, each with zh/en text; PIN and application errors live with the application client.
"""

from __future__ import annotations

from enum import Enum
from typing import Protocol


class CardFailure(Enum):
    """Why no card could be talked to (zh, en): said plainly, never a stack trace."""

    SERVICE_DOWN = (
        "智能卡服务未运行（pcscd），正在自动重试；如持续出现请联系大厅工作人员。",
        "The smart-card service (pcscd) is not running; retrying by itself. If it persists, "
        "ask the hall staff.",
    )
    NO_READER = (
        "未检测到证书读卡设备，请检查设备连接。",
        "No certificate reader is connected. Check the device's cable.",
    )
    NO_CARD = (
        "请插入税务UKey、金税盘或税控盘。",
        "Please insert your Tax UKey, 金税盘 or 税控盘.",
    )
    UNSUPPORTED = (
        "无法识别此介质：不是税务数字证书介质，请换用税务UKey、金税盘或税控盘。",
        "This medium is not recognised as a tax certificate medium. Use a Tax UKey, 金税盘 "
        "or 税控盘.",
    )
    REMOVED = (
        "证书介质已被拔出，本次操作已结束。请重新插入后再试。",
        "The certificate medium was removed and this operation ended. Insert it again and retry.",
    )
    COMMUNICATION = (
        "与证书介质通信失败，请拔出后重新插入再试。",
        "Communication with the certificate medium failed. Remove it, insert it again and retry.",
    )

    @property
    def zh(self) -> str:
        return self.value[0]

    @property
    def en(self) -> str:
        return self.value[1]


class CardError(Exception):
    """A transport-level failure; ``detail`` is for the details line (e.g. a PC/SC code)."""

    def __init__(self, failure: CardFailure, detail: str = "") -> None:
        super().__init__(f"{failure.name}{': ' + detail if detail else ''}")
        self.failure = failure
        self.detail = detail


class CardTransport(Protocol):
    """One connected card. Blocking; used only on the card owner thread."""

    @property
    def reader(self) -> str: ...

    @property
    def atr(self) -> bytes: ...

    def transmit(self, command: bytes) -> bytes:
        """Send a C-APDU, return the R-APDU (data then SW1 SW2). Raises ``CardError``
        (REMOVED, COMMUNICATION, SERVICE_DOWN)."""
        ...

    def close(self) -> None: ...


class CardModel(Protocol):
    """An emulated card (the vpcd server and the in-process transport drive it)."""

    @property
    def atr(self) -> bytes: ...

    def power_on(self) -> None: ...

    def power_off(self) -> None:
        """Volatile state (selected application, verified PIN, challenge) is lost."""
        ...

    def reset(self) -> None: ...

    def process(self, command: bytes) -> bytes:
        """One C-APDU in, one R-APDU out (never raises for a bad APDU: answers a SW)."""
        ...
