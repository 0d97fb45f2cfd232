"""What a change does to the scores: two ``scores --json`` reports compared.

A pull request's reviewers see this as a table, so that a resolved
prediction or a new scorecard shows its effect before anyone merges.
Values stay exact: differences are worked out with ``Fraction`` from the
reports' exact strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from . import fmt

# The figures a reader sees, per section of the report.
FIGURES = {
    "scorecards": ("score", "brier", "judged", "happened"),
    "lists": ("size", "best", "worst"),
}
_KIND = {"scorecards": "scorecard", "lists": "list"}


@dataclass(frozen=True)
class Change:
    status: str  # "changed", "new" or "removed"
    kind: str
    id: str
    figure: str
    before: str | None
    after: str | None

    @property
    def delta(self) -> str:
        if self.before is None or self.after is None:
            return ""
        difference = Fraction(self.after) - Fraction(self.before)
        return ("+" if difference > 0 else "") + _shown(fmt.exact(difference))


def changes(base: Mapping[str, Any] | None, head: Mapping[str, Any]) -> list[Change]:
    """Every figure that differs, and the figures of every scorecard or list added or removed."""
    found: list[Change] = []
    for section, figures in FIGURES.items():
        before = {item["id"]: item for item in (base or {}).get(section, [])}
        after = {item["id"]: item for item in head.get(section, [])}
        for ident in sorted(before.keys() | after.keys()):
            old, new = before.get(ident), after.get(ident)
            status = "new" if old is None else "removed" if new is None else "changed"
            for figure in figures:
                was = _value(old, figure)
                now = _value(new, figure)
                if was != now:
                    found.append(Change(status, _KIND[section], ident, figure, was, now))
    return found


def _value(item: Mapping[str, Any] | None, figure: str) -> str | None:
    if item is None or item.get(figure) is None:
        return None
    return str(item[figure])


def _shown(value: str | None) -> str:
    if value is None:
        return "—"
    return value.replace("-", "\u2212", 1) if value.startswith("-") else value


def markdown(found: list[Change], base_missing: bool = False) -> str:
    """The table for a pull request's job summary."""
    lines = ["### Score changes", ""]
    if base_missing:
        lines += ["The base revision has no scores to compare with, so every figure is listed as new.", ""]
    if not found:
        lines.append("No scorecard or list changes any figure.")
        return "\n".join(lines) + "\n"
    items = len({(change.kind, change.id) for change in found})
    lines += [
        f"{items} scorecard{'s' if items != 1 else ''} or list{'s' if items != 1 else ''} affected.",
        "",
        "| | Scorecard or list | Figure | Before | After | Change |",
        "|---|---|---|---|---|---|",
    ]
    for change in found:
        lines.append(
            f"| {change.status} | {change.kind} `{change.id}` | {change.figure} "
            f"| {_shown(change.before)} | {_shown(change.after)} | {change.delta} |"
        )
    return "\n".join(lines) + "\n"
