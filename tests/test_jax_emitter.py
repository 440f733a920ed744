"""The JAX emitter, op by op: every op case of test_ops, emitted as generated JAX code, must
match the NumPy reference forward, and jax.grad through the generated code must match the
IR's own gradient. The ops run in float64 here (jax_enable_x64) so the comparison is as
tight as PyTorch's; the float32 programs are checked end to end in test_models."""
from __future__ import annotations


import numpy as np
import pytest

import inferena.ir as ir
from inferena.emitters import jax as jax_emitter
from emitted import import_source, render, run_zoo_program
from test_ops import CASES, GRAD_CASES, as_tuple, build, rng_r

jax = pytest.importorskip("jax")
jnp = pytest.importorskip("jax.numpy")


@pytest.fixture(autouse=True, scope="module")
def float64():
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", False)


def generated_function(c, tmp_path):
    graph, feeds = build(c, params=False)
    source = render("jax", {"full": graph, "latency": graph})["model.py"]
    module = import_source(tmp_path / "model.py", source, f"jax_{c.id.replace('-', '_')}")
    return getattr(module, jax_emitter.snake(graph.name)), graph, feeds



@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_forward(c, tmp_path):
    fn, graph, feeds = generated_function(c, tmp_path)
    got = as_tuple(jax.jit(fn)(*[jnp.asarray(feeds[n]) for n in graph.inputs]))
    want = as_tuple(ir.spec(c.op).ref(*c.inputs, **ir.spec(c.op).check_attrs(c.attrs)))
    assert len(got) == len(want), c.id
    for g, w in zip(got, want):
        np.testing.assert_allclose(np.asarray(g), w, rtol=1e-6, atol=1e-6, err_msg=c.id)


@pytest.mark.parametrize("c", GRAD_CASES, ids=lambda c: c.id)
def test_grad_matches_ir_gradient(c, tmp_path):
    fn, graph, feeds = generated_function(c, tmp_path)
    args = [jnp.asarray(feeds[n]) for n in graph.inputs]
    wrt = tuple(i for i, a in enumerate(args)        # frozen: BatchNorm running statistics
                if jnp.issubdtype(a.dtype, jnp.floating) and i not in c.frozen)

    def loss(*args):
        outs = as_tuple(fn(*args))
        return sum((o * rng_r(c, j, tuple(o.shape))).sum()
                   for j, o in enumerate(outs) if j in (c.grad_outputs or range(len(outs))))

    grads = jax.jit(jax.grad(loss, argnums=wrt))(*args)
    lgraph, lfeeds = build(c, params=True, loss=True)
    want = ir.run(ir.grad_graph(lgraph), lfeeds)
    # jax.nn.dot_product_attention takes its softmax in float32 whatever the input dtype
    rtol, atol = (2e-5, 1e-7) if c.op == "attention" else (1e-6, 1e-9)
    for i, g in zip(wrt, grads):
        name = list(graph.inputs)[i]
        np.testing.assert_allclose(np.asarray(g), want[f"grad.{name}"], rtol=rtol, atol=atol,
                                   err_msg=f"{c.id}: d loss / d {name}")



def _zoo_of_structures() -> ir.Graph:
    """Every way params sit in the tree: scanned layers with per-layer slices, layers of
    different kinds, children numbered with a gap (diffusers' ff.net.0 / ff.net.2), a
    frozen buffer inside a scanned layer, a weight used outside its block (tied)."""
    b = ir.Builder(ir.Graph("Net"))
    h = b.input("x", (2, 4))
    cache = b.input("cache", (3, 2, 4))
    for i in range(3):
        keys = b.select(cache, axis=0, index=i, name="keys")
        with b.block(f"layers.{i}", "Layer"):
            shift = b.param("shift", (4,), trainable=False)
            h = b.add(b.add(b.linear(h, b.param("proj.weight", (4, 4))), keys), shift, name="h")
    for i in range(2):
        with b.block(f"blocks.{i}", "Block"):
            h = b.linear(h, b.param("fc.weight", (4, 4)), b.param("fc.bias", (4,)), name="h")
            h = b.tanh(h, name="h") if i == 0 else b.sigmoid(h, name="h")
    with b.block("head", "Head"):
        with b.block("net.0", "Proj"):
            h = b.gelu(b.linear(h, b.param("proj.weight", (4, 4))), name="h")
        h = b.linear(h, b.param("net.2.weight", (4, 4)), name="h")
    y = b.linear(h, b.value("layers.0.proj.weight"), name="y")
    b.output("y", y)
    b.output("loss", b.mean(b.mul(y, y), axes=(0, 1)))
    return b.graph


def test_params_tree_scan_and_gradients_end_to_end(tmp_path):
    """The generated main.py loads the params tree (lists, stacked scanned layers, dicts for
    numbered children with gaps, buffers apart), and its outputs, loss and every trainable
    gradient match the reference."""
    graph = _zoo_of_structures()
    files = render("jax", {"full": graph, "latency": graph})
    model = files["model.py"]
    assert 'h, _ = jax.lax.scan(step, x, (params["layers"], cache))' in model
    assert 'return layer(layer_params, h, keys), None' in model              # no name shadows a function
    assert 'for fn, block_params in zip([block, block2], params["blocks"]):' in model
    assert 'params["layers"]["proj"]["weight"][0]' in model                 # a slice of the stacked layers
    assert 'p["net"]["2"]["weight"]' in model and 'p["net"]["0"]' in model    # 0, 2: a dict, not a list
    assert "STACKED = ['layers']" in files["main.py"]
    run_zoo_program(files, graph, tmp_path)
