"""One front-matter split for the loader, the check and the build, agreeing with MkDocs on every edge.

Each case is a page's bytes on disk.  MkDocs reads it (``File.content_string``)
and splits it (``mkdocs.utils.meta.get_data``); ours must give the same
body and metadata, and the loader must call the page a hosted part exactly
when MkDocs' metadata gives it a whole-number ``part``.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data

from macros.data import frontmatter, yamlsrc
from macros.data.load import hosted_pages

CASES = {
    "fenced": b"---\npart: 1\n---\n\nBody\n",
    "no final newline after the closing fence": b"---\npart: 1\n---",
    "no final newline, body after": b"---\npart: 1\n---\nBody",
    "closed by ...": b"---\npart: 1\n...\nBody\n",
    "byte-order mark": b"\xef\xbb\xbf---\npart: 1\n---\nBody\n",
    "CRLF": b"---\r\npart: 1\r\n---\r\n\r\nBody\r\n",
    "lone CR": b"---\rpart: 1\r---\rBody\r",
    "trailing spaces and tabs on the fences": b"---  \npart: 1\n--- \t\nBody\n",
    "a no-break space after the fence": b"---\xc2\xa0\npart: 1\n---\nBody\n",
    "a comment after the opening fence": b"--- # front\npart: 1\n---\nBody\n",
    "empty front matter": b"---\n---\nBody\n",
    "empty front matter, then a rule": b"---\n---\n---\nBody\n",
    "a blank line between the fences": b"---\n\n---\nBody\n",
    "null": b"---\n~\n---\nBody\n",
    "a list, not a mapping": b"---\n- a\n- b\n---\nBody\n",
    "a line of text between two rules": b"---\nJust a line\n---\nBody\n",
    "--- in the body": b"---\npart: 1\n---\nBody\n\n---\n\nMore\n---\n",
    "only an opening fence": b"---\n",
    "only three dashes": b"---",
    "four dashes": b"----\npart: 1\n----\nBody\n",
    "a blank line before the fence": b"\n---\npart: 1\n---\nBody\n",
    "an indented opening fence": b" ---\npart: 1\n---\nBody\n",
    "an indented closing fence": b"---\npart: 1\n ---\nBody\n",
    "opened by ...": b"...\npart: 1\n...\nBody\n",
    "unreadable YAML": b"---\npart: [1\n---\nBody\n",
    "a closing fence inside a block scalar": b"---\npart: 1\nabout: |\n  ---\n---\nBody\n",
    "a quoted string across the first closer": b"---\npart: 1\na: '\n---\n'\n---\nBody\n",
    "front matter and nothing else": b"---\npart: 1\n---\n",
    "blank lines after the front matter": b"---\npart: 1\n---\n\n\n\nBody\n",
    "a quoted part": b'---\npart: "1"\n---\nBody\n',
    "part zero-padded (YAML 1.1 octal)": b"---\npart: 010\n---\nBody\n",
    "part 09 (text to YAML 1.1)": b"---\npart: 09\n---\nBody\n",
    "MultiMarkdown keys": b"Title: A page\nSummary: one\n    two\n\nBody\n",
    "MultiMarkdown part": b"part: 1\n\nBody\n",
    "no front matter": b"# Heading\n\nBody\n",
    "no front matter, CRLF": b"# Heading\r\n\r\nBody\r\n",
    "an empty page": b"",
}


def mkdocs_split(tmp_path, raw: bytes) -> tuple[str, dict]:
    """What MkDocs makes of the page: its ``page.markdown`` and ``page.meta``."""
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "page.md").write_bytes(raw)
    return get_data(File("page.md", str(docs), str(tmp_path / "site"), True).content_string)


@pytest.mark.parametrize("raw", CASES.values(), ids=CASES.keys())
def test_the_split_agrees_with_mkdocs(tmp_path, raw):
    markdown, meta = mkdocs_split(tmp_path, raw)
    # As the loader reads a page (located UTF-8 errors, then MkDocs' line breaks) ...
    decoded, problems = yamlsrc.decode("page.md", raw)
    assert problems == [] and decoded is not None
    ours = frontmatter.split(frontmatter.as_read(decoded))
    assert (ours.body, ours.meta) == (markdown, meta)
    # ... and as the check reads it.
    checked = frontmatter.split((tmp_path / "docs" / "page.md").read_text(encoding="utf-8-sig"))
    assert (checked.body, checked.meta) == (markdown, meta)
    # The body starts on the line after the lines counted before it.
    assert "\n".join(ours.text.split("\n")[ours.lines_before :]) == ours.body


@pytest.mark.parametrize("raw", CASES.values(), ids=CASES.keys())
def test_the_loader_hosts_a_part_exactly_when_mkdocs_reads_one(tmp_path, raw):
    _, meta = mkdocs_split(tmp_path, raw)
    pages, problems = hosted_pages(tmp_path / "docs")
    mkdocs_part = meta.get("part") if isinstance(meta.get("part"), int) else None
    hosted = [page.part for page in pages]
    # Never a part MkDocs would not frame as one, and never a part numbered otherwise.
    assert hosted in ([], [mkdocs_part] if mkdocs_part is not None else [])
    if "part" in meta and not hosted:
        # Front matter naming a part the build would not host is the author's mistake, said where it is.
        assert problems


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"---\npart: [1\n---\nBody\n", "docs/page.md:3:1: YAML syntax error"),
        (b"---\r\ntitle: T\r\npart: 1\r\n---\r\n", "docs/page.md:2:1: a hosted part takes its title"),
        (b"---\npart: 010\n---\n", "docs/page.md:2:7: MkDocs reads part 010 as 8, not 10"),
        (b'---\n\npart: "1"\n---\n', "docs/page.md:3:7: expected a part number"),
    ],
)
def test_front_matter_problems_name_file_line_and_column(tmp_path, monkeypatch, raw, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_bytes(raw)
    _, problems = hosted_pages(tmp_path / "docs")
    assert any(str(problem).startswith(expected) for problem in problems), problems


def test_what_each_caller_needs():
    front = frontmatter.split("---\npart: 3\n---\n\n\nBody {{ x }}\n")
    assert front.yaml == "part: 3\n"
    assert front.line_offset == 1  # the YAML's first line is the file's second
    assert front.meta == {"part": 3}
    assert front.body == "Body {{ x }}\n"
    assert front.lines_before == 5
    bare = frontmatter.split("Body\n")
    assert (bare.yaml, bare.meta, bare.body, bare.lines_before) == (None, {}, "Body\n", 0)


LINES = st.sampled_from(
    ["---", "--- ", "...", "----", " ---", "", "part: 1", "title: x", "- a", "a: [", "text", "    more", "Key: v"]
)


@given(st.lists(LINES, max_size=8), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_any_page_of_such_lines_splits_as_mkdocs_splits_it(lines, newline, final):
    text = newline.join(lines) + (newline if final else "")
    for given_text in (text, frontmatter.as_read(text)):
        markdown, meta = get_data(given_text)
        ours = frontmatter.split(given_text)
        assert (ours.body, ours.meta) == (markdown, meta)
