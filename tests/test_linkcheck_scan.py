"""The link checker's scanner reads documents exactly as HTMLParser did.

``scan`` used to run on ``html.parser.HTMLParser``; it now has a tokenizer of
its own, several times faster.  The oracle here is the old scanner: the same
collector fed by HTMLParser.  Both must find the same ids, references (in the
same order) and base, and more strictly the collector must see the same tags,
attributes and <script>/<style> content from both, on HTML-ish documents
drawn from a grammar rich in the quirks of HTMLParser, on every page of the
real site, and on real pages cut and spliced with such fragments.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.linkcheck import Document, _Collector, _feed, scan

Event = tuple[str, str] | tuple[str, str, list[tuple[str, str | None]]]


class Recorder(_Collector):
    """The collector, recording what it is told."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[Event] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, list(attrs)))
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))
        super().handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        self.events.append(("data", data))
        super().handle_data(data)


class HTMLParserScanner(Recorder, HTMLParser):
    """The scanner as it was: HTMLParser's events into the same collector."""

    def __init__(self) -> None:
        Recorder.__init__(self)
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_data(self, data: str) -> None:
        if self.cdata_elem is None:
            # Not recorded: scan does not report text outside <script> and <style>.
            _Collector.handle_data(self, data)
        else:
            Recorder.handle_data(self, data)


def oracle(text: str) -> HTMLParserScanner:
    parser = HTMLParserScanner()
    parser.feed(text)
    parser.close()
    return parser


def oracle_scan(text: str) -> Document:
    return oracle(text).document()


def assert_same(text: str) -> None:
    fast = Recorder()
    _feed(text, fast)
    assert fast.document() == scan(text)
    try:
        expected = oracle(text)
    except AssertionError as crash:
        # HTMLParser crashes on marked sections it does not know (<![x ...);
        # scan reads them as bogus comments instead.
        assert "<![" in text and ("marked section" in str(crash) or "expected name token" in str(crash))
        return
    assert fast.events == expected.events
    assert fast.document() == expected.document()


# Each case: a document, then its ids, its references' URLs in order, and its base.
QUIRKS = [
    pytest.param("<a href=x/>", set(), ["x/"], None, id="bare value takes the slash"),
    pytest.param('<svg/><use href="#a"><svg><use href="#b"/>', set(), ["#b"], None, id="self-closed svg"),
    pytest.param("<a id=a id=b href=1 href=2>", {"a", "b"}, ["1", "2"], None, id="duplicate attributes all count"),
    pytest.param("<base href=a href=b><base href=c>", set(), [], "a", id="first base href"),
    pytest.param('<A HREF="x" ID=Y>', {"Y"}, ["x"], None, id="names lowered, values kept"),
    pytest.param("<lin\u212a rel=x href=y>", set(), ["y"], None, id="Kelvin sign lowers to k"),
    pytest.param('<a href="x"id="y"><a href = "z"><a href==w>', {"y"}, ["x", "z", "w"], None, id="odd spacing"),
    pytest.param('<a href="&amp;&#x41;&quot;&lt">', set(), ['&A"<'], None, id="entities in values"),
    pytest.param('<a id="x" <a id=y>', {"x", "y"}, [], None, id="a start tag inside a start tag"),
    pytest.param("<a href='x <a id=y>", set(), [], None, id="unclosed quote"),
    pytest.param("<a id=x", set(), [], None, id="unfinished tag at the end"),
    pytest.param("<a\x00id=x><a id=y>", {"y"}, [], None, id="NUL after a tag name"),
    pytest.param("<script><a id=x>", set(), [], None, id="unclosed script hides the rest"),
    pytest.param("<script/><a id=x>", {"x"}, [], None, id="self-closed script is empty"),
    pytest.param('<script>"</a><a id=x>"</SCRIPT ><a id=y>', {"y"}, [], None, id="markup in script"),
    pytest.param("<style>url(#a)", set(), [], None, id="unclosed style reports nothing"),
    pytest.param(
        "<style>a{fill:url(#p)}</\u017ftyle>b{fill:url(#q)}</style>",
        set(),
        ["#p", "#q"],
        None,
        id="long s ends style only ignoring case",
    ),
    pytest.param('<style/>url(#a)<a style="x:url(#b)">', set(), ["#b"], None, id="self-closed style"),
    pytest.param("<!-- <a id=x> -->", set(), [], None, id="comment"),
    pytest.param("<!--> <a id=x> -->", set(), [], None, id="comment not closed by <!-->"),
    pytest.param("<!-- --!> <a id=x> -- >", set(), [], None, id="comment closed by -- >, not --!>"),
    pytest.param("<!-- <a id=x> <a id=y>", {"y"}, [], None, id="unclosed comment is text up to the first >"),
    pytest.param("<!DOCTYPE <a id=x> <?php <a id=y> ?>", set(), [], None, id="doctype and processing instruction"),
    pytest.param("<![CDATA[ > <a id=x>]]><![if x]><a id=y>", {"y"}, [], None, id="marked sections"),
    pytest.param("<svg></svg x><use href=#u><svg></ svg><use href=#v>", set(), [], None, id="odd svg end tags"),
    pytest.param("</><a id=x></ a id=y><a id=z>", {"x", "z"}, [], None, id="bogus end tags"),
]


@pytest.mark.parametrize(("text", "ids", "urls", "base"), QUIRKS)
def test_quirks_of_htmlparser(text, ids, urls, base):
    document = scan(text)
    assert (set(document.ids), [ref.url for ref in document.refs], document.base) == (ids, urls, base)
    assert_same(text)


@pytest.mark.parametrize("text", ["<![foo[<a id=x>]]><a id=y>", "<![ <a id=x>]><a id=y>"])
def test_unknown_marked_section_is_a_bogus_comment(text):
    with pytest.raises(AssertionError):
        oracle_scan(text)
    assert scan(text).ids == {"y"}


TAGS = ["a", "link", "img", "script", "style", "svg", "use", "base", "source", "rect", "p", "area", "form", "object"]
TAG_NAMES = st.sampled_from(TAGS) | st.sampled_from(TAGS).map(str.upper) | st.sampled_from(["Svg", "sTyLe", "x-y:z"])
ATTRIBUTES = ["id", "name", "href", "src", "srcset", "imagesrcset", "style", "fill", "xlink:href", "class", "data"]
ATTRIBUTE_NAMES = (
    st.sampled_from(ATTRIBUTES)
    | st.sampled_from(ATTRIBUTES).map(str.upper)
    | st.sampled_from(["Href", "xLink:Href", "'", '"q"', "=x", "a<b", "\u212a", "\u017frc"])
)
# Mostly usual, so that the usual tokens are drawn often with one odd part;
# the odd ones are whitespace to HTMLParser in some places and not in others.
SPACES = st.sampled_from([" "] * 8 + ["", "  ", "\t", "\n", "\r", "\f", "\v", "\xa0", "\x00", "/", " / "])
WEIRD = "<>&;=\"'/!?-#()[]x \t\n\v\xa0\x00\u017f\u0131\u212a"
VALUE_PIECES = st.sampled_from(
    [
        "#a",
        "#b",
        "x.png",
        "a.png 1x, b.png 2x",
        "c.webp 480w,d.webp",
        "url(#g)",
        'url("#h")',
        "url( 'i.png' )",
        "URL(#j)",
        "&amp;",
        "&#x41;",
        "&#65;",
        "&quot;",
        "&lt",
        "&",
        "&#",
        "&#x;",
        "&nope;",
        "&#117;rl(#k)",
        ">",
        "<",
        "/",
        " ",
        "=",
    ]
)
VALUES = st.lists(VALUE_PIECES | st.text(WEIRD, max_size=3), max_size=4).map("".join)


@st.composite
def attributes(draw: st.DrawFn) -> str:
    text = draw(SPACES) + draw(ATTRIBUTE_NAMES)
    if draw(st.booleans()):
        value = draw(VALUES)
        quote = draw(st.sampled_from(['"', '"', '"', "'", "'", "", ""]))
        closing = quote if draw(st.integers(0, 9)) else ""  # now and then unclosed
        equals = draw(st.sampled_from(["="] * 6 + [" = ", "==", "\n=", "=\xa0", "= "]))
        text += equals + quote + value + closing
    return text


@st.composite
def start_tags(draw: st.DrawFn) -> str:
    attrs = "".join(draw(st.lists(attributes(), max_size=4)))
    end = draw(st.sampled_from([">"] * 6 + ["/>", " />", " / >", "/ >", "", "\x00>", "\xa0>"]))
    return "<" + draw(TAG_NAMES) + attrs + draw(SPACES) + end


@st.composite
def end_tags(draw: st.DrawFn) -> str:
    junk = draw(st.sampled_from(["", "", "", " ", " x", "\v", "\x00", " id=a", "/"]))
    space = draw(st.sampled_from(["", "", "", " ", "\n"]))
    return "</" + space + draw(TAG_NAMES) + junk + draw(st.sampled_from([">", ">", ">", ""]))


@st.composite
def raw_texts(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(["style", "script", "STYLE"]))
    body = draw(st.lists(VALUE_PIECES | st.sampled_from(["a{fill:", "}", "<a id=r>", "</a>", "</p>"]), max_size=5))
    close = draw(st.sampled_from([f"</{tag}>", f"</ {tag} >", f"</{tag} x>", "</\u017ftyle>", "</scr\u0131pt>", ""]))
    return f"<{tag}>" + "".join(body) + close


MARKUP = st.sampled_from(
    [
        "<!--",
        "-->",
        "--!>",
        "-- >",
        "<!-->",
        "<!-- <a id=c> -->",
        "<!DOCTYPE html>",
        "<!doctype",
        "<?xml version='1.0'?>",
        "<?",
        "<![CDATA[<a id=d>]]>",
        "<![CDATA[ > <a id=e> ]]>",
        "<![temp[ > <a id=t> ] ]>",
        "<![CDATA[",
        "]]>",
        "] ]>",
        "]>",
        "<![if !IE]>",
        "<![endif]>",
        "<![temp[",
        "<![",
        "<!x>",
        "<!",
        "</>",
        "</",
        "<",
        ">",
        "&",
        "&amp;",
        "<svg>",
        "</svg>",
        "<use href=#s>",
        '<rect fill="url(#f)"/>',
        "<base href=base/>",
    ]
)
FRAGMENTS = start_tags() | end_tags() | raw_texts() | MARKUP | VALUES | st.text(WEIRD, max_size=5)
DOCUMENTS = st.lists(FRAGMENTS, max_size=25).map("".join)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_scan_reads_documents_as_htmlparser_did(text):
    assert_same(text)


def real_documents(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*") if path.suffix in (".html", ".svg"))


def test_scan_reads_the_real_site_as_htmlparser_did(built_site):
    documents = real_documents(built_site)
    assert any(path.suffix == ".svg" for path in documents)
    for path in documents:
        assert_same(path.read_text(encoding="utf-8", errors="replace"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=st.data())
def test_scan_reads_spliced_real_pages_as_htmlparser_did(built_site, drawn):
    path = drawn.draw(st.sampled_from(real_documents(built_site)))
    text = path.read_text(encoding="utf-8", errors="replace")
    for _ in range(drawn.draw(st.integers(1, 3))):
        cut = drawn.draw(st.integers(0, len(text)))
        text = text[:cut] + drawn.draw(FRAGMENTS | st.just("")) + text[cut + drawn.draw(st.integers(0, 20)) :]
    assert_same(text)
