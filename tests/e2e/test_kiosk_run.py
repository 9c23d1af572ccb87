"""``kiosk run`` as a hall installs it, against ``account-service serve`` as a province runs it:
two processes, PostgreSQL, HTTPS with the province's own CA, the production profile with an
SMS provider (a stub server: an outside system we do not have).

The kiosk is enrolled with ``kiosk enroll`` and started by ``kiosk.cli`` in its own process,
offscreen; ``tests/e2e/kiosk_driver.py`` uses its window from inside that process as a person
would. Mock devices only because a setting says so (``KIOSK_CAMERA_DRIVER=mock``): CI has no
camera and no reader.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from account_service.db import make_engine, make_session_factory
from account_service.demo import load_demo_data
from account_service.security import make_password_hasher
from tests.support.databases import fresh_postgres_database
from tests.support.live_service import service_settings
from tests.support.processes import ServiceProcess, free_port
from tests.support.sms_provider import StubProvider, stub_sms_provider
from tests.support.tls import IssuedPki, issue_test_pki

KIOSK_TIMEOUT_S = 300.0
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Province:
    service: ServiceProcess
    database_url: str
    pki: IssuedPki
    sms: StubProvider


@pytest.fixture
def province(tmp_path: Path) -> Iterator[Province]:
    """The central service on PostgreSQL over HTTPS, its people loaded by the operator."""
    pki = issue_test_pki(tmp_path / "pki")
    with fresh_postgres_database() as database_url, stub_sms_provider() as sms:
        service_dir = tmp_path / "service"
        service_dir.mkdir()
        service = ServiceProcess(
            database_url,
            service_dir,
            free_port(),
            sms_gateway_url=sms.url,
            tls=(pki.cert_file, pki.key_file),
            ca_file=pki.ca_file,
        )
        service.start_and_wait()
        try:
            seed_people(database_url, service_dir)
            yield Province(service, database_url, pki, sms)
        finally:
            service.stop()


def seed_people(database_url: str, data_dir: Path) -> None:
    """The README's demo people and staff, as the province's data import would load them."""
    settings = service_settings(database_url, data_dir)
    engine = make_engine(database_url)
    try:
        load_demo_data(make_session_factory(engine), hasher=make_password_hasher(settings))
    finally:
        engine.dispose()


def service_cli(province: Province, *args: str) -> str:
    env = {**os.environ, "ACCOUNT_SERVICE_DATABASE_URL": province.database_url}
    done = subprocess.run(
        [sys.executable, "-m", "account_service.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def kiosk_env(data_dir: Path, province: Province) -> dict[str, str]:
    return {
        **os.environ,
        "KIOSK_DATA_DIR": str(data_dir),
        "KIOSK_SERVICE_URL": province.service.base_url,
        "KIOSK_SERVICE_CA_FILE": str(province.pki.ca_file),
        "KIOSK_CAMERA_DRIVER": "mock",
        "KIOSK_MEDIUM_DRIVER": "mock",
        "KIOSK_HEALTH_INTERVAL_S": "1",
        "QT_QPA_PLATFORM": "offscreen",
    }


def enroll(data_dir: Path, province: Province) -> None:
    code = service_cli(province, "terminal", "enroll-code", "--name", "hall 1").strip()
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "enroll", "--service-url", province.service.base_url,
         "--code", code, "--name", "hall 1", "--data-dir", str(data_dir)],
        env=kiosk_env(data_dir, province),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Enrolled: terminal id" in done.stdout


def drive_kiosk(
    data_dir: Path, province: Province, scenario: str, tmp_path: Path
) -> dict[str, object]:
    result = tmp_path / f"{scenario}.json"
    done = subprocess.run(
        [sys.executable, "-m", "tests.e2e.kiosk_driver", scenario, str(result), province.sms.url],
        env=kiosk_env(data_dir, province),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=KIOSK_TIMEOUT_S,
        check=False,
    )
    assert result.is_file(), f"kiosk run exited {done.returncode}:\n{done.stderr[-4000:]}"
    answer: dict[str, object] = json.loads(result.read_text(encoding="utf-8"))
    assert "error" not in answer, answer["error"]
    assert done.returncode == 0, done.stderr[-4000:]
    return answer


def test_kiosk_run_enrolls_logs_a_person_in_with_sms_and_syncs_a_hall_collection(
    province: Province, tmp_path: Path
) -> None:
    data_dir = tmp_path / "kiosk"
    enroll(data_dir, province)

    login = drive_kiosk(data_dir, province, "login", tmp_path)
    assert login["logged_in"] is True, login
    assert len(province.sms.received) == 1  # one code, to 张三's phone (R-2F-3)

    collection = drive_kiosk(data_dir, province, "collection", tmp_path)
    assert collection["delivered"] is True
    with psycopg.connect(province.database_url.replace("+psycopg", "")) as connection:
        rows = connection.execute(
            "SELECT staff_no, name, face_jpeg IS NOT NULL, liveness_passed FROM hall_collections"
            " WHERE document_number = %s",
            ("11010519491231002X",),
        ).fetchall()
    assert rows == [("S0001", "赵六", True, True)]


def test_kiosk_run_enterprise_login_role_choice_and_switch_against_the_province(
    province: Province, tmp_path: Path
) -> None:
    """企业业务 in ``kiosk run`` against ``account-service serve`` (production profile,
    PostgreSQL, HTTPS): the code keypad, the role choice (R-RE-1), 身份切换 (R-SW-1),
    audited on the service."""
    data_dir = tmp_path / "kiosk"
    enroll(data_dir, province)
    answer = drive_kiosk(data_dir, province, "enterprise", tmp_path)
    assert answer["typed_on_screen"] is True  # the password on the on-screen keyboard
    first, switched = answer["first"], answer["switched"]
    assert isinstance(first, dict) and isinstance(switched, dict)
    assert first["enterprise"]["code"] == "91110108MA01C3LX6H"
    assert first["role"] == "legal_representative"
    assert switched["enterprise"]["code"] == "91310115MA1H8K3Q0Y"
    assert switched["role"] == "legal_representative"
    assert answer["token_kept"] is True
    assert len(province.sms.received) == 1  # one login, one code (R-2F-3)
    with psycopg.connect(province.database_url.replace("+psycopg", "")) as connection:
        kinds = [
            row[0]
            for row in connection.execute(
                "SELECT event FROM audit_events WHERE event IN ('login', 'identity.switched')"
                " ORDER BY at"
            ).fetchall()
        ]
    assert kinds == ["login", "identity.switched"]


def test_kiosk_run_people_management_against_the_province(
    province: Province, tmp_path: Path
) -> None:
    """人员权限管理 in ``kiosk run`` against ``account-service serve`` (production profile,
    PostgreSQL, HTTPS): the legal representative adds 李四 (the name in Pinyin on the
    on-screen keyboard), the addition waits for 李四 (R-RE-5), 撤回 takes it back (R-RE-7);
    both audited, and 李四 is told of both at his next login."""
    data_dir = tmp_path / "kiosk"
    enroll(data_dir, province)
    answer = drive_kiosk(data_dir, province, "people", tmp_path)
    assert answer["named_on_screen"] is True
    assert answer["added"] == [["tax_handler", "pending", "account_center"]]
    assert "待对方确认" in str(answer["added_banner"])
    assert not any(str(n).startswith("李") for n in answer["after_withdraw"])
    with psycopg.connect(province.database_url.replace("+psycopg", "")) as connection:
        kinds = [
            row[0]
            for row in connection.execute(
                "SELECT event FROM audit_events WHERE event LIKE 'relation.%' ORDER BY at"
            ).fetchall()
        ]
        notices = [
            row[0]
            for row in connection.execute(
                "SELECT n.kind FROM person_notices n JOIN persons p ON p.id = n.person_id"
                " WHERE p.document_number = %s ORDER BY n.at",
                ("110101199003076528",),
            ).fetchall()
        ]
    assert kinds == ["relation.added", "relation.withdrawn"]
    assert notices == ["relation_added", "relation_withdrawn"]


def test_kiosk_run_opens_and_says_so_when_the_service_cannot_be_reached(
    province: Province, tmp_path: Path
) -> None:
    data_dir = tmp_path / "kiosk"
    enroll(data_dir, province)
    province.service.stop()
    answer = drive_kiosk(data_dir, province, "service-down", tmp_path)
    assert answer["screen"] == "HomeScreen"
    assert "暂时无法连接账户服务" in str(answer["banner"])
    assert (tmp_path / "service-down.png").stat().st_size > 10_000


def test_kiosk_run_refuses_plain_http_to_another_machine_and_an_unenrolled_terminal(
    tmp_path: Path,
) -> None:
    """The real console entry point: it says what to set, and opens no window."""
    kiosk = Path(sys.executable).with_name("kiosk")
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    started = time.monotonic()
    plain = subprocess.run(
        [str(kiosk), "run"],
        env={**env, "KIOSK_SERVICE_URL": "http://tax.example.cn:8080"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert plain.returncode == 1
    assert "plain HTTP" in plain.stderr and "https://" in plain.stderr
    unenrolled = subprocess.run(
        [str(kiosk), "run"],
        env={**env, "KIOSK_SERVICE_URL": "https://tax.example.cn"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert unenrolled.returncode == 1
    assert "kiosk enroll" in unenrolled.stderr
    assert time.monotonic() - started < 60
