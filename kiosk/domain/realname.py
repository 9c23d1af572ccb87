"""R-RN-1/R-RN-2/R-RN-3: real-name levels (实名等级) and what each allows."""

from __future__ import annotations

from enum import IntEnum

from kiosk.domain.lang import Lang


class RealNameLevel(IntEnum):
    L3 = 3
    L4 = 4
    L5 = 5


_LABELS: dict[RealNameLevel, tuple[str, str]] = {
    RealNameLevel.L3: ("三级实名", "Real-name level 3"),
    RealNameLevel.L4: ("四级实名", "Real-name level 4"),
    RealNameLevel.L5: ("五级实名", "Real-name level 5"),
}

_DESCRIPTIONS: dict[RealNameLevel, tuple[str, str]] = {
    RealNameLevel.L3: (
        "未经人脸识别的实名用户。可以登录并使用账户中心；办理关键业务或风险实名事项时，"
        "需先完成人脸识别认证，认证通过后提升为四级实名。",
        "Real-name user without a face check. You can log in and use the account center; "
        "before key business or a real-name risk matter you will be asked for a face check, "
        "which raises you to level 4.",
    ),
    RealNameLevel.L4: (
        "已通过人脸识别认证。可办理目前全部业务，包括实名风险业务。",
        "Face-verified. Enough for all current business, including real-name risk business.",
    ),
    RealNameLevel.L5: (
        "已在办税服务厅完成实名信息采集，为最高等级。可办理目前全部业务。",
        "Real-name information collected at the tax hall counter: the highest level. Enough "
        "for all current business.",
    ),
}


def label(level: RealNameLevel, lang: Lang) -> str:
    zh, en = _LABELS[level]
    return zh if lang is Lang.ZH else en


def description(level: RealNameLevel, lang: Lang) -> str:
    zh, en = _DESCRIPTIONS[level]
    return zh if lang is Lang.ZH else en


def allows_all_business(level: RealNameLevel) -> bool:
    """R-RN-2: level 4 or above is enough for all current business."""
    return level >= RealNameLevel.L4


def needs_face_check_for_key_business(level: RealNameLevel) -> bool:
    """R-RN-2: a level-3 user is asked for a face check before key business."""
    return level < RealNameLevel.L4


def level_after_face_check(level: RealNameLevel) -> RealNameLevel:
    """R-RN-3: a passed face check raises level 3 to 4; it never lowers a level."""
    return max(level, RealNameLevel.L4)
