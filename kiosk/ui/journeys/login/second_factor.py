"""Login step 2 when there is a choice (R-2F-1): SMS code, the kiosk camera's face check, or
QR verification with the tax app (R-QR-2); and the face check as the second factor.

Only the factors the service offers for this person and this terminal can do are shown
(face needs a reference photo and the camera; QR a service that makes challenges).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.protocol.auth import Factor
from kiosk.ui.common.screens.base import FlowScreen, column_of
from kiosk.ui.common.screens.face_check import FaceCheckScreen
from kiosk.ui.common.screens.sms import SmsScreen
from kiosk.ui.common.widgets.big_button import BigButton
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.login.enterprise_screens import enterprise_title


class FactorChoiceScreen(FlowScreen):
    chosen = Signal(object)  # Factor
    enterprise = False  # 企业业务 (R-EN-1): the journey's title

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._phone: str | None = None
        self.question = QLabel(self.body)
        self.question.setProperty("textRole", "body")
        self.question.setWordWrap(True)
        self.buttons: dict[Factor, BigButton] = {}
        self.notes: dict[Factor, QLabel] = {}
        widgets: list[QWidget] = [self.question]
        for factor in Factor:
            button = BigButton(parent=self.body)
            button.setObjectName(f"factor_{factor.value}")
            button.clicked.connect(lambda _checked=False, f=factor: self.chosen.emit(f))
            note = QLabel(self.body)
            note.setProperty("textRole", "hint")
            note.setWordWrap(True)
            self.buttons[factor] = button
            self.notes[factor] = note
            widgets += [button, note]
        self.body_layout.addWidget(
            column_of(self.body, [*widgets, self.banner, self.busy], spacing=14), 1
        )
        self.disable_while_busy(*self.buttons.values())
        self.retranslate()

    def title_text(self) -> str:
        return enterprise_title() if self.enterprise else self.tr("Log in")

    def help_text(self) -> str:
        return self.tr(
            "Your password is right. Choose the second step: a code sent to your phone, a "
            "face check with the camera of this terminal, or a scan with your tax app. Each "
            "is as good as the others."
        )

    def retranslate_screen(self) -> None:
        self.question.setText(self.tr("How do you want to confirm that it is you?"))
        if self._phone:
            sms = self.tr("SMS code to {phone}").format(phone=self._phone)
        else:
            sms = self.tr("SMS code to my phone")
        self.buttons[Factor.SMS].setText(sms)
        self.buttons[Factor.FACE].setText(self.tr("Face check with the camera"))
        self.buttons[Factor.QR].setText(self.tr("Scan with the tax app"))
        self.notes[Factor.SMS].setText(
            self.tr("A 6-digit code goes to that phone; you type it in on the next screen.")
        )
        self.notes[Factor.FACE].setText(
            self.tr(
                "Your face is compared with your reference photo. Only a code of your face is "
                "sent, never the picture. A passed face check also raises real-name level 3 "
                "to 4."
            )
        )
        self.notes[Factor.QR].setText(
            self.tr(
                "Scan the code on the next screen with the e-tax bureau app or the IIT app; "
                "the app checks your face."
            )
        )

    def offer(self, factors: Sequence[Factor], phone_masked: str | None) -> None:
        """Show the buttons of ``factors`` only, in the service's order of preference."""
        self._phone = phone_masked
        for factor, button in self.buttons.items():
            button.setVisible(factor in factors)
            self.notes[factor].setVisible(factor in factors)
        self.banner.clear()
        self.retranslate()

    def wipe(self) -> None:
        super().wipe()
        self._phone = None


class LoginSmsScreen(SmsScreen):
    """The SMS code as the login's second factor, titled as the entry it serves."""

    enterprise = False  # 企业业务 (R-EN-1)

    def title_text(self) -> str:
        return enterprise_title() if self.enterprise else super().title_text()


class LoginFaceScreen(FaceCheckScreen):
    """The face check as the login's second factor (R-2F-1)."""

    enterprise = False  # 企业业务 (R-EN-1)

    def title_text(self) -> str:
        return enterprise_title() if self.enterprise else self.tr("Log in")

    def help_text(self) -> str:
        return self.tr(
            "Stand in front of the camera, alone, and follow the instruction under the "
            "picture. Your face is compared with your reference photo; only a code of your "
            "face is sent, never the picture. Tap Back to choose another way."
        )

    def intro_text(self) -> str:
        return self.tr(
            "Second step: look at the camera and follow the instruction under the picture. "
            "The check runs by itself."
        )
