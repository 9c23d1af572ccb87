"""One of the person's relations in words (企业授权管理): who asked — the manager's masked
name, or where the request came from (the hall, the registration data, the core tax system)
— and when, in the kiosk's time zone."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from kiosk.protocol.enterprise import RelationOrigin, RelationView
from kiosk.protocol.messages import Lang
from kiosk.ui.journeys.logged_in.acting_text import enterprise_name, role_name
from kiosk.ui.journeys.logged_in.notices import format_at


def when(moment: datetime | None, lang: Lang) -> str:
    return format_at(moment, lang) if moment is not None else ""


def asked_by(relation: RelationView) -> str:
    """Who asked: the manager who added the person (masked), else where it came from."""
    if relation.requested_by:
        return QCoreApplication.translate("RelationTexts", "{name}, for the enterprise").format(
            name=relation.requested_by
        )
    names = {
        RelationOrigin.HALL: QCoreApplication.translate("RelationTexts", "the tax hall counter"),
        RelationOrigin.ACCOUNT_CENTER: QCoreApplication.translate(
            "RelationTexts", "the enterprise, in its account center"
        ),
        RelationOrigin.REGISTRATION_DATA: QCoreApplication.translate(
            "RelationTexts", "the registration data"
        ),
        RelationOrigin.TAX_REGISTRATION: QCoreApplication.translate(
            "RelationTexts", "the tax registration data"
        ),
        RelationOrigin.CORE_SYSTEM: QCoreApplication.translate(
            "RelationTexts", "the core tax system"
        ),
    }
    origin = relation.origin
    if isinstance(origin, RelationOrigin):
        return names[origin]
    return str(origin) if origin else QCoreApplication.translate("RelationTexts", "the enterprise")


def relation_line(relation: RelationView) -> str:
    """ "Enterprise (code) · role", for the questions and the success lines."""
    return QCoreApplication.translate("RelationTexts", "{enterprise} · {role}").format(
        enterprise=enterprise_name(relation.enterprise), role=role_name(relation.role)
    )
