"""Issue 22: every ``kiosk demo`` starts from the demo world the README describes, whatever an
earlier demo or a tester did; ``--keep`` keeps the last state; a folder the demo did not make
is never wiped. The real embedded service, as the interactive demo starts it."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.demo.app import embedded_service
from kiosk.demo.demo_dir import MARKER, DemoDirError, fresh_demo_dir, running_terminal_dir
from kiosk.protocol.account import ConfirmationAction
from kiosk.protocol.auth import LoggedIn, PasswordChangeRequired
from kiosk.protocol.errors import UserError
from kiosk.services.http_client import HttpAccountClient
from kiosk.settings import KioskSettings

README = Path(__file__).resolve().parents[2] / "README.md"


@dataclass(frozen=True)
class DemoAccount:
    person: str
    identifiers: tuple[str, ...]
    password: str
    notes: str


def readme_accounts() -> list[DemoAccount]:
    """The README's "Demo accounts" table, as a new user reads it."""
    text = README.read_text(encoding="utf-8")
    table = text.split("### Demo accounts", 1)[1].split("\n\n", 2)[1]
    accounts = []
    for row in table.splitlines()[2:]:
        person, log_in_with, password, notes = (c.strip() for c in row.strip("|").split("|"))
        accounts.append(
            DemoAccount(
                person=person,
                identifiers=tuple(re.findall(r"`([^`]+)`", log_in_with)),
                password=re.findall(r"`([^`]+)`", password)[0],
                notes=notes,
            )
        )
    return accounts


@pytest.fixture(autouse=True)
def _every_failure_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    # The demo service's quick-login check would refuse failures 1 s apart uncounted.
    monkeypatch.setenv("ACCOUNT_SERVICE_QUICK_LOGIN_GAP_MS", "0")


def code_for(client: HttpAccountClient, phone: str) -> str:
    return client.sms_outbox(phone=phone, limit=1)[0].code


def log_in(client: HttpAccountClient, identifier: str, password: str, phone: str) -> LoggedIn:
    accepted = client.start_login(identifier, password)
    client.send_login_sms(accepted.attempt_id)
    answer = client.verify_login_sms(accepted.attempt_id, code_for(client, phone))
    assert isinstance(answer, LoggedIn)
    return answer


def play_forward(client: HttpAccountClient) -> None:
    """What testers do to the demo: 李四 leaves his initial password, 王五 locks himself
    out, 陈小明 takes 张三's phone number."""
    accepted = client.start_login("110101199003076528", "076528")
    client.send_login_sms(accepted.attempt_id)
    change = client.verify_login_sms(accepted.attempt_id, code_for(client, "13800000002"))
    assert isinstance(change, PasswordChangeRequired)
    client.change_initial_password(change.change_token, "Li.played26")
    for _ in range(5):
        with pytest.raises(UserError):
            client.start_login("320106197603154413", "Wrong.pass1")
    chen = log_in(client, "H60123456", "Chen.2024z", "13800000005")
    started = client.start_confirmation(
        chen.session_token, ConfirmationAction.ADD_PHONE, phone="13800000001"
    )
    client.verify_confirmation(
        chen.session_token, started.verification_id, code_for(client, "13800000001")
    )


@contextlib.contextmanager
def demo_client(root: Path, *, keep: bool = False) -> Iterator[HttpAccountClient]:
    """The demo's service as ``kiosk demo`` starts it: its own folder, then the service."""
    settings = KioskSettings(data_dir=fresh_demo_dir(root, keep=keep), demo=True)
    with embedded_service(settings) as client:
        yield client


def assert_readme_world(client: HttpAccountClient) -> None:
    accounts = readme_accounts()
    assert [a.person for a in accounts] == ["张三", "李四", "王五", "赵六", "陈小明"]
    for account in accounts:
        for identifier in account.identifiers:
            accepted = client.start_login(identifier, account.password)  # none locked
            assert accepted.initial_password is ("initial password" in account.notes)
            if "no phone number" in account.notes:
                assert accepted.sms_phone_masked is None
    # 张三's number is his again (R-PH-2 moved it in the last demo).
    by_phone = client.start_login("13800000001", "Zhang@2024")
    assert by_phone.sms_phone_masked == "138****0001"


def test_the_demo_starts_from_the_readme_world_after_testers_played(tmp_path: Path) -> None:
    root = tmp_path / "data"
    with demo_client(root) as client:
        assert_readme_world(client)
        play_forward(client)
        with pytest.raises(UserError):
            client.start_login("110101199003076528", "076528")  # the played state is real
    with demo_client(root) as client:
        assert_readme_world(client)


def test_keep_starts_the_demo_where_the_last_one_stopped(tmp_path: Path) -> None:
    root = tmp_path / "data"
    with demo_client(root) as client:
        play_forward(client)
    with demo_client(root, keep=True) as client:
        accepted = client.start_login("110101199003076528", "Li.played26")
        assert accepted.initial_password is False


def test_a_folder_the_demo_did_not_make_is_never_wiped(tmp_path: Path) -> None:
    root = tmp_path / "data"
    (root / "demo").mkdir(parents=True)
    precious = root / "demo" / "records.sqlite3"
    precious.write_text("a hall's records")
    with pytest.raises(DemoDirError):
        fresh_demo_dir(root)
    assert precious.read_text() == "a hall's records"
    (root / "demo" / MARKER).touch()
    assert fresh_demo_dir(root) == root / "demo"
    assert not precious.exists()


def test_tester_tools_act_on_the_running_demo(tmp_path: Path) -> None:
    root = tmp_path / "data"
    assert running_terminal_dir(root) == root  # nothing runs: the terminal's own folder
    with demo_client(root):
        assert running_terminal_dir(root) == root / "demo"
    assert running_terminal_dir(root) == root
