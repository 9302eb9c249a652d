"""What the check of a profile finds: explanations, choices and conflicts, in words."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


class ProfileConflictError(Exception):
    """Figures of a profile that cannot all hold, each named with by how much."""

    def __init__(self, conflicts: list[str]) -> None:
        self.conflicts = conflicts
        super().__init__("; ".join(conflicts))


def n(value: Any) -> str:
    """A figure as the report writes it: 12,840; 0.57."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


@dataclass
class Notes:
    """Explanations (figures that do not add up, and why they can all hold), choices (figures the
    profile leaves open and what the generator took), conflicts (figures that cannot all hold)."""

    explanations: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def explain(self, text: str) -> None:
        self.explanations.append(text)

    def choose(self, text: str) -> None:
        self.choices.append(text)

    def conflict(self, text: str) -> None:
        self.conflicts.append(text)

    def stop_if_conflicts(self) -> None:
        if self.conflicts:
            raise ProfileConflictError(self.conflicts)
