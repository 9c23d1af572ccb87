"""Issue 13: rules that held in the middle but not at their edges, over real HTTP on SQLite
and PostgreSQL. Each test is the reproduction from the issue, named after its rule."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from account_service.auth.lock_admin import show_lock
from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from account_service.embedded import EmbeddedService
from kiosk.protocol.messages import ErrorCode, message_for
from tests.support.signed_client import SignedClient

ZHANG, LI, WANG, _ZHAO, CHEN = DEMO_PERSONS[:5]
ZHANG_PHONE, LI_PHONE, WANG_PHONE = "13800000001", "13800000002", "13800000003"
REG = "/v1/registration"
RESET = "/v1/account/password-reset"
PASSPORT = "PZ7654321"  # a foreign passport number that is also a valid username
HOLDER_PASSWORD = "Peter.tax2026"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _error(response: httpx.Response, code: str) -> dict[str, Any]:
    assert response.status_code == message_for(ErrorCode(code)).http_status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code, error
    return error


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _token(client: SignedClient, person: Any, phone: str) -> str:
    return str(client.full_login(person.document_number, person.password, phone)["session_token"])


def _set_username(client: SignedClient, token: str, name: str) -> httpx.Response:
    return client.post("/v1/account/username", {"username": name}, bearer=token)


def _register_hall_collected(
    client: SignedClient,
    document_type: str,
    number: str,
    name: str,
    phone: str,
    password: str,
    username: str | None = None,
) -> httpx.Response:
    """用户注册 for a person the hall collected (R-ID-3: no face step)."""
    started = _ok(
        client.post(REG, {"document_type": document_type, "document_number": number, "name": name})
    )
    rid = started["registration_id"]
    _ok(client.post(f"{REG}/{rid}/sms", {"phone": phone}))
    _ok(client.post(f"{REG}/{rid}/verify", {"code": client.outbox_code(phone)}))
    body: dict[str, Any] = {"password": password}
    if username is not None:
        body["username"] = username
    return client.post(f"{REG}/{rid}/complete", body)


def _failures_today(service: EmbeddedService, clock: ManualClock, identifier: str) -> Any:
    with service.session_factory() as session:
        return show_lock(session=session, clock=clock, identifier=identifier)


# 1. R-LG-1: a login identifier names exactly one person; a document number its holder.


def test_R_LG_1_a_document_registered_after_an_equal_username_takes_the_login(
    signed_client: SignedClient, account_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    """Username first, then the document: the username is released to its holder, and
    its owner is told and may set a new one at once."""
    wang = _token(signed_client, WANG, WANG_PHONE)
    assert _ok(_set_username(signed_client, wang, PASSPORT))["username"] == PASSPORT
    signed_client.collect_in_hall("FOREIGN_PASSPORT", PASSPORT, name_latin="Peter Zimmermann")
    registered = _register_hall_collected(
        signed_client,
        "FOREIGN_PASSPORT",
        PASSPORT,
        "Peter Zimmermann",
        "13900000031",
        HOLDER_PASSWORD,
    )
    assert registered.status_code == 200, registered.text

    # The holder's own password logs the holder in, by the number in either case.
    for typed in (PASSPORT, PASSPORT.lower()):
        started = _ok(signed_client.login(typed, HOLDER_PASSWORD))
        assert started["sms_phone_masked"] == "139****0031"
    # A wrong password counts against the holder, never against the username's old owner.
    _error(signed_client.login(PASSPORT, "Wrong.pass1"), "WRONG_PASSWORD")
    view = _failures_today(account_service, manual_clock, PASSPORT)
    assert view is not None and view.failures_today == {"password": 1}
    assert view.name_masked == "P**** Z*********"  # the holder, not 王五
    wang_view = _failures_today(account_service, manual_clock, WANG.document_number)
    assert wang_view is not None and wang_view.failures_today == {}

    # 王五 learns it at his next login, and names himself again (a first setting).
    logged_in = signed_client.full_login(WANG.document_number, WANG.password, WANG_PHONE)
    notices = logged_in["notices"]
    assert [(n["kind"], n["username"]) for n in notices] == [("username_released", PASSPORT)]
    token = str(logged_in["session_token"])
    account = _ok(signed_client.get("/v1/account", bearer=token))
    assert account["username"] is None
    renamed = _ok(_set_username(signed_client, token, "wangwu2026"))
    assert renamed["username_next_change_on"] is None  # the year's change is still free
    assert _ok(_set_username(signed_client, token, "wangwu2027"))["username"] == "wangwu2027"
    history = _ok(signed_client.get("/v1/account/history", bearer=token))["events"]
    assert "username.released" in [event["kind"] for event in history]


def test_R_LG_1_a_username_equal_to_a_known_document_number_is_refused(
    signed_client: SignedClient,
) -> None:
    """Document first, then the username: refused in any case, whether the number is a
    registered person's or one collected at the hall that is not registered yet."""
    wang = _token(signed_client, WANG, WANG_PHONE)
    signed_client.collect_in_hall("FOREIGN_PASSPORT", PASSPORT, name_latin="Peter Zimmermann")
    for name in (PASSPORT, PASSPORT.lower(), CHEN.document_number.lower()):
        _error(_set_username(signed_client, wang, name), "USERNAME_TAKEN")
    # Registration refuses it as well (R-UN-1 at registration).
    signed_client.collect_in_hall("FOREIGN_PASSPORT", "QX1234567", name_latin="Quinn Xu")
    refused = _register_hall_collected(
        signed_client,
        "FOREIGN_PASSPORT",
        "QX1234567",
        "Quinn Xu",
        "13900000032",
        "Quinn.tax2026",
        username=PASSPORT.lower(),
    )
    _error(refused, "USERNAME_TAKEN")


# 2. R-LK-1 with R-SE-1: see test_account_center's lock test; here, a lock from elsewhere.


def test_R_LK_1_a_lock_engaged_at_another_terminal_ends_the_live_session(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    token = _token(signed_client, ZHANG, ZHANG_PHONE)
    for _ in range(5):
        manual_clock.advance(seconds=2)  # beyond the quick-login gap: every failure counts
        signed_client.login(ZHANG.document_number, "Wrong.pass1")
    _error(signed_client.login(ZHANG.document_number, ZHANG.password), "ACCOUNT_LOCKED")
    _error(signed_client.get("/v1/account", bearer=token), "SESSION_INVALID")


# 3. R-ID-5 at login.


@pytest.mark.parametrize(
    ("typed", "problem_zh", "problem_en"),
    [
        ("110105194912310021", "校验码", "check character"),
        ("110105194913310026", "出生日期", "birth date"),
        ("000105194912310021", "省级地区代码", "province code"),
    ],
)
def test_R_ID_5_login_says_which_part_of_an_id_number_is_wrong(
    signed_client: SignedClient, typed: str, problem_zh: str, problem_en: str
) -> None:
    for answer in (
        signed_client.login(typed, ZHANG.password),
        signed_client.post("/v1/account/phone-retrieve", {"identifier": typed, "password": "x"}),
    ):
        error = _error(answer, "ID_NUMBER_INVALID")
        assert error["rule"] == "R-ID-5"
        assert problem_zh in error["message_zh"]
        assert problem_en in error["message_en"]
        assert "未注册" not in error["message_zh"]


# 4. R-PW-2: one password policy at every entry point.

GUESSABLE = ("abcd1234", "P@ssw0rd1")


def test_R_PW_2_the_account_center_change_refuses_guessable_passwords(
    signed_client: SignedClient,
) -> None:
    token = _token(signed_client, ZHANG, ZHANG_PHONE)
    for guessable in (*GUESSABLE, "Zz.19491231", "Zz.13800000001"):
        answer = signed_client.post(
            "/v1/account/password",
            {"old_password": ZHANG.password, "new_password": guessable},
            bearer=token,
        )
        _error(answer, "PASSWORD_TOO_GUESSABLE")


def test_R_PW_2_forgot_password_refuses_guessable_passwords(signed_client: SignedClient) -> None:
    started = _ok(
        signed_client.post(
            RESET, {"document_type": "RESIDENT_ID", "document_number": ZHANG.document_number}
        )
    )
    vid = started["verification_id"]
    _ok(signed_client.post(f"{RESET}/{vid}/sms", {}))
    verified = _ok(
        signed_client.post(
            f"{RESET}/{vid}/verify", {"code": signed_client.outbox_code(ZHANG_PHONE)}
        )
    )
    for guessable in (*GUESSABLE, "Zz.19491231"):
        answer = signed_client.post(
            f"{RESET}/{vid}/password",
            {"reset_token": verified["reset_token"], "new_password": guessable},
        )
        _error(answer, "PASSWORD_TOO_GUESSABLE")


def test_R_PW_2_the_forced_change_after_the_initial_password_refuses_guessable_passwords(
    signed_client: SignedClient,
) -> None:
    started = _ok(signed_client.login(LI.document_number, LI.password))
    _ok(signed_client.send_sms(started["attempt_id"]))
    verified = _ok(signed_client.verify(started["attempt_id"], signed_client.outbox_code(LI_PHONE)))
    for guessable in (*GUESSABLE, "Li.19900307", "Li.13800000002"):
        answer = signed_client.post(
            "/v1/auth/password/initial-change",
            {"change_token": verified["change_token"], "new_password": guessable},
        )
        _error(answer, "PASSWORD_TOO_GUESSABLE")


def test_R_PW_2_registration_refuses_guessable_passwords(signed_client: SignedClient) -> None:
    signed_client.collect_in_hall("FOREIGN_PASSPORT", PASSPORT, name_latin="Peter Zimmermann")
    for guessable in GUESSABLE:
        answer = _register_hall_collected(
            signed_client,
            "FOREIGN_PASSPORT",
            PASSPORT,
            "Peter Zimmermann",
            "13900000031",
            guessable,
        )
        _error(answer, "PASSWORD_TOO_GUESSABLE")


# 5. SMS codes are read the way a person means them (R-LK-1: a typo is not a failure).


@pytest.mark.parametrize("shape", ["full_width", "inner_space"])
def test_R_LK_1_a_right_code_in_full_width_digits_or_with_spaces_logs_in(
    signed_client: SignedClient, shape: str
) -> None:
    started = _ok(signed_client.login(ZHANG.document_number, ZHANG.password))
    _ok(signed_client.send_sms(started["attempt_id"]))
    code = signed_client.outbox_code(ZHANG_PHONE)
    typed = code.translate(FULL_WIDTH) if shape == "full_width" else f" {code[:3]} {code[3:]} "
    assert _ok(signed_client.verify(started["attempt_id"], typed))["status"] == "logged_in"


def test_R_LK_1_something_that_cannot_be_a_code_is_not_counted(
    signed_client: SignedClient,
) -> None:
    started = _ok(signed_client.login(ZHANG.document_number, ZHANG.password))
    attempt = started["attempt_id"]
    _ok(signed_client.send_sms(attempt))
    for typed in ("12a456", "12345", "١٢٣٤٥٦"):  # a letter, too short, Arabic-Indic digits
        _error(signed_client.verify(attempt, typed), "SMS_CODE_FORMAT")
    code = signed_client.outbox_code(ZHANG_PHONE)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert _error(signed_client.verify(attempt, wrong), "SMS_CODE_WRONG")["details"] == {
        "remaining": 4  # the first counted failure: the malformed ones cost nothing
    }


def test_R_PW_4_a_reset_code_in_full_width_digits_verifies(signed_client: SignedClient) -> None:
    started = _ok(
        signed_client.post(
            RESET, {"document_type": "RESIDENT_ID", "document_number": ZHANG.document_number}
        )
    )
    vid = started["verification_id"]
    _ok(signed_client.post(f"{RESET}/{vid}/sms", {}))
    typed = signed_client.outbox_code(ZHANG_PHONE).translate(FULL_WIDTH)
    assert "reset_token" in _ok(signed_client.post(f"{RESET}/{vid}/verify", {"code": typed}))


# 6. R-ID-6 with R-UN-1: registering again honours the username asked for.


def test_R_ID_6_registering_again_with_a_new_username_gets_it(
    signed_client: SignedClient,
) -> None:
    token = _token(signed_client, ZHANG, ZHANG_PHONE)
    started = _ok(
        signed_client.post("/v1/account/confirmations", {"action": "deregister"}, bearer=token)
    )
    vid = started["verification_id"]
    code = signed_client.outbox_code(ZHANG_PHONE)
    _ok(signed_client.post(f"/v1/account/confirmations/{vid}/verify", {"code": code}, bearer=token))
    signed_client.collect_in_hall("RESIDENT_ID", ZHANG.document_number, name=ZHANG.name)
    done = _register_hall_collected(
        signed_client,
        "RESIDENT_ID",
        ZHANG.document_number,
        ZHANG.name,
        ZHANG_PHONE,
        "Zhang.back26",
        username="zhangsan2026",
    )
    assert done.status_code == 200, done.text
    assert done.json()["person"]["username"] == "zhangsan2026"
    # The old name is free for anyone now; the new one logs Zhang in.
    assert _ok(signed_client.login("zhangsan2026", "Zhang.back26"))["sms_phone_masked"]
    _error(signed_client.login(ZHANG.username, "Zhang.back26"), "USER_NOT_REGISTERED")
    view = _ok(signed_client.get("/v1/account", bearer=str(done.json()["session_token"])))
    assert view["username_next_change_on"] is None  # a first setting, not the year's change
