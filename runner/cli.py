"""The `inferena` command: models, check, gen, run, report."""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from typing import Callable

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from inferena import ir
from inferena.emitters import EMITTERS
from inferena.models import DEFAULT_MODEL, MODELS, get_model

from . import check
from .estimate import Eta, EtaColumn, program_s
from .cpubuild import CONFIGS as CPU_BUILDS
from .execute import MEASUREMENTS, builds, find_programs, run_program
from .generate import generate
from .report import load_records, print_table, results_lock, results_page, write_json, write_reports, write_text
from .sampling import BUDGET_S, MIN_SAMPLES, WARMUP_BUDGET_S, Sampling

console = Console(width=None if sys.stdout.isatty() else 160)


def cmd_models(args) -> None:
    table = Table(title="Models")
    for col in ("Model", "Config", "Parameters", "Trainable", "Tensors", "Nodes (full)"):
        table.add_column(col)
    for name, model in MODELS.items():
        for config in model.configs:
            g = model.graphs(config)["full"]
            trainable = sum(p.type.size for p in g.params.values() if p.trainable)   # without BN statistics
            table.add_row(name, config, f"{g.param_count():,}", f"{trainable:,}", str(len(g.params)),
                          str(len(g.nodes)))
    console.print(table)


def cmd_check(args) -> None:
    check.print_check(console, args.model, args.config, Path(args.out))


def cmd_gen(args) -> None:
    path = generate(args.model, args.config, args.framework, Path(args.out), args.weights,
                    log=lambda m: console.print(f"[dim]{escape(m)}[/dim]"))
    console.print(escape(f"wrote {path}"))


def cmd_run(args) -> None:
    pairs = find_programs(Path(args.path), args.framework)      # a bad path fails before anything is written
    pairs = [(m, f, c) for m, f in pairs for c in builds(m, f, list(dict.fromkeys(args.cpu_build)))]
    with results_lock(Path(args.json)):      # a second run writing the same file stops at once
        run_rows(args, pairs)


def run_rows(args, pairs: list[tuple[Path, str, str]]) -> None:
    skip = tuple(args.skip.split(",")) if args.skip else ()
    records = []
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), EtaColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        sampling = Sampling(args.warmup, args.repeat, args.budget, args.min_samples)
        eta = Eta([program_s(model_dir, framework, sampling, args.device) for model_dir, framework, _ in pairs])
        task = progress.add_task("", total=len(pairs), **eta.fields())
        for model_dir, framework, cpu_build in pairs:
            def stage(what, name=f"{model_dir.name} / {framework}"):
                progress.update(task, description=f"{name}: {what}")
            rec = run_program(model_dir, framework, args.warmup, args.repeat, args.timeout, args.device,
                              skip, args.processes, stage, args.budget, args.min_samples,
                              cpu_build)
            progress.console.print(escape(f"{model_dir.name} / {framework}: {rec.status} {rec.reason}"))
            progress.update(task, advance=1, **eta.row_done())
            records.append(rec)
            write_json(records, Path(args.json))
    print_table(records, console)
    for path in write_reports(records, Path(args.json)):
        console.print(escape(f"wrote {path}"))


def cmd_report(args) -> None:
    records = load_records(args.files)
    notes = read_notes(args.notes) if args.notes else ""
    sources = [str(f) for f in args.files] + ([f"--notes {args.notes}"] if args.notes else [])
    write_text(Path(args.out), results_page(records, sources, notes))
    console.print(escape(f"wrote {args.out} ({len(records)} rows)"))


def read_notes(path: Path) -> str:
    try:
        return path.read_text()
    except (OSError, UnicodeDecodeError) as err:
        raise ir.IRError(f"--notes {path}: cannot read ({err})") from None


class OneLineParser(argparse.ArgumentParser):
    """argparse whose errors are one line naming what exists, as inferena's own errors are."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def positive(kind: type) -> Callable[[str], int | float]:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text} is not above 0")
        return value
    return parse


def measurements(text: str) -> str:
    unknown = [m for m in text.split(",") if m not in MEASUREMENTS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown measurement(s) {', '.join(unknown)} "
                                         f"(measurements: {', '.join(MEASUREMENTS)})")
    return text


def parser() -> argparse.ArgumentParser:
    p = OneLineParser(prog="inferena", description="Write a model once; generate, run, "
                                "time and verify it on every framework.")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("models", help="list models and configs with parameter counts").set_defaults(fn=cmd_models)

    c = sub.add_parser("check", help="what can run here, the command that fixes each missing part, and "
                       "how long `make bench` will take")
    c.add_argument("--model", default=DEFAULT_MODEL, help=f"the model `make bench` runs (default {DEFAULT_MODEL})")
    c.add_argument("--config", default="full")
    c.add_argument("--out", default="generated", help="where `inferena gen` writes (its cargo target dir)")
    c.set_defaults(fn=cmd_check)

    g = sub.add_parser("gen", help="generate programs, weights, inputs and reference outputs")
    g.add_argument("--model", default=DEFAULT_MODEL, help=f"one of: {', '.join(MODELS)}")
    g.add_argument("--config", default="full", help="full (benchmark size) or tiny (tests)")
    g.add_argument("--framework", nargs="+", choices=list(EMITTERS), help="default: all")
    g.add_argument("--out", default="generated", help="output root (default: generated)")
    g.add_argument("--weights", type=Path, help="a real checkpoint (.safetensors file or folder)")
    g.set_defaults(fn=cmd_gen)

    r = sub.add_parser("run", help="build, run, time and verify generated programs")
    r.add_argument("path", nargs="?", default="generated", help="generated/, a model or a framework folder")
    r.add_argument("--framework", nargs="+", help="only these frameworks")
    r.add_argument("--warmup", type=int, help="exact warm-up runs per measurement (default: as many as "
                   f"{WARMUP_BUDGET_S} s takes, at least 1)")
    r.add_argument("--repeat", type=int, help="exact samples per measurement (default: --min-samples or more, "
                   "until --budget is spent)")
    r.add_argument("--budget", type=float, help=f"seconds of samples per measurement (default {BUDGET_S})")
    r.add_argument("--min-samples", type=int, help=f"samples per measurement at least (default {MIN_SAMPLES})")
    r.add_argument("--processes", type=positive(int), default=1,
                   help="run each program this many times in fresh processes; the JSON keeps every sample")
    r.add_argument("--timeout", type=positive(float), default=1800, help="seconds per program")
    r.add_argument("--device", default="cpu", help="cpu, cuda (NVIDIA GPU backends) or vulkan (Vulkan "
                   "backends: Burn's wgpu, Meganeura; lavapipe without a GPU)")
    r.add_argument("--cpu-build", nargs="+", choices=CPU_BUILDS, default=["native"],
                   help="compiled programs built for this CPU (native: AVX-512 gemm, ggml from source) "
                   "or as before (portable); both: a row each, to compare")
    r.add_argument("--skip", type=measurements, help=f"comma-separated measurements to skip ({', '.join(MEASUREMENTS)})")
    r.add_argument("--json", default="results/results.json", help="results file (also .md and .png)")
    r.set_defaults(fn=cmd_run)

    rep = sub.add_parser("report", help="one results page (Markdown) from results JSON files")
    rep.add_argument("files", nargs="+", type=Path, help="results JSON files written by `inferena run`")
    rep.add_argument("--out", default="RESULTS.md")
    rep.add_argument("--notes", type=Path, help="a Markdown file to print above the tables (how the runs were made)")
    rep.set_defaults(fn=cmd_report)
    return p


def interrupt(signum: int, frame) -> None:
    raise KeyboardInterrupt        # SIGTERM cleans up as Ctrl-C does: the running program's process group dies


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        args.fn(args)
    except ir.IRError as err:
        console.print(f"[red]inferena: error:[/red] {escape(str(err))}", highlight=False, soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        kept = f"; the rows finished before are in {args.json}" if args.command == "run" else ""
        console.print(f"[red]inferena: interrupted[/red]{escape(kept)}", highlight=False, soft_wrap=True)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


if __name__ == "__main__":
    sys.exit(main())
