"""Every internal link and anchor in the built HTML resolves.

``scan`` reads a document as a browser parses it (Lexbor's HTML5 parser,
through selectolax): a table of snippets pins what counts as an id or a
reference, and the corners of HTML where a tokenizer of our own would have
to copy a parser.  Tiny synthetic sites pin each rule of resolution; then
the real site must have no broken link, a broken link in a page's raw HTML
must fail the build, and the command line must say so with its exit code.
"""

from __future__ import annotations

import shutil
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from conftest import ROOT, copy_project, mkdocs_build, run_cli, write_files
from macros.site.linkcheck import Ref, check_site, scan, srcset_urls

BASE = "https://example.org/base/"
REAL_BASE = "https://eis-sequence.github.io/eis-site/"


SVG_FILE = (
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '<defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><rect stroke="url(#h)"/>'
    '<use xlink:href="#gone"/><a href="../index.html#top-sec"><text>up</text></a></svg>'
)

# Each case: a document, then its ids, what each of its references is
# written as (in any order), and its <base href>.
SCANS = [
    pytest.param(
        '<a href="a">1</a> <area href="b"> <link rel="stylesheet" href="c">',
        set(),
        ["a", "b", "c"],
        None,
        id="href on a, area, link",
    ),
    pytest.param(
        '<img src="i"> <script src="s"></script> <iframe src="f"></iframe> <frameset><frame src="fr"></frameset>'
        '<video src="v" poster="p"><source src="so"><track src="t"></video> <audio src="au"></audio> '
        '<embed src="e"> <input type="image" src="in">',
        set(),
        ["au", "e", "f", "i", "in", "p", "s", "so", "t", "v"],
        None,
        id="src and poster",
    ),
    pytest.param(
        '<object data="o"></object> <form action="fa"><button formaction="bf">b</button>'
        '<input type="submit" formaction="if"></form> <blockquote cite="bq"></blockquote> <q cite="q"></q>'
        '<del cite="d"></del> <ins cite="n"></ins>',
        set(),
        ["bf", "bq", "d", "fa", "if", "n", "o", "q"],
        None,
        id="data, action, formaction, cite",
    ),
    pytest.param(
        '<div href="h" src="s" data="d" action="a" cite="c" poster="p"></div> <p formaction="f"></p> '
        '<meta content="url(m)"> <div data-x="url(x)"></div> <a download="x.png" ping="/p">z</a>',
        set(),
        [],
        None,
        id="URL attributes on other elements are not links",
    ),
    pytest.param(
        '<meta property="og:image" content="https://x.org/c.png"> <meta name="twitter:image" content="c.png">'
        '<meta property="og:url" content="/p/"> <meta property="og:title" content="t.png">'
        '<meta name="description" content="/d"> <meta property="og:image:alt" content="a.png">',
        set(),
        ["/p/", "c.png", "https://x.org/c.png"],
        None,
        id="link-preview addresses in meta, and no other meta content",
    ),
    pytest.param(
        '<h2 id="a">A</h2> <a name="b"></a> <p name="c"></p> <span id="">e</span>',
        {"a", "b", ""},
        [],
        None,
        id="ids, and name on a",
    ),
    pytest.param(
        '<img src="a.png" srcset="a.png 1x, b.png 2x"> <link rel="preload" as="image" imagesrcset="c.png 480w">',
        set(),
        ["a.png", "a.png", "b.png", "c.png"],
        None,
        id="srcset and imagesrcset candidates",
    ),
    pytest.param(
        "<div style=\"background: url('x.png') , URL(#y)\"></div> <style>.a { fill: url(#s) }</style>"
        '<p>url(#prose)</p> <script>var u = "url(#js) <a href=k>"</script>',
        set(),
        ["URL(#y)", "url('x.png')", "url(#s)"],
        None,
        id="CSS in style attributes and style elements, not in prose or scripts",
    ),
    pytest.param(
        '<svg><use href="#u"/><image xlink:href="i.png"/><g id="g"><rect fill="url(#f)" stroke="url( \'#s\' )" '
        'filter=\'url("#x")\' clip-path="none"/></g><style>.c { mask: url(#m) }</style></svg>',
        {"g"},
        ["#u", "i.png", "url( '#s' )", 'url("#x")', "url(#f)", "url(#m)"],
        None,
        id="svg: href on any element, url() in any attribute",
    ),
    pytest.param(
        '<svg><g class="url(#c)"><rect class="r"/></g></svg> <p class="url(#p)">p</p>'
        '<style class="s">.a { fill: url(#t) }</style> <noscript class="n"><a href="n">n</a></noscript>',
        set(),
        ["n", "url(#c)", "url(#t)"],
        None,
        id="an element whose only attribute is a class is read for its tag, and in svg for a url() in it",
    ),
    pytest.param(
        '<p xlink:href="#x"></p> <div><svg viewBox="0 0 1 1"><a href="#in"></a></svg><use href="#out"></use></div>',
        set(),
        ["#in", "#x"],
        None,
        id="xlink:href anywhere, href on any element only inside svg",
    ),
    pytest.param(
        '<svg/><use href="#a"></use> <svg><p>breaks out</p><use href="#b"></use></svg>',
        set(),
        [],
        None,
        id="svg ends where a browser ends it",
    ),
    pytest.param(
        '<base target="_top"><base href="/a/"><base href="/b/"><a href="x">x</a>',
        set(),
        ["x"],
        "/a/",
        id="the first base with an href",
    ),
    pytest.param(
        '<a href="?a=1&amp;b=2&#x23;c">1</a> <a href="&quot;q&quot;&lt">2</a> <a href="java&#9;script:x">3</a>',
        set(),
        ["?a=1&b=2#c", '"q"<', "java\tscript:x"],
        None,
        id="character references in values",
    ),
    pytest.param(
        '<A HREF="Up.html" ID="Top-1">1</A> <a href=bare/>2</a> <a href = "s" id=q>3</a>',
        {"Top-1", "q"},
        ["Up.html", "bare/", "s"],
        None,
        id="names in any case, values as written, unquoted and spaced",
    ),
    pytest.param(
        '<a href="1" href="2" id="a" id="b">x</a>',
        {"a"},
        ["1"],
        None,
        id="a repeated attribute counts once, the first",
    ),
    pytest.param(
        '<a href>none</a> <a href="">self</a>',
        set(),
        [""],
        None,
        id="an attribute without a value is no URL",
    ),
    pytest.param(
        '<!-- <a href="c1"> --> <!-- --!> <a href="after-bang"> <!--> <a href="after-empty"> -->',
        set(),
        ["after-bang", "after-empty"],
        None,
        id="comments end at --> and --!>, and <!--> is empty",
    ),
    pytest.param(
        '<script>"</a><a href=s1>"</SCRIPT ><a href="s2"> <script>1</ script><a href=s3></script><a href="s4">',
        set(),
        ["s2", "s4"],
        None,
        id="script content is not markup, and </ script> does not end it",
    ),
    pytest.param(
        '<title><a href="t"></title> <textarea><a href="x"></textarea> <style><a href="s"></style>'
        '<noscript><a href="n"></a></noscript>',
        set(),
        ["n"],
        None,
        id="title, textarea and style hold text; noscript holds markup",
    ),
    pytest.param(
        '<svg><![CDATA[<a href="c">]]><style><![CDATA[.a { fill: url(#d) }]]></style></svg>',
        set(),
        ["url(#d)"],
        None,
        id="CDATA in svg",
    ),
    pytest.param(
        '<!DOCTYPE html><?php <a href="p"> ?><a href="q"> <![CDATA[<a href="r">]]> <a href="s">',
        set(),
        ["q", "s"],
        None,
        id="doctype, processing instruction and CDATA outside svg",
    ),
    pytest.param('<a href="x', set(), [], None, id="a tag cut off at the end"),
    pytest.param(SVG_FILE, {"g"}, ["#gone", "../index.html#top-sec", "url(#g)", "url(#h)"], None, id="an svg file"),
]


@pytest.mark.parametrize(("html", "ids", "written", "base"), SCANS)
def test_scan(html, ids, written, base):
    document = scan(html)
    assert (set(document.ids), sorted(ref.written for ref in document.refs), document.base) == (
        ids,
        sorted(written),
        base,
    )


def test_refs_from_css_keep_the_url_and_say_whether_it_is_this_document():
    assert scan('<svg><rect fill="url(#g)"/></svg><div style="background: url(\'a.png\')"></div>').refs == (
        Ref("#g", "url(#g)", same_document=True),  # in document order
        Ref("a.png", "url('a.png')"),
    )


def test_scan_reads_bytes_as_utf8_and_replaces_what_is_not():
    assert scan('<p id="café"></p>'.encode()).ids == {"café"}
    assert scan(b'<p id="caf\xe9"></p>').ids == {"caf\ufffd"}


# Values a document can carry through an attribute unchanged: a parser
# turns NUL into U+FFFD and CR into LF, and a str cannot hold a surrogate.
VALUES = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00\r"), max_size=12)
# How each kind of element is written, with {} for the escaped value, and what its value is.
MARKUP = {
    "link": '<a href="{}">x</a>',
    "source": '<img src="{}" alt="">',
    "svg link": '<svg><use href="{}"/></svg>',
    "id": '<p id="{}">y</p>',
    "svg id": '<svg><g id="{}"></g></svg>',
    "not a link": '<p data-href="{}">z</p>',
}
# Text around the elements: escaped prose, comments, scripts.
FILLER = st.one_of(
    VALUES.map(lambda text: str(escape(text))),
    st.sampled_from(["<!-- <a href=c> -->", '<script>"<a href=s>"</script>', "<br>", "</p>", "<div>", "</svg>"]),
)


@given(st.lists(st.tuples(st.sampled_from(sorted(MARKUP)), VALUES, FILLER), max_size=8))
def test_scan_finds_every_element_whatever_its_value_and_the_text_around_it(elements):
    html = "".join(MARKUP[kind].format(escape(value)) + filler for kind, value, filler in elements)
    document = scan(html)
    assert set(document.ids) == {value for kind, value, _ in elements if kind.endswith("id")}
    assert sorted(ref.url for ref in document.refs) == sorted(
        value for kind, value, _ in elements if kind.endswith(("link", "source")) and kind != "not a link"
    )


@given(
    st.dictionaries(st.sampled_from(["a/index.html", "b/index.html", "c.svg"]), st.sets(VALUES.filter(bool))),
    st.lists(st.tuples(st.sampled_from(["a/", "b/", "c.svg"]), VALUES.filter(bool)), max_size=10),
)
def test_every_fragment_is_found_exactly_when_its_id_is_there(tmp_path_factory, pages, links):
    """Any id, percent-encoded in a link, resolves; any other is reported by its decoded name."""
    root = tmp_path_factory.mktemp("site")
    files = {
        name: "".join(
            f'<svg><g id="{escape(value)}"/></svg>' if name.endswith(".svg") else f'<p id="{escape(value)}"></p>'
            for value in sorted(ids)
        )
        for name, ids in pages.items()
    }
    files["index.html"] = "".join(f'<a href="{target}#{quote(anchor, safe="")}">x</a>' for target, anchor in links)
    report = check_site(write_files(root, files), BASE)
    expected = set()
    for target, anchor in links:
        name = target + "index.html" if target.endswith("/") else target
        written = f"{target}#{quote(anchor, safe='')}"
        if name not in files:
            expected.add(f"index.html: broken link {written!r}: no file {name} in the site")
        # As a browser looks: the fragment as written, then decoded; #top is the top of an HTML page.
        elif not {anchor, quote(anchor, safe="")} & pages[name] and not (
            name.endswith(".html") and anchor.lower() == "top"
        ):
            expected.add(f"index.html: broken link {written!r}: no element with id {anchor!r} in {name}")
    assert report.problems == tuple(sorted(expected))
    assert report.links == len(links)


# Each case: the site's files, then every problem expected, in order.
CASES = [
    pytest.param(
        {
            "index.html": '<a href="docs/page.html">p</a> <a href="docs/">d</a>',
            "docs/page.html": "",
            "docs/index.html": "",
        },
        [],
        id="good relative links",
    ),
    pytest.param(
        {"index.html": '<a href="ledgr/">x</a> <a href="gone.html">y</a>'},
        [
            "index.html: broken link 'gone.html': no file gone.html in the site",
            "index.html: broken link 'ledgr/': no file ledgr/index.html in the site",
        ],
        id="missing page",
    ),
    pytest.param(
        {
            "index.html": '<h2 id="yes">Y</h2> <a href="#yes">ok</a> <a href="#nope">x</a> <a href="#">top</a> '
            '<a href="#yes:~:text=Y">text fragment</a> <a href="#:~:text=Y">text only</a> <a href="#no:~:text=Y">x</a>'
        },
        [
            "index.html: broken link '#no:~:text=Y': no element with id 'no' in index.html",
            "index.html: broken link '#nope': no element with id 'nope' in index.html",
        ],
        id="missing anchor on the same page",
    ),
    pytest.param(
        {
            "a/index.html": '<a href="../b/#sec">ok</a> <a href="../b/#old">x</a> <a href="../b/index.html#n">a</a>',
            "b/index.html": '<section id="sec"></section><a name="n"></a>',
        },
        ["a/index.html: broken link '../b/#old': no element with id 'old' in b/index.html"],
        id="anchor in another page",
    ),
    pytest.param(
        {
            "index.html": '<a href="a">dir</a> <a href="a/..">up</a> <a href="empty">no index</a>',
            "a/index.html": '<a href=".">self</a> <a href="..">up</a>',
            "empty/x.png": "",
        },
        ["index.html: broken link 'empty': no file empty/index.html in the site"],
        id="directory URLs",
    ),
    pytest.param(
        {
            "index.html": '<a href="/base/a/#s">ok</a> <a href="/base">root</a> <a href="/base/gone/">x</a> '
            '<a href="/a/">outside</a>',
            "a/index.html": '<p id="s"></p>',
        },
        [
            "index.html: broken link '/a/': outside the site, whose base path is /base/",
            "index.html: broken link '/base/gone/': no file gone/index.html in the site",
        ],
        id="absolute paths under the base path",
    ),
    pytest.param(
        {
            "index.html": '<a href="https://example.org/base/a/">ok</a> <a href="https://EXAMPLE.org/base/">host</a>'
            ' <a href="https://example.org/base/a/#nope">x</a> <link rel="canonical" href="https://example.org/base/">',
            "a/index.html": "",
        },
        ["index.html: broken link 'https://example.org/base/a/#nope': no element with id 'nope' in a/index.html"],
        id="full URLs under the base URL",
    ),
    pytest.param(
        {
            "index.html": '<a href="https://other.example/x#nope">x</a> <a href="https://example.org/other-site/">s</a>'
            ' <a href="http://example.org/base/gone/">other scheme</a> <a href="https://other.example/base/gone/">host</a>'
            ' <script src="//cdn.example/x.js"></script>'
        },
        [],
        id="external links are not fetched",
    ),
    pytest.param(
        {
            "index.html": '<a href="mailto:a@example.org">m</a> <a href="tel:+100">t</a> '
            '<img src="data:image/png;base64,AAAA"> <a href="ftp://example.org/base/gone">f</a>'
        },
        [],
        id="mailto tel data skipped",
    ),
    pytest.param(
        {
            "index.html": '<a href="javascript:alert(1)">a</a> <a href=" JavaScript:void(0)">b</a> '
            '<iframe src="java&#9;script:x"></iframe> <svg><a xlink:href="javascript:y"></a></svg>'
        },
        [
            "index.html: broken link ' JavaScript:void(0)': javascript: URLs are not allowed",
            "index.html: broken link 'java\\tscript:x': javascript: URLs are not allowed",
            "index.html: broken link 'javascript:alert(1)': javascript: URLs are not allowed",
            "index.html: broken link 'javascript:y': javascript: URLs are not allowed",
        ],
        id="javascript URLs reported",
    ),
    pytest.param(
        {
            "index.html": '<svg><symbol id="x"></symbol><use href="#x"/><use href="#y"/><use xlink:href="#z"/></svg>'
            '<div href="#not-a-link-outside-svg"></div>'
        },
        [
            "index.html: broken link '#y': no element with id 'y' in index.html",
            "index.html: broken link '#z': no element with id 'z' in index.html",
        ],
        id="svg use to a missing symbol",
    ),
    pytest.param(
        {
            "index.html": '<svg><linearGradient id="ok"/><rect fill="url(#ok)" clip-path="url(#clip)"/>'
            '<path marker-end="url( \'#m\' )" style="filter: url(&quot;#f&quot;)"/></svg>'
            "<div style=\"background: url('img/gone.png')\"></div>"
            "<style>.eis-chart { fill: url(#shade); } .ok { fill: url(#ok); }</style>"
            "<p>Prose may say url(#prose).</p>"
        },
        [
            "index.html: broken link \"url( '#m' )\": no element with id 'm' in index.html",
            "index.html: broken link \"url('img/gone.png')\": no file img/gone.png in the site",
            "index.html: broken link 'url(\"#f\")': no element with id 'f' in index.html",
            "index.html: broken link 'url(#clip)': no element with id 'clip' in index.html",
            "index.html: broken link 'url(#shade)': no element with id 'shade' in index.html",
        ],
        id="svg url(#id) to a missing element",
    ),
    pytest.param(
        {
            "index.html": '<img src="a.png" srcset="a.png 1x, b.png 2x"> '
            '<picture><source srcset="c.webp 480w,d.webp 960w"></picture>',
            "a.png": "",
            "c.webp": "",
        },
        [
            "index.html: broken link 'b.png': no file b.png in the site",
            "index.html: broken link 'd.webp': no file d.webp in the site",
        ],
        id="srcset candidates",
    ),
    pytest.param(
        {
            "index.html": '<a href="a/?tab=2#s">ok</a> <a href="?q=1">self</a> <a href="gone.html?x=1#s">x</a>',
            "a/index.html": '<p id="s"></p>',
        },
        ["index.html: broken link 'gone.html?x=1#s': no file gone.html in the site"],
        id="query strings stripped",
    ),
    pytest.param(
        {
            "index.html": '<h2 id="café">C</h2> <a href="#caf%C3%A9">ok</a> <a href="#na%C3%AFve">x</a> '
            '<a href="my%20page.html#caf%C3%A9">ok</a> <p id="50%25"></p> <a href="#50%25">raw id</a>',
            "my page.html": '<p id="café"></p>',
        },
        ["index.html: broken link '#na%C3%AFve': no element with id 'naïve' in index.html"],
        id="percent-encoded paths and fragments",
    ),
    pytest.param(
        {
            "index.html": '<h2 id="top-sec"></h2> <img src="img/fig.svg"> <a href="img/fig.svg#g">ok</a> '
            '<a href="img/fig.svg#nope">x</a>',
            "img/fig.svg": SVG_FILE,
        },
        [
            "img/fig.svg: broken link '#gone': no element with id 'gone' in img/fig.svg",
            "img/fig.svg: broken link 'url(#h)': no element with id 'h' in img/fig.svg",
            "index.html: broken link 'img/fig.svg#nope': no element with id 'nope' in img/fig.svg",
        ],
        id="standalone svg file",
    ),
    pytest.param(
        {"index.html": '<a href="search.json#anything">ok</a> <a href="sitemap.xml">x</a>', "search.json": "{}"},
        ["index.html: broken link 'sitemap.xml': no file sitemap.xml in the site"],
        id="fragments into other files are not read",
    ),
    pytest.param(
        {
            "a/b/index.html": '<a href="../../c/">ok</a> <a href="../../../c/">above</a> <a href="#top">top</a>',
            "c/index.html": "",
        },
        ["a/b/index.html: broken link '../../../c/': outside the site, whose base path is /base/"],
        id="above the site root",
    ),
    pytest.param(
        {
            "a/index.html": '<base href="/base/sub/"><a href="x.html">ok</a> <a href="y.html">x</a> '
            '<svg><rect fill="url(#p)"/><pattern id="p"/></svg>',
            "sub/x.html": "",
        },
        ["a/index.html: broken link 'y.html': no file sub/y.html in the site"],
        id="base element",
    ),
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_rules(tmp_path, files, expected):
    report = check_site(write_files(tmp_path, files), BASE)
    assert list(report.problems) == expected


def test_problem_names_the_source_page_and_repeats_are_reported_once(tmp_path):
    site = write_files(tmp_path, {"x/index.html": '<a href="../y/">1</a> <a href="../y/">2</a>'})
    report = check_site(site, BASE, {"x/index.html": "docs/x.md"})
    assert report.problems == ("docs/x.md (x/index.html): broken link '../y/': no file y/index.html in the site",)
    assert (report.documents, report.links) == (1, 2)


def test_site_at_the_host_root(tmp_path):
    site = write_files(tmp_path, {"index.html": '<a href="/a/">ok</a> <a href="/b/">x</a>', "a/index.html": ""})
    assert check_site(site, "http://127.0.0.1:8000/").problems == (
        "index.html: broken link '/b/': no file b/index.html in the site",
    )
    # With no site_url at all, absolute paths still resolve from the root.
    assert check_site(site, None).problems == check_site(site, "http://127.0.0.1:8000/").problems


@pytest.mark.parametrize(
    ("srcset", "urls"),
    [
        ("a.png", ["a.png"]),
        ("a.png 1x, b.png 2x", ["a.png", "b.png"]),
        ("a.png,b.png", ["a.png,b.png"]),  # a comma inside a URL does not split it
        ("a.png, b.png", ["a.png", "b.png"]),
        ("data:image/png;base64,AA== 1x, c.png 2x", ["data:image/png;base64,AA==", "c.png"]),
        (" , a.png 100w (x, y), b.png", ["a.png", "b.png"]),
    ],
)
def test_srcset_candidates(srcset, urls):
    assert list(srcset_urls(srcset)) == urls


def test_real_site_has_no_broken_link(built_site):
    report = check_site(built_site, REAL_BASE)
    assert report.problems == ()
    pages = list(built_site.rglob("*.html"))
    assert report.documents == len(pages) + len(list(built_site.rglob("*.svg")))
    # Every page has dozens of internal links (navigation, TOC, badges).
    assert report.links > 20 * len(pages)


def test_real_pages_with_a_broken_badge_and_nav_link(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "parts/eis-xiv/index.html"
    html = page.read_text(encoding="utf-8")
    assert 'href="../../tiers/#tier-4"' in html and 'href="../../ledger/"' in html
    page.write_text(
        html.replace('href="../../tiers/#tier-4"', 'href="../../tiers/#tier-9"', 1).replace(
            'href="../../ledger/"', 'href="../../ledgr/"', 1
        ),
        encoding="utf-8",
    )
    report = check_site(site, REAL_BASE, {"parts/eis-xiv/index.html": "docs/parts/eis-xiv.md"})
    where = "docs/parts/eis-xiv.md (parts/eis-xiv/index.html)"
    assert report.problems == (
        f"{where}: broken link '../../ledgr/': no file ledgr/index.html in the site",
        f"{where}: broken link '../../tiers/#tier-9': no element with id 'tier-9' in tiers/index.html",
    )


def test_real_site_at_another_url_builds(tmp_path, monkeypatch):
    # The preview server serves at the host's root; Material's 404 page is then built with root paths.
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000/")
    result = mkdocs_build(ROOT, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert 'href="/assets/' in (tmp_path / "site/404.html").read_text(encoding="utf-8")


def test_broken_raw_html_link_fails_the_build(tmp_path):
    project = copy_project(tmp_path)
    tiers = project / "docs/tiers.md"
    tiers.write_text(
        tiers.read_text(encoding="utf-8") + '\n<p><a href="../ledger/#nope">gone</a> <a href="#tier-3">ok</a></p>\n',
        encoding="utf-8",
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    problem = "broken link '../ledger/#nope': no element with id 'nope' in ledger/index.html"
    assert f"docs/tiers.md (tiers/index.html): {problem}" in result.stderr
    assert "1 broken link in the built site" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_fails_on_a_broken_site(tmp_path):
    site = write_files(
        tmp_path / "site", {"index.html": '<a href="a/#x">x</a> <a href="a/">ok</a>', "a/index.html": ""}
    )
    result = run_cli("links", str(site), "--base-url", BASE)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "index.html: broken link 'a/#x': no element with id 'x' in a/index.html",
        "1 broken link in 2 pages, 2 links checked",
    ]
    assert result.stdout == ""


def test_cli_passes_the_real_site_with_site_url_from_mkdocs_yml(built_site):
    result = run_cli("links", str(built_site))
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    documents = len(list(built_site.rglob("*.html"))) + len(list(built_site.rglob("*.svg")))
    assert line.startswith(f"ok: {documents} pages, ") and line.endswith(" links checked")


def test_a_recheck_resolves_again_only_what_changed_and_what_links_to_it(tmp_path, monkeypatch):
    from macros.site import linkcheck
    from macros.site.linkcheck import LinkMemo
    from macros.site.pagescan import Scans

    site = write_files(
        tmp_path,
        {
            "a/index.html": '<a href="../b/#x">to b</a>',
            "b/index.html": '<p id="x">b</p>',
            "c/index.html": '<a href="../c/">itself</a>',
        },
    )
    resolved: list[str] = []
    problems = linkcheck._problems

    def counting(page, *args):
        resolved.append(page)
        return problems(page, *args)

    monkeypatch.setattr(linkcheck, "_problems", counting)
    memo, scans = LinkMemo(), Scans()
    assert check_site(site, BASE, None, scans.document, memo).problems == ()
    assert sorted(resolved) == ["a/index.html", "b/index.html", "c/index.html"]
    resolved.clear()
    assert check_site(site, BASE, None, scans.document, memo).problems == ()
    assert resolved == []  # nothing changed
    (site / "b/index.html").write_text('<p id="y">b, its anchor renamed</p>')
    report = check_site(site, BASE, None, scans.document, memo)
    assert report.problems == ("a/index.html: broken link '../b/#x': no element with id 'x' in b/index.html",)
    assert sorted(resolved) == ["a/index.html", "b/index.html"]  # c links to neither
    assert report == check_site(site, BASE)  # as a check with nothing kept finds
    resolved.clear()
    (site / "d.html").write_text("a new file")
    assert check_site(site, BASE, None, scans.document, memo).problems == report.problems
    assert len(resolved) == 4  # another set of files: every page again


def test_a_check_cut_short_leaves_the_next_to_resolve_everything(tmp_path, monkeypatch):
    from macros.site import linkcheck
    from macros.site.linkcheck import LinkMemo

    site = write_files(tmp_path, {"a/index.html": '<a href="../b/#x">to b</a>', "b/index.html": '<p id="x">b</p>'})
    memo = LinkMemo()
    assert check_site(site, BASE, None, linkcheck._scan_file, memo).problems == ()
    (site / "b/index.html").write_text('<p id="y">b, its anchor renamed</p>')
    resolve = linkcheck._check_page

    def interrupted(*args):
        raise KeyboardInterrupt  # an author stopping the preview mid-check, say

    monkeypatch.setattr(linkcheck, "_check_page", interrupted)
    with pytest.raises(KeyboardInterrupt):
        check_site(site, BASE, None, linkcheck._scan_file, memo)
    monkeypatch.setattr(linkcheck, "_check_page", resolve)
    report = check_site(site, BASE, None, linkcheck._scan_file, memo)
    assert report.problems == ("a/index.html: broken link '../b/#x': no element with id 'x' in b/index.html",)
    assert report == check_site(site, BASE)


def test_a_base_read_from_noscript_counts_only_where_the_page_has_none():
    own = scan('<head><noscript><base href="/x/"></noscript><base href="/y/"></head><a href="p.html">a</a>')
    assert own.base == "/y/"
    assert scan('<head><noscript><base href="/x/"></noscript></head>').base == "/x/"


def test_xlink_href_links_in_svg_and_html_but_not_in_mathml():
    refs = scan(
        '<math><mi xlink:href="m.html">x</mi><annotation-xml encoding="image/svg+xml">'
        '<svg><a xlink:href="s.html"><text>s</text></a></svg></annotation-xml></math><p xlink:href="h.html">h</p>'
    ).refs
    assert [ref.url for ref in refs] == ["s.html", "h.html"]
