"""The person's 企业授权管理 in the walkthrough (issue 18): to be written."""

from __future__ import annotations

from kiosk.demo.walk import Walk


def run_relations_walkthrough(walk: Walk) -> None:
    del walk
