"""``python -m macros new scorecard|list|part`` on a copy of the frozen fixture site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SITE, run_cli, strict_build
from macros.data import roundtrip

STILL_TO_FILL = re.compile(r"^(\S+):(\d+):(\d+): still to fill: expected (.+)$")


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for folder in ("data", "docs")
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    }


def _blanks(stderr: str) -> list[tuple[str, int, str]]:
    """The check's "still to fill" lines: (file, line, what is expected); every other line must be the count."""
    lines = stderr.splitlines()
    found = [STILL_TO_FILL.match(line) for line in lines[:-1]]
    assert all(found), stderr
    assert lines[-1] == f"{len(found)} problem{'s' if len(found) != 1 else ''} found"
    return [(match.group(1), int(match.group(2)), match.group(4)) for match in found if match]


def _fill(path: Path, values: dict[int, str]) -> None:
    """Write ``values`` after the blank keys on those lines (1-based)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for number, value in values.items():
        assert lines[number - 1].endswith(":"), lines[number - 1]
        lines[number - 1] += f" {value}"
    path.write_text("\n".join(lines), encoding="utf-8")


def test_new_scorecard_writes_every_prediction_in_order_and_passes_once_filled(data_copy):
    root = data_copy({})
    result = run_cli("new", "scorecard", "eis-xiv", "marks-2024", "--date", "2026-12-04", cwd=root)
    assert result.returncode == 0, result.stderr
    path = root / "data/scorecards/eis-xiv-marks-2024.yaml"
    assert result.stdout.splitlines()[0] == "wrote data/scorecards/eis-xiv-marks-2024.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[:6] == [
        "# yaml-language-server: $schema=https://eis-sequence.github.io/eis-site/schemas/scorecard.schema.json",
        "# Outcomes of the eis-xiv predictions, judged against Marks et al. (2024).",
        "id: eis-xiv-marks-2024",
        "predictions: eis-xiv",
        "work: marks-2024",
        "date: 2026-12-04",
    ]
    ids = re.findall(r"^  ([a-z0-9-]+):$", text, flags=re.M)
    assert ids == [
        "fix-represented-harm",
        "input-attacks",
        "anomaly-detection",
        "fix-unrepresented-harm",
        "sparse-finetuning",
        "arbitrary-edits",
        "latent-adversarial",
        "robustness-unrepresented",
    ]
    # Each id follows its claim, as a comment with its probability.
    assert "  # 60%: A harmful behavior that appears in the SAE's training data is located and\n" in text
    assert "  # corrected by hand, holding up against suitable fine-tuning and unlearning baselines.\n" in text
    assert "  # 10%: Latent adversarial attacks" in text

    check = run_cli("check", cwd=root)
    assert check.returncode == 1
    blanks = _blanks(check.stderr)
    lines = text.split("\n")
    assert [(file, lines[line - 1].strip()) for file, line, _ in blanks] == [
        ("data/scorecards/eis-xiv-marks-2024.yaml", f"{pid}:") for pid in ids
    ]
    assert {what for _, _, what in blanks} == {"true or false or ambiguous"}

    _fill(
        path,
        {
            line: outcome
            for (_, line, _), outcome in zip(blanks, (["true", "false", "ambiguous"] * 3)[: len(blanks)], strict=True)
        },
    )
    check = run_cli("check", cwd=root)
    assert check.returncode == 0, check.stderr
    assert "2 scorecards" in check.stdout
    scores = run_cli("scores", cwd=root)
    assert "scorecard eis-xiv-marks-2024: score" in scores.stdout


def test_new_scorecard_refuses_to_overwrite(data_copy):
    root = data_copy({})
    before = _tree(root)
    result = run_cli("new", "scorecard", "may-2024", "scaling-monosemanticity", cwd=root)
    assert result.returncode == 1
    assert result.stderr == (
        "error: data/scorecards/may-2024-scaling-monosemanticity.yaml already exists; it is left as it is\n"
    )
    assert _tree(root) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("eis-xv", "marks-2024"), "error: no prediction list 'eis-xv' in the data; did you mean 'eis-xiv'?"),
        (("eis-xiv", "marks-2042"), "error: no work 'marks-2042' in the data; did you mean 'marks-2024'?"),
    ],
)
def test_new_scorecard_refuses_unknown_ids_with_a_hint(data_copy, args, message):
    root = data_copy({})
    before = _tree(root)
    result = run_cli("new", "scorecard", *args, cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [message]
    assert _tree(root) == before


def test_new_list_passes_once_filled(data_copy):
    root = data_copy({})
    result = run_cli("new", "list", "may-2026", "--date", "2026-05-01", "--part", "14", cwd=root)
    assert result.returncode == 0, result.stderr
    path = root / "data/predictions/may-2026.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=https://eis-sequence.github.io/eis-site/schemas/prediction-list.schema.json\n"
    )
    assert "\nid: may-2026\ntitle:\nmade_on: 2026-05-01\nmade_in: 14\n" in text
    check = run_cli("check", cwd=root)
    blanks = _blanks(check.stderr)
    assert [(line, what) for _, line, what in blanks] == [
        (4, "text"),
        (12, "an id (lowercase letters, digits and single hyphens)"),
        (13, "text"),
        (14, 'a probability (a number from 0 to 1, or a percent such as "60%")'),
    ]
    _fill(path, {4: "The next paper", 12: "first-claim", 13: "Something happens.", 14: '"15%"'})
    check = run_cli("check", cwd=root)
    assert check.returncode == 0, check.stderr
    assert "3 prediction lists (19 predictions)" in check.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("May 2026",), "error: 'May 2026' is not a valid list id: use lowercase letters, digits and single hyphens"),
        (("eis-xiv",), "error: data/predictions/eis-xiv.yaml already exists; it is left as it is"),
        (("new-list", "--part", "41"), "error: no part 41 in data/sequence.yaml: its parts run from 1 to 14"),
    ],
)
def test_new_list_refuses(data_copy, args, message):
    root = data_copy({})
    before = _tree(root)
    result = run_cli("new", "list", *args, cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [message]
    assert _tree(root) == before


def test_new_part_writes_its_page_and_appends_its_entry_keeping_every_other_byte(data_copy):
    root = data_copy({})
    sequence = root / "data/sequence.yaml"
    before = sequence.read_text(encoding="utf-8")
    result = run_cli("new", "part", "15", "--date", "2026-12-04", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == ["wrote docs/parts/eis-xv.md", "wrote data/sequence.yaml"]
    assert sequence.read_text(encoding="utf-8") == before + "  - part: 15\n    title:\n    date: 2026-12-04\n"
    page = (root / "docs/parts/eis-xv.md").read_text(encoding="utf-8")
    # Laid out as the hosted Part XIV is: front matter naming the part, then the text.
    existing = (SITE / "docs/parts/eis-xiv.md").read_text(encoding="utf-8")
    assert page.startswith("---\npart: 15\n---\n\n") and existing.startswith("---\npart: 14\n---\n\n")
    check = run_cli("check", cwd=root)
    title_line = before.count("\n") + 2
    assert _blanks(check.stderr) == [("data/sequence.yaml", title_line, "text")]
    _fill(sequence, {title_line: '"EIS XV: A new part"'})
    check = run_cli("check", cwd=root)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("ok: 15 parts")


def test_new_part_goes_in_its_place_among_the_parts(data_copy):
    original = (SITE / "data/sequence.yaml").read_text(encoding="utf-8")
    seven = re.search(r"  - part: 7\n(?:    .*\n)+", original)
    assert seven
    root = data_copy({"data/sequence.yaml": original.replace(seven.group(0), "")})
    before = (root / "data/sequence.yaml").read_text(encoding="utf-8")
    result = run_cli("new", "part", "7", "--date", "2023-02-18", cwd=root)
    assert result.returncode == 0, result.stderr
    after = (root / "data/sequence.yaml").read_text(encoding="utf-8")
    added = "  - part: 7\n    title:\n    date: 2023-02-18\n"
    assert after == before.replace("  - part: 8\n", added + "  - part: 8\n")
    assert [lines for _, lines in roundtrip.inserted_lines(before, after)] == [added.splitlines(keepends=True)]
    assert (root / "docs/parts/eis-vii.md").is_file()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("14", "error: part 14 is already in data/sequence.yaml (line 52)"),
        ("0", "error: 0 is not a part number: parts are numbered from 1"),
    ],
)
def test_new_part_refuses_a_part_that_exists(data_copy, number, message):
    root = data_copy({})
    before = _tree(root)
    result = run_cli("new", "part", number, cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [message]
    assert _tree(root) == before


def test_new_part_refuses_to_overwrite_its_page_and_changes_nothing(data_copy):
    root = data_copy({"docs/parts/eis-xv.md": "A page already here, for another purpose.\n"})
    before = _tree(root)
    result = run_cli("new", "part", "15", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["error: docs/parts/eis-xv.md already exists; it is left as it is"]
    assert _tree(root) == before


def test_new_needs_readable_data(data_copy):
    root = data_copy({"data/works.yaml": "works: [\n"})
    before = _tree(root)
    result = run_cli("new", "scorecard", "eis-xiv", "marks-2024", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "error: the data cannot be read; fix the problems above first"
    assert result.stderr.startswith("data/works.yaml:")
    assert _tree(root) == before


def test_new_refuses_a_bad_date(data_copy):
    result = run_cli("new", "part", "15", "--date", "15 May", cwd=data_copy({}))
    assert result.returncode == 2
    assert "'15 May' is not a date written YYYY-MM-DD" in result.stderr


def test_what_new_writes_builds_strictly_once_its_blanks_are_filled(data_copy, tmp_path):
    root = data_copy({})
    commands = [("part", "15"), ("scorecard", "eis-xiv", "marks-2024")]
    fills = {"sequence.yaml": '"EIS XV: A new part"', "eis-xiv-marks-2024.yaml": "false"}
    for command in commands:
        # Each command needs readable data: the blanks of the one before are filled first.
        result = run_cli("new", *command, "--date", "2026-12-04", cwd=root)
        assert result.returncode == 0, result.stderr
        for name, line, _ in _blanks(run_cli("check", cwd=root).stderr):
            _fill(root / name, {line: fills[Path(name).name]})
    site = strict_build(root, tmp_path / "site")
    assert (site / "parts/eis-xv/index.html").is_file()
    assert "eis-xiv-marks-2024" in (site / "ledger/eis-xiv/index.html").read_text(encoding="utf-8")
