"""Search sections read from lexbor's tree (searchtext.py): always exactly what Material's own Parser makes."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser
from material.plugins.search.plugin import SearchIndex as MaterialSearchIndex

from conftest import ROOT, CacheFile, compose
from macros.site import searchtext
from macros.site.cache import Store
from macros.site.searchtext import SearchIndex, SearchSections


def materials(content: str) -> list[tuple[Any, ...]]:
    parser = Parser()
    parser.feed(content)
    parser.close()
    return _shown(parser.data)


def _shown(found: list[Any]) -> list[tuple[Any, ...]]:
    return [(section.el.is_excluded(), section.id, section.title, section.text) for section in found]


def ours(content: str) -> list[tuple[Any, ...]]:
    return _shown(searchtext.sections(content))


def read_from_tree(content: str) -> bool:
    try:
        return searchtext._from_tree(content) is not None
    except ValueError:
        return True  # read from the tree, and failed there as Material's Parser fails (outcome)


def outcome(read: Any, content: str) -> Any:
    """What reading gives, or the error it raises: some markup stops Material's Parser, and must stop ours."""
    try:
        return read(content)
    except ValueError as error:
        return ("raises", type(error), str(error))


# Pages as Markdown and the macros write them: read from the tree, as Material reads them.
FROM_THE_TREE = [
    '<h1 id="a">Title<a class="headerlink" href="#a" title="Permanent link">&para;</a></h1>\n<p>Text &amp; more.</p>',
    '\n<p>A preface before any heading.</p>\n<h2 id="b">Second</h2>\n<p>Then <code>x &lt; y</code>.</p>',
    '<h2 id="s">Starts at two</h2><p>one</p><h3 id="t">Three</h3><ul>\n<li>a</li>\n<li><p>b</p></li>\n</ul>',
    "<p>Line<br />break and <sub>sub</sub> <sup>sup</sup> <em>em</em> <strong>strong</strong></p>",
    '<div class="highlight"><pre><span></span><code>keep\n  indents\n\n</code></pre></div><p>after</p>',
    "<table>\n<thead>\n<tr>\n<th>#</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>",
    "<div data-search-exclude><p>hidden</p><div><p>inner</p></div><p>still?</p></div><p>shown</p>",
    '<table class="linenodiv"><tr><td>1</td></tr></table>',  # no tbody written: read by Material's Parser
    '<div><h2 id="nested">In a div</h2><p>in</p></div><p>after the div</p>',
    "<p>Empty kept tags: <code></code> <code> </code></p><ol><li></li></ol>",
    '<svg viewBox="0 0 10 10"><title>Chart</title><desc>What it shows</desc><rect x="1"></rect></svg><p>x</p>',
    "<!-- a comment --><p>before<!-- in --> after</p><script>var a = 1;</script><style>p {}</style>",
    '<h1 id="x">One</h1><h1 id="y">Two</h1><p>t</p><h2>No id</h2><p>u</p>',
    "<p>&#169; &#x1F600; &lt;tag&gt; &quot;q&quot;</p>",
]

# What the HTML5 tree builder reads otherwise than html.parser: read by Material's Parser.
BY_MATERIALS_PARSER = [
    pytest.param("<pre>\nfirst line kept by html.parser</pre>", id="pre's first break"),
    pytest.param("<p>a < b</p>", id="a < opening no tag"),
    pytest.param("<div/><p>inside or after</p>", id="self-closed div"),
    pytest.param("<p>one<p>two</p>", id="p left open"),
    pytest.param("<p><div>block in p</div></p>", id="implied end"),
    pytest.param("<table><tr><td>1</td></tr></table>", id="implied tbody"),
    pytest.param("<textarea><b>text</b></textarea>", id="raw text"),
    pytest.param("<p>a &copy b</p>", id="reference without ;"),
    pytest.param("<p>a\r\nb</p>", id="carriage return"),
    pytest.param("<template><p>inert</p></template>", id="template"),
    pytest.param("<b><i>mis</b>nested</i>", id="misnested"),
    pytest.param("<!DOCTYPE html><p>x</p>", id="declaration"),
    pytest.param("<p>x</p></div>", id="stray end tag"),
    pytest.param('<svg><path d="M0"/></svg>', id="self-closed svg element"),
]


@pytest.mark.parametrize("content", FROM_THE_TREE)
def test_a_page_is_read_from_the_tree_into_materials_sections(content):
    if "linenodiv" not in content:
        assert read_from_tree(content)
    assert ours(content) == materials(content)


@pytest.mark.parametrize("content", BY_MATERIALS_PARSER)
def test_a_page_the_tree_would_read_otherwise_is_read_by_materials_parser(content):
    assert not read_from_tree(content)
    assert ours(content) == materials(content)


# Well-formed pages as Markdown and the macros write them: each element where
# HTML allows it (no block in a <p>, no link in a link), every tag closed.
_TEXT = st.sampled_from(["word", "two words", " ", "\n", "  \n ", "&amp;", "&lt;x&gt;", "é", "a\nb", "1 &lt; 2"])
_IDS = st.sampled_from(["a", "b", "intro", "x-1"])
_ATTRIBUTES = st.sampled_from(["", ' class="x"', " data-search-exclude", ' class="linenodiv"', ' title="t"'])
_INLINE = st.sampled_from(["span", "code", "em", "sub", "sup", "strong"])
_HEADING = st.sampled_from(["h1", "h2", "h3", "h6"])
_BLOCK = st.sampled_from(["div", "section"])
_LIST = st.sampled_from(["ul", "ol"])


def _list(tag: str, items: list[str]) -> str:
    return f"<{tag}>{''.join(f'<li>{item}</li>' for item in items)}</{tag}>"


def _joined(items: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(items, max_size=4).map("".join)


def _more_phrasing(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    element = st.builds(lambda t, a, c: f"<{t}{a}>{c}</{t}>", _INLINE, _ATTRIBUTES, inner)
    link = st.builds(lambda c: f'<a href="#a">{c}</a>', _TEXT)
    return _joined(st.one_of(inner, element, link))


def _more_flow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    block = st.builds(lambda t, a, c: f"<{t}{a}>{c}</{t}>", _BLOCK, _ATTRIBUTES, inner)
    return _joined(st.one_of(inner, block, st.builds(_list, _LIST, st.lists(inner, max_size=3))))


_PHRASING = st.recursive(
    st.one_of(_TEXT, st.sampled_from(["<br />", '<img alt="x" src="i.png" />', "<!-- note -->"])),
    _more_phrasing,
    max_leaves=8,
)
_FLOW = st.recursive(
    st.one_of(
        st.builds(lambda a, c: f"<p{a}>{c}</p>", _ATTRIBUTES, _PHRASING),
        st.builds(lambda h, i, c: f'<{h} id="{i}">{c}</{h}>', _HEADING, _IDS, _PHRASING),
        st.builds(lambda h, c: f"<{h}>{c}</{h}>", _HEADING, _PHRASING),
        st.builds(
            lambda h, i, c: f'<{h} id="{i}">{c}<a class="headerlink" href="#{i}">&para;</a></{h}>',
            _HEADING,
            _IDS,
            _PHRASING,
        ),
        st.builds(lambda c: f"<pre><code>x{c}</code></pre>", _PHRASING),
        st.sampled_from(["<hr />", "<script>var x = 1 &amp;&amp; 2;</script>", "<style>p {}</style>", "\n", " "]),
    ),
    _more_flow,
    max_leaves=12,
)


@given(_FLOW)
@settings(max_examples=400, deadline=None)
def test_any_well_formed_page_is_read_from_the_tree_as_material_reads_it(content):
    assert read_from_tree(content), content
    assert outcome(ours, content) == outcome(materials, content)


# -- the cache ---------------------------------------------------------------------

PAGE = FROM_THE_TREE[1]


def test_sections_are_kept_by_the_content_and_come_back_as_they_were(tmp_path, monkeypatch):
    store = Store(tmp_path)
    first = SearchSections(store).of(PAGE)
    store.flush()
    monkeypatch.setattr(searchtext, "sections", lambda content: pytest.fail("read again"))
    later = SearchSections(Store(tmp_path))
    assert _shown(later.of(PAGE)) == _shown(first) == materials(PAGE)
    assert later.store.counts[searchtext.CACHE_KIND, "hit"] == 1


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda entry: entry.replace(b"Second", b"Altered"), id="altered"),
        pytest.param(lambda entry: b'[[false, null, ["x"], [1]]]', id="not sections"),
        pytest.param(lambda entry: b"{", id="not JSON"),
    ],
)
def test_sections_altered_in_the_cache_are_read_again(tmp_path, damage):
    store = Store(tmp_path)
    SearchSections(store).of(PAGE)
    store.flush()
    cache = CacheFile(tmp_path)
    (name,) = cache.names(searchtext.CACHE_KIND)
    if b"Second" in damage(b"Second"):
        cache.alter(searchtext.CACHE_KIND, name, damage)
    else:
        # Whole as the store sees it (its digest is right), but not what this code writes.
        whole = Store(tmp_path)
        whole.put(searchtext.CACHE_KIND, name, damage(b""))
        whole.flush()
    assert _shown(SearchSections(Store(tmp_path)).of(PAGE)) == materials(PAGE)


# -- whole sites -------------------------------------------------------------------


def _contents(project: Path, site: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every page's content as the search index was given it, in a build of ``project``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    seen: list[str] = []
    of = SearchSections.of

    def recording(self: SearchSections, content: str) -> list[Any]:
        seen.append(content)
        return of(self, content)

    monkeypatch.setattr(SearchSections, "of", recording)
    monkeypatch.setenv("EIS_CACHE_DIR", "")
    monkeypatch.chdir(project)
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert len(seen) >= len({doc["location"].split("#")[0] for doc in index["docs"]})
    return seen


@pytest.mark.parametrize("which", ["fixture", "real"])
def test_every_page_of_a_site_gets_materials_sections(which, tmp_path, monkeypatch):
    project = compose(tmp_path / "project") if which == "fixture" else ROOT
    contents = _contents(project, tmp_path / "site", monkeypatch)
    assert contents
    for content in contents:
        assert ours(content) == materials(content)
    if which == "fixture":
        # Markdown's and the macros' HTML is read from the tree, not handed back to Material's Parser.
        assert all(read_from_tree(content) for content in contents)


# -- the index written ---------------------------------------------------------------


def _page(url: str, content: str, **meta: Any) -> Any:
    return SimpleNamespace(url=url, content=content, toc=[], title=url.strip("/") or "Home", meta=meta)


PAGES = [
    _page("", FROM_THE_TREE[0]),
    _page("one/", FROM_THE_TREE[1], tags=["a", 1, None], search={"boost": 2}),
    _page("two/", FROM_THE_TREE[2], title="Its own title"),
    _page("three/", "<p>é “quotes” \\ and a tab\t</p>"),
    _page("hidden/", FROM_THE_TREE[1], search={"exclude": True}),
]
CONFIG = {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"], "fields": {"title": {"boost": 1e3}}}


def _indexes(read: SearchSections, pages: list[Any], prev: Any = None) -> tuple[str, str]:
    """The index written by ours and by Material's, from the same pages and the same index before."""
    ours_index, materials_index = SearchIndex(read, **CONFIG), MaterialSearchIndex(**CONFIG)
    for page in pages:
        ours_index.add_entry_from_context(page)
        materials_index.add_entry_from_context(page)
    return ours_index.generate_search_index(prev), materials_index.generate_search_index(prev)


def test_the_index_is_materials_byte_for_byte_in_a_build_and_a_previews_rebuilds(monkeypatch):
    read = SearchSections()
    written, expected = _indexes(read, PAGES)
    assert written == expected and json.loads(written)["docs"]
    # A preview's rebuild of one page, merged into the index before, twice over.
    before = SearchIndex(read, **CONFIG)
    for page in PAGES:
        before.add_entry_from_context(page)
    before.generate_search_index(None)
    edited = [_page("one/", '<h2 id="new">New</h2><p>changed</p>')]
    written, expected = _indexes(read, edited, before)
    assert written == expected and "changed" in written and "Then" not in written
    written, expected = _indexes(read, [], before)
    assert written == expected
