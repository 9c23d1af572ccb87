"""One of the enterprise's people in words (人员权限管理): who (masked), the role, where the
relation came from — "added at the hall" said, because it decides what 撤回 can do
(R-RE-7) — and since when."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from kiosk.domain.lockout import SHANGHAI
from kiosk.protocol.enterprise import RelationState
from kiosk.protocol.relations import Member
from kiosk.ui.journeys.logged_in.acting_text import origin_name, role_name


def day(moment: datetime | None) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d") if moment is not None else ""


def who(member: Member) -> str:
    """The masked name and document; a person not registered (yet) is said so."""
    name = member.name_masked or QCoreApplication.translate("PeopleTexts", "(not registered)")
    return f"{name}　{member.document_masked}"


def details(member: Member) -> str:
    """Role · where from · when."""
    parts = [role_name(member.role)]
    if member.state == RelationState.APPLIED:
        parts.append(QCoreApplication.translate("PeopleTexts", "applied themselves"))
    else:
        parts.append(origin_name(member.origin))
    if member.state == RelationState.BOUND and member.since is not None:
        parts.append(
            QCoreApplication.translate("PeopleTexts", "since {day}").format(day=day(member.since))
        )
    elif member.requested_at is not None:
        parts.append(
            QCoreApplication.translate("PeopleTexts", "asked {day}").format(
                day=day(member.requested_at)
            )
        )
    return " · ".join(parts)
