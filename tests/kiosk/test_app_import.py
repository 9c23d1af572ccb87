"""`kiosk demo` imports the composition root in a fresh interpreter; so must anyone.

PySide6's import hook inspects modules imported after it; pydantic imported lazily after Qt
then fails with a circular ImportError. pytest imports things in another order and hides it,
so this runs a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("module", "name"), [("kiosk.app", "run_terminal"), ("kiosk.demo.app", "run_demo")]
)
def test_composition_roots_import_in_a_fresh_interpreter(module: str, name: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"from {module} import {name}; print({name}.__name__)"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == name
