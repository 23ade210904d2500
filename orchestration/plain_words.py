"""Lists in plain words, for messages: "A", "A and B", "A, B and C" (or "or")."""

from __future__ import annotations

from collections.abc import Iterable


def joined(items: Iterable[str], word: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"
