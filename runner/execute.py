"""`inferena run`: run each generated program in its own process, verify, collect records."""
from __future__ import annotations

import json
import signal
import statistics
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from inferena import ir

from .cargo import BuildError
from .frameworks import build, command, missing
from .generate import load_reference
from .machine import platform_name
from .sampling import Sampling
from .verify import verify

MEASUREMENTS = ("inference", "latency", "training")
RESULT_MARK = "INFERENA_RESULT "


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
    """(model folder, framework) pairs under `path`: generated/, a model or a framework folder."""
    path = Path(path).resolve()
    if not path.exists():
        raise ir.IRError(f"{path}: no such folder (run `inferena gen` first)")
    if (path.parent / "manifest.json").exists() and not (path / "manifest.json").exists():
        models, only = [path.parent], [path.name]
    elif (path / "manifest.json").exists():
        models, only = [path], None
    else:
        models, only = sorted(p.parent for p in path.glob("*/manifest.json")), None
    if not models:
        raise ir.IRError(f"{path}: no generated model found (no manifest.json)")
    pairs = []
    for model in models:
        manifest = json.loads((model / "manifest.json").read_text())
        for f in manifest["frameworks"]:
            if (only is None or f in only) and (frameworks is None or f in frameworks):
                pairs.append((model, f))
    return pairs


def run_program(model_dir: Path, framework: str, warmup: int | None, repeat: int | None, timeout: float,
                device: str = "cpu", skip: tuple[str, ...] = (), processes: int = 1,
                stage=lambda what: None, budget: float | None = None, min_samples: int | None = None) -> Record:
    """Build the program, run it in `processes` fresh processes one after another (timings of
    all of them kept), verify the first one's outputs. `stage(what)` hears what it is doing.
    Sampling flags left None are the harness's adaptive defaults (runner/sampling.py)."""
    manifest = json.loads((model_dir / "manifest.json").read_text())
    emitted = manifest["frameworks"][framework]
    rec = Record(manifest["model"], manifest["config"], framework, emitted["display"], platform_name(device))
    if "error" in emitted:
        rec.reason = f"not generated: {emitted['error']}"
        return rec
    kind = emitted.get("program", "python")
    absent = missing(emitted["requires"], kind)
    if absent:
        rec.status, rec.reason = "SKIPPED", absent
        return rec
    if kind != "python":
        stage("building")
    try:
        built = build(model_dir / framework, kind, timeout)
    except BuildError as err:
        rec.reason = str(err)
        return rec
    rec.build_s = built.seconds if built else None
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
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:.0f} s"
    results = [line[len(RESULT_MARK):] for line in proc.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if proc.returncode != 0 or not results:
        tail = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-1:] or ["no output"]
        return f"{_exit(proc.returncode)}: {tail[0][:300]}"
    return json.loads(results[-1])


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
