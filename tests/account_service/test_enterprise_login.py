"""The enterprise entry (企业业务, issue 17) over real HTTP on SQLite and PostgreSQL: the
world comes through the registry import into the live service's database; the person logs
in with the enterprise's code, their identifier and password, and a second factor (R-EN-1,
R-2F-1, R-2F-2); the session acts for the enterprise in the person's role (R-RE-1, R-RE-9);
no relation is told only after a right password (R-RE-8); password failures of both entries
lock the same account (R-LK-1); QR login in enterprise mode (R-QR-1); 同步数据 (R-RE-8)."""

from __future__ import annotations

from typing import Any

from account_service.embedded import EmbeddedService
from kiosk.domain.lang import Lang
from kiosk.protocol.messages import ErrorCode, render
from tests.support.enterprise_world import (
    CHEN,
    FACE,
    WANG,
    ZHANG,
    acting_now,
    error,
    face_login,
    give_face,
    import_firm,
    import_rows,
    new_firm,
    ok,
    relation,
    sms_login,
    start,
)
from tests.support.signed_client import SignedClient

NO_RELATION_ZH = "未查询到您与该企业的关联关系信息"


def _assert_acting(acting: dict[str, Any], code: str, name: str, role: str | None) -> None:
    assert acting["entry"] == "enterprise"
    assert acting["enterprise"]["code"] == code
    assert acting["enterprise"]["name"] == name
    assert acting["role"] == role


def test_R_EN_1_enterprise_login_by_id_number_phone_and_username_acts_in_the_only_role(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = new_firm("北京云杉科技有限公司")
    report = import_firm(account_service, firm, (ZHANG, "legal_representative"))
    assert report.added == 2
    assert ZHANG.phone is not None and ZHANG.username is not None
    for identifier in (ZHANG.document_number, ZHANG.phone, ZHANG.username):
        answer = sms_login(signed_client, ZHANG, firm.code, identifier=identifier)
        acting = answer["acting"]
        # R-RE-2: the legal representative is bound from registration data, so it is the
        # one role and the session acts in it at once.
        _assert_acting(acting, firm.code, firm.name, "legal_representative")
        assert acting["roles"] == ["legal_representative"]
        assert acting["pending"] == []
        assert acting["scope"], "R-RE-9: the role's scope is shown"
        assert acting["as_agent"] is False
        assert acting["confirm_needs_face"] is True  # the login was by SMS (R-RE-5)
        assert acting_now(signed_client, answer["session_token"]) == acting


def test_R_EN_1_a_taxpayer_id_and_a_travel_permit_holder_log_in(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    """An older 个体工商户 has only its 15-character taxpayer id; 陈小明 logs in with his
    港澳居民来往内地通行证 number, then with his phone (R-2F-2: the code goes to it)."""
    shop = new_firm("北京市海淀区陈记小吃店", has_uscc=False)
    import_firm(account_service, shop, (CHEN, "legal_representative"))
    answer = sms_login(signed_client, CHEN, shop.code)
    _assert_acting(answer["acting"], shop.code, shop.name, "legal_representative")
    assert answer["acting"]["enterprise"]["kind"] == "individual_business"
    assert CHEN.phone is not None
    answer = sms_login(signed_client, CHEN, shop.code.lower(), identifier=CHEN.phone)
    _assert_acting(answer["acting"], shop.code, shop.name, "legal_representative")


def test_R_2F_1_enterprise_login_by_face_needs_no_face_again_to_confirm(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = new_firm()
    import_firm(account_service, firm, (WANG, "legal_representative"))
    give_face(account_service, WANG, FACE)
    answer = face_login(signed_client, WANG, firm.code)
    _assert_acting(answer["acting"], firm.code, firm.name, "legal_representative")
    assert answer["acting"]["confirm_needs_face"] is False  # R-RE-5


def test_R_2F_1_enterprise_login_by_qr_verification(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    """R-QR-2 as the second factor of the enterprise entry: the session acts for the
    enterprise the password step named, not for personal business."""
    firm = new_firm()
    import_firm(account_service, firm, (ZHANG, "legal_representative"))
    attempt = ok(start(signed_client, ZHANG.document_number, ZHANG.password, firm.code))
    assert "qr" in attempt["second_factors"]
    challenge = ok(
        signed_client.post(
            "/v1/qr/challenges", {"purpose": "verify", "attempt_id": attempt["attempt_id"]}
        )
    )
    scanned = signed_client.post(
        "/v1/qr/scan",
        {
            "payload": challenge["payload"],
            "app": "etax",
            "person_document_number": ZHANG.document_number,
        },
    )
    assert ok(scanned)["purpose"] == "verify"
    polled = ok(signed_client.get(f"/v1/qr/challenges/{challenge['challenge_id']}?wait_s=0"))
    assert polled["status"] == "completed"
    result = polled["result"]
    assert result["status"] == "logged_in"
    _assert_acting(result["acting"], firm.code, firm.name, "legal_representative")
    assert result["mode"] == "enterprise"
    assert result["enterprise"] == {"uscc": firm.code, "name": firm.name}
    assert acting_now(signed_client, result["session_token"]) == result["acting"]


def test_R_RE_1_several_roles_are_chosen_after_login(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = new_firm()
    import_firm(account_service, firm, (ZHANG, "legal_representative"))
    # A confirmed finance head stays bound when the source sends it again (the import).
    import_rows(
        account_service,
        relation(firm, ZHANG, "invoicer"),
        relation(firm, ZHANG, "finance_head"),
    )
    give_face(account_service, ZHANG, FACE)
    token = face_login(signed_client, ZHANG, firm.code)["session_token"]
    for role in ("invoicer", "finance_head"):
        ok(
            signed_client.post(
                "/v1/session/pending/confirm", {"role": role, "template": None}, bearer=token
            )
        )
    # A new login with three bound roles: none is chosen for the person.
    answer = sms_login(signed_client, ZHANG, firm.code)
    token = answer["session_token"]
    _assert_acting(answer["acting"], firm.code, firm.name, None)
    assert answer["acting"]["roles"] == ["legal_representative", "finance_head", "invoicer"]
    assert answer["acting"]["scope"] == []
    chosen = ok(signed_client.post("/v1/session/role", {"role": "invoicer"}, bearer=token))
    assert chosen["role"] == "invoicer"
    assert chosen["scope"]
    assert acting_now(signed_client, token)["role"] == "invoicer"
    error(
        signed_client.post("/v1/session/role", {"role": "tax_agent"}, bearer=token),
        ErrorCode.ROLE_NOT_HELD,
    )
    assert acting_now(signed_client, token)["role"] == "invoicer"


def _no_relation(response: Any) -> None:
    body = error(response, ErrorCode.ENTERPRISE_NO_RELATION)
    assert body["message_zh"].startswith(NO_RELATION_ZH)
    assert body["message_zh"] == render(ErrorCode.ENTERPRISE_NO_RELATION, Lang.ZH)
    assert render(ErrorCode.ENTERPRISE_NO_RELATION, Lang.ZH).startswith(NO_RELATION_ZH)


def test_R_RE_8_no_relation_is_told_only_after_a_right_password(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = new_firm()
    other = new_firm("北京无关联科技有限公司")
    import_firm(account_service, firm, (ZHANG, "legal_representative"))
    import_rows(account_service, other.row())
    # The right password: no relation, and an enterprise not on record, answer the same.
    _no_relation(start(signed_client, WANG.document_number, WANG.password, firm.code))
    _no_relation(start(signed_client, ZHANG.document_number, ZHANG.password, other.code))
    _no_relation(start(signed_client, ZHANG.document_number, ZHANG.password, new_firm().code))
    # A wrong password tells nothing about relations.
    error(
        start(signed_client, WANG.document_number, "Wrong.pass1", firm.code),
        ErrorCode.WRONG_PASSWORD,
    )
    # A deregistered enterprise is no way in either (R-RE-8).
    import_rows(account_service, firm.row(status="deregistered"))
    _no_relation(start(signed_client, ZHANG.document_number, ZHANG.password, firm.code))


def test_R_ID_5_a_malformed_enterprise_code_is_refused_before_the_password(
    signed_client: SignedClient,
) -> None:
    good = new_firm().code
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    for code in ("12345", "9111010", bad_check, "91110108-MA0000001"):
        body = error(
            start(signed_client, ZHANG.document_number, "Wrong.pass1", code),
            ErrorCode.ENTERPRISE_CODE_INVALID,
        )
        assert body["message_zh"]
    # Nothing was counted toward the lock (R-LK-1): the format check comes first.
    for _ in range(4):
        error(
            start(signed_client, ZHANG.document_number, "Wrong.pass1", None),
            ErrorCode.WRONG_PASSWORD,
        )


def test_R_LK_1_enterprise_entry_failures_count_with_the_natural_person_entry(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = new_firm()
    import_firm(account_service, firm, (ZHANG, "legal_representative"))
    for _ in range(3):
        error(
            start(signed_client, ZHANG.document_number, "Wrong.pass1", firm.code),
            ErrorCode.WRONG_PASSWORD,
        )
    assert ZHANG.phone is not None
    error(start(signed_client, ZHANG.phone, "Wrong.pass1", None), ErrorCode.WRONG_PASSWORD)
    error(
        start(signed_client, ZHANG.document_number, "Wrong.pass1", None),
        ErrorCode.ACCOUNT_LOCKED,
    )
    # Locked for both entries, even with the right password.
    error(
        start(signed_client, ZHANG.document_number, ZHANG.password, firm.code),
        ErrorCode.ACCOUNT_LOCKED,
    )
    error(
        start(signed_client, ZHANG.username or "", ZHANG.password, None), ErrorCode.ACCOUNT_LOCKED
    )


def _qr_login(client: SignedClient, who: str, enterprise: str | None, app: str = "etax") -> Any:
    challenge = ok(client.post("/v1/qr/challenges", {"purpose": "login"}))
    body: dict[str, Any] = {
        "payload": challenge["payload"],
        "app": app,
        "person_document_number": who,
    }
    if enterprise is not None:
        body["enterprise_uscc"] = enterprise
    return challenge, client.post("/v1/qr/scan", body)


def test_R_QR_1_enterprise_mode_opens_a_session_acting_for_that_enterprise(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = new_firm()
    import_firm(account_service, firm, (ZHANG, "legal_representative"))
    challenge, scanned = _qr_login(signed_client, ZHANG.document_number, firm.code)
    assert ok(scanned)["mode"] == "enterprise"
    polled = ok(signed_client.get(f"/v1/qr/challenges/{challenge['challenge_id']}?wait_s=0"))
    result = polled["result"]
    assert result["mode"] == "enterprise"
    assert result["enterprise"] == {"uscc": firm.code, "name": firm.name}
    _assert_acting(result["acting"], firm.code, firm.name, "legal_representative")
    assert acting_now(signed_client, result["session_token"]) == result["acting"]
    # The IIT app logs in personal business only.
    challenge, scanned = _qr_login(signed_client, ZHANG.document_number, firm.code, app="iit")
    error(scanned, ErrorCode.QR_APP_PERSONAL_ONLY)
    # No relation with the app's enterprise: refused in the seeds' words (R-RE-8).
    refused = error(
        _qr_login(signed_client, WANG.document_number, firm.code)[1],
        ErrorCode.ENTERPRISE_RELATION_NOT_FOUND,
    )
    assert refused["message_zh"].startswith(NO_RELATION_ZH)


def test_R_RE_8_sync_shows_a_relation_imported_after_login(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = new_firm()
    later = new_firm("北京后来科技有限公司")
    import_firm(account_service, firm, (ZHANG, "legal_representative"))
    token = sms_login(signed_client, ZHANG, firm.code)["session_token"]

    def mine() -> list[tuple[str, str, str, bool]]:
        answer = ok(signed_client.post("/v1/session/relations/sync", {}, bearer=token))
        return sorted(
            (r["enterprise"]["code"], r["role"], r["state"], r["refusable"])
            for r in answer["relations"]
            if r["enterprise"]["code"] in {firm.code, later.code}
        )

    assert mine() == [(firm.code, "legal_representative", "bound", True)]
    import_firm(account_service, later, (ZHANG, "finance_head"), (ZHANG, "tax_handler"))
    assert mine() == sorted(
        [
            (firm.code, "legal_representative", "bound", True),
            (later.code, "finance_head", "pending", False),
            (later.code, "tax_handler", "pending", True),
        ]
    )
    # An ended relation is gone at the next sync.
    import_rows(account_service, relation(later, ZHANG, "tax_handler", status="ended"))
    assert (later.code, "tax_handler", "pending", True) not in mine()
