"""The PyTorch emitter, op by op: every op case of test_ops, emitted as generated PyTorch
code, must match the NumPy reference forward, and torch autograd through the generated
code must match the IR's own gradient."""
from __future__ import annotations

import numpy as np
import pytest

import inferena.ir as ir
from inferena.emitters import pytorch
from emitted import import_source, render
from test_ops import CASES, GRAD_CASES, as_tuple, build, rng_r

torch = pytest.importorskip("torch")


def generated_module(c, tmp_path, params=False):
    graph, feeds = build(c, params=params)
    source = render("pytorch", {"full": graph, "latency": graph})["model.py"]
    module = import_source(tmp_path / "model.py", source, f"gen_{c.id.replace('-', '_')}")
    return getattr(module, graph.name)(), graph, feeds



@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_forward(c, tmp_path):
    model, graph, feeds = generated_module(c, tmp_path)
    args = [torch.from_numpy(np.asarray(feeds[n])) for n in graph.inputs]
    with torch.no_grad():
        got = as_tuple(model(*args))
    want = as_tuple(ir.spec(c.op).ref(*c.inputs, **ir.spec(c.op).check_attrs(c.attrs)))
    for g, w in zip(got, want):
        g = g.numpy() if isinstance(g, torch.Tensor) else np.asarray(g)
        np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-6, err_msg=c.id)


@pytest.mark.parametrize("c", GRAD_CASES, ids=lambda c: c.id)
def test_autograd_matches_ir_gradient(c, tmp_path):
    model, graph, feeds = generated_module(c, tmp_path)
    args = [torch.tensor(np.asarray(feeds[n]), requires_grad=np.asarray(feeds[n]).dtype.kind == "f"
                         and i not in c.frozen)            # frozen: BatchNorm running statistics
            for i, n in enumerate(graph.inputs)]
    outs = as_tuple(model(*args))
    loss = sum((o * torch.as_tensor(rng_r(c, j, tuple(o.shape)))).sum()
               for j, o in enumerate(outs) if j in (c.grad_outputs or range(len(outs))))
    if loss.requires_grad:           # else the outputs do not depend on the inputs (zeros_like)
        loss.backward()
    lgraph, lfeeds = build(c, params=True, loss=True)
    want = ir.run(ir.grad_graph(lgraph), lfeeds)
    for name, a in zip(graph.inputs, args):
        if a.requires_grad:
            got = a.grad.numpy() if a.grad is not None else np.zeros(tuple(a.shape))
            np.testing.assert_allclose(got, want[f"grad.{name}"], rtol=1e-6, atol=1e-9,
                                       err_msg=f"{c.id}: d loss / d {name}")


LAYER_CASES = [c for c in CASES if c.op in pytorch.LAYERS and c.dtypes is None]
PARAM_NAMES = {1: "weight", 2: "bias", 3: "running_mean", 4: "running_var"}   # by input position


@pytest.mark.parametrize("c", LAYER_CASES, ids=lambda c: c.id)
def test_layer_ops_become_nn_modules(c, tmp_path):
    """An op whose parameters share one owner (`layer.weight`, `layer.bias`, ...) becomes a
    torch.nn layer whose state dict has exactly those names (trainable ones as parameters,
    frozen ones as buffers) and that reproduces the reference."""
    b = ir.Builder(ir.Graph(f"Layer_{c.op}"))
    values, feeds, state, trainable = [], {}, {}, set()
    for i, arr in enumerate(map(np.asarray, c.inputs)):
        if i in pytorch.LAYERS[c.op][1]:
            name = f"layer.{PARAM_NAMES[i]}"
            values.append(b.param(name, arr.shape, trainable=i not in c.frozen))
            state[name] = torch.from_numpy(arr)
            trainable |= {name} if i not in c.frozen else set()
        else:
            feeds[f"x{i}"] = arr
            values.append(b.input(f"x{i}", arr.shape, "f32" if arr.dtype.kind == "f" else "i64"))
    b.output("out0", b.op(c.op, *values, **c.attrs))
    source = render("pytorch", {"full": b.graph, "latency": b.graph})["model.py"]
    assert "self.layer = nn." in source, source
    module = import_source(tmp_path / "model.py", source, f"layer_{c.id.replace('-', '_')}")
    model = getattr(module, b.graph.name)().double().eval()
    assert set(dict(model.named_parameters())) == trainable
    assert set(state) - trainable <= set(dict(model.named_buffers()))
    model.load_state_dict(state, strict=False)
    with torch.no_grad():
        got = model(*[torch.from_numpy(feeds[n]) for n in b.graph.inputs])
    want = ir.run(b.graph, {**feeds, **{k: v.numpy() for k, v in state.items()}})["out0"]
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-10, atol=1e-12, err_msg=c.id)


def test_frozen_parameters_outside_a_layer_become_buffers(tmp_path):
    """BatchNorm statistics that do not form an nn layer are still buffers, not Parameters."""
    b = ir.Builder(ir.Graph("LooseBatchNorm"))
    x = b.input("x", (2, 3, 4, 4))
    stats = [b.param("mean", (3,), trainable=False), b.param("var", (3,), trainable=False)]
    y = b.batch_norm(x, b.param("gamma", (3,)), b.param("beta", (3,)), *stats, eps=1e-5)
    b.output("y", y)
    source = render("pytorch", {"full": b.graph, "latency": b.graph})["model.py"]
    model = import_source(tmp_path / "model.py", source, "loose_bn").LooseBatchNorm()
    assert set(dict(model.named_parameters())) == {"gamma", "beta"}
    assert set(dict(model.named_buffers())) == {"mean", "var"}
    assert "F.batch_norm(x, self.mean, self.var, self.gamma, self.beta)" in source
