"""The enterprise entry's calls once the first factor is elsewhere (the enterprise's
certificate medium, R-EN-1) and acting for an enterprise once logged in (R-RE-3/5/8,
R-SW-1, R-AG-3); part of ``HttpAccountClient``."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from kiosk.protocol.auth import PasswordAccepted, SessionAnswer
from kiosk.protocol.enterprise import Acting, Entry, Identities, Relations, Role
from kiosk.protocol.enterprise_certificates import (
    CertificateChallenge,
    EnterpriseCertificateAccepted,
)
from kiosk.services.signed_http import SignedHttp


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class EnterpriseCalls(SignedHttp):
    # -- ActingApi: acting for an enterprise, 身份切换, 同步数据 ---------------------------------

    def acting(self, session_token: str) -> Acting:
        answer = self.call("GET", "/v1/session", SessionAnswer, bearer=session_token)
        return answer.acting or Acting(entry=Entry.NATURAL_PERSON)

    def choose_role(self, session_token: str, role: Role) -> Acting:
        body = {"role": role.value}
        return self.call("POST", "/v1/session/role", Acting, body=body, bearer=session_token)

    def confirm_pending(
        self, session_token: str, role: Role, template: Sequence[float] | None = None
    ) -> Acting:
        body: dict[str, Any] = {"role": role.value}
        if template is not None:
            body |= {"template": [float(v) for v in template]}
        path = "/v1/session/pending/confirm"
        return self.call("POST", path, Acting, body=body, bearer=session_token)

    def refuse_pending(self, session_token: str, role: Role) -> Acting:
        body = {"role": role.value}
        path = "/v1/session/pending/refuse"
        return self.call("POST", path, Acting, body=body, bearer=session_token)

    def identities(self, session_token: str) -> Identities:
        return self.call("GET", "/v1/session/identities", Identities, bearer=session_token)

    def switch_identity(
        self, session_token: str, enterprise_code: str | None, role: Role | None
    ) -> Acting:
        body = {"enterprise_code": enterprise_code, "role": role.value if role else None}
        return self.call("POST", "/v1/session/switch", Acting, body=body, bearer=session_token)

    def sync_relations(self, session_token: str) -> Relations:
        path = "/v1/session/relations/sync"
        return self.call("POST", path, Relations, body={}, bearer=session_token)

    # -- EnterpriseCertificateApi: 企业业务 by the enterprise's certificate (R-EN-1) -------

    def start_enterprise_certificate_login(self, certificate_der: bytes) -> CertificateChallenge:
        body = {"certificate": _b64(certificate_der)}
        path = "/v1/enterprise-certificates/login/challenge"
        return self.call("POST", path, CertificateChallenge, body=body)

    def answer_enterprise_certificate_challenge(
        self, challenge_id: str, signature_der: bytes
    ) -> EnterpriseCertificateAccepted:
        path = f"/v1/enterprise-certificates/login/challenge/{challenge_id}/signature"
        body = {"signature": _b64(signature_der)}
        return self.call("POST", path, EnterpriseCertificateAccepted, body=body)

    def submit_enterprise_certificate_identifier(
        self, login_id: str, identifier: str
    ) -> PasswordAccepted:
        path = f"/v1/enterprise-certificates/login/{login_id}/identifier"
        return self.call("POST", path, PasswordAccepted, body={"identifier": identifier})
