"""``python -m macros markets refresh``: each Manifold market's price, asked of Manifold's public API.

For every market whose ``url`` is on manifold.markets, ``GET BASE/slug/<slug>``
gives its probability; one snapshot dated ``--on`` is appended to it in
``data/markets.yaml``.  A market the API reports resolved gets its
``resolution`` instead, dated the day it resolved (a market has no price
after it resolves, and the check refuses a snapshot later than the
resolution).  Every market is asked first; the file is written only if all
of them answered, as a whole, and only with lines added (``roundtrip``).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import tempfile
import urllib.parse
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

from macros.data import load, model
from macros.data.numbers import counted

DEFAULT_API = "https://api.manifold.markets/v0"
TIMEOUT = 30.0  # seconds, for each market
# A market's JSON is a few kilobytes; an answer this large is something else.
MAX_ANSWER = 1024 * 1024
MANIFOLD_HOSTS = ("manifold.markets", "www.manifold.markets")
# Snapshots are kept to whole percents, as Manifold shows its prices; more
# places only where rounding would make a price look certain (0 or 1).
PLACES = 2
# Manifold's resolutions of a binary market; anything else (MKT: to a
# probability, CANCEL: annulled) is neither yes nor no.
RESOLUTIONS = {"YES": model.Resolved.YES, "NO": model.Resolved.NO}


class MarketError(Exception):
    """Something wrong with one market's answer: reported with the market's id."""


@dataclass(frozen=True)
class Quote:
    """What the API says about a market."""

    p: Decimal
    resolved: model.Resolved | None = None
    resolved_on: dt.date | None = None


def manifold_slug(url: str | None) -> str | None:
    """The market's slug, the last part of its address on Manifold; None for a market elsewhere."""
    if not url:
        return None
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in MANIFOLD_HOSTS:
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    # https://manifold.markets/<creator>/<slug>
    return urllib.parse.unquote(segments[-1]) if len(segments) == 2 else None


def read_quote(body: bytes) -> Quote:
    """A market as the API gives it (``probability``, ``isResolved``, ``resolution``, ``resolutionTime``)."""
    try:
        market = json.loads(body, parse_float=Decimal, parse_int=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MarketError(f"the API's answer is not JSON ({error})") from None
    if not isinstance(market, dict):
        raise MarketError("the API's answer is not a JSON object")
    p = market.get("probability")
    if not isinstance(p, Decimal) or not p.is_finite():
        raise MarketError(
            f"the API's answer has no probability (found {p!r}): is it a yes-or-no market?"
            if p is None
            else f"the API's probability {_shown(p)} is not a number"
        )
    if not 0 <= p <= 1:
        raise MarketError(f"the API's probability {_shown(p)} is outside 0 to 1")
    if market.get("isResolved") is not True:
        return Quote(p)
    outcome = RESOLUTIONS.get(str(market.get("resolution")), model.Resolved.AMBIGUOUS)
    moment = market.get("resolutionTime")
    if not isinstance(moment, Decimal) or not moment.is_finite():
        raise MarketError(f"the API says the market resolved but gives no resolutionTime (found {moment!r})")
    try:
        day = dt.datetime.fromtimestamp(float(moment) / 1000, tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        raise MarketError(f"the API's resolutionTime {moment} is not a time") from None
    return Quote(p, outcome, day)


def _shown(value: Any) -> str:
    return format(value, "f") if isinstance(value, Decimal) else repr(value)


def snapshot_p(p: Decimal) -> Decimal:
    """The price as the snapshot keeps it: to whole percents, unless that would read as certain."""
    places = PLACES
    while True:
        rounded = p.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
        if rounded == p or 0 < rounded < 1:
            return rounded
        places += 1


def ask(api: str, slug: str, timeout: float) -> bytes:
    """The API's answer for one market; ``MarketError`` for anything but a 200 with a body."""
    # Imported here: `python -m macros` builds its help from this module's constants.
    import http.client
    import urllib.error
    import urllib.request

    address = f"{api.rstrip('/')}/slug/{urllib.parse.quote(slug, safe='')}"
    request = urllib.request.Request(address, headers={"Accept": "application/json", "User-Agent": "eis-site"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
            body: bytes = response.read(MAX_ANSWER + 1)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise MarketError(f"the API knows no market '{slug}' ({address} answered 404)") from None
        raise MarketError(f"{address} answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        reason = getattr(error, "reason", error)
        raise MarketError(f"could not reach {address}: {reason}") from None
    if status != 200:
        raise MarketError(f"{address} answered {status}")
    if len(body) > MAX_ANSWER:
        raise MarketError(f"{address} answered more than {MAX_ANSWER // 1024 // 1024} MB: not one market")
    return body


@dataclass(frozen=True)
class Change:
    market: str
    snapshot: tuple[dt.date, Decimal] | None = None
    resolution: tuple[model.Resolved, dt.date] | None = None

    def describe(self) -> str:
        if self.resolution is not None:
            outcome, day = self.resolution
            return f"{self.market}: resolved {outcome.value} on {day.isoformat()}"
        assert self.snapshot is not None
        day, p = self.snapshot
        return f"{self.market}: {format(p, 'f')} on {day.isoformat()}"


def plan(market: model.Market, quote: Quote, on: dt.date) -> Change | None:
    """What the answer changes in one market; ``MarketError`` if it cannot be recorded."""
    if market.resolution is not None:
        return None  # resolved already: no price after that, and its resolution is kept
    latest = market.latest.date
    if quote.resolved is not None:
        assert quote.resolved_on is not None
        resolved_on = model.PartialDate(quote.resolved_on.year, quote.resolved_on.month, quote.resolved_on.day)
        if latest.surely_after(resolved_on):
            raise MarketError(f"the API says it resolved on {resolved_on.iso()}, before its snapshot of {latest.iso()}")
        return Change(market.id, resolution=(quote.resolved, quote.resolved_on))
    day = model.PartialDate(on.year, on.month, on.day)
    if any(snap.date == day for snap in market.snapshots):
        raise MarketError(f"it already has a snapshot dated {on.isoformat()}")
    if latest.surely_after(day):
        raise MarketError(f"its latest snapshot, of {latest.iso()}, is later than {on.isoformat()}")
    return Change(market.id, snapshot=(on, snapshot_p(quote.p)))


def refresh(data_dir: Path, api: str, on: dt.date, timeout: float = TIMEOUT) -> int:
    scheme = urllib.parse.urlsplit(api).scheme
    if scheme not in ("http", "https"):
        print(f"error: --api {api!r} is not an http(s) address", file=sys.stderr)
        return 2
    dataset, problems = load.check(data_dir)
    if dataset is None or problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print("error: the data has problems; fix them before refreshing the markets", file=sys.stderr)
        return 1

    changes: list[Change] = []
    errors: list[str] = []
    for market in dataset.markets:
        slug = manifold_slug(market.url)
        if slug is None:
            print(f"{market.id}: not a Manifold market, left as it is")
            continue
        if market.resolution is not None:
            print(f"{market.id}: resolved on {market.resolution.date.iso()}, left as it is")
            continue
        try:
            change = plan(market, read_quote(ask(api, slug, timeout)), on)
        except MarketError as error:
            errors.append(f"error: market '{market.id}': {error}")
            continue
        if change is not None:
            changes.append(change)
    if errors:
        for line in errors:
            print(line, file=sys.stderr)
        shown = load.display_path(data_dir / "markets.yaml")
        print(f"{counted(len(errors), 'market')} failed; {shown} is unchanged", file=sys.stderr)
        return 1
    if not changes:
        print("nothing to change")
        return 0

    # ruamel.yaml only now: `python -m macros check` imports this module for its help.
    from macros.data import roundtrip

    path = data_dir / "markets.yaml"
    old = path.read_bytes()
    try:
        new = edited(old.decode("utf-8"), dataset, changes).encode("utf-8")
    except roundtrip.EditRefused as error:
        print(f"error: {load.display_path(path)}: {error}; nothing written", file=sys.stderr)
        return 1
    trial = _problems_with(data_dir, "markets.yaml", new)
    if trial:
        for line in trial:
            print(line, file=sys.stderr)
        print(f"error: the new {load.display_path(path)} would not pass the check; nothing written", file=sys.stderr)
        return 1
    if path.read_bytes() != old:
        print(f"error: {load.display_path(path)} changed while the API was asked; nothing written", file=sys.stderr)
        return 1
    roundtrip.replace_files([(path, new)])
    for change in changes:
        print(change.describe())
    return 0


def edited(text: str, dataset: model.Dataset, changes: list[Change]) -> str:
    """``text`` with each change's lines added: the old file with nothing else different."""
    from macros.data import roundtrip

    document = roundtrip.load(text)
    nodes = document["markets"]
    index = {market.id: position for position, market in enumerate(dataset.markets)}
    added = 0
    for change in changes:
        node = nodes[index[change.market]]
        if change.snapshot is not None:
            day, p = change.snapshot
            snapshot = roundtrip.mapping(("date", day), ("p", p))
            added += roundtrip.line_count([snapshot])  # before it takes over the lines that follow
            roundtrip.append(node["snapshots"], snapshot)
        if change.resolution is not None:
            outcome, day = change.resolution
            # "yes" and "no" are quoted: unquoted, YAML 1.1 reads them as booleans.
            word = roundtrip.quoted(outcome.value) if outcome is not model.Resolved.AMBIGUOUS else outcome.value
            resolution = roundtrip.mapping(("outcome", word), ("date", day))
            added += roundtrip.line_count({"resolution": resolution})
            roundtrip.add_key(node, "resolution", resolution)
    new = roundtrip.dump(document)
    roundtrip.check_only_inserted(text, new, added)
    return new


def _problems_with(data_dir: Path, name: str, content: bytes) -> list[str]:
    """The check's problems with the data as it would be with ``name`` holding ``content``."""
    with tempfile.TemporaryDirectory() as temp:
        trial = Path(temp) / "data"
        shutil.copytree(data_dir, trial)
        (trial / name).write_bytes(content)
        _, problems = load.check(trial)
    return [str(problem).replace(str(trial), str(data_dir)) for problem in problems]
