"""Citations, tier badges, the ladder of tiers and the works placed on it."""

from __future__ import annotations

from markupsafe import Markup, escape

from macros.data.model import Tier, Work
from macros.render import badges, fmt
from macros.render.base import TIERS_PAGE, PageContext, link
from macros.render.html import Content, columns, el, join, table, text
from macros.render.registry import macro


@macro
def cite(page: PageContext, work_id: str) -> Markup:
    work = page.data.work(work_id)
    page.cited[work.id] = None
    # No tooltip: the title is in the page's list of works cited, as text.  No class:
    # nothing styles a citation apart from other links.
    return link(work.url, work.citation)


def _badge(page: PageContext, tier: Tier | None, argued: Tier | None = None) -> Markup:
    """The one badge primitive: a tier's number and name, never colour alone.

    No tooltip: what a badge means is on the tiers page it links to, and
    a work's place within its tier is text beside it (``work_badge``).
    """
    if tier is None and argued is None:
        return el("span", "No tier", class_="eis-badge eis-badge--none")
    main = tier or argued
    assert main is not None
    body: list[Content] = []
    if tier is not None:
        body.append(el("b", f"Tier {tier.tier}"))
        body.append(text(tier.name))
    if argued is not None:
        label = f"argued {argued.tier}" if tier is not None else f"argued tier {argued.tier}: {argued.name}"
        body.append(el("span", label, class_="eis-badge__argued"))
    href = page.links.href(TIERS_PAGE, f"tier-{main.tier}")
    # Its colour comes from the tier its link names (publish.tier_styles), not a class of its own.
    return link(href, body, class_="eis-badge")


@macro
def badge_embeds(page: PageContext) -> Markup:
    """Every standalone badge file, with snippets to put it on another site."""
    entries = []
    for badge in badges.badges(page.data):
        target = f"{page.links.absolute(TIERS_PAGE)}#tier-{badge.tier.tier}"
        image = page.links.absolute(badge.path)
        snippets = {
            "Markdown": f"[![{badges.markdown_text(badge.alt)}]({image})]({target})",
            "HTML": f'<a href="{escape(target)}"><img src="{escape(image)}" alt="{escape(badge.alt)}"></a>',
        }
        preview = el(
            "img",
            src=page.links.file_href(badge.path),
            alt=badge.alt,
            width=badge.width,
            height=badges.HEIGHT,
        )
        body: list[Content] = [el("p", preview, " ", el("small", badge.filename), class_="eis-embed__preview")]
        for kind, snippet in snippets.items():
            # Each kind's name, then its snippet: styled by their place in the embed (eis.css).
            body.append(el("p", kind))
            body.append(el("pre", el("code", snippet)))
        entries.append(el("div", body, class_="eis-embed", id=f"embed-{badge.filename.removesuffix('.svg')}"))
    return el("div", entries, class_="eis-embeds")


@macro
def tier_badge(page: PageContext, ref: int | str) -> Markup:
    """A badge for a tier (given its number) or for a work (given its id)."""
    found = page.data.tier_or_work(ref)
    return work_badge(page, found) if isinstance(found, Work) else _badge(page, found)


def work_badge(page: PageContext, work: Work) -> Markup:
    page.cited[work.id] = None
    tier = page.data.tier(work.tier) if work.tier is not None else None
    argued = page.data.tier(work.tier_argued) if work.tier_argued is not None else None
    said = []
    if tier is not None and work.tier_position is not None:
        said.append(f"{work.tier_position.value} in tier {tier.tier}")
    if tier is not None and argued is not None:
        said.append(f"others argued for tier {argued.tier}")
    badge = _badge(page, tier, argued)
    if not said:
        return badge
    return join([badge, " ", el("small", "; ".join(said))])


def _works_on(page: PageContext, tier: int | None) -> list[Work]:
    return sorted((work for work in page.data.works if work.tier == tier), key=lambda w: (w.year, w.citation))


@macro
def tier_ladder(page: PageContext, summaries: bool = True) -> Markup:
    """The five tiers from the top down, each with how many works reach it.

    ``summaries=False`` leaves out each tier's summary, for a page whose
    sections below give it (the tiers page): the page says it once.
    """
    items = []
    for tier in sorted(page.data.tiers, key=lambda t: -t.tier):
        count = len(_works_on(page, tier.tier))
        counted = f"{fmt.counted(count, 'work')} placed here" if count else "no work placed here yet"
        items.append(
            el(
                "li",
                _badge(page, tier),
                # Styled by their place in the rung (eis.css): the summary, then the count.
                # The rung's own colour and step come from its place in the ladder (publish.tier_styles).
                el("span", tier.summary) if summaries else None,
                el("span", counted),
            )
        )
    return el("ol", items, class_="eis-ladder", reversed=True)


def _work_list(page: PageContext, works: list[Work]) -> Markup:
    if not works:
        return el("p", "No work is placed here yet.", class_="eis-empty")
    rows = []
    for work in works:
        detail: list[Content] = [cite(page, work.id), " ", work_badge(page, work)]
        if work.title != work.citation:
            detail.append(el("span", work.title))
        if work.note:
            detail.append(el("span", work.note, class_="eis-work__note"))
        rows.append(el("li", detail))
    return el("ul", rows, class_="eis-works")


@macro
def tier_works(page: PageContext, tier: int) -> Markup:
    return _work_list(page, _works_on(page, page.data.tier(tier).tier))


@macro
def unplaced_works(page: PageContext) -> Markup:
    return _work_list(page, _works_on(page, None))


@macro
def tier_sections(page: PageContext) -> Markup:
    """Markdown: a heading per tier (so the page has a table of contents)."""
    blocks = []
    for tier in sorted(page.data.tiers, key=lambda t: t.tier):
        heading = text(f"Tier {tier.tier}: {tier.name}")
        blocks.append(Markup(f"## {heading} {{: #tier-{tier.tier} }}"))
        blocks.append(el("p", tier.summary))
        argued = [work for work in page.data.works if work.tier_argued == tier.tier]
        blocks.append(_work_list(page, _works_on(page, tier.tier)))
        if argued:
            blocks.append(el("p", "Argued by others to belong here:", class_="eis-argued-intro"))
            blocks.append(_work_list(page, argued))
    blocks.append(Markup("## Not placed {: #not-placed }"))
    blocks.append(unplaced_works(page))
    return Markup("\n\n").join(blocks)


@macro
def works_table(page: PageContext) -> Markup:
    head = columns("eis-works-table")
    rows = []
    for work in sorted(page.data.works, key=lambda w: (w.year, w.citation)):
        rows.append(
            el(
                "tr",
                el(
                    "td",
                    # A work whose title is its citation is named once.
                    [el("strong", work.citation), el("br")] if work.title != work.citation else [],
                    link(work.url, work.title),
                    el("br"),
                    el("small", join(work.authors, ", ")),
                    class_="eis-work-cell eis-wide",
                ),
                el("td", str(work.year)),
                el("td", work_badge(page, work), class_="eis-wide"),
                el("td", work.note or "", class_="eis-note-cell eis-wide"),
                id=f"work-{work.id}",
            )
        )
    return table(head, rows, "eis-works-table", caption="Works cited in the sequence")
