"""The enterprise's 人员权限管理 in the walkthrough (issue 18): 张三, legal representative of
北京示例科技, sees its people, fills in 添加办税人员, meets 该办税人员尚未注册 for someone not
registered, adds 李四 (待对方确认), is asked before 删除, and — switched to his tax handler
role — is told why that role cannot manage people (R-RE-4).

It leaves the demo world as it found it: 李四's addition is withdrawn at once, the
deletion is asked and kept, and the switch lasts only for the session.
"""

from __future__ import annotations

from kiosk.demo.ui_driver import DriverError, tap, type_on_keypad
from kiosk.demo.walk import Walk
from kiosk.domain.documents import DocumentType
from kiosk.flows.identity_switch import ChoiceKind
from kiosk.protocol.auth import Factor
from kiosk.protocol.enterprise import RelationState, Role
from kiosk.ui.main_window import EndReason

# The demo world (account_service.demo, README): published for testers.
_CODE = "91110108MA01C3LX6H"  # 北京示例科技有限公司
_ZHANG = ("zhangsan01", "Zhang@2024", "13800000001")
_LI = ("110101199003076528", "李四")  # registered, no relation
_NOBODY = ("110101198001010037", "赵七")  # well-formed, never registered


class PeopleWalkthroughError(DriverError):
    """A step did not reach the screen it should have (the message says which)."""


def run_people_walkthrough(walk: Walk) -> None:
    window = walk.window
    people = window.logged_in.people
    if window.entry is None or people is None:
        return
    enterprise_login(walk)
    home = window.logged_in.screen
    tap(home.people_button)
    walk.at(people.list, "人员权限管理 (张三, legal representative)")
    walk.shoot("100-people-list")

    add = people.add
    tap(people.list.add_button)
    walk.at(add, "添加办税人员")
    tap(add.picker.buttons[DocumentType.RESIDENT_ID])
    type_on_keypad(add.keypad, _NOBODY[0])
    add.name.set_text(_NOBODY[1])
    walk.shoot("101-people-add")
    add.submit()
    walk.settled("the addition of someone not registered")
    if add.banner.text() == "":
        raise PeopleWalkthroughError("该办税人员尚未注册 was not shown")
    walk.shoot("102-people-not-registered")

    add.number.clear()
    type_on_keypad(add.keypad, _LI[0])
    add.name.set_text(_LI[1])
    add.submit()
    walk.at(people.list, "the list after adding 李四")
    walk.shoot("103-people-added")

    # Back as it was: 李四's addition withdrawn.
    card = next(
        c
        for c in people.list.pending.cards
        if c.member.origin == "account_center" and c.member.name_masked.startswith("李")
    )
    tap(card.buttons["withdraw"])
    walk.settled("the withdrawal of 李四's addition")

    handler = next(
        c
        for c in people.list.bound.cards
        if c.member.role == Role.TAX_HANDLER and c.member.state == RelationState.BOUND
    )
    tap(handler.buttons["remove"])
    walk.settled("the question before 删除")
    if not people.list.remove_question.isVisible():
        raise PeopleWalkthroughError("删除 did not ask first")
    walk.shoot("104-people-remove-confirm")
    tap(people.list.remove_question.button("keep"))
    walk.at(people.list, "the list, nothing deleted")

    # R-RE-4: as his tax handler role, 张三 is told why not.
    tap(people.list.back_button)
    walk.at(home, "the logged-in home")
    switching = window.logged_in.switching
    if switching is None:
        raise PeopleWalkthroughError("身份切换 is not wired")
    tap(home.switch_button)
    walk.at(switching.choose, "the identity list")
    choice = next(
        c
        for c in switching.flow.state.choices
        if c.kind is ChoiceKind.ROLE_HERE and c.role is Role.TAX_HANDLER
    )
    tap(switching.choose.button_for(choice))
    walk.at(switching.confirm, "the switch confirmation")
    tap(switching.confirm.switch_button)
    walk.at(home, "the home as tax handler")
    tap(home.people_button)
    walk.at(people.not_allowed, "the R-RE-4 answer for a tax handler")
    walk.shoot("105-people-not-allowed")
    window.end_session(EndReason.LOGOUT)
    walk.settled("the logout")


def enterprise_login(walk: Walk, role: Role = Role.LEGAL_REPRESENTATIVE) -> None:
    """企业业务 as 张三: code, identifier, password, the second factor, then ``role`` (he
    holds two in 北京示例科技)."""
    window = walk.window
    entry = window.entry
    assert entry is not None
    identifier, password, phone = _ZHANG
    window.journeys.start_enterprise_login()
    login = window.login
    credentials = login.credentials
    walk.at(credentials, "the 企业业务 login")
    type_on_keypad(credentials.code_keypad, _CODE)
    tap(credentials.identifier.line_edit)
    credentials.identifier.set_text(identifier)
    credentials.password.set_text(password)
    credentials.submit()
    walk.settled("the password check")
    if walk.by_tax_app("张*"):  # 张三 is the strip's only 张*
        walk.at(entry.roles, "the role choice after the scan")
    else:
        if window.current_screen() is login.factor_choice:
            login.choose_factor(Factor.SMS)
            walk.settled("the choice of the SMS code")
        walk.at(login.sms, "the SMS step")
        tap(login.sms.request_button)
        walk.settled("the SMS code")
        type_on_keypad(login.sms.keypad, walk.code(phone))
        login.sms.submit()
        walk.settled("the code check")
    walk.at(entry.roles, "the role choice (张三 holds two roles in 北京示例科技)")
    tap(entry.roles.buttons[role])
    walk.at(window.logged_in.screen, "the logged-in home acting for 北京示例科技")
