"""The frame of every screen (ui.md "Frame of every screen").

Top bar: journey title, step indicator, language toggle 中文 / EN, 帮助.
Bottom bar: 返回, 首页 (asks first when something was entered), the idle countdown, and the
one main action, bottom right and the largest button. A screen subclasses ``ScreenFrame``,
fills ``body_layout`` and overrides the small hooks below.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from kiosk.protocol.messages import Lang
from kiosk.ui.common.widgets.adaptive_row import AdaptiveRow, relayout_all
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole
from kiosk.ui.common.widgets.overlay import Overlay, OverlayAction
from kiosk.ui.i18n import LanguageController

BAR_MARGIN_PX = 24
REVEAL_MARGIN_PX = 12  # around a field scrolled into view


class ScreenBody(QWidget):
    """A screen's body: it takes the room it is given and scrolls only below its minimum
    (word-wrapped text and camera views would otherwise ask for more than the screen)."""

    @override
    def hasHeightForWidth(self) -> bool:
        return False

    @override
    def heightForWidth(self, _width: int) -> int:
        return -1  # QScrollArea asks its layout directly


class ScreenFrame(QWidget):
    back_requested = Signal()
    home_requested = Signal()
    help_opened = Signal()

    def __init__(
        self,
        language: LanguageController,
        parent: QWidget | None = None,
        *,
        show_back: bool = True,
        show_home: bool = True,
    ) -> None:
        super().__init__(parent)
        self.language = language
        self.setProperty("frameRole", "page")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._step: tuple[int, int] | None = None
        self._idle_seconds: int | None = None
        self.main_action: BigButton | None = None

        # -- top bar --
        self.top_bar = QWidget(self)
        self.top_bar.setProperty("frameRole", "topbar")
        self.top_bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title_label = QLabel(self.top_bar)
        self.title_label.setProperty("textRole", "title")
        self.title_label.setObjectName("screenTitle")
        self.title_label.setWordWrap(True)  # long English titles wrap in portrait
        self.step_label = QLabel(self.top_bar)
        self.step_label.setProperty("textRole", "step")
        self.step_label.setObjectName("stepIndicator")
        self.zh_button = BigButton("中文", role=ButtonRole.TOPBAR, parent=self.top_bar)
        self.en_button = BigButton("EN", role=ButtonRole.TOPBAR, parent=self.top_bar)
        self.zh_button.setObjectName("langZh")
        self.en_button.setObjectName("langEn")
        toggle = QButtonGroup(self)
        toggle.setExclusive(True)
        for button in (self.zh_button, self.en_button):
            button.setCheckable(True)
            toggle.addButton(button)
        self.zh_button.clicked.connect(lambda: self.language.set_language(Lang.ZH))
        self.en_button.clicked.connect(lambda: self.language.set_language(Lang.EN))
        self.help_button = BigButton(role=ButtonRole.TOPBAR, parent=self.top_bar)
        self.help_button.setObjectName("help")
        self.help_button.clicked.connect(self.open_help)
        top = QHBoxLayout(self.top_bar)
        top.setContentsMargins(BAR_MARGIN_PX, 12, BAR_MARGIN_PX, 12)
        top.setSpacing(TOUCH_GAP_PX)
        top.addWidget(self.title_label, 1)
        top.addWidget(self.step_label)
        top.addSpacing(TOUCH_GAP_PX * 2)
        top.addWidget(self.zh_button)
        top.addWidget(self.en_button)
        top.addSpacing(TOUCH_GAP_PX)
        top.addWidget(self.help_button)

        # -- body --
        # It scrolls when the window is shorter than it (the on-screen keyboard is open):
        # the bars and the main action stay, and the window never grows past the screen.
        self.body_scroll = QScrollArea(self)
        self.body_scroll.setObjectName("bodyScroll")
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.body = ScreenBody()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(48, 16, 48, 16)
        self.body_layout.setSpacing(16)
        self.body.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.body_scroll.setWidget(self.body)
        # The room shrank (the keyboard opened, its word candidates came): the field being
        # typed in stays in view.
        self.body_scroll.viewport().installEventFilter(self)
        self.body.installEventFilter(self)  # a reason appeared above it: the same
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

        # -- bottom bar --
        self.bottom_bar = QWidget(self)
        self.bottom_bar.setProperty("frameRole", "bottombar")
        self.bottom_bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.back_button = BigButton(parent=self.bottom_bar)
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(self.back_requested)
        self.home_button = BigButton(parent=self.bottom_bar)
        self.home_button.setObjectName("home")
        self.home_button.clicked.connect(self.request_home)
        self.back_button.setVisible(show_back)
        self.home_button.setVisible(show_home)
        self.idle_label = QLabel(self.bottom_bar)
        self.idle_label.setProperty("textRole", "idle")
        self.idle_label.setObjectName("idleCountdown")
        self.idle_label.hide()
        self._bottom = QHBoxLayout(self.bottom_bar)
        self._bottom.setContentsMargins(BAR_MARGIN_PX, 12, BAR_MARGIN_PX, 12)
        self._bottom.setSpacing(TOUCH_GAP_PX * 2)
        self._bottom.addWidget(self.back_button)
        self._bottom.addWidget(self.home_button)
        self._bottom.addWidget(self.idle_label)
        self._bottom.addStretch(1)

        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(0)
        page.addWidget(self.top_bar)
        page.addWidget(self.body_scroll, 1)
        page.addWidget(self.bottom_bar)

        self.home_confirm = Overlay(
            self,
            title=lambda: self.home_confirm_texts()[0],
            body=lambda: self.home_confirm_texts()[1],
            actions=(
                OverlayAction("stay", lambda: self.tr("Keep entering"), lambda: None),
                OverlayAction(
                    "leave",
                    lambda: self.tr("Clear and go home"),
                    self._confirmed_home,
                    ButtonRole.PRIMARY,
                ),
            ),
        )
        self.help_overlay = Overlay(
            self,
            title=lambda: self.tr("Help"),
            body=self._help_with_way_out,
            actions=(
                OverlayAction("close", lambda: self.tr("Got it"), lambda: None, ButtonRole.PRIMARY),
            ),
        )

    # -- hooks for screens ---------------------------------------------------------------

    def title_text(self) -> str:
        """The journey title in the current language (``tr()``)."""
        return ""

    def help_text(self) -> str:
        return self.tr("Follow the instructions on the screen, step by step.")

    def retranslate_screen(self) -> None:
        """Set every text of the body again (called on language change)."""

    def has_entered_data(self) -> bool:
        """Whether leaving for home loses something the person typed."""
        return False

    def home_confirm_texts(self) -> tuple[str, str]:
        """Title and text of the question asked before going home (names the consequence)."""
        return (
            self.tr("Leave and go to the home screen?"),
            self.tr("What you have entered will be cleared and not saved."),
        )

    def wipe(self) -> None:
        """Forget everything shown or entered (R-SE-1); the base clears the frame."""
        self.home_confirm.close_overlay()
        self.help_overlay.close_overlay()
        self.set_idle_seconds(None)

    # -- frame API -----------------------------------------------------------------------

    def adapt(self, window_width: int) -> None:
        """Arrange for the window width (landscape or portrait); also called while hidden."""
        for row in self.findChildren(AdaptiveRow):
            row.adapt(window_width)

    def needs_scrolling(self) -> bool:
        """True when the body is taller than the room it has (it scrolls)."""
        return self.body_scroll.verticalScrollBar().maximum() > 0

    def reveal(self, widget: QWidget) -> None:
        """Scroll the body so that ``widget`` (inside it) is wholly in view, with its
        labelled field around it when there is room. (QScrollArea.ensureWidgetVisible
        shows only a line edit's text cursor.)"""
        if not self.body.isAncestorOf(widget):
            return
        view = self.body_scroll.viewport().height()
        target = widget
        holder = widget.parentWidget()
        while holder is not None and holder is not self.body:
            if holder.property("revealAsOne") and holder.height() + 2 * REVEAL_MARGIN_PX <= view:
                target = holder
            holder = holder.parentWidget()
        top = target.mapTo(self.body, QPoint(0, 0)).y() - REVEAL_MARGIN_PX
        bottom = top + target.height() + 2 * REVEAL_MARGIN_PX
        bar = self.body_scroll.verticalScrollBar()
        if bottom - bar.value() > view:
            bar.setValue(bottom - view)
        if top < bar.value():
            bar.setValue(top)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        resized = event.type() == QEvent.Type.Resize
        if resized and watched in (self.body, self.body_scroll.viewport()):
            QTimer.singleShot(0, self._reveal_focus)
        return super().eventFilter(watched, event)

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.isVisible() and self.body.isAncestorOf(new):
            QTimer.singleShot(0, self._reveal_focus)

    def _reveal_focus(self) -> None:
        focused = QApplication.focusWidget()
        if focused is not None:
            self.reveal(focused)

    def set_main_action(self, button: BigButton) -> None:
        """The one main action: bottom right, the largest button."""
        if self.main_action is not None:
            self._bottom.removeWidget(self.main_action)
            self.main_action.deleteLater()
        button.setParent(self.bottom_bar)
        button.setProperty("role", ButtonRole.PRIMARY.value)
        button.setObjectName("mainAction")
        self._bottom.addWidget(button)
        self.main_action = button

    def set_step(self, current: int | None, total: int | None = None) -> None:
        self._step = (current, total) if current is not None and total is not None else None
        self._render_step()

    def set_idle_seconds(self, seconds: int | None) -> None:
        """The idle countdown in the bottom bar; None hides it."""
        self._idle_seconds = seconds
        self._render_idle()

    def request_home(self) -> None:
        if self.has_entered_data():
            self.home_confirm.open()
        else:
            self.home_requested.emit()

    def open_help(self) -> None:
        self.help_overlay.open()
        self.help_opened.emit()

    def retranslate(self) -> None:
        self.title_label.setText(self.title_text())
        self.help_button.setText(self.tr("Help"))
        self.back_button.setText(self.tr("Back"))
        self.home_button.setText(self.tr("Home"))
        current = self.language.current
        self.zh_button.setChecked(current is Lang.ZH)
        self.en_button.setChecked(current is Lang.EN)
        self._render_step()
        self._render_idle()
        self.retranslate_screen()

    # -- internals -----------------------------------------------------------------------

    def _confirmed_home(self) -> None:
        self.home_requested.emit()

    def _help_with_way_out(self) -> str:
        # "Ask hall staff" is always a way out, never the first answer (ui.md).
        return self.help_text() + "\n\n" + self.tr("If you still need help, ask the hall staff.")

    def _render_step(self) -> None:
        if self._step is None:
            self.step_label.hide()
            return
        current, total = self._step
        self.step_label.setText(
            self.tr("Step {current} of {total}").format(current=current, total=total)
        )
        self.step_label.show()

    def _render_idle(self) -> None:
        if self._idle_seconds is None:
            self.idle_label.hide()
            return
        self.idle_label.setText(
            self.tr("Logging out in {seconds} s").format(seconds=self._idle_seconds)
        )
        self.idle_label.show()

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        self.adapt(event.size().width())
        super().resizeEvent(event)

    @override
    def showEvent(self, event: QShowEvent) -> None:
        self.retranslate()
        # Texts changed while hidden (language, messages) left stale size hints in the
        # layouts: Qt does not propagate geometry changes of hidden widgets.
        relayout_all(self)
        super().showEvent(event)

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
