"""Citations, tier badges, the ladder of tiers and the works placed on it."""

from __future__ import annotations

from markupsafe import Markup, escape

from macros.data.model import Tier, Work
from macros.render import badges, fmt
from macros.render.base import (
    TIERS_PAGE,
    _link,
    macro,
)
from macros.render.figures import FigureMacros
from macros.render.html import Content, columns, el, join, table, text


class TierMacros(FigureMacros):
    @macro
    def cite(self, work_id: str) -> Markup:
        work = self.data.work(work_id)
        self._cited[work.id] = None
        # No tooltip: the title is in the page's list of works cited, as text.
        return _link(work.url, work.citation, class_="eis-cite")

    def _badge(self, tier: Tier | None, argued: Tier | None = None) -> Markup:
        """The one badge primitive: a tier's number and name, never colour alone.

        No tooltip: what a badge means is on the tiers page it links to, and
        a work's place within its tier is text beside it (``_work_badge``).
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
        href = self.links.href(TIERS_PAGE, f"tier-{main.tier}")
        return _link(href, body, class_=f"eis-badge eis-tier-{main.tier}")

    @macro
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
                # Each kind's name, then its snippet: styled by their place in the embed (eis.css).
                body.append(el("p", kind))
                body.append(el("pre", el("code", snippet)))
            entries.append(el("div", body, class_="eis-embed", id=f"embed-{badge.filename.removesuffix('.svg')}"))
        return el("div", entries, class_="eis-embeds")

    @macro
    def tier_badge(self, ref: int | str) -> Markup:
        """A badge for a tier (given its number) or for a work (given its id)."""
        found = self.data.tier_or_work(ref)
        return self._work_badge(found) if isinstance(found, Work) else self._badge(found)

    def _work_badge(self, work: Work) -> Markup:
        self._cited[work.id] = None
        tier = self.data.tier(work.tier) if work.tier is not None else None
        argued = self.data.tier(work.tier_argued) if work.tier_argued is not None else None
        said = []
        if tier is not None and work.tier_position is not None:
            said.append(f"{work.tier_position.value} in tier {tier.tier}")
        if tier is not None and argued is not None:
            said.append(f"others argued for tier {argued.tier}")
        badge = self._badge(tier, argued)
        if not said:
            return badge
        return join([badge, " ", el("small", "; ".join(said))])

    def _works_on(self, tier: int | None) -> list[Work]:
        return sorted((work for work in self.data.works if work.tier == tier), key=lambda w: (w.year, w.citation))

    @macro
    def tier_ladder(self) -> Markup:
        """The five tiers from the top down, each with how many works reach it."""
        items = []
        for tier in sorted(self.data.tiers, key=lambda t: -t.tier):
            count = len(self._works_on(tier.tier))
            counted = f"{fmt.counted(count, 'work')} placed here" if count else "no work placed here yet"
            items.append(
                el(
                    "li",
                    self._badge(tier),
                    # Styled by their place in the rung (eis.css): the summary, then the count.
                    el("span", tier.summary),
                    el("span", counted),
                    class_=f"eis-tier-{tier.tier}",
                )
            )
        return el("ol", items, class_="eis-ladder", reversed=True)

    def _work_list(self, works: list[Work]) -> Markup:
        if not works:
            return el("p", "No work is placed here yet.", class_="eis-empty")
        rows = []
        for work in works:
            detail: list[Content] = [self.cite(work.id), " ", self._work_badge(work)]
            if work.title != work.citation:
                detail.append(el("span", work.title))
            if work.note:
                detail.append(el("span", work.note, class_="eis-work__note"))
            rows.append(el("li", detail))
        return el("ul", rows, class_="eis-works")

    @macro
    def tier_works(self, tier: int) -> Markup:
        return self._work_list(self._works_on(self.data.tier(tier).tier))

    @macro
    def unplaced_works(self) -> Markup:
        return self._work_list(self._works_on(None))

    @macro
    def tier_sections(self) -> Markup:
        """Markdown: a heading per tier (so the page has a table of contents)."""
        blocks = []
        for tier in sorted(self.data.tiers, key=lambda t: t.tier):
            heading = text(f"Tier {tier.tier}: {tier.name}")
            blocks.append(Markup(f"## {heading} {{: #tier-{tier.tier} }}"))
            blocks.append(el("p", tier.summary))
            argued = [work for work in self.data.works if work.tier_argued == tier.tier]
            blocks.append(self._work_list(self._works_on(tier.tier)))
            if argued:
                blocks.append(el("p", "Argued by others to belong here:", class_="eis-argued-intro"))
                blocks.append(self._work_list(argued))
        blocks.append(Markup("## Not placed {: #not-placed }"))
        blocks.append(self.unplaced_works())
        return Markup("\n\n").join(blocks)

    @macro
    def works_table(self) -> Markup:
        head = columns("eis-works-table")
        rows = []
        for work in sorted(self.data.works, key=lambda w: (w.year, w.citation)):
            rows.append(
                el(
                    "tr",
                    el(
                        "td",
                        # A work whose title is its citation is named once.
                        [el("strong", work.citation), el("br")] if work.title != work.citation else [],
                        _link(work.url, work.title),
                        el("br"),
                        el("small", join(work.authors, ", ")),
                        class_="eis-work-cell eis-wide",
                    ),
                    el("td", str(work.year)),
                    el("td", self._work_badge(work), class_="eis-wide"),
                    el("td", work.note or "", class_="eis-note-cell eis-wide"),
                    id=f"work-{work.id}",
                )
            )
        return table(head, rows, "eis-works-table", caption="Works cited in the sequence")
