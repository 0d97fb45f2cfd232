"""The explorer's test vectors, shared by its Python and browser tests.

``whatif_vectors.json`` holds hand-worked edge cases and the two lists of
the frozen fixture site; ``generated`` makes more for every list of any
data set, so the real site's lists are checked whatever they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from macros.data.model import Dataset
from macros.data.numbers import exact
from macros.render import VERDICTS, whatif

VECTORS: list[dict[str, Any]] = json.loads((Path(__file__).parent / "whatif_vectors.json").read_text(encoding="utf-8"))[
    "vectors"
]


def vector(name: str) -> dict[str, Any]:
    return next(v for v in VECTORS if v["name"] == name)


AS_JUDGED = vector("may-2024 as judged against Scaling Monosemanticity")
PENDING = vector("eis-xiv pending: all unknown")


def expected_outputs(v: dict[str, Any]) -> dict[str, str]:
    return {
        "score": v["score_shown"],
        "brier": v["brier_shown"],
        "judged": str(v["judged"]),
        "happened": str(v["happened"]),
        "verdict": v["verdict"],
        "worst": v["worst_shown"],
        "best": v["best_shown"],
    }


def static_outputs(v: dict[str, Any]) -> dict[str, str]:
    """What a page shows before its script runs: the range still open only while an outcome is unknown."""
    shown = expected_outputs(v)
    if "unknown" not in v["outcomes"]:
        del shown["worst"], shown["best"]
    return shown


def generated(data: Dataset) -> list[dict[str, Any]]:
    """For each list: its choices as seeded on its page, and every event happening, none, all unknown, alternating."""
    vectors = []
    for plist in data.lists:
        ps = [prediction.p for prediction in plist.predictions]
        count = len(ps)
        seeded = whatif.seeded_choices(plist, data.latest_scorecard(plist.id))
        alternating = [(whatif.HAPPENED, whatif.DID_NOT, whatif.UNKNOWN)[index % 3] for index in range(count)]
        for name, outcomes in (
            ("as seeded", seeded),
            ("all happened", [whatif.HAPPENED] * count),
            ("none happened", [whatif.DID_NOT] * count),
            ("all unknown", [whatif.UNKNOWN] * count),
            ("alternating", alternating),
        ):
            figures = whatif.evaluate(ps, outcomes)
            result, shown = figures.result, whatif.shown(figures, VERDICTS)
            vectors.append(
                {
                    "name": f"{plist.id} {name}",
                    "list": plist.id,
                    "ps": [exact(p) for p in ps],
                    "outcomes": list(outcomes),
                    "score": exact(result.score),
                    "brier": exact(result.brier) if result.brier is not None else None,
                    "judged": result.judged,
                    "happened": result.happened,
                    "worst": exact(figures.worst),
                    "best": exact(figures.best),
                    **{f"{key}_shown": shown[key] for key in ("score", "brier", "worst", "best")},
                    "verdict": shown["verdict"],
                }
            )
    return vectors
