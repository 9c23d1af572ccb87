"""Who a session acts for, in a person's words: role names (R-RE-1), the enterprise, and
what the role may do (R-RE-9: the service's configured scope, in zh and en as it sent them).
Shared by the logged-in home, 身份切换 and 企业授权管理."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.protocol.enterprise import (
    Acting,
    EnterpriseInfo,
    EnterpriseKind,
    Entry,
    OriginValue,
    RelationOrigin,
    RelationState,
    Role,
    RoleValue,
    StateValue,
)
from kiosk.protocol.messages import Lang


def role_name(role: RoleValue) -> str:
    """The role as the seeds name it; a role a newer service added shows as it came."""
    names = {
        Role.LEGAL_REPRESENTATIVE: QCoreApplication.translate("RoleNames", "Legal representative"),
        Role.FINANCE_HEAD: QCoreApplication.translate("RoleNames", "Finance head"),
        Role.TAX_HANDLER: QCoreApplication.translate("RoleNames", "Tax handler"),
        Role.INVOICER: QCoreApplication.translate("RoleNames", "Invoicer"),
        Role.TAX_AGENT: QCoreApplication.translate("RoleNames", "Tax agent"),
    }
    return names[role] if isinstance(role, Role) else str(role)


def state_name(state: StateValue) -> str:
    """A relation's state, with a mark: colour never says it alone (ui.md)."""
    if state == RelationState.BOUND:
        return QCoreApplication.translate("RoleNames", "✓ Authorized")
    if state == RelationState.PENDING:
        return QCoreApplication.translate("RoleNames", "… To be confirmed")
    if state == RelationState.APPLIED:
        return QCoreApplication.translate("RoleNames", "… Applied, awaiting the enterprise")
    if state == RelationState.WITHDRAWN:
        return QCoreApplication.translate("RoleNames", "↩ Withdrawn")
    if state == RelationState.DECLINED:
        return QCoreApplication.translate("RoleNames", "✗ Declined by the enterprise")
    if state == RelationState.ENDED:
        return QCoreApplication.translate("RoleNames", "✗ Ended")
    return str(state)


def origin_name(origin: OriginValue) -> str:
    """Where a relation came from (R-RE-7: it decides who may withdraw it); a value a newer
    service added shows as it came."""
    names = {
        RelationOrigin.HALL: QCoreApplication.translate("RoleNames", "added at the hall"),
        RelationOrigin.ACCOUNT_CENTER: QCoreApplication.translate(
            "RoleNames", "added in the account center"
        ),
        RelationOrigin.REGISTRATION_DATA: QCoreApplication.translate(
            "RoleNames", "from the registration data"
        ),
        RelationOrigin.TAX_REGISTRATION: QCoreApplication.translate(
            "RoleNames", "from the tax registration"
        ),
        RelationOrigin.CORE_SYSTEM: QCoreApplication.translate(
            "RoleNames", "from the core tax system"
        ),
    }
    return names[origin] if isinstance(origin, RelationOrigin) else str(origin)


def enterprise_name(enterprise: EnterpriseInfo) -> str:
    """Name and code, and 个体工商户 said when it is one (its code is a taxpayer id)."""
    if enterprise.kind == EnterpriseKind.INDIVIDUAL_BUSINESS:
        return QCoreApplication.translate(
            "RoleNames", "{name} (individual business, {code})"
        ).format(name=enterprise.name, code=enterprise.code)
    return QCoreApplication.translate("RoleNames", "{name} ({code})").format(
        name=enterprise.name, code=enterprise.code
    )


def identity_name(acting: Acting) -> str:
    """One line: "enterprise · role", or 个人办税."""
    if acting.entry is not Entry.ENTERPRISE or acting.enterprise is None:
        return QCoreApplication.translate("RoleNames", "Personal business")
    if acting.role is None:
        return enterprise_name(acting.enterprise)
    return QCoreApplication.translate("RoleNames", "{enterprise} · {role}").format(
        enterprise=enterprise_name(acting.enterprise), role=role_name(acting.role)
    )


def scope_lines(acting: Acting, lang: Lang) -> list[str]:
    """What the role may do, as the service configured it (R-RE-9)."""
    return [item.zh if lang is Lang.ZH else item.en for item in acting.scope]
