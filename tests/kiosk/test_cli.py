"""The ``kiosk`` command: parsing, the headless demo decision, enroll, sms outbox, devices."""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
import types
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from account_service.clock import ManualClock
from account_service.embedded import EmbeddedService
from kiosk.cli import SCREENSHOTS_DIR_NAME, build_parser, main, plan_demo
from kiosk.demo.demo_dir import DemoError
from kiosk.domain.documents import DocumentType
from kiosk.protocol.messages import Lang
from kiosk.protocol.signing import HEADER_TERMINAL
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.service_file import write_service_file
from kiosk.services.store import CollectionInput, CollectionStore, PersonalFields, StoreKey
from kiosk.services.terminal_identity import IdentityStore, TerminalIdentity
from kiosk.settings import KioskSettings
from tests.support.records import staff_signer


@pytest.fixture(autouse=True)
def _no_kiosk_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KIOSK_SERVICE_URL", "KIOSK_DATA_DIR", "KIOSK_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)


def run(argv: list[str], http: httpx.Client | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, out=out, err=err, http=http)
    return code, out.getvalue(), err.getvalue()


def mock_http(handler: Any) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


# -- parsing -----------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [[], ["sms"], ["enroll", "--code", "X"], ["demo", "--lang", "fr"]])
def test_invalid_command_lines_exit_with_usage(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args(argv)
    assert caught.value.code == 2


def test_demo_options_parse() -> None:
    args = build_parser().parse_args(
        ["demo", "--windowed", "--walkthrough", "shots", "--lang", "en", "--data-dir", "/d"]
    )
    assert (args.windowed, args.walkthrough, args.lang, args.data_dir) == (
        True,
        Path("shots"),
        "en",
        Path("/d"),
    )


def test_sms_outbox_options_parse() -> None:
    args = build_parser().parse_args(["sms", "outbox", "--phone", "13800000001", "--limit", "3"])
    assert (args.command, args.sms_command, args.phone, args.limit) == (
        "sms",
        "outbox",
        "13800000001",
        3,
    )


# -- the demo ----------------------------------------------------------------------------


def test_headless_demo_without_walkthrough_records_into_cwd_screenshots(tmp_path: Path) -> None:
    plan = plan_demo(windowed=False, walkthrough=None, environ={}, cwd=tmp_path, platform="linux")
    assert plan.headless
    assert plan.walkthrough_dir == tmp_path / SCREENSHOTS_DIR_NAME


@pytest.mark.parametrize(
    ("environ", "windowed", "walkthrough", "expected"),
    [
        ({"DISPLAY": ":0"}, False, None, None),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False, None, None),
        ({}, True, None, None),
        ({}, False, Path("/given"), Path("/given")),
    ],
)
def test_demo_plan_keeps_interactive_runs_interactive(
    tmp_path: Path,
    environ: dict[str, str],
    windowed: bool,
    walkthrough: Path | None,
    expected: Path | None,
) -> None:
    plan = plan_demo(
        windowed=windowed,
        walkthrough=walkthrough,
        environ=environ,
        cwd=tmp_path,
        platform="linux",
    )
    assert plan.walkthrough_dir == expected


def test_windows_always_has_a_display(tmp_path: Path) -> None:
    plan = plan_demo(windowed=False, walkthrough=None, environ={}, cwd=tmp_path, platform="win32")
    assert not plan.headless
    assert plan.walkthrough_dir is None


def test_a_walkthrough_that_cannot_finish_says_where_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Issue 22: no traceback; the screen it waited for, and what to do is in the text."""

    def run_demo(
        settings: KioskSettings, *, windowed: bool, walkthrough_dir: Path | None, keep: bool
    ) -> int:
        raise DemoError(
            "the walkthrough stopped after 142 screenshots: timed out waiting for the new password"
        )

    fake_app = types.ModuleType("kiosk.demo.app")
    fake_app.run_demo = run_demo  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kiosk.demo.app", fake_app)
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(["demo", "--walkthrough", str(tmp_path / "shots")])
    assert code == 1
    assert err.strip() == (
        "kiosk demo: the walkthrough stopped after 142 screenshots: timed out waiting for "
        "the new password"
    )
    assert "Traceback" not in err


def test_demo_keep_parses() -> None:
    assert build_parser().parse_args(["demo", "--keep"]).keep is True
    assert build_parser().parse_args(["demo"]).keep is False


def test_demo_command_calls_run_demo_headless(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[tuple[KioskSettings, bool, Path | None, bool]] = []

    def run_demo(
        settings: KioskSettings, *, windowed: bool, walkthrough_dir: Path | None, keep: bool
    ) -> int:
        calls.append((settings, windowed, walkthrough_dir, keep))
        return 0

    fake_app = types.ModuleType("kiosk.demo.app")
    fake_app.run_demo = run_demo  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kiosk.demo.app", fake_app)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.chdir(tmp_path)

    code, out, _ = run(["demo", "--lang", "en", "--data-dir", str(tmp_path / "data")])

    assert code == 0
    ((settings, windowed, walkthrough, keep),) = calls
    assert keep is False  # every demo starts from the README's world (issue 22)
    assert settings.demo is True
    assert settings.language is Lang.EN
    assert settings.data_dir == tmp_path / "data"
    assert windowed is False
    assert walkthrough == tmp_path / "screenshots"
    assert str(tmp_path / "screenshots") in out
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"


# -- enroll ------------------------------------------------------------------------------


def test_enroll_saves_the_identity(tmp_path: Path) -> None:
    seen: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.read()))
        return httpx.Response(201, json={"terminal_id": "t-77"})

    argv = [
        "enroll",
        "--service-url",
        "https://svc",
        "--code",
        "ABCDE23456",
        "--name",
        "hall kiosk",
        "--data-dir",
        str(tmp_path),
    ]
    code, out, _ = run(argv, mock_http(handler))
    assert code == 0
    assert "t-77" in out
    assert IdentityStore(tmp_path).load().terminal_id == "t-77"
    assert seen[0]["code"] == "ABCDE23456"
    assert seen[0]["name"] == "hall kiosk"

    # A second enrollment would orphan the first key: refused without --force.
    code, _, err = run(argv, mock_http(handler))
    assert code == 1
    assert "--force" in err
    code, _, _ = run([*argv, "--force"], mock_http(handler))
    assert code == 0


def test_enroll_with_an_invalid_code_prints_the_catalog_text(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": {"code": "ENROLL_CODE_INVALID", "details": {}}})

    code, _, err = run(
        ["enroll", "--service-url", "https://svc", "--code", "BAD", "--data-dir", str(tmp_path)],
        mock_http(handler),
    )
    assert code == 1
    assert "终端登记码无效" in err
    assert not IdentityStore(tmp_path).exists()


# -- sms outbox --------------------------------------------------------------------------


def _enrolled(data_dir: Path) -> TerminalIdentity:
    identity = TerminalIdentity("t-5", Ed25519PrivateKey.generate())
    IdentityStore(data_dir).save(identity)
    return identity


def test_sms_outbox_prints_codes_with_masked_phones(tmp_path: Path) -> None:
    _enrolled(tmp_path)
    write_service_file(tmp_path, "http://localhost:41234")
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(
            200,
            json={
                "messages": [
                    {
                        "phone": "13800000001",
                        "code": "246810",
                        "purpose": "login",
                        "sent_at": "2026-05-01T10:00:05+08:00",
                    },
                    {
                        "phone": "13800000001",
                        "code": "135790",
                        "purpose": "login",
                        "sent_at": "2026-05-01T09:59:00+08:00",
                    },
                ]
            },
        )

    code, out, _ = run(
        ["sms", "outbox", "--phone", "13800000001", "--limit", "2", "--data-dir", str(tmp_path)],
        mock_http(handler),
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].endswith("246810")  # newest first, as the service sent them
    assert lines[1].endswith("135790")
    assert "138****0001" in out
    assert "13800000001" not in out
    (request,) = requests
    assert request.url.host == "localhost"
    assert request.url.params["phone"] == "13800000001"
    assert request.headers[HEADER_TERMINAL] == "t-5"


def test_sms_outbox_prefers_an_explicit_service_url(tmp_path: Path) -> None:
    _enrolled(tmp_path)
    write_service_file(tmp_path, "http://127.0.0.1:1")
    hosts: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        hosts.append(request.url.host)
        return httpx.Response(200, json={"messages": []})

    code, out, _ = run(
        ["sms", "outbox", "--service-url", "https://fresh:2", "--data-dir", str(tmp_path)],
        mock_http(handler),
    )
    assert code == 0
    assert hosts == ["fresh"]
    assert "(no messages)" in out


def test_sms_outbox_without_service_url_explains(tmp_path: Path) -> None:
    code, _, err = run(["sms", "outbox", "--data-dir", str(tmp_path)])
    assert code == 1
    assert "service.json" in err


def test_sms_outbox_without_identity_asks_to_enroll(tmp_path: Path) -> None:
    write_service_file(tmp_path, "http://127.0.0.1:1")
    code, _, err = run(["sms", "outbox", "--data-dir", str(tmp_path)])
    assert code == 1
    assert "kiosk enroll" in err


@pytest.mark.expected_log(r"^kiosk\.services\.signed_http: GET /v")
def test_sms_outbox_when_service_is_down(tmp_path: Path) -> None:
    _enrolled(tmp_path)

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    code, _, err = run(
        ["sms", "outbox", "--service-url", "https://down:1", "--data-dir", str(tmp_path)],
        mock_http(handler),
    )
    assert code == 1
    assert "暂时无法连接账户服务" in err


# -- devices -----------------------------------------------------------------------------


def test_devices_lists_camera_and_medium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_CAMERA_DRIVER", "mock")  # a tester's setting: no camera on CI
    monkeypatch.setenv("KIOSK_MEDIUM_DRIVER", "pcsc")
    code, out, _ = run(["devices", "--data-dir", str(tmp_path)])
    assert code == 0
    camera, medium, readers = out.splitlines()
    assert camera.startswith("camera")
    assert "ready" in camera
    assert medium.startswith("certificate medium")
    assert "card readers line" in medium
    assert readers.startswith("card readers")
    # pcscd answers (the test command starts it) or says plainly that it does not.
    assert "PC/SC" in readers or "pcscd" in readers


def test_devices_card_reads_the_emulated_medium_and_redacts_nothing_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 5: the tester's view of a medium: token, certificate, PIN status, APDU trace."""
    monkeypatch.setenv("KIOSK_MEDIUM_DRIVER", "mock")
    code, out, _ = run(["devices", "--data-dir", str(tmp_path), "--card"])
    assert code == 0, out
    assert "holder        北京示例科技有限公司  taxpayer id 91110108MA01C3LX6H" in out
    assert "3/3 tries left, factory default 12345678" in out
    assert "> 00 A4 04 00" in out  # SELECT of the Tax UKey application, traced
    assert "63C3" in out  # the PIN status probe, without a PIN
    assert "3132333435363738" not in out.replace(" ", "")  # no PIN bytes anywhere


def test_devices_emulator_says_how_to_start_one_when_none_is_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # no control socket there
    code, out, _ = run(["devices", "--emulator", "status"])
    assert code == 1
    assert "python -m kiosk.devices.cards.vpcd" in out


# -- against the real service ------------------------------------------------------------


def test_enroll_then_sms_outbox_against_the_real_service(
    account_service: EmbeddedService, manual_clock: ManualClock, tmp_path: Path
) -> None:
    """The tester's path: enroll, the demo writes service.json, read a login code."""
    code, _, _ = run(
        [
            "enroll",
            "--service-url",
            account_service.base_url,
            "--code",
            account_service.create_enroll_code("cli"),
            "--data-dir",
            str(tmp_path),
        ]
    )
    assert code == 0
    write_service_file(tmp_path, account_service.base_url)

    identity = IdentityStore(tmp_path).load()
    with HttpAccountClient(
        account_service.base_url, identity, clock=lambda: manual_clock.now().timestamp()
    ) as client:
        attempt = client.start_login("zhangsan01", "Zhang@2024")
        client.send_login_sms(attempt.attempt_id)
        (sent,) = client.sms_outbox(phone="13800000001")

    # The CLI signs with the real clock: keep the service's manual clock near it.
    manual_clock.set(datetime.now(UTC))
    code, out, err = run(["sms", "outbox", "--phone", "13800000001", "--data-dir", str(tmp_path)])
    assert (code, err) == (0, "")
    assert out.splitlines()[0].endswith(sent.code)
    assert "138****0001" in out


# -- camera tester knobs ------------------------------------------------------------------


def test_camera_commands_write_the_control_file(tmp_path: Path) -> None:
    from kiosk.devices.camera import SceneKind  # noqa: PLC0415
    from kiosk.devices.camera_control import MockCameraControl  # noqa: PLC0415

    base = ["--data-dir", str(tmp_path)]
    assert run(["camera", "scene", "two_faces", *base])[0] == 0
    assert run(["camera", "delay", "40", *base])[0] == 0
    code, out, _ = run(["camera", "fault", "lost-at", "7", *base])
    assert code == 0
    assert "lost at frame +7" in out
    state = MockCameraControl(tmp_path).read()
    assert (state.scene, state.delay_ms, state.lost_at) == (SceneKind.TWO_FACES, 40, 7)
    assert run(["camera", "unplug", *base])[0] == 0
    assert not MockCameraControl(tmp_path).read().plugged
    code, out, _ = run(["camera", "replug", *base])
    assert "plugged" in out
    assert "fault none" in out
    code, out, _ = run(["camera", "status", *base])
    assert code == 0
    assert "scene two_faces" in out
    assert "delay 40 ms" in out


def test_camera_play_checks_the_file(tmp_path: Path) -> None:
    base = ["--data-dir", str(tmp_path)]
    code, _, err = run(["camera", "play", str(tmp_path / "none.avi"), *base])
    assert code == 1
    assert "no such file" in err
    clip = tmp_path / "clip.png"
    clip.write_bytes(b"x")
    code, out, _ = run(["camera", "play", str(clip), *base])
    assert code == 0
    assert "play" in out


def test_devices_shows_the_mock_camera_unplugged_by_the_tester(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KIOSK_CAMERA_DRIVER", "mock")
    assert run(["camera", "unplug"])[0] == 0
    code, out, _ = run(["devices"])
    assert code == 0
    camera = out.splitlines()[0]
    assert "not_connected" in camera
    assert "unplugged" in camera


def test_camera_scene_rejects_unknown_kinds() -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["camera", "scene", "sunset"])


# -- sync (issue 4) -----------------------------------------------------------------------


def test_sync_options_parse() -> None:
    args = build_parser().parse_args(["sync", "run", "--once", "--service-url", "https://x"])
    assert (args.sync_command, args.once, args.service_url) == ("run", True, "https://x")
    assert build_parser().parse_args(["sync", "status"]).sync_command == "status"


def test_sync_status_without_a_store_explains(tmp_path: Path) -> None:
    code, out, err = run(["sync", "status", "--data-dir", str(tmp_path)])
    assert code == 1 and out == ""
    assert "nothing collected" in err


def test_sync_run_once_delivers_to_the_real_service(
    account_service: EmbeddedService, manual_clock: ManualClock, tmp_path: Path
) -> None:
    manual_clock.set(datetime.now(UTC))  # the CLI signs with the real clock
    code, _, _ = run(
        [
            "enroll",
            "--service-url",
            account_service.base_url,
            "--code",
            account_service.create_enroll_code("cli-sync"),
            "--data-dir",
            str(tmp_path),
        ]
    )
    assert code == 0
    settings = KioskSettings(data_dir=tmp_path)
    key = StoreKey.load_or_create(tmp_path, settings.store.key_file)
    identity = IdentityStore(tmp_path).load()
    with HttpAccountClient(account_service.base_url, identity) as terminal:
        signer = staff_signer(terminal)  # S0001 logs in online on this terminal (R-HA-1)
    with CollectionStore(settings.store.database_path(tmp_path), key) as store:
        store.save(
            signer.sign(
                CollectionInput(
                    id=uuid.uuid4(),
                    created_at=datetime.now(UTC),
                    staff_no="S0001",
                    document_type=DocumentType.RESIDENT_ID,
                    personal=PersonalFields(
                        name="王五", document_number="320106197603154413", birth_date=None
                    ),
                    exception_reason="camera broken",
                )
            )
        )
    argv = ["sync", "run", "--once", "--service-url", account_service.base_url]
    code, out, err = run([*argv, "--data-dir", str(tmp_path)])
    assert (code, err) == (0, "")
    assert "acknowledged 1" in out
    code, out, _ = run(["sync", "status", "--data-dir", str(tmp_path)])
    assert code == 0
    assert "acknowledged=1" in out and "captured=0" in out
    assert "collection allowed" in out


def test_enroll_refuses_plain_http_to_another_machine(tmp_path: Path) -> None:
    """Issue 15: the enrollment code and the terminal's key travel over HTTPS only."""
    code, _out, err = run(
        ["enroll", "--service-url", "http://tax.example.cn", "--code", "X", "--data-dir",
         str(tmp_path)]
    )  # fmt: skip
    assert code == 1
    assert "plain HTTP" in err and "https://" in err
    assert not (tmp_path / "terminal_id").exists()
