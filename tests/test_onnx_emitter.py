"""The ONNX emitter, op by op: every op case of test_ops, emitted as a one-node ONNX model,
passes onnx.checker (full check), runs in onnx.reference.ReferenceEvaluator and in ONNX
Runtime, and matches the NumPy reference; for the gradient cases, the emitted training
model (forward, loss and the IR-derived backward) matches the IR's own gradient. Every
model's tiny programs pass the checker and ReferenceEvaluator too."""
from __future__ import annotations

import sys

import numpy as np
import pytest

import inferena.ir as ir
from emitted import render
from test_ops import CASES, GRAD_CASES, as_tuple, build

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
import onnx.inliner  # noqa: E402
from onnx.reference import ReferenceEvaluator  # noqa: E402

from inferena.emitters import onnx as onnx_emitter  # noqa: E402
from inferena.models import MODELS  # noqa: E402
from inferena.runner.verify import PASS_GRAD, PASS_OUTPUT, rel_l2  # noqa: E402

RTOL, ATOL = 2e-5, 2e-6          # float32 models against the float64 reference


def emitted(graph) -> dict[str, bytes]:
    return render("onnxruntime", {"full": graph, "latency": graph})


def feeds_for(graph, values) -> dict[str, np.ndarray]:
    """Inputs (and parameters) at the dtypes the graph declares."""
    types = {**graph.inputs, **{n: p.type for n, p in graph.params.items()}}
    return {n: np.asarray(values[n]).astype(ir.DTYPES[t.dtype]) for n, t in types.items()}


def reference_cannot_run(model) -> str | None:
    """A known bug of onnx.reference the model would hit, or None."""
    nodes = list(model.graph.node) + [n for f in model.functions for n in f.node]
    for n in nodes:
        group = next((a.i for a in n.attribute if a.name == "group"), 1)
        if n.op_type == "ConvTranspose" and group > 1:   # onnx 1.23: op_conv_transpose.py
            return "onnx.reference's ConvTranspose slices the weight by output channels when group > 1"
    return None


def run_both(data: bytes, feeds: dict[str, np.ndarray]) -> tuple[dict, dict]:
    """Outputs by name from ReferenceEvaluator and from an ONNX Runtime session."""
    model = onnx.load_from_string(data)
    onnx.checker.check_model(model, full_check=True)
    names = [o.name for o in model.graph.output]
    reference = ({} if reference_cannot_run(model) else
                 dict(zip(names, ReferenceEvaluator(model).run(None, feeds))))
    session = ort.InferenceSession(data, providers=["CPUExecutionProvider"])
    runtime = dict(zip(names, session.run(None, feeds)))
    return reference, runtime


def assert_matches(got, want, what):
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, f"{what}: shape {got.shape} != {want.shape}"
    if want.dtype.kind == "f":
        scale = max(float(np.abs(want).max(initial=0.0)), 1.0)
        np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL * scale, err_msg=what)
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)



def test_backward_ops_are_written_natively():
    """Ops that only backward graphs use have no decomposition: each needs its own rule."""
    backward = {"sum_to", "broadcast_to", "embedding_grad", "one_hot", "where", "zeros_like",
                "conv2d_backward_input", "conv2d_backward_weight", "max_pool2d_backward"}
    assert backward <= onnx_emitter.SUPPORTED


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_forward(c):
    graph, values = build(c, params=False)
    reference, runtime = run_both(emitted(graph)["inference.onnx"], feeds_for(graph, values))
    spec = ir.spec(c.op)
    want = as_tuple(spec.ref(*c.inputs, **spec.check_attrs(c.attrs)))
    for j, w in enumerate(want):
        for got, engine in ((reference, "ReferenceEvaluator"), (runtime, "ONNX Runtime")):
            if got:
                assert_matches(got[f"out{j}"], w, f"{c.id} output {j} ({engine})")


@pytest.mark.parametrize("c", GRAD_CASES, ids=lambda c: c.id)
def test_training_model_matches_ir_gradient(c):
    graph, values = build(c, params=True, loss=True)
    files = emitted(graph)
    want = ir.run(ir.grad_graph(graph), values)
    reference, runtime = run_both(files["training.onnx"], feeds_for(graph, values))
    for got, engine in ((reference, "ReferenceEvaluator"), (runtime, "ONNX Runtime")):
        if not got:
            continue
        assert set(got) == {"loss"} | {ir.GRAD_PREFIX + n for n, p in graph.params.items() if p.trainable}
        for name, value in got.items():
            assert_matches(value, want[name], f"{c.id}: {name} ({engine})")


def test_smollm2_layers_are_calls_of_one_function():
    from inferena.models import get_model
    model = get_model("SmolLM2-135M")
    files = render("onnxruntime", model.graphs("full"), model, "full")
    inference = onnx.load_from_string(files["inference.onnx"])
    functions = {f.name: f for f in inference.functions}
    assert set(functions) == {"LlamaModel", "LlamaDecoderLayer", "LlamaAttention", "LlamaMLP"}
    calls = [n for n in functions["LlamaModel"].node if n.op_type == "LlamaDecoderLayer"]
    assert [n.name for n in calls] == [f"layers.{i}" for i in range(30)]
    ops = {n.op_type for f in inference.functions for n in f.node}
    assert {"RMSNormalization", "RotaryEmbedding", "Softmax"} <= ops and "Attention" not in ops   # see _attention
    training = onnx.load_from_string(files["training.onnx"])     # backward blocks mirror forward ones
    assert {f.name for f in training.functions} == set(functions) | {k + "Backward" for k in functions}
    for kind in ("LlamaDecoderLayer", "LlamaDecoderLayerBackward"):
        calls = [n.name for f in training.functions for n in f.node if n.op_type == kind]
        assert sorted(calls) == sorted(f"layers.{i}" for i in range(30)), kind
    assert len(training.graph.node) < 30, "the backward is in functions, not in the root graph"


def test_missing_onnx_is_one_clear_error(monkeypatch):
    """Without the onnx package, `inferena gen` records why for this framework and goes on."""
    graph, _ = build(CASES[0], params=False)
    monkeypatch.setitem(sys.modules, "onnx", None)       # `import onnx` raises ImportError
    with pytest.raises(ir.IRError, match=r"pip install 'inferena\[onnxruntime\]'"):
        emitted(graph)


@pytest.mark.parametrize("name", list(MODELS))
def test_model_passes_checker_and_reference_evaluator(name):
    """Every model's tiny programs: onnx.checker (full check) on the three models, and
    onnx.reference.ReferenceEvaluator's forward and training outputs against the IR reference."""
    model = MODELS[name]
    graphs = model.graphs("tiny")
    files = render("onnxruntime", graphs, model)
    weights = ir.init_params(graphs["full"])
    runs = {"inference": ("full", graphs["full"]), "latency": ("latency", graphs["latency"]),
            "training": ("full", ir.grad_graph(graphs["full"]))}
    for file, (variant, graph) in runs.items():
        onnx_model = onnx.load_from_string(files[f"{file}.onnx"])
        onnx.checker.check_model(onnx_model, full_check=True)
        feeds = {**weights, **model.inputs("tiny", variant)}
        want = ir.run(graph, feeds)
        names = [o.name for o in onnx_model.graph.output]
        inputs = {i.name: feeds_for(graph, feeds)[i.name] for i in onnx_model.graph.input}
        # onnx.reference runs context-dependent function ops (Gelu) only with known input
        # types, which it lacks inside local functions: evaluate the inlined model
        inlined = onnx.shape_inference.infer_shapes(onnx.inliner.inline_local_functions(onnx_model))
        got = dict(zip(names, ReferenceEvaluator(inlined).run(None, inputs)))
        for key, value in got.items():     # the runner's PASS limits
            limit = PASS_GRAD if key.startswith(ir.GRAD_PREFIX) else PASS_OUTPUT
            assert rel_l2(value, want[key]) <= limit, f"{name} {file}.onnx: {key}"
