"""R-RN-1/R-RN-2/R-RN-3: real-name levels."""

from __future__ import annotations

from kiosk.domain.realname import (
    RealNameLevel,
    allows_all_business,
    description,
    label,
    level_after_face_check,
    needs_face_check_for_key_business,
)
from kiosk.protocol.messages import Lang


def test_levels_are_3_4_5_R_RN_1() -> None:
    assert [int(level) for level in RealNameLevel] == [3, 4, 5]


def test_labels_and_descriptions_in_both_languages_R_RN_1() -> None:
    for level in RealNameLevel:
        for lang in Lang:
            assert label(level, lang)
            assert description(level, lang)
        assert str(int(level)) in label(level, Lang.EN)
    assert label(RealNameLevel.L4, Lang.ZH) == "四级实名"


def test_level_4_and_above_allow_all_business_R_RN_2() -> None:
    assert not allows_all_business(RealNameLevel.L3)
    assert allows_all_business(RealNameLevel.L4)
    assert allows_all_business(RealNameLevel.L5)
    assert needs_face_check_for_key_business(RealNameLevel.L3)
    assert not needs_face_check_for_key_business(RealNameLevel.L4)


def test_descriptions_say_what_each_level_allows_R_RN_2() -> None:
    assert "人脸识别" in description(RealNameLevel.L3, Lang.ZH)
    assert "face check" in description(RealNameLevel.L3, Lang.EN)
    assert "全部业务" in description(RealNameLevel.L4, Lang.ZH)
    assert "办税服务厅" in description(RealNameLevel.L5, Lang.ZH)
    assert "hall" in description(RealNameLevel.L5, Lang.EN)


def test_face_check_raises_to_4_and_never_lowers_R_RN_3() -> None:
    assert level_after_face_check(RealNameLevel.L3) is RealNameLevel.L4
    assert level_after_face_check(RealNameLevel.L4) is RealNameLevel.L4
    assert level_after_face_check(RealNameLevel.L5) is RealNameLevel.L5
