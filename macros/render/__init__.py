"""Every figure, badge, table and card a reader sees, as escaped HTML.

A macro is a plain function marked ``@macro`` that takes the page's
``PageContext`` first (``base``: the data, the build's indexes and what the
page has used); ``registry`` holds the one table of them, which the build
and ``check`` bind to each page.  One module a subject, each importing what
it uses from those before it: ``figures`` (inline figures), ``tiers``
(citations and badges), ``markets``, ``sequence`` (the parts), ``lists``
(prediction tables and scorecards), ``forecasts`` (each forecast and the
track record), ``ledger`` (the ledger, list pages and calibration) and
``sharecards`` (what each page's share image says; ``cardimage`` paints
it).  ``pages`` is what the build asks of a page besides its macros: title,
description, share card and a part's frame.  Block macros return one line
of HTML that starts with a block element, so Markdown passes it through
untouched.
"""

from __future__ import annotations

# Imported for their macros, which enter the registry's table as they load.
from macros.render import figures, forecasts, ledger, lists, markets, sequence, sharecards, tiers
from macros.render.base import VERDICTS, Links, PageContext, SiteIndex, generated_pages, list_page_path
from macros.render.registry import MACROS, bind, bind_checks, macro, macro_names

SUBJECTS = (figures, tiers, markets, sequence, lists, forecasts, ledger, sharecards)

__all__ = [
    "MACROS",
    "SUBJECTS",
    "VERDICTS",
    "Links",
    "PageContext",
    "SiteIndex",
    "bind",
    "bind_checks",
    "generated_pages",
    "list_page_path",
    "macro",
    "macro_names",
]
