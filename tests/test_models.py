"""The model zoo, every model: tiny config end to end through every framework gen emits, with
PASS, and a health check of the default init (the output depends on the input; no block's
activations collapse to zero or explode through the depth)."""
from __future__ import annotations

import numpy as np
import pytest

import inferena.ir as ir
from inferena.ir.kinks import gradient_ambiguity
from inferena.models import MODELS
from inferena.runner.execute import find_programs, run_program
from inferena.runner.generate import generate

# Full-size health checks run the NumPy reference forward once per input; the 860M-parameter
# SD 1.5 U-Net is checked at its tiny size here and at full size by `inferena gen`.
HEALTH_CONFIG = {name: "tiny" if name == "StableDiffusion-1.5" else "full" for name in MODELS}


# torch.compile runs the `pytorch` row's own model.py (emitters/pytorch_compile.py), which every
# model checks; its compile (3 min for SD 1.5's tiny U-Net on 2 cores) is checked on a
# transformer LM and a conv U-Net, the two kinds of graph TorchInductor fuses differently.
COMPILED_ON = {"pytorch-compile": ("SmolLM2-135M", "StableDiffusion")}
# Meganeura's ResNet-50 trains through the IR's backward graph (its MaxPool2d backward is
# approximate), SmolVLA through Meganeura's own autodiff.
AUTODIFF = {("ResNet-50", "meganeura"): "ir", ("SmolVLA", "meganeura"): "native"}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("zoo")
    return lambda name: generate(name, "tiny", out_root=root, log=lambda m: None)


@pytest.mark.parametrize("name", list(MODELS))
def test_tiny_model_passes_everywhere(name, generated):
    pytest.importorskip("torch")
    model_dir = generated(name)
    for _, framework in find_programs(model_dir, None):      # every framework gen emitted
        if name not in COMPILED_ON.get(framework, (name,)):
            continue
        rec = run_program(model_dir, framework, warmup=0, repeat=1, timeout=600)
        if rec.status == "SKIPPED":         # the runner's own check: packages or cargo not installed here
            continue
        if rec.reason.startswith(f"not generated: {framework} cannot express"):   # the row says why
            continue
        assert rec.status == "PASS", f"{name} on {framework}: {rec.status} {rec.reason}"
        assert None not in (rec.inference_ms, rec.latency_ms)
        assert rec.autodiff == AUTODIFF.get((name, framework), rec.autodiff), rec.autodiff
        # torch.onnx.export writes no backward, llama.cpp has none, candle-transformers' models run
        # through Candle's kernels without one: those rows say so instead of a training time
        assert (rec.training_ms is None) == (framework in ("torch-onnx", "llamacpp", "candle-canonical")), rec.reason


@pytest.mark.parametrize("name", list(MODELS))
def test_tiny_gradients_are_not_decided_by_rounding(name):
    """The tests hold every framework to 1e-3 on the tiny configs' gradients, so no tiny input
    may put a ReLU input within rounding of its kink (ResNet-50 once failed on JAX by 2.9e-2:
    one element of 8192, 2.6e-7 RMS from 0, decided its derivative). Full-size ResNet-50 has
    such elements at any input; `gen` measures their ambiguity and the verification allows it."""
    model = MODELS[name]
    graph = model.graphs("tiny")["full"]
    if not any(n.op == "relu" for n in graph.nodes):
        pytest.skip(f"{name} has no ReLU")
    ambiguity = gradient_ambiguity(graph, {**ir.init_params(graph), **model.inputs("tiny", "full")})
    worst = max(ambiguity, key=ambiguity.get)
    assert ambiguity[worst] < 1e-4, \
        f"{name}: rounding at ReLU kinks decides {ambiguity[worst]:.1e} of grad.{worst}: change the inputs"


def block_outputs(graph: ir.Graph) -> ir.Graph:
    """The graph with the result of every block instance added as an output."""
    last = {}
    for node in graph.nodes:
        path = node.block
        while path:
            last[path] = node
            path = path.rpartition(".")[0]
    extra = {f"block:{p}": n.outputs[0] for p, n in last.items() if p in graph.blocks
             and graph.values[n.outputs[0]].is_float}
    return ir.Graph(graph.name, graph.inputs, graph.params, graph.nodes, {**graph.outputs, **extra},
                    graph.blocks, graph.values)


def perturbed(inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out = dict(inputs)
    for k, v in inputs.items():
        if v.dtype.kind == "f" and v.ndim >= 2:
            out[k] = v + 0.1 * np.cos(np.arange(v.size).reshape(v.shape) * 0.37).astype(v.dtype)
        elif v.dtype.kind == "i" and v.ndim >= 2:
            out[k] = v[..., ::-1].copy()
    return out


@pytest.mark.parametrize("name", list(MODELS))
def test_default_init_is_healthy(name):
    model, config = MODELS[name], HEALTH_CONFIG[name]
    graph = model.graphs(config)["full"]
    weights = ir.init_params(graph)
    inputs = model.inputs(config, "full")
    probe = block_outputs(graph)
    first = ir.run(probe, {**weights, **inputs}, np.float32)
    second = ir.run(probe, {**weights, **perturbed(inputs)}, np.float32, outputs=[
        k for k in graph.outputs if k != "loss"])
    for key, value in second.items():
        change = np.linalg.norm(value - first[key]) / np.linalg.norm(first[key])
        assert change > 1e-3, f"{name}: output {key} barely depends on the input ({change:.1e})"
    stds = {}
    for key, value in first.items():
        assert np.all(np.isfinite(value)), f"{name}: {key} has NaN/Inf"
        if key.startswith("block:"):
            stds[key] = float(np.std(value))
            assert 1e-4 < stds[key] < 1e4, f"{name}: {key} std {stds[key]:.1e} (collapsed or exploded)"
    assert max(stds.values()) / min(stds.values()) < 1e4, f"{name}: activation scale drifts: {stds}"
