"""The GitHub workflows stay hardened, run the same commands as everyone else, and build reproducibly."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from browsing import SCREENSHOTS
from conftest import DOCUMENTS, ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.y*ml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"uses:\s*\S+\s+#\s*v\d+(\.\d+)*\s*$")
MAKE_CALL = re.compile(r"\bmake\s+(?:--silent\s+|-s\s+)?([a-z][\w-]*)")


def _load(path: Path) -> dict[Any, Any]:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean true.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return dict(workflow)


def _steps(workflow: dict[Any, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


@pytest.fixture(params=WORKFLOWS, ids=[path.name for path in WORKFLOWS])
def workflow(request: pytest.FixtureRequest) -> tuple[Path, dict[Any, Any]]:
    return request.param, _load(request.param)


def test_there_are_workflows_for_checks_and_pages():
    assert {path.name for path in WORKFLOWS} == {"ci.yml", "pages.yml", "markets.yml"}


def test_every_action_is_pinned_to_a_commit_with_its_version(workflow):
    path, loaded = workflow
    uses = [step["uses"] for _, step in _steps(loaded) if "uses" in step]
    assert uses
    for action in uses:
        assert PINNED.match(action), f"{path.name}: {action} is not pinned to a full commit SHA"
    lines = [line for line in path.read_text().splitlines() if re.match(r"\s*(- )?uses:", line)]
    assert len(lines) == len(uses)
    for line in lines:
        assert VERSION_COMMENT.search(line), f"{path.name}: {line.strip()!r} has no '# vX.Y.Z' comment"


def test_permissions_are_explicit_and_least(workflow):
    path, loaded = workflow
    assert loaded.get("permissions") == {}, f"{path.name}: the workflow must grant nothing by default"
    for name, job in loaded["jobs"].items():
        granted = job.get("permissions")
        assert isinstance(granted, dict) and granted, f"{path.name}: job {name} must list its permissions"
        assert "write-all" not in str(granted)
        writes = {scope for scope, level in granted.items() if level == "write"}
        # Only the Pages deployment and the market prices' pull request write, each only what it must.
        if writes:
            assert (path.name, name) in {("pages.yml", "deploy"), ("markets.yml", "pull-request")}
        if writes and path.name == "pages.yml":
            assert granted == {"pages": "write", "id-token": "write"}
            assert job["environment"]["name"] == "github-pages"
            assert [step["uses"].split("@")[0] for step in job["steps"]] == ["actions/deploy-pages"]
        if writes and path.name == "markets.yml":
            assert granted == {"contents": "write", "pull-requests": "write"}
            # It runs no Python: it checks out, takes the refreshed file, and opens the pull request.
            assert [step.get("uses", "").split("@")[0] or step["run"] for step in job["steps"]] == [
                "actions/checkout",
                "actions/download-artifact",
                "make markets-pr",
            ]


def test_nothing_is_writable_on_pull_request_events(workflow):
    path, loaded = workflow
    triggers = loaded["on"] if isinstance(loaded["on"], (dict, list)) else [loaded["on"]]
    if "pull_request" not in triggers:
        return
    for name, job in loaded["jobs"].items():
        granted = job.get("permissions") or {}
        assert "write" not in granted.values(), f"{path.name}: job {name} can write on a pull request"


def test_checkout_never_keeps_the_token(workflow):
    path, loaded = workflow
    for name, step in _steps(loaded):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}: {name}"


def test_no_dangerous_triggers(workflow):
    path, loaded = workflow
    triggers = loaded["on"] if isinstance(loaded["on"], (dict, list)) else [loaded["on"]]
    assert not {"pull_request_target", "workflow_run"} & set(triggers), path.name


def test_no_expression_inside_a_script(workflow):
    path, loaded = workflow
    for name, step in _steps(loaded):
        assert "${{" not in step.get("run", ""), f"{path.name}: job {name} puts an expression in a script; use env:"


def test_pages_deploys_only_after_a_build_and_never_cancels():
    pages = _load(ROOT / ".github/workflows/pages.yml")
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert set(pages["on"]) == {"push", "workflow_dispatch"}
    assert pages["on"]["push"] == {"branches": ["main"]}
    assert pages["jobs"]["deploy"]["needs"] == "build"
    build = [step.get("uses", "").split("@")[0] for step in pages["jobs"]["build"]["steps"]]
    assert build[-1] == "actions/upload-pages-artifact"


def test_markets_are_refreshed_weekly_by_a_read_only_job_and_proposed_by_another():
    markets = _load(ROOT / ".github/workflows/markets.yml")
    assert set(markets["on"]) == {"schedule", "workflow_dispatch"}
    [schedule] = markets["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert minute.isdigit() and hour.isdigit() and (day, month) == ("*", "*") and weekday.isdigit(), "once a week"
    refresh, proposal = markets["jobs"]["refresh"], markets["jobs"]["pull-request"]
    assert refresh["permissions"] == {"contents": "read"}
    assert proposal["needs"] == "refresh"
    calls = [call for step in refresh["steps"] for call in _make_calls(step.get("run", ""))]
    assert calls == ["install", "markets", "check", "score-diff"]
    [table] = [step for step in refresh["steps"] if "score-diff" in step.get("run", "")]
    [upload] = [step for step in refresh["steps"] if step.get("uses", "").startswith("actions/upload-artifact@")]
    body = table["run"].split(">", 1)[1].strip()
    assert upload["with"]["path"].split() == ["data/markets.yaml", body]
    [download] = [step for step in proposal["steps"] if step.get("uses", "").startswith("actions/download-artifact@")]
    assert download["with"]["name"] == upload["with"]["name"]
    [opening] = [step for step in proposal["steps"] if "run" in step]
    assert opening["env"] == {"GH_TOKEN": "${{ github.token }}"}
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(rf"^MARKETS_BODY \?= {re.escape(body)}$", makefile, flags=re.M), "the body is the score table"


def test_make_markets_pr_pushes_only_the_markets_file_and_opens_or_updates_the_pull_request(tmp_path):
    """``make markets-pr`` against a local remote, with a fake ``gh`` that logs what it is asked."""
    env = {"PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "GH_LOG": str(tmp_path / "gh.log")}

    def run(*args: str, cwd: Path = tmp_path / "work") -> subprocess.CompletedProcess[str]:
        result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    (tmp_path / "bin").mkdir()
    gh = tmp_path / "bin/gh"
    # `gh pr view` finds no pull request unless GH_OPEN is set.
    gh.write_text(
        '#!/bin/sh\necho "$*" >> "$GH_LOG"\n'
        'if [ "$1 $2" = "pr view" ]; then [ -n "$GH_OPEN" ] && echo OPEN && exit 0; exit 1; fi\n'
    )
    gh.chmod(0o755)
    run("git", "init", "--quiet", "--bare", "origin.git", cwd=tmp_path)
    run("git", "init", "--quiet", "--initial-branch=main", "work", cwd=tmp_path)
    work = tmp_path / "work"
    (work / "data").mkdir()
    markets = work / "data/markets.yaml"
    markets.write_bytes((ROOT / "tests/fixtures/site/data/markets.yaml").read_bytes())
    run("git", "add", ".")
    run("git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "--quiet", "-m", "start")
    run("git", "remote", "add", "origin", str(tmp_path / "origin.git"))
    run("git", "push", "--quiet", "origin", "main")
    make = ("make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "markets-pr")

    assert run(*make).stdout == "data/markets.yaml is unchanged: no pull request\n"
    assert not (tmp_path / "gh.log").exists()

    markets.write_text(markets.read_text() + "      - date: 2026-12-04\n        p: 0.42\n")
    (work / "score-changes.md").write_text("### Score changes\n")
    run(*make)
    log = (tmp_path / "gh.log").read_text().splitlines()
    title = "Market prices from Manifold's API"
    assert log == [
        "auth setup-git",
        "pr view markets/refresh --json state --jq .state",
        f"pr create --head markets/refresh --title {title} --body-file score-changes.md",
    ]
    changed = run("git", "diff", "--name-only", "main", "markets/refresh", cwd=tmp_path / "origin.git").stdout
    assert changed.split() == ["data/markets.yaml"]  # the score table is the body, not a file
    subject = run("git", "log", "-1", "--format=%s %an", "markets/refresh", cwd=tmp_path / "origin.git").stdout
    assert subject == f"{title} github-actions[bot]\n"

    # The next week, with the pull request still open: the branch is made afresh and the body updated.
    (tmp_path / "gh.log").unlink()
    run("git", "switch", "--quiet", "main")
    markets.write_text(markets.read_text() + "      - date: 2026-12-11\n        p: 0.45\n")
    env["GH_OPEN"] = "1"
    run(*make)
    assert (tmp_path / "gh.log").read_text().splitlines()[-1] == "pr edit markets/refresh --body-file score-changes.md"
    shown = run("git", "show", "markets/refresh:data/markets.yaml", cwd=tmp_path / "origin.git").stdout
    assert "2026-12-11" in shown and "2026-12-04" not in shown


def test_ci_tests_keep_the_build_cache_and_pages_builds_without_one():
    from macros.site.cache import CACHE_DIR, CACHE_ENV

    ci = _load(ROOT / ".github/workflows/ci.yml")
    [kept] = [(job, step) for job, step in _steps(ci) if step.get("uses", "").split("@")[0] == "actions/cache"]
    assert kept[1]["with"]["path"] == CACHE_DIR
    calls = [call for job, step in _steps(ci) if job == kept[0] for call in _make_calls(step.get("run", ""))]
    assert "pytest" in calls
    pages = _load(ROOT / ".github/workflows/pages.yml")
    assert not [step for _, step in _steps(pages) if "cache" in step.get("uses", "")]
    [build] = [step for _, step in _steps(pages) if "make build" in step.get("run", "")]
    assert build["env"][CACHE_ENV] == ""
    assert f"CACHE_DIR := {CACHE_DIR}\n" in (ROOT / "Makefile").read_text()  # what make clean removes


def test_zizmor_reports_nothing():
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    assert zizmor, "zizmor is installed from requirements.txt"
    result = subprocess.run(
        [zizmor, "--offline", "--persona=auditor", ".github/workflows"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


# -- one source of truth for commands -------------------------------------------


def _make_targets() -> dict[str, list[str]]:
    """Each Makefile target and its prerequisites."""
    targets: dict[str, list[str]] = {}
    for line in (ROOT / "Makefile").read_text().splitlines():
        match = re.match(r"^([a-z][\w-]*):(?!=)\s*([^#]*)", line)
        if match:
            targets[match.group(1)] = [name for name in match.group(2).split() if not name.startswith("|")]
    return targets


def _make_calls(text: str) -> list[str]:
    return MAKE_CALL.findall(text)


def test_every_command_is_a_make_target():
    targets = _make_targets()
    scripts = [step["run"] for path in WORKFLOWS for _, step in _steps(_load(path)) if "run" in step]
    for script in scripts:
        for line in script.splitlines():
            assert line.startswith("make "), f"a workflow runs {line!r} outside make"
    ci_run = (ROOT / ".ci/run").read_text()
    assert ci_run.rstrip().splitlines()[-1] == "make test"
    for called in _make_calls("\n".join([*scripts, ci_run])):
        assert called in targets, f"'make {called}' is not a Makefile target"
    for document in DOCUMENTS:
        for called in _make_calls((ROOT / document).read_text(encoding="utf-8")):
            assert called in targets, f"{document}: 'make {called}' is not a Makefile target"


def test_ci_runs_what_make_test_runs():
    test_steps = _make_targets()["test"]
    ci = [
        call
        for _, step in _steps(_load(ROOT / ".github/workflows/ci.yml"))
        for call in _make_calls(step.get("run", ""))
    ]
    assert [call for call in ci if call in test_steps] == test_steps, "CI runs the targets of `make test`, in order"
    assert "build" in ci
    quick_start = (ROOT / "README.md").read_text().split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert _make_calls(quick_start)[:2] == ["serve", "test"]


def test_ci_builds_with_the_second_engine_in_a_job_of_its_own():
    jobs = _load(ROOT / ".github/workflows/ci.yml")["jobs"]
    runs = {
        name: [call for step in job["steps"] for call in _make_calls(step.get("run", ""))] for name, job in jobs.items()
    }
    [engines] = [name for name, calls in runs.items() if "engines" in calls]
    assert not set(_make_targets()["test"]) & set(runs[engines])  # the suite stays in the main job
    assert "engines" not in _make_targets()["test"]


# -- reproducible builds ---------------------------------------------------------------


def test_make_build_is_reproducible_and_dated_by_the_last_commit(tmp_path):
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    env.pop("SITE_URL", None)
    for name in ("a", "b"):
        result = subprocess.run(
            ["make", "--no-print-directory", "build", f"SITE_DIR={tmp_path / name}"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    first = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert first == second
    commit_day = subprocess.run(
        ["git", "log", "-1", "--format=%cd", "--date=format-local:%Y-%m-%d"],
        cwd=ROOT,
        env=dict(env, TZ="UTC"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert f"<lastmod>{commit_day}</lastmod>" in first[Path("sitemap.xml")].decode()


# -- keeping dependencies current ------------------------------------------------


def test_dependabot_watches_pip_and_actions():
    config = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text())
    assert {update["package-ecosystem"] for update in config["updates"]} == {"pip", "github-actions"}


def test_pre_commit_checks_the_data_when_it_changes(tmp_path):
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff", "ruff-format", "macros-check"} <= set(hooks)
    data_hook = re.compile(hooks["macros-check"]["files"])
    assert data_hook.search("data/works.yaml") and data_hook.search("docs/parts/eis-xiv.md")
    assert not data_hook.search("macros/render/base.py")
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    assert pre_commit
    result = subprocess.run(
        [pre_commit, "run", "macros-check", "--files", "data/works.yaml"],
        cwd=ROOT,
        env=dict(os.environ, PRE_COMMIT_HOME=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_ci_uploads_the_browser_screenshots_even_when_a_test_fails():
    ci = _load(ROOT / ".github/workflows/ci.yml")
    uploads = [step for _, step in _steps(ci) if str(step.get("uses", "")).startswith("actions/upload-artifact@")]
    [shots] = [step for step in uploads if step["with"]["name"] == "screenshots"]
    assert (ROOT / shots["with"]["path"]).resolve() == SCREENSHOTS.resolve()
    assert shots["with"]["if-no-files-found"] == "error"
    assert "!cancelled()" in shots["if"]  # screenshots of a failing run are the useful ones
