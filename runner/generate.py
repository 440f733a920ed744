"""`inferena gen`: graphs, weights, inputs, reference outputs and one program per framework."""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import numpy as np

from inferena import ir
from inferena.emitters import EMITTERS, Context, emit
from inferena.ir import kinks
from inferena.models import get_model

from .frameworks import TOOLCHAINS

VERSION = "0.1.0"
LATENCY = "latency."


def reference(graphs: dict[str, ir.Graph], weights: dict, inputs: dict, dtype) -> tuple[dict, dict]:
    """Forward outputs, loss and gradients of the full graph, and the latency graph's
    outputs (prefixed `latency.`), all computed by the NumPy interpreter; with the timings,
    how much of each gradient f32 rounding may decide at ReLU kinks (ir/kinks.py)."""
    full = {k: v for k, v in inputs.items() if not k.startswith(LATENCY)}
    latency = {k[len(LATENCY):]: v for k, v in inputs.items() if k.startswith(LATENCY)}
    start = time.perf_counter()
    ir.run(graphs["full"], {**weights, **full}, dtype)
    timings = {"reference_forward_s": time.perf_counter() - start}
    start = time.perf_counter()
    backward = ir.grad_graph(graphs["full"])
    values = ir.run(kinks.with_relu_inputs(backward), {**weights, **full}, dtype)
    timings["reference_training_s"] = time.perf_counter() - start
    ambiguity = kinks.ambiguity(backward, {**weights, **full}, values, dtype)
    timings["gradient_ambiguity"] = {k: v for k, v in ambiguity.items() if v > 0}
    out = {k: v for k, v in values.items() if not k.startswith(kinks.PROBE)}
    out.update((LATENCY + k, v) for k, v in ir.run(graphs["latency"], {**weights, **latency}, dtype).items())
    return out, timings


def generate(model_name: str, config: str = "full", frameworks: list[str] | None = None,
             out_root: Path = Path("generated"), checkpoint: Path | None = None,
             reference_dtype: str | None = None, log=print) -> Path:
    """Write generated/<model>[-<config>]/; on any error nothing is left behind."""
    model = get_model(model_name)
    reference_dtype = reference_dtype or model.reference_dtype
    available = [f for f, e in EMITTERS.items() if e.available(model)]
    frameworks = frameworks or available
    for f in frameworks:
        if f not in available:
            raise ir.IRError(f"no emitter for framework {f!r} and model {model_name} "
                             f"(available: {', '.join(available)})")
    graphs = model.graphs(config)
    for variant, graph in graphs.items():       # the validator names a bad node before anything is emitted
        ir.validate(graph, f"{model_name} ({config} config, {variant} graph)")
    target = out_root / model.folder(config)
    _check_replaceable(target)
    if checkpoint:                 # a bad checkpoint fails before any file is written
        weights = ir.load_checkpoint(graphs["full"], checkpoint, model.checkpoint_ignore, model.tied)
    else:
        weights = ir.init_params(graphs["full"])
    tmp = _partial_folder(out_root, target.name)
    try:
        ir.save_graphs(graphs, tmp / "graph.json")
        ir.save_tensors(tmp / "weights.safetensors", weights)
        inputs = {**model.inputs(config, "full"),
                  **{LATENCY + k: v for k, v in model.inputs(config, "latency").items()}}
        ir.save_tensors(tmp / "inputs.safetensors", inputs)
        log(f"reference: running {model_name} ({config}) in {reference_dtype} NumPy")
        ref, timings = reference(graphs, weights, inputs, ir.DTYPES[reference_dtype])
        ir.save_tensors(tmp / "reference.safetensors", ref)
        emitted = {}
        for f in frameworks:
            emitter = EMITTERS[f]
            emitted[f] = {"display": emitter.display_for(model), "requires": emitter.requirements(model),
                          "program": emitter.toolchain}      # how the runner builds and starts it
            try:
                emit(f, graphs, tmp / f, Context(model, config, emitter.header(model_name, config, VERSION)))
            except ir.IRError as err:       # one framework's failure never stops the others
                emitted[f]["error"] = str(err)
                log(f"{f}: cannot emit: {err}")
        manifest = {
            "model": model_name, "config": config, "inferena_version": VERSION,
            "parameters": graphs["full"].param_count(), "tensors": len(graphs["full"].params),
            "weights": str(checkpoint) if checkpoint else "seeded init",
            "reference_dtype": reference_dtype, **timings,
            "loss": float(ref["loss"]) if "loss" in ref else None,
            "frameworks": emitted,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1))
        _swap_in(tmp, target)
        for toolchain in dict.fromkeys(e["program"] for e in emitted.values()):
            TOOLCHAINS[toolchain].generated(out_root)
    except OSError as err:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ir.IRError(f"--out {out_root}: cannot write {target.name} there ({err})") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _check_replaceable(target: Path) -> None:
    """gen replaces only a folder it wrote itself (one holding a manifest.json)."""
    if target.exists() and not (target / "manifest.json").is_file():
        raise ir.IRError(f"{target} exists and is not a generated model folder (no manifest.json); "
                         "move it away or choose another --out")


def _partial_folder(out_root: Path, name: str) -> Path:
    """A fresh hidden folder beside the target, where gen writes before swapping it in."""
    tmp = out_root / f".{name}.partial-{os.getpid()}"
    try:
        if tmp.is_dir():
            shutil.rmtree(tmp)         # left by an earlier process of this pid
        tmp.mkdir(parents=True)
    except OSError as err:
        raise ir.IRError(f"--out {out_root}: cannot create a folder there ({err.strerror})") from None
    return tmp


def _swap_in(new: Path, target: Path) -> None:
    """Rename `new` to `target`. An old target is moved aside first and deleted only once the new
    one is in place; if the rename fails it is put back."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if old.is_dir():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        if old.exists() and not target.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def load_reference(model_dir: Path) -> dict[str, np.ndarray]:
    return ir.load_tensors(model_dir / "reference.safetensors")
