"""Dates and account notices in a person's words (R-PH-2 "your number moved")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication

from kiosk.domain.lockout import SHANGHAI
from kiosk.protocol.messages import Lang
from kiosk.protocol.people import Notice, NoticeKind
from kiosk.ui.journeys.logged_in.acting_text import role_name


def format_day(value: date, lang: Lang) -> str:
    if lang is Lang.ZH:
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()


def format_at(value: datetime, lang: Lang) -> str:
    """A moment as the hall's clock shows it (Asia/Shanghai; the wire carries UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(SHANGHAI)
    if lang is Lang.ZH:
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value:%Y-%m-%d %H:%M}"


USERNAME_RELEASED = "username_released"
HALL_FACE_HELD = "hall_face_held"
HALL_FACE_APPROVED = "hall_face_approved"
HALL_FACE_REJECTED = "hall_face_rejected"


def _relation_text(notice: Notice, when: str) -> str | None:
    """A relation notice (R-RE-5, R-RE-7, R-HA-2): the person concerned, or the
    enterprise's legal representative and finance head; None for another kind."""
    texts = {
        NoticeKind.RELATION_ADDED: QCoreApplication.translate(
            "AccountNotices",
            "On {when} {by} added you as {role} of {enterprise}. Confirm or refuse it in "
            "the account center: Enterprise authorizations > Pending authorizations.",
        ),
        NoticeKind.RELATION_WITHDRAWN: QCoreApplication.translate(
            "AccountNotices",
            "On {when} {enterprise} withdrew adding you as {role}; nothing is left to confirm.",
        ),
        NoticeKind.RELATION_ENDED: QCoreApplication.translate(
            "AccountNotices",
            "On {when} your relation with {enterprise} as {role} was deleted by {by}. If this "
            "is wrong, ask the enterprise or the tax hall.",
        ),
        NoticeKind.APPLICATION_APPROVED: QCoreApplication.translate(
            "AccountNotices",
            "On {when} {enterprise} approved your application as {role}: you can now log in "
            "through Enterprise business for it.",
        ),
        NoticeKind.APPLICATION_DECLINED: QCoreApplication.translate(
            "AccountNotices", "On {when} {enterprise} declined your application as {role}."
        ),
        NoticeKind.APPLICATION_RECEIVED: QCoreApplication.translate(
            "AccountNotices",
            "On {when} {subject} applied to be {role} of {enterprise}. Approve or decline it "
            "under Manage people when you act for the enterprise.",
        ),
        NoticeKind.REQUEST_WITHDRAWN: QCoreApplication.translate(
            "AccountNotices",
            "On {when} {subject} withdrew the application to be {role} of {enterprise}.",
        ),
        NoticeKind.RELATION_CONFIRMED: QCoreApplication.translate(
            "AccountNotices", "On {when} {subject} confirmed being {role} of {enterprise}."
        ),
        NoticeKind.RELATION_REFUSED: QCoreApplication.translate(
            "AccountNotices", "On {when} {subject} refused being {role} of {enterprise}."
        ),
        NoticeKind.RELATION_LEFT: QCoreApplication.translate(
            "AccountNotices",
            "On {when} {subject} removed {enterprise} from their authorized enterprises and "
            "is no longer its {role}.",
        ),
    }
    template = texts.get(notice.kind)
    if template is None:
        return None
    by = (
        notice.subject
        if notice.subject and not notice.by_hall
        else QCoreApplication.translate("AccountNotices", "the tax hall")
    )
    return template.format(
        when=when,
        by=by,
        enterprise=notice.enterprise or "",
        role=role_name(notice.role) if notice.role else "",
        subject=notice.subject or "",
    )


def notice_text(notice: Notice, lang: Lang) -> str:
    """What the person is told at the next login: a number another person verified
    (R-PH-2), a username released to a document holder (R-LG-1), a relation changed."""
    when = format_at(notice.at, lang)
    relation = _relation_text(notice, when)
    if relation is not None:
        return relation
    if notice.kind == HALL_FACE_HELD:
        return QCoreApplication.translate(
            "AccountNotices",
            "On {when} a face photo collected for you at the tax hall differed from the one "
            "on file. It takes effect only after a second staff member's review. If you did "
            "not have your photo taken at the hall, tell the hall staff.",
        ).format(when=when)
    if notice.kind == HALL_FACE_APPROVED:
        return QCoreApplication.translate(
            "AccountNotices",
            "The face photo collected for you at the tax hall was approved by a second staff "
            "member on {when} and is now on file.",
        ).format(when=when)
    if notice.kind == HALL_FACE_REJECTED:
        return QCoreApplication.translate(
            "AccountNotices",
            "The face photo collected for you at the tax hall was refused by a second staff "
            "member on {when}; the one on file stays.",
        ).format(when=when)
    if notice.kind == USERNAME_RELEASED:
        return QCoreApplication.translate(
            "AccountNotices",
            "On {when} someone registered with a document number equal to your username "
            "{username}, so that username was released: a document number always logs its "
            "holder in. Set a new username in the account center; it does not count as "
            "this year's change.",
        ).format(username=notice.username or "", when=when)
    phone = notice.phone_masked or ""
    return QCoreApplication.translate(
        "AccountNotices",
        "Your phone number {phone} was verified by another account on {when} and has been "
        "removed from your account. If it is still yours, add it again in the account center.",
    ).format(phone=phone, when=when)


# The newest notice said in full; the others are counted (each is in the person's history,
# R-AC-2): a manager told of many relation changes still sees the screen's actions.
SHOWN_NOTICES = 1


def notices_text(notices: Sequence[Notice], lang: Lang) -> str:
    shown = sorted(notices, key=lambda n: n.at, reverse=True)[:SHOWN_NOTICES]
    lines = [notice_text(n, lang) for n in shown]
    earlier = len(notices) - len(shown)
    if earlier:
        lines.append(
            QCoreApplication.translate(
                "AccountNotices",
                "{count} earlier notice(s) are in the account center under History.",
            ).format(count=earlier)
        )
    return "\n".join(lines)
