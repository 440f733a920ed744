"""Helpers for tests that emit code: render a program for graphs, import it, run it."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np

from inferena import emitters, ir
from inferena.emitters import Context


def render(framework: str, graphs: dict, model=None, config: str = "tiny") -> dict[str, str]:
    return emitters.render(framework, graphs, Context(model, config, "test"))


def import_source(path: Path, source: str, name: str):
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def run_zoo_program(files: dict[str, str], graph: ir.Graph, tmp_path: Path) -> None:
    """Run a generated program of `graph` (inputs x [2, 4], cache [3, 2, 4]; output y; loss) on
    perturbed weights; its outputs, loss and every gradient must match the reference."""
    prog = tmp_path / "program"
    prog.mkdir()
    for name, source in files.items():
        (prog / name).write_text(source)
    (prog / "harness.py").write_text((Path(ir.__file__).parents[1] / "templates" / "python" / "harness.py").read_text())
    rng = np.random.default_rng(0)
    weights = {k: v + rng.normal(0, 0.1, v.shape).astype(np.float32) for k, v in ir.init_params(graph).items()}
    inputs = {"x": rng.normal(size=(2, 4)).astype(np.float32), "cache": rng.normal(size=(3, 2, 4)).astype(np.float32)}
    ir.save_tensors(tmp_path / "weights.safetensors", weights)
    ir.save_tensors(tmp_path / "inputs.safetensors", {**inputs, **{f"latency.{k}": v for k, v in inputs.items()}})
    out = tmp_path / "out.safetensors"
    proc = subprocess.run([sys.executable, "main.py", "--data", str(tmp_path), "--out", str(out),
                           "--warmup", "0", "--repeat", "1"], cwd=prog, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = ir.load_tensors(out)
    want = ir.run(ir.grad_graph(graph), {**weights, **inputs})
    trainable = {n for n, p in graph.params.items() if p.trainable}
    assert {k for k in got if k.startswith("grad.")} == {f"grad.{n}" for n in trainable}
    for key in ["y", "latency.y", "loss", *(f"grad.{n}" for n in trainable)]:
        np.testing.assert_allclose(got[key], want[key.removeprefix("latency.")], rtol=2e-5, atol=1e-6, err_msg=key)
