"""Files written beside the pages (feed, badges, tier colours) and each page's sharing metadata."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from PIL import Image

from conftest import DATA, DOCS, Links, OnPage, compose, meta_tags, mkdocs_build
from macros.data import colour, model
from macros.data.load import load
from macros.data.model import PartialDate
from macros.render import badges, feed, lists, opendata, whatif
from macros.render.html import label_styles
from macros.site import publish
from macros.site.cards import CARDS_DIR

SITE_URL = "https://eis-sequence.github.io/eis-site/"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def data():
    return load(DATA, DOCS)


# -- colour -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#ffffff", "#000000", 21.0),
        ("#000000", "#ffffff", 21.0),
        ("#777777", "#777777", 1.0),
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes AA on white
        ("#777777", "#ffffff", 4.48),
    ],
)
def test_contrast(first, second, ratio):
    assert colour.contrast(first, second) == pytest.approx(ratio, abs=0.005)


def test_every_tier_colour_passes_aa_under_white_text(data):
    for tier in data.tiers:
        assert colour.contrast(tier.colour, colour.WHITE) >= colour.AA_CONTRAST, tier


# -- badges -------------------------------------------------------------------


def test_one_badge_per_tier_and_per_contested_pair(data):
    names = [badge.filename for badge in badges.badges(data)]
    pairs = {(work.tier, work.tier_argued) for work in data.works if work.tier and work.tier_argued}
    expected = [f"tier-{tier.tier}.svg" for tier in sorted(data.tiers, key=lambda t: t.tier)]
    expected += [f"tier-{tier}-argued-{argued}.svg" for tier, argued in sorted(pairs)]
    assert names == expected
    assert "tier-3-argued-4.svg" in names  # Wu et al., placed 3, argued 4


def test_badge_svg_spells_out_its_tier(data):
    contested = next(badge for badge in badges.badges(data) if badge.argued is not None)
    root = ET.fromstring(badges.svg(contested))
    texts = [node.text for node in root.iter(f"{SVG}text")]
    assert texts == [f"Tier {contested.tier.tier}", f"{contested.tier.name}, argued {contested.argued.tier}"]
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == root.get("aria-label") == contested.alt
    fills = {node.get("fill") for node in root.iter(f"{SVG}rect")}
    assert contested.tier.colour in fills
    assert int(root.get("width")) == contested.width


def test_badge_text_is_escaped(data):
    tier = dataclasses.replace(data.tiers[0], name='<script>alert("x")</script> & co')
    root = ET.fromstring(badges.svg(badges.Badge(tier)))  # well-formed, so nothing broke out
    assert [node.text for node in root.iter(f"{SVG}text")][1] == tier.name
    assert root.find(f"{SVG}script") is None


@pytest.mark.parametrize(("text", "wider_than"), [("Tier 1", "Tier"), ("WWW", "iii"), ("Basic Science", "Basic")])
def test_text_width_grows_with_the_text(text, wider_than):
    assert badges.text_width(text) > badges.text_width(wider_than)


# -- feed -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "written"),
    [
        (PartialDate(2024, 10, 11), "Fri, 11 Oct 2024 00:00:00 +0000"),
        (PartialDate(2023, 2), "Wed, 01 Feb 2023 00:00:00 +0000"),
        (PartialDate(2022), "Sat, 01 Jan 2022 00:00:00 +0000"),
    ],
)
def test_rfc822(date, written):
    assert feed.rfc822(date) == written


def test_feed_orders_newest_first_and_escapes():
    channel = feed.Channel("A & <b>", "https://example.org/", "About", "Ann Author")
    items = [
        feed.Item("Old", "https://example.org/old/", PartialDate(2023, 2)),
        feed.Item("New <i>", "https://example.org/new/", PartialDate(2024, 10, 11), "Summary & more"),
    ]
    root = ET.fromstring(feed.rss(channel, items))
    assert root.find("channel/title").text == "A & <b>"
    assert [item.find("title").text for item in root.iter("item")] == ["New <i>", "Old"]
    assert root.find("channel/lastBuildDate").text == "Fri, 11 Oct 2024 00:00:00 +0000"
    assert root.find("channel/item/description").text == "Summary & more"
    assert root.find("channel/item[2]/description") is None


def test_a_resolved_market_is_announced_once_with_a_stable_id(data):
    market = data.markets[0]
    resolved = dataclasses.replace(
        market, resolution=model.Resolution(model.Resolved.YES, PartialDate(2025, 12, 31)), stance=model.Stance.OVER
    )
    changed = dataclasses.replace(data, markets=(resolved, *data.markets[1:]))
    pages = {"parts/eis-xiv.md": "parts/eis-xiv/", "ledger/may-2024.md": "ledger/may-2024/"}
    root = ET.fromstring(publish.feed_of(changed, SITE_URL, "About", pages.get))
    found = [item for item in root.iter("item") if item.find("title").text.startswith("Market resolved yes: ")]
    assert len(found) == 1
    item = found[0]
    assert item.find("guid").text == f"{SITE_URL}#market-{market.id}-resolved"
    assert item.find("guid").get("isPermaLink") == "false"
    assert item.find("link").text == f"{SITE_URL}parts/eis-xiv/#market-{market.id}"
    assert "was borne out" in item.find("description").text
    # The same data, the same feed; and no item while the market is open.
    assert publish.feed_of(changed, SITE_URL, "About", pages.get) == publish.feed_of(
        changed, SITE_URL, "About", pages.get
    )
    open_feed = ET.fromstring(publish.feed_of(data, SITE_URL, "About", pages.get))
    assert not [i for i in open_feed.iter("item") if i.find("title").text.startswith("Market resolved")]


def test_site_files_cover_badges_and_feed_and_styles_carry_tier_colours(data):
    files = publish.site_files(data, SITE_URL, "About", {"parts/eis-xiv.md": "parts/eis-xiv/"})
    expected = {b.path for b in badges.badges(data)} | {feed.FEED_PATH, whatif.PARTS}
    assert set(files) == expected | set(opendata.site_files(data, SITE_URL))
    styles = publish.tier_styles(data)
    assert styles.startswith(":root{") and styles.endswith("}")
    for tier in data.tiers:
        assert f"--eis-tier-{tier.tier}:{tier.colour};" in styles
    links = [node.text for node in ET.fromstring(files[feed.FEED_PATH]).iter("link")]
    assert links == [SITE_URL, SITE_URL + "parts/eis-xiv/"]


# -- the built site ---------------------------------------------------------------


def _pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if path.name != "404.html")


def test_every_page_has_a_description_and_sharing_tags(built_site):
    for path in _pages(built_site):
        html = path.read_text()
        meta = meta_tags(html)
        url = SITE_URL + str(path.parent.relative_to(built_site)).removeprefix(".") + "/"
        url = url.replace("//", "/").replace("https:/", "https://")
        for key in ("description", "og:description", "twitter:description", "og:title", "twitter:title"):
            assert meta.get(key, "").strip(), (path, key)
        assert meta["og:description"] == meta["description"], path
        assert meta["og:url"] == url, path
        assert f'<link rel="canonical" href="{url}">' in html, path
        assert '<link rel="alternate" type="application/rss+xml"' in html, path


def test_descriptions_come_from_the_data(built_site, data):
    part = data.part(14)
    assert meta_tags((built_site / "parts/eis-xiv/index.html").read_text())["description"] == part.summary
    assert meta_tags((built_site / "parts/eis-xiv/index.html").read_text())["og:type"] == "article"
    ledger = meta_tags((built_site / "ledger/index.html").read_text())["description"]
    size = sum(len(plist.predictions) for plist in data.lists)
    assert f"{len(data.lists)} prediction lists holding {size} forecasts" in ledger
    assert "\u22120.74" in ledger
    # The tiers and the works pages say what they hold, from the data, not the site's generic description.
    tiers = unescape(meta_tags((built_site / "tiers/index.html").read_text())["description"])
    assert all(tier.name in tiers for tier in data.tiers) and tiers.startswith(f"The {len(data.tiers)} tiers")
    works = unescape(meta_tags((built_site / "works/index.html").read_text())["description"])
    placed = sum(1 for work in data.works if work.tier is not None)
    assert works.startswith(f"The {len(data.works)} works") and f"{placed} of them placed" in works


def test_written_files_are_in_the_site(built_site, data):
    for badge in badges.badges(data):
        ET.fromstring((built_site / badge.path).read_bytes())
    root = ET.fromstring((built_site / feed.FEED_PATH).read_bytes())
    items = {item.find("title").text: item for item in root.iter("item")}
    may = "Anthropic's next SAE paper (May 2024), judged against Templeton et al. (2024): \u22120.74"
    assert list(items) == [data.part(14).title, may]  # newest first
    judged = items[may]
    assert judged.find("link").text == SITE_URL + "ledger/may-2024/#scorecard-may-2024-scaling-monosemanticity"
    assert judged.find("guid").text == judged.find("link").text
    assert judged.find("pubDate").text == "Tue, 21 May 2024 00:00:00 +0000"
    assert judged.find("description").text == (
        "It scored \u22120.74 (worst possible \u22123.74, best +6.26; the author's own odds expected 0.00):"
        " the work did less than the forecast expected. 3 of 10 predictions happened;"
        " Brier score 0.022 (0 is perfect, 0.25 a coin flip)."
    )
    # The tier colours come from the data, in every page's own styles.
    home = (built_site / "index.html").read_text()
    for tier in data.tiers:
        assert f"--eis-tier-{tier.tier}:{tier.colour};" in home
    assert "tiers.css" not in home and "eis.css" not in home


def test_every_page_has_its_own_share_image(built_site):
    shown: dict[str, Path] = {}
    for path in _pages(built_site):
        meta = meta_tags(path.read_text())
        address = meta["og:image"]
        assert address.startswith(SITE_URL + CARDS_DIR + "/"), path
        image = Image.open(built_site / address.removeprefix(SITE_URL))
        assert image.format == "PNG", path
        assert image.size == (int(meta["og:image:width"]), int(meta["og:image:height"])), path
        assert meta["twitter:card"] == "summary_large_image" and meta["twitter:image"] == address, path
        assert meta["og:title"] in meta["og:image:alt"] == meta["twitter:image:alt"], path
        assert shown.setdefault(address, path) == path, "two pages share a card"
    assert sorted(path.name for path in (built_site / CARDS_DIR).iterdir()) == sorted(
        address.rsplit("/", 1)[-1] for address in shown
    )


def test_front_matter_cannot_set_a_share_image_and_no_site_url_means_none(tmp_path):
    project = compose(tmp_path / "project")
    page = project / "docs/scoring.md"
    forged = '---\nshare_image:\n  url: "https://elsewhere.example/x.png"\n  alt: forged\n---\n\n'
    page.write_text(forged + page.read_text(encoding="utf-8"), encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    meta = meta_tags((site / "scoring/index.html").read_text())
    assert meta["og:image"].startswith(SITE_URL + CARDS_DIR + "/")
    assert meta["og:image:alt"].startswith("How scoring works. ")
    # Without site_url there is no absolute address to give, so no image and the small card.
    config = (project / "site.yml").read_text(encoding="utf-8")
    (project / "site.yml").write_text(re.sub(r"(?m)^site_url:.*$", "", config), encoding="utf-8")
    bare = tmp_path / "bare"
    result = mkdocs_build(project, bare)
    assert result.returncode == 0, result.stderr
    for path in _pages(bare):
        meta = meta_tags(path.read_text())
        assert "og:image" not in meta and meta["twitter:card"] == "summary", path
    assert not (bare / CARDS_DIR).exists()


def test_a_title_from_data_reaches_the_share_image_as_written(tmp_path):
    """The card takes the part's title from the data, not back from the copy escaped for the theme."""
    project = compose(tmp_path / "project")
    sequence = project / "data/sequence.yaml"
    title = 'EIS XIV: <b>Bold</b> & "quoted" {{ 7*7 }} it\'s'
    old = '"EIS XIV: Is mechanistic interpretability about to be practically useful?"'
    text = sequence.read_text(encoding="utf-8")
    assert old in text
    sequence.write_text(text.replace(old, json.dumps(title)), encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    meta = meta_tags((site / "parts/eis-xiv/index.html").read_text())
    assert meta["og:title"] == title
    assert meta["og:image:alt"].startswith(f"Part 14 of 12 · 11 October 2024. {title}. ")


@pytest.mark.parametrize(
    ("page", "alt"),
    [
        (
            "ledger/may-2024/index.html",
            (
                "Prediction list · made May 2024. Anthropic's next SAE paper (May 2024)."
                " \u22120.74 score against Templeton et al. (2024) (\u22123.74 to +6.26 possible):"
                " it did less than the forecast expected · Brier 0.022."
            ),
        ),
        (
            "parts/eis-xiv/index.html",
            (
                "Part 14 of 12 · 11 October 2024. EIS XIV: Is mechanistic interpretability about to be practically"
                " useful? 8 forecasts on \u201cThe next SAE paper from Google DeepMind, OpenAI or Anthropic\u201d,"
                " not yet judged."
            ),
        ),
        (
            "authoring/index.html",
            (
                "Authoring guide. Essays on whether AI interpretability research is useful, with forecasts scored"
                " against later papers and a five-tier rubric of rigor."
            ),
        ),
    ],
)
def test_a_share_image_says_the_pages_figures(built_site, page, alt):
    assert meta_tags((built_site / page).read_text())["og:image:alt"] == alt


def test_tiers_page_offers_a_snippet_per_badge(built_site, data):
    html = (built_site / "tiers/index.html").read_text()
    for badge in badges.badges(data):
        assert f'src="../{badge.path}"' in html
        snippet = f"[![{badge.alt}]({SITE_URL}{badge.path})]({SITE_URL}tiers/#tier-{badge.tier.tier})"
        assert snippet in unescape(html)


def test_a_part_lists_what_it_cited_and_no_material_footer(built_site, data):
    html = (built_site / "parts/eis-xiv/index.html").read_text()
    cited = html[html.index('id="cited-works"') : html.index('id="forecasts"')]
    for work in data.works:
        assert unescape(work.citation) in unescape(re.sub(r"<[^>]+>", "", cited)), work.id
    forecasts = html[html.index('id="forecasts"') : html.index('class="eis-seqnav"')]
    made_here = [plist for plist in data.lists if plist.made_in == 14]
    assert made_here and all(f'href="../../ledger/{plist.id}/"' in forecasts for plist in made_here)
    # Material's previous/next would step through the whole navigation, not the sequence.
    assert "md-footer__link" not in html
    assert "md-footer__link" in (built_site / "tiers/index.html").read_text()


class _Images(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.alts: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.alts.append(dict(attrs)["alt"])


HOSTILE = "<b>x</b> & \" ' [link](y) ] \\ `c` *e*"


def test_embed_snippets_render_the_badge_name_exactly(data):
    tiers = tuple(dataclasses.replace(tier, name=f"{HOSTILE} {tier.tier}") for tier in data.tiers)
    renderer = OnPage(dataclasses.replace(data, tiers=tiers), Links(depth=1, current_part=None, site_url=SITE_URL))
    snippets = [unescape(code) for code in re.findall(r"<code>(.*?)</code>", str(renderer.badge_embeds()))]
    expected = [badge.alt for badge in badges.badges(renderer.page.data)]
    assert len(snippets) == 2 * len(expected)
    markdown_snippets, html_snippets = snippets[0::2], snippets[1::2]
    assert [_Images(markdown.markdown(snippet)).alts[0] for snippet in markdown_snippets] == expected
    assert [_Images(snippet).alts[0] for snippet in html_snippets] == expected


def test_each_list_has_its_own_page_with_a_way_back(built_site, data):
    for plist in data.lists:
        html = (built_site / f"ledger/{plist.id}/index.html").read_text()
        assert '<nav class="eis-crumbs" aria-label="Breadcrumb"><a href="../">Predictions ledger</a></nav>' in html
        description = meta_tags(html)["description"]
        assert description.startswith(f"{len(plist.predictions)} forecasts made ")
        assert f'<form class="eis-whatif" data-list="{plist.id}"' in html
    judged = data.scorecard("may-2024-scaling-monosemanticity")
    assert meta_tags((built_site / f"ledger/{judged.predictions}/index.html").read_text())["description"].endswith(
        "they scored \u22120.74."
    )
    assert meta_tags((built_site / "ledger/eis-xiv/index.html").read_text())["description"].endswith("not yet judged.")


@pytest.mark.parametrize(
    ("stylesheet", "expected"),
    [
        ("/* note */\na {\n  color: red;\n}\n", "a{color: red;}"),
        ("a:hover  >  b { margin: 0 auto ; }", "a:hover > b{margin: 0 auto;}"),
        ('a::before { content: "\u2039 "; }', 'a::before{content: "\u2039 ";}'),
        ("/* a */ /* b */", ""),
    ],
)
def test_page_styles_drop_comments_and_spare_spaces(data, stylesheet, expected):
    rules = label_styles() + lists.permalink_styles() + publish.tier_styles(data)
    assert publish.page_styles(stylesheet, data) == expected + rules


def test_the_explorers_parts_file_links_from_its_own_folder(data):
    """The parts whatif.js copies are written once for the site; their links are relative to the file."""
    pages = {"scoring.md": "scoring/", "parts/eis-xiv.md": "parts/eis-xiv/"}
    written = publish.site_files(data, SITE_URL, "About", pages)[whatif.PARTS].decode()
    assert whatif.PARTS.count("/") == 1
    links = re.findall(r'href=\\"([^"\\]*)\\"', written)
    assert links and set(links) == {"../scoring/"}
    assert "<script" not in written
