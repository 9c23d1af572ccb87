import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The kiosk's on-screen keyboard, inside its window, as kiosk.app sets it up (before the
# QApplication of the session exists).
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
os.environ.setdefault("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", "1")

pytest_plugins = ["tests.support.fixtures", "tests.support.bundle_hall", "tests.support.logfail"]

# Tests that drive the one virtual card reader (pcscd + vpcd) share it: under pytest-xdist
# they run on one worker, one after another (``--dist loadgroup``).
_ONE_READER = ("tests/pcsc/", "tests/kiosk/devices/cards_backends/", "tests/kiosk/test_cli.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        where = item.nodeid.split("::", 1)[0]
        if where.startswith(_ONE_READER):
            item.add_marker(pytest.mark.xdist_group("virtual-card-reader"))
