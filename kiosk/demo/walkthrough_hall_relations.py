"""Staff mode → 人企关联 at the hall counter in the walkthrough (issue 18, R-HA-2): staff
look up 北京示例科技 on the code keypad, see its people, add 李四 as a tax handler, and are
asked to confirm ending that relation — which they then end, so the demo world is as it was
for the parts after this one (李四 registered, unrelated; 张三's relations untouched)."""

from __future__ import annotations

from kiosk.demo.ui_driver import type_on_keypad
from kiosk.demo.walk import Walk
from kiosk.demo.walkthrough_staff import StaffDemo
from kiosk.domain.documents import DocumentType
from kiosk.protocol.enterprise import Role

ENTERPRISE_CODE = "91110108MA01C3LX6H"  # 北京示例科技
LI_ID, LI_NAME = "110101199003076528", "李四"  # registered, no relation


def run_hall_relations_walkthrough(walk: Walk, staff: StaffDemo) -> None:
    journey = walk.window.staff
    if journey is None or journey.relations is None:
        return
    relations = journey.relations
    walk.window.journeys.open_staff()
    walk.settled("the connection check")
    login = journey.login
    login.staff_no.set_text(staff.staff_no)
    login.password.set_text(staff.password)
    login.submit()
    walk.at(journey.home, "staff home")
    journey.open_relations()
    walk.at(relations.search, "the enterprise search")
    type_on_keypad(relations.search.keypad, ENTERPRISE_CODE)
    walk.shoot("64-hall-relations-search")
    relations.search.submit()
    walk.at(relations.people, "the enterprise's people")
    walk.shoot("65-hall-relations-list")

    relations.start_add()
    walk.at(relations.add, "the add screen")
    add = relations.add
    add.choose_type(DocumentType.RESIDENT_ID)
    type_on_keypad(add.keypad, LI_ID)
    add.name.set_text(LI_NAME)
    add.choose_role(Role.TAX_HANDLER)
    walk.shoot("66-hall-relations-add")
    add.submit()
    walk.at(relations.people, "the list with 李四 added")
    added = relations.flow.state.added
    if added is None:
        raise AssertionError("the hall did not answer the relation it added")

    relations.ask_end(added.relation_id)
    walk.at(relations.end, "the confirmation to end the relation")
    walk.shoot("67-hall-relations-end-confirm")
    relations.confirm_end()  # the demo world as it was: 李四 unrelated again
    walk.at(relations.people, "the list after the end")
    relations.left.emit()
    walk.at(journey.home, "staff home")
    journey.logout()
