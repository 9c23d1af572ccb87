import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The kiosk's on-screen keyboard, inside its window, as kiosk.app sets it up (before the
# QApplication of the session exists).
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
os.environ.setdefault("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", "1")

pytest_plugins = ["tests.support.fixtures", "tests.support.bundle_hall", "tests.support.logfail"]
