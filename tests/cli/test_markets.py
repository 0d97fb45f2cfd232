"""``python -m macros markets refresh`` against a fake Manifold on 127.0.0.1: lines added, or nothing changed."""

from __future__ import annotations

import re
import shutil
import socket
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT, SITE, run_cli
from macros.cli import markets
from macros.data import model, roundtrip

SLUG = "will-sparse-autoencoders-be-success"
MARKET = "sae-downstream-2025"
SNAPSHOT = "      - date: 2024-10-11\n        p: 0.63\n"

# Two Manifold markets and one elsewhere, with the comments, quoting, flow
# style and blank lines an author may write: none of it may change.
MANY = """\
# yaml-language-server: $schema=https://example.org/schemas/markets.schema.json
# Markets, with every kind of line a refresh must keep.
markets:
  - id: sae-downstream-2025
    question: 'First question, quoted?'
    platform: Manifold
    url: https://manifold.markets/Someone/first-market   # the creator's page
    stance: over
    snapshots:
      - date: 2024-10-11
        p: 0.63  # when the post was written

  # A market on another platform is left as it is.
  - id: elsewhere
    question: "Elsewhere?"
    platform: Metaculus
    url: https://www.metaculus.com/questions/1/
    snapshots:
      - {date: 2024-01-01, p: "40%"}

  - id: second
    question: Second?
    platform: Manifold
    url: https://manifold.markets/Other/second-market
    snapshots:
      - {date: 2024-02-01, p: 0.5}
      - date: 2024-03-01
        p: .25
    note: >-
      A note after the snapshots,
      folded.
# The end.
"""


def _project(data_copy, markets_yaml: str | None = None) -> Path:
    root = data_copy({} if markets_yaml is None else {"data/markets.yaml": markets_yaml})
    return root


def _refresh(root: Path, api: str, *extra: str) -> tuple[int, str, str]:
    result = run_cli("markets", "refresh", "--api", api, "--on", "2026-12-04", *extra, cwd=root)
    return result.returncode, result.stdout, result.stderr


def _check_passes(root: Path) -> None:
    result = run_cli("check", cwd=root)
    assert result.returncode == 0, result.stderr


def test_appends_exactly_one_snapshot_and_changes_no_other_byte(data_copy, manifold):
    root = _project(data_copy)
    path = root / "data/markets.yaml"
    before = path.read_bytes()
    manifold.market(SLUG, 0.4237)
    code, out, err = _refresh(root, manifold.base)
    assert code == 0, err
    assert manifold.asked == [f"/v0/slug/{SLUG}"]
    added = b"      - date: 2026-12-04\n        p: 0.42\n"
    assert before.endswith(SNAPSHOT.encode())
    assert path.read_bytes() == before + added
    assert out == f"{MARKET}: 0.42 on 2026-12-04\n"
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []  # no temp file left
    _check_passes(root)


def test_keeps_every_comment_quote_and_blank_line_of_many_markets(data_copy, manifold):
    root = _project(data_copy, MANY)
    manifold.market("first-market", 0.7)
    manifold.resolved("second-market", "NO", "2025-06-30", p=0.0)
    code, out, err = _refresh(root, manifold.base)
    assert code == 0, err
    first = "      - date: 2026-12-04\n        p: 0.70\n"
    resolution = '    resolution:\n      outcome: "no"\n      date: 2025-06-30\n'
    expected = MANY.replace(
        "        p: 0.63  # when the post was written\n", "        p: 0.63  # when the post was written\n" + first
    ).replace("      folded.\n", "      folded.\n" + resolution)
    assert (root / "data/markets.yaml").read_text() == expected
    assert out.splitlines() == [
        "elsewhere: not a Manifold market, left as it is",
        "sae-downstream-2025: 0.70 on 2026-12-04",
        "second: resolved no on 2025-06-30",
    ]
    assert len(manifold.asked) == 2
    _check_passes(root)


@pytest.mark.parametrize(
    ("resolution", "written"), [("YES", '"yes"'), ("NO", '"no"'), ("MKT", "ambiguous"), ("CANCEL", "ambiguous")]
)
def test_a_resolved_market_gets_its_resolution_not_a_price(data_copy, manifold, resolution, written):
    root = _project(data_copy)
    path = root / "data/markets.yaml"
    before = path.read_bytes()
    manifold.resolved(SLUG, resolution, "2026-01-15")
    code, out, err = _refresh(root, manifold.base)
    assert code == 0, err
    added = f"    resolution:\n      outcome: {written}\n      date: 2026-01-15\n".encode()
    assert path.read_bytes() == before + added
    _check_passes(root)
    # Once resolved, the market is not asked again: it has no price any more.
    manifold.asked.clear()
    code, out, _ = _refresh(root, manifold.base)
    assert code == 0 and manifold.asked == []
    assert out == f"{MARKET}: resolved on 2026-01-15, left as it is\nnothing to change\n"
    assert path.read_bytes() == before + added


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


FAILURES = {
    "unreachable": (None, "could not reach http://127.0.0.1:"),
    "server error": (("raw", b"oops", 500), "answered 500"),
    "no content": (("raw", b"", 204), "answered 204"),
    "malformed JSON": (("raw", b'{"probability": 0.5', 200), "the API's answer is not JSON"),
    "not an object": (("raw", b"[0.5]", 200), "not a JSON object"),
    "too large": (("raw", b" " * (1024 * 1024 + 1), 200), "answered more than 1 MB"),
    "unknown market": (("none",), f"the API knows no market '{SLUG}'"),
    "probability over 1": (("market", 1.5), "the API's probability 1.5 is outside 0 to 1"),
    "probability below 0": (("market", -0.01), "the API's probability -0.01 is outside 0 to 1"),
    "no probability": (("market", None), "has no probability"),
    "probability as text": (("market", "0.5"), "is not a number"),
    "resolved without a time": (("market", 1, {"isResolved": True, "resolution": "YES"}), "no resolutionTime"),
    "resolved before the last snapshot": (("resolved", "YES", "2024-10-10"), "before its snapshot of 2024-10-11"),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_every_failure_names_the_market_and_leaves_the_file_byte_identical(data_copy, manifold, case):
    root = _project(data_copy)
    path = root / "data/markets.yaml"
    before = path.read_bytes()
    setup, message = FAILURES[case]
    api = manifold.base
    if setup is None:
        api = f"http://127.0.0.1:{_closed_port()}/v0"
    elif setup[0] == "raw":
        manifold.raw(SLUG, setup[1], setup[2])
    elif setup[0] == "market":
        manifold.market(SLUG, setup[1], **(setup[2] if len(setup) > 2 else {}))
    elif setup[0] == "resolved":
        manifold.resolved(SLUG, setup[1], setup[2])
    code, _out, err = _refresh(root, api)
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"error: market '{MARKET}': "), err
    assert message in lines[0]
    assert lines[1:] == ["1 market failed; data/markets.yaml is unchanged"]
    assert path.read_bytes() == before
    assert sorted(path.parent.iterdir()) == sorted((path.parent / name) for name in _data_names(root))


def _data_names(root: Path) -> list[str]:
    return ["markets.yaml", "predictions", "scorecards", "sequence.yaml", "tiers.yaml", "works.yaml"]


def test_a_slow_api_times_out(data_copy, manifold):
    root = _project(data_copy)
    before = (root / "data/markets.yaml").read_bytes()
    manifold.raw(SLUG, b'{"probability": 0.5}', delay=3)
    code, _, err = _refresh(root, manifold.base, "--timeout", "0.5")
    assert code == 1
    assert err.startswith(f"error: market '{MARKET}': could not reach {manifold.base}/slug/{SLUG}: ")
    assert "timed out" in err
    assert (root / "data/markets.yaml").read_bytes() == before


def test_a_snapshot_for_that_date_already_present_is_refused(data_copy, manifold):
    root = _project(data_copy)
    before = (root / "data/markets.yaml").read_bytes()
    manifold.market(SLUG, 0.5)
    result = run_cli("markets", "refresh", "--api", manifold.base, "--on", "2024-10-11", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"error: market '{MARKET}': it already has a snapshot dated 2024-10-11"
    earlier = run_cli("markets", "refresh", "--api", manifold.base, "--on", "2024-10-01", cwd=root)
    assert earlier.returncode == 1
    assert "its latest snapshot, of 2024-10-11, is later than 2024-10-01" in earlier.stderr
    assert (root / "data/markets.yaml").read_bytes() == before


def test_all_or_nothing_one_failing_market_writes_none(data_copy, manifold):
    root = _project(data_copy, MANY)
    manifold.market("first-market", 0.7)  # fine, but second-market is unknown (404)
    code, _out, err = _refresh(root, manifold.base)
    assert code == 1
    assert err.splitlines() == [
        (
            f"error: market 'second': the API knows no market 'second-market' ({manifold.base}/slug/second-market "
            "answered 404)"
        ),
        "1 market failed; data/markets.yaml is unchanged",
    ]
    assert (root / "data/markets.yaml").read_text() == MANY


def test_a_list_in_brackets_is_refused_with_a_hint_and_left_as_it_is(data_copy, manifold):
    text = (SITE / "data/markets.yaml").read_text(encoding="utf-8")
    # Every snapshot of the fixture's market, however many, written as one bracketed line.
    flow, written = re.subn(
        r"    snapshots:\n(?:      - date: [^\n]*\n        p: [^\n]*\n)+",
        "    snapshots: [{date: 2024-10-11, p: 0.63}]\n",
        text,
    )
    assert written == 1
    root = _project(data_copy, flow)
    manifold.market(SLUG, 0.5)
    code, _, err = _refresh(root, manifold.base)
    assert code == 1
    assert err == (
        "error: data/markets.yaml: line 15 ('    snapshots: [{date: 2024-10-11, p: 0.63}]') would change, not only "
        "lines be added: a list written in brackets on one line cannot take a line more; write it one entry a line; "
        "nothing written\n"
    )
    assert (root / "data/markets.yaml").read_text(encoding="utf-8") == flow


def test_bad_data_is_reported_before_any_request(data_copy, manifold):
    root = _project(data_copy, MANY.replace("p: 0.63", "p: 1.63"))
    before = (root / "data/markets.yaml").read_bytes()
    code, _, err = _refresh(root, manifold.base)
    assert code == 1 and manifold.asked == []
    assert "data/markets.yaml:11:12: probability 1.63 is outside 0 to 1" in err
    assert (root / "data/markets.yaml").read_bytes() == before


def test_options_are_checked(data_copy):
    root = _project(data_copy)
    bad_date = run_cli("markets", "refresh", "--on", "2026-13-01", cwd=root)
    assert bad_date.returncode == 2 and "'2026-13-01' is not a date written YYYY-MM-DD" in bad_date.stderr
    bad_api = run_cli("markets", "refresh", "--api", "file:///etc", cwd=root)
    assert bad_api.returncode == 2 and "is not an http(s) address" in bad_api.stderr


def test_the_real_markets_file_takes_a_refresh_with_only_lines_added(tmp_path, manifold):
    """For any content of data/: each open Manifold market gains a snapshot, and the result passes the check."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data/markets.yaml"
    before = path.read_text(encoding="utf-8")
    from macros.data import load

    dataset = load.load(tmp_path / "data")
    open_markets = [m for m in dataset.markets if markets.manifold_slug(m.url) and m.resolution is None]
    for market in open_markets:
        manifold.market(markets.manifold_slug(market.url), 0.5)
    day = max([m.latest.date for m in dataset.markets] or [model.PartialDate(2024)], key=model.PartialDate.sort_key)
    on = f"{day.year + 1}-01-01"
    result = run_cli("markets", "refresh", "--api", manifold.base, "--on", on, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    runs = roundtrip.inserted_lines(before, after)
    assert sum(len(lines) for _, lines in runs) == 2 * len(open_markets)
    assert load.check(tmp_path / "data")[1] == []


# -- the pure parts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://manifold.markets/NeelNanda/will-sparse-autoencoders-be-success", SLUG),
        ("https://manifold.markets/NeelNanda/will-sparse-autoencoders-be-success?r=abc#x", SLUG),
        ("https://www.manifold.markets/a/b-c/", "b-c"),
        ("https://manifold.markets/NeelNanda", None),
        ("https://www.metaculus.com/questions/1/", None),
        ("https://manifold.markets.example.org/a/b", None),
        (None, None),
    ],
)
def test_slug_from_url(url, slug):
    assert markets.manifold_slug(url) == slug


@pytest.mark.parametrize(
    ("p", "kept"),
    [("0.4237", "0.42"), ("0.425", "0.42"), ("0.63", "0.63"), ("0.004", "0.004"), ("0.9996", "0.9996"), ("1", "1.00")],
)
def test_snapshot_price_is_kept_to_whole_percents_unless_that_reads_as_certain(p, kept):
    assert str(markets.snapshot_p(Decimal(p))) == kept


def test_the_answer_is_read_exactly():
    quote = markets.read_quote(b'{"probability": 0.12345678901234567890, "isResolved": false}')
    assert quote.p == Decimal("0.12345678901234567890") and quote.resolved is None
