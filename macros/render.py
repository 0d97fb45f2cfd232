"""Every figure, badge, table and card a reader sees, as escaped HTML.

``Renderer`` binds the validated data to a way of linking pages; each
public method is one macro.  Block macros return one line of HTML that
starts with a block element, so Markdown passes it through untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from markupsafe import Markup, escape

from . import badges, charts, citation, fmt, marks, opendata, reading, scoring, whatif
from .calibration import calibrate, sequence_judged
from .html import Content, el, head_row, join, table, text
from .model import Dataset, Hosted, Market, Part, PredictionList, Scorecard, Stance, Tier, TierPosition, Work
from .problems import MacroMisuse

# The site's own pages that macro output links to.
TIERS_PAGE = "tiers.md"
WORKS_PAGE = "works.md"
LEDGER_PAGE = "ledger.md"
SCORING_PAGE = "scoring.md"
SEQUENCE_PAGE = "sequence.md"


def list_page_path(list_id: str) -> str:
    """The page the build generates for a prediction list: ``ledger/<id>.md``."""
    return f"ledger/{list_id}.md"


def generated_pages(data: Dataset) -> dict[str, str]:
    """Docs source path -> Markdown of every page the build makes from data.

    A list id is a slug, so it is safe in YAML and in a Jinja string.
    """
    return {
        list_page_path(plist.id): f"---\nprediction_list: {plist.id}\n---\n\n{{{{ list_page('{plist.id}') }}}}\n"
        for plist in data.lists
    }


_VERDICTS = {
    scoring.Verdict.MORE: "did more than the forecast expected",
    scoring.Verdict.LESS: "did less than the forecast expected",
    scoring.Verdict.AS_EXPECTED: "did exactly as much as the forecast expected",
    scoring.Verdict.NOTHING_JUDGED: "has no judged predictions yet",
}


class Links(Protocol):
    def href(self, src_path: str, anchor: str | None = None) -> str | None:
        """A URL for a page (or another file) of the site, relative to the current page; None if absent."""

    def file_href(self, path: str) -> str:
        """A URL for a file the build writes, relative to the current page."""

    def absolute(self, path: str) -> str:
        """The public URL of a page (a docs source path) or a written file."""

    @property
    def current_part(self) -> int | None:
        """The part carried by the page being rendered, if any."""


def _link(href: str | None, *children: Content, **attrs: Any) -> Markup:
    return el("a", *children, href=href, **attrs) if href else el("span", *children, **attrs)


def _roman(number: int) -> str:
    numerals = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = []
    for value, letters in numerals:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


class Renderer:
    def __init__(self, data: Dataset, links: Links):
        self.data = data
        self.links = links
        self._scores: dict[str, scoring.ScorecardFigures] = {}
        # What the current page has used: the works it cited, in order of
        # first mention, and how many explorers each list has on it.
        self._cited: dict[str, None] = {}
        self._explorers: dict[str, int] = {}
        # Looked up once a page; built once a build, so a page costs the same
        # however long the sequence grows.
        self._list_pages = {list_page_path(plist.id): plist for plist in data.lists}
        self._parts = sorted(data.sequence.parts, key=lambda p: p.part)
        self._part_order = {part.part: index for index, part in enumerate(self._parts)}
        self._made_in: dict[int, list[PredictionList]] = {}
        for plist in sorted(data.lists, key=lambda lst: (lst.made_on.sort_key(), lst.id)):
            if plist.made_in is not None:
                self._made_in.setdefault(plist.made_in, []).append(plist)
        self._reported_in: dict[int, list[Scorecard]] = {}
        for card in sorted(data.scorecards, key=lambda c: (c.date.sort_key(), c.id)):
            if card.reported_in is not None:
                self._reported_in.setdefault(card.reported_in, []).append(card)

    def begin_page(self, links: Links | None = None) -> None:
        """Forget what the previous page used; links as seen from the new page."""
        if links is not None:
            self.links = links
        self._cited = {}
        self._explorers = {}

    def macros(self) -> dict[str, Callable[..., Markup]]:
        """Every macro a page may call, by name."""
        return {name: getattr(self, name) for name in self.macro_names()}

    def part_blocks(self, part: int, words: int | None = None) -> tuple[Markup, Markup, Markup]:
        """What a hosted part carries around its text: header (with its reading time), context, and previous/next."""
        return self.part_header(part, words), self.part_context(part), self.sequence_nav(part)

    @staticmethod
    def macro_names() -> tuple[str, ...]:
        return (
            "part_label",
            "part_title",
            "tier_badge",
            "tier_name",
            "tier_ladder",
            "badge_embeds",
            "tier_sections",
            "tier_works",
            "unplaced_works",
            "works_table",
            "cite",
            "prediction_table",
            "scorecard_summary",
            "list_summary",
            "score_breakdown",
            "score",
            "verdict",
            "brier",
            "judged",
            "happened",
            "list_size",
            "list_best",
            "list_worst",
            "prob",
            "market_card",
            "market_p",
            "sequence_index",
            "sequence_nav",
            "sequence_title",
            "sequence_author",
            "part_count",
            "planned_parts",
            "ledger",
            "list_page",
            "part_header",
            "whatif",
            "calibration",
            "data_files",
            "newest_part",
            "waiting_lists",
            "latest_scorecard",
            "market_p_when",
            "plan_progress",
        )

    # -- inline figures -------------------------------------------------

    def _part_number(self, part: int | None) -> int:
        number = part if part is not None else self.links.current_part
        if number is None:
            raise MacroMisuse("needs a part number on a page that is not a part")
        return self.data.part(number).part

    def part_label(self, part: int | None = None) -> Markup:
        """``Part 14 of 12``: the plan is data, so the label may run past it."""
        number = self._part_number(part)
        return text(f"Part {number} of {self.data.sequence.planned_parts}")

    def part_title(self, part: int | None = None) -> Markup:
        return text(self.data.part(self._part_number(part)).title)

    def sequence_title(self) -> Markup:
        return text(self.data.sequence.title)

    def sequence_author(self) -> Markup:
        return text(self.data.sequence.author)

    def part_count(self) -> Markup:
        return text(str(len(self.data.sequence.parts)))

    def planned_parts(self) -> Markup:
        return text(str(self.data.sequence.planned_parts))

    def tier_name(self, tier: int) -> Markup:
        return text(self.data.tier(tier).name)

    def score(self, scorecard_id: str) -> Markup:
        return text(fmt.signed(self._card_score(scorecard_id).score))

    def verdict(self, scorecard_id: str) -> Markup:
        """``did less than the forecast expected``, from the score's sign."""
        return text(_VERDICTS[self._card_score(scorecard_id).verdict])

    def brier(self, scorecard_id: str) -> Markup:
        brier = self._card_score(scorecard_id).brier
        return text(fmt.unsigned(brier) if brier is not None else "n/a")

    def judged(self, scorecard_id: str) -> Markup:
        return text(str(self._card_score(scorecard_id).judged))

    def happened(self, scorecard_id: str) -> Markup:
        return text(str(self._card_score(scorecard_id).happened))

    def list_size(self, list_id: str) -> Markup:
        return text(str(len(self.data.prediction_list(list_id).predictions)))

    def list_best(self, list_id: str) -> Markup:
        return text(fmt.signed(self._list_figures(list_id).best))

    def list_worst(self, list_id: str) -> Markup:
        return text(fmt.signed(self._list_figures(list_id).worst))

    def prob(self, list_id: str, prediction_id: str) -> Markup:
        plist = self.data.prediction_list(list_id)
        for prediction in plist.predictions:
            if prediction.id == prediction_id:
                return text(fmt.percent(prediction.p))
        known = ", ".join(prediction.id for prediction in plist.predictions)
        raise MacroMisuse(f"no prediction {prediction_id!r} in list {list_id!r} (known: {known})")

    def market_p(self, market_id: str, date: str | None = None) -> Markup:
        market = self.data.market(market_id)
        snapshot = market.latest
        if date is not None:
            matches = [snap for snap in market.snapshots if snap.date.iso() == date]
            if not matches:
                dates = ", ".join(snap.date.iso() for snap in market.snapshots)
                raise MacroMisuse(f"market {market_id!r} has no snapshot on {date} (has: {dates})")
            snapshot = matches[0]
        return text(fmt.percent(snapshot.p))

    def _card_score(self, scorecard_id: str) -> scoring.ScorecardFigures:
        # Data is immutable for the whole build: score each card once.
        if scorecard_id not in self._scores:
            self._scores[scorecard_id] = scoring.scorecard_figures(self.data, self.data.scorecard(scorecard_id))
        return self._scores[scorecard_id]

    def _list_figures(self, list_id: str) -> scoring.ListFigures:
        return scoring.list_figures(self.data, self.data.prediction_list(list_id))

    # -- citations and badges ---------------------------------------------

    def cite(self, work_id: str) -> Markup:
        work = self.data.work(work_id)
        self._cited[work.id] = None
        return _link(work.url, work.citation, class_="eis-cite", title=work.title)

    def _badge(self, tier: Tier | None, argued: Tier | None = None, position: TierPosition | None = None) -> Markup:
        """The one badge primitive: a tier's number and name, never colour alone."""
        if tier is None and argued is None:
            return el("span", "No tier", class_="eis-badge eis-badge--none", title="Not placed on the tiers of rigor")
        main = tier or argued
        assert main is not None
        placed = f"{position.value.capitalize()} in tier" if tier is not None and position is not None else "Tier"
        title = f"{placed} {main.tier}: {main.name}. {main.summary}"
        body: list[Content] = []
        if tier is not None:
            body.append(el("span", f"Tier {tier.tier}", class_="eis-badge__num"))
            body.append(el("span", tier.name, class_="eis-badge__name"))
        if argued is not None:
            label = f"argued {argued.tier}" if tier is not None else f"argued tier {argued.tier}: {argued.name}"
            body.append(el("span", label, class_="eis-badge__argued"))
            title += f" Others have argued for tier {argued.tier}: {argued.name}."
        href = self.links.href(TIERS_PAGE, f"tier-{main.tier}")
        return _link(href, body, class_=f"eis-badge eis-tier-{main.tier}", title=title)

    def badge_embeds(self) -> Markup:
        """Every standalone badge file, with snippets to put it on another site."""
        entries = []
        for badge in badges.badges(self.data):
            target = f"{self.links.absolute(TIERS_PAGE)}#tier-{badge.tier.tier}"
            image = self.links.absolute(badge.path)
            snippets = {
                "Markdown": f"[![{badges.markdown_text(badge.alt)}]({image})]({target})",
                "HTML": f'<a href="{escape(target)}"><img src="{escape(image)}" alt="{escape(badge.alt)}"></a>',
            }
            preview = el(
                "img",
                src=self.links.file_href(badge.path),
                alt=badge.alt,
                width=badge.width,
                height=badges.HEIGHT,
            )
            body: list[Content] = [el("p", preview, " ", el("small", badge.filename), class_="eis-embed__preview")]
            for kind, snippet in snippets.items():
                body.append(el("p", kind, class_="eis-embed__kind"))
                body.append(el("pre", el("code", snippet), class_="eis-embed__code"))
            entries.append(el("div", body, class_="eis-embed", id=f"embed-{badge.filename.removesuffix('.svg')}"))
        return el("div", entries, class_="eis-embeds")

    def tier_badge(self, ref: int | str) -> Markup:
        """A badge for a tier (given its number) or for a work (given its id)."""
        if isinstance(ref, bool) or not isinstance(ref, (int, str)):
            raise MacroMisuse(f"tier_badge() takes a tier number or a work id, not {ref!r}")
        if isinstance(ref, int):
            return self._badge(self.data.tier(ref))
        return self._work_badge(self.data.work(ref))

    def _work_badge(self, work: Work) -> Markup:
        self._cited[work.id] = None
        tier = self.data.tier(work.tier) if work.tier is not None else None
        argued = self.data.tier(work.tier_argued) if work.tier_argued is not None else None
        return self._badge(tier, argued, work.tier_position)

    def _works_on(self, tier: int | None) -> list[Work]:
        return sorted((work for work in self.data.works if work.tier == tier), key=lambda w: (w.year, w.citation))

    def tier_ladder(self) -> Markup:
        """The five tiers from the top down, each with how many works reach it."""
        items = []
        for tier in sorted(self.data.tiers, key=lambda t: -t.tier):
            count = len(self._works_on(tier.tier))
            counted = f"{count} work{'s' if count != 1 else ''} placed here" if count else "no work placed here yet"
            items.append(
                el(
                    "li",
                    self._badge(tier),
                    el("span", tier.summary, class_="eis-ladder__summary"),
                    el("span", counted, class_="eis-ladder__count"),
                    class_=f"eis-ladder__rung eis-tier-{tier.tier}",
                )
            )
        return el("ol", items, class_="eis-ladder", reversed=True)

    def _work_list(self, works: list[Work]) -> Markup:
        if not works:
            return el("p", "No work is placed here yet.", class_="eis-empty")
        rows = []
        for work in works:
            detail: list[Content] = [self.cite(work.id), " ", self._work_badge(work)]
            detail.append(el("span", work.title, class_="eis-work__title"))
            if work.note:
                detail.append(el("span", work.note, class_="eis-work__note"))
            rows.append(el("li", detail, class_="eis-work"))
        return el("ul", rows, class_="eis-works")

    def tier_works(self, tier: int) -> Markup:
        return self._work_list(self._works_on(self.data.tier(tier).tier))

    def unplaced_works(self) -> Markup:
        return self._work_list(self._works_on(None))

    def tier_sections(self) -> Markup:
        """Markdown: a heading per tier (so the page has a table of contents)."""
        blocks = []
        for tier in sorted(self.data.tiers, key=lambda t: t.tier):
            heading = text(f"Tier {tier.tier}: {tier.name}")
            blocks.append(Markup(f"## {heading} {{: #tier-{tier.tier} }}"))
            blocks.append(el("p", tier.summary, class_="eis-tier-summary"))
            argued = [work for work in self.data.works if work.tier_argued == tier.tier]
            blocks.append(self._work_list(self._works_on(tier.tier)))
            if argued:
                blocks.append(el("p", "Argued by others to belong here:", class_="eis-argued-intro"))
                blocks.append(self._work_list(argued))
        blocks.append(Markup("## Not placed {: #not-placed }"))
        blocks.append(self.unplaced_works())
        return Markup("\n\n").join(blocks)

    def works_table(self) -> Markup:
        head = head_row("Work", "Year", "Tier", "Note")
        rows = []
        for work in sorted(self.data.works, key=lambda w: (w.year, w.citation)):
            rows.append(
                el(
                    "tr",
                    el(
                        "td",
                        el("strong", work.citation),
                        el("br"),
                        _link(work.url, work.title),
                        el("br"),
                        el("small", join(work.authors, ", ")),
                        class_="eis-work-cell eis-wide",
                    ),
                    el("td", str(work.year)),
                    el("td", self._work_badge(work)),
                    el("td", work.note or "", class_="eis-note-cell eis-wide"),
                    id=f"work-{work.id}",
                )
            )
        return table(head, rows, "eis-works-table", caption="Works cited in the sequence")

    # -- predictions and scores -------------------------------------------

    def prediction_table(self, list_id: str, scorecard: str | None = None) -> Markup:
        """The list in the author's order, with one outcome column per scorecard.

        The table is also the list's what-if explorer: the column of the
        scorecard it shows (the latest, or the one asked for), or the pending
        column of a list not judged yet, becomes a set of controls when the
        page's script runs.  The first such table of a page loads the script.
        """
        plist = self.data.prediction_list(list_id)
        if scorecard is not None:
            card = self.data.scorecard(scorecard)
            if card.predictions != plist.id:
                raise MacroMisuse(f"scorecard {scorecard!r} judges list {card.predictions!r}, not {list_id!r}")
            cards: tuple[Scorecard, ...] = (card,)
            seed: Scorecard | None = card
        else:
            cards = self.data.scorecards_of(plist.id)
            seed = self.data.latest_scorecard(plist.id)
        choices = whatif.seeded_choices(plist, seed)
        figures = whatif.shown(whatif.evaluate([p.p for p in plist.predictions], choices), _VERDICTS)
        # A site without the script gets the static table alone.
        script = self.links.href(whatif.SCRIPT)
        if script is not None and self._explorers:
            script = ""  # loaded by the page's first explorer
        count = self._explorers[plist.id] = self._explorers.get(plist.id, 0) + 1
        suffix = f"-{count}" if count > 1 else ""

        head: list[Content] = [
            el("th", "#", scope="col"),
            el("th", "Probability", scope="col"),
            el("th", "Prediction", scope="col"),
        ]
        for card in cards:
            work = self.data.work(card.work)
            # On a phone each cell carries its heading; one judgement needs no name.
            against = f", {work.citation}" if len(cards) > 1 else ""
            head.append(
                el(
                    "th",
                    "Outcome",
                    el("br"),
                    el("small", work.citation),
                    scope="col",
                    data_label=f"Outcome{against}",
                )
            )
            head.append(el("th", "Points", scope="col", data_label=f"Points{against}"))
        if not cards:
            head += [el("th", "Outcome", scope="col"), el("th", "Points", scope="col")]
        rows = []
        for number, (prediction, choice) in enumerate(zip(plist.predictions, choices, strict=True), start=1):
            cells: list[Content] = [
                el("td", str(number)),
                el("td", fmt.percent(prediction.p), class_="eis-num"),
                el("td", prediction.claim, class_="eis-claim eis-wide"),
            ]
            for card in cards:
                outcome = card.outcome_of(prediction.id)
                earned = self._card_score(card.id).points[prediction.id]
                live = card is seed
                cells.append(
                    el("td", marks.of_outcome(outcome), class_="eis-mark-cell", data_choice=choice if live else None)
                )
                cells.append(
                    el(
                        "td",
                        fmt.signed(earned) if earned is not None else "—",
                        class_="eis-num eis-whatif__points" if live else "eis-num",
                    )
                )
            if not cards:
                cells.append(el("td", marks.of_outcome(None), class_="eis-mark-cell", data_choice=choice))
                cells.append(el("td", "—", class_="eis-num eis-whatif__points"))
            rows.append(
                el(
                    "tr",
                    cells,
                    id=f"{plist.id}-{prediction.id}{suffix}",
                    data_p=f"{prediction.p.numerator}/{prediction.p.denominator}",
                )
            )
        foot = None
        if cards:
            totals: list[Content] = [el("th", "Score", colspan=3, scope="row")]
            for card in cards:
                if card is seed:
                    happened = [whatif.output("happened", figures), " of ", whatif.output("judged", figures)]
                    totals.append(el("td", happened, " happened"))
                    totals.append(el("td", el("strong", whatif.output("score", figures)), class_="eis-num"))
                    continue
                result = self._card_score(card.id)
                totals.append(el("td", f"{result.happened} of {result.judged} happened"))
                totals.append(el("td", el("strong", fmt.signed(result.score)), class_="eis-num"))
            foot = el("tr", totals)
        shown = table(el("tr", head), rows, "eis-predictions", caption=plist.title, foot=foot)
        if count == 1 and len(self._explorers) == 1:
            shown = join([shown, marks.symbols()])  # the page's first table: the marks' drawings

        if script is None:
            return shown

        def seeded_by(card: Scorecard) -> Content:
            return ["the outcomes judged against ", self.cite(card.work), f" ({card.date.human()})"]

        return whatif.explorer(
            plist,
            seed,
            shown,
            prefix=f"whatif-{plist.id}{suffix}",
            verdicts=_VERDICTS,
            seeded_by=seeded_by,
            script=script or None,
        )

    def _scorecard_figures(self, card: Scorecard) -> Markup:
        result = self._card_score(card.id)
        scoring_href = self.links.href(SCORING_PAGE)
        figures = [
            ("Score", el("strong", fmt.signed(result.score), class_="eis-score")),
            (
                "Judged",
                f"{result.judged} predictions, {result.happened} happened"
                + (f", {result.ambiguous} ambiguous (left out)" if result.ambiguous else ""),
            ),
            ("Brier score", fmt.unsigned(result.brier) if result.brier is not None else "n/a"),
        ]
        items = join(el("div", el("dt", name), el("dd", value)) for name, value in figures)
        work = self.data.work(card.work)
        verdict = el(
            "p",
            "Verdict: ",
            self.cite(work.id),
            " ",
            _VERDICTS[result.verdict],
            ". ",
            _link(scoring_href, "How scores work"),
            class_="eis-verdict",
        )
        return join([el("dl", items, class_="eis-figures"), verdict])

    def scorecard_summary(self, scorecard_id: str) -> Markup:
        card = self.data.scorecard(scorecard_id)
        plist = self.data.prediction_list(card.predictions)
        work = self.data.work(card.work)
        context: list[Content] = [plist.title, " judged against ", self.cite(work.id), f" ({card.date.human()})"]
        if card.reported_in is not None:
            context += [", reported in ", self._part_link(self.data.part(card.reported_in))]
        body: list[Content] = [el("p", context, class_="eis-card__context"), self._scorecard_figures(card)]
        if card.note:
            body.append(el("p", card.note, class_="eis-card__note"))
        return el("div", body, class_="eis-card eis-scorecard", id=f"scorecard-{card.id}")

    def list_summary(self, list_id: str) -> Markup:
        """Scorecards of a list, or the range it can still score."""
        plist = self.data.prediction_list(list_id)
        cards = self.data.scorecards_of(plist.id)
        if cards:
            return join(self.scorecard_summary(card.id) for card in cards)
        span = self._list_figures(plist.id)
        figures = [
            ("Best possible", el("strong", fmt.signed(span.best)), "if every predicted event happens"),
            ("Worst possible", el("strong", fmt.signed(span.worst)), "if none does"),
            ("Expected", el("strong", fmt.signed(span.expected)), "under the author's own probabilities"),
        ]
        items = join(el("div", el("dt", name), el("dd", value, " ", el("small", why))) for name, value, why in figures)
        size = len(plist.predictions)
        return el(
            "div",
            el("p", f"Pending: none of these {size} predictions has been judged yet.", class_="eis-card__context"),
            el("dl", items, class_="eis-figures"),
            class_="eis-card eis-pending",
            id=f"pending-{plist.id}",
        )

    def score_breakdown(self, scorecard_id: str) -> Markup:
        """The score as a sum, term by term, in the list's order."""
        figures = self._card_score(scorecard_id)
        terms = [earned for earned in figures.points.values() if earned is not None]
        if not terms:
            return el("p", "No prediction on this scorecard has been judged.", class_="eis-breakdown")
        written = [fmt.signed(terms[0])]
        for term in terms[1:]:
            written.append(("− " if term < 0 else "+ ") + fmt.signed(abs(term)).lstrip("+"))
        total = fmt.signed(figures.score)
        return el("p", el("code", " ".join(written) + " = " + total), class_="eis-breakdown")

    # -- markets ------------------------------------------------------------

    def market_card(self, market_id: str) -> Markup:
        market = self.data.market(market_id)
        latest = market.latest
        body: list[Content] = [
            el("p", _link(market.url, market.question), class_="eis-market__question"),
            el(
                "p",
                market.platform + (f" · asked by {market.creator}" if market.creator else ""),
                class_="eis-card__context",
            ),
            el("p", el("strong", fmt.percent(latest.p), class_="eis-market__p"), f" on {latest.date.human()}"),
        ]
        figures = scoring.market_figures(market)
        if market.stance is not None:
            body.append(el("p", _stance(market, resolved=figures.resolution is not None), class_="eis-market__stance"))
        if figures.resolution is not None:
            body.append(el("p", _resolution(market, figures), class_="eis-market__resolution"))
        history = sorted(market.snapshots, key=lambda snap: snap.date.sort_key())
        if len(history) > 1:
            body.append(
                el(
                    "ul",
                    [el("li", f"{snap.date.human()}: {fmt.percent(snap.p)}") for snap in history],
                    class_="eis-market__history",
                )
            )
        if market.note:
            body.append(el("p", market.note, class_="eis-card__note"))
        return el("div", body, class_="eis-card eis-market", id=f"market-{market.id}")

    # -- the sequence ---------------------------------------------------------

    def _part_link(self, part: Part, label: str | None = None) -> Markup:
        """The part's title, linked to its page here, else to its post; else it names the sequence page.

        A title never links to a page that is not the part's own.
        """
        page = self.data.page_of(part.part)
        if page is not None:
            return _link(self.links.href(page.src_path), label or part.title)
        if part.url:
            return _link(part.url, label or part.title)
        if self.data.sequence.url:
            return join([text(label or part.title), " (", _link(self.data.sequence.url, "sequence page"), ")"])
        return text(label or part.title)

    def _where_to_read(self, part: Part) -> Content:
        """What the index adds to a title: whether this site has it, and as what."""
        if self.data.page_of(part.part) is None:
            return ""
        if part.hosted is not Hosted.SUMMARY:
            return el("small", " (on this site)", class_="eis-hosted")
        original: Content = ""
        if part.url:
            original = [", ", _link(part.url, "original post")]
        elif self.data.sequence.url:
            original = [", original on the ", _link(self.data.sequence.url, "sequence page")]
        return el("small", " (a summary on this site", original, ")", class_="eis-hosted")

    def sequence_index(self) -> Markup:
        head = head_row("Part", "Title", "Date")
        rows = []
        for part in sorted(self.data.sequence.parts, key=lambda p: p.part):
            rows.append(
                el(
                    "tr",
                    el("td", _roman(part.part)),
                    el("td", self._part_link(part), self._where_to_read(part), class_="eis-wide"),
                    el("td", el("time", part.date.human(), datetime=part.date.iso())),
                    id=f"part-{part.part}",
                )
            )
        caption = f"{self.data.sequence.title}, by {self.data.sequence.author}"
        return table(head, rows, "eis-sequence", caption=caption)

    def sequence_nav(self, part: int | None = None) -> Markup:
        """Previous and next part, in part order, wherever they are published."""
        number = self._part_number(part)
        parts = self._parts
        index = self._part_order[number]
        links: list[Content] = []
        if index > 0:
            before = parts[index - 1]
            links.append(
                el("span", el("small", "Previous"), el("br"), self._part_link(before), class_="eis-seqnav__prev")
            )
        if index + 1 < len(parts):
            after = parts[index + 1]
            links.append(el("span", el("small", "Next"), el("br"), self._part_link(after), class_="eis-seqnav__next"))
        index_link = _link(self.links.href(SEQUENCE_PAGE), "All parts of the sequence")
        links.append(el("span", index_link, class_="eis-seqnav__all"))
        return el("nav", links, class_="eis-seqnav", aria_label="Parts of the sequence")

    def part_header(self, part: int | None = None, words: int | None = None) -> Markup:
        """Title and byline of a hosted part, all from data/sequence.yaml, and its reading time from ``words``."""
        entry = self.data.part(self._part_number(part))
        said: list[Content] = [
            self.part_label(entry.part),
            " · ",
            el("time", entry.date.human(), datetime=entry.date.iso()),
        ]
        if entry.hosted is not Hosted.SUMMARY:
            said += [" · ", self.data.sequence.author]
        if words is not None:
            said += [" · ", f"{reading.minutes(words)} min read"]
        blocks = [self._crumbs(SEQUENCE_PAGE, "The sequence"), Markup("# ") + text(entry.title)]
        blocks.append(el("p", said, class_="eis-byline"))
        if entry.hosted is Hosted.SUMMARY:
            blocks.append(self._provenance(entry))
        return Markup("\n\n").join(blocks)

    def _provenance(self, entry: Part) -> Markup:
        """Whose words a summary is, and where the author's own are."""
        name = f"Part {_roman(entry.part)}"
        where: list[Content] = []
        if entry.url:
            original: Content = _link(entry.url, name)
        else:
            original = name
            if self.data.sequence.url:
                where = [" The original post is listed on the ", _link(self.data.sequence.url, "sequence page"), "."]
        return el(
            "p",
            "A summary of ",
            original,
            f" by {self.data.sequence.author}, in this site's words, not the author's.",
            where,
            class_="eis-provenance",
        )

    def part_context(self, part: int | None = None) -> Markup:
        """Markdown: the works a hosted part cited and the forecasts it made or scored.

        Called after the page's own text is rendered, so the works are those
        its macros cited, in order of first mention.
        """
        number = self._part_number(part)
        blocks: list[Markup] = []
        works = [self.data.work(work_id) for work_id in self._cited]
        if works:
            blocks.append(Markup("## Works cited in this part {: #cited-works }"))
            items = [el("li", self.cite(work.id), " ", self._work_badge(work), class_="eis-work") for work in works]
            blocks.append(el("ul", items, class_="eis-works eis-cited"))
        made = self._made_in.get(number, [])
        scored = self._reported_in.get(number, [])
        if made or scored:
            blocks.append(Markup("## Forecasts in this part {: #forecasts }"))
            entries: list[Content] = []
            for plist in made:
                size = len(plist.predictions)
                entries.append(
                    el(
                        "li",
                        "Made: ",
                        _link(self.links.href(list_page_path(plist.id)), plist.title),
                        f" ({size} prediction{'s' if size != 1 else ''})",
                    )
                )
            for card in scored:
                plist = self.data.prediction_list(card.predictions)
                result = self._card_score(card.id)
                entries.append(
                    el(
                        "li",
                        "Scored: ",
                        _link(self.links.href(list_page_path(plist.id)), plist.title),
                        " against ",
                        self.cite(card.work),
                        ", ",
                        el("strong", fmt.signed(result.score)),
                    )
                )
            blocks.append(el("ul", entries, class_="eis-part-forecasts"))
        blocks.append(Markup("## Cite this part {: #cite }"))
        blocks.append(self._cite_part(self.data.part(number)))
        return Markup("\n\n").join(blocks)

    # -- prose chosen by the data -----------------------------------------------
    # Sentences that would go stale as parts, lists and scorecards are added:
    # which part is newest, which lists wait, what was true when a part was written.

    def newest_part(self) -> Markup:
        """The highest-numbered part, linked: ``EIS XIV: … (Part 14 of 12, on this site)``."""
        if not self._parts:
            raise MacroMisuse("the sequence has no parts")
        part = self._parts[-1]
        hosted = ", on this site" if self.data.page_of(part.part) is not None else ""
        return join([self._part_link(part), f" ({self.part_label(part.part)}{hosted})"])

    def plan_progress(self) -> Markup:
        """The parts so far against the plan: ``planned at 12 parts and has since grown to 14``."""
        planned, count = self.data.sequence.planned_parts, len(self.data.sequence.parts)
        said = f"planned at {_count(planned, 'part')}"
        if count > planned:
            return text(f"{said} and has since grown to {count}")
        if count == planned:
            return text(f"{said}, {'which has' if count == 1 else 'all of which have'} appeared")
        return text(f"{said}, of which {count} {'has' if count == 1 else 'have'} appeared so far")

    def waiting_lists(self) -> Markup:
        """The lists no paper has been judged against yet, each with the range it can still score."""
        waiting = [plist for plist in self._lists_in_order() if not self.data.scorecards_of(plist.id)]
        if not waiting:
            if not self.data.lists:
                return el("p", "The sequence has not made a prediction list yet.", class_="eis-waiting")
            return el(
                "p",
                "No list is waiting for a paper: every prediction list has been judged at least once.",
                class_="eis-waiting",
            )
        if len(waiting) == 1:
            plist = waiting[0]
            span = scoring.list_range(plist)
            size = len(plist.predictions)
            cases = ("one prediction", "the event does not happen", "it does")
            if size > 1:
                cases = (f"{size} predictions", "none of the events happens", "all of them do")
            return el(
                "p",
                "One list is still waiting for a paper: ",
                self._list_link(plist),
                f", made {plist.made_on.human()}. Judged against its {cases[0]}, a paper could score anywhere"
                f" from {fmt.signed(span.worst)} (if {cases[1]}) to {fmt.signed(span.best)} (if {cases[2]}).",
                class_="eis-waiting",
            )
        items = []
        for plist in waiting:
            span = scoring.list_range(plist)
            items.append(
                el(
                    "li",
                    self._list_link(plist),
                    f", made {plist.made_on.human()}, {_count(len(plist.predictions), 'prediction')}:"
                    f" {fmt.signed(span.worst)} to {fmt.signed(span.best)}",
                )
            )
        intro = (
            f"These {len(waiting)} lists are still waiting for a paper. Judged against any of them, a paper could"
            " score anywhere from the worst case (none of the events happens) to the best (all of them do):"
        )
        return el("div", el("p", intro), el("ul", items), class_="eis-waiting")

    def latest_scorecard(self, list_id: str | None = None) -> Markup:
        """A sentence on the latest paper judged against a list, or against any list."""
        plist = self.data.prediction_list(list_id) if list_id is not None else None
        cards = self.data.scorecards_of(plist.id) if plist is not None else self.data.scorecards
        against: Content = self._list_link(plist) if plist is not None else "the sequence's forecasts"
        if not cards:
            return join(["No paper has been judged against ", against, " yet."])
        card = max(cards, key=lambda c: (c.date.sort_key(), c.id))
        result = self._card_score(card.id)
        # Linked like a citation but not counted as one: a part does not cite the papers judged after it.
        work = self.data.work(card.work)
        paper: list[Content] = [
            _link(work.url, work.citation, class_="eis-cite", title=work.title),
            f" ({card.date.human()})",
        ]
        if plist is None:
            judged: list[Content] = ["The latest paper judged is ", paper, ", held against the forecasts in "]
            judged.append(self._list_link(self.data.prediction_list(card.predictions)))
        elif len(cards) == 1:
            judged = [paper, " has been judged against ", against]
        else:
            judged = [f"The latest of the {len(cards)} papers judged against ", against, " is ", paper]
        if result.judged == 0:
            judged.append("; every outcome on its scorecard is ambiguous, so it has no score.")
        else:
            judged += ["; it scored ", el("strong", fmt.signed(result.score)), f" and {_VERDICTS[result.verdict]}."]
        if plist is None and card.reported_in is not None:
            part = self.data.part(card.reported_in)
            linked = self._part_link(part)
            # A title that ends a sentence itself ends this one, unless a note follows it.
            stop = "" if str(linked).endswith(("?</a>", "!</a>", ".</a>", "?", "!", ".")) else "."
            judged += [" The result is reported in ", linked, stop]
        return join(judged)

    def market_p_when(self, market_id: str, part: int | None = None) -> Markup:
        """A market's price when a part was written: its latest snapshot not after the part's date."""
        market = self.data.market(market_id)
        written = self.data.part(self._part_number(part))
        # Compared to the part's precision: a snapshot on 11 May is not after a part dated May.
        depth = 1 + (written.date.month is not None) + (written.date.day is not None)
        bound = written.date.sort_key()[:depth]
        before = [snap for snap in market.snapshots if snap.date.sort_key()[:depth] <= bound]
        if not before:
            raise MacroMisuse(
                f"market {market_id!r} has no snapshot on or before part {written.part} ({written.date.iso()})"
            )
        return text(fmt.percent(max(before, key=lambda snap: snap.date.sort_key()).p))

    def _lists_in_order(self) -> list[PredictionList]:
        return sorted(self.data.lists, key=lambda lst: (lst.made_on.sort_key(), lst.id))

    def _list_link(self, plist: PredictionList) -> Markup:
        return _link(self.links.href(list_page_path(plist.id)), plist.title)

    def _cite_part(self, part: Part) -> Markup:
        """The part's citation, as plain text and as BibTeX, from the data.

        A summary cites the author's post (or the sequence page, where the
        post's address is unknown) and names this page as the summary.
        """
        page = self.data.page_of(part.part)
        here = self.links.absolute(page.src_path) if page is not None else None
        summary = part.hosted is Hosted.SUMMARY
        cited = citation.Cited(
            author=self.data.sequence.author,
            title=part.title,
            series=self.data.sequence.title,
            number=part.part,
            date=part.date,
            url=part.url or (None if summary else here) or self.data.sequence.url,
            summary=here if summary else None,
        )
        return el(
            "div",
            el("p", "Plain text", class_="eis-embed__kind"),
            el("pre", el("code", citation.plain(cited)), class_="eis-embed__code"),
            el("p", "BibTeX", class_="eis-embed__kind"),
            el("pre", el("code", _preformatted(citation.bibtex(cited))), class_="eis-embed__code"),
            class_="eis-embed eis-cite-part",
        )

    # -- open data ----------------------------------------------------------------

    def data_files(self) -> Markup:
        """The table of the JSON files and schemas the build publishes."""
        return opendata.files_table(self.data, self.links.file_href)

    # -- charts -----------------------------------------------------------------

    def calibration(self, scorecard: str | None = None) -> Markup:
        """A reliability diagram of one scorecard, or of every judged prediction."""
        if scorecard is None:
            return charts.sequence_calibration(self.data)
        return charts.card_calibration(self.data, self.data.scorecard(scorecard))

    def page_title(self, src_path: str, part: int | None = None) -> str | None:
        """The title of a page whose subject is data (a part, a list); None leaves the page's own."""
        if part is not None:
            return self.data.part(part).title
        listed = self._list_pages.get(src_path)
        return listed.title if listed is not None else None

    def page_description(self, src_path: str, part: int | None = None) -> str | None:
        """A description for pages whose subject is data; None leaves the page's own."""
        if part is not None:
            return self.data.part(part).summary
        if src_path == LEDGER_PAGE:
            return self._ledger_description()
        listed = self._list_pages.get(src_path)
        if listed is not None:
            return self._list_description(listed)
        return None

    def _list_description(self, plist: PredictionList) -> str:
        said = f"{_count(len(plist.predictions), 'forecast')} made {plist.made_on.human()}"
        if plist.made_in is not None:
            said += f" in {self.data.part(plist.made_in).title}"
        latest = self.data.latest_scorecard(plist.id)
        if latest is None:
            return said.rstrip(".") + ", not yet judged."
        work = self.data.work(latest.work)
        score = fmt.signed(self._card_score(latest.id).score)
        return f"{said.rstrip('.')}; judged against {work.citation}, they scored {score}."

    def _ledger_description(self) -> str:
        lists = self.data.lists
        size = sum(len(plist.predictions) for plist in lists)
        said = f"{_count(len(lists), 'prediction list')} holding {_count(size, 'forecast')}"
        latest = self.data.latest_scorecard()
        if latest is None:
            return said + ", none judged yet."
        overall = calibrate(sequence_judged(self.data))
        cards = len(self.data.scorecards)
        said += f"; {_count(overall.judged, 'forecast')} judged against later papers on {_count(cards, 'scorecard')}"
        if overall.brier is not None:
            said += f", with a Brier score of {fmt.unsigned(overall.brier)} over all of them"
        work = self.data.work(latest.work)
        return f"{said}. Latest: {work.citation} scored {fmt.signed(self._card_score(latest.id).score)}."

    # -- the what-if explorer ------------------------------------------------------

    def whatif(self, list_id: str) -> Markup:
        """The list's explorable table, unless the page already shows it.

        The explorer is the prediction table itself; pages written when it
        was a second table under the first keep one table per list.
        """
        plist = self.data.prediction_list(list_id)
        if self.links.href(whatif.SCRIPT) is None:
            raise LookupError(f"the explorer's script {whatif.SCRIPT} is missing from the docs")
        if plist.id in self._explorers:
            return Markup("")
        return self.prediction_table(plist.id)

    # -- the ledger -------------------------------------------------------------

    def ledger(self) -> Markup:
        """Markdown: every list and how it scored, then the calibration of the whole sequence.

        Each list's table, scores and explorer are on its own page, so the
        ledger stays one row a scorecard however many forecasts there are.
        """
        return Markup("\n\n").join(
            [self._ledger_overview(), Markup("## Calibration {: #calibration }"), self.calibration()]
        )

    def list_page(self, list_id: str) -> Markup:
        """Markdown of a list's own page: its context, its table (the explorer), scores and calibration."""
        plist = self.data.prediction_list(list_id)
        blocks = [self._crumbs(LEDGER_PAGE, "Predictions ledger"), Markup("# ") + text(plist.title)]
        blocks.append(self._list_context(plist))
        blocks.append(self.prediction_table(plist.id))
        blocks.append(self.list_summary(plist.id))
        cards = self.data.scorecards_of(plist.id)
        if cards:
            blocks.append(Markup("## Calibration {: #calibration }"))
            blocks.extend(self.calibration(card.id) for card in cards)
        return Markup("\n\n").join(blocks)

    def _crumbs(self, src_path: str, label: str) -> Markup:
        """The way back up from a page the navigation does not list."""
        return el("nav", _link(self.links.href(src_path), label), class_="eis-crumbs", aria_label="Breadcrumb")

    def _list_context(self, plist: PredictionList) -> Markup:
        said: list[Content] = [f"Made {plist.made_on.human()}"]
        last_words = ""
        if plist.made_in is not None:
            part = self.data.part(plist.made_in)
            said += [" in ", self._part_link(part)]
            last_words = part.title
        if plist.source:
            said += [" (", _link(plist.source, "source"), ")"]
            last_words = ")"
        said.append("" if last_words.endswith(("?", "!", ".")) else ".")
        if plist.about:
            said += [" ", plist.about]
        return el("p", said, class_="eis-list-context")

    def _ledger_overview(self) -> Markup:
        head = head_row("Prediction list", "Judged against", "Score", "Judged", "Brier", "Verdict")
        rows = []
        for plist in sorted(self.data.lists, key=lambda lst: (lst.made_on.sort_key(), lst.id)):
            anchor = _link(self.links.href(list_page_path(plist.id)), plist.title)
            cards = self.data.scorecards_of(plist.id)
            for card in cards:
                result = self._card_score(card.id)
                rows.append(
                    el(
                        "tr",
                        el("td", anchor),
                        el("td", self.cite(card.work)),
                        el("td", el("strong", fmt.signed(result.score)), class_="eis-num"),
                        el("td", f"{result.happened} of {result.judged} happened"),
                        el("td", fmt.unsigned(result.brier) if result.brier is not None else "n/a", class_="eis-num"),
                        el("td", _VERDICTS[result.verdict]),
                    )
                )
            if not cards:
                span = self._list_figures(plist.id)
                rows.append(
                    el(
                        "tr",
                        el("td", anchor),
                        el("td", "pending"),
                        el("td", f"{fmt.signed(span.worst)} to {fmt.signed(span.best)}", class_="eis-num"),
                        el("td", f"0 of {len(plist.predictions)}"),
                        el("td", "n/a", class_="eis-num"),
                        el("td", "not yet judged"),
                    )
                )
        return table(head, rows, "eis-ledger", caption="Every prediction list and how it scored")


def _preformatted(lines: str) -> Markup:
    """Text for a <pre> with its breaks and indents as character references: block output stays on one line."""
    out = []
    for line in lines.split("\n"):
        body = line.lstrip(" ")
        out.append(Markup("&#32;" * (len(line) - len(body))) + text(body))
    return Markup("&#10;").join(out)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _stance(market: Market, resolved: bool = False) -> str:
    side = "over" if market.stance is Stance.OVER else "under"
    direction = "higher" if market.stance is Stance.OVER else "lower"
    if resolved:
        return f"The author took the {side}: he expected the true chance to be {direction} than the market said."
    return f"The author would take the {side}: he expects the true chance to be {direction} than the market says."


def _resolution(market: Market, figures: scoring.MarketFigures) -> list[Content]:
    """How the market resolved, how far that lay from its last price, and whether the stance was borne out."""
    resolution, last = figures.resolution, figures.last
    assert resolution is not None
    said: list[Content] = ["Resolved ", el("strong", resolution.outcome.value), f" on {resolution.date.human()}"]
    price = f"its last price of {fmt.percent(last.p)} ({last.date.human()})"
    if figures.gap is None:
        said.append(": neither yes nor no, so neither side won.")
    elif figures.gap == 0:
        said.append(f", exactly as {price} said.")
    else:
        way = "above" if figures.gap > 0 else "below"
        said.append(f", {fmt.percent(abs(figures.gap)).removesuffix('%')} percentage points {way} {price}.")
    if market.stance is not None:
        side = f" The author's {market.stance.value}"
        if figures.borne_out is None:
            said.append(f"{side} can be judged neither way.")
        else:
            said.append(f"{side} was {'borne out' if figures.borne_out else 'not borne out'}.")
    return said
