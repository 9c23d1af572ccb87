"""The account center over real HTTP on SQLite and PostgreSQL: view and notices,
phones by SMS confirmation (R-PH-1/2/7), username (R-UN-1), password change (R-PW-5),
deregistration (R-AC-1), history with "clear record" (R-AC-2)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import func, select

from account_service.agents.models import Agent
from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from account_service.embedded import EmbeddedService
from account_service.enterprises.models import EnterpriseRelation
from account_service.persons.models import Person
from account_service.trail.models import AccountHistory
from account_service.trail.notices import pop_notices
from kiosk.domain.lockout import SHANGHAI
from kiosk.protocol.messages import ErrorCode, message_for
from tests.support.signed_client import SignedClient

ZHANG = DEMO_PERSONS[0]
WANG = DEMO_PERSONS[2]
ZHAO = DEMO_PERSONS[3]
ZHANG_PHONE = "13800000001"
WANG_PHONE = "13800000003"
CONFIRM = "/v1/account/confirmations"


def _error(response: httpx.Response, code: str) -> dict[str, Any]:
    """The catalog's error (its HTTP status too) with the shared envelope."""
    assert response.status_code == message_for(ErrorCode(code)).http_status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code, error
    return error


def _login(client: SignedClient, person: Any = ZHANG, phone: str = ZHANG_PHONE) -> str:
    return str(client.full_login(person.document_number, person.password, phone)["session_token"])


def _confirm(
    client: SignedClient, token: str, action: str, *, sms_to: str, **fields: Any
) -> dict[str, Any]:
    """Start a confirmation and verify it with the code sent to ``sms_to``."""
    started = client.post(CONFIRM, {"action": action, **fields}, bearer=token)
    assert started.status_code == 200, started.text
    vid = started.json()["verification_id"]
    done = client.post(
        f"{CONFIRM}/{vid}/verify", {"code": client.outbox_code(sms_to)}, bearer=token
    )
    assert done.status_code == 200, done.text
    body: dict[str, Any] = done.json()
    assert body["action"] == action
    return body


def _view(client: SignedClient, token: str) -> dict[str, Any]:
    response = client.get("/v1/account", bearer=token)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _phones(view: dict[str, Any]) -> list[tuple[str, bool]]:
    return [(p["phone_masked"], p["is_default"]) for p in view["phones"]]


def _person_id(service: EmbeddedService, document_number: str) -> uuid.UUID:
    with service.session_factory() as session:
        return session.scalars(
            select(Person.id).where(Person.document_number == document_number)
        ).one()


def test_account_view(signed_client: SignedClient) -> None:
    token = _login(signed_client)
    view = _view(signed_client, token)
    assert view["person"]["name_masked"] == "张*"
    assert view["phones"] == [
        {
            "phone_id": view["phones"][0]["phone_id"],
            "phone_masked": "138****0001",
            "is_default": True,
        }
    ]
    assert view["username"] == "zhangsan01"
    assert view["username_next_change_on"] is None
    assert view["real_name_level"] == 4
    assert view["notices"] == []
    assert view["phone_limit"] == 5
    _error(signed_client.get("/v1/account"), "SESSION_INVALID")
    _error(signed_client.get("/v1/account", bearer="not-a-token"), "SESSION_INVALID")


def test_R_RN_1_R_RN_2_a_level_3_user_logs_in_and_uses_the_account_center(
    signed_client: SignedClient,
) -> None:
    """R-RN-2: level 3 (legacy, no face check) still logs in and uses the account center;
    the view carries the level so the terminal can say what it allows (R-RN-1)."""
    assert WANG.phone is not None
    token = _login(signed_client, WANG, WANG.phone)
    view = _view(signed_client, token)
    assert view["real_name_level"] == 3
    assert view["person"]["real_name_level"] == 3
    username = signed_client.post("/v1/account/username", {"username": "wangwu2026"}, bearer=token)
    assert username.status_code == 200, username.text
    assert username.json()["username"] == "wangwu2026"


def test_R_PH_1_add_phone_checks_before_sending(signed_client: SignedClient) -> None:
    token = _login(signed_client)
    add = {"action": "add_phone"}
    _error(signed_client.post(CONFIRM, add | {"phone": "1380000"}, bearer=token), "PHONE_FORMAT")
    _error(signed_client.post(CONFIRM, add, bearer=token), "PHONE_FORMAT")
    _error(
        signed_client.post(CONFIRM, add | {"phone": ZHANG_PHONE}, bearer=token),
        "PHONE_ALREADY_YOURS",
    )
    for index in range(4):
        _confirm(
            signed_client,
            token,
            "add_phone",
            sms_to=f"1390000010{index}",
            phone=f"1390000010{index}",
        )
    view = _view(signed_client, token)
    assert len(view["phones"]) == 5
    assert [d for _, d in _phones(view)] == [True, False, False, False, False]
    limit = _error(
        signed_client.post(CONFIRM, add | {"phone": "13900000109"}, bearer=token),
        "PHONE_LIMIT_REACHED",
    )
    assert limit["details"]["limit"] == 5
    assert "5" in limit["message_zh"]


def test_R_PH_2_add_phone_takes_the_number_and_notifies_the_loser(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    token = _login(signed_client)
    done = _confirm(signed_client, token, "add_phone", sms_to=WANG_PHONE, phone=WANG_PHONE)
    assert _phones(done["account"]) == [("138****0001", True), ("138****0003", False)]
    # WANG's only number is gone: login by it now finds ZHANG (the owner), and WANG
    # gets the notice once (what the login answer will carry).
    wang_id = _person_id(account_service, WANG.document_number)
    with account_service.session_factory.begin() as session:
        notices = pop_notices(session, person_id=wang_id, now=datetime.now(SHANGHAI))
        assert [(n.kind, n.phone_masked) for n in notices] == [("phone_moved", "138****0003")]
    with account_service.session_factory.begin() as session:
        assert pop_notices(session, person_id=wang_id, now=datetime.now(SHANGHAI)) == []
    _error(
        signed_client.send_sms(
            signed_client.login(WANG.document_number, WANG.password).json()["attempt_id"]
        ),
        "PHONE_EMPTY",
    )
    # WANG typing his old number gets R-PH-3's message, not "wrong password" against
    # ZHANG's account (which would count toward ZHANG's lock).
    lost = _error(signed_client.login(WANG_PHONE, WANG.password), "PHONE_NOT_FOUND")
    assert lost["rule"] == "R-PH-3"
    assert (
        _error(signed_client.login(WANG_PHONE, "Not.theirs1"), "WRONG_PASSWORD")["details"][
            "remaining"
        ]
        == 4
    )


def test_R_PH_1_R_2F_2_every_number_logs_in_and_receives_its_own_code(
    signed_client: SignedClient,
) -> None:
    """Several numbers: login by any of them sends the code to that number; by ID number
    or username to the default (R-2F-2)."""
    token = _login(signed_client)
    _confirm(signed_client, token, "add_phone", sms_to=WANG_PHONE, phone=WANG_PHONE)
    by_second = signed_client.login(WANG_PHONE, ZHANG.password)
    assert by_second.status_code == 200, by_second.text
    assert by_second.json()["sms_phone_masked"] == "138****0003"
    by_id = signed_client.login(ZHANG.document_number, ZHANG.password)
    assert by_id.json()["sms_phone_masked"] == "138****0001"
    # WANG, who lost his only number, has no code destination left (R-PH-4).
    wang = signed_client.login(WANG.document_number, WANG.password)
    assert wang.json()["sms_phone_masked"] is None  # R-PH-4: no phone left


def test_R_PH_1_remove_default_promotes_the_oldest_and_last_may_go(
    signed_client: SignedClient,
) -> None:
    token = _login(signed_client)
    _confirm(signed_client, token, "add_phone", sms_to="13900000100", phone="13900000100")
    _confirm(signed_client, token, "add_phone", sms_to="13900000101", phone="13900000101")
    ids = [p["phone_id"] for p in _view(signed_client, token)["phones"]]
    # The code goes to the default number: the owner agrees.
    done = _confirm(signed_client, token, "remove_phone", sms_to=ZHANG_PHONE, phone_id=ids[0])
    assert _phones(done["account"]) == [("139****0100", True), ("139****0101", False)]
    done = _confirm(signed_client, token, "remove_phone", sms_to="13900000100", phone_id=ids[1])
    done = _confirm(signed_client, token, "remove_phone", sms_to="13900000101", phone_id=ids[2])
    assert done["account"]["phones"] == []
    # Phone empty (R-PH-4): deregistration has nowhere to send its code.
    _error(signed_client.post(CONFIRM, {"action": "deregister"}, bearer=token), "PHONE_EMPTY")


def test_R_PH_7_set_default_sends_the_code_to_that_number(signed_client: SignedClient) -> None:
    token = _login(signed_client)
    _confirm(signed_client, token, "add_phone", sms_to="13900000100", phone="13900000100")
    second = _view(signed_client, token)["phones"][1]["phone_id"]
    started = signed_client.post(
        CONFIRM, {"action": "set_default_phone", "phone_id": second}, bearer=token
    )
    assert started.json()["phone_masked"] == "139****0100"
    vid = started.json()["verification_id"]
    done = signed_client.post(
        f"{CONFIRM}/{vid}/verify", {"code": signed_client.outbox_code("13900000100")}, bearer=token
    )
    assert _phones(done.json()["account"]) == [("138****0001", False), ("139****0100", True)]


def test_R_PH_1_phone_id_not_on_the_account(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    token = _login(signed_client)
    wang = _login(signed_client, WANG, WANG_PHONE)
    wang_phone_id = _view(signed_client, wang)["phones"][0]["phone_id"]
    for action in ("remove_phone", "set_default_phone"):
        _error(
            signed_client.post(
                CONFIRM, {"action": action, "phone_id": wang_phone_id}, bearer=token
            ),
            "PHONE_UNKNOWN_ON_ACCOUNT",
        )
        _error(
            signed_client.post(CONFIRM, {"action": action}, bearer=token),
            "PHONE_UNKNOWN_ON_ACCOUNT",
        )


def test_confirmation_of_another_person_is_unknown_and_code_single_use(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    token = _login(signed_client)
    wang = _login(signed_client, WANG, WANG_PHONE)
    started = signed_client.post(
        CONFIRM, {"action": "add_phone", "phone": "13900000100"}, bearer=token
    )
    vid = started.json()["verification_id"]
    code = signed_client.outbox_code("13900000100")
    stolen = signed_client.post(f"{CONFIRM}/{vid}/verify", {"code": code}, bearer=wang)
    _error(stolen, "VERIFICATION_EXPIRED")
    _error(signed_client.post(f"{CONFIRM}/{vid}/sms", {}, bearer=token), "SMS_RESEND_TOO_SOON")
    assert (
        signed_client.post(f"{CONFIRM}/{vid}/verify", {"code": code}, bearer=token).status_code
        == 200
    )
    _error(
        signed_client.post(f"{CONFIRM}/{vid}/verify", {"code": code}, bearer=token),
        "VERIFICATION_EXPIRED",
    )


def test_R_UN_1_first_setting_free_then_once_per_calendar_year(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    token = _login(signed_client, WANG, WANG_PHONE)

    def set_name(name: str, bearer: str) -> httpx.Response:
        return signed_client.post("/v1/account/username", {"username": name}, bearer=bearer)

    rule = _error(set_name("1wang", token), "USERNAME_RULE")
    assert rule["details"]["reason"]
    _error(set_name("zhangsan01", token), "USERNAME_TAKEN")
    first = set_name("wangwu01", token)
    assert first.status_code == 200, first.text
    assert first.json()["username"] == "wangwu01"
    assert first.json()["username_next_change_on"] is None  # the first setting was free
    changed = set_name("wangwu02", token)
    assert changed.json()["username_next_change_on"] == "2027-01-01"
    too_soon = _error(set_name("wangwu03", token), "USERNAME_CHANGE_TOO_SOON")
    assert too_soon["details"]["next_change_on"] == "2027-01-01"
    assert set_name("wangwu02", token).status_code == 200  # the same name: no change
    manual_clock.set(datetime(2026, 12, 31, 23, 59, tzinfo=SHANGHAI))
    token = _login(signed_client, WANG, WANG_PHONE)
    _error(set_name("wangwu03", token), "USERNAME_CHANGE_TOO_SOON")
    manual_clock.set(datetime(2027, 1, 1, 0, 0, tzinfo=SHANGHAI))
    token = _login(signed_client, WANG, WANG_PHONE)
    assert set_name("wangwu03", token).json()["username"] == "wangwu03"
    assert signed_client.login("wangwu03", WANG.password).status_code == 200


def test_R_UN_1_username_from_registration_may_change_once(signed_client: SignedClient) -> None:
    token = _login(signed_client)
    changed = signed_client.post("/v1/account/username", {"username": "zhangsan02"}, bearer=token)
    assert changed.json()["username"] == "zhangsan02"
    again = signed_client.post("/v1/account/username", {"username": "zhangsan03"}, bearer=token)
    _error(again, "USERNAME_CHANGE_TOO_SOON")


def test_R_PW_5_password_change(signed_client: SignedClient) -> None:
    other = _login(signed_client)
    token = _login(signed_client)

    def change(old: str, new: str) -> httpx.Response:
        return signed_client.post(
            "/v1/account/password", {"old_password": old, "new_password": new}, bearer=token
        )

    wrong = _error(change("Wrong.pass1", "Zhang.new2025"), "WRONG_PASSWORD")
    assert wrong["details"]["remaining"] == 4
    same = _error(change(ZHANG.password, ZHANG.password), "PASSWORD_RULE")
    assert same["details"]["reason"] == "与原密码相同"
    _error(change(ZHANG.password, "31002X"), "PASSWORD_SAME_AS_INITIAL")
    _error(change(ZHANG.password, "abcdefgh"), "PASSWORD_RULE")
    assert change(ZHANG.password, "Zhang.new2025").json() == {"status": "password_changed"}
    assert signed_client.get("/v1/session", bearer=token).status_code == 200  # this one stays
    _error(signed_client.get("/v1/session", bearer=other), "SESSION_INVALID")  # others end
    _login_ok = signed_client.full_login(ZHANG.document_number, "Zhang.new2025", ZHANG_PHONE)
    assert _login_ok["status"] == "logged_in"


def test_R_LK_1_a_lock_engaged_in_the_account_center_ends_the_session(
    signed_client: SignedClient,
) -> None:
    """Issue 13 item 2: five wrong old passwords lock the account (R-LK-1), and a locked
    account is logged in nowhere (R-SE-1): the same session can read and change nothing."""
    token = _login(signed_client)
    answers = [
        signed_client.post(
            "/v1/account/password",
            {"old_password": "Wrong.pass1", "new_password": "Zhang.new2025"},
            bearer=token,
        )
        for _ in range(5)
    ]
    _error(answers[3], "WRONG_PASSWORD")
    _error(answers[4], "ACCOUNT_LOCKED")
    _error(signed_client.get("/v1/account", bearer=token), "SESSION_INVALID")
    _error(
        signed_client.post("/v1/account/username", {"username": "zhangNew01"}, bearer=token),
        "SESSION_INVALID",
    )
    again = signed_client.post(
        "/v1/account/password",
        {"old_password": ZHANG.password, "new_password": "Zhang.new2025"},
        bearer=token,
    )
    _error(again, "SESSION_INVALID")
    _error(signed_client.login(ZHANG.document_number, ZHANG.password), "ACCOUNT_LOCKED")


def test_R_AC_1_deregister_keeps_relations_and_ends_the_account(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    token = _login(signed_client)
    zhang_id = _person_id(account_service, ZHANG.document_number)
    with account_service.session_factory() as session:
        relations = session.scalar(
            select(func.count())
            .select_from(EnterpriseRelation)
            .where(EnterpriseRelation.document_number == ZHANG.document_number)
        )
    assert relations == 3  # the demo world: two roles in one enterprise, one in another
    done = _confirm(signed_client, token, "deregister", sms_to=ZHANG_PHONE)
    assert done["account"] is None
    _error(signed_client.get("/v1/account", bearer=token), "SESSION_INVALID")
    with account_service.session_factory() as session:
        after = session.scalar(
            select(func.count())
            .select_from(EnterpriseRelation)
            .where(EnterpriseRelation.document_number == ZHANG.document_number)
        )
        person = session.get(Person, zhang_id)
        assert person is not None and person.deregistered_at is not None
        kinds = session.scalars(
            select(AccountHistory.kind).where(AccountHistory.person_id == zhang_id)
        ).all()
    assert after == relations
    assert "account.deregistered" in kinds
    reset = signed_client.post(
        "/v1/account/password-reset",
        {"document_type": "RESIDENT_ID", "document_number": ZHANG.document_number},
    )
    _error(reset, "USER_NOT_REGISTERED")
    retrieve = signed_client.post(
        "/v1/account/phone-retrieve", {"identifier": "zhangsan01", "password": ZHANG.password}
    )
    _error(retrieve, "USER_NOT_REGISTERED")


def test_R_AC_1_deregistered_agent_rows_are_kept(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    with account_service.session_factory() as session:
        agent_person = session.scalars(select(Agent.person_id)).first()
        assert agent_person is not None
        person = session.get(Person, agent_person)
        assert person is not None
        document_number = person.document_number
        phone = person.default_phone
        agents_before = session.scalar(select(func.count()).select_from(Agent))
    demo = next(p for p in DEMO_PERSONS if p.document_number == document_number)
    assert phone is not None
    token = _login(signed_client, demo, phone)
    _confirm(signed_client, token, "deregister", sms_to=phone)
    with account_service.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Agent)) == agents_before


def test_R_AC_1_login_after_deregistration_says_not_registered(signed_client: SignedClient) -> None:
    token = _login(signed_client)
    _confirm(signed_client, token, "deregister", sms_to=ZHANG_PHONE)
    _error(signed_client.login(ZHANG.document_number, ZHANG.password), "USER_NOT_REGISTERED")


def test_R_AC_2_history_newest_first_and_clear_hides_but_keeps(
    signed_client: SignedClient, account_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    token = _login(signed_client)
    _confirm(signed_client, token, "add_phone", sms_to="13900000100", phone="13900000100")
    manual_clock.advance(seconds=61)
    signed_client.post("/v1/account/username", {"username": "zhangsan02"}, bearer=token)
    events = signed_client.get("/v1/account/history", bearer=token).json()["events"]
    events = [e for e in events if e["kind"] != "login"]  # auth's own events aside
    assert [e["kind"] for e in events] == ["username.changed", "phone.added"]
    assert events[1]["detail_zh"] == "添加手机号码 139****0100"
    assert events[1]["detail_en"] == "Phone number 139****0100 added"
    assert events[1]["terminal_name"] == "test terminal"
    cleared = signed_client.post(
        f"/v1/account/history/{events[1]['event_id']}/clear", {}, bearer=token
    )
    assert cleared.json() == {"status": "cleared"}
    left = signed_client.get("/v1/account/history", bearer=token).json()["events"]
    assert [e["kind"] for e in left if e["kind"] != "login"] == ["username.changed"]
    with account_service.session_factory() as session:
        row = session.get(AccountHistory, uuid.UUID(events[1]["event_id"]))
        assert row is not None and row.hidden_at is not None  # kept, only hidden
    again = signed_client.post(
        f"/v1/account/history/{events[1]['event_id']}/clear", {}, bearer=token
    )
    _error(again, "HISTORY_EVENT_UNKNOWN")
    wang = _login(signed_client, WANG, WANG_PHONE)
    theirs = signed_client.post(
        f"/v1/account/history/{events[0]['event_id']}/clear", {}, bearer=wang
    )
    _error(theirs, "HISTORY_EVENT_UNKNOWN")
    _error(
        signed_client.post("/v1/account/history/nope/clear", {}, bearer=token),
        "HISTORY_EVENT_UNKNOWN",
    )
