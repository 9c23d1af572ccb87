"""Every error a person can meet: a stable code, the rule it cites, and zh/en text.

One catalog serves the account service (which answers with the code and details) and
the kiosk (which shows the text in the chosen language). Texts quoted by the seeds
(rules.md section 12) are reproduced exactly in the first sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any

from kiosk.domain.cert_pin import PinWeakness
from kiosk.domain.id_numbers import RULE as GB11643_RULE
from kiosk.domain.lang import Lang
from kiosk.domain.moments import describe_moment
from kiosk.domain.password_policy import PasswordFault
from kiosk.domain.validation import ValidationResult

__all__ = [
    "CATALOG",
    "CodedEnum",
    "ErrorCode",
    "Lang",
    "Message",
    "identifier_code",
    "message_for",
    "password_code",
    "pin_code",
    "render",
]


class ErrorCode(StrEnum):
    USER_NOT_REGISTERED = "USER_NOT_REGISTERED"
    PHONE_NOT_FOUND = "PHONE_NOT_FOUND"
    PHONE_EMPTY = "PHONE_EMPTY"
    FOREIGN_DOC_NO_HALL = "FOREIGN_DOC_NO_HALL"
    WRONG_PASSWORD = "WRONG_PASSWORD"
    ACCOUNT_LOCKED = "ACCOUNT_LOCKED"
    SMS_CODE_WRONG = "SMS_CODE_WRONG"
    SMS_CODE_VOID = "SMS_CODE_VOID"
    SMS_CODE_EXPIRED = "SMS_CODE_EXPIRED"
    SMS_NOT_SENT = "SMS_NOT_SENT"
    SMS_RATE_LIMITED = "SMS_RATE_LIMITED"
    SMS_RESEND_TOO_SOON = "SMS_RESEND_TOO_SOON"
    PASSWORD_RULE = "PASSWORD_RULE"
    PASSWORD_SAME_AS_INITIAL = "PASSWORD_SAME_AS_INITIAL"
    PASSWORD_CHANGE_REQUIRED = "PASSWORD_CHANGE_REQUIRED"
    ATTEMPT_NOT_FOUND = "ATTEMPT_NOT_FOUND"
    INVALID_IDENTIFIER = "INVALID_IDENTIFIER"
    ID_NUMBER_INVALID = "ID_NUMBER_INVALID"
    FIELD_REQUIRED = "FIELD_REQUIRED"
    PASSWORD_MISMATCH = "PASSWORD_MISMATCH"
    SMS_CODE_FORMAT = "SMS_CODE_FORMAT"
    SESSION_INVALID = "SESSION_INVALID"
    TERMINAL_UNAUTHORIZED = "TERMINAL_UNAUTHORIZED"
    ENROLL_CODE_INVALID = "ENROLL_CODE_INVALID"
    IDEMPOTENCY_CONFLICT = "IDEMPOTENCY_CONFLICT"
    VALIDATION_ERROR = "VALIDATION_ERROR"
    BODY_TOO_LARGE = "BODY_TOO_LARGE"
    RECORD_NOT_HELD = "RECORD_NOT_HELD"
    SECOND_STAFF_REQUIRED = "SECOND_STAFF_REQUIRED"
    STAFF_KEY_NEEDED = "STAFF_KEY_NEEDED"
    STAFF_ONLINE_NEEDED = "STAFF_ONLINE_NEEDED"
    NOT_FOUND = "NOT_FOUND"
    STAFF_UNKNOWN = "STAFF_UNKNOWN"
    STAFF_LOCKED = "STAFF_LOCKED"
    STAFF_OFFLINE_NOT_CACHED = "STAFF_OFFLINE_NOT_CACHED"
    COLLECTION_ATTEMPTS_EXHAUSTED = "COLLECTION_ATTEMPTS_EXHAUSTED"
    COLLECTION_FROZEN_COUNT = "COLLECTION_FROZEN_COUNT"
    COLLECTION_FROZEN_AGE = "COLLECTION_FROZEN_AGE"
    SYNC_UNREACHABLE = "SYNC_UNREACHABLE"
    SYNC_TERMINAL_REVOKED = "SYNC_TERMINAL_REVOKED"
    SYNC_CLOCK_SKEW = "SYNC_CLOCK_SKEW"
    SYNC_TLS_PROBLEM = "SYNC_TLS_PROBLEM"
    SYNC_RECORD_REJECTED = "SYNC_RECORD_REJECTED"
    SYNC_SERVICE_ERROR = "SYNC_SERVICE_ERROR"
    # Offline bundle export to a removable drive: said by the kiosk, never by the service.
    EXPORT_NO_SERVICE_KEY = "EXPORT_NO_SERVICE_KEY"
    EXPORT_DESTINATION_NOT_WRITABLE = "EXPORT_DESTINATION_NOT_WRITABLE"
    EXPORT_NOTHING_WAITING = "EXPORT_NOTHING_WAITING"
    EXPORT_NOT_SET_UP = "EXPORT_NOT_SET_UP"
    EXPORT_FAILED = "EXPORT_FAILED"
    SERVICE_UNREACHABLE = "SERVICE_UNREACHABLE"
    INTERNAL_ERROR = "INTERNAL_ERROR"
    # Agent certificate login (issue 5, R-AG-1/R-AG-2).
    AGENT_CERT_UNKNOWN = "AGENT_CERT_UNKNOWN"
    AGENT_CERT_EXPIRED = "AGENT_CERT_EXPIRED"
    AGENT_SIGNATURE_INVALID = "AGENT_SIGNATURE_INVALID"
    AGENT_CHALLENGE_EXPIRED = "AGENT_CHALLENGE_EXPIRED"
    AGENT_CHALLENGE_USED = "AGENT_CHALLENGE_USED"
    AGENT_REVOKED = "AGENT_REVOKED"
    AGENT_NO_CLIENTS = "AGENT_NO_CLIENTS"
    AGENT_CLIENT_NOT_IN_AGREEMENTS = "AGENT_CLIENT_NOT_IN_AGREEMENTS"
    # Account self-service (issue 7: R-PW-4/5, R-PH-1..7, R-UN-1, R-AC-1/2, quick-login check).
    LOGIN_TOO_FAST = "LOGIN_TOO_FAST"
    ACCOUNT_SLOWED = "ACCOUNT_SLOWED"
    TERMINAL_THROTTLED = "TERMINAL_THROTTLED"
    SMS_BUDGET_SPENT = "SMS_BUDGET_SPENT"
    VERIFICATION_EXPIRED = "VERIFICATION_EXPIRED"
    INITIAL_PASSWORD_NOT_ACCEPTED = "INITIAL_PASSWORD_NOT_ACCEPTED"
    RESET_PHONE_EMPTY = "RESET_PHONE_EMPTY"
    RESET_SMS_EXHAUSTED = "RESET_SMS_EXHAUSTED"
    FACE_NO_REFERENCE = "FACE_NO_REFERENCE"
    FACE_MISMATCH = "FACE_MISMATCH"
    PHONE_FORMAT = "PHONE_FORMAT"
    PHONE_ALREADY_YOURS = "PHONE_ALREADY_YOURS"
    PHONE_LIMIT_REACHED = "PHONE_LIMIT_REACHED"
    PHONE_UNKNOWN_ON_ACCOUNT = "PHONE_UNKNOWN_ON_ACCOUNT"
    USERNAME_RULE = "USERNAME_RULE"
    USERNAME_TAKEN = "USERNAME_TAKEN"
    USERNAME_CHANGE_TOO_SOON = "USERNAME_CHANGE_TOO_SOON"
    HISTORY_EVENT_UNKNOWN = "HISTORY_EVENT_UNKNOWN"
    # Registration (issue 6)
    USER_ALREADY_REGISTERED = "USER_ALREADY_REGISTERED"
    IDENTITY_NOT_VERIFIED = "IDENTITY_NOT_VERIFIED"
    FACE_CHECK_AT_HALL = "FACE_CHECK_AT_HALL"
    FACE_UNAVAILABLE = "FACE_UNAVAILABLE"
    PASSWORD_TOO_GUESSABLE = "PASSWORD_TOO_GUESSABLE"
    REGISTRATION_INCOMPLETE = "REGISTRATION_INCOMPLETE"
    # QR (issue 6)
    QR_EXPIRED = "QR_EXPIRED"
    QR_USED = "QR_USED"
    QR_APP_PERSONAL_ONLY = "QR_APP_PERSONAL_ONLY"
    QR_WRONG_PERSON = "QR_WRONG_PERSON"
    ENTERPRISE_RELATION_NOT_FOUND = "ENTERPRISE_RELATION_NOT_FOUND"
    ENTERPRISE_CODE_INVALID = "ENTERPRISE_CODE_INVALID"
    ENTERPRISE_NO_RELATION = "ENTERPRISE_NO_RELATION"
    ROLE_NOT_HELD = "ROLE_NOT_HELD"
    PENDING_NOT_FOUND = "PENDING_NOT_FOUND"
    FINANCE_HEAD_CANNOT_REFUSE = "FINANCE_HEAD_CANNOT_REFUSE"
    CONFIRM_FACE_REQUIRED = "CONFIRM_FACE_REQUIRED"
    SWITCH_PERSONAL_TO_ENTERPRISE = "SWITCH_PERSONAL_TO_ENTERPRISE"
    SWITCH_TO_OTHER_CLIENT = "SWITCH_TO_OTHER_CLIENT"
    # 人企关联 managed from both sides (R-RE-4..7, R-HA-2).
    RELATION_PERSON_NOT_REGISTERED = "RELATION_PERSON_NOT_REGISTERED"
    RELATION_HALL_NOT_WITHDRAWABLE = "RELATION_HALL_NOT_WITHDRAWABLE"
    PEOPLE_MANAGE_NOT_ALLOWED = "PEOPLE_MANAGE_NOT_ALLOWED"
    RELATION_ROLE_NOT_ONLINE = "RELATION_ROLE_NOT_ONLINE"
    RELATION_CHANGED = "RELATION_CHANGED"
    RELATION_ALREADY_HELD = "RELATION_ALREADY_HELD"
    RELATION_ALREADY_REQUESTED = "RELATION_ALREADY_REQUESTED"
    ENTERPRISE_NOT_FOUND = "ENTERPRISE_NOT_FOUND"
    # The certificate medium and its password (R-AC-3): what the card, or the terminal's
    # own check before anything is sent, refused. Said by the kiosk, never by the service.
    MEDIUM_WRONG_PIN = "MEDIUM_WRONG_PIN"
    MEDIUM_PIN_BLOCKED = "MEDIUM_PIN_BLOCKED"
    MEDIUM_WEAK_PIN = "MEDIUM_WEAK_PIN"
    MEDIUM_ADMIN_PIN_WRONG = "MEDIUM_ADMIN_PIN_WRONG"
    MEDIUM_ADMIN_PIN_BLOCKED = "MEDIUM_ADMIN_PIN_BLOCKED"
    MEDIUM_PIN_NOT_VERIFIED = "MEDIUM_PIN_NOT_VERIFIED"
    MEDIUM_DATA_NOT_FOUND = "MEDIUM_DATA_NOT_FOUND"
    MEDIUM_ERROR = "MEDIUM_ERROR"
    CERT_PIN_WRONG_LENGTH = "CERT_PIN_WRONG_LENGTH"
    CERT_PIN_INVALID_CHARACTERS = "CERT_PIN_INVALID_CHARACTERS"
    CERT_PIN_DEFAULT = "CERT_PIN_DEFAULT"
    CERT_PIN_SEQUENCE = "CERT_PIN_SEQUENCE"
    CERT_PIN_REPEATED = "CERT_PIN_REPEATED"
    CERT_PIN_SAME_AS_OLD = "CERT_PIN_SAME_AS_OLD"
    CERT_PIN_MISMATCH = "CERT_PIN_MISMATCH"
    # Why no card could be talked to (the card layer's transport).
    CARD_SERVICE_DOWN = "CARD_SERVICE_DOWN"
    CARD_NO_READER = "CARD_NO_READER"
    CARD_NO_CARD = "CARD_NO_CARD"
    CARD_UNSUPPORTED = "CARD_UNSUPPORTED"
    CARD_REMOVED = "CARD_REMOVED"
    CARD_COMMUNICATION = "CARD_COMMUNICATION"
    # Why the service refused a hall collection record (R-HA-1): the per-record answer's
    # reason, never an HTTP error of its own.
    RECORD_MALFORMED = "RECORD_MALFORMED"
    RECORD_DOCUMENT_TYPE_UNKNOWN = "RECORD_DOCUMENT_TYPE_UNKNOWN"
    RECORD_DOCUMENT_NUMBER_INVALID = "RECORD_DOCUMENT_NUMBER_INVALID"
    RECORD_NAME_EMPTY = "RECORD_NAME_EMPTY"
    RECORD_TEMPLATE_INVALID = "RECORD_TEMPLATE_INVALID"
    RECORD_PHOTO_INVALID = "RECORD_PHOTO_INVALID"
    RECORD_FACE_MISSING = "RECORD_FACE_MISSING"
    RECORD_STAFF_PROOF_INVALID = "RECORD_STAFF_PROOF_INVALID"
    RECORD_NOT_STORABLE = "RECORD_NOT_STORABLE"
    RECORD_LIVENESS_UNEXPLAINED = "RECORD_LIVENESS_UNEXPLAINED"
    # ... and why its staff proof was refused (R-HA-1).
    RECORD_PROOF_MISSING = "RECORD_PROOF_MISSING"
    RECORD_PROOF_INVALID = "RECORD_PROOF_INVALID"
    RECORD_PROOF_EXPIRED = "RECORD_PROOF_EXPIRED"
    RECORD_PROOF_STAFF_INACTIVE = "RECORD_PROOF_STAFF_INACTIVE"
    RECORD_PROOF_FUTURE = "RECORD_PROOF_FUTURE"
    # Why a whole offline bundle file is refused at import (account-service import-bundle).
    BUNDLE_NOT_A_BUNDLE = "BUNDLE_NOT_A_BUNDLE"
    BUNDLE_TRUNCATED = "BUNDLE_TRUNCATED"
    BUNDLE_MALFORMED = "BUNDLE_MALFORMED"
    BUNDLE_UNSUPPORTED_VERSION = "BUNDLE_UNSUPPORTED_VERSION"
    BUNDLE_UNKNOWN_TERMINAL = "BUNDLE_UNKNOWN_TERMINAL"
    BUNDLE_REVOKED_TERMINAL = "BUNDLE_REVOKED_TERMINAL"
    BUNDLE_BAD_SIGNATURE = "BUNDLE_BAD_SIGNATURE"
    BUNDLE_WRONG_SERVICE_KEY = "BUNDLE_WRONG_SERVICE_KEY"
    BUNDLE_UNREADABLE = "BUNDLE_UNREADABLE"
    BUNDLE_CONTENT_MISMATCH = "BUNDLE_CONTENT_MISMATCH"
    BUNDLE_FILE_UNREADABLE = "BUNDLE_FILE_UNREADABLE"
    # The registration step still missing: REGISTRATION_INCOMPLETE's {reason} (R-ID-1).
    REGISTRATION_STEP_PHONE = "REGISTRATION_STEP_PHONE"
    REGISTRATION_STEP_FACE = "REGISTRATION_STEP_FACE"
    # Why a reference photo gave no face template (account-service authority add).
    REFERENCE_PHOTO_UNREADABLE = "REFERENCE_PHOTO_UNREADABLE"
    REFERENCE_PHOTO_NO_FACE = "REFERENCE_PHOTO_NO_FACE"
    REFERENCE_PHOTO_SEVERAL_FACES = "REFERENCE_PHOTO_SEVERAL_FACES"
    # Why a row of an enterprise registry exchange file was refused at import (R-ID-7;
    # ``account-service enterprise import``, docs/enterprise-registry.md).
    REGISTRY_ROW_NOT_UTF8 = "REGISTRY_ROW_NOT_UTF8"
    REGISTRY_ROW_NOT_JSON = "REGISTRY_ROW_NOT_JSON"
    REGISTRY_ROW_KIND_UNKNOWN = "REGISTRY_ROW_KIND_UNKNOWN"
    REGISTRY_ROW_FIELD_INVALID = "REGISTRY_ROW_FIELD_INVALID"
    REGISTRY_ROW_USCC_INVALID = "REGISTRY_ROW_USCC_INVALID"
    REGISTRY_ROW_TAXPAYER_ID_INVALID = "REGISTRY_ROW_TAXPAYER_ID_INVALID"
    REGISTRY_ROW_TAXPAYER_ID_NOT_USCC = "REGISTRY_ROW_TAXPAYER_ID_NOT_USCC"
    REGISTRY_ROW_USCC_TAKEN = "REGISTRY_ROW_USCC_TAKEN"
    REGISTRY_ROW_DOCUMENT_INVALID = "REGISTRY_ROW_DOCUMENT_INVALID"
    REGISTRY_ROW_ENTERPRISE_UNKNOWN = "REGISTRY_ROW_ENTERPRISE_UNKNOWN"
    REGISTRY_ROW_ENTERPRISE_DEREGISTERED = "REGISTRY_ROW_ENTERPRISE_DEREGISTERED"
    REGISTRY_ROW_SOURCE_ROLE = "REGISTRY_ROW_SOURCE_ROLE"
    # 企业业务 by the enterprise's tax digital certificate (R-EN-1, seed 002 11).
    ENTERPRISE_CERT_UNKNOWN = "ENTERPRISE_CERT_UNKNOWN"
    ENTERPRISE_CERT_REVOKED = "ENTERPRISE_CERT_REVOKED"
    ENTERPRISE_CERT_EXPIRED = "ENTERPRISE_CERT_EXPIRED"
    ENTERPRISE_CERT_SIGNATURE_INVALID = "ENTERPRISE_CERT_SIGNATURE_INVALID"


@dataclass(frozen=True, slots=True)
class Message:
    """A user-facing message. ``zh``/``en`` are ``str.format`` templates over details.

    Free-text details travel as pairs, ``reason`` (zh) and ``reason_en``.
    """

    rule: str | None
    http_status: int
    zh: str
    en: str

    def render(self, lang: Lang, details: dict[str, Any] | None = None) -> str:
        template = self.zh if lang is Lang.ZH else self.en
        values = dict(details or {})
        if "unlock_at" in values and "unlock_text" not in values:
            values.update(_worded_unlock(values["unlock_at"]))
        if lang is Lang.EN:
            # Free-text details come in pairs: "reason" (zh) and "reason_en".
            values.update({k[:-3]: v for k, v in values.items() if k.endswith("_en")})
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            # A missing detail must never turn an error into a crash: show the template.
            return template


def _worded_unlock(value: object) -> dict[str, str]:
    """An ``unlock_at`` that came without its words (an older peer): the full date."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return {}
    if moment.tzinfo is None:
        return {}
    return {
        "unlock_text": describe_moment(moment, None, Lang.ZH),
        "unlock_text_en": describe_moment(moment, None, Lang.EN),
    }


CATALOG: dict[ErrorCode, Message] = {
    ErrorCode.USER_NOT_REGISTERED: Message(
        "R-ID-6",
        404,
        "该用户未注册，请在自然人业务入口进行用户注册。",
        "This user is not registered. Please register first under 用户注册 (user registration).",
    ),
    ErrorCode.PHONE_NOT_FOUND: Message(
        "R-PH-3",
        404,
        "手机号码不存在，您可以尝试使用证件号码登录。",
        "This phone number does not exist in the system. Try logging in with your ID number.",
    ),
    ErrorCode.PHONE_EMPTY: Message(
        "R-PH-4",
        409,
        "您的手机号为空，请您通过扫码验证方式登录系统，并在账户中心的手机号码修改菜单中添加默认手机号。",
        "Your account has no phone number. Please log in with QR verification, then add a "
        "default phone number under Account Center > Change phone number.",
    ),
    ErrorCode.FOREIGN_DOC_NO_HALL: Message(
        "R-ID-2",
        409,
        "未查询到您的手机号码，请稍后重试或携带相关证件前往办税大厅办理。",
        "No phone number was found for you. Please try again later, or bring your documents "
        "to the tax hall counter for real-name collection.",
    ),
    ErrorCode.WRONG_PASSWORD: Message(
        "R-LK-1",
        401,
        "密码错误，今日还可尝试 {remaining} 次；连续错误 5 次账号将被锁定。忘记密码可点击“忘记密码”重置。",
        "Wrong password. {remaining} tries left today; after 5 failures in a row the account "
        "is locked. If you forgot it, use 忘记密码 (Forgot password).",
    ),
    ErrorCode.ACCOUNT_LOCKED: Message(
        "R-LK-1",
        423,
        "账号自动锁定：今日连续认证失败已达 5 次。请通过“忘记密码”重置密码解锁，或于{unlock_text}后再登录。",
        "Account locked automatically: 5 failed verifications in a row today. Reset your "
        "password with 忘记密码 (Forgot password) to unlock it, or log in again after {unlock_text}.",
    ),
    ErrorCode.SMS_CODE_WRONG: Message(
        "R-LK-1",
        401,
        "短信验证码错误，今日还可尝试 {remaining} 次。请核对短信后重新输入。",
        "Wrong SMS code. {remaining} tries left today. Check the message and enter it again.",
    ),
    ErrorCode.SMS_CODE_VOID: Message(
        "R-2F-3",
        409,
        "验证码已失效。您重新输入了密码，旧验证码作废，请点击“获取验证码”重新获取（无需等待）。",
        "The code is no longer valid: you re-entered your password, which voids the old "
        "code. Tap 'Get code' for a new one (no waiting needed).",
    ),
    ErrorCode.SMS_CODE_EXPIRED: Message(
        "R-2F-3",
        409,
        "验证码已失效（已超过有效期），请重新获取验证码。",
        "The code has expired. Please request a new code.",
    ),
    ErrorCode.SMS_NOT_SENT: Message(
        "R-2F-1",
        409,
        "尚未发送验证码，请先点击“获取验证码”。",
        "No code has been sent yet. Tap 'Get code' first.",
    ),
    ErrorCode.SMS_RATE_LIMITED: Message(
        "R-SMS-1",
        429,
        "短信验证码获取频繁，请稍后重试。（10 分钟内最多 5 条，请在 {retry_after_s} 秒后再获取。）",
        "Too many SMS codes requested. Please try again later (at most 5 in 10 minutes; "
        "you can request another in {retry_after_s} seconds).",
    ),
    ErrorCode.SMS_RESEND_TOO_SOON: Message(
        "R-2F-3",
        429,
        "验证码已发送，请在 {retry_after_s} 秒后再重新获取。",
        "A code was just sent. You can request another in {retry_after_s} seconds.",
    ),
    ErrorCode.PASSWORD_RULE: Message(
        "R-PW-2",
        422,
        "{reason}密码规则：8-16 位，至少包含数字、字母（区分大小写）、特殊符号（. @ $ % * # _ + - ' & ^）中的两种，且不能包含其他字符。",
        "{reason} Password rule: 8-16 characters with at least two of digits, letters "
        "(case-sensitive) and special characters (. @ $ % * # _ + - ' & ^), and no other "
        "characters.",
    ),
    ErrorCode.PASSWORD_SAME_AS_INITIAL: Message(
        "R-PW-3",
        422,
        "新密码不能是初始密码（证件号码后六位），请设置新的个人密码。",
        "The new password cannot be the initial password (the last 6 characters of your "
        "document number). Please choose a new personal password.",
    ),
    ErrorCode.PASSWORD_CHANGE_REQUIRED: Message(
        "R-PW-3",
        403,
        "您正在使用初始密码登录，请先修改密码，然后使用新密码重新登录。",
        "You logged in with the initial password. Please change your password first, then "
        "log in again with the new one.",
    ),
    ErrorCode.ATTEMPT_NOT_FOUND: Message(
        "R-2F-3",
        404,
        "本次登录已失效，请重新输入账号和密码。",
        "This login attempt is no longer valid. Please enter your account and password again.",
    ),
    ErrorCode.INVALID_IDENTIFIER: Message(
        "R-LG-1",
        422,
        "请输入正确的证件号码、手机号码或用户名。{reason}",
        "Please enter a valid ID number, phone number or username. {reason}",
    ),
    ErrorCode.ID_NUMBER_INVALID: Message(
        "R-ID-5",
        422,
        "证件号码有误：{reason}",
        "The ID number is not valid: {reason}",
    ),
    ErrorCode.FIELD_REQUIRED: Message(
        None,
        422,
        "请填写{field_zh}。",
        "Please enter your {field_en}.",
    ),
    ErrorCode.PASSWORD_MISMATCH: Message(
        "R-PW-5",
        422,
        "两次输入的新密码不一致，请重新输入。",
        "The two new passwords do not match. Please enter them again.",
    ),
    ErrorCode.SMS_CODE_FORMAT: Message(
        "R-2F-1",
        422,
        "短信验证码为 6 位数字，请核对后输入。",
        "The SMS code has 6 digits. Please check it and enter it again.",
    ),
    ErrorCode.SESSION_INVALID: Message(
        "R-SE-1",
        401,
        "登录已过期或已退出，请重新登录。",
        "Your session has ended or expired. Please log in again.",
    ),
    ErrorCode.TERMINAL_UNAUTHORIZED: Message(
        None,
        401,
        "本终端未通过认证（未登记、已停用或请求无效），请联系大厅工作人员。",
        "This terminal could not be authenticated (not enrolled, revoked or an invalid "
        "request). Please ask the hall staff.",
    ),
    ErrorCode.ENROLL_CODE_INVALID: Message(
        None,
        401,
        "终端登记码无效或已使用，请向管理员重新获取登记码。",
        "The terminal enrollment code is invalid or already used. Ask an administrator for "
        "a new code.",
    ),
    ErrorCode.IDEMPOTENCY_CONFLICT: Message(
        None,
        409,
        "该请求已处理过但内容不同，请重新操作。",
        "This request was already processed with different content. Please try again.",
    ),
    ErrorCode.VALIDATION_ERROR: Message(
        None,
        422,
        "输入内容不符合要求：{reason}",
        "The input is not valid: {reason}",
    ),
    ErrorCode.RECORD_NOT_HELD: Message(
        "R-HA-1",
        409,
        "该采集记录无需复核（已复核，或不存在）。",
        "This collection record needs no review (it was reviewed already, or does not exist).",
    ),
    ErrorCode.SECOND_STAFF_REQUIRED: Message(
        "R-HA-1",
        403,
        "复核须由采集人以外的另一位工作人员进行，请请同事复核。",
        "A second staff member, not the one who collected it, must review it: ask a colleague.",
    ),
    ErrorCode.STAFF_KEY_NEEDED: Message(
        "R-HA-1",
        409,
        "您在本终端上的采集凭证已过期或尚未领取，采集的记录将无法被接收。请在联网时重新登录一次，然后再采集。",
        "Your collection key on this terminal has expired or was never issued, so the "
        "service would not accept what you collect. Log in again while online, then collect.",
    ),
    ErrorCode.STAFF_ONLINE_NEEDED: Message(
        "R-LK-1",
        409,
        "查看和解除账户锁定需要联网登录：请在网络恢复后重新登录工作人员账号。",
        "Seeing and lifting account locks needs an online login: log in again as staff once "
        "the network is back.",
    ),
    ErrorCode.BODY_TOO_LARGE: Message(
        None,
        413,
        "终端发送的数据超过了上限（{limit_kb} KB），未被处理。请联系大厅工作人员。",
        "The terminal sent more data than allowed ({limit_kb} KB); nothing was done. "
        "Please ask the hall staff.",
    ),
    ErrorCode.NOT_FOUND: Message(
        None,
        404,
        "终端请求了账户服务不提供的功能，请联系大厅工作人员（终端与服务版本可能不一致）。",
        "The terminal asked the account service for something it does not offer. Please ask "
        "the hall staff (the terminal and service versions may not match).",
    ),
    ErrorCode.STAFF_UNKNOWN: Message(
        "R-HA-1",
        404,
        "未找到该工号或该工号已停用，请核对工号或联系管理员。",
        "No active staff member has this staff number. Check it or ask an administrator.",
    ),
    ErrorCode.STAFF_LOCKED: Message(
        "R-LK-1",
        423,
        "工号已锁定：今日连续密码错误已达 5 次。请于{unlock_text}后再登录，或请管理员重置密码。",
        "Staff login locked: 5 wrong passwords in a row today. Log in again after "
        "{unlock_text}, or ask an administrator to reset the password.",
    ),
    ErrorCode.STAFF_OFFLINE_NOT_CACHED: Message(
        "R-HA-1",
        503,
        "暂时无法连接账户服务，且本终端尚无您的登录记录；请在网络恢复后先联网登录一次，之后即可离线登录。",
        "The account service cannot be reached and you have not logged in on this terminal "
        "before. Log in once while online; after that, offline login works here.",
    ),
    ErrorCode.COLLECTION_ATTEMPTS_EXHAUSTED: Message(
        "R-HA-1",
        409,
        "已拍摄 {attempts} 次，已达最多拍摄次数：请确认当前照片，或转入异常处理并填写原因。",
        "No retake left ({attempts} captures used): accept this photo, or record an "
        "exception with the reason.",
    ),
    # Collection freeze (like MOSIP's): too much waits unsynced on this terminal.
    ErrorCode.COLLECTION_FROZEN_COUNT: Message(
        "R-HA-1",
        409,
        "本机有 {waiting} 条记录尚未上传（上限 {limit} 条），暂停新的采集。请先点“立即同步”，"
        "网络长时间不通时可导出到移动存储交管理员导入，之后再继续采集。",
        "There are {waiting} records on this terminal not uploaded yet (limit {limit}), so new "
        "collections are paused. Tap Sync now first; if the network is down for long, export "
        "them to a removable drive for an administrator to import, then collect again.",
    ),
    ErrorCode.COLLECTION_FROZEN_AGE: Message(
        "R-HA-1",
        409,
        "最早一条未上传的记录已等待超过 {days} 天（允许的最长时间），暂停新的采集。请先点“立即同步”，"
        "或导出到移动存储交管理员导入，之后再继续采集。",
        "The oldest record not yet uploaded has waited more than {days} days (the limit), so "
        "new collections are paused. Tap Sync now first, or export to a removable drive for "
        "an administrator to import, then collect again.",
    ),
    # Sync errors, one per class: never "no internet" for something that is not.
    ErrorCode.SYNC_UNREACHABLE: Message(
        None,
        503,
        "连接不上账户服务（连接被拒绝或超时）。记录已保存在本机，网络恢复后会自动上传，无需重新采集。",
        "The account service cannot be reached (connection refused or timed out). Records are "
        "kept on this terminal and upload by themselves when it returns; no need to collect "
        "again.",
    ),
    ErrorCode.SYNC_TERMINAL_REVOKED: Message(
        None,
        401,
        "账户服务不认可本终端（未登记或已被停用），记录暂时无法上传，但已保存在本机。请联系管理员重新登记本终端。",
        "The account service does not accept this terminal (not enrolled, or revoked); records "
        "cannot upload for now but are kept here. Ask an administrator to enroll this "
        "terminal again.",
    ),
    ErrorCode.SYNC_CLOCK_SKEW: Message(
        None,
        401,
        "本终端的时钟与账户服务相差超过 5 分钟，上传请求被拒绝。这不是断网问题：请校准本终端的日期和时间，记录已保存在本机。",
        "This terminal's clock is more than 5 minutes off the account service's, so uploads "
        "are refused. The network is fine: set this terminal's date and time; records are "
        "kept here.",
    ),
    ErrorCode.SYNC_TLS_PROBLEM: Message(
        None,
        502,
        "与账户服务的安全连接失败（证书无效、过期或不受信任）。网络是通的，这不是断网问题；请联系管理员检查证书。记录已保存在本机。",
        "The secure connection to the account service failed (certificate invalid, expired or "
        "not trusted). The network works; this is not an outage. Ask an administrator to "
        "check the certificates. Records are kept here.",
    ),
    ErrorCode.SYNC_RECORD_REJECTED: Message(
        "R-HA-1",
        422,
        "账户服务拒收了这条记录：{reason}。请核对证件信息，为此人重新采集。",
        "The account service refused this record: {reason}. Check the document data and "
        "collect this person again.",
    ),
    ErrorCode.SYNC_SERVICE_ERROR: Message(
        None,
        500,
        "账户服务出错，未能接收记录。记录已保存在本机，稍后自动重试；如持续出现，请联系管理员。",
        "The account service had an error and did not take the records. They are kept here "
        "and retried automatically; if it persists, ask an administrator.",
    ),
    # Offline bundle export (kiosk.services.sync.bundle); ``{path}`` is the destination.
    ErrorCode.EXPORT_NO_SERVICE_KEY: Message(
        None,
        409,
        "尚未获取服务端数据包密钥：请在网络正常时同步一次（或运行 kiosk sync fetch-bundle-key）。",
        "The service's bundle key is not known yet: sync once while online (or run "
        "kiosk sync fetch-bundle-key).",
    ),
    ErrorCode.EXPORT_DESTINATION_NOT_WRITABLE: Message(
        None,
        507,
        "无法写入目标位置：{path}（请检查移动存储设备是否已插好、未写保护、空间足够）。",
        "Cannot write to {path}: is the removable drive plugged in, not write-protected, "
        "with enough free space?",
    ),
    ErrorCode.EXPORT_NOTHING_WAITING: Message(
        None,
        409,
        "没有待上传的记录，无需导出。",
        "There are no waiting records to export.",
    ),
    ErrorCode.EXPORT_NOT_SET_UP: Message(
        None,
        503,
        "本终端尚未配置导出功能，请联系管理员。",
        "Export is not set up on this terminal; ask an administrator.",
    ),
    ErrorCode.EXPORT_FAILED: Message(
        None,
        500,
        "导出失败：写入移动存储时出错。请换一个U盘或稍后重试。",
        "The export failed while writing to the drive. Try another drive, or try again.",
    ),
    ErrorCode.SERVICE_UNREACHABLE: Message(
        None,
        503,
        "暂时无法连接账户服务，请稍后重试；如持续出现，请联系大厅工作人员。",
        "The account service cannot be reached right now. Please try again shortly; if it "
        "persists, ask the hall staff.",
    ),
    ErrorCode.INTERNAL_ERROR: Message(
        None,
        500,
        "系统繁忙，请稍后重试；如持续出现，请联系大厅工作人员。",
        "The system is busy. Please try again shortly; if it persists, ask the hall staff.",
    ),
    # Agent certificate login (issue 5).
    ErrorCode.AGENT_CERT_UNKNOWN: Message(
        "R-AG-2",
        404,
        "该数字证书未登记为涉税专业服务人员的证书（或与登记的证书不一致），无法登录。请使用已登记的证书，或联系所在机构办理证书登记。",
        "This digital certificate is not registered for a tax agent (or differs from the one "
        "on record), so it cannot log in. Use the registered certificate, or ask your agency "
        "to register this one.",
    ),
    ErrorCode.AGENT_CERT_EXPIRED: Message(
        "R-AG-2",
        403,
        "该数字证书不在有效期内（有效期至 {not_after}），无法登录。请到证书发行机构办理证书更新。",
        "This digital certificate is outside its validity period (valid until {not_after}), "
        "so it cannot log in. Renew the certificate with its issuer.",
    ),
    ErrorCode.AGENT_SIGNATURE_INVALID: Message(
        "R-AG-2",
        401,
        "证书签名验证失败：签名与登记的证书不符。请确认插入的是本人已登记的证书介质后重试。",
        "The certificate signature could not be verified: it does not match the registered "
        "certificate. Make sure the inserted medium carries your registered certificate and "
        "try again.",
    ),
    ErrorCode.AGENT_CHALLENGE_EXPIRED: Message(
        "R-AG-2",
        401,
        "证书登录的验证数据已过期，请重新开始证书登录。",
        "The certificate login challenge has expired. Please start the certificate login again.",
    ),
    ErrorCode.AGENT_CHALLENGE_USED: Message(
        "R-AG-2",
        401,
        "证书登录的验证数据已使用过，不能再次使用。请重新开始证书登录。",
        "The certificate login challenge has already been used and cannot be used again. "
        "Please start the certificate login again.",
    ),
    ErrorCode.AGENT_REVOKED: Message(
        "R-AG-1",
        403,
        "您的涉税专业服务人员身份已被所在机构注销或停用，无法以代理人身份登录。如有疑问请联系所在机构。",
        "Your tax agent registration has been revoked or suspended by your agency, so you "
        "cannot log in as an agent. Contact your agency if this is unexpected.",
    ),
    ErrorCode.AGENT_NO_CLIENTS: Message(
        "R-AG-1",
        409,
        "所在机构的涉税专业服务协议中没有指定您为任何委托企业的代理人，暂不能以代理人身份登录。请联系所在机构报送协议要素信息。",
        "None of your agency's service agreements names you as the agent for a client "
        "enterprise, so you cannot log in as an agent yet. Ask your agency to file the "
        "agreement information.",
    ),
    ErrorCode.AGENT_CLIENT_NOT_IN_AGREEMENTS: Message(
        "R-AG-1",
        403,
        "所选企业不在您所在机构的涉税专业服务协议中，或协议未指定您为其代理人。请从列表中选择委托企业。",
        "The chosen enterprise is not in your agency's service agreements, or the agreement "
        "does not name you as its agent. Please choose a client enterprise from the list.",
    ),
    ErrorCode.LOGIN_TOO_FAST: Message(
        "R-LK-1",
        429,
        "操作过于频繁：两次登录尝试之间需间隔片刻。请在 {retry_after_s} 秒后再试。",
        "Too fast: login attempts need a short pause between them. Please try again in "
        "{retry_after_s} seconds.",
    ),
    ErrorCode.ACCOUNT_SLOWED: Message(
        "R-LK-1",
        429,
        "为保护您的账户，连续验证失败后需稍候再试：请在 {retry_after_s} 秒后重试（本次未计入失败次数）。忘记密码可点击“忘记密码”重置。",
        "To protect your account, after several failures in a row please wait: try again "
        "in {retry_after_s} seconds (this try was not counted). If you forgot your "
        "password, use 忘记密码 (Forgot password).",
    ),
    ErrorCode.TERMINAL_THROTTLED: Message(
        "R-LK-1",
        429,
        "本终端短时间内验证失败过多，已暂停验证：请在 {retry_after_s} 秒后再试，或请大厅工作人员协助。",
        "This terminal has had too many failed verifications in a short time and pauses "
        "them: try again in {retry_after_s} seconds, or ask the hall staff for help.",
    ),
    ErrorCode.SMS_BUDGET_SPENT: Message(
        "R-SMS-1",
        429,
        "短信验证码获取频繁，请稍后重试。（本终端或本账户近期发送的短信过多，请在 {retry_after_s} 秒后再获取；如需帮助请联系大厅工作人员。）",
        "Too many SMS codes requested. Please try again later (too many codes were sent "
        "recently from this terminal or for this account; you can request another in "
        "{retry_after_s} seconds, or ask the hall staff for help).",
    ),
    ErrorCode.VERIFICATION_EXPIRED: Message(
        None,
        404,
        "本次验证已过期或已完成，请从头重新办理。",
        "This verification has expired or is already finished. Please start again from the "
        "beginning.",
    ),
    ErrorCode.INITIAL_PASSWORD_NOT_ACCEPTED: Message(
        "R-PH-5",
        403,
        "找回手机号码须验证您修改过的个人用户密码，初始密码（证件号码后六位）不能使用。请先用初始密码登录并修改密码，或通过“忘记密码”设置新密码后再办理。",
        "Retrieving a phone number needs the personal password you set yourself; the initial "
        "password (the last 6 characters of your document number) is not accepted. Log in "
        "with it and change it first, or set a new one with 忘记密码 (Forgot password).",
    ),
    ErrorCode.RESET_PHONE_EMPTY: Message(
        "R-PH-6",
        409,
        "您的账户没有手机号码，无法通过短信验证。请改用人脸验证重置密码，之后通过“找回手机号码”添加手机号；如未采集过人脸信息，请到办税服务厅办理实名信息采集。",
        "Your account has no phone number, so it cannot be verified by SMS. Use face "
        "verification to reset the password, then add a number with 找回手机号码 (Retrieve "
        "phone number). Without face data on file, have your real-name information collected "
        "at the tax hall counter.",
    ),
    ErrorCode.RESET_SMS_EXHAUSTED: Message(
        "R-LK-1",
        423,
        "今日短信验证码已连续错误 5 次，不能再用短信验证。请改用人脸验证，或于{unlock_text}后再试。",
        "The SMS code was wrong 5 times in a row today, so SMS verification cannot be used "
        "again today. Use face verification, or try again after {unlock_text}.",
    ),
    ErrorCode.FACE_NO_REFERENCE: Message(
        "R-PH-6",
        409,
        "未查询到您的人脸信息，无法进行人脸验证。请到办税服务厅办理实名信息采集，或使用税务App扫码登录后添加手机号码并重置密码。",
        "No face data is on file for you, so face verification is not possible. Have your "
        "real-name information collected at the tax hall counter, or log in by scanning with "
        "the tax app, then add a phone number and reset your password.",
    ),
    ErrorCode.FACE_MISMATCH: Message(
        "R-RN-4",
        401,
        "人脸验证未通过，今日还可尝试 {remaining} 次。请检查光线是否充足、背景中没有其他人脸，并按提示完成动作；多次失败请到办税服务厅办理实名信息采集。",
        "Face verification failed. {remaining} tries left today. Check that the light is good "
        "and no other face is in the background, and follow the prompts; if it keeps failing, "
        "have your real-name information collected at the tax hall counter.",
    ),
    ErrorCode.PHONE_FORMAT: Message(
        "R-PH-1",
        422,
        "手机号码格式不正确：{reason}",
        "The phone number is not valid: {reason}",
    ),
    ErrorCode.PHONE_ALREADY_YOURS: Message(
        "R-PH-1",
        409,
        "该手机号码已绑定在您的账户上，无需再次添加。",
        "This phone number is already on your account; there is no need to add it again.",
    ),
    ErrorCode.PHONE_LIMIT_REACHED: Message(
        "R-PH-1",
        409,
        "您的账户最多可绑定 {limit} 个手机号码。请先删除不再使用的号码，再添加新号码。",
        "Your account can hold at most {limit} phone numbers. Remove one you no longer use, "
        "then add the new one.",
    ),
    ErrorCode.PHONE_UNKNOWN_ON_ACCOUNT: Message(
        "R-PH-1",
        404,
        "该手机号码已不在您的账户上（可能已被删除或已被他人验证绑定），请刷新后重试。",
        "This phone number is no longer on your account (it may have been removed, or taken by "
        "someone who verified it). Refresh and try again.",
    ),
    ErrorCode.USERNAME_RULE: Message(
        "R-UN-1",
        422,
        "{reason}用户名规则：6-20 位字母或数字，以字母开头，区分大小写。",
        "{reason} Username rule: 6-20 letters or digits, starting with a letter; case-sensitive.",
    ),
    ErrorCode.USERNAME_TAKEN: Message(
        "R-UN-1",
        409,
        "该用户名已被他人使用，请换一个用户名。",
        "This username is already taken. Please choose another one.",
    ),
    ErrorCode.USERNAME_CHANGE_TOO_SOON: Message(
        "R-UN-1",
        409,
        "用户名每个自然年只能修改一次，您今年已修改过。{next_change_on} 起可再次修改。",
        "A username can be changed once per calendar year, and you have changed it this year. "
        "You can change it again from {next_change_on}.",
    ),
    ErrorCode.HISTORY_EVENT_UNKNOWN: Message(
        "R-AC-2",
        404,
        "未找到这条历史记录（可能已清除），请刷新列表。",
        "This history record was not found (it may already be cleared). Refresh the list.",
    ),
    # Registration (issue 6)
    ErrorCode.USER_ALREADY_REGISTERED: Message(
        "R-ID-6",
        409,
        "您已注册过，无需再次注册。请直接登录；如忘记密码，请使用“忘记密码”重新设置。",
        "You are already registered and need not register again. Please log in; if you forgot "
        "your password, use 忘记密码 (Forgot password) to set a new one.",
    ),
    ErrorCode.IDENTITY_NOT_VERIFIED: Message(
        "R-ID-1",
        422,
        "身份信息校验未通过：姓名与证件号码不一致，或未查询到该证件信息。请核对后重新输入；如信息无误，请携带证件到办税服务厅办理。",
        "The identity check failed: the name does not match the document number, or the "
        "document was not found. Please check and enter them again; if they are right, bring "
        "your document to the tax hall counter.",
    ),
    ErrorCode.FACE_UNAVAILABLE: Message(
        "R-RN-4",
        409,
        "未查询到可与您比对的人像信息，暂时不能进行人脸验证。请改用短信验证码或扫码验证，或携带证件到办税服务厅办理实名信息采集。",
        "No reference photo is available to compare your face with, so a face check is not "
        "possible now. Please use an SMS code or the QR verification instead, or bring your "
        "document to the tax hall counter for real-name collection.",
    ),
    ErrorCode.FACE_CHECK_AT_HALL: Message(
        "R-RN-4",
        403,
        "人脸识别认证未能完成（多次未通过，或暂无可比对的公安人像信息）。请携带证件到办税服务厅办理实名信息采集后再注册。",
        "The face check could not be completed (it failed several times, or no reference "
        "photo is available to compare with). Please bring your document to the tax hall "
        "counter for real-name collection, then register.",
    ),
    ErrorCode.PASSWORD_TOO_GUESSABLE: Message(
        "R-PW-2",
        422,
        "密码太容易被猜到：{reason}请换一个密码。",
        "The password is too easy to guess: {reason} Please choose another password.",
    ),
    ErrorCode.REGISTRATION_INCOMPLETE: Message(
        "R-ID-1",
        409,
        "注册还差一步：请先完成{reason}。",
        "One registration step is missing: please complete {reason} first.",
    ),
    # QR (issue 6)
    ErrorCode.QR_EXPIRED: Message(
        "R-QR-1",
        409,
        "二维码已失效，请在终端上刷新二维码后重新扫码。",
        "This QR code has expired. Refresh the QR code on the terminal and scan again.",
    ),
    ErrorCode.QR_USED: Message(
        "R-QR-1",
        409,
        "该二维码已被使用，每个二维码只能扫码一次。请在终端上刷新二维码后重新扫码。",
        "This QR code has already been used; each QR code works once. Refresh the QR code "
        "on the terminal and scan again.",
    ),
    ErrorCode.QR_APP_PERSONAL_ONLY: Message(
        "R-QR-1",
        403,
        "个人所得税App扫码只能登录自然人业务。办理企业业务请使用电子税务局App扫码，或使用账号密码登录。",
        "The IIT (个人所得税) app logs in personal business only. For enterprise business, "
        "scan with the e-tax bureau app or log in with your account and password.",
    ),
    ErrorCode.QR_WRONG_PERSON: Message(
        "R-QR-2",
        403,
        "扫码验证的用户与本次登录的用户不一致，请由登录者本人使用税务App扫码验证。",
        "The person who scanned is not the person logging in. The person logging in must "
        "scan with their own tax app.",
    ),
    ErrorCode.ENTERPRISE_RELATION_NOT_FOUND: Message(
        "R-RE-8",
        403,
        "未查询到您与该企业的关联关系信息。请在税务App中切换到您有关联关系的企业，或选择个人业务登录。",
        "No relation between you and this enterprise was found. In the tax app, switch to an "
        "enterprise you are related to, or log in for personal business.",
    ),
    ErrorCode.ENTERPRISE_CODE_INVALID: Message(
        "R-ID-5",
        422,
        "企业代码格式不正确。请输入 18 位统一社会信用代码，或 15 至 20 位纳税人识别号（数字和大写字母）。",
        "The enterprise code is not valid. Enter the 18-character unified social credit "
        "code, or the 15 to 20 character taxpayer id (digits and capital letters).",
    ),
    # Seed 002 16 and 24: the two ways out, and the phone-number cause.
    ErrorCode.ENTERPRISE_NO_RELATION: Message(
        "R-RE-8",
        403,
        "未查询到您与该企业的关联关系信息。如您与该企业没有人企关联关系，请联系该企业的法定代表人或"
        "财务负责人发起添加办税人员；如确有关联关系，请通过“自然人业务”登录，在账户中心"
        "【企业授权管理】—【已授权企业】中点击“同步数据”。如您是用手机号码登录的，该号码可能已被他人"
        "使用，请改用证件号码登录，登录后在账户中心修改手机号码。",
        "No relation between you and this enterprise was found. If you have none, ask the "
        "enterprise's legal representative or finance head to add you as a tax handler. If "
        "you do have one, log in through Natural person, open Account center > Enterprise "
        "authorizations > Authorized enterprises and tap Sync data. If you logged in with a "
        "phone number, it may now belong to someone else: log in with your ID number and "
        "change the number in the account center.",
    ),
    ErrorCode.ROLE_NOT_HELD: Message(
        "R-RE-1",
        403,
        "您在该企业没有这一身份，请从列表中选择您的身份。",
        "You do not hold this role in this enterprise. Choose one of your roles from the list.",
    ),
    ErrorCode.PENDING_NOT_FOUND: Message(
        "R-RE-5",
        409,
        "没有这一待确认授权：它可能已被确认、已撤回或已解除。请返回查看最新的授权。",
        "There is no such pending authorization: it may have been confirmed, withdrawn or "
        "ended. Go back to see your authorizations as they are now.",
    ),
    ErrorCode.FINANCE_HEAD_CANNOT_REFUSE: Message(
        "R-RE-3",
        409,
        "财务负责人的授权只能确认，不能拒绝。如有异议，请到办税服务厅办理。",
        "A finance head authorization can only be confirmed, not refused. If you dispute it, "
        "please go to the service desk in the hall.",
    ),
    # Seed 002 28 / 004 三(三): the person must register before anyone can add them. A
    # name that does not match the number answers the same: the number alone tells nothing.
    ErrorCode.RELATION_PERSON_NOT_REGISTERED: Message(
        "R-RE-5",
        404,
        "该办税人员尚未注册。请告知对方先在“自然人业务”→“用户注册”完成注册（证件类型、证件号码和"
        "姓名须与此处填写的一致），再为其添加。",
        "This tax handler has not registered yet. Ask them to register first (Natural person > "
        "Register, with the same document type, number and name as entered here), then add "
        "them again.",
    ),
    ErrorCode.RELATION_HALL_NOT_WITHDRAWABLE: Message(
        "R-RE-7",
        409,
        "该纳税人不可以撤回，请到大厅办理。（该办税人员是在办税服务厅添加的，只能在办税服务厅撤回；"
        "已确认的可以在“现有办税人员”中删除。）",
        "This person cannot be withdrawn here; please go to the hall. (They were added at the "
        "tax hall, so only the hall can withdraw the addition; once confirmed, they can be "
        "deleted under Current handlers.)",
    ),
    ErrorCode.PEOPLE_MANAGE_NOT_ALLOWED: Message(
        "R-RE-4",
        403,
        "仅法定代表人、财务负责人有权限通过账户中心添加或删除办税人员。您当前的身份不能管理人员，"
        "请联系本企业的法定代表人或财务负责人，或到办税服务厅办理。",
        "Only the legal representative and the finance head may add or delete tax handlers "
        "through the account center. Your current role cannot manage people: ask your "
        "enterprise's legal representative or finance head, or go to the tax hall.",
    ),
    ErrorCode.RELATION_ROLE_NOT_ONLINE: Message(
        "R-RE-4",
        409,
        "通过账户中心只能添加、申请或删除办税员和开票员。法定代表人和财务负责人以登记信息为准，"
        "涉税代理人员以代理协议为准；如需变更，请到办税服务厅办理。",
        "Only tax handlers and invoicers can be added, applied for or deleted in the account "
        "center. The legal representative and the finance head follow the registration data, "
        "tax agents their agency agreement; to change them, please go to the tax hall.",
    ),
    ErrorCode.RELATION_CHANGED: Message(
        "R-RE-5",
        409,
        "这条授权刚刚有了变化（可能已被确认、撤回、删除或处理）。列表已更新为最新状态，请查看后再操作。",
        "This authorization has just changed (it may have been confirmed, withdrawn, deleted "
        "or decided). The list now shows it as it is: please look again before acting.",
    ),
    ErrorCode.RELATION_ALREADY_HELD: Message(
        "R-RE-1",
        409,
        "该人员已经是本企业的这一身份，无需重复办理。",
        "This person already holds this role in the enterprise; nothing more is needed.",
    ),
    ErrorCode.RELATION_ALREADY_REQUESTED: Message(
        "R-RE-5",
        409,
        "这一授权已在等待确认：企业添加的，请被添加人在【企业授权管理】—【待确认授权】中确认；"
        "本人申请的，请等待企业的法定代表人或财务负责人审核。",
        "This authorization is already waiting: if the enterprise added the person, they "
        "confirm it under Enterprise authorizations > Pending authorizations; if the person "
        "applied, the enterprise's legal representative or finance head decides.",
    ),
    ErrorCode.ENTERPRISE_NOT_FOUND: Message(
        "R-ID-5",
        404,
        "未找到该代码对应的企业（或该企业已注销）。请核对统一社会信用代码或纳税人识别号后重新输入。",
        "No enterprise has this code (or it has been deregistered). Check the unified social "
        "credit code or taxpayer id and enter it again.",
    ),
    ErrorCode.CONFIRM_FACE_REQUIRED: Message(
        "R-RE-5",
        403,
        "确认授权需要刷脸认证（以人脸识别方式登录的无需重复刷脸）。请看向摄像头完成刷脸。",
        "Confirming an authorization needs a face check (not again if you logged in by "
        "face). Please look at the camera.",
    ),
    ErrorCode.SWITCH_PERSONAL_TO_ENTERPRISE: Message(
        "R-SW-1",
        403,
        "不允许由个人业务切换为企业业务。请退出后通过“企业业务”入口登录。",
        "Personal business cannot switch to enterprise business. Log out, then log in "
        "through Enterprise business.",
    ),
    ErrorCode.SWITCH_TO_OTHER_CLIENT: Message(
        "R-AG-3",
        403,
        "通过“企业业务”入口登录的涉税代理人员不能切换到其他委托企业。请退出后重新登录，或通过"
        "“代理业务”入口登录。",
        "A tax agent who entered through Enterprise business cannot switch to another "
        "client. Log out and log in again, or use the Agent business entry.",
    ),
    # The certificate medium (R-AC-3). The statuses only classify: these never cross HTTP.
    ErrorCode.MEDIUM_WRONG_PIN: Message(
        "R-AC-3",
        401,
        # The vendor tax software's own wording (rules.md section 12).
        "证书口令有误，可能原因为未修改默认证书口令12345678,剩余尝试次数{tries}",
        "Wrong certificate password (perhaps the default 12345678 was never changed). "
        "Tries left: {tries}.",
    ),
    ErrorCode.MEDIUM_PIN_BLOCKED: Message(
        "R-AC-3",
        423,
        "证书口令已锁定，请联系大厅工作人员解锁。",
        "The certificate password is blocked. Please ask the hall staff to unblock the medium.",
    ),
    ErrorCode.MEDIUM_WEAK_PIN: Message(
        "R-AC-3",
        422,
        "新证书口令过于简单，请重新设置。",
        "The new certificate password is too weak. Choose another one.",
    ),
    ErrorCode.MEDIUM_ADMIN_PIN_WRONG: Message(
        "R-AC-3",
        401,
        "管理员口令有误，剩余尝试次数{tries}",
        "Wrong administrator PIN. Tries left: {tries}.",
    ),
    ErrorCode.MEDIUM_ADMIN_PIN_BLOCKED: Message(
        "R-AC-3",
        423,
        "管理员口令已锁定，此介质需送证书服务机构处理。",
        "The administrator PIN is blocked; the medium must go to the certificate service provider.",
    ),
    ErrorCode.MEDIUM_PIN_NOT_VERIFIED: Message(
        "R-AC-3",
        401,
        "请先输入证书口令。",
        "Enter the certificate password first.",
    ),
    ErrorCode.MEDIUM_DATA_NOT_FOUND: Message(
        None,
        404,
        "证书介质中没有所需的证书或数据。",
        "The medium does not hold the requested certificate or data.",
    ),
    ErrorCode.MEDIUM_ERROR: Message(
        None,
        502,
        "证书介质返回错误，请拔出后重新插入再试。",
        "The certificate medium reported an error. Remove it, insert it again and retry.",
    ),
    # A new certificate password the terminal refuses before the medium sees it
    # (kiosk.domain.cert_pin; 8 and 16 are its PIN_MIN_LENGTH and PIN_MAX_LENGTH).
    ErrorCode.CERT_PIN_WRONG_LENGTH: Message(
        "R-AC-3",
        422,
        "证书口令应为8至16位。",
        "The certificate password must have 8 to 16 characters.",
    ),
    ErrorCode.CERT_PIN_INVALID_CHARACTERS: Message(
        "R-AC-3",
        422,
        "证书口令只能包含英文字母和数字。",
        "The certificate password may contain only letters and digits.",
    ),
    ErrorCode.CERT_PIN_DEFAULT: Message(
        "R-AC-3",
        422,
        "新证书口令不能是默认口令12345678。",
        "The new certificate password cannot be the default 12345678.",
    ),
    ErrorCode.CERT_PIN_SEQUENCE: Message(
        "R-AC-3",
        422,
        "证书口令不能是连续的数字或字母（如12345678、87654321、abcdefgh）。",
        "The certificate password cannot be a run of consecutive digits or letters "
        "(such as 12345678, 87654321 or abcdefgh).",
    ),
    ErrorCode.CERT_PIN_REPEATED: Message(
        "R-AC-3",
        422,
        "证书口令不能是重复的字符（如11111111、12121212）。",
        "The certificate password cannot repeat the same characters (such as 11111111 or "
        "12121212).",
    ),
    ErrorCode.CERT_PIN_SAME_AS_OLD: Message(
        "R-AC-3",
        422,
        "新证书口令不能与原口令相同。",
        "The new certificate password must differ from the current one.",
    ),
    ErrorCode.CERT_PIN_MISMATCH: Message(
        "R-AC-3",
        422,
        "两次输入的新证书口令不一致，请重新输入。",
        "The two new certificate passwords do not match. Enter them again.",
    ),
    # The card layer's transport: said plainly, never a stack trace.
    ErrorCode.CARD_SERVICE_DOWN: Message(
        None,
        503,
        "智能卡服务未运行（pcscd），正在自动重试；如持续出现请联系大厅工作人员。",
        "The smart-card service (pcscd) is not running; retrying by itself. If it persists, "
        "ask the hall staff.",
    ),
    ErrorCode.CARD_NO_READER: Message(
        None,
        503,
        "未检测到证书读卡设备，请检查设备连接。",
        "No certificate reader is connected. Check the device's cable.",
    ),
    ErrorCode.CARD_NO_CARD: Message(
        None,
        409,
        "请插入税务UKey、金税盘或税控盘。",
        "Please insert your Tax UKey, 金税盘 or 税控盘.",
    ),
    ErrorCode.CARD_UNSUPPORTED: Message(
        None,
        415,
        "无法识别此介质：不是税务数字证书介质，请换用税务UKey、金税盘或税控盘。",
        "This medium is not recognised as a tax certificate medium. Use a Tax UKey, 金税盘 "
        "or 税控盘.",
    ),
    ErrorCode.CARD_REMOVED: Message(
        None,
        409,
        "证书介质已被拔出，本次操作已结束。请重新插入后再试。",
        "The certificate medium was removed and this operation ended. Insert it again and retry.",
    ),
    ErrorCode.CARD_COMMUNICATION: Message(
        None,
        502,
        "与证书介质通信失败，请拔出后重新插入再试。",
        "Communication with the certificate medium failed. Remove it, insert it again and retry.",
    ),
    # A hall collection record the service refused (R-HA-1): the reason in the record's
    # answer (``RecordAck.reason``/``reason_en``), which the kiosk shows in
    # SYNC_RECORD_REJECTED. ``{fields}``: the fields that did not parse.
    ErrorCode.RECORD_MALFORMED: Message(
        "R-HA-1",
        422,
        "记录格式不正确：{fields}",
        "The record is malformed: {fields}",
    ),
    ErrorCode.RECORD_DOCUMENT_TYPE_UNKNOWN: Message(
        "R-HA-1",
        422,
        "证件类型未知",
        "Unknown document type",
    ),
    ErrorCode.RECORD_DOCUMENT_NUMBER_INVALID: Message(
        "R-HA-1",
        422,
        "证件号码不正确",
        "The document number is not valid",
    ),
    ErrorCode.RECORD_NAME_EMPTY: Message(
        "R-HA-1",
        422,
        "姓名为空",
        "The name is empty",
    ),
    ErrorCode.RECORD_TEMPLATE_INVALID: Message(
        "R-HA-1",
        422,
        "人脸特征数据无效（应为 128 个有限数值）",
        "The face template is not valid (128 finite numbers expected)",
    ),
    ErrorCode.RECORD_PHOTO_INVALID: Message(
        "R-HA-1",
        422,
        "人脸照片数据无效",
        "The face photo is not a valid JPEG",
    ),
    ErrorCode.RECORD_FACE_MISSING: Message(
        "R-HA-1",
        422,
        "没有人脸数据，也没有例外说明",
        "There is no face data and no exception reason",
    ),
    ErrorCode.RECORD_STAFF_PROOF_INVALID: Message(
        "R-HA-1",
        422,
        "工作人员签名无效",
        "The staff proof is not valid",
    ),
    ErrorCode.RECORD_NOT_STORABLE: Message(
        "R-HA-1",
        422,
        "记录含有无法保存的数据，请核对后重新采集",
        "The record holds data that cannot be stored; check it and collect it again",
    ),
    ErrorCode.RECORD_LIVENESS_UNEXPLAINED: Message(
        "R-HA-1",
        422,
        "活体检测未通过，且没有例外说明",
        "The liveness check failed and there is no exception reason",
    ),
    # The record's staff proof refused (R-HA-1; account_service.collection.proof).
    ErrorCode.RECORD_PROOF_MISSING: Message(
        "R-HA-1",
        422,
        "记录没有采集工作人员的签名，请工作人员联网登录一次后重新采集",
        "The record carries no signature of the staff member who collected it; the staff "
        "member logs in online once, then collects again",
    ),
    ErrorCode.RECORD_PROOF_INVALID: Message(
        "R-HA-1",
        422,
        "记录的工作人员签名无效（不是本终端上该工作人员的凭证，或记录被改动）",
        "The staff signature is not valid (not that staff member's key on this terminal, "
        "or the record was changed)",
    ),
    ErrorCode.RECORD_PROOF_EXPIRED: Message(
        "R-HA-1",
        422,
        "采集时工作人员凭证已过期，请工作人员联网登录后重新采集",
        "The staff member's key had expired when the record was made; log in online and "
        "collect again",
    ),
    ErrorCode.RECORD_PROOF_STAFF_INACTIVE: Message(
        "R-HA-1",
        422,
        "采集记录的工作人员工号已停用",
        "The staff member who collected it is no longer active",
    ),
    ErrorCode.RECORD_PROOF_FUTURE: Message(
        "R-HA-1",
        422,
        "记录的采集时间晚于当前时间，请检查终端的时钟",
        "The record is dated in the future; check the terminal's clock",
    ),
    # An offline bundle file refused as a whole, nothing of it imported (R-HA-1: the hall's
    # records carried on a removable drive). Said by the import command, never over HTTP.
    ErrorCode.BUNDLE_NOT_A_BUNDLE: Message(
        "R-HA-1",
        415,
        "不是终端离线数据包文件",
        "Not a terminal bundle file",
    ),
    ErrorCode.BUNDLE_TRUNCATED: Message(
        "R-HA-1",
        422,
        "数据包文件不完整（可能被截断）",
        "The bundle file is incomplete (truncated?)",
    ),
    ErrorCode.BUNDLE_MALFORMED: Message(
        "R-HA-1",
        422,
        "数据包文件格式不正确",
        "The bundle file is malformed",
    ),
    ErrorCode.BUNDLE_UNSUPPORTED_VERSION: Message(
        "R-HA-1",
        422,
        "数据包格式版本不受支持",
        "Unsupported bundle format version",
    ),
    ErrorCode.BUNDLE_UNKNOWN_TERMINAL: Message(
        "R-HA-1",
        403,
        "数据包来自未登记的终端",
        "The bundle comes from an unknown terminal",
    ),
    ErrorCode.BUNDLE_REVOKED_TERMINAL: Message(
        "R-HA-1",
        403,
        "数据包来自已停用的终端",
        "The bundle comes from a revoked terminal",
    ),
    ErrorCode.BUNDLE_BAD_SIGNATURE: Message(
        "R-HA-1",
        422,
        "数据包签名无效：文件被修改过或不是该终端生成的",
        "The bundle signature is not valid: the file was changed or not made by that terminal",
    ),
    ErrorCode.BUNDLE_WRONG_SERVICE_KEY: Message(
        "R-HA-1",
        422,
        "数据包不是用本服务的密钥加密的",
        "The bundle was not encrypted to this service's bundle key",
    ),
    ErrorCode.BUNDLE_UNREADABLE: Message(
        "R-HA-1",
        422,
        "数据包无法解密",
        "The bundle cannot be decrypted",
    ),
    ErrorCode.BUNDLE_CONTENT_MISMATCH: Message(
        "R-HA-1",
        422,
        "数据包内容与其清单不一致",
        "The bundle's content does not match its list of records",
    ),
    ErrorCode.BUNDLE_FILE_UNREADABLE: Message(
        "R-HA-1",
        422,
        "无法读取数据包文件",
        "The bundle file cannot be read",
    ),
    # The step REGISTRATION_INCOMPLETE names in its {reason} (R-ID-1). Named mid-sentence
    # there, so the service lower-cases the English's first letter when it fills it in.
    ErrorCode.REGISTRATION_STEP_PHONE: Message(
        "R-ID-1",
        409,
        "手机号码短信验证",
        "The SMS check of your phone number",
    ),
    ErrorCode.REGISTRATION_STEP_FACE: Message(
        "R-ID-1",
        409,
        "人脸识别认证",
        "The face check",
    ),
    # A reference photo for the identity registry that gave no face template (R-RN-4: the
    # face is compared with it). Said by ``account-service authority add``.
    ErrorCode.REFERENCE_PHOTO_UNREADABLE: Message(
        "R-RN-4",
        422,
        "照片无法读取",
        "The photo cannot be read",
    ),
    ErrorCode.REFERENCE_PHOTO_NO_FACE: Message(
        "R-RN-4",
        422,
        "照片中没有检测到人脸",
        "No face was found in the photo",
    ),
    ErrorCode.REFERENCE_PHOTO_SEVERAL_FACES: Message(
        "R-RN-4",
        422,
        "照片中有多张人脸",
        "The photo shows more than one face",
    ),
    # A refused row of an enterprise registry exchange file (R-ID-7): said by
    # ``account-service enterprise import`` after "line N:". Free-text ``{reason}``: the
    # domain check's own words (zh; ``reason_en`` for English).
    ErrorCode.REGISTRY_ROW_NOT_UTF8: Message(
        "R-ID-7",
        422,
        "该行不是 UTF-8 文本",
        "The line is not UTF-8 text",
    ),
    ErrorCode.REGISTRY_ROW_NOT_JSON: Message(
        "R-ID-7",
        422,
        "该行不是一个 JSON 对象（第 {column} 列附近有误）",
        "The line is not one JSON object (wrong near column {column})",
    ),
    ErrorCode.REGISTRY_ROW_KIND_UNKNOWN: Message(
        "R-ID-7",
        422,
        "记录类型“{kind}”未知，应为 enterprise 或 relation",
        "Unknown record kind '{kind}'; it must be enterprise or relation",
    ),
    ErrorCode.REGISTRY_ROW_FIELD_INVALID: Message(
        "R-ID-7",
        422,
        "字段“{field}”缺失或取值无效",
        "The field '{field}' is missing or has a value that is not allowed",
    ),
    ErrorCode.REGISTRY_ROW_USCC_INVALID: Message(
        "R-ID-5",
        422,
        "统一社会信用代码不正确：{reason}",
        "The unified social credit code is not valid: {reason}",
    ),
    ErrorCode.REGISTRY_ROW_TAXPAYER_ID_INVALID: Message(
        "R-ID-5",
        422,
        "纳税人识别号不正确：应为 15-20 位数字或大写字母；18 位的须通过统一社会信用代码"
        "或居民身份证号码的校验，20 位的前 18 位须为有效的居民身份证号码",
        "The taxpayer id is not valid: it has 15-20 digits or capital letters; an "
        "18-character one must pass the unified social credit code or the resident ID "
        "check, and the first 18 characters of a 20-character one must be a valid "
        "resident ID number",
    ),
    ErrorCode.REGISTRY_ROW_TAXPAYER_ID_NOT_USCC: Message(
        "R-ID-5",
        422,
        "有统一社会信用代码的纳税人，其纳税人识别号即统一社会信用代码，两者应相同",
        "For a taxpayer with a unified social credit code the taxpayer id is that code; "
        "the two must be the same",
    ),
    ErrorCode.REGISTRY_ROW_USCC_TAKEN: Message(
        "R-ID-7",
        409,
        "该统一社会信用代码已登记在另一纳税人识别号下",
        "This unified social credit code is already on record under another taxpayer id",
    ),
    ErrorCode.REGISTRY_ROW_DOCUMENT_INVALID: Message(
        "R-ID-5",
        422,
        "证件号码不正确：{reason}",
        "The document number is not valid: {reason}",
    ),
    ErrorCode.REGISTRY_ROW_ENTERPRISE_UNKNOWN: Message(
        "R-ID-7",
        422,
        "纳税人 {taxpayer_id} 没有登记信息；企业记录须在其关联关系记录之前",
        "Taxpayer {taxpayer_id} is not on record; an enterprise's record must come before "
        "its relations",
    ),
    ErrorCode.REGISTRY_ROW_ENTERPRISE_DEREGISTERED: Message(
        "R-ID-7",
        409,
        "纳税人 {taxpayer_id} 已注销，不再登记关联关系",
        "Taxpayer {taxpayer_id} is deregistered; no relation is recorded for it",
    ),
    ErrorCode.REGISTRY_ROW_SOURCE_ROLE: Message(
        "R-RE-1",
        422,
        "数据来源“{source}”不登记“{role}”这一身份",
        "The source '{source}' does not record the role '{role}'",
    ),
    # 企业业务 by the enterprise's tax digital certificate (R-EN-1, seed 002 11).
    ErrorCode.ENTERPRISE_CERT_UNKNOWN: Message(
        "R-EN-1",
        404,
        "该税务数字证书未登记为企业的证书（或与登记的证书不一致），无法登录。请确认插入的是本企业的"
        "证书介质，或改用企业代码和个人密码登录。",
        "This tax digital certificate is not registered for an enterprise (or differs from "
        "the one on record), so it cannot log in. Make sure you inserted your enterprise's "
        "certificate medium, or log in with the enterprise code and your personal password.",
    ),
    ErrorCode.ENTERPRISE_CERT_REVOKED: Message(
        "R-EN-1",
        403,
        "该企业的税务数字证书已注销，无法登录。请改用企业代码和个人密码登录，或到办税服务厅办理证书。",
        "This enterprise's tax digital certificate has been revoked, so it cannot log in. "
        "Log in with the enterprise code and your personal password, or see the tax hall "
        "about a new certificate.",
    ),
    ErrorCode.ENTERPRISE_CERT_EXPIRED: Message(
        "R-EN-1",
        403,
        "该企业的税务数字证书不在有效期内（有效期至 {not_after}），无法登录。请到证书发行机构办理证书"
        "更新，或改用企业代码和个人密码登录。",
        "This enterprise's tax digital certificate is outside its validity period (valid "
        "until {not_after}), so it cannot log in. Renew it with its issuer, or log in with "
        "the enterprise code and your personal password.",
    ),
    ErrorCode.ENTERPRISE_CERT_SIGNATURE_INVALID: Message(
        "R-EN-1",
        401,
        "证书签名验证失败：签名与该企业登记的证书不符。请确认插入的是本企业的证书介质后重新开始。",
        "The certificate signature could not be verified: it does not match the certificate "
        "on record for this enterprise. Make sure you inserted your enterprise's medium and "
        "start again.",
    ),
}


class CodedEnum(Enum):
    """A kind of refusal whose members are catalog codes (what the person reads)."""

    @property
    def code(self) -> ErrorCode:
        return ErrorCode(self.value)


def message_for(code: ErrorCode) -> Message:
    return CATALOG[code]


def render(code: ErrorCode, lang: Lang, details: dict[str, Any] | None = None) -> str:
    """The text a person reads, with the rule id for staff appended in small print by the UI."""
    return CATALOG[code].render(lang, details)


# The catalog's words for what the domain's rules refuse.

_PIN_CODES = {
    PinWeakness.WRONG_LENGTH: ErrorCode.CERT_PIN_WRONG_LENGTH,
    PinWeakness.INVALID_CHARACTERS: ErrorCode.CERT_PIN_INVALID_CHARACTERS,
    PinWeakness.DEFAULT: ErrorCode.CERT_PIN_DEFAULT,
    PinWeakness.SEQUENCE: ErrorCode.CERT_PIN_SEQUENCE,
    PinWeakness.REPEATED: ErrorCode.CERT_PIN_REPEATED,
    PinWeakness.SAME_AS_OLD: ErrorCode.CERT_PIN_SAME_AS_OLD,
}

_PASSWORD_CODES = {
    PasswordFault.SAME_AS_INITIAL: ErrorCode.PASSWORD_SAME_AS_INITIAL,
    PasswordFault.RULE: ErrorCode.PASSWORD_RULE,
    PasswordFault.TOO_GUESSABLE: ErrorCode.PASSWORD_TOO_GUESSABLE,
}


def pin_code(weakness: PinWeakness) -> ErrorCode:
    return _PIN_CODES[weakness]


def password_code(fault: PasswordFault) -> ErrorCode:
    return _PASSWORD_CODES[fault]


def identifier_code(problem: ValidationResult) -> ErrorCode:
    """The catalog error for an ``identifiers.identifier_problem``: its rule decides."""
    if problem.rule == GB11643_RULE:
        return ErrorCode.ID_NUMBER_INVALID
    return ErrorCode.INVALID_IDENTIFIER
