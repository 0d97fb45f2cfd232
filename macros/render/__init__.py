"""Every figure, badge, table and card a reader sees, as escaped HTML.

One module a subject, each adding its macros to the one before it:
``figures`` (inline figures), ``tiers`` (citations and badges), ``markets``,
``sequence`` (the parts), ``lists`` (prediction tables and scorecards),
``ledger`` (the ledger, list pages, calibration and page descriptions) and
``sharecards`` (what each page's share image says; ``cardimage`` paints
it), on ``base`` (the build's indexes and one page's state).  ``Renderer`` is them
all, made for one page; block macros return one line of HTML that starts
with a block element, so Markdown passes it through untouched.
"""

from __future__ import annotations

from macros.render.base import _VERDICTS, Links, PageRenderer, SiteIndex, generated_pages, list_page_path, macro
from macros.render.sharecards import ShareCards


class Renderer(ShareCards):
    """Every macro of the site, drawn for one page."""


__all__ = [
    "_VERDICTS",
    "Links",
    "PageRenderer",
    "Renderer",
    "SiteIndex",
    "generated_pages",
    "list_page_path",
    "macro",
]
