"""How to cite a part: plain text and BibTeX, from the data."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from macros.data.model import PartialDate

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# BibTeX's special characters, written so that LaTeX prints them as they are.
_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_TABLE = str.maketrans(_BIBTEX)


@dataclass(frozen=True)
class Cited:
    author: str
    title: str
    series: str
    number: int
    date: PartialDate
    url: str | None
    summary: str | None = None  # this site's page, when it is a summary of the post
    # Where the part is listed, when its own address is unknown: never given as its address.
    listed: str | None = None


def plain(cited: Cited) -> str:
    """Author (year). Title. Series, part N, date. URL."""
    title = cited.title if cited.title.endswith(("?", "!", ".")) else cited.title + "."
    said = f"{cited.author} ({cited.date.year}). {title} {cited.series}, part {cited.number}"
    said += f", {cited.date.human()}."
    if cited.url:
        said += f" {cited.url}"
    elif cited.listed:
        said += f" Listed at {cited.listed}."
    if cited.summary:
        said += f" Summary: {cited.summary}"
    return said


def key(cited: Cited) -> str:
    """A BibTeX key: the author's last name, the year and the part, in ASCII letters and digits."""
    last = re.sub(r"[^a-z0-9]", "", cited.author.split()[-1].lower()) if cited.author.split() else ""
    return f"{last or 'part'}{cited.date.year}part{cited.number}"


def bibtex(cited: Cited) -> str:
    fields = [
        ("author", "{" + bibtex_text(cited.author) + "}"),
        ("title", _braced(cited.title)),
        ("year", str(cited.date.year)),
    ]
    if cited.date.month is not None:
        fields.append(("month", _MONTHS[cited.date.month - 1]))
    fields.append(("series", _braced(cited.series)))
    fields.append(("number", str(cited.number)))
    if cited.url:
        fields.append(("url", "{" + cited.url.replace("{", "%7B").replace("}", "%7D") + "}"))
    notes = []
    if not cited.url and cited.listed:
        notes.append(f"Listed at {cited.listed}")
    if cited.summary:
        notes.append(f"Summary at {cited.summary}")
    if notes:
        fields.append(("note", _braced("; ".join(notes))))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{key(cited)},\n{body}\n}}"


def bibtex_text(text: str) -> str:
    """Text with BibTeX's special characters escaped, so that LaTeX prints it as written."""
    return text.translate(_BIBTEX_TABLE)


def _braced(text: str) -> str:
    """A field value in braces, special characters escaped (and capitals kept by the double braces)."""
    return "{{" + bibtex_text(text) + "}}"


@functools.lru_cache(maxsize=64)  # one title, the sequence's, asked for by every citation
def initials(title: str) -> str:
    """What a title's capitalized words abbreviate to: "Engineer's Interpretability Sequence" is EIS."""
    letters = "".join(word[0] for word in re.findall(r"\w[\w'\u2019]*", title) if word[0].isupper())
    return letters or title


def forecast(series: str, part: str | None, list_title: str, position: int) -> str:
    """A forecast's short citation: ``EIS XIV, forecast 4`` (its list's title when no part made the list)."""
    return f"{initials(series) + ' ' + part if part else list_title}, forecast {position}"
