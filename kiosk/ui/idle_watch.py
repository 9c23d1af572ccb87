"""The idle watch (R-SE-1): every touch, click or key anywhere feeds ``KioskSession.touch()``;
a timer polls the session, shows the "still there?" countdown on the screen and over it,
and at 0 says the session has expired."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget
from typing_extensions import override

from kiosk.services.kiosk_session import IdleState, KioskSession
from kiosk.ui.common.screens.idle_warning import IdleWarning
from kiosk.ui.common.widgets.screen_frame import ScreenFrame

IDLE_POLL_MS = 1000

# What counts as the person being there: touches, clicks, keys, typing by input method.
_ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
    }
)


class IdleWatch(QObject):
    expired = Signal()  # the countdown reached 0: the session must end now

    def __init__(
        self,
        session: KioskSession,
        *,
        overlay_parent: QWidget,
        current: Callable[[], ScreenFrame],
        home: ScreenFrame,
        poll_ms: int = IDLE_POLL_MS,
    ) -> None:
        super().__init__(overlay_parent)
        self._session = session
        self._current = current
        self._home = home
        self.warning = IdleWarning(overlay_parent)
        self.warning.continue_chosen.connect(self.keep)
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll)
        self._timer.start()
        app = QCoreApplication.instance()
        self._app = app
        if app is not None:
            app.installEventFilter(self)

    def keep(self) -> None:
        """The person said they are still there."""
        self._session.touch()
        self.warning.close_overlay()
        self._current().set_idle_seconds(None)

    def poll(self) -> None:
        screen = self._current()
        if screen is self._home and not self._session.logged_in:
            # Nothing to protect on the home screen: no countdown while nobody is there.
            self._session.touch()
            self.warning.close_overlay()
            return
        state = self._session.state()
        if state is IdleState.ACTIVE:
            if self.warning.isVisible():
                self.warning.close_overlay()
            screen.set_idle_seconds(None)
        elif state is IdleState.WARNING:
            seconds = self._session.seconds_left()
            self.warning.show_seconds(seconds)
            screen.set_idle_seconds(seconds)
        else:
            self.expired.emit()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._session.touch()
        return False

    def stop(self) -> None:
        """Timer and event filter off (window closing, tests)."""
        self._timer.stop()
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None
