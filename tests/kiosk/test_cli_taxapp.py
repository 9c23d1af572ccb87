"""``kiosk taxapp scan``: the tax-app simulator testers use for QR login and QR
verification (R-QR-1, R-QR-2)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from account_service.clock import ManualClock
from account_service.demo import DEMO_ENTERPRISE, DEMO_PERSONS
from account_service.embedded import EmbeddedService
from kiosk.cli import build_parser, main
from kiosk.flows.qr_login import QrLoginFlow, QrLoginStep
from kiosk.protocol.signing import HEADER_TERMINAL
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.service_file import write_service_file
from kiosk.services.terminal_identity import IdentityStore, TerminalIdentity

ZHANG = DEMO_PERSONS[0]


@pytest.fixture(autouse=True)
def _no_kiosk_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KIOSK_SERVICE_URL", "KIOSK_DATA_DIR", "KIOSK_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)


def run(argv: list[str], http: httpx.Client | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, out=out, err=err, http=http)
    return code, out.getvalue(), err.getvalue()


def test_R_QR_1_taxapp_scan_options_parse() -> None:
    args = build_parser().parse_args(
        [
            "taxapp",
            "scan",
            "taxkiosk-qr:v1:x",
            "--as",
            "110",
            "--enterprise",
            "9111",
            "--app",
            "iit",
        ]
    )
    assert (args.taxapp_command, args.payload, args.person, args.enterprise, args.app) == (
        "scan",
        "taxkiosk-qr:v1:x",
        "110",
        "9111",
        "iit",
    )
    assert build_parser().parse_args(["taxapp", "scan", "p", "--as", "1"]).app == "etax"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["taxapp", "scan", "p"])  # --as is required


def test_R_QR_1_taxapp_scan_sends_a_signed_scan(tmp_path: Path) -> None:
    IdentityStore(tmp_path).save(TerminalIdentity("t-7", Ed25519PrivateKey.generate()))
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(
            200, json={"status": "confirmed", "purpose": "login", "mode": "enterprise"}
        )

    code, out, err = run(
        [
            "taxapp",
            "scan",
            " taxkiosk-qr:v1:abc ",
            "--as",
            ZHANG.document_number,
            "--enterprise",
            DEMO_ENTERPRISE.uscc,
            "--service-url",
            "https://svc:1",
            "--data-dir",
            str(tmp_path),
        ],
        httpx.Client(transport=httpx.MockTransport(handler)),
    )
    assert (code, err) == (0, "")
    assert "login, enterprise" in out
    assert ZHANG.document_number not in out  # masked
    (request,) = sent
    assert request.url.path == "/v1/qr/scan"
    assert request.headers[HEADER_TERMINAL] == "t-7"
    assert json.loads(request.content) == {
        "payload": "taxkiosk-qr:v1:abc",
        "app": "etax",
        "person_document_number": ZHANG.document_number,
        "enterprise_uscc": DEMO_ENTERPRISE.uscc,
    }


def test_R_QR_1_taxapp_scan_without_identity_asks_to_enroll(tmp_path: Path) -> None:
    write_service_file(tmp_path, "http://127.0.0.1:1")
    code, _, err = run(["taxapp", "scan", "p", "--as", "1", "--data-dir", str(tmp_path)])
    assert code == 1
    assert "kiosk enroll" in err


def test_R_QR_1_tester_logs_a_kiosk_in_with_the_simulator(
    account_service: EmbeddedService, manual_clock: ManualClock, tmp_path: Path
) -> None:
    """The tester's path: the kiosk shows a QR code, the tester scans it from the command
    line, the kiosk is logged in; scanning again is refused (single use)."""
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
    # The CLI signs with the real clock: keep the service's manual clock near it.
    manual_clock.set(datetime.now(UTC))
    identity = IdentityStore(tmp_path).load()
    with HttpAccountClient(account_service.base_url, identity) as client:
        flow = QrLoginFlow(client, wait_s=0)
        assert flow.start().ok
        assert flow.state.challenge is not None
        payload = flow.state.challenge.payload

        scan = [
            "taxapp",
            "scan",
            payload,
            "--as",
            ZHANG.document_number,
            "--data-dir",
            str(tmp_path),
        ]
        code, out, err = run([*scan, "--app", "iit", "--enterprise", DEMO_ENTERPRISE.uscc])
        assert code == 1
        assert "个人所得税App扫码只能登录自然人业务" in err
        code, out, err = run(scan)
        assert (code, err) == (0, "")
        assert "login, personal, etax app" in out
        code, _, err = run(scan)
        assert code == 1
        assert "该二维码已被使用" in err

        assert flow.poll().step is QrLoginStep.DONE
        assert flow.state.logged_in is not None
