"""What the build needs to know of a page besides its macros: its title, description, share card and a part's frame.

The plugin (``site/plugin.py``) asks these of each page with the page's
``PageContext``; none of them is a macro an author can call.
"""

from __future__ import annotations

from markupsafe import Markup

from macros.compute.calibration import calibrate, sequence_judged
from macros.data.model import PredictionList
from macros.render import fmt
from macros.render.base import LEDGER_PAGE, TIERS_PAGE, TRACK_PAGE, WORKS_PAGE, PageContext
from macros.render.figures import part_label
from macros.render.sequence import part_context, part_header, sequence_nav
from macros.render.sharecards import ShareCard, list_headline, part_headline


def page_title(page: PageContext, src_path: str, part: int | None = None) -> str | None:
    """The title of a page whose subject is data (a part, a list); None leaves the page's own."""
    if part is not None:
        return page.data.part(part).title
    if src_path == TRACK_PAGE:
        return "Track record"
    listed = page.index.list_pages.get(src_path)
    return listed.title if listed is not None else None


def page_description(page: PageContext, src_path: str, part: int | None = None) -> str | None:
    """A description for pages whose subject is data; None leaves the page's own."""
    if part is not None:
        return page.data.part(part).summary
    if src_path == LEDGER_PAGE:
        return _ledger_description(page)
    if src_path == TRACK_PAGE:
        return _track_description(page)
    if src_path == TIERS_PAGE:
        tiers = sorted(page.data.tiers, key=lambda t: t.tier)
        placed = sum(1 for work in page.data.works if work.tier is not None)
        names = ", ".join(f"{tier.tier}. {tier.name}" for tier in tiers)
        return (
            f"The {len(tiers)} tiers of rigor for safety-oriented interpretability work ({names}),"
            f" with the {fmt.counted(placed, 'work')} placed on them."
        )
    if src_path == WORKS_PAGE:
        works = page.data.works
        placed = sum(1 for work in works if work.tier is not None)
        return (
            f"The {fmt.counted(len(works), 'work')} the sequence discusses, with authors, links and notes;"
            f" {placed} of them placed on the tiers of rigor."
        )
    listed = page.index.list_pages.get(src_path)
    if listed is not None:
        return _list_description(page, listed)
    return None


def _list_description(page: PageContext, plist: PredictionList) -> str:
    said = f"{fmt.counted(len(plist.predictions), 'forecast')} made {plist.made_on.human()}"
    if plist.made_in is not None:
        said += f" in {page.data.part(plist.made_in).title}"
    latest = page.data.latest_scorecard(plist.id)
    if latest is None:
        return said.rstrip(".") + ", not yet judged."
    work = page.data.work(latest.work)
    score = fmt.signed(page.card_score(latest.id).score)
    return f"{said.rstrip('.')}; judged against {work.citation}, they scored {score}."


def _ledger_description(page: PageContext) -> str:
    lists = page.data.lists
    size = sum(len(plist.predictions) for plist in lists)
    said = f"{fmt.counted(len(lists), 'prediction list')} holding {fmt.counted(size, 'forecast')}"
    latest = page.data.latest_scorecard()
    if latest is None:
        return said + ", none judged yet."
    overall = calibrate(sequence_judged(page.data))
    cards = len(page.data.scorecards)
    judged, on = fmt.counted(overall.judged, "forecast"), fmt.counted(cards, "scorecard")
    said += f"; {judged} judged against later papers on {on}"
    if overall.brier is not None:
        said += f", with a Brier score of {fmt.unsigned(overall.brier)} over all of them"
    work = page.data.work(latest.work)
    return f"{said}. Latest: {work.citation} scored {fmt.signed(page.card_score(latest.id).score)}."


def _track_description(page: PageContext) -> str:
    record = page.index.track_record
    if not record.steps:
        return "The sequence's forecasts over time: none has been judged yet."
    return (
        f"{fmt.counted(len(record.steps), 'judged forecast')} of the sequence, added up in the order judged:"
        f" {fmt.signed(record.total)} points against {fmt.signed(record.expected_total)} expected."
    )


def part_blocks(page: PageContext, part: int, words: int | None = None) -> tuple[Markup, Markup, Markup]:
    """What a hosted part carries around its text: header (with its reading time), context, and previous/next."""
    return part_header(page, part, words), part_context(page, part), sequence_nav(page, part)


def share_card(
    page: PageContext, site: str, src_path: str, title: str, description: str, part: int | None = None
) -> ShareCard:
    """The card of one page of the site named ``site``, whose title and description are as given."""
    kicker, headline = "", None
    if part is not None:
        entry = page.data.part(part)
        kicker = f"{part_label(page, part).unescape()} · {entry.date.human()}"
        headline = part_headline(page, part)
    else:
        listed = page.index.list_pages.get(src_path)
        if listed is not None:
            kicker = f"Prediction list · made {listed.made_on.human()}"
            headline = list_headline(page, listed)
    return ShareCard(
        site=site if site != title else "",
        kicker=kicker,
        title=title,
        headline=headline,
        description=description if headline is None else "",
        colours=tuple(tier.colour for tier in sorted(page.data.tiers, key=lambda tier: tier.tier)),
    )
