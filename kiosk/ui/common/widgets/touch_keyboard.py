"""The on-screen keyboard inside the kiosk window (ui.md "Input").

Qt Virtual Keyboard's own desktop window floats over the screen, opens in whatever language
it was left in and lists forty languages (issue 15). Here its ``InputPanel`` lives in the
window's layout instead (``QT_VIRTUALKEYBOARD_DESKTOP_DISABLE``), so the screen above it
shrinks and scrolls rather than being covered; it offers 中文 and English only; and each
field opens the layout its content needs, read from the field's input-method hints:

- digits (phone numbers, codes: ``ImhDigitsOnly``): no keyboard, the screen's keypad types;
- passwords, usernames, codes, document numbers, Latin names: English, with Shift and the
  R-PW-2 symbols;
- everything else (Chinese names, free text): 中文 (Pinyin).

A new session starts in the default layout (``reset``, R-SE-1).
"""

from __future__ import annotations

import logging
from enum import StrEnum

from PySide6.QtCore import Q_ARG, QLoggingCategory, QMetaObject, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtWidgets import QApplication, QLineEdit, QSizePolicy, QWidget

from kiosk.ui.paths import QML_DIR

_log = logging.getLogger(__name__)

QML_FILE = QML_DIR / "TouchKeyboard.qml"
MAX_WIDTH_PX = 1400  # wider keys are harder to hit, not easier
H = Qt.InputMethodHint
KEYPAD_HINTS = H.ImhDigitsOnly | H.ImhDialableCharactersOnly | H.ImhFormattedNumbersOnly
LATIN_HINTS = (
    H.ImhPreferLatin
    | H.ImhLatinOnly
    | H.ImhHiddenText
    | H.ImhSensitiveData
    | H.ImhPreferUppercase
    | H.ImhUppercaseOnly
    | H.ImhEmailCharactersOnly
    | H.ImhUrlCharactersOnly
)


# Warnings the keyboard's QML loader thread writes while it loads (no audio server for its
# key sounds; a note about its own QML). A Python Qt message handler (pytest-qt, a log
# bridge) would need the GIL in that thread while the loading main thread holds it: a
# deadlock. QT_LOGGING_RULES still wins over these.
QUIET_WHILE_LOADING = "\n".join(
    (
        "qt.multimedia.symbolsresolver.warning=false",
        "qt.qml.propertyCache.append.warning=false",
    )
)


class KeyboardLayout(StrEnum):
    PINYIN = "zh_CN"  # the default: names are Chinese for most people
    LATIN = "en_US"


def layout_for(hints: Qt.InputMethodHint) -> KeyboardLayout | None:
    """The layout a field with ``hints`` needs; None: the screen's keypad types it."""
    if hints & KEYPAD_HINTS:
        return None
    if hints & LATIN_HINTS:
        return KeyboardLayout.LATIN
    return KeyboardLayout.PINYIN


class TouchKeyboard(QQuickWidget):
    shown_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("touchKeyboard")
        # A tap on a key must leave the focus (and the cursor) in the field being typed in.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setResizeMode(QQuickWidget.ResizeMode.SizeViewToRootObject)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setClearColor(Qt.GlobalColor.transparent)
        QLoggingCategory.setFilterRules(QUIET_WHILE_LOADING)
        self.setSource(QUrl.fromLocalFile(str(QML_FILE)))
        if self.status() is not QQuickWidget.Status.Ready:
            errors = "; ".join(error.toString() for error in self.errors())
            msg = f"the on-screen keyboard cannot load: {errors}"
            raise RuntimeError(msg)
        self.layout_in_use = KeyboardLayout.PINYIN
        self._wanted: KeyboardLayout | None = None
        self.panel.heightChanged.connect(self._panel_height_changed)
        self.hide()
        QGuiApplication.inputMethod().visibleChanged.connect(self._update_shown)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    @property
    def panel(self) -> QQuickItem:
        root = self.rootObject()
        assert root is not None  # loaded in __init__
        return root

    def fit_width(self, width: int) -> None:
        """As wide as the window (at most ``MAX_WIDTH_PX``); its height follows."""
        self.panel.setWidth(min(width, MAX_WIDTH_PX))
        self.setFixedSize(int(self.panel.width()), int(self.panel.height()))

    def _panel_height_changed(self) -> None:
        height = int(self.panel.height())
        if height != self.height():
            self.setFixedHeight(height)  # the word candidates came or went
            holder = self.parentWidget()
            layout = holder.layout() if holder is not None else None
            if layout is not None:
                layout.invalidate()  # the screen above gives up (or takes back) the room

    def use(self, layout: KeyboardLayout) -> None:
        if layout is not self.layout_in_use:
            QMetaObject.invokeMethod(self.panel, "useLocale", Q_ARG("QVariant", layout.value))
            self.layout_in_use = layout

    def reset(self) -> None:
        """A new session: the default layout, and no keyboard until a field is tapped."""
        QGuiApplication.inputMethod().hide()
        self._wanted = None
        self.use(KeyboardLayout.PINYIN)
        self._update_shown()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not isinstance(new, QLineEdit) or new.window() is not self.window():
            self._wanted = None
        else:
            self._wanted = layout_for(new.inputMethodHints())
            if self._wanted is not None:
                self.use(self._wanted)
        self._update_shown()

    def _update_shown(self) -> None:
        shown = self._wanted is not None and QGuiApplication.inputMethod().isVisible()
        if shown == self.isVisible():
            return
        self.setVisible(shown)
        self.shown_changed.emit(shown)


def keys(keyboard: TouchKeyboard) -> list[QQuickItem]:
    """The keys and word candidates now on the keyboard (for drivers of the UI)."""
    found: list[QQuickItem] = []

    def walk(item: QQuickItem) -> None:
        for child in item.childItems():
            if child.isVisible() and child.width() > 0:
                found.append(child)
                walk(child)

    walk(keyboard.panel)
    return found


def key_kind(item: QObject) -> str:
    """``Key``, ``ShiftKey``, ``SymbolModeKey``... (the QML type of a key)."""
    return item.metaObject().className().split("_")[0]
