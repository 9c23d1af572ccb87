"""The message catalog (lead-owned kiosk.protocol.messages) and the seed-quoted texts."""

from __future__ import annotations

import re
import string

import pytest

from kiosk.domain.passwords import check_password
from kiosk.protocol.messages import CATALOG, ErrorCode, Lang, message_for, render

# Rule ids that exist in rules.md (sections 1-11).
KNOWN_RULES = {
    *(f"R-ID-{i}" for i in range(1, 9)),
    *(f"R-RN-{i}" for i in range(1, 5)),
    *(f"R-PW-{i}" for i in range(1, 6)),
    "R-UN-1", "R-LG-1", "R-2F-1", "R-2F-2", "R-2F-3", "R-LK-1", "R-SMS-1",
    *(f"R-PH-{i}" for i in range(1, 8)),
    *(f"R-RE-{i}" for i in range(1, 9)),
    "R-EN-1", "R-SW-1", "R-XR-1", "R-XR-2",
    *(f"R-AG-{i}" for i in range(1, 5)),
    "R-QR-1", "R-QR-2", "R-AC-1", "R-AC-2", "R-AC-3", "R-SE-1",
    "R-HA-1", "R-HA-2", "R-HA-3",
}  # fmt: skip

SAMPLE_DETAILS: dict[str, object] = {
    "remaining": 3,
    "unlock_at": "2025-03-02T00:00:00+08:00",
    "unlock_text": "明天 00:00（3月2日）",
    "unlock_text_en": "00:00 tomorrow (2 Mar)",
    "retry_after_s": 45,
    "reason": "示例原因。",
    "reason_en": "Sample reason.",
    "field_zh": "手机号码",
    "field_en": "phone number",
    "attempts": 3,
    "tries": 2,
}


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_code_has_an_entry() -> None:
    assert set(CATALOG) == set(ErrorCode)
    for code in ErrorCode:
        assert message_for(code) is CATALOG[code]


@pytest.mark.parametrize("code", list(ErrorCode))
def test_entry_renders_in_both_languages(code: ErrorCode) -> None:
    message = CATALOG[code]
    # Known details get realistic samples; any detail added later gets a placeholder value.
    details: dict[str, object] = {
        name: f"<{name}>" for name in fields(message.zh) | fields(message.en)
    }
    details.update(SAMPLE_DETAILS)
    for lang in Lang:
        text = render(code, lang, details)
        assert text
        assert "{" not in text
        assert "}" not in text
    assert re.search(r"[\u4e00-\u9fff]", render(code, Lang.ZH, details))
    assert render(code, Lang.EN, details).startswith(tuple(string.ascii_uppercase))


@pytest.mark.parametrize("code", list(ErrorCode))
def test_entry_cites_a_known_rule_and_an_error_status(code: ErrorCode) -> None:
    message = CATALOG[code]
    assert message.rule is None or message.rule in KNOWN_RULES
    assert 400 <= message.http_status <= 599


@pytest.mark.parametrize(
    ("code", "seed_text", "rule"),
    [
        (ErrorCode.USER_NOT_REGISTERED, "该用户未注册，请在自然人业务入口进行用户注册", "R-ID-6"),
        (ErrorCode.PHONE_NOT_FOUND, "手机号码不存在，您可以尝试使用证件号码登录", "R-PH-3"),
        (
            ErrorCode.PHONE_EMPTY,
            "您的手机号为空，请您通过扫码验证方式登录系统，并在账户中心的手机号码修改菜单中添加默认手机号。",
            "R-PH-4",
        ),
        (
            ErrorCode.FOREIGN_DOC_NO_HALL,
            "未查询到您的手机号码，请稍后重试或携带相关证件前往办税大厅办理",
            "R-ID-2",
        ),
        (ErrorCode.SMS_CODE_VOID, "验证码已失效", "R-2F-3"),
        (ErrorCode.SMS_RATE_LIMITED, "短信验证码获取频繁，请稍后重试", "R-SMS-1"),
        (
            ErrorCode.MEDIUM_WRONG_PIN,
            "证书口令有误，可能原因为未修改默认证书口令12345678,剩余尝试次数2",
            "R-AC-3",
        ),
    ],
)
def test_seed_quoted_texts_verbatim(code: ErrorCode, seed_text: str, rule: str) -> None:
    """rules.md section 12: the seed texts appear exactly, with their rule id."""
    assert seed_text in render(code, Lang.ZH, SAMPLE_DETAILS)
    assert CATALOG[code].rule == rule


def test_details_are_filled_in() -> None:
    assert "3" in render(ErrorCode.WRONG_PASSWORD, Lang.ZH, {"remaining": 3})
    assert "45 seconds" in render(ErrorCode.SMS_RATE_LIMITED, Lang.EN, {"retry_after_s": 45})
    locked = {"unlock_text": "明天 00:00（3月2日）", "unlock_text_en": "00:00 tomorrow (2 Mar)"}
    assert "00:00 tomorrow (2 Mar)" in render(ErrorCode.ACCOUNT_LOCKED, Lang.EN, locked)
    assert "明天 00:00（3月2日）" in render(ErrorCode.ACCOUNT_LOCKED, Lang.ZH, locked)


@pytest.mark.parametrize("code", [ErrorCode.PASSWORD_RULE, ErrorCode.USERNAME_RULE])
def test_rule_texts_lead_with_the_reason_issue_13(code: ErrorCode) -> None:
    """Issue 13 item 8: the specific reason first, the generic rule after it."""
    details = {"reason": "密码长度须为 8-16 位。", "reason_en": "It is too short."}
    assert render(code, Lang.ZH, details).startswith("密码长度须为 8-16 位。")
    assert render(code, Lang.EN, details).startswith("It is too short. ")
    assert "rule: " in render(code, Lang.EN, details)


def test_missing_detail_does_not_crash() -> None:
    text = render(ErrorCode.WRONG_PASSWORD, Lang.EN)
    assert text.startswith("Wrong password.")


def test_password_rule_message_takes_a_validation_reason_R_PW_2() -> None:
    result = check_password("abc")
    zh = render(ErrorCode.PASSWORD_RULE, Lang.ZH, {"reason": result.reason(Lang.ZH)})
    en = render(ErrorCode.PASSWORD_RULE, Lang.EN, {"reason": result.reason(Lang.EN)})
    assert result.reason_zh in zh
    assert result.reason_en in en


def test_the_certificate_medium_says_its_tries_left_R_AC_3() -> None:
    """The vendor wording, the tries left filled in from the status word."""
    assert render(ErrorCode.MEDIUM_WRONG_PIN, Lang.ZH, {"tries": 1}).endswith("剩余尝试次数1")
    assert "Tries left: 1." in render(ErrorCode.MEDIUM_WRONG_PIN, Lang.EN, {"tries": 1})
    assert render(ErrorCode.MEDIUM_ADMIN_PIN_WRONG, Lang.ZH, {"tries": 9}) == (
        "管理员口令有误，剩余尝试次数9"
    )
    for code in (ErrorCode.MEDIUM_PIN_BLOCKED, ErrorCode.CERT_PIN_MISMATCH):
        assert CATALOG[code].rule == "R-AC-3"
