"""``kiosk.demo.app.run_demo`` with a walkthrough: the real embedded service, first-start
enrollment, and a PNG per screen, language and size."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from kiosk.demo.app import run_demo
from kiosk.services.service_file import service_file_path
from kiosk.services.terminal_identity import IdentityStore
from kiosk.settings import KioskSettings

SHOTS = ("01-home", "02-login-credentials", "03-login-sms", "04-logged-in", "05-idle-warning")
# The 企业业务 screens also shot in portrait.
PORTRAIT_SHOTS = (
    "80-enterprise-credentials",
    "81-enterprise-role-choice",
    "82-enterprise-home",
    "83-identity-switch",
    "87-enterprise-pending",
)
# Staff mode and every collection screen (issue 3), certificates, agents and account
# self-service, landscape sizes.
STAFF_SHOTS = (
    "06-staff-login",
    "07-staff-home",
    "08-staff-home-offline",
    "09-collection-type",
    "10-collection-data",
    "11-face-capture-preview",
    "12-liveness-challenge",
    "13-review",
    "14-saved",
    "15-collection-data-foreign",
    "16-camera-fault",
    "17-exception",
    "18-sync-status",
    "19-sync-uploading",
    "20-sync-unreachable",
    "21-certificate-insert",
    "22-certificate-details",
    "23-certificate-password-warning",
    "24-certificate-password-changed",
    "25-agent-certificate-password",
    "26-agent-sms",
    "27-agent-choose-client",
    "28-agent-logged-in",
    # Account self-service (issue 7): forgot password, retrieve phone, account center.
    "29-forgot-document-type",
    "30-forgot-document-number",
    "31-forgot-sms",
    "32-forgot-new-password",
    "33-forgot-done",
    "34-retrieve-password",
    "35-retrieve-new-phone",
    "36-retrieve-done",
    "37-account-overview",
    "38-account-phones",
    "39-account-confirm",
    "40-account-username",
    "41-account-password",
    "42-account-history",
    "43-account-deregister",
    "44-account-deregister-confirm",
    # Forgot password by face (R-PW-4): the staff walkthrough collected the person's face.
    "45-forgot-choose-method",
    "46-forgot-face-check",
    # QR login (R-QR-1, issue 6): the code and its countdown.
    "47-qr-login",
    # 用户注册 (R-ID-1..6, R-RN-4, issue 6): refusals, the face step, a hall-collected person.
    "48-register-document-type",
    "49-register-document",
    "50-register-face-at-hall",
    "51-register-hall-first",
    "52-register-already-registered",
    "53-register-face-check",
    "54-register-phone",
    "55-register-password",
    "56-register-done",
    # The login's second factors (R-2F-1, R-QR-2) and the level check (R-RN-2/3), issue 6.
    "57-login-second-factor",
    "58-login-qr-verification",
    "59-login-face-check",
    "60-level-face-check",
    "61-qr-tester-strip",  # the demo's tax-app simulator on the QR screen
    # Staff mode: account locks (R-LK-1, issue 14).
    "62-staff-locks-search",
    "63-staff-lock-locked",
    # Staff mode: 人企关联 at the hall counter (R-HA-2, issue 18).
    "64-hall-relations-search",
    "65-hall-relations-list",
    "66-hall-relations-add",
    "67-hall-relations-end-confirm",
    # 企业业务 (issue 17)
    "80-enterprise-credentials",
    "81-enterprise-role-choice",
    "82-enterprise-home",
    "83-identity-switch",
    "84-identity-switch-confirm",
    "85-enterprise-home-switched",
    "86-enterprise-authorizations",
    "87-enterprise-pending",
    "88-enterprise-pending-face",
    "89-enterprise-pending-refusable",
    "90-enterprise-no-relation",
    "91-enterprise-certificate",
    # 人企关联 (issue 18): the person's 企业授权管理 ...
    "92-relations-pending",
    "93-relations-face",
    "94-relations-apply",
    "95-relations-applications",
    "96-relations-authorized",
    "97-relations-remove-confirm",
    "98-relations-withdraw-confirm",
    "99-relations-finance-head",
    "106-relations-login-ended",
    # ... and the enterprise's 人员权限管理 (R-RE-4, R-RE-5, R-RE-7)
    "100-people-list",
    "101-people-add",
    "102-people-not-registered",
    "103-people-added",
    "104-people-remove-confirm",
    "105-people-not-allowed",
)


@pytest.mark.expected_log(
    r"^kiosk\.services\.camera_feed: camera fault: mock camera \(scene good,",
)
@pytest.mark.slow
def test_walkthrough_writes_every_screen_twice_in_a_row_on_the_same_data_directory(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 22: the walkthrough runs on a scratch folder of its own, so a second run on the
    same machine finds the demo world as the first did, and the data directory is untouched."""
    settings = KioskSettings(data_dir=tmp_path / "data")
    for run in ("first", "second"):
        out = tmp_path / run
        assert run_demo(settings, windowed=False, walkthrough_dir=out) == 0
        assert str(out.resolve()) in capsys.readouterr().out
        for size, names in (
            ("1920x1080", SHOTS + STAFF_SHOTS),
            ("1280x800", SHOTS + STAFF_SHOTS),
            ("1080x1920", SHOTS[:3] + PORTRAIT_SHOTS),  # portrait: the main screens
        ):
            width, height = (int(n) for n in size.split("x"))
            for name in names:
                for lang in ("zh_CN", "en"):
                    image = QImage(str(out / size / f"{name}.{lang}.png"))
                    assert (image.width(), image.height()) == (width, height), (run, size, name)
        assert len(list(out.rglob("*.png"))) == 2 * (
            5 + 5 + 3 + 2 * len(STAFF_SHOTS) + len(PORTRAIT_SHOTS)
        )
    # Neither run enrolled, stored or published anything in the terminal's data directory.
    assert not IdentityStore(settings.data_dir).exists()
    assert not service_file_path(settings.data_dir).exists()
