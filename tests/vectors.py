"""The explorer's test vectors (whatif_vectors.json), shared by its Python and browser tests.

Hand-worked edge cases, and the two lists of the frozen fixture site as
judged and as pending.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
