"""人企关联's calls (R-RE-4..7, R-HA-2): the person's 企业授权管理, the enterprise's
人员权限管理 and the hall counter; part of ``HttpAccountClient``. Each answers the list as
it is after the action."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kiosk.protocol.enterprise import Relations, Role
from kiosk.protocol.relations import AddPersonRequest, People
from kiosk.services.signed_http import SignedHttp


class RelationCalls(SignedHttp):
    # -- RelationsApi: the person's 企业授权管理 -------------------------------------------

    def _relations(self, token: str, action: str, body: dict[str, Any]) -> Relations:
        path = f"/v1/session/relations/{action}"
        return self.call("POST", path, Relations, body=body, bearer=token)

    def confirm_relation(
        self, session_token: str, relation_id: str, template: Sequence[float] | None = None
    ) -> Relations:
        body: dict[str, Any] = {"relation_id": relation_id}
        if template is not None:
            body |= {"template": [float(v) for v in template]}
        return self._relations(session_token, "confirm", body)

    def refuse_relation(self, session_token: str, relation_id: str) -> Relations:
        return self._relations(session_token, "refuse", {"relation_id": relation_id})

    def apply_relation(self, session_token: str, enterprise_code: str, role: Role) -> Relations:
        body = {"enterprise_code": enterprise_code, "role": role.value}
        return self._relations(session_token, "apply", body)

    def withdraw_application(self, session_token: str, relation_id: str) -> Relations:
        return self._relations(session_token, "withdraw", {"relation_id": relation_id})

    def leave_enterprise(self, session_token: str, relation_id: str) -> Relations:
        return self._relations(session_token, "remove", {"relation_id": relation_id})

    # -- PeopleApi: the enterprise's 人员权限管理 (R-RE-4) -------------------------------

    def people(self, session_token: str) -> People:
        return self.call("GET", "/v1/enterprise/people", People, bearer=session_token)

    def _people(self, token: str, action: str, body: dict[str, Any]) -> People:
        path = f"/v1/enterprise/people/{action}"
        return self.call("POST", path, People, body=body, bearer=token)

    def add_person(self, session_token: str, person: AddPersonRequest) -> People:
        return self._people(session_token, "add", person.model_dump(mode="json"))

    def withdraw_addition(self, session_token: str, relation_id: str) -> People:
        return self._people(session_token, "withdraw", {"relation_id": relation_id})

    def remove_person(self, session_token: str, relation_id: str) -> People:
        return self._people(session_token, "remove", {"relation_id": relation_id})

    def approve_application(self, session_token: str, relation_id: str) -> People:
        return self._people(session_token, "approve", {"relation_id": relation_id})

    def decline_application(self, session_token: str, relation_id: str) -> People:
        return self._people(session_token, "decline", {"relation_id": relation_id})

    # -- HallRelationsApi: the hall counter (R-HA-2) -----------------------------------

    def _hall(self, token: str, action: str, body: dict[str, Any]) -> People:
        path = f"/v1/staff/enterprises/{action}"
        return self.call("POST", path, People, body=body, bearer=token)

    def hall_enterprise(self, staff_token: str, enterprise_code: str) -> People:
        return self._hall(staff_token, "show", {"enterprise_code": enterprise_code})

    def hall_add_person(
        self, staff_token: str, enterprise_code: str, person: AddPersonRequest
    ) -> People:
        body = {"enterprise_code": enterprise_code, **person.model_dump(mode="json")}
        return self._hall(staff_token, "add", body)

    def hall_end_relation(self, staff_token: str, enterprise_code: str, relation_id: str) -> People:
        body = {"enterprise_code": enterprise_code, "relation_id": relation_id}
        return self._hall(staff_token, "end", body)
