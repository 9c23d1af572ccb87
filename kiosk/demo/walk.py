"""What every part of the walkthrough does with the window: wait for the worker's answers,
arrive at a screen (or say where it stopped), read the code the demo's SMS outbox received,
hold the mock camera still for a live shot, and shoot."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from PySide6.QtWidgets import QWidget

from kiosk.demo.still_preview import StillPreview, held_or_live
from kiosk.demo.taxapp_strip import TaxAppScanStrip
from kiosk.demo.ui_driver import STEP_TIMEOUT_S, DriverError, tap, wait_for, wait_on
from kiosk.protocol.auth import Factor
from kiosk.protocol.qr import TaxApp
from kiosk.protocol.terminals import OutboxSms
from kiosk.ui.common.camera_pipeline import FrameAnalyzer
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.main_window import MainWindow

# The walkthrough's sizes: landscape by default; main screens also in portrait.
LANDSCAPE: tuple[tuple[int, int], ...] = ((1920, 1080), (1280, 800))
WITH_PORTRAIT: tuple[tuple[int, int], ...] = (*LANDSCAPE, (1080, 1920))


class Shoot(Protocol):
    def __call__(self, name: str, sizes: tuple[tuple[int, int], ...] = LANDSCAPE) -> None: ...


class Outbox(Protocol):
    def sms_outbox(self, phone: str | None = None, limit: int = 20) -> list[OutboxSms]: ...


class Walk:
    def __init__(
        self,
        window: MainWindow,
        shoot: Shoot,
        *,
        outbox: Outbox,
        still: StillPreview | None = None,
    ) -> None:
        """``still``: holds the mock camera's picture while a live preview is shot."""
        self.window = window
        self.shoot = shoot
        self.outbox = outbox
        self.still = still

    def settled(self, what: str, timeout_s: float = STEP_TIMEOUT_S) -> None:
        """Every flow call's answer is on screen."""
        runner = self.window.runner
        wait_on(runner.busy_changed, lambda: not runner.busy, what, timeout_s)

    def at(self, screen: QWidget, what: str, timeout_s: float = STEP_TIMEOUT_S) -> None:
        """The answers are in and ``screen`` is shown; else a ``DriverError`` saying what
        did not come and what the screen says instead."""
        window = self.window
        try:
            wait_on(
                [window.screen_changed, window.runner.busy_changed],
                lambda: not window.runner.busy and window.current_screen() is screen,
                what,
                timeout_s,
            )
        except DriverError:
            shown = window.current_screen()
            said = shown.banner.text() if isinstance(shown, FlowScreen) else ""
            busy = " (still waiting for the service)" if window.runner.busy else ""
            raise DriverError(
                f"did not reach {what}{busy}: {type(shown).__name__} shows {said!r}"
            ) from None

    def code(self, phone: str | None = None) -> str:
        """The newest code the demo's SMS outbox received (for ``phone``)."""
        sent = self.outbox.sms_outbox(phone=phone, limit=1)
        if not sent:
            raise DriverError(f"no SMS code was sent to {(phone or 'any phone')[:3]}…")
        return sent[0].code

    def by_tax_app(self, masked_name: str) -> bool:
        """The login's second factor by the tax app's scan (R-QR-2), with the demo's
        simulator strip, for the person the strip lists as ``masked_name``: their phone
        keeps its SMS allowance (R-SMS-1) for the parts after this one. False when the
        login does not offer it here (then the caller takes the SMS code)."""
        window = self.window
        login, qr = window.login, window.qr
        if window.current_screen() is not login.factor_choice or qr is None:
            return False
        strip = qr.screen.side_panel
        if Factor.QR not in login.flow.state.factors or not isinstance(strip, TaxAppScanStrip):
            return False
        login.choose_factor(Factor.QR)
        wait_for(lambda: strip.payload is not None, "the QR verification code")
        names = [b.text() for b in strip.person_buttons]
        strip.choose_person(names.index(masked_name))
        strip.choose_app(TaxApp.ETAX)
        if strip.enterprise:
            tap(strip.enterprise_button)
        strip.scan()
        return True

    @contextmanager
    def held(self, analyzer: FrameAnalyzer) -> Iterator[None]:
        """No new picture while the body runs (the shots of a live screen match)."""
        with held_or_live(self.still, analyzer):
            yield
