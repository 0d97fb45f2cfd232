"""The sequence and its parts: the index, a part's header, context, citation and previous/next."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from macros.compute import reading
from macros.data.model import Hosted, Market, Part, PartialDate, PredictionList
from macros.data.problems import MacroMisuse
from macros.render import citation, fmt
from macros.render.base import FORUM_LISTING, SEQUENCE_PAGE, PageContext, link, list_page_path, preformatted, roman
from macros.render.figures import part_label
from macros.render.html import Content, columns, el, join, table, text
from macros.render.registry import macro
from macros.render.tiers import cite, work_badge

# A strip names every part of a sequence up to this length.  A longer one
# names the first and last parts and those around this one, so that each
# part's page does not grow with the length of the whole sequence; the
# index page lists them all.
STRIP_WHOLE_UP_TO = 24
STRIP_AROUND = 4


def strip_window(count: int, here: int) -> list[int | tuple[int, int]]:
    """The positions a strip of ``count`` parts shows on the part at ``here``, and (first, last) where it skips some."""
    if count <= STRIP_WHOLE_UP_TO:
        return list(range(count))
    kept = sorted({0, count - 1, *range(max(0, here - STRIP_AROUND), min(count, here + STRIP_AROUND + 1))})
    shown: list[int | tuple[int, int]] = []
    for previous, position in zip([-1, *kept], kept, strict=False):
        if position == previous + 2:
            shown.append(previous + 1)  # a gap of one part: the part itself is no longer than "…"
        elif position > previous + 2:
            shown.append((previous + 1, position - 1))
        shown.append(position)
    return shown


def part_link(page: PageContext, part: Part, label: str | None = None) -> Markup:
    """The part's title, linked to its page here, else to its post; else it names the forum listing.

    A title never links to a page that is not the part's own.
    """
    hosted = page.data.page_of(part.part)
    if hosted is not None:
        return link(page.links.href(hosted.src_path), label or part.title)
    if part.url:
        return link(part.url, label or part.title)
    if page.data.sequence.url:
        return join([text(label or part.title), " (in the ", link(page.data.sequence.url, FORUM_LISTING), ")"])
    return text(label or part.title)


def _where_to_read(page: PageContext, part: Part) -> Content:
    """What the index adds to a title: whether this site has it, and as what."""
    if page.data.page_of(part.part) is None:
        return ""
    if part.hosted is not Hosted.SUMMARY:
        return el("small", " (on this site)", class_="eis-hosted")
    original: Content = ""
    if part.url:
        original = [", ", link(part.url, "original post")]
    elif page.data.sequence.url:
        original = [", original in the ", link(page.data.sequence.url, FORUM_LISTING)]
    return el("small", " (a summary on this site", original, ")", class_="eis-hosted")


@macro
def sequence_index(page: PageContext) -> Markup:
    head = columns("eis-sequence")
    rows = []
    for part in sorted(page.data.sequence.parts, key=lambda p: p.part):
        rows.append(
            el(
                "tr",
                el("td", roman(part.part)),
                el("td", part_link(page, part), _where_to_read(page, part), class_="eis-wide"),
                el("td", el("time", part.date.human(), datetime=part.date.iso())),
                id=f"part-{part.part}",
            )
        )
    caption = f"{page.data.sequence.title}, by {page.data.sequence.author}"
    return table(head, rows, "eis-sequence", caption=caption)


@macro
def sequence_nav(page: PageContext, part: int | None = None) -> Markup:
    """Every part in a strip (this one marked; those elsewhere said so), then the previous and the next."""
    number = page.part_number(part)
    parts = page.index.parts
    index = page.index.part_order[number]
    strip = [
        el("li", _strip_entry(page, parts[shown], shown == index))
        if isinstance(shown, int)
        else el(
            "li",
            "…",
            el("span", f" (parts {parts[shown[0]].part} to {parts[shown[1]].part} not shown)", class_="eis-sr"),
            class_="eis-strip__gap",
        )
        for shown in strip_window(len(parts), index)
    ]
    links: list[Content] = [el("ol", strip, class_="eis-strip")]
    if index > 0:
        before = parts[index - 1]
        links.append(el("span", el("small", "Previous"), el("br"), _nav_link(page, before), class_="eis-seqnav__prev"))
    if index + 1 < len(parts):
        after = parts[index + 1]
        links.append(el("span", el("small", "Next"), el("br"), _nav_link(page, after), class_="eis-seqnav__next"))
    index_link = link(page.links.href(SEQUENCE_PAGE), "All parts of the sequence")
    links.append(el("span", index_link, class_="eis-seqnav__all"))
    return el("nav", links, class_="eis-seqnav", aria_label="Parts of the sequence")


def _strip_entry(page: PageContext, part: Part, current: bool) -> Markup:
    """A part's numeral: this page, a page here, its post elsewhere, or unlinked where its address is unknown.

    Screen readers hear "Part 3", and where it leads, not the numeral.
    """
    numeral = roman(part.part)
    if current:
        return el("span", numeral, el("span", f" (part {part.part}, this page)", class_="eis-sr"), aria_current="page")
    hosted = page.data.page_of(part.part)
    if hosted is not None:
        href = page.links.href(hosted.src_path)
        return link(href, numeral, aria_label=f"Part {part.part}, on this site")
    if part.url:
        # Its icon comes from its full address (eis.css): a class would say it again in every strip.
        return link(part.url, numeral, aria_label=f"Part {part.part}, on another site")
    return el("span", numeral, el("span", f" (part {part.part}, address unknown)", class_="eis-sr"))


def _nav_link(page: PageContext, part: Part) -> Markup:
    """The previous or next part's title, saying so when it leaves the site."""
    if page.data.page_of(part.part) is None and part.url:
        return link(part.url, part.title, el("span", ", on another site", class_="eis-sr"), class_="eis-away")
    return part_link(page, part)


@macro
def part_header(page: PageContext, part: int | None = None, words: int | None = None) -> Markup:
    """Title and byline of a hosted part, all from data/sequence.yaml, and its reading time from ``words``."""
    entry = page.data.part(page.part_number(part))
    said: list[Content] = [
        part_label(page, entry.part),
        " · ",
        el("time", entry.date.human(), datetime=entry.date.iso()),
    ]
    if entry.hosted is not Hosted.SUMMARY:
        said += [" · ", page.data.sequence.author]
    if words is not None:
        said += [" · ", f"{reading.minutes(words)} min read"]
    blocks = [page.crumbs(SEQUENCE_PAGE, "The sequence"), Markup("# ") + text(entry.title)]
    blocks.append(el("p", said, class_="eis-byline"))
    if entry.hosted is Hosted.SUMMARY:
        blocks.append(_provenance(page, entry))
    return Markup("\n\n").join(blocks)


def _provenance(page: PageContext, entry: Part) -> Markup:
    """Whose words a summary is, and where the author's own are."""
    name = f"Part {roman(entry.part)}"
    where: list[Content] = []
    if entry.url:
        original: Content = link(entry.url, name)
    else:
        original = name
        if page.data.sequence.url:
            where = [" The original post is in the ", link(page.data.sequence.url, FORUM_LISTING), "."]
    return el(
        "p",
        "A summary of ",
        original,
        f" by {page.data.sequence.author}, in this site's words, not the author's.",
        where,
        class_="eis-provenance",
    )


def part_context(page: PageContext, part: int | None = None) -> Markup:
    """Markdown: the works a hosted part cited and the forecasts it made or scored.

    Called after the page's own text is rendered, so the works are those
    its macros cited, in order of first mention.
    """
    number = page.part_number(part)
    blocks: list[Markup] = []
    works = [page.data.work(work_id) for work_id in page.cited]
    if works:
        blocks.append(Markup("## Works cited in this part {: #cited-works }"))
        items = [
            el(
                "li",
                cite(page, work.id),
                " ",
                work_badge(page, work),
                el("span", work.title) if work.title != work.citation else "",
            )
            for work in works
        ]
        blocks.append(el("ul", items, class_="eis-works eis-cited"))
    made = page.index.made_in.get(number, [])
    scored = page.index.reported_in.get(number, [])
    if made or scored:
        blocks.append(Markup("## Forecasts in this part {: #forecasts }"))
        entries: list[Content] = []
        for plist in made:
            size = len(plist.predictions)
            entries.append(
                el(
                    "li",
                    "Made: ",
                    link(page.links.href(list_page_path(plist.id)), plist.title),
                    f" ({fmt.counted(size, 'prediction')})",
                )
            )
        for card in scored:
            plist = page.data.prediction_list(card.predictions)
            result = page.card_score(card.id)
            entries.append(
                el(
                    "li",
                    "Scored: ",
                    link(page.links.href(list_page_path(plist.id)), plist.title),
                    " against ",
                    cite(page, card.work),
                    ", ",
                    el("strong", fmt.signed(result.score)),
                )
            )
        blocks.append(el("ul", entries, class_="eis-part-forecasts"))
    lists = [page.data.prediction_list(list_id) for list_id in page.explorers]
    markets = [market for market in page.data.markets if market.cited_in == number]
    dated = as_of(page, lists, markets)
    if dated is not None:
        blocks.append(dated)
    blocks.append(Markup("## Cite this part {: #cite }"))
    blocks.append(_cite_part(page, page.data.part(number)))
    return Markup("\n\n").join(blocks)


def as_of(page: PageContext, lists: Iterable[PredictionList], markets: Iterable[Market] = ()) -> Markup | None:
    """How fresh a page's figures are: the latest of the inputs it shows (None if it shows none).

    The day the figures were computed is in every page's footer (the build's date).
    """
    dated: list[tuple[PartialDate, str]] = []
    for plist in lists:
        dated.append((plist.made_on, f"“{plist.title}” made"))
        for card in page.data.scorecards_of(plist.id):
            dated.append((card.date, f"“{plist.title}” judged against {page.data.work(card.work).citation}"))
    for market in markets:
        dated.append((market.latest.date, "the market's price recorded"))
        if market.resolution is not None:
            dated.append((market.resolution.date, "the market resolved"))
    if not dated:
        return None
    date, what = max(dated, key=lambda pair: pair[0].sort_key())
    return el(
        "p",
        "Figures on this page use data as of ",
        el("time", date.human(), datetime=date.iso()),
        f" ({what}).",
        class_="eis-asof",
    )


def _newest(page: PageContext) -> Part:
    if not page.index.parts:
        raise MacroMisuse("the sequence has no parts")
    return page.index.parts[-1]


@macro(check=_newest)
def newest_part(page: PageContext) -> Markup:
    """The highest-numbered part, linked: ``EIS XIV: … (Part 14 of 12, on this site)``."""
    part = _newest(page)
    hosted = ", on this site" if page.data.page_of(part.part) is not None else ""
    return join([part_link(page, part), f" ({part_label(page, part.part)}{hosted})"])


@macro
def plan_progress(page: PageContext) -> Markup:
    """The parts so far against the plan: ``planned at 12 parts and has since grown to 14``."""
    planned, count = page.data.sequence.planned_parts, len(page.data.sequence.parts)
    said = f"planned at {fmt.counted(planned, 'part')}"
    if count > planned:
        return text(f"{said} and has since grown to {count}")
    if count == planned:
        return text(f"{said}, {'which has' if count == 1 else 'all of which have'} appeared")
    return text(f"{said}, of which {count} {'has' if count == 1 else 'have'} appeared so far")


def _cite_part(page: PageContext, part: Part) -> Markup:
    """The part's citation, as plain text and as BibTeX, from the data.

    A summary cites the author's post and names this page as the
    summary.  Where the post's address is unknown the citation has no
    address of its own and says where the part is listed instead.
    """
    hosted = page.data.page_of(part.part)
    here = page.links.absolute(hosted.src_path) if hosted is not None else None
    summary = part.hosted is Hosted.SUMMARY
    cited = citation.Cited(
        author=page.data.sequence.author,
        title=part.title,
        series=page.data.sequence.title,
        number=part.part,
        date=part.date,
        url=part.url or (None if summary else here),
        summary=here if summary else None,
        listed=page.data.sequence.url,
    )
    return el(
        "div",
        el("p", "Plain text"),
        el("pre", el("code", citation.plain(cited))),
        el("p", "BibTeX"),
        el("pre", el("code", preformatted(citation.bibtex(cited)))),
        class_="eis-embed eis-cite-part",
    )
