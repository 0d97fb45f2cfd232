"""A Content-Security-Policy for each finished page, worked out from the page itself.

GitHub Pages sends no headers of our choosing, so the policy travels in the
page, as a ``<meta http-equiv>`` at the top of its head.  It lets the page
load the site's own files and run, by their sha256, exactly the inline
scripts and styles it holds.  Material's inline scripts differ from page to
page (the first holds the relative path to the site's root), so the hashes
are taken from each finished page.  Anything inline that the build did not
write is refused: an injected ``<script>``, an event-handler attribute, a
``style`` attribute.  Since the browser would silently drop those, a page
the build writes with one fails instead (``Refused``).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from macros.site import htmltree

# HTML's "JavaScript MIME type essence match": the type strings that make a
# <script> classic code.  Anything else but the three below is a data block
# (Material's JSON configuration is one) that never runs.
_JAVASCRIPT_TYPES = frozenset(
    {
        "application/ecmascript",
        "application/javascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/javascript",
        *(f"text/javascript1.{minor}" for minor in range(6)),
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
    }
)
# Inline scripts of these types are checked against script-src as well.
_OTHER_SCRIPT_TYPES = frozenset({"module", "importmap", "speculationrules"})
_ASCII_WHITESPACE = " \t\n\f\r"
# HTML compares these names ASCII case-insensitively; str.lower folds more.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

# Sources every page may use beyond its own inline code.  Material's
# stylesheets draw their icons from data: URIs (CSS mask images), and its
# search runs in a worker loaded from the site.  None can be set from a
# <meta>: frame-ancestors, report-uri, sandbox.
_FIXED = {
    "default-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "worker-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'none'",),
}
_ORDER = ("default-src", "script-src", "style-src", "img-src", "worker-src", "object-src", "base-uri", "form-action")

# The head's start tag and the charset declaration that must stay first;
# only a doctype, comments and <html> may come before them.
_HEAD = re.compile(
    r"\A(?:\s+|<!--.*?-->|<!doctype[^>]*>|<html(?:\s[^>]*)?>)*<head(?:\s[^>]*)?>(?:\s*<meta\s+charset=[^>]*>)?",
    re.IGNORECASE | re.DOTALL,
)


class Refused(Exception):
    """The page holds inline code that the policy would refuse, so the browser would drop it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Inline:
    """What a page holds inline, in document order: what its policy needs, and what it refuses.

    Scripts and styles are kept as their hashes, which is all a policy
    uses: a page's scan is kept in the build's cache, and the site's
    style sheet, inline on every page, would otherwise be kept once a page.
    """

    scripts: tuple[str, ...]  # the source_hash of each inline script the browser would run
    styles: tuple[str, ...]  # the source_hash of each <style> the browser would apply
    refused: tuple[str, ...]  # attributes no hash can allow, described for the author
    has_policy: bool = False  # a <meta> Content-Security-Policy is there already


def script_runs(type_: str | None, language: str | None) -> bool:
    """Whether a <script> with these attributes is code (HTML's "prepare the script element")."""
    if type_ == "" or (type_ is None and not language):
        type_string = "text/javascript"
    elif type_ is not None:
        type_string = type_.strip(_ASCII_WHITESPACE)
    else:
        type_string = f"text/{language}"
    folded = type_string.translate(_ASCII_LOWER)
    return folded in _JAVASCRIPT_TYPES or folded in _OTHER_SCRIPT_TYPES


def style_applies(type_: str | None) -> bool:
    """Whether a <style> with this type is a style sheet (anything but text/css is ignored)."""
    return type_ is None or type_ == "" or type_.translate(_ASCII_LOWER) == "text/css"


def source_hash(text: str) -> str:
    """The CSP source expression that allows exactly this inline text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _folded(value: str | None) -> str:
    return (value or "").strip(_ASCII_WHITESPACE).translate(_ASCII_LOWER)


def _text(node: LexborNode) -> str:
    return node.text(deep=True, separator="", strip=False)


def _shown(value: str | None) -> str:
    text = " ".join((value or "").split())
    return text if len(text) <= 60 else text[:59] + "…"


def inline(html: str) -> Inline:
    """The inline scripts, styles and refused attributes of a page, and whether it has a policy already."""
    reader = InlineReader()
    htmltree.read(htmltree.parse(html), reader)
    return reader.found()


class InlineReader:
    """A page's inline scripts, styles and refused attributes, read element by element in document order.

    A page's walk (htmltree.read) is shared with its link check's (pagescan.py).
    """

    tags_read = frozenset({"script", "style", "meta"})

    def __init__(self) -> None:
        self._scripts: list[str] = []
        self._styles: list[str] = []
        self._refused: list[str] = []
        self._has_policy = False

    def element(self, element: LexborNode, tag: str, attributes: Mapping[str, str | None]) -> None:
        if tag == "script" and "src" not in attributes:
            source = _text(element)
            type_ = attributes.get("type")
            # A classic script marked nomodule is skipped before any policy check.
            skipped = "nomodule" in attributes and _folded(type_) != "module"
            if source and not skipped and script_runs(type_, attributes.get("language")):
                self._scripts.append(source_hash(source))
        elif tag == "style" and style_applies(attributes.get("type")):
            self._styles.append(source_hash(_text(element)))
        elif tag == "meta" and _folded(attributes.get("http-equiv")) == "content-security-policy":
            self._has_policy = True
        for name, value in attributes.items():
            if name == "style":
                self._refused.append(
                    f'a style attribute on <{tag}> ("{_shown(value)}"): give the element a class and style that'
                )
            elif name.startswith("on"):
                self._refused.append(
                    f'an event-handler attribute {name} on <{tag}> ("{_shown(value)}"): '
                    "attach the handler from a script file"
                )

    def found(self) -> Inline:
        return Inline(tuple(self._scripts), tuple(self._styles), tuple(self._refused), self._has_policy)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def policy(found: Inline) -> str:
    """The policy that allows the site's own files and exactly the inline code found."""
    directives = dict(_FIXED)
    directives["script-src"] = ("'self'", *_unique(found.scripts))
    directives["style-src"] = ("'self'", *_unique(found.styles))
    return "; ".join(" ".join((name, *directives[name])) for name in _ORDER)


def with_policy(html: str) -> str:
    """The finished page with its policy as the first thing in its head after the charset.

    Raises ``Refused`` listing every attribute the policy would make the
    browser drop, and ValueError for a page whose head cannot be found or
    that already carries a policy.
    """
    return with_policy_of(html, inline(html))


def with_policy_of(html: str, found: Inline) -> str:
    """``with_policy`` for a page whose inline code was found already."""
    if found.refused:
        raise Refused(list(found.refused))
    head = _HEAD.match(html)
    if head is None:
        raise ValueError("the page has no <head> start tag before its content")
    if found.has_policy:
        raise ValueError("the page already carries a Content-Security-Policy")
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{policy(found)}">'
    return html[: head.end()] + meta + html[head.end() :]
