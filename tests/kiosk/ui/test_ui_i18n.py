"""Translations: every message finished, every tr() string extracted, runtime switching."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from kiosk_ui_fakes import FakeApi
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

import kiosk.ui
from kiosk.protocol.messages import Lang
from kiosk.services.account_api import AccountApi
from kiosk.ui.i18n import build_translations, lrelease_path, qm_path
from kiosk.ui.main_window import MainWindow
from kiosk.ui.paths import TRANSLATIONS_DIR

WindowFactory = Callable[[AccountApi], MainWindow]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def ts_messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def test_every_ts_message_is_finished_and_keeps_its_placeholders() -> None:
    files = sorted(TRANSLATIONS_DIR.glob("*.ts"))
    assert [f.name for f in files] == ["zh_CN.ts"]
    messages = ts_messages(files[0])
    assert len(messages) > 50
    for context, source, message in messages:
        translation = message.find("translation")
        assert translation is not None, (context, source)
        assert translation.get("type") is None, f"unfinished: {context}: {source!r}"
        assert (translation.text or "").strip(), f"empty: {context}: {source!r}"
        assert set(PLACEHOLDER.findall(source)) == set(
            PLACEHOLDER.findall(translation.text or "")
        ), (context, source)


def test_every_tr_string_in_the_ui_code_is_in_the_ts_file(tmp_path: Path) -> None:
    """A tr() added without running lupdate would show English on a Chinese screen. The
    demo's screens (kiosk/demo: the tax-app strip) are translated too."""
    lupdate = lrelease_path().with_name(lrelease_path().name.replace("lrelease", "lupdate"))
    kiosk_dir = Path(kiosk.ui.__file__).parents[1]
    sources = sorted(
        str(p) for folder in ("ui", "demo") for p in (kiosk_dir / folder).rglob("*.py")
    )
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(lupdate), "-silent", *sources, "-ts", str(fresh)], check=True)
    wanted = {(c, s) for c, s, _m in ts_messages(fresh)}
    committed = {(c, s) for c, s, _m in ts_messages(TRANSLATIONS_DIR / "zh_CN.ts")}
    assert wanted - committed == set()
    assert committed - wanted == set(), "obsolete entries: run lupdate -no-obsolete"


def test_build_translations_compiles_missing_and_stale_qm(tmp_path: Path) -> None:
    shutil.copy(TRANSLATIONS_DIR / "zh_CN.ts", tmp_path / "zh_CN.ts")
    built = build_translations(directory=tmp_path)
    assert built == [qm_path(Lang.ZH, tmp_path)]
    first = built[0].stat().st_mtime_ns
    assert build_translations(directory=tmp_path)[0].stat().st_mtime_ns == first  # fresh
    assert build_translations(force=True, directory=tmp_path)[0].stat().st_size > 0


def test_switching_language_retranslates_the_screen_and_keeps_entries(
    qtbot: QtBot, make_window: WindowFactory, fake_api: FakeApi
) -> None:
    window = make_window(fake_api)
    assert window.home.title_label.text() == "办税自助终端"
    window.start_login()
    screen = window.login.credentials
    for key in "11010519491231002X":
        screen.keypad.press(key)
    qtbot.keyClicks(screen.password.line_edit, "Zhang@2024")
    assert screen.title_label.text() == "自然人登录"
    assert screen.step_label.text() == "第 1 步，共 3 步"

    qtbot.mouseClick(screen.en_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.title_label.text() == "Natural-person login")
    assert screen.step_label.text() == "Step 1 of 3"
    assert screen.identifier.label.text() == "ID number / phone number / username"
    assert screen.main_action is not None and screen.main_action.text() == "Next"
    assert screen.identifier.feedback_text() == "✓ ID number format is correct (18 characters)."
    assert screen.en_button.isChecked() and not screen.zh_button.isChecked()
    # everything entered survives the switch
    assert screen.identifier.text() == "11010519491231002X"
    assert screen.password.text() == "Zhang@2024"
    # hidden screens follow too
    assert window.home.title_label.text() == "Tax Self-Service Terminal"

    qtbot.mouseClick(screen.zh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.title_label.text() == "自然人登录")
    assert screen.password.text() == "Zhang@2024"
