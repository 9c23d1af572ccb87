"""Deterministic SM2 keys for the demo agents' certificates (issue 5, R-AG-2).

The account service's demo data records each demo agent certificate's public key; the
kiosk's emulated Tax UKey for the demo must carry the matching private key. Both derive it
here from the certificate serial, so the two sides agree without a key file. DEMO ONLY:
anyone can recompute these keys, which is the point for testers and wrong everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.sm2 import N, public_point, sm3

_LABEL = b"tax-kiosk demo agent certificate key v1\x00"


@dataclass(frozen=True, slots=True)
class DemoAgentCertificate:
    """What the demo's emulator card and the service's demo data share for one agent."""

    serial: int
    holder_document_number: str  # the agent person (account_service.demo.DEMO_PERSONS)
    holder_name: str


# 王五 is an active agent of the demo agency; 陈小明 is a revoked one (refused, R-AG-1).
DEMO_AGENT_CERTIFICATES: tuple[DemoAgentCertificate, ...] = (
    DemoAgentCertificate(0x5A0E0001, "320106197603154413", "王五"),
    DemoAgentCertificate(0x5A0E0002, "H60123456", "陈小明"),
)


def demo_agent_key(serial: int) -> int:
    """The SM2 private value d in [1, n-2] for the demo certificate with this serial."""
    if serial <= 0:
        raise ValueError("a certificate serial is a positive integer")
    seed = _LABEL + serial.to_bytes((serial.bit_length() + 7) // 8, "big")
    return int.from_bytes(sm3(seed), "big") % (N - 2) + 1


def demo_agent_public_point(serial: int) -> bytes:
    """The uncompressed public key (04‖X‖Y) the service records for that certificate."""
    return public_point(demo_agent_key(serial))


# -- the demo enterprise's Tax UKey (企业业务 by certificate, R-EN-1, seed 002 11) ---------

_ENTERPRISE_LABEL = b"tax-kiosk demo enterprise certificate key v1\x00"


@dataclass(frozen=True, slots=True)
class DemoEnterpriseCertificate:
    """What the demo's emulated enterprise medium and the service's demo data share."""

    serial: int
    enterprise_code: str  # account_service.demo.DEMO_ENTERPRISES
    enterprise_name: str


# 北京示例科技有限公司's 税务UKey: 张三 (legal representative), 王五 (pending finance head)
# and 陈小明 (pending handler) may enter with it; 李四 hears R-RE-8's answer.
DEMO_ENTERPRISE_CERTIFICATES: tuple[DemoEnterpriseCertificate, ...] = (
    DemoEnterpriseCertificate(0x5E0C0001, "91110108MA01C3LX6H", "北京示例科技有限公司"),
)


def demo_enterprise_key(serial: int) -> int:
    """The SM2 private value for the demo enterprise certificate with this serial (its own
    label: never the same key as an agent certificate of the same serial)."""
    if serial <= 0:
        raise ValueError("a certificate serial is a positive integer")
    seed = _ENTERPRISE_LABEL + serial.to_bytes((serial.bit_length() + 7) // 8, "big")
    return int.from_bytes(sm3(seed), "big") % (N - 2) + 1


def demo_enterprise_public_point(serial: int) -> bytes:
    """The uncompressed public key (04‖X‖Y) the service records for that certificate."""
    return public_point(demo_enterprise_key(serial))
