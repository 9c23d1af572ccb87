"""The one place an account event is written: an audit row (who, which terminal, when)
and the person's own history row (R-AC-2). Details are masked; never a secret."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from account_service.trail.models import AccountHistory, AuditEvent
from kiosk.domain.masking import mask_text


class EventKind(StrEnum):
    PASSWORD_RESET = "password.reset"
    PASSWORD_CHANGED = "password.changed"
    LOCK_ENGAGED = "lock.engaged"
    LOCK_CLEARED = "lock.cleared"
    PHONE_ADDED = "phone.added"
    PHONE_REMOVED = "phone.removed"
    PHONE_DEFAULT = "phone.default"
    PHONE_MOVED_AWAY = "phone.moved_away"
    PHONE_RETRIEVED = "phone.retrieved"
    USERNAME_SET = "username.set"
    USERNAME_CHANGED = "username.changed"
    USERNAME_RELEASED = "username.released"
    HALL_FACE_HELD = "face.held"
    HALL_FACE_APPROVED = "face.approved"
    HALL_FACE_REJECTED = "face.rejected"
    ACCOUNT_DEREGISTERED = "account.deregistered"
    ACCOUNT_RESTORED = "account.restored"
    ACCOUNT_REGISTERED = "account.registered"
    LOGIN = "login"
    LEVEL_RAISED = "level.raised"
    IDENTITY_SWITCHED = "identity.switched"
    RELATION_CONFIRMED = "relation.confirmed"
    RELATION_REFUSED = "relation.refused"
    RELATION_ADDED = "relation.added"
    RELATION_WITHDRAWN = "relation.withdrawn"
    RELATION_ENDED = "relation.ended"
    RELATION_APPLIED = "relation.applied"
    APPLICATION_WITHDRAWN = "relation.application_withdrawn"
    APPLICATION_APPROVED = "relation.application_approved"
    APPLICATION_DECLINED = "relation.application_declined"
    RELATION_LEFT = "relation.left"
    RELATION_MEMBER = "relation.member"  # a manager told what a person did (R-RE-4)


# What the person reads in the history list; ``{phone_masked}`` etc. come from ``detail``.
EVENT_TEXT: dict[EventKind, tuple[str, str]] = {
    EventKind.PASSWORD_RESET: (
        "通过“忘记密码”重置了密码",
        "Password reset through Forgot password",
    ),
    EventKind.PASSWORD_CHANGED: ("修改了个人密码", "Password changed"),
    EventKind.LOCK_ENGAGED: ("账户因连续验证失败被锁定", "Account locked after repeated failures"),
    EventKind.LOCK_CLEARED: ("账户已解除锁定", "Account unlocked"),
    EventKind.PHONE_ADDED: ("添加手机号码 {phone_masked}", "Phone number {phone_masked} added"),
    EventKind.PHONE_REMOVED: (
        "删除手机号码 {phone_masked}",
        "Phone number {phone_masked} removed",
    ),
    EventKind.PHONE_DEFAULT: (
        "默认手机号码改为 {phone_masked}",
        "Default phone number set to {phone_masked}",
    ),
    EventKind.PHONE_MOVED_AWAY: (
        "手机号码 {phone_masked} 已被他人验证绑定，已从您的账户移除",
        "Phone number {phone_masked} was verified by someone else and left your account",
    ),
    EventKind.PHONE_RETRIEVED: (
        "通过“找回手机号码”绑定 {phone_masked}",
        "Phone number {phone_masked} bound through Retrieve phone number",
    ),
    EventKind.USERNAME_SET: ("设置用户名 {username}", "Username set to {username}"),
    EventKind.USERNAME_CHANGED: ("用户名改为 {username}", "Username changed to {username}"),
    EventKind.USERNAME_RELEASED: (
        "用户名 {username} 与他人的证件号码相同，已释放，可重新设置（不计入每年一次的修改）",
        "Username {username} equals someone's document number and was released; you may set "
        "a new one (not counted as this year's change)",
    ),
    EventKind.HALL_FACE_HELD: (
        "办税服务厅采集的新人像与原人像不一致，已交由另一位工作人员复核",
        "A new face collected at the hall differs from the one on file; a second staff "
        "member reviews it",
    ),
    EventKind.HALL_FACE_APPROVED: (
        "新人像经另一位工作人员复核通过，已生效",
        "The new face was approved by a second staff member and is now on file",
    ),
    EventKind.HALL_FACE_REJECTED: (
        "新人像经另一位工作人员复核未通过，原人像继续有效",
        "The new face was refused by a second staff member; the one on file stays",
    ),
    EventKind.ACCOUNT_DEREGISTERED: ("注销账户", "Account deregistered"),
    EventKind.ACCOUNT_RESTORED: ("重新注册，账户恢复使用", "Account restored by registering again"),
    EventKind.ACCOUNT_REGISTERED: (
        "注册账户，实名等级 {level}",
        "Registered, real-name level {level}",
    ),
    EventKind.LOGIN: ("登录", "Logged in"),
    EventKind.LEVEL_RAISED: (
        "人脸识别认证通过，实名等级提升为 {level} 级",
        "Face check passed: real-name level raised to {level}",
    ),
    EventKind.IDENTITY_SWITCHED: (
        "身份切换为 {enterprise} {role_zh}",
        "Switched identity to {enterprise} {role_en}",
    ),
    EventKind.RELATION_CONFIRMED: (
        "确认授权：{enterprise} {role_zh}",
        "Authorization confirmed: {enterprise}, {role_en}",
    ),
    EventKind.RELATION_REFUSED: (
        "拒绝授权：{enterprise} {role_zh}",
        "Authorization refused: {enterprise}, {role_en}",
    ),
    EventKind.RELATION_ADDED: (
        "{enterprise} 添加您为{role_zh}（{by_zh}），待您确认",
        "{enterprise} added you as {role_en} ({by_en}); waiting for your confirmation",
    ),
    EventKind.RELATION_WITHDRAWN: (
        "{enterprise} 撤回了添加您为{role_zh}（{by_zh}）",
        "{enterprise} withdrew adding you as {role_en} ({by_en})",
    ),
    EventKind.RELATION_ENDED: (
        "与 {enterprise} 的{role_zh}关联已删除（{by_zh}）",
        "Your {role_en} relation with {enterprise} was deleted ({by_en})",
    ),
    EventKind.RELATION_APPLIED: (
        "申请企业授权：{enterprise} {role_zh}",
        "Applied for authorization: {enterprise}, {role_en}",
    ),
    EventKind.APPLICATION_WITHDRAWN: (
        "撤回企业授权申请：{enterprise} {role_zh}",
        "Application withdrawn: {enterprise}, {role_en}",
    ),
    EventKind.APPLICATION_APPROVED: (
        "{enterprise} 通过了您的{role_zh}授权申请（{by_zh}）",
        "{enterprise} approved your application as {role_en} ({by_en})",
    ),
    EventKind.APPLICATION_DECLINED: (
        "{enterprise} 未通过您的{role_zh}授权申请（{by_zh}）",
        "{enterprise} declined your application as {role_en} ({by_en})",
    ),
    EventKind.RELATION_LEFT: (
        "删除已授权企业：{enterprise} {role_zh}",
        "Left the enterprise: {enterprise}, {role_en}",
    ),
    EventKind.RELATION_MEMBER: (
        "{enterprise}：{subject} {what_zh}",
        "{enterprise}: {subject} {what_en}",
    ),
}


def render(kind: str, detail: dict[str, str]) -> tuple[str, str]:
    """(zh, en) text of a history row; a missing value shows as empty, never fails."""
    known = EVENT_TEXT.get(EventKind(kind)) if kind in _KINDS else None
    zh, en = known or (kind, kind)
    values: defaultdict[str, str] = defaultdict(str, detail)
    return zh.format_map(values), en.format_map(values)


_KINDS = frozenset(k.value for k in EventKind)


def record(
    session: Session,
    *,
    person_id: uuid.UUID,
    kind: str,
    terminal_id: uuid.UUID | None,
    at: datetime,
    detail: dict[str, str],
) -> None:
    """Write the audit event and the history row of one account event.

    ``kind`` must be an ``EventKind`` value (ValueError otherwise: a typo would otherwise
    vanish from every history list). Values are masked once more as a safety net."""
    event = EventKind(kind)
    masked = {key: mask_text(value) for key, value in detail.items()}
    text = json.dumps(masked, sort_keys=True, ensure_ascii=False)
    session.add(
        AuditEvent.of(
            event.value, at=at, terminal_id=terminal_id, record_id=person_id, detail=masked
        )
    )
    session.add(
        AccountHistory(
            id=uuid.uuid4(),
            person_id=person_id,
            kind=event.value,
            terminal_id=terminal_id,
            at=at,
            detail=text,
            hidden_at=None,
        )
    )
