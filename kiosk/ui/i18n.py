"""Translations: English source strings in ``tr()``, Chinese in ``resources/translations``.

The committed ``.ts`` files are the source of truth; the ``.qm`` files are built from them
(git-ignored) by :func:`build_translations`, at application start and in tests.
Switching language installs or removes the translator; Qt then sends ``LanguageChange`` to
every widget and each screen re-translates itself (``changeEvent``), keeping what was typed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Protocol

import PySide6
from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal

from kiosk.protocol.messages import Lang
from kiosk.ui.paths import TRANSLATIONS_DIR

# The languages with a translation file; English is the source language (no file).
TRANSLATED: tuple[Lang, ...] = (Lang.ZH,)


class TranslationError(RuntimeError):
    """A translation could not be built or loaded: the kiosk must not start half-translated."""


def lrelease_path() -> Path:
    """The ``lrelease`` shipped inside the PySide6 wheel (else ``pyside6-lrelease`` on PATH)."""
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    bundled = Path(PySide6.__file__).resolve().parent / name
    if bundled.is_file():
        return bundled
    found = shutil.which("pyside6-lrelease")
    if found is None:
        raise TranslationError("lrelease not found: install PySide6-Essentials")
    return Path(found)


def qm_path(lang: Lang, directory: Path = TRANSLATIONS_DIR) -> Path:
    return directory / f"{lang.value}.qm"


def build_translations(force: bool = False, *, directory: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Compile every ``*.ts`` to ``*.qm`` next to it when missing or older; return the .qm paths."""
    built: list[Path] = []
    sources = sorted(directory.glob("*.ts"))
    if not sources:
        raise TranslationError(f"no .ts files in {directory}")
    for ts in sources:
        qm = ts.with_suffix(".qm")
        stale = not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime
        if force or stale:
            _compile(ts, qm)
        built.append(qm)
    return built


def _compile(ts: Path, qm: Path) -> None:
    # Compile to a temporary file and rename: a half-written .qm must never be loaded.
    fd, tmp_name = tempfile.mkstemp(suffix=".qm", dir=qm.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        done = subprocess.run(  # noqa: S603 - fixed tool path and our own files
            [str(lrelease_path()), "-silent", str(ts), "-qm", str(tmp)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise TranslationError(f"lrelease failed for {ts.name}: {done.stderr.strip()}")
        tmp.replace(qm)
    finally:
        tmp.unlink(missing_ok=True)


class LanguageController(QObject):
    """The current language of the terminal; switching it re-translates every widget."""

    changed = Signal(object)  # the new Lang

    def __init__(
        self,
        app: QCoreApplication,
        *,
        initial: Lang = Lang.ZH,
        directory: Path = TRANSLATIONS_DIR,
    ) -> None:
        super().__init__()
        self._app = app
        self._translators: dict[Lang, QTranslator] = {}
        for lang in TRANSLATED:
            translator = QTranslator(self)
            path = qm_path(lang, directory)
            if not translator.load(str(path)):
                raise TranslationError(f"cannot load {path}; call build_translations() first")
            self._translators[lang] = translator
        self._current = Lang.EN
        self.initial = initial
        self.set_language(initial)

    @property
    def current(self) -> Lang:
        return self._current

    def set_language(self, lang: Lang) -> None:
        if lang is self._current:
            return
        # ``current`` changes first: widgets read it while handling LanguageChange.
        old, self._current = self._current, lang
        if old in self._translators:
            self._app.removeTranslator(self._translators[old])
        if lang in self._translators:
            self._app.installTranslator(self._translators[lang])
        self.changed.emit(lang)

    def reset(self) -> None:
        """A new session starts in the terminal's own language (R-SE-1)."""
        self.set_language(self.initial)

    def toggle(self) -> None:
        self.set_language(Lang.EN if self._current is Lang.ZH else Lang.ZH)

    def detach(self) -> None:
        """Remove our translators from the application (tests build several windows)."""
        for translator in self._translators.values():
            self._app.removeTranslator(translator)


class LangSource(Protocol):
    """Anything that knows the current language (the controller; a stub in widget tests)."""

    @property
    def current(self) -> Lang: ...
