"""The reusable frame widgets: touch sizes, keypad, secret field, banner, countdown, fields."""

from __future__ import annotations

from collections.abc import Callable

from kiosk_ui_fakes import FakeApi
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.demo.ui_driver import tap
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.services.account_api import AccountApi
from kiosk.ui.common.validators import identifier_feedback
from kiosk.ui.common.widgets.big_button import MIN_TOUCH_PX, TOUCH_GAP_PX, BigButton, ButtonRole
from kiosk.ui.common.widgets.countdown_button import CountdownButton
from kiosk.ui.common.widgets.digit_keypad import BACKSPACE, CLEAR, DigitKeypad, KeypadMode
from kiosk.ui.common.widgets.format_field import FeedbackState, FormatField
from kiosk.ui.common.widgets.message_banner import BannerKind, MessageBanner
from kiosk.ui.common.widgets.secret_field import SecretField
from kiosk.ui.common.widgets.status_icon import IconKind
from kiosk.ui.i18n import LanguageController
from kiosk.ui.main_window import MainWindow

WindowFactory = Callable[[AccountApi], MainWindow]


def visible_buttons(root: QWidget) -> list[QPushButton]:
    return [b for b in root.findChildren(QPushButton) if b.isVisibleTo(root)]


def test_every_button_on_the_login_screens_is_a_touch_target(
    qtbot: QtBot, make_window: WindowFactory, fake_api: FakeApi
) -> None:
    """ui.md: touch targets at least 60 px high; the main action is the largest button:
    the tallest on the screen, the widest in its bar, and bottom right."""
    window = make_window(fake_api)
    screens = [window.home, window.login.credentials, window.login.sms, window.logged_in.screen]
    for screen in screens:
        window.show_screen(screen)
        qtbot.waitUntil(lambda s=screen: s.isVisible())
        buttons = visible_buttons(screen)
        assert buttons
        for button in buttons:
            assert button.height() >= MIN_TOUCH_PX, (type(screen).__name__, button.text())
        main = screen.main_action
        if main is not None:
            others = [b for b in buttons if b is not main]
            assert all(b.height() < main.height() for b in others), type(screen).__name__
            bar = [b for b in others if b.parent() is main.parent()]
            assert all(b.width() < main.width() for b in bar), type(screen).__name__
            # bottom right: no other button of the bottom bar lies to its right
            assert all(b.geometry().right() < main.geometry().left() for b in bar)


def test_keypad_keys_are_at_least_12_px_apart(qtbot: QtBot, language: LanguageController) -> None:
    keypad = DigitKeypad(KeypadMode.ID_NUMBER)
    qtbot.addWidget(keypad)
    keypad.resize(600, 500)
    keypad.show()
    qtbot.waitExposed(keypad)
    one, two, four = keypad.button("1"), keypad.button("2"), keypad.button("4")
    assert two.geometry().left() - one.geometry().right() - 1 >= TOUCH_GAP_PX
    assert four.geometry().top() - one.geometry().bottom() - 1 >= TOUCH_GAP_PX
    assert one.height() >= MIN_TOUCH_PX


def test_id_keypad_types_digits_and_x_with_backspace_and_clear(
    qtbot: QtBot, language: LanguageController
) -> None:
    field = FormatField(language, keypad_mode=KeypadMode.ID_NUMBER)
    keypad = DigitKeypad(KeypadMode.ID_NUMBER)
    keypad.set_target(field.line_edit)
    for widget in (field, keypad):
        qtbot.addWidget(widget)
        widget.show()
    for key in "11010519491231002X":
        tap(keypad.button(key))
    assert field.text() == "11010519491231002X"
    tap(keypad.button(BACKSPACE))
    assert field.text() == "11010519491231002"
    tap(keypad.button(CLEAR))
    assert field.text() == ""


def test_digits_keypad_has_no_x(qtbot: QtBot, language: LanguageController) -> None:
    """ui.md: phone numbers and codes are digits only."""
    keypad = DigitKeypad(KeypadMode.DIGITS)
    field = FormatField(language, keypad_mode=KeypadMode.DIGITS)
    keypad.set_target(field.line_edit)
    qtbot.addWidget(keypad)
    qtbot.addWidget(field)
    keypad.show()
    assert not keypad.button("X").isVisible()
    keypad.press("X")
    keypad.press("7")
    assert field.text() == "7"


def test_secret_field_is_masked_can_be_shown_and_forgets_when_hidden(
    qtbot: QtBot, language: LanguageController
) -> None:
    """ui.md: secrets are masked with a show toggle and never survive a screen change."""
    secret = SecretField()
    qtbot.addWidget(secret)
    secret.show()
    qtbot.keyClicks(secret.line_edit, "Zhang@2024")
    assert not secret.is_revealed()
    assert secret.line_edit.displayText() != "Zhang@2024"
    tap(secret.toggle)
    assert secret.is_revealed() and secret.line_edit.displayText() == "Zhang@2024"
    assert secret.toggle.text() == "隐藏"
    secret.hide()
    assert secret.text() == ""
    assert not secret.is_revealed()


def test_error_banner_has_icon_word_text_and_rule_not_colour_alone(
    qtbot: QtBot, language: LanguageController
) -> None:
    banner = MessageBanner(language)
    qtbot.addWidget(banner)
    banner.show_error(UserError(ErrorCode.WRONG_PASSWORD, {"remaining": 3}))
    assert banner.kind is BannerKind.ERROR
    assert banner.property("bannerKind") == "error"
    assert banner.word() == "错误"
    assert banner._icon.kind is IconKind.ERROR
    assert "今日还可尝试 3 次" in banner.text()
    assert banner.small_print() == "规则编号 R-LK-1"
    language.set_language(Lang.EN)
    qtbot.waitUntil(lambda: banner.word() == "Error")
    assert "3 tries left" in banner.text()
    assert banner.small_print() == "Rule R-LK-1"
    banner.show_success(lambda: "ok")
    assert banner.word() == "Done" and banner.small_print() == ""
    assert banner._icon.kind is IconKind.SUCCESS


def test_countdown_button_counts_down_and_enables_at_zero(qtbot: QtBot) -> None:
    """R-2F-3: the resend button waits 60 s and shows the seconds."""
    left = [60]
    button = CountdownButton(lambda: left[0])
    qtbot.addWidget(button)
    button.set_labels("获取验证码", "重新获取（{seconds} 秒）")
    assert button.text() == "重新获取（60 秒）" and not button.isEnabled()
    left[0] = 1
    qtbot.waitUntil(lambda: button.text() == "重新获取（1 秒）", timeout=3000)
    left[0] = 0
    qtbot.waitUntil(button.isEnabled, timeout=3000)
    assert button.text() == "获取验证码"
    button.set_busy(True)
    assert not button.isEnabled()


def test_identifier_field_validates_as_the_person_types_with_the_reason(
    qtbot: QtBot, language: LanguageController
) -> None:
    """R-ID-5 / R-LG-1: partial input is progress, a wrong check character is an error."""
    field = FormatField(language, validator=identifier_feedback)
    qtbot.addWidget(field)
    field.show()
    field.set_text("1101051949")
    assert field.feedback().state is FeedbackState.NEUTRAL
    assert "已输入 10 位" in field.feedback_text()
    field.set_text("110105194912310021")  # wrong check character
    assert field.feedback().state is FeedbackState.ERROR
    assert field.feedback_text().startswith("✗")
    assert "校验码" in field.feedback_text()
    assert field.line_edit.property("valid") == "false"
    field.set_text("11010519491231002X")
    assert field.feedback().state is FeedbackState.OK
    assert field.feedback_text().startswith("✓")
    field.set_text("13800000001")
    assert "手机号码格式正确" in field.feedback_text()


def test_big_button_never_squeezes_its_label(qtbot: QtBot) -> None:
    button = BigButton("A rather long English label", role=ButtonRole.PRIMARY)
    qtbot.addWidget(button)
    assert button.minimumSizeHint().width() >= button.fontMetrics().horizontalAdvance(button.text())


def test_staff_entry_opens_the_tester_panel_with_the_sms_outbox(
    qtbot: QtBot, make_window: WindowFactory, fake_api: FakeApi
) -> None:
    """Demo only: testers read the latest SMS code; the phone is shown masked."""
    window = make_window(fake_api)
    tap(window.home.staff_button)
    panel = window.tester_panel
    assert panel is not None and window.current_screen() is panel
    qtbot.waitUntil(lambda: panel.latest_code() == "123456")
    phone = panel.outbox.item(0, 0)
    assert phone is not None and phone.text() == "138****0001"
