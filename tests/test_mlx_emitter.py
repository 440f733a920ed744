"""The MLX emitter, op by op: every op case of test_ops, emitted as generated MLX code, must
match the NumPy reference forward, and mx.grad through the generated code must match the IR's
own gradient. The ops run in float64 here (MLX computes float64 on the CPU), so mx.fast.* is
checked as tightly as PyTorch's kernels; the float32 programs are checked end to end in
test_models."""
from __future__ import annotations

import ast

import numpy as np
import pytest

import inferena.ir as ir
from inferena.emitters import mlx as mlx_emitter
from inferena.models import MODELS
from emitted import import_source, render, run_zoo_program
from test_ops import CASES, GRAD_CASES, as_tuple, build, rng_r

mx = pytest.importorskip("mlx.core")


# MLX's CPU convolution has float64 kernels only without groups and dilation (a strided
# one's VJP is dilated): those cases run in float32, at float32's tolerance.
def float32_only(c) -> bool:
    return c.op.startswith("conv") and any(c.attrs.get(k, 1) not in (1, (1,), (1, 1))
                                           for k in ("groups", "dilation", "stride"))


# Gradients whose MLX CPU VJPs (mx.fast.rms_norm/layer_norm/scaled_dot_product_attention, erf,
# the convolution's) carry float32-level rounding even on float64 inputs.
FLOAT32_VJPS = {"rmsnorm", "layer_norm", "attention", "gelu", "erf", "conv1d", "conv2d"}


def array(a, dtype=None):
    a = np.asarray(a)
    return mx.array(a, dtype=dtype or mx.float64) if a.dtype.kind == "f" else mx.array(a)


def generated_module(c, tmp_path):
    graph, feeds = build(c, params=False)
    source = render("mlx", {"full": graph, "latency": graph})["model.py"]
    module = import_source(tmp_path / "model.py", source, f"mlx_{c.id.replace('-', '_')}")
    return getattr(module, graph.name)(), graph, feeds


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_forward(c, tmp_path):
    model, graph, feeds = generated_module(c, tmp_path)
    dtype, tol = (mx.float32, 1e-4) if float32_only(c) else (mx.float64, 1e-6)
    got = as_tuple(mx.compile(model)(*[array(feeds[n], dtype) for n in graph.inputs]))
    want = as_tuple(ir.spec(c.op).ref(*c.inputs, **ir.spec(c.op).check_attrs(c.attrs)))
    assert len(got) == len(want), c.id
    for g, w in zip(got, want):
        np.testing.assert_allclose(np.array(g), w, rtol=tol, atol=tol, err_msg=c.id)


@pytest.mark.parametrize("c", GRAD_CASES, ids=lambda c: c.id)
def test_grad_matches_ir_gradient(c, tmp_path):
    model, graph, feeds = generated_module(c, tmp_path)
    dtype = mx.float32 if float32_only(c) else mx.float64
    args = [array(feeds[n], dtype) for n in graph.inputs]
    wrt = [i for i, a in enumerate(args)          # frozen: BatchNorm running statistics
           if mx.issubdtype(a.dtype, mx.floating) and i not in c.frozen]

    def loss(*args):
        outs = as_tuple(model(*args))
        return sum((o * array(rng_r(c, j, tuple(o.shape)), dtype)).sum()
                   for j, o in enumerate(outs) if j in (c.grad_outputs or range(len(outs))))

    grads = mx.grad(loss, argnums=wrt)(*args)
    lgraph, lfeeds = build(c, params=True, loss=True)
    want = ir.run(ir.grad_graph(lgraph), lfeeds)
    rtol, atol = (1e-4, 1e-5) if float32_only(c) else (2e-5, 1e-7) if c.op in FLOAT32_VJPS else (1e-6, 1e-9)
    for i, g in zip(wrt, as_tuple(grads) if len(wrt) > 1 else (grads,)):
        name = list(graph.inputs)[i]
        np.testing.assert_allclose(np.array(g), want[f"grad.{name}"], rtol=rtol, atol=atol,
                                   err_msg=f"{c.id}: d loss / d {name}")


LAYER_CASES = [c for c in CASES if c.op in mlx_emitter.LAYERS and c.dtypes is None]
PARAM_NAMES = {1: "weight", 2: "bias", 3: "running_mean", 4: "running_var"}   # by input position


@pytest.mark.parametrize("c", LAYER_CASES, ids=lambda c: c.id)
def test_layer_ops_become_mlx_layers(c, tmp_path):
    """An op whose parameters share one owner becomes an mlx.nn layer whose parameters have
    exactly those names (frozen ones not trainable), loads the checkpoint's layout (conv
    weights converted to [O, *kernel, I]) and reproduces the reference."""
    b = ir.Builder(ir.Graph(f"Layer_{c.op}"))
    values, feeds, state, trainable = [], {}, {}, set()
    for i, arr in enumerate(map(np.asarray, c.inputs)):
        if i in mlx_emitter.LAYERS[c.op][1]:
            name = f"layer.{PARAM_NAMES[i]}"
            values.append(b.param(name, arr.shape, trainable=i not in c.frozen))
            state[name] = arr
            trainable |= {name} if i not in c.frozen else set()
        else:
            feeds[f"x{i}"] = arr
            values.append(b.input(f"x{i}", arr.shape, "f32" if arr.dtype.kind == "f" else "i64"))
    b.output("out0", b.op(c.op, *values, **c.attrs))
    files = render("mlx", {"full": b.graph, "latency": b.graph})
    assert "self.layer = nn." in files["model.py"], files["model.py"]
    module = import_source(tmp_path / "model.py", files["model.py"], f"mlx_layer_{c.id.replace('-', '_')}")
    model = getattr(module, b.graph.name)()
    from mlx.utils import tree_flatten
    assert {k for k, _ in tree_flatten(model.trainable_parameters())} == trainable
    convs = {"layer.weight"} if c.op.startswith("conv") else set()
    # float32, as the layers hold their parameters
    model.load_weights([(k, array(np.moveaxis(v, 1, -1) if k in convs else v, mx.float32)) for k, v in state.items()])
    model.eval()
    got = model(*[array(feeds[n], mx.float32) for n in b.graph.inputs])
    want = ir.run(b.graph, {**feeds, **state})["out0"]
    np.testing.assert_allclose(np.array(got), want, rtol=1e-5, atol=1e-5, err_msg=c.id)


def test_module_tree_and_gradients_end_to_end(tmp_path):
    """The generated main.py loads every way params sit in the module tree (lists of layers,
    layers of different kinds, numbered children with a gap, a frozen buffer, a tied weight);
    outputs, loss and every trainable gradient match the reference, and nothing frozen gets one."""
    from test_jax_emitter import _zoo_of_structures
    graph = _zoo_of_structures()
    files = render("mlx", {"full": graph, "latency": graph})
    model = files["model.py"]
    assert "self.layers = [Layer() for _ in range(3)]" in model
    assert "self.net = [Proj(), nn.Identity(), nn.Linear(4, 4, bias=False)]" in model
    assert "self.freeze(keys=['shift'], recurse=False)" in model
    run_zoo_program(files, graph, tmp_path)


def test_float64_statements_run_on_the_cpu_stream():
    """MLX's GPU backends have no float64: every mx.float64 in SmolVLA's code (its float64
    timestep embedding, the RoPE tables) is inside a `with mx.stream(mx.cpu):` block."""
    tree = ast.parse(render("mlx", MODELS["SmolVLA"].graphs("tiny"))["model.py"])
    on_cpu = [(w.lineno, w.end_lineno) for w in ast.walk(tree) if isinstance(w, ast.With)
              and ast.unparse(w.items[0].context_expr) == "mx.stream(mx.cpu)"]
    uses = [a.lineno for a in ast.walk(tree) if isinstance(a, ast.Attribute) and a.attr == "float64"]
    assert uses and all(any(a < i <= b for a, b in on_cpu) for i in uses), (uses, on_cpu)
    assert len(on_cpu) == 2                                   # rope_tables' and the timestep's


def test_float64_statements_of_an_optional_part_open_their_block_inside_it():
    lines = ["h = x", "if self.proj is not None:", f"    {mlx_emitter.CPU_MARK}t = h.astype(mx.float64)",
             f"    {mlx_emitter.CPU_MARK}t = t * 2.0", "return t"]
    assert mlx_emitter.on_cpu_stream(lines) == [
        "h = x", "if self.proj is not None:",
        "    with mx.stream(mx.cpu):          # float64: MLX's GPU backends have none",
        "        t = h.astype(mx.float64)", "        t = t * 2.0", "return t"]
