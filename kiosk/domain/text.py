"""What every typed text must be before anything stores or compares it: printable. No NUL
or other control character (PostgreSQL refuses NUL; SQLite would store it), no lone UTF-16
surrogate (it cannot be encoded), no bidirectional override or line separator (they make a
name or a log line read as something else)."""

from __future__ import annotations

import re

_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


def unprintable(text: str) -> bool:
    """Whether ``text`` holds a character no typed value may hold."""
    return _UNPRINTABLE.search(text) is not None


def first_unprintable(value: object, path: str = "") -> str | None:
    """The path (``personal.name``, ``records[2]``) of the first bad string in a JSON-like
    value, keys included, or None when every string is printable."""
    if isinstance(value, str):
        return path or "value" if unprintable(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and unprintable(key):
                return path or "(a key)"
            found = first_unprintable(item, where)
            if found is not None:
                return found
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = first_unprintable(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def escape_controls(text: str) -> str:
    """For a log line: every unprintable character written as ``\\xNN`` / ``\\uNNNN``, so
    a CR/LF typed into a request cannot start a forged line of its own."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
