"""A date chosen by touch alone: year, month and day, each with large − and + buttons.

No physical keyboard (ui.md). The day is kept valid for the month (31 → 30 → 28/29), and the
date stays inside ``[earliest, latest]``. Year steps by 1 or by 10 (birth years are far).
"""

from __future__ import annotations

import calendar
import datetime as dt
from enum import Enum, auto

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget
from typing_extensions import override

from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole


class Part(Enum):
    YEAR = auto()
    MONTH = auto()
    DAY = auto()


class DatePicker(QWidget):
    date_changed = Signal(object)  # datetime.date

    def __init__(
        self,
        *,
        initial: dt.date,
        earliest: dt.date,
        latest: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._earliest = earliest
        self._latest = latest
        self._date = _clamp(initial, earliest, latest)
        self.buttons: dict[tuple[Part, int], BigButton] = {}
        self.values: dict[Part, QLabel] = {}
        self.captions: dict[Part, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(TOUCH_GAP_PX)
        grid.setVerticalSpacing(4)
        # year: −10 − [1980] + +10 ; month: − [6] + ; day: − [15] +
        column = 0
        for part, steps in (
            (Part.YEAR, (-10, -1, 1, 10)),
            (Part.MONTH, (-1, 1)),
            (Part.DAY, (-1, 1)),
        ):
            caption = QLabel(self)
            caption.setProperty("textRole", "hint")
            value = QLabel(self)
            value.setProperty("textRole", "dateValue")
            value.setObjectName(f"date_{part.name.lower()}")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.values[part] = value
            self.captions[part] = caption
            downs = [s for s in steps if s < 0]
            ups = [s for s in steps if s > 0]
            start = column
            for step in downs:
                grid.addWidget(self._button(part, step), 1, column)
                column += 1
            grid.addWidget(value, 1, column)
            column += 1
            for step in ups:
                grid.addWidget(self._button(part, step), 1, column)
                column += 1
            grid.addWidget(caption, 0, start, 1, column - start, Qt.AlignmentFlag.AlignCenter)
            grid.setColumnMinimumWidth(column, TOUCH_GAP_PX * 2)
            column += 1  # a gap between the parts
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.retranslate()
        self._render()

    def _button(self, part: Part, step: int) -> BigButton:
        text = {-10: "−10", -1: "−", 1: "+", 10: "+10"}[step]
        button = BigButton(text, role=ButtonRole.KEY, parent=self)
        button.setObjectName(f"date_{part.name.lower()}_{'up' if step > 0 else 'down'}{abs(step)}")
        button.clicked.connect(lambda _c=False, p=part, s=step: self.step(p, s))
        self.buttons[(part, step)] = button
        return button

    # -- API -------------------------------------------------------------------------------

    def date(self) -> dt.date:
        return self._date

    def set_date(self, value: dt.date) -> None:
        self._date = _clamp(value, self._earliest, self._latest)
        self._render()
        self.date_changed.emit(self._date)

    def set_range(self, earliest: dt.date, latest: dt.date) -> None:
        self._earliest, self._latest = earliest, latest
        self.set_date(self._date)

    def step(self, part: Part, amount: int) -> None:
        year, month, day = self._date.year, self._date.month, self._date.day
        if part is Part.YEAR:
            year += amount
        elif part is Part.MONTH:
            month = (month - 1 + amount) % 12 + 1  # wraps: December + 1 is January
        else:
            last = calendar.monthrange(year, month)[1]
            day = (day - 1 + amount) % last + 1
        year = min(max(year, self._earliest.year), self._latest.year)
        day = min(day, calendar.monthrange(year, month)[1])
        self.set_date(dt.date(year, month, day))

    def retranslate(self) -> None:
        self.captions[Part.YEAR].setText(self.tr("Year"))
        self.captions[Part.MONTH].setText(self.tr("Month"))
        self.captions[Part.DAY].setText(self.tr("Day"))

    def _render(self) -> None:
        self.values[Part.YEAR].setText(f"{self._date.year:04d}")
        self.values[Part.MONTH].setText(f"{self._date.month:02d}")
        self.values[Part.DAY].setText(f"{self._date.day:02d}")

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _clamp(value: dt.date, earliest: dt.date, latest: dt.date) -> dt.date:
    return min(max(value, earliest), latest)
