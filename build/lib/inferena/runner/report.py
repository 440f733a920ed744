"""Reports: the table users know (console and Markdown), JSON for machines, a chart."""
from __future__ import annotations

import json
import platform
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .execute import Record

COLUMNS = ("Platform", "Framework", "Compile (s)", "Inference (ms)", "Latency (ms)",
           "Training (ms)", "Loss", "Correctness")
TIMINGS = ("compile_s", "inference_ms", "latency_ms", "training_ms")
OK = ("PASS", "CLOSE")


def platform_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                name = line.split(":", 1)[1]
                for noise in ("(R)", "(TM)", " CPU", " Processor"):
                    name = name.replace(noise, "")
                return " ".join(name.split())
    except OSError:
        pass
    return platform.processor() or platform.machine()


def framework_cell(r: Record) -> str:
    name = f"{r.display} {r.framework_version}".strip()
    return f"{name} ({r.backend})" if r.backend else name


def correctness_cell(r: Record) -> str:
    if r.status in OK:
        parts = [f"out {r.output_rel_l2:.1e}" if r.output_rel_l2 is not None else "",
                 f"grad {r.grad_rel_l2:.1e}" if r.grad_rel_l2 is not None else "",
                 f"autodiff {r.autodiff}" if r.autodiff else ""]
        detail = ", ".join(p for p in parts if p)
        return f"{r.status} ({detail})" + (f": {r.reason}" if r.reason else "")
    return f"{r.status}: {r.reason}"


def _value(r: Record, key: str) -> str:
    v = getattr(r, key)
    if v is None:
        return "—"
    return f"{v:.2f}" if key == "compile_s" else f"{v:.0f}" if v >= 100 else f"{v:.1f}"


def rows(records: list[Record], markdown: bool) -> list[list[str]]:
    """Cells per record; the best timing of each model in bold, failed rows struck through."""
    best = {}
    for r in records:
        if r.status in OK:
            for key in TIMINGS:
                v = getattr(r, key)
                if v is not None:
                    best[(r.model, r.config, key)] = min(v, best.get((r.model, r.config, key), v))
    out = []
    plat = platform_name()
    for r in records:
        cells = []
        for key in TIMINGS:
            text = _value(r, key)
            if markdown and r.status in OK and getattr(r, key) == best.get((r.model, r.config, key)):
                text = f"**{text}**"
            elif not markdown and r.status in OK and getattr(r, key) == best.get((r.model, r.config, key)):
                text = f"[bold]{text}[/bold]"
            cells.append(text)
        loss = f"{r.loss:.4f}" if r.loss is not None else "—"
        row = [plat, framework_cell(r), *cells, loss]
        if r.status in ("FAIL", "ERROR"):
            row = [f"~~{c}~~" if markdown else f"[strike]{c}[/strike]" for c in row]
        out.append(row + [correctness_cell(r)])
    return out


def titles(records: list[Record]) -> list[tuple[str, list[Record]]]:
    groups: dict[tuple[str, str], list[Record]] = {}
    for r in records:
        groups.setdefault((r.model, r.config), []).append(r)
    return [(f"{m} ({c} config)", rs) for (m, c), rs in groups.items()]


def print_table(records: list[Record], console: Console) -> None:
    for title, group in titles(records):
        table = Table(title=title, title_justify="left")
        for col in COLUMNS:
            table.add_column(col, overflow="fold")
        for row in rows(group, markdown=False):
            table.add_row(*row)
        console.print(table)


def markdown(records: list[Record]) -> str:
    parts = []
    for title, group in titles(records):
        parts.append(f"### {title}\n")
        parts.append("| " + " | ".join(COLUMNS) + " |")
        parts.append("|" + "---|" * len(COLUMNS))
        parts += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows(group, True)]
        parts.append("")
    return "\n".join(parts)


def write_reports(records: list[Record], json_path: Path) -> list[Path]:
    json_path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"platform": platform_name(), "date": time.strftime("%Y-%m-%d %H:%M:%S"),
           "records": [r.to_dict() for r in records]}
    json_path.write_text(json.dumps(doc, indent=1))
    md = json_path.with_suffix(".md")
    md.write_text(markdown(records))
    written = [json_path, md]
    chart = write_chart(records, json_path.with_suffix(".png"))
    return written + ([chart] if chart else [])


def write_chart(records: list[Record], path: Path) -> Path | None:
    """Bar chart of inference and training times per framework (needs matplotlib)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    groups = titles(records)
    fig, axes = plt.subplots(len(groups), 1, figsize=(9, 2 + 1.2 * len(records)), squeeze=False)
    for ax, (title, group) in zip(axes[:, 0], groups):
        ok = [r for r in group if r.status in OK]
        labels = [framework_cell(r) for r in ok]
        y = range(len(ok))
        for offset, key, name in ((-0.2, "inference_ms", "inference"), (0.2, "training_ms", "training")):
            ax.barh([i + offset for i in y], [getattr(r, key) or 0 for r in ok], height=0.4, label=name)
        ax.set_yticks(list(y), labels)
        ax.set_xlabel("ms (lower is better)")
        ax.set_title(title)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
