"""The demo agent's Tax UKey (R-AG-2): an emulated card whose signing key is the one the
account service's demo data has on record (``demo_keys``). DEMO ONLY."""

from __future__ import annotations

from datetime import datetime

from kiosk.demo.demo_keys import DEMO_AGENT_CERTIFICATES, DemoAgentCertificate, demo_agent_key
from kiosk.devices.cards.certificates import CertificateHolder
from kiosk.devices.cards.emulator.card import EmulatedTaxUKey
from kiosk.devices.cards.emulator.factory import IssuedIdentity, build_card

# The demo agent card's certificate password: already changed from the factory 12345678 (so
# the demo goes straight to the agent login) and valid under the R-AC-3 rules. DEMO ONLY.
DEMO_AGENT_CERT_PIN = b"Agent2026"


def demo_agent_card(
    now: datetime,
    *,
    agent: DemoAgentCertificate = DEMO_AGENT_CERTIFICATES[0],
    user_pin: bytes = DEMO_AGENT_CERT_PIN,
    not_after: datetime | None = None,
) -> tuple[EmulatedTaxUKey, IssuedIdentity]:
    """The emulated Tax UKey of a demo agent (default 王五): the signing certificate
    carries the serial the account service's demo data has on record and the key
    ``demo_agent_key(serial)`` derives, so the demo and the tests log in the same way.
    Valid from yesterday for a year (the service's record spans that) unless told."""
    return build_card(
        CertificateHolder(agent.holder_name),
        now=now,
        not_after=not_after,
        serial=f"UK{agent.serial:010d}",
        user_pin=user_pin,
        signing_private_value=demo_agent_key(agent.serial),
        certificate_serial=agent.serial,
    )
