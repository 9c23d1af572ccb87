"""The enterprise's 人员权限管理 in the walkthrough (issue 18): to be written."""

from __future__ import annotations

from kiosk.demo.walk import Walk


def run_people_walkthrough(walk: Walk) -> None:
    del walk
