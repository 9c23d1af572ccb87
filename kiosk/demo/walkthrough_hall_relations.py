"""Staff mode → 人企关联 at the hall counter in the walkthrough (issue 18): to be written."""

from __future__ import annotations

from kiosk.demo.walk import Walk
from kiosk.demo.walkthrough_staff import StaffDemo


def run_hall_relations_walkthrough(walk: Walk, staff: StaffDemo) -> None:
    del walk, staff
