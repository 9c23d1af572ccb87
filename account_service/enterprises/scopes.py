"""What each role may do for its enterprise (R-RE-9: "在授权范围内办理"), shown to the person
on the logged-in home. Provinces word it differently, so it is configuration
(``Settings.role_scopes``); these are the defaults, from the seeds (002 25, 003 四, 004 三)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kiosk.protocol.enterprise import Role, ScopeItem

_ALL_BUSINESS = ScopeItem(zh="办理全部涉税费业务", en="All tax and fee business")
_PEOPLE = ScopeItem(
    zh="添加、删除办税员和开票员（R-RE-4）",
    en="Add and delete tax handlers and invoicers (R-RE-4)",
)

DEFAULT_SCOPES: dict[Role, tuple[ScopeItem, ...]] = {
    Role.LEGAL_REPRESENTATIVE: (_ALL_BUSINESS, _PEOPLE),
    Role.FINANCE_HEAD: (_ALL_BUSINESS, _PEOPLE),
    Role.TAX_HANDLER: (
        ScopeItem(
            zh="在授权范围内申报、缴纳税费", en="File and pay taxes within the authorization"
        ),
        ScopeItem(zh="发票领用和查询", en="Request and look up invoices"),
    ),
    Role.INVOICER: (
        ScopeItem(zh="开具发票", en="Issue invoices"),
        ScopeItem(zh="发票查询", en="Look up invoices"),
    ),
    Role.TAX_AGENT: (
        ScopeItem(
            zh="代理协议约定范围内的涉税业务",
            en="Tax business within the agency agreement",
        ),
    ),
}

# History and audit texts name roles in both languages.
ROLE_NAMES: dict[Role, tuple[str, str]] = {
    Role.LEGAL_REPRESENTATIVE: ("法定代表人", "legal representative"),
    Role.FINANCE_HEAD: ("财务负责人", "finance head"),
    Role.TAX_HANDLER: ("办税员", "tax handler"),
    Role.INVOICER: ("开票员", "invoicer"),
    Role.TAX_AGENT: ("涉税代理人员", "tax agent"),
}


def scope_for(
    role: Role, configured: Mapping[Role, Sequence[ScopeItem]] | None
) -> tuple[ScopeItem, ...]:
    """The configured scope of ``role``, else the default."""
    if configured is not None and role in configured:
        return tuple(configured[role])
    return DEFAULT_SCOPES[role]
