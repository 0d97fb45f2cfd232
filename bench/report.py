"""The benchmark's targets, judged from one run's figures, and the printed report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KIB = 1024


@dataclass(frozen=True)
class Target:
    name: str
    measured: float
    limit: float
    # "max": the measured figure may not exceed the limit; "min": may not fall below it.
    kind: str
    unit: str = ""

    @property
    def met(self) -> bool:
        return self.measured <= self.limit if self.kind == "max" else self.measured >= self.limit


class Targets:
    @staticmethod
    def judge(results: dict[str, Any]) -> list[dict[str, Any]]:
        """Every target of the issue that this run measured, with its figure and verdict."""
        sizes = results["sizes"]
        largest, smallest = sizes[-1], sizes[0]
        eis, plain, material = (largest["builds"][name]["wall"] for name in ("eis", "plain", "material"))
        # Both judged: wall time is what an author waits for, CPU what a
        # shared runner pays, and work beside the build shows only in CPU.
        eis_cpu, plain_cpu = (largest["builds"][name]["cpu"] for name in ("eis", "plain"))
        targets = []
        if len(sizes) > 1:
            # Linear growth, with a tenth to spare: 11x for 10x the posts.
            allowed = 1.1 * largest["posts"] / smallest["posts"]
            targets.append(Target("build growth (x)", eis / smallest["builds"]["eis"]["wall"], allowed, "max"))
        targets += [
            Target("build vs default Material (x)", eis / material, 0.35, "max"),
            Target("macros' share of the build, wall", (eis - plain) / eis, 0.05, "max"),
            Target("macros' share of the build, CPU", (eis_cpu - plain_cpu) / eis_cpu, 0.05, "max"),
            Target("check CPU (s)", results["cli"]["check"]["cpu"], 1.0, "max"),
            Target("scores exact (1 = yes)", 1.0 if results["cli"]["exact"] else 0.0, 1.0, "min"),
            Target("preview rebuild (s)", results["preview"]["rebuild"], 0.6, "max"),
        ]
        # Judged as a reader downloads a page (compressed); the raw figure is reported beside it.
        for form in ("gzip", "raw"):
            gained = [
                largest["macro_bytes_per_post"][form]["max"],
                *(page[form] for page in results["real_pages"]["macro_bytes"].values()),
            ]
            targets.append(Target(f"macro bytes on a page, {form} (KiB)", max(gained) / KIB, 10.0, "max"))
        targets.append(
            Target("offsite requests, Part XIV", len(results["real_pages"]["part_xiv_download"]["offsite"]), 0, "max")
        )
        for audit in results.get("lighthouse", []):
            page = audit["page"]
            targets.append(Target(f"Lighthouse performance, {page}", audit["performance"], 98, "min"))
            for category in ("accessibility", "best_practices", "seo"):
                targets.append(Target(f"Lighthouse {category.replace('_', ' ')}, {page}", audit[category], 100, "min"))
        return [{**target.__dict__, "met": target.met} for target in targets]


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def format_report(results: dict[str, Any]) -> str:
    machine = results["machine"]
    out = [
        f"{machine['date']}: {machine['cpus']} cores ({machine['cpu']}), Python {machine['python']}, "
        + ", ".join(f"{name} {version}" for name, version in machine["versions"].items()),
        "",
        "Full builds, median wall / CPU seconds (whole process):",
    ]
    rows = []
    for size in results["sizes"]:
        builds = size["builds"]
        eis = builds["eis"]["wall"]
        rows.append(
            [
                str(size["posts"]),
                str(size["pages"]),
                *(f"{builds[name]['wall']:.2f} / {builds[name]['cpu']:.2f}" for name in ("eis", "plain", "material")),
                f"{eis / builds['material']['wall']:.2f}x",
                f"{(eis - builds['plain']['wall']) / eis:+.1%} / {_cpu_share(builds):+.1%}",
            ]
        )
    out.append(
        _table(
            rows,
            [
                "posts",
                "pages",
                "this site",
                "macros rendered out",
                "default Material",
                "vs Material",
                "macros, wall / CPU",
            ],
        )
    )
    cli = results["cli"]
    preview = results["preview"]
    download = results["real_pages"]["part_xiv_download"]
    per_post = results["sizes"][-1]["macro_bytes_per_post"]
    real = ", ".join(
        f"{page} {size['raw'] / KIB:.1f} ({size['gzip'] / KIB:.1f})"
        for page, size in results["real_pages"]["macro_bytes"].items()
    )
    exact = "all exact" if cli["exact"] else "NOT exact"
    out.append("")
    out.append(
        f"check on {results['sizes'][-1]['predictions']} predictions: {cli['check']['wall']:.2f} s wall, "
        f"{cli['check']['cpu']:.2f} s CPU; scores --json: {cli['scores']['wall']:.2f} s wall, "
        f"{cli['scores']['cpu']:.2f} s CPU; {cli['scorecards']} scores {exact} (sum {cli['sum']})"
    )
    out.append(
        f"preview rebuild after editing one post at {results['sizes'][0]['posts']} posts "
        f"(mkdocs serve {' '.join(preview['flags'])}): {preview['rebuild']:.2f} s from noticing the edit to "
        f"reloading, {preview['edit_to_reload']:.2f} s from saving it; {preview['cpu']:.2f} s CPU"
    )
    out.append(
        f"macro output per page, KiB as written (compressed): synthetic posts median "
        f"{per_post['raw']['median'] / KIB:.1f} ({per_post['gzip']['median'] / KIB:.1f}), "
        f"max {per_post['raw']['max'] / KIB:.1f} ({per_post['gzip']['max'] / KIB:.1f}); {real}"
    )
    out.append(
        f"Part XIV download: {download['bytes'] / KIB:.1f} KiB compressed in {download['requests']} requests "
        f"(page itself {download['html_bytes'] / KIB:.1f} KiB), {len(download['offsite'])} off the site"
    )
    if "lighthouse" in results:
        rows = [
            [
                a["page"],
                str(a["performance"]),
                str(a["accessibility"]),
                str(a["best_practices"]),
                str(a["seo"]),
                f"{a['transferred_bytes'] / 1024:.1f}",
                str(a["requests"]),
                str(len(a["offsite_requests"])),
            ]
            for a in results["lighthouse"]
        ]
        out += [
            "",
            "Lighthouse (mobile), medians:",
            _table(rows, ["page", "perf", "a11y", "bp", "seo", "KiB", "requests", "offsite"]),
        ]
    targets = [[t["name"], _figure(t), _limit(t), "met" if t["met"] else "MISSED"] for t in results["targets"]]
    out += ["", "Targets:", _table(targets, ["target", "measured", "limit", ""])]
    return "\n".join(out)


def _cpu_share(builds: dict[str, Any]) -> float:
    eis, plain = float(builds["eis"]["cpu"]), float(builds["plain"]["cpu"])
    return (eis - plain) / eis


def _figure(target: dict[str, Any]) -> str:
    return f"{target['measured']:.3g}{target['unit']}"


def _limit(target: dict[str, Any]) -> str:
    return f"{'<=' if target['kind'] == 'max' else '>='} {target['limit']:g}{target['unit']}"
