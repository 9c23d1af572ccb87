"""User-facing text has one home per kind (issue 16, acceptance 3).

- An error a person can meet: the catalog, ``kiosk.protocol.messages`` (a code, zh and en).
- A validator's reason: its ``ValidationResult`` (``reason(lang)`` and ``rule``).
- The screens' own words: Qt ``tr()``, shown as a ``Text`` (``kiosk.ui.common.text``):
  no ``lambda _lang`` bridging Qt texts into a language-taking callable.

And one name per concept: a validator's "which part is wrong" is ``FieldFault``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "kiosk" / "domain" / "messages.py"
ENUM_BASES = {"Enum", "StrEnum", "IntEnum", "Flag", "IntFlag"}


def python_files(*folders: str) -> Iterator[Path]:
    for folder in folders:
        yield from sorted((ROOT / folder).rglob("*.py"))


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"


def _ignores_its_language(node: ast.AST) -> bool:
    """A function or lambda taking ``lang`` (or ``_lang``) and never reading it: a Qt text
    dressed as a language-taking one (``lambda _lang: self.tr(...)``, ``del lang``)."""
    if not isinstance(node, ast.FunctionDef | ast.Lambda):
        return False
    body = node.body if isinstance(node.body, list) else [node.body]
    if all(isinstance(b, ast.Expr) and isinstance(b.value, ast.Constant) for b in body):
        return False  # a protocol's stub: ``...`` or a docstring
    for arg in node.args.args:
        if arg.arg in {"lang", "_lang"}:
            reads = (
                n
                for b in body
                for n in ast.walk(b)
                if isinstance(n, ast.Name) and n.id == arg.arg and isinstance(n.ctx, ast.Load)
            )
            if next(reads, None) is None:
                return True
    return False


def test_no_language_taking_callables_that_ignore_the_language() -> None:
    """A Qt text is translated by Qt (the installed translator): it is shown as a ``Text``,
    with no language argument to ignore."""
    found = [
        where(path, node)
        for path in python_files("kiosk/ui", "kiosk/demo")
        for node in ast.walk(parsed(path))
        if _ignores_its_language(node)
    ]
    assert found == [], "show a Text (kiosk.ui.common.text), not lambda _lang"


def _is_text_pair(value: ast.expr) -> bool:
    return (
        isinstance(value, ast.Tuple)
        and len(value.elts) == 2
        and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts)
    )


def _enum_text_pairs(folder: str) -> list[str]:
    found: list[str] = []
    for path in python_files(folder):
        if path == CATALOG:
            continue
        for node in ast.walk(parsed(path)):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {
                b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases
            }
            if not bases & ENUM_BASES:
                continue
            found.extend(
                f"{where(path, member)} {node.name}"
                for member in node.body
                if isinstance(member, ast.Assign) and _is_text_pair(member.value)
            )
    return found


@pytest.mark.parametrize("folder", ["kiosk", "account_service"])
def test_no_zh_en_enums_outside_the_catalog(folder: str) -> None:
    """A sentence a person reads is a catalog entry (a code with zh and en), not an enum
    member holding its own (zh, en) pair."""
    assert _enum_text_pairs(folder) == []


def test_a_validators_reason_is_a_field_fault_not_a_problem() -> None:
    found = [
        where(path, node)
        for path in python_files("kiosk")
        for node in ast.walk(parsed(path))
        if isinstance(node, ast.ClassDef) and node.name == "Problem"
    ]
    assert found == []
