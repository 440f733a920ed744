"""Reports: the table users know (console and Markdown), JSON for machines, a chart."""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from inferena.ir import IRError
from inferena.models import MODELS

from .execute import Record
from .machine import platform_name

COLUMNS = ("Platform", "Framework", "Compile (s)", "Inference (ms)", "Latency (ms)",
           "Training (ms)", "Loss", "Correctness")
TIMINGS = ("compile_s", "inference_ms", "latency_ms", "training_ms")
OK = ("PASS", "CLOSE")


def framework_cell(r: Record) -> str:
    name = f"{r.display} {r.framework_version}".strip()
    detail = "; ".join(filter(None, [r.backend, r.build_config]))
    return f"{name} ({detail})" if detail else name


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


def _samples(r: Record, key: str, markdown: bool) -> str:
    """` (n=12)`: how many samples a timing is the median of (compile times and files without
    a `spread` say nothing)."""
    spread = r.spread.get(key.rsplit("_", 1)[0], {})
    if getattr(r, key) is None or "repeat" not in spread:
        return ""
    return f" (n={spread['repeat']})" if markdown else f" [dim](n={spread['repeat']})[/dim]"


def rows(records: list[Record], markdown: bool) -> list[list[str]]:
    """Cells per record; the best timing of each model on each platform in bold, failed rows
    struck through."""
    best = {}
    for r in records:
        if r.status in OK:
            for key in TIMINGS:
                v = getattr(r, key)
                if v is not None:
                    where = (r.model, r.config, r.platform, key)
                    best[where] = min(v, best.get(where, v))
    out = []
    for r in records:
        cells = []
        for key in TIMINGS:
            text = _value(r, key)
            if r.status in OK and getattr(r, key) == best.get((r.model, r.config, r.platform, key)):
                text = f"**{text}**" if markdown else f"[bold]{text}[/bold]"
            cells.append(text + _samples(r, key, markdown))
        loss = f"{r.loss:.4f}" if r.loss is not None else "—"
        text_of = str if markdown else escape         # what programs print is text, never console markup
        row = [text_of(r.platform), text_of(framework_cell(r)), *cells, loss]
        if r.status in ("FAIL", "ERROR"):
            row = [f"~~{c}~~" if markdown else f"[strike]{c}[/strike]" for c in row]
        out.append(row + [text_of(correctness_cell(r))])
    return out


def titles(records: list[Record]) -> list[tuple[str, list[Record]]]:
    groups: dict[tuple[str, str], list[Record]] = {}
    for r in records:
        groups.setdefault((r.model, r.config), []).append(r)
    return [(f"{m} ({c} config)", rs) for (m, c), rs in groups.items()]


def print_table(records: list[Record], console: Console) -> None:
    for title, group in titles(records):
        table = Table(title=escape(title), title_justify="left")
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


def write_json(records: list[Record], json_path: Path) -> Path:
    """The records so far (rewritten after every row, so a run cut short keeps what it measured)."""
    platforms = ", ".join(dict.fromkeys(r.platform for r in records if r.platform))   # --device cuda: the GPU
    doc = {"platform": platforms or platform_name(), "date": time.strftime("%Y-%m-%d %H:%M:%S"),
           "records": [r.to_dict() for r in records]}
    write_text(json_path, json.dumps(doc, indent=1))
    return json_path


def write_text(path: Path, text: str) -> None:
    """Write through a temporary file and os.replace: a reader, a run cut short or a second run
    sees the old file or the new one, never a part of one. IRError naming the path if it cannot."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            tmp.write_text(text)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)          # only left where the replace did not happen
    except OSError as err:
        raise IRError(f"{path}: cannot write ({err.strerror})") from None


@contextlib.contextmanager
def results_lock(json_path: Path) -> Iterator[None]:
    """Claim the results file for one `inferena run`: a second run writing the same file stops
    at once, instead of replacing the first one's rows with its own."""
    if json_path.is_dir():
        raise IRError(f"{json_path}: is a folder (--json names the results file)")
    try:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(json_path.with_name(f".{json_path.name}.lock"), "a")
    except OSError as err:
        raise IRError(f"{json_path}: cannot write there ({err.strerror})") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IRError(f"{json_path}: another `inferena run` is writing it (wait for it or pass "
                          "another --json)") from None
        yield


def load_records(paths: list[Path]) -> list[Record]:
    """The records of results JSON files, in the order given."""
    records = []
    for path in paths:
        try:
            doc = json.loads(Path(path).read_text())
            for fields in doc["records"]:
                rec = Record(**fields)
                rec.platform = rec.platform or doc["platform"]
                records.append(rec)
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise IRError(f"{path}: not an inferena results file ({err})") from None
    return records


def results_page(records: list[Record], sources: list[str], notes: str = "") -> str:
    """RESULTS.md: every model's rows from every platform, in the table format users know."""
    order = list(MODELS)
    ordered = sorted(records, key=lambda r: (order.index(r.model) if r.model in order else len(order),
                                             r.config))      # stable: each model's rows as given
    return ("# Results\n\nWritten by `inferena report " + " ".join(sources) + "`. Columns as defined in "
            "README.md (What the columns mean); fp32 everywhere, TF32 off on GPUs; every row verified "
            "against the float64 reference (outputs, loss, every gradient). Bold: the best value of a "
            "model on its platform. The JSON files keep every sample.\n\n"
            + (notes.strip() + "\n\n" if notes else "") + markdown(ordered))


def write_reports(records: list[Record], json_path: Path) -> list[Path]:
    write_json(records, json_path)
    md = json_path.with_suffix(".md")
    write_text(md, markdown(records))
    written = [json_path, md]
    chart = write_chart(records, json_path.with_suffix(".png"))
    return written + ([chart] if chart else [])


METRICS = (("inference_ms", "Inference (ms)"), ("latency_ms", "Latency (ms)"),
           ("training_ms", "Training (ms)"), ("compile_s", "Compile (s)"))


def write_chart(records: list[Record], path: Path) -> Path | None:
    """One panel per model and metric, a bar per framework that passed or came close (needs
    matplotlib); log scale where a panel's values span more than 20x."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        return None
    groups = [(title, [r for r in group if r.status in OK]) for title, group in titles(records)]
    groups = [(title, ok) for title, ok in groups if ok]
    if not groups:
        return None
    height = sum(1 + 0.45 * len(ok) for _, ok in groups)
    fig, axes = plt.subplots(len(groups), len(METRICS), figsize=(18, 1 + height), squeeze=False,
                             sharey="row", gridspec_kw={"height_ratios": [len(ok) + 1 for _, ok in groups]})
    for row, (title, ok) in zip(axes, groups):
        labels = [f"{r.display} {r.framework_version}\n{r.backend}" for r in ok]
        for ax, (key, name) in zip(row, METRICS):
            values = [getattr(r, key) for r in ok]
            bars = ax.barh(range(len(ok)), [v or 0 for v in values], color="tab:blue")
            ax.bar_label(bars, [_value(r, key) for r in ok], padding=3, fontsize=8)
            shown = [v for v in values if v]
            if shown and max(shown) / min(shown) > 20:
                ax.set_xscale("log")
            else:
                ax.xaxis.set_major_locator(MaxNLocator(4))
            ax.set_title(f"{title}: {name}", fontsize=10)
            ax.margins(x=0.25)
        row[0].invert_yaxis()
        row[0].set_yticks(range(len(ok)), labels, fontsize=8)
    fig.supxlabel("lower is better")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
