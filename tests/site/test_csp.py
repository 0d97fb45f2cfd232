"""The Content-Security-Policy each page carries: what it allows, where it goes, and the real site's pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from macros.site.csp import Inline, Refused, inline, policy, script_runs, source_hash, style_applies, with_policy

# Hashes Chromium printed when it refused these scripts (an oracle outside Python).
CHROMIUM_HASHES = {
    "window.__injected = true": "'sha256-RFi17laPhOWI8b+X4koNqwrpTJ8YLYJfbn1ZvWdeU4k='",
    "": "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
}
PAGE = (
    '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8">\n    <title>t</title>\n'
    "    <style>p{color:red}</style>\n    <script>a()</script>\n  </head>\n"
    '  <body><p>x</p><script type="application/json">{"b": 1}</script><script src="s.js"></script></body>\n</html>\n'
)
META = re.compile(r'\n    <meta http-equiv="Content-Security-Policy" content="([^"]*)">')


@pytest.mark.parametrize(("text", "expected"), CHROMIUM_HASHES.items())
def test_source_hash_is_the_one_browsers_compute(text, expected):
    assert source_hash(text) == expected


@pytest.mark.parametrize(
    ("type_", "language", "runs"),
    [
        (None, None, True),
        ("", None, True),
        (None, "", True),
        ("text/javascript", None, True),
        ("TEXT/JavaScript", None, True),
        (" text/javascript\n", None, True),  # surrounding ASCII whitespace is stripped
        ("application/ecmascript", None, True),
        ("text/javascript1.5", None, True),
        ("text/jscript", None, True),
        ("module", None, True),
        ("Module", None, True),
        ("importmap", None, True),
        ("speculationrules", None, True),
        ("application/json", None, False),  # Material's configuration: data, never run
        ("application/ld+json", None, False),
        ("text/template", None, False),
        ("text/javascript; charset=utf-8", None, False),  # parameters make it no JavaScript type
        ("text/javascript1.6", None, False),
        (" ", None, False),  # only an empty attribute means the default
        (None, "javascript", True),  # no type: "text/" + language
        (None, "JavaScript1.2", True),
        (None, "vbscript", False),
        ("text/javascript", "vbscript", True),  # a type wins over language
    ],
)
def test_which_scripts_run(type_, language, runs):
    assert script_runs(type_, language) is runs


@pytest.mark.parametrize(
    ("type_", "applies"),
    [(None, True), ("", True), ("text/css", True), ("TEXT/CSS", True), ("text/less", False), ("text/plain", False)],
)
def test_which_styles_apply(type_, applies):
    assert style_applies(type_) is applies


@pytest.mark.parametrize(
    ("html", "scripts", "styles"),
    [
        (PAGE, ("a()",), ("p{color:red}",)),
        ("<script>if (a < b && c > d) x('</p>')</script>", ("if (a < b && c > d) x('</p>')",), ()),
        ("<script>a &amp; b</script>", ("a &amp; b",), ()),  # raw text: entities stay as written
        ("<script src='x.js'>ignored()</script>", (), ()),  # the text of a script with src never runs
        ("<script></script><script type=module></script>", (), ()),  # empty: nothing to run or check
        ("<script type=module>import 'x'</script>", ("import 'x'",), ()),
        ("<script nomodule>old()</script><script nomodule type=module>m()</script>", ("m()",), ()),
        ("<script type='application/json'>{}</script><script type=text/x-template>t</script>", (), ()),
        ("<noscript><script>never()</script><style>x{}</style></noscript>", (), ()),  # text when scripts run
        ("<template><script>inert()</script><style>y{}</style></template>", (), ()),
        # An empty style sheet is still checked against the policy, so it is hashed too.
        ("<style></style><style media=print>a{}</style><style type=text/less>b{}</style>", (), ("", "a{}")),
        ("<svg><style>a &amp; b</style><script>x &lt; 1</script></svg>", ("x < 1",), ("a & b",)),  # foreign content
        ("<script>a()</script><script>a()</script>", ("a()", "a()"), ()),
        ('<script class="k">k()</script><style class="s">s{}</style>', ("k()",), ("s{}",)),  # read for its tag
        ("<p>no code</p>", (), ()),
    ],
)
def test_what_a_page_holds_inline(html, scripts, styles):
    found = inline(html)
    hashed = tuple(map(source_hash, scripts)), tuple(map(source_hash, styles))
    assert (found.scripts, found.styles, found.refused) == (*hashed, ())


@pytest.mark.parametrize(
    ("html", "refused"),
    [
        (
            '<p style="color: red">x</p>',
            ['a style attribute on <p> ("color: red"): give the element a class and style that'],
        ),
        (
            # A second <body> tag gives its attributes to the one body, which comes first.
            '<img src=x onerror="alert(1)"><body onload=go()>',
            [
                'an event-handler attribute onload on <body> ("go()"): attach the handler from a script file',
                'an event-handler attribute onerror on <img> ("alert(1)"): attach the handler from a script file',
            ],
        ),
        (
            '<svg><circle onclick="f()" style="fill:red"/></svg>',
            [
                'an event-handler attribute onclick on <circle> ("f()"): attach the handler from a script file',
                'a style attribute on <circle> ("fill:red"): give the element a class and style that',
            ],
        ),
        (
            f'<div style="{"x" * 100}"></div>',
            [f'a style attribute on <div> ("{"x" * 59}…"): give the element a class and style that'],
        ),
        ("<noscript><p style='a'></p></noscript>", []),  # read as text by a browser that runs scripts
        ('<p data-on="x" class="one">x</p>', []),
    ],
)
def test_attributes_no_policy_can_allow_are_listed(html, refused):
    assert list(inline(html).refused) == refused


def test_the_policy_allows_the_site_and_exactly_the_inline_code():
    found = Inline(
        scripts=(source_hash("a()"), source_hash("b()"), source_hash("a()")), styles=(source_hash("p{}"),), refused=()
    )
    assert policy(found) == (
        "default-src 'self'; "
        f"script-src 'self' {source_hash('a()')} {source_hash('b()')}; "
        f"style-src 'self' {source_hash('p{}')}; "
        "img-src 'self' data:; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'"
    )
    assert policy(Inline((), (), ())).startswith("default-src 'self'; script-src 'self'; style-src 'self'; ")


def test_the_policy_goes_first_in_the_head_after_the_charset_and_changes_nothing_else():
    out = with_policy(PAGE)
    meta = META.search(out)
    assert meta is not None
    assert out[: meta.start()].endswith('<meta charset="utf-8">')
    assert out[: meta.start()] + out[meta.end() :] == PAGE
    assert meta.group(1) == policy(inline(PAGE))
    assert source_hash("a()") in meta.group(1) and source_hash('{"b": 1}') not in meta.group(1)


@pytest.mark.parametrize(
    ("page", "before"),
    [
        ("<html><head><title>t</title><script>a()</script></head></html>", "<html><head>"),
        (
            "<!DOCTYPE html><!-- c --><HTML><HEAD id=h>\n<Meta Charset=utf-8><script>a()</script>",
            "<Meta Charset=utf-8>",
        ),
        ("\n<head><meta charset='utf-8'>", "<meta charset='utf-8'>"),
    ],
)
def test_where_the_policy_goes(page, before):
    out = with_policy(page)
    meta = META.search(out)
    assert meta is not None and out[: meta.start()].endswith(before)


@pytest.mark.parametrize(
    "page",
    [
        "<p>no head</p><script>a()</script>",
        "<html><body><head></head></body></html>",
        "<p>x</p><head>",
    ],
)
def test_a_page_without_a_head_at_its_top_is_a_bug(page):
    with pytest.raises(ValueError, match="no <head> start tag"):
        with_policy(page)


def test_a_page_with_a_policy_already_is_a_bug():
    with pytest.raises(ValueError, match="already carries"):
        with_policy(with_policy(PAGE))


def test_every_refused_attribute_is_reported_at_once():
    page = PAGE.replace("<p>x</p>", '<p style="a">x</p><img src=y onerror="b()"><span style="c"></span>')
    with pytest.raises(Refused) as raised:
        with_policy(page)
    assert len(raised.value.problems) == 3
    assert str(raised.value) == "\n".join(raised.value.problems)


# -- the real site -----------------------------------------------------------------


class _Oracle(HTMLParser):
    """html.parser's view of a page: its first tags in the head, inline code and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.head_tags: list[tuple[str, dict[str, str | None]]] = []
        self.in_head = False
        self.code: list[tuple[str, str]] = []
        self.open: str | None = None
        self.attribute_names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.attribute_names.update(attributes)
        if tag == "head":
            self.in_head = True
        elif self.in_head:
            self.head_tags.append((tag, attributes))
        if (tag == "script" and "src" not in attributes and attributes.get("type") is None) or tag == "style":
            self.open = tag
            self.code.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        if tag == self.open:
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            tag, text = self.code[-1]
            self.code[-1] = (tag, text + data)


def _read(path: Path) -> _Oracle:
    oracle = _Oracle()
    oracle.feed(path.read_text(encoding="utf-8"))
    oracle.close()
    return oracle


def test_every_page_of_the_site_carries_a_policy_for_exactly_its_inline_code(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 2
    for path in pages:
        page = _read(path)
        tags = [tag for tag, _ in page.head_tags]
        assert tags[:2] == ["meta", "meta"], path
        assert page.head_tags[0][1].get("charset") == "utf-8"
        policies = [attrs for tag, attrs in page.head_tags if tag == "meta" and "http-equiv" in attrs]
        assert [attrs["http-equiv"] for attrs in policies] == ["Content-Security-Policy"], path
        assert page.head_tags[1][1] == policies[0]
        content = policies[0]["content"] or ""
        directives = {part.split()[0]: part.split()[1:] for part in content.split("; ")}
        scripts = {source_hash(text) for tag, text in page.code if tag == "script"}
        styles = {source_hash(text) for tag, text in page.code if tag == "style"}
        assert set(directives["script-src"]) == {"'self'"} | scripts, path
        assert set(directives["style-src"]) == {"'self'"} | styles, path
        assert directives["default-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["base-uri"] == ["'self'"]
        assert directives["form-action"] == ["'none'"]
        for sources in directives.values():
            assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*"} & set(sources), path
            assert not any(source.endswith(":") and source != "data:" for source in sources), path
        assert "style" not in page.attribute_names, path
        assert not [name for name in page.attribute_names if name.startswith("on")], path
