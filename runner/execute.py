"""`inferena run`: run each generated program in its own process, verify, collect records."""
from __future__ import annotations

import functools
import inspect
import json
import signal
import statistics
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from inferena import ir
from inferena.emitters import EMITTERS

from .cargo import BuildError
from .frameworks import build, command, missing, prebuilt
from .generate import load_reference
from .machine import platform_name
from .process import run_group
from .sampling import Sampling
from .verify import verify

MEASUREMENTS = ("inference", "latency", "training")
RESULT_MARK = "INFERENA_RESULT "
SAFETENSORS_FILES = ("weights.safetensors", "inputs.safetensors", "reference.safetensors")
MODEL_FILES = ("manifest.json", "graph.json", *SAFETENSORS_FILES)       # what `inferena gen` writes


@dataclass
class Record:
    """One row: a model on a framework."""
    model: str
    config: str
    framework: str
    display: str
    platform: str = ""               # the processor timed (report.platform_name)
    status: str = "ERROR"            # PASS | CLOSE | FAIL | ERROR | SKIPPED
    reason: str = ""
    framework_version: str = ""
    backend: str = ""
    autodiff: str = ""
    compile_s: float | None = None
    build_s: float | None = None     # the build before the run, not in compile_s (cargo, torch.onnx.export)
    build_config: str = ""           # how a compiled program was built for this CPU (runner/cpubuild.py)
    inference_ms: float | None = None
    latency_ms: float | None = None
    training_ms: float | None = None
    spread: dict = field(default_factory=dict)    # measurement -> {median, min, max, repeat, processes, samples, warmup}
    loss: float | None = None
    loss_ref: float | None = None
    output_rel_l2: float | None = None
    output_max_abs: float | None = None
    grad_rel_l2: float | None = None
    grad_worst: str | None = None
    wall_s: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def find_programs(path: Path, frameworks: list[str] | None) -> list[tuple[Path, str]]:
    """(model folder, framework) pairs under `path`: generated/, a model or a framework folder.
    A model whose manifest.json cannot be read gives one pair with framework "" (its ERROR row)."""
    path = Path(path).resolve()
    if not path.exists():
        raise ir.IRError(f"{path}: no such folder ({_generated_beside(path)})")
    if not path.is_dir():
        raise ir.IRError(f"{path}: not a folder (give generated/, a model folder or a framework folder)")
    if is_model_folder(path.parent) and not is_model_folder(path):
        models, only = [path.parent], [path.name]
    elif is_model_folder(path):
        models, only = [path], None
    else:         # hidden folders are gen's partial outputs
        models = sorted(p for p in path.iterdir() if is_model_folder(p) and not p.name.startswith("."))
        only = None
    if not models:
        raise ir.IRError(f"{path}: no generated model here (no folder holding a manifest.json; "
                         f"{_listing(path)}); run `inferena gen --out {path}` first")
    listed = {model: _listed_frameworks(model) for model in models}
    pairs = [(model, f) for model, names in listed.items() for f in names
             if f == "" or ((only is None or f in only) and (frameworks is None or f in frameworks))]
    if not pairs:
        wanted = ", ".join(only or frameworks or ["any framework"])
        there = ", ".join(dict.fromkeys(f for names in listed.values() for f in names)) or "none"
        raise ir.IRError(f"{path}: no program of {wanted} here (frameworks generated: {there})")
    return pairs


def _generated_beside(path: Path) -> str:
    """What a mistyped path could have meant: the model folders in its parent."""
    models = sorted(p.name for p in path.parent.glob("*") if is_model_folder(p) and not p.name.startswith("."))
    if not models:
        return "run `inferena gen` first"
    return f"generated models in {path.parent}: {', '.join(models)}"


def _listing(folder: Path, most: int = 5) -> str:
    names = sorted(p.name for p in folder.iterdir())
    if not names:
        return "the folder is empty"
    return "it holds " + ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


def _listed_frameworks(model_dir: Path) -> list[str]:
    try:
        return list(read_manifest(model_dir)["frameworks"])
    except ir.IRError:
        return [""]


def read_manifest(model_dir: Path) -> dict:
    """manifest.json of a generated model folder, checked for the fields the runner reads."""
    path = model_dir / "manifest.json"
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as err:
        raise ir.IRError(f"{path}: cannot read manifest ({err})") from None
    try:
        fields_ok = (isinstance(manifest["model"], str) and isinstance(manifest["config"], str)
                     and all(isinstance(e["display"], str) and isinstance(e["requires"], list)
                             for e in manifest["frameworks"].values()))
    except (KeyError, TypeError, AttributeError) as err:
        raise ir.IRError(f"{path}: malformed manifest (missing or bad field {err})") from None
    if not fields_ok:
        raise ir.IRError(f"{path}: malformed manifest (model, config, frameworks' display or requires "
                         "of the wrong type)")
    return manifest


def builds(model_dir: Path, framework: str, cpu_builds: list[str]) -> list[str]:
    """The CPU build configurations to run a program in: each of `cpu_builds` for a compiled
    program, one (the first) for a Python one or a folder too broken to say (its ERROR row)."""
    try:
        compiled = read_manifest(model_dir)["frameworks"][framework].get("program", "python") != "python"
    except (ir.IRError, KeyError, AttributeError):
        compiled = False
    return list(cpu_builds) if compiled else list(cpu_builds[:1])


def is_model_folder(path: Path) -> bool:
    """A folder `inferena gen` wrote: it holds one of its files (a tampered one may lack the others)."""
    return path.is_dir() and any((path / name).is_file() for name in MODEL_FILES)


def check_model_files(model_dir: Path) -> None:
    """Raise IRError naming the first file of the generated folder that is missing or corrupt
    (graph.json must parse, the safetensors files must be complete; their headers are read)."""
    graph = model_dir / "graph.json"
    try:
        json.loads(graph.read_text())
    except (OSError, ValueError) as err:
        raise ir.IRError(f"{graph}: cannot read graph file ({err})") from None
    for name in SAFETENSORS_FILES:
        ir.weights.check_tensors(model_dir / name)


def _error_row(run: Callable[..., Record]) -> Callable[..., Record]:
    """A problem of one generated folder or program (IRError, OSError) becomes its ERROR row,
    so the other rows still run."""
    @functools.wraps(run)
    def guarded(model_dir: Path, framework: str, *args, **kwargs) -> Record:
        try:
            return run(model_dir, framework, *args, **kwargs)
        except (ir.IRError, OSError) as err:
            called = inspect.signature(run).bind(model_dir, framework, *args, **kwargs).arguments
            return _broken_record(model_dir, framework, called.get("device", "cpu"), str(err))
    return guarded


def _broken_record(model_dir: Path, framework: str, device: str, reason: str) -> Record:
    try:
        manifest = read_manifest(model_dir)
        model, config = manifest["model"], manifest["config"]
        display = manifest["frameworks"].get(framework, {}).get("display", framework)
    except ir.IRError:
        model, config, display = model_dir.name, "", framework or "?"
    return Record(model, config, framework, display, platform_name(device), reason=reason)


@_error_row
def run_program(model_dir: Path, framework: str, warmup: int | None, repeat: int | None, timeout: float,
                device: str = "cpu", skip: tuple[str, ...] = (), processes: int = 1,
                stage=lambda what: None, budget: float | None = None, min_samples: int | None = None,
                cpu_build: str = "native") -> Record:
    """Build the program, run it in `processes` fresh processes one after another (timings of
    all of them kept), verify the first one's outputs. `stage(what)` hears what it is doing.
    Sampling flags left None are the harness's adaptive defaults (runner/sampling.py);
    `cpu_build` is how compiled programs are built for this CPU (runner/cpubuild.py)."""
    manifest = read_manifest(model_dir)
    check_model_files(model_dir)
    if framework not in manifest["frameworks"]:
        raise ir.IRError(f"{model_dir / 'manifest.json'} lists no framework {framework!r}")
    emitted = manifest["frameworks"][framework]
    rec = Record(manifest["model"], manifest["config"], framework, emitted["display"], platform_name(device))
    if "error" in emitted:
        rec.reason = f"not generated: {emitted['error']}"
        return rec
    opens = EMITTERS[framework].devices if framework in EMITTERS else {device}
    if device.split(":")[0] not in opens:
        rec.status = "SKIPPED"
        rec.reason = f"{emitted['display']} has no --device {device} backend in inferena (it runs on {', '.join(sorted(opens))})"
        return rec
    kind = emitted.get("program", "python")
    absent = missing(emitted["requires"], kind, cpu_build)
    built = prebuilt(model_dir / framework, kind, cpu_build, device) if absent else None
    if absent and not built:
        rec.status, rec.reason = "SKIPPED", absent
        return rec
    if kind != "python" and not built:
        stage("building")
    try:
        built = built or build(model_dir / framework, kind, timeout, cpu_build, device)
    except BuildError as err:
        rec.reason = str(err)
        return rec
    rec.build_s, rec.build_config = (built.seconds, built.config) if built else (None, "")
    with tempfile.TemporaryDirectory(prefix="inferena-") as tmp:
        out = Path(tmp) / "outputs.safetensors"
        results = []
        start = time.perf_counter()
        for i in range(processes):
            stage("running" + (f" (process {i + 1} of {processes})" if processes > 1 else ""))
            sampling = Sampling(warmup, repeat, budget, min_samples).args()
            cmd = command(model_dir / framework, out, [*sampling, "--device", device, "--skip", ",".join(skip)], built)
            result = _run_once(cmd, model_dir / framework, timeout)
            rec.wall_s = time.perf_counter() - start
            if isinstance(result, str):
                rec.reason = result
                return rec
            if "skipped" in result:         # the program found this machine lacks what it needs
                rec.status, rec.reason = "SKIPPED", result["skipped"]
                return rec
            results.append(result)
            if i == 0:
                stage("verifying")
                absent = result.get("not_measured", {})       # measurements the framework cannot make
                checks = verify(ir.load_tensors(out), load_reference(model_dir),
                                {m for m in MEASUREMENTS if m not in skip and m not in absent},
                                manifest.get("gradient_ambiguity", {}))
        _fill(rec, results)
    notes = [checks["reason"]] if checks["reason"] else []
    checks["reason"] = "; ".join(notes + [f"no {m}: {why}" for m, why in absent.items()])
    for key, value in checks.items():
        setattr(rec, key, value)
    return rec


def _run_once(cmd: list[str], cwd: Path, timeout: float) -> dict | str:
    """One process of a program: its result line, or why there is none."""
    try:
        proc = run_group(cmd, timeout, cwd)
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:.0f} s (killed with every process it started)"
    results = [line[len(RESULT_MARK):] for line in proc.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if proc.returncode != 0 or not results:
        tail = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-1:] or ["no output"]
        return f"{_exit(proc.returncode)}: {printable(tail[0][:300])}"
    return parse_result(results[-1])


def printable(text: str) -> str:
    """A program's text as it may enter a row: control characters (terminal escapes) as `?`."""
    return "".join(c if c.isprintable() else "?" for c in text)


def parse_result(line: str) -> dict | str:
    """The program's INFERENA_RESULT JSON, or what is wrong with it (a garbled line never raises)."""
    try:
        result = json.loads(line)
    except json.JSONDecodeError as err:
        return f"malformed {RESULT_MARK.strip()} line ({err}): {printable(line[:100])}"
    if not isinstance(result, dict):
        return f"malformed {RESULT_MARK.strip()} line (not a JSON object): {printable(line[:100])}"
    bad = [key for key, value in result.items() if not _well_typed(key, value)]
    if bad:
        return f"malformed {RESULT_MARK.strip()} line (bad {', '.join(bad)}): {printable(line[:100])}"
    return _printable_strings(result)


def _printable_strings(value):
    """`value` (parsed JSON) with `printable` applied to every string in it."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable(k): _printable_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable_strings(v) for v in value]
    return value


def _well_typed(key: str, value) -> bool:
    """The fields _fill reads have the types it needs: seconds are numbers, a measurement is
    {median: number, samples: [numbers]} (samples optional, not empty)."""
    number = (int, float)
    if key in ("compile_s", "build_s"):
        return value is None or isinstance(value, number)
    if key in {f"{m}_ms" for m in MEASUREMENTS}:
        if value is None:
            return True
        samples = value.get("samples", [0]) if isinstance(value, dict) else None
        return (isinstance(samples, list) and len(samples) > 0 and isinstance(value.get("median"), number)
                and all(isinstance(t, number) for t in samples))
    if key in ("skipped", "framework_version", "backend", "autodiff"):
        return isinstance(value, str)
    if key == "not_measured":
        return isinstance(value, dict)
    return True


def _exit(code: int) -> str:
    if code >= 0:
        return f"exit code {code}"
    name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
    return f"killed by {name}" + (" (out of memory?)" if -code == signal.SIGKILL else "")


def _fill(rec: Record, results: list[dict]) -> None:
    """Timings from every process: medians over all their samples; `spread` keeps each
    process's samples (a list per process) so noise can be told from a difference."""
    first = results[0]
    for key in ("framework_version", "backend", "autodiff", "build_s"):
        setattr(rec, key, first.get(key, getattr(rec, key)))
    compiles = [r["compile_s"] for r in results if r.get("compile_s") is not None]
    if compiles:
        rec.compile_s = statistics.median(compiles)
        rec.spread["compile"] = {"median": rec.compile_s, "min": min(compiles), "max": max(compiles),
                                 "processes": len(compiles), "samples": [[c] for c in compiles]}
    for m in MEASUREMENTS:
        per_process = [r[f"{m}_ms"].get("samples", [r[f"{m}_ms"]["median"]]) for r in results
                       if r.get(f"{m}_ms")]
        if per_process:
            pooled = [t for samples in per_process for t in samples]
            setattr(rec, f"{m}_ms", statistics.median(pooled))
            rec.spread[m] = {"median": statistics.median(pooled), "min": min(pooled), "max": max(pooled),
                             "repeat": len(pooled), "processes": len(per_process), "samples": per_process}
            warmups = [r[f"{m}_ms"].get("warmup") for r in results if r.get(f"{m}_ms")]
            if None not in warmups:                 # harnesses before adaptive sampling did not say
                rec.spread[m]["warmup"] = sum(warmups)
