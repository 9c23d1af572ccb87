"""What a screen shows, each kind from its one home, rendered in the current language.

- ``UserError``: an error a person can meet, from the catalog (``kiosk.protocol.messages``:
  a code with its rule, zh and en), worded by ``error_text``.
- ``Reason``: a validator's reason (``ValidationResult``): ``reason(lang)`` and ``rule``.
- ``Text``: the screens' own words, a ``self.tr("...")`` or
  ``QCoreApplication.translate("Context", "...")`` call made each time the text is shown, so
  a language switch translates it again, and ``lupdate`` finds the literal in the source.

Widgets that keep what they show and show it again on a language switch (the banner, a
field's feedback, the camera's placeholder) take a ``Shown`` and render it with ``render``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import Lang
from kiosk.ui.common.error_text import error_text

Text = Callable[[], str]


class Reason(Protocol):
    """A validator's reason: ``kiosk.domain.validation.ValidationResult`` and its kin."""

    @property
    def rule(self) -> str | None: ...

    def reason(self, lang: Lang) -> str: ...


Shown = UserError | Reason | Text


def render(shown: Shown, lang: Lang) -> str:
    if isinstance(shown, UserError):
        return error_text(shown, lang)
    if callable(shown):
        return shown()
    return shown.reason(lang)


def rule_of(shown: Shown) -> str | None:
    """The rule id printed small for hall staff (a screen's own words cite none)."""
    if isinstance(shown, UserError):
        return shown.rule
    if callable(shown):
        return None
    return shown.rule or None
