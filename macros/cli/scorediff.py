"""What a change does to the scores: two ``scores --json`` reports compared.

A pull request's reviewers see this as a table, so that a resolved
prediction or a new scorecard shows its effect before anyone merges.
Figures are written as the site shows them (``+1.50``, a Brier score of
``0.244``); the exact value appears only where rounding would hide a
change.  Differences are worked out with ``Fraction`` from the reports'
exact strings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from macros.data.numbers import counted
from macros.render import fmt


@dataclass(frozen=True)
class Figure:
    key: str  # in the report
    name: str  # as the table names it
    places: int | None  # decimal places shown on the site; None for a count
    shown: Callable[[Fraction], str]


# Every figure a reader sees, per section of the report, written as the site writes it.
FIGURES = {
    "scorecards": (
        Figure("score", "score", 2, fmt.signed),
        Figure("brier", "Brier score", 3, fmt.unsigned),
        Figure("judged", "judged", None, str),
        Figure("happened", "happened", None, str),
    ),
    "lists": (
        Figure("size", "predictions", None, str),
        Figure("best", "best possible", 2, fmt.signed),
        Figure("worst", "worst possible", 2, fmt.signed),
    ),
}
_KIND = {"scorecards": "scorecard", "lists": "list"}
_BY_KEY = {(kind, figure.key): figure for section, kind in _KIND.items() for figure in FIGURES[section]}


@dataclass(frozen=True)
class Change:
    status: str  # "changed", "new" or "removed"
    kind: str
    id: str
    figure: str  # its key in the report
    before: str | None  # exact, as in the report; None if absent
    after: str | None
    list_id: str | None = None  # for a scorecard: the list it judges
    work: str | None = None  # and the work it judges it against

    @property
    def shown_before(self) -> str:
        return self._shown(self.before, self.after, present=self.status != "new")

    @property
    def shown_after(self) -> str:
        return self._shown(self.after, self.before, present=self.status != "removed")

    @property
    def delta(self) -> str:
        """The difference as the site would write it, with ``+`` when it is positive."""
        if self.before is None or self.after is None:
            return ""
        difference = Fraction(self.after) - Fraction(self.before)
        figure = self._figure
        if figure.places is None:
            return _signed_exact(difference)
        if difference != 0 and abs(difference) * 10**figure.places < Fraction(1, 2):
            # It would round to nothing ("+0.00"): the exact difference shows how much.
            return _signed_exact(difference)
        return fmt.signed(difference, figure.places)

    @property
    def _figure(self) -> Figure:
        return _BY_KEY[(self.kind, self.figure)]

    def _shown(self, value: str | None, other: str | None, present: bool) -> str:
        if value is None:
            # An item that exists but has no such figure (a Brier score with nothing judged).
            return "n/a" if present else "\u2014"
        figure = self._figure
        shown = figure.shown(Fraction(value))
        if other is not None and Fraction(other) != Fraction(value) and figure.shown(Fraction(other)) == shown:
            # Rounded alike, the two sides would hide the change.
            return f"{shown} (exactly {_exact(value)})"
        return shown

    @property
    def label(self) -> str:
        said = f"{self.kind} `{self.id}`"
        context = [f"{name} `{value}`" for name, value in (("list", self.list_id), ("work", self.work)) if value]
        return said + (f" ({', '.join(context)})" if context else "")


def changes(base: Mapping[str, Any] | None, head: Mapping[str, Any]) -> list[Change]:
    """Every figure that differs, and the figures of every scorecard or list added or removed."""
    found: list[Change] = []
    for section, figures in FIGURES.items():
        before = {item["id"]: item for item in (base or {}).get(section, [])}
        after = {item["id"]: item for item in head.get(section, [])}
        for ident in sorted(before.keys() | after.keys()):
            old, new = before.get(ident), after.get(ident)
            status = "new" if old is None else "removed" if new is None else "changed"
            # What a scorecard judges, as the newer side has it.
            latest = new if new is not None else old
            assert latest is not None
            context = (
                {"list_id": latest.get("predictions"), "work": latest.get("work")} if section == "scorecards" else {}
            )
            for figure in figures:
                was = _value(old, figure.key)
                now = _value(new, figure.key)
                if was is None and now is None:
                    continue
                if was is None or now is None or Fraction(was) != Fraction(now):
                    found.append(Change(status, _KIND[section], ident, figure.key, was, now, **context))
    return found


def _value(item: Mapping[str, Any] | None, figure: str) -> str | None:
    if item is None or item.get(figure) is None:
        return None
    return str(item[figure])


def _exact(value: str) -> str:
    return fmt.exact(Fraction(value)).replace("-", fmt.MINUS, 1)


def _signed_exact(value: Fraction) -> str:
    return ("+" if value > 0 else "") + fmt.exact(value).replace("-", fmt.MINUS, 1)


def _affected(found: list[Change]) -> str:
    counts = {kind: len({change.id for change in found if change.kind == kind}) for kind in _KIND.values()}
    said = [counted(count, kind) for kind, count in counts.items() if count]
    return " and ".join(said) + " affected."


def markdown(found: list[Change], base_missing: bool = False) -> str:
    """The table for a pull request's job summary: one group of rows a scorecard or list."""
    lines = ["### Score changes", ""]
    if base_missing:
        lines += ["The base revision has no scores to compare with, so every figure is listed as new.", ""]
    if not found:
        lines.append("No scorecard or list changes any figure.")
        return "\n".join(lines) + "\n"
    lines += [
        _affected(found),
        "",
        "| | Scorecard or list | Figure | Before | After | Change |",
        "|---|---|---|---|---|---|",
    ]
    previous: tuple[str, str] | None = None
    for change in found:
        item = (change.kind, change.id)
        status, label = (change.status, change.label) if item != previous else ("", "")
        previous = item
        figure = _BY_KEY[item[0], change.figure].name
        lines.append(
            f"| {status} | {label} | {figure} | {change.shown_before} | {change.shown_after} | {change.delta} |"
        )
    return "\n".join(lines) + "\n"
