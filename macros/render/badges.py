"""Standalone SVG badges for the tiers, for other sites to embed.

Each badge spells out its tier's number and name (and the argued tier of
a contested placement), so it never relies on colour alone.  Pure: the
caller writes the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from xml.sax.saxutils import escape, quoteattr

from macros.data.colour import WHITE
from macros.data.model import Dataset, Tier

BADGE_DIR = "badges"
HEIGHT = 20
FONT_SIZE = 11
PADDING = 6
TEXT_COLOUR = WHITE
LABEL_BACKGROUND = "#3d434a"

# Rough advance widths (px at 11px) of a wide sans-serif such as Verdana.
# Each text also carries textLength, so a different font stretches to fit
# instead of overflowing its box.
_NARROW = set("iljtfrI.,:;'|!()[] ")
_WIDE = set("mwMW@%")


def text_width(value: str) -> int:
    width = Fraction(0)
    for char in value:
        if char in _NARROW:
            width += Fraction(7, 2)
        elif char in _WIDE:
            width += 10
        elif char.isupper() or char.isdigit():
            width += Fraction(15, 2)
        else:
            width += Fraction(13, 2)
    return int(width.__ceil__())


@dataclass(frozen=True)
class Badge:
    """One badge file: a tier, or a tier with the tier others argued for."""

    tier: Tier
    argued: Tier | None = None

    @property
    def filename(self) -> str:
        suffix = f"-argued-{self.argued.tier}" if self.argued is not None else ""
        return f"tier-{self.tier.tier}{suffix}.svg"

    @property
    def path(self) -> str:
        return f"{BADGE_DIR}/{self.filename}"

    @property
    def label(self) -> str:
        return f"Tier {self.tier.tier}"

    @property
    def message(self) -> str:
        if self.argued is None:
            return self.tier.name
        return f"{self.tier.name}, argued {self.argued.tier}"

    @property
    def widths(self) -> tuple[int, int]:
        """The label's and the message's boxes, in px."""
        return text_width(self.label) + 2 * PADDING, text_width(self.message) + 2 * PADDING

    @property
    def width(self) -> int:
        return sum(self.widths)

    @property
    def alt(self) -> str:
        """The badge in words, for alt text and the SVG's title."""
        said = f"Tier {self.tier.tier} of the tiers of rigor: {self.tier.name}"
        if self.argued is not None:
            said += f"; others argued for tier {self.argued.tier}: {self.argued.name}"
        return said


def markdown_text(value: str) -> str:
    """Text for a Markdown image's label: what would start code, emphasis or a link is escaped."""
    return "".join("\\" + char if char in _MARKDOWN_ACTIVE else char for char in value)


_MARKDOWN_ACTIVE = set("\\`*_[]")


def badges(data: Dataset) -> list[Badge]:
    """One badge per tier, and one per contested pair that a work has."""
    found = [Badge(tier) for tier in sorted(data.tiers, key=lambda t: t.tier)]
    pairs = sorted({(work.tier, work.tier_argued) for work in data.works if work.tier and work.tier_argued})
    found += [Badge(data.tier(tier), data.tier(argued)) for tier, argued in pairs]
    return found


def svg(badge: Badge) -> bytes:
    """The badge as a standalone SVG document (label | message)."""
    label_width, message_width = badge.widths
    width = badge.width
    baseline = 14
    alt = quoteattr(badge.alt)
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" '
            f'viewBox="0 0 {width} {HEIGHT}" role="img" aria-label={alt}>'
        ),
        f"<title>{escape(badge.alt)}</title>",
        f'<rect width="{width}" height="{HEIGHT}" rx="3" fill="{LABEL_BACKGROUND}"/>',
        f'<rect x="{label_width}" width="{message_width}" height="{HEIGHT}" rx="3" fill="{badge.tier.colour}"/>',
        f'<rect x="{label_width}" width="4" height="{HEIGHT}" fill="{badge.tier.colour}"/>',
        f'<g fill="{TEXT_COLOUR}" font-family="Verdana,DejaVu Sans,Geneva,sans-serif" font-size="{FONT_SIZE}">',
        _text(PADDING, baseline, badge.label, bold=True),
        _text(label_width + PADDING, baseline, badge.message),
        "</g>",
        "</svg>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")


def _text(x: int, y: int, value: str, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    length = text_width(value)
    return f'<text x="{x}" y="{y}" textLength="{length}" lengthAdjust="spacingAndGlyphs"{weight}>{escape(value)}</text>'
