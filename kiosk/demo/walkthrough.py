"""The guided walkthrough: drive the real screens through a login and save a PNG per screen,
in Chinese and English, at 1920x1080 and 1280x800 (and 1080x1920 portrait for home and
login) — ``<out>/<W>x<H>/01-home.zh_CN.png`` and so on; then, with a ``StaffDemo``, every
staff and collection screen (``walkthrough_staff``), the certificate screens, and last the
self-service screens (``walkthrough_self_service``).

It taps what a person taps (keypad keys, main actions), against the real service, and
reads the demo SMS code from the development outbox.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPoint, QRect
from PySide6.QtWidgets import QScrollArea, QWidget

from kiosk.demo.still_preview import StillPreview
from kiosk.demo.ui_driver import DriverError, tap, type_on_keypad, wait_for
from kiosk.demo.walk import LANDSCAPE, WITH_PORTRAIT, Walk
from kiosk.demo.walkthrough_certificate import CardDemo, run_certificate_walkthrough
from kiosk.demo.walkthrough_enterprise import run_enterprise_walkthrough
from kiosk.demo.walkthrough_hall_relations import run_hall_relations_walkthrough
from kiosk.demo.walkthrough_people import run_people_walkthrough
from kiosk.demo.walkthrough_registration import run_registration_walkthrough
from kiosk.demo.walkthrough_relations import run_relations_walkthrough
from kiosk.demo.walkthrough_self_service import run_self_service_walkthrough
from kiosk.demo.walkthrough_staff import StaffDemo, run_staff_walkthrough
from kiosk.devices.camera import Camera
from kiosk.protocol.auth import Factor
from kiosk.protocol.messages import Lang
from kiosk.services.account_api import AccountApi
from kiosk.ui.main_window import EndReason, MainWindow

LANGUAGES: tuple[Lang, ...] = (Lang.ZH, Lang.EN)


class WalkthroughError(DriverError):
    """A step did not reach the screen it should have (the message says which)."""


@dataclass(frozen=True, slots=True)
class DemoLogin:
    """Who the walkthrough logs in as (a published demo person)."""

    document_number: str
    password: str = ""
    phone: str = ""


def widgets_outside(window: MainWindow) -> list[str]:
    """The visible widgets of the screen on show that reach past the window's edges."""
    frame = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
    screen = window.current_screen()
    # What scrolls is seen through its viewport: the scroll area itself is checked.
    scrolled = {area.viewport() for area in screen.findChildren(QScrollArea)}
    found: list[str] = []
    for widget in screen.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0 or widget.height() <= 0:
            continue
        if any(viewport.isAncestorOf(widget) for viewport in scrolled):
            continue
        rect = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
        if not frame.contains(rect):
            found.append(f"{type(widget).__name__} {widget.objectName()!r} {rect.getRect()}")
    return found


def settle() -> None:
    """Deliver posted events (language change, layout requests) before a screenshot."""
    app = QCoreApplication.instance()
    for _ in range(3):
        if app is not None:
            app.processEvents()


class Walkthrough:
    def __init__(
        self,
        window: MainWindow,
        api: AccountApi,
        out_dir: Path,
        *,
        advance_idle_clock: Callable[[float], None],
        staff: StaffDemo | None = None,
        cards: CardDemo | None = None,
        camera: Camera | None = None,
    ) -> None:
        """``camera``: the mock camera, held still while a live preview is shot."""
        self.window = window
        self.staff = staff
        self.cards = cards
        self.still = StillPreview(camera, wait_for) if camera is not None else None
        self.api = api
        self.walk = Walk(window, self.shoot, outbox=api, still=self.still)
        self.out_dir = out_dir
        self._advance = advance_idle_clock
        self.saved: list[Path] = []

    def shoot(self, name: str, sizes: tuple[tuple[int, int], ...] = LANDSCAPE) -> None:
        for lang in LANGUAGES:
            self.window.set_language(lang)
            settle()
            for width, height in sizes:
                self.window.resize_for(width, height)
                settle()
                screen = self.window.current_screen()
                if screen.needs_scrolling() and not self._keyboard_open():
                    raise WalkthroughError(
                        f"{name} ({lang.value}) does not fit {width}x{height}: "
                        f"{type(screen).__name__} needs {screen.body.minimumSizeHint().height()} "
                        f"px for its body and has {screen.body_scroll.viewport().height()}"
                    )
                outside = widgets_outside(self.window)
                if outside:
                    raise WalkthroughError(
                        f"{name} ({lang.value}) at {width}x{height}: cut off at the window's "
                        f"edge: {', '.join(outside[:5])}"
                    )
                if (self.window.width(), self.window.height()) != (width, height):
                    pages = [self.window.stack.widget(i) for i in range(self.window.stack.count())]
                    tallest = max(
                        (page for page in pages if page is not None),
                        key=lambda page: page.minimumSizeHint().height(),
                    )
                    raise WalkthroughError(
                        f"{name} ({lang.value}) does not fit {width}x{height} "
                        f"(tallest screen: {type(tallest).__name__}): "
                        f"the window needs {self.window.width()}x{self.window.height()}"
                    )
                folder = self.out_dir / f"{width}x{height}"
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / f"{name}.{lang.value}.png"
                if not self.window.grab().save(str(path)):
                    raise WalkthroughError(f"could not write {path}")
                self.saved.append(path)
        self.window.set_language(Lang.ZH)
        settle()

    def _keyboard_open(self) -> bool:
        keyboard = self.window.keyboard
        return keyboard is not None and keyboard.isVisible()

    def run(self, person: DemoLogin) -> list[Path]:
        window = self.window
        login = window.login
        window.show()
        window.go_home()
        self.shoot("01-home", WITH_PORTRAIT)

        window.start_login()
        credentials = login.credentials
        type_on_keypad(credentials.keypad, person.document_number)
        credentials.password.set_text(person.password)
        self.shoot("02-login-credentials", WITH_PORTRAIT)
        credentials.submit()
        self.walk.settled("the password check")
        if window.current_screen() is login.factor_choice:
            # R-2F-1: the second factors this person may use here; the walkthrough takes SMS.
            self.shoot("57-login-second-factor")
            login.choose_factor(Factor.SMS)
            self.walk.settled("the choice of the SMS code")
        if window.current_screen() is not login.sms:
            raise WalkthroughError(f"login refused: {credentials.banner.text()}")

        tap(login.sms.request_button)
        self.walk.settled("the SMS code")
        code = self.walk.code(person.phone or None)
        self.shoot("03-login-sms", WITH_PORTRAIT)
        type_on_keypad(login.sms.keypad, code)
        login.sms.submit()
        self.walk.settled("the code check")
        if window.current_screen() is not window.logged_in.screen:
            raise WalkthroughError(f"code refused: {login.sms.banner.text()}")
        self.shoot("04-logged-in")

        policy = window.session.policy
        self._advance(policy.idle_s - policy.warning_s + 1)
        window.idle.poll()
        if not window.idle.warning.isVisible():
            raise WalkthroughError("the idle warning did not appear")
        self.shoot("05-idle-warning")

        window.end_session(EndReason.LOGOUT)
        self.walk.settled("the logout")
        if self.staff is not None:
            run_staff_walkthrough(self.walk, self.staff)
        if self.cards is not None:
            run_certificate_walkthrough(self.walk, self.cards)
        run_enterprise_walkthrough(self.walk)
        # 人企关联 (issue 18): the enterprise's side, the person's, the hall counter.
        run_people_walkthrough(self.walk)
        run_relations_walkthrough(self.walk)
        if self.staff is not None:
            run_hall_relations_walkthrough(self.walk, self.staff)
        # Last: it logs the demo person in again (another SMS code to the same phone).
        run_self_service_walkthrough(self.walk, person)
        # After the staff part, whose collection exception registers without a face step.
        run_registration_walkthrough(self.walk)
        return self.saved


def run_walkthrough(
    window: MainWindow,
    api: AccountApi,
    out_dir: Path,
    person: DemoLogin,
    *,
    advance_idle_clock: Callable[[float], None],
    staff: StaffDemo | None = None,
    cards: CardDemo | None = None,
    camera: Camera | None = None,
) -> list[Path]:
    """Run the guided walkthrough; returns the PNG files written."""
    walk = Walkthrough(
        window,
        api,
        out_dir,
        advance_idle_clock=advance_idle_clock,
        staff=staff,
        cards=cards,
        camera=camera,
    )
    return walk.run(person)


class ShiftedClock:
    """Monotonic seconds plus an offset the walkthrough moves (to show the idle warning)."""

    def __init__(self, base: Callable[[], float] = time.monotonic) -> None:
        self._base = base
        self._offset = 0.0

    def __call__(self) -> float:
        return self._base() + self._offset

    def advance(self, seconds: float) -> None:
        self._offset += seconds
