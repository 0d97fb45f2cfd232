"""Comparing two builds of the site: pages, figures, and which bytes differ and why."""

from __future__ import annotations

import pytest

from bench.enginediff import compare, figures, line_differences, main, report
from conftest import write_files

GENERATOR = '      <meta name="generator" content="{}">'
PAGE = (
    "<!doctype html>\n<html>\n<head>\n" + GENERATOR + "\n<style>p{{width:50%}}</style>\n</head>\n"
    "<body><h1>Part 14 of 12</h1><p>Score <strong>{}</strong></p><script>var a = 3;</script></body>\n</html>\n"
)


def page(generator: str = "mkdocs-1.6.1, mkdocs-material-9.8.2", score: str = "−0.74") -> str:
    return PAGE.format(generator, score)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (page(), ["14", "12", "−0.74"]),
        (
            "<body><p>63% of 1,000; Brier 0.022; 1/3; +0.40 and -2</p></body>",
            ["63%", "1,000", "0.022", "1/3", "+0.40", "-2"],
        ),
        ("<body><svg><text>0.5</text></svg><noscript>7</noscript><template>8</template></body>", ["0.5"]),
        ("<head><title>9</title></head><body><p>no figures</p></body>", []),
        ("<body><p title='5'>text</p><style>.a{b:6}</style><script>x=7</script></body>", []),
    ],
)
def test_figures_are_the_numbers_readers_see(html, expected):
    assert figures(html) == expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (b"a\nb\n", b"a\nb\n", []),
        (
            (GENERATOR.format("mkdocs-1.6.1") + "\nx").encode(),
            (GENERATOR.format("mkdocs-ProperDocs 1.6.7") + "\nx").encode(),
            [(1, "the generator tag names the engine and its version")],
        ),
        (b"a\n<p>1</p>\n", b"a\n<p>2</p>\n", [(2, None)]),
        # A generator tag on one side only is not the generator tag changing.
        ((GENERATOR.format("x") + "\n").encode(), b"<p>x</p>\n", [(1, None)]),
        (b"a\nb\n", b"a\nb\nc\n", [(1, None)]),  # lines added or lost: the whole file is unexplained
    ],
)
def test_line_differences_and_their_reasons(first, second, expected):
    found = line_differences("x.html", first, second)
    assert [(difference.line, difference.reason) for difference in found] == expected


def test_builds_that_differ_only_in_the_generator_are_the_same(tmp_path):
    first = write_files(tmp_path / "a", {"index.html": page(), "data/x.json": "{}", "parts/p/index.html": page()})
    second = write_files(
        tmp_path / "b",
        {"index.html": page("mkdocs-ProperDocs 1.6.7"), "data/x.json": "{}", "parts/p/index.html": page()},
    )
    comparison = compare(first, second)
    assert comparison.ok
    assert comparison.pages == ("index.html", "parts/p/index.html")
    assert comparison.identical == 2
    assert comparison.figures == 6
    assert [(d.path, d.line) for d in comparison.differences] == [("index.html", 4)]
    text = report(comparison, ("MkDocs", "ProperDocs"))
    assert "1 files, 1 lines: the generator tag names the engine and its version" in text
    assert 'ProperDocs: <meta name="generator" content="mkdocs-ProperDocs 1.6.7">' in text
    assert text.endswith("same pages and figures")


@pytest.mark.parametrize(
    ("second_pages", "message"),
    [
        ({"index.html": page()}, "only in A: parts/p/index.html"),
        ({"index.html": page(), "parts/p/index.html": page(), "extra.html": page()}, "only in B: extra.html"),
        (
            {"index.html": page(score="+0.40"), "parts/p/index.html": page()},
            "figures differ on index.html: A 14 12 −0.74 / B 14 12 +0.40",
        ),
        (
            {"index.html": page().replace("var a = 3", "var a = 4"), "parts/p/index.html": page()},
            "index.html:7: unexplained difference",
        ),
    ],
)
def test_what_makes_builds_differ(tmp_path, capsys, second_pages, message):
    first = write_files(tmp_path / "a", {"index.html": page(), "parts/p/index.html": page()})
    second = write_files(tmp_path / "b", second_pages)
    assert not compare(first, second).ok
    assert main([str(first), str(second), "--names", "A,B"]) == 1
    out = capsys.readouterr().out
    assert message in out
    assert out.rstrip().endswith("the builds differ")


def test_the_command_names_the_builds_by_their_folders_unless_told(tmp_path, capsys):
    first = write_files(tmp_path / "a", {"index.html": page()})
    second = write_files(tmp_path / "b", {"index.html": page()})
    assert main([str(first), str(second)]) == 0
    assert "files: 1 identical, 0 differ" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main([str(first), str(tmp_path / "missing")])
