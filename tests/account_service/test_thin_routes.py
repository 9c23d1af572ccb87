"""Routes stay thin: the session comes from ``CurrentSession`` and every POST answers
through the ``Run`` dependency (account_service.api), never by hand in a router."""

from __future__ import annotations

from pathlib import Path

import pytest

import account_service

ROUTERS = sorted(Path(account_service.__file__).parent.glob("*/router.py"))
FORBIDDEN = ("bearer_token(", "run_idempotent(", "JSONResponse(")


def test_routers_are_found() -> None:
    assert len(ROUTERS) >= 10


@pytest.mark.parametrize("router", ROUTERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_router_leaves_plumbing_to_the_api_package(router: Path) -> None:
    text = router.read_text(encoding="utf-8")
    found = [call for call in FORBIDDEN if call in text]
    assert not found, f"{router.parent.name}/router.py calls {found}: use CurrentSession / Run"
