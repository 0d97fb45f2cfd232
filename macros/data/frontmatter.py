"""A page's front matter, found exactly where MkDocs finds it.

MkDocs reads a page as UTF-8 without its byte-order mark, every line break
made ``"\\n"`` (``as_read``), then splits it with ``mkdocs.utils.meta.get_data``:
YAML between a first line ``---`` and the next line ``---`` or ``...``
(each closed by a line break) is the page's metadata when it reads as a
mapping; anything else leaves the page whole, or reads MultiMarkdown's
``key: value`` lines.  ``split`` follows the same rules with no MkDocs
imported, and adds what the site needs besides: the YAML's own text and
line, for located messages, and the lines cut before the body.  The data
loader, ``python -m macros check`` and the plugin all read pages through
it; tests/data/test_frontmatter.py holds it to ``get_data`` case by case.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import yaml

# mkdocs/utils/meta.py's patterns, unchanged.
_YAML = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")
# MkDocs reads with libyaml when PyYAML has it, as the data loader does.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def as_read(text: str) -> str:
    """A page's decoded text as MkDocs opens it: no byte-order mark, and "\\r\\n" and "\\r" read as "\\n"."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class FrontMatter:
    """One page split as MkDocs splits it."""

    text: str  # the page, as given to ``split``
    yaml: str | None  # the YAML between the fences (whether or not it reads), or None without fences
    end: int  # where the closing fence's line ends in ``text`` (0 without fences)

    # The YAML's first line is the file's second: the opening fence is the first.
    line_offset = 1

    @functools.cached_property
    def _split(self) -> tuple[str, dict[str, Any]]:
        if self.yaml is not None:
            try:
                data = yaml.load(self.yaml, _Loader)
            except Exception:  # as MkDocs: front matter it can't read is no front matter
                return self.text, {}
            if not isinstance(data, dict):
                return self.text, {}
            return self.text[self.end :].lstrip("\n"), data
        return _multimarkdown(self.text)

    @property
    def meta(self) -> dict[str, Any]:
        """``page.meta``: the YAML mapping, MultiMarkdown's keys, or nothing."""
        return self._split[1]

    @property
    def body(self) -> str:
        """``page.markdown`` as MkDocs hands it to plugins: the page after its metadata."""
        return self._split[0]

    @property
    def lines_before(self) -> int:
        """How many lines of the page come before the body (for messages located in the body)."""
        body = self.body
        if not self.text.endswith(body):
            return 0  # MultiMarkdown's reading remade the line breaks of a page not read by ``as_read``
        return self.text[: len(self.text) - len(body)].count("\n")


def split(text: str) -> FrontMatter:
    """The page's front matter and body, as ``mkdocs.utils.meta.get_data`` finds them in the same text."""
    found = _YAML.match(text)
    if found is None:
        return FrontMatter(text, None, 0)
    return FrontMatter(text, found.group(1), found.end())


def _multimarkdown(doc: str) -> tuple[str, dict[str, Any]]:
    """MkDocs' reading of a page without YAML fences: leading ``key: value`` lines, up to a blank line."""
    data: dict[str, Any] = {}
    lines = doc.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    key = None
    while lines:
        line = lines.pop(0)
        if line.strip() == "":
            break
        if found := _META.match(line):
            key = found.group("key").lower().strip()
            value = found.group("value").strip()
            data[key] = f"{data[key]} {value}" if key in data else value
            continue
        more = _META_MORE.match(line)
        if more and key:
            data[key] += " {}".format(more.group("value").strip())
            continue
        lines.insert(0, line)
        break
    return "\n".join(lines).lstrip("\n"), data
