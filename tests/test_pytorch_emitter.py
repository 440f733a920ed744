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


def test_every_op_is_emitted_or_decomposes_to_emitted_ops():
    """The coverage matrix for PyTorch: an op with no mapping must decompose into ops with one."""
    def covered(op, seen=()):
        spec = ir.spec(op)
        return op in pytorch.SUPPORTED or spec.decompose is not None
    assert not [op for op in ir.OPS if not covered(op)]


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
    args = [torch.tensor(np.asarray(feeds[n]), requires_grad=np.asarray(feeds[n]).dtype.kind == "f")
            for n in graph.inputs]
    outs = as_tuple(model(*args))
    loss = sum((o * torch.as_tensor(rng_r(c, j, tuple(o.shape)))).sum()
               for j, o in enumerate(outs) if j in (c.grad_outputs or range(len(outs))))
    loss.backward()
    lgraph, lfeeds = build(c, params=True, loss=True)
    want = ir.run(ir.grad_graph(lgraph), lfeeds)
    for name, a in zip(graph.inputs, args):
        if a.requires_grad:
            np.testing.assert_allclose(a.grad.numpy(), want[f"grad.{name}"], rtol=1e-6, atol=1e-9,
                                       err_msg=f"{c.id}: d loss / d {name}")
