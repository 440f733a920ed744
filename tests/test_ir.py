"""Graph-level tests of the IR: validation errors (from the Builder and from ir.validate on
hand-built graphs or JSON), JSON round-trip, toposort, dead-code elimination and the
errors of grad_graph."""
from __future__ import annotations

import copy
import json
import math

import numpy as np
import pytest

import inferena.ir as ir


def raises(*fragments):
    """pytest.raises(ir.IRError) that also checks the message contains every fragment."""
    class _Check:
        def __enter__(self):
            self.ctx = pytest.raises(ir.IRError)
            self.info = self.ctx.__enter__()
            return self.info

        def __exit__(self, *exc):
            suppressed = self.ctx.__exit__(*exc)
            msg = str(self.info.value)
            missing = [f for f in fragments if f not in msg]
            assert not missing, f"message lacks {missing}: {msg}"
            return suppressed
    return _Check()


def small_graph() -> ir.Builder:
    """x[2, 8] -> layers.0 (Layer): linear(q, 8 -> 4) -> softmax -> output y."""
    b = ir.Builder(ir.Graph("Tiny"))
    x = b.input("x", (2, 8))
    with b.block("layers.0", "Layer"):
        w = b.param("w", (4, 8))
        q = b.linear(x, w, name="q")
        y = b.softmax(q, axis=-1)
    b.output("y", y)
    return b


def graph_dict(nodes, *, inputs=None, params=None, outputs=None, blocks=None) -> dict:
    return {"name": "Hand",
            "inputs": inputs if inputs is not None else [{"name": "x", "shape": [2, 8],
                                                          "dtype": "f32"}],
            "params": params if params is not None else [],
            "blocks": blocks or {},
            "nodes": [{"attrs": {}, "block": "", "source": "", **n} for n in nodes],
            "outputs": outputs if outputs is not None else {}}


# --- validation errors: Builder route ------------------------------------------------------

def test_builder_unknown_op():
    b = small_graph()
    with raises("unknown op 'frobnicate'", "op frobnicate", "root"):
        b.frobnicate(b.value("x"))


def test_builder_wrong_arity():
    b = small_graph()
    x = b.value("x")
    with raises("op add takes 2 inputs (a, b), got 1"):
        b.add(x)
    with raises("op linear takes 2 to 3 inputs (x, weight, bias?), got 4"):
        b.linear(x, x, x, x)
    with raises("op concat takes 1 or more inputs", "got 0"):
        b.concat(axis=0)


def test_builder_shape_mismatch_names_node_op_shapes_and_block():
    b = ir.Builder(ir.Graph("Tiny"))
    x = b.input("x", (2, 7))
    with b.block("layers.0", "Layer"):
        w = b.param("w", (4, 8))
        with raises("node layers.0/q", "op linear", "block layers.0 [Layer]",
                    "input features", "weight in-features 8",
                    "x: f32[2, 7]", "layers.0.w: f32[4, 8]", "test_ir.py:") as info:
            b.linear(x, w, name="q")
    assert "node ?" not in str(info.value)
    assert not b.graph.nodes, "a rejected node must not be added"


def test_builder_shape_mismatch_unnamed_node_and_nested_block():
    b = ir.Builder(ir.Graph("Tiny"))
    x = b.input("x", (2, 3))
    with b.block("model", "Model"), b.block("layers.1", "Layer"):
        with raises("node model.layers.1/add", "op add", "block model.layers.1 [Layer]",
                    "shapes [2, 3] and [4] do not broadcast"):
            b.add(x, b.param("bias", (4,)))
        with raises("node model.layers.1/lo, model.layers.1/hi (op split", "do not add up to 3"):
            b.split(x, axis=1, sizes=(1, 1), name=("lo", "hi"))


def test_builder_linear_rejects_rank1_input():
    b = ir.Builder(ir.Graph("Tiny"))
    x, w = b.input("x", (8,)), b.param("w", (4, 8))
    with raises("op linear", "rank >= 2", "f32[8]"):
        b.linear(x, w)


def test_builder_dangling_value():
    other = ir.Builder(ir.Graph("Other"))
    foreign = other.input("elsewhere", (2, 8))
    b = small_graph()
    with raises("input(s) elsewhere not defined in this graph", "op neg"):
        b.neg(foreign)


def test_builder_attribute_errors():
    b = small_graph()
    x = b.value("x")
    with raises("op softmax: unknown attribute(s) axiz (known: axis)"):
        b.softmax(x, axiz=0)
    with raises("op exp: unknown attribute(s) axis (known: none)"):
        b.exp(x, axis=0)
    with raises("op reshape: missing required attribute shape"):
        b.reshape(x)
    with raises("op softmax: attribute axis='1' is not of type int"):
        b.softmax(x, axis="1")
    with raises("op softmax: attribute axis=True is not of type int"):
        b.softmax(x, axis=True)
    with raises("op reshape: attribute shape=(4, 2.0) is not of type ints"):
        b.reshape(x, shape=(4, 2.0))
    with raises("op rmsnorm: attribute eps='small' is not of type float"):
        b.rmsnorm(x, b.param("g", (8,)), eps="small")


def test_builder_duplicate_names():
    b = small_graph()
    with raises("name x defined twice", "test_ir.py:"):
        b.input("x", (3,))
    with raises("name layers.0.w defined twice"):
        b.param("layers.0.w", (4, 8))           # root param spelled like the block's one
    with raises("block layers.0 declared twice"):
        with b.block("layers.0", "Layer"):
            pass


def test_builder_fresh_names_do_not_collide():
    b = ir.Builder(ir.Graph("Names"))
    x = b.input("x", (2,))
    names = [b.neg(x, name="y").name for _ in range(3)]
    assert len(set(names)) == 3 and names[0] == "y"


# --- validation errors: ir.validate / JSON route -----------------------------------------

def test_validate_accepts_builder_graph_and_fills_types():
    b = small_graph()
    g = b.graph
    g.values = {}
    ir.validate(g)
    assert g.values["layers.0/q"] == ir.TensorType((2, 4))


def test_validate_unknown_op():
    d = graph_dict([{"op": "frobnicate", "inputs": ["x"], "outputs": ["y"]}])
    with raises("Hand.json", "node y (op frobnicate, root)", "unknown op 'frobnicate'"):
        ir.Graph.from_dict(d, "Hand.json")
    g = small_graph().graph
    g.nodes[0].op = "linnear"
    with raises("node layers.0/q", "unknown op 'linnear'"):
        ir.validate(g)


def test_validate_wrong_arity():
    d = graph_dict([{"op": "add", "inputs": ["x", "x", "x"], "outputs": ["y"]}])
    with raises("node y (op add", "op add takes 2 inputs (a, b), got 3",
                "[inputs x: f32[2, 8], x: f32[2, 8], x: f32[2, 8]]"):
        ir.Graph.from_dict(d)


def test_validate_wrong_output_count():
    d = graph_dict([{"op": "split", "inputs": ["x"], "outputs": ["a"],
                     "attrs": {"axis": 1, "sizes": [4, 4]}}])
    with raises("op split has 2 outputs, node names 1"):
        ir.Graph.from_dict(d)


def test_validate_shape_mismatch_names_node_op_shapes_and_block():
    d = graph_dict(
        [{"op": "linear", "inputs": ["x", "layers.0.w"], "outputs": ["layers.0/q"],
          "block": "layers.0", "source": "models/tiny.py:12"}],
        params=[{"name": "layers.0.w", "shape": [4, 7], "dtype": "f32", "init": {"kind": "zeros"}}],
        blocks={"layers.0": "Layer"})
    with raises("tiny.json: node layers.0/q (op linear, block layers.0 [Layer], "
                "at models/tiny.py:12)", "weight in-features 7",
                "[inputs x: f32[2, 8], layers.0.w: f32[4, 7]]"):
        ir.Graph.from_dict(d, "tiny.json")
    # the same error on an edited in-memory graph
    g = small_graph().graph
    g.params["layers.0.w"] = ir.Param("layers.0.w", ir.TensorType((4, 7)))
    with raises("node layers.0/q (op linear, block layers.0 [Layer]", "in-features 7",
                "layers.0.w: f32[4, 7]"):
        ir.validate(g)


def test_validate_cycle():
    d = graph_dict([{"op": "add", "inputs": ["x", "b"], "outputs": ["a"]},
                    {"op": "neg", "inputs": ["a"], "outputs": ["b"]}],
                   outputs={"y": "b"})
    with raises("cycle through", "node a (op add", "node b (op neg"):
        ir.Graph.from_dict(d)
    g = small_graph().graph
    soft = g.nodes[1]
    g.nodes[0].inputs[0] = soft.outputs[0]       # linear now reads softmax's output
    with raises("cycle through", "op linear", "op softmax"):
        ir.toposort(g)


def test_validate_dangling_value():
    d = graph_dict([{"op": "add", "inputs": ["x", "nowhere"], "outputs": ["y"]}])
    with raises("node y (op add", "nowhere", "dangling value"):
        ir.Graph.from_dict(d)
    g = small_graph().graph
    g.nodes[1].inputs = ["ghost"]
    with raises("ghost", "dangling value", "op softmax"):
        ir.validate(g)


def test_validate_undefined_output_and_undeclared_block():
    d = graph_dict([{"op": "neg", "inputs": ["x"], "outputs": ["y"]}], outputs={"out": "z"})
    with raises("output out refers to undefined value z"):
        ir.Graph.from_dict(d)
    d = graph_dict([{"op": "neg", "inputs": ["x"], "outputs": ["y"], "block": "enc"}])
    with raises("node y (op neg, block enc [?]", "block enc is not declared"):
        ir.Graph.from_dict(d)


def test_validate_attribute_errors():
    node = {"op": "softmax", "inputs": ["x"], "outputs": ["y"]}
    with raises("node y (op softmax", "unknown attribute(s) dim (known: axis)"):
        ir.Graph.from_dict(graph_dict([{**node, "attrs": {"dim": 1}}]))
    with raises("node y (op reshape", "missing required attribute shape"):
        ir.Graph.from_dict(graph_dict([{**node, "op": "reshape"}]))
    with raises("node y (op softmax", "attribute axis=1.5 is not of type int"):
        ir.Graph.from_dict(graph_dict([{**node, "attrs": {"axis": 1.5}}]))
    with raises("attribute shape=[16, 'x'] is not of type ints"):
        ir.Graph.from_dict(graph_dict([{**node, "op": "reshape", "attrs": {"shape": [16, "x"]}}]))
    g = small_graph().graph
    g.nodes[1].attrs = {"axis": -1, "temperature": 2.0}
    with raises("op softmax: unknown attribute(s) temperature"):
        ir.validate(g)


def test_validate_duplicate_names():
    d = graph_dict([{"op": "neg", "inputs": ["x"], "outputs": ["y"]},
                    {"op": "exp", "inputs": ["x"], "outputs": ["y"]}])
    with raises("value y is defined twice"):
        ir.Graph.from_dict(d)
    d = graph_dict([{"op": "neg", "inputs": ["x"], "outputs": ["x"]}])
    with raises("node x (op neg", "value x is defined twice"):
        ir.Graph.from_dict(d)
    d = graph_dict([{"op": "neg", "inputs": ["x"], "outputs": ["y"]},
                    {"op": "exp", "inputs": ["y"], "outputs": ["y"]}])
    with raises("node y (op exp", "value y is defined twice"):    # not reported as a cycle
        ir.Graph.from_dict(d)
    g = small_graph().graph
    g.nodes[1].outputs = ["layers.0.w"]
    with raises("value layers.0.w is defined twice"):
        ir.validate(g)
    d = graph_dict([], params=[{"name": "x", "shape": [2, 8], "dtype": "f32", "init": {}}])
    with raises("x is both an input and a parameter"):
        ir.Graph.from_dict(d)


def test_malformed_json_and_unreadable_file(tmp_path):
    d = graph_dict([{"op": "neg", "inputs": ["x"], "outputs": ["y"]}])
    del d["nodes"][0]["outputs"]
    with raises("bad.json", "malformed graph JSON", "outputs"):
        ir.Graph.from_dict(d, "bad.json")
    with raises("unknown dtype 'f16'"):
        ir.Graph.from_dict(graph_dict([], inputs=[{"name": "x", "shape": [2], "dtype": "f16"}]))
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with raises("broken.json", "cannot read graph file"):
        ir.load_graphs(path)
    with raises("cannot read graph file"):
        ir.load_graphs(tmp_path / "missing.json")


# --- JSON round trip ------------------------------------------------------------------

def roundtrip_graph() -> tuple[ir.Graph, dict]:
    b = ir.Builder(ir.Graph("RoundTrip"))
    ids = b.input("ids", (2, 5), "i64")
    with b.block("model", "Model"):
        emb = b.param("embed.weight", (11, 6), init={"kind": "normal", "std": 0.5})
        h = b.embedding(ids, emb, name="h")                                  # [2, 5, 6]
        pos = b.positions(h, axis=1, offset=2)
        cos, sin = b.rope_tables(pos, dim=6, theta=500.0, name=("cos", "sin"))
        with b.block("layers.0", "Layer"):
            g = b.param("norm.weight", (6,), init={"kind": "ones"})
            x = b.rmsnorm(h, g, eps=1e-6)
            a, c = b.split(x, axis=-1, sizes=(2, 4))                          # multi-output
            x4 = b.reshape(b.concat(c, a, axis=-1), shape=(0, 0, 2, -1))      # [2, 5, 2, 3]
            xt = b.transpose(x4, perm=(0, 2, 1, 3))                           # [2, 2, 5, 3]
            m = b.causal_mask(xt, xt)
            scores = b.matmul(xt, b.transpose(xt, perm=(0, 1, 3, 2)))
            masked = b.where(m, scores, b.const(value=-math.inf))            # -inf const
            p = b.softmax(masked, axis=-1)
        r = b.rope(b.reshape(b.transpose(b.matmul(p, xt), perm=(0, 2, 1, 3)), shape=(0, 0, -1)),
                   cos, sin)
        s = b.sum(r, axes=(0, 2), keepdims=True)
    b.output("out", r)
    b.output("summed", s)
    b.output("parts", a)
    rng = np.random.default_rng(3)
    feeds = {"ids": rng.integers(0, 11, (2, 5)), "model.embed.weight": rng.standard_normal((11, 6)),
             "model.layers.0.norm.weight": rng.uniform(0.5, 1.5, 6)}
    return b.graph, feeds


def test_json_roundtrip(tmp_path):
    g, feeds = roundtrip_graph()
    path = tmp_path / "graphs.json"
    ir.save_graphs({"full": g}, path)
    text = path.read_text()
    assert "-Infinity" in text
    loaded = ir.load_graphs(path)
    assert list(loaded) == ["full"]
    back = loaded["full"]
    assert back == g
    assert back.values == g.values
    assert any(isinstance(v, tuple) for n in back.nodes for v in n.attrs.values())
    assert {"model": "Model", "model.layers.0": "Layer"} == back.blocks
    want, got = ir.run(g, feeds), ir.run(back, feeds)
    assert set(want) == set(got) == {"out", "summed", "parts"}
    for k in want:
        np.testing.assert_array_equal(got[k], want[k])
    # and the dict form survives a plain json round trip too
    assert ir.Graph.from_dict(json.loads(json.dumps(g.to_dict()))) == g


def test_json_roundtrip_several_graphs(tmp_path):
    g, _ = roundtrip_graph()
    h = copy.deepcopy(g)
    ir.eliminate_dead_code(h)
    h.outputs.pop("summed")
    ir.eliminate_dead_code(h)
    ir.save_graphs({"full": g, "latency": h}, tmp_path / "g.json")
    loaded = ir.load_graphs(tmp_path / "g.json")
    assert loaded["full"] == g and loaded["latency"] == h and loaded["full"] != h


# --- passes ---------------------------------------------------------------------------

def chain_graph() -> tuple[ir.Graph, dict]:
    b = ir.Builder(ir.Graph("Chain"))
    x, w = b.input("x", (3, 4)), b.param("w", (5, 4))
    y = b.linear(x, w)
    z = b.tanh(y)
    u = b.mul(z, b.exp(y))
    v = b.add(u, b.neg(z))
    b.output("v", b.sum(b.softmax(v), axes=(1,)))
    rng = np.random.default_rng(1)
    return b.graph, {"x": rng.standard_normal((3, 4)), "w": rng.standard_normal((5, 4))}


def assert_topological(g: ir.Graph):
    defined = set(g.inputs) | set(g.params)
    for node in g.nodes:
        assert set(node.inputs) <= defined, f"{node.op} uses {set(node.inputs) - defined} early"
        defined.update(node.outputs)


def test_toposort_orders_shuffled_nodes():
    g, feeds = chain_graph()
    want = ir.run(g, feeds)
    original = list(g.nodes)
    ir.toposort(g)
    assert g.nodes == original, "toposort must keep an already valid order"
    rng = np.random.default_rng(7)
    for _ in range(5):
        g.nodes = [original[i] for i in rng.permutation(len(original))]
        ir.toposort(g)
        assert_topological(g)
        assert sorted(map(id, g.nodes)) == sorted(map(id, original))
        np.testing.assert_array_equal(ir.run(g, feeds)["v"], want["v"])
    g.nodes = original[::-1]
    ir.validate(g)                      # validate sorts too
    assert_topological(g)


def test_eliminate_dead_code():
    g, feeds = chain_graph()
    b = ir.Builder(g)
    dead = b.exp(b.value("x"), name="dead")
    b.sum(dead, axes=(0,), name="dead_sum")
    b.output("tmp", b.neg(b.value("w"), name="temp"))
    del g.outputs["tmp"]
    before = len(g.nodes)
    want = ir.run(g, feeds)["v"]
    ir.eliminate_dead_code(g)
    assert len(g.nodes) == before - 3
    names = {o for n in g.nodes for o in n.outputs}
    assert not names & {"dead", "dead_sum", "temp"}
    assert not {"dead", "dead_sum", "temp"} & set(g.values)
    assert {"x", "w"} <= set(g.values)
    np.testing.assert_array_equal(ir.run(g, feeds)["v"], want)
    ir.validate(g)
    n = len(g.nodes)
    ir.eliminate_dead_code(g)
    assert len(g.nodes) == n


def test_decompose_keeps_blocks_and_sources():
    b = ir.Builder(ir.Graph("D"))
    x = b.input("x", (2, 3, 8))
    with b.block("layers.0", "Layer"):
        y = b.rmsnorm(x, b.param("g", (8,)), eps=1e-5)
    b.output("y", y)
    low = ir.decompose(b.graph, keep=lambda op: False)
    assert {n.op for n in low.nodes} >= {"mean", "rsqrt", "mul"}
    assert all(n.block == "layers.0" for n in low.nodes)
    assert len({n.source for n in low.nodes}) == 1 and "test_ir.py:" in low.nodes[0].source
    kept = ir.decompose(b.graph, keep=lambda op: op == "rmsnorm")
    assert [n.op for n in kept.nodes] == ["rmsnorm"]


# --- grad_graph -----------------------------------------------------------------------

def test_grad_graph_needs_scalar_loss():
    b = ir.Builder(ir.Graph("NotScalar"))
    w = b.param("w", (3,))
    b.output("loss", b.mul(w, w))
    with raises("NotScalar", "loss", "f32[3]", "not a scalar"):
        ir.grad_graph(b.graph)


def test_grad_graph_needs_loss_output():
    b = ir.Builder(ir.Graph("NoLoss"))
    w = b.param("w", (3,))
    b.output("total", b.sum(w, axes=(0,)))
    with raises("NoLoss", "no output named 'loss'"):
        ir.grad_graph(b.graph)
    ir.grad_graph(b.graph, loss="total")          # naming the output works


def test_grad_graph_names_op_without_vjp():
    b = ir.Builder(ir.Graph("Max"))
    w = b.param("w", (3, 4))
    with b.block("head", "Head"):
        m = b.max(w, axes=(1,), name="peak")
    b.output("loss", b.sum(m, axes=(0,)))
    with raises("node head/peak", "op max has no VJP rule"):
        ir.grad_graph(b.graph)


def test_grad_graph_unused_param_gets_zeros_and_forward_kept():
    b = ir.Builder(ir.Graph("Unused"))
    w, u = b.param("w", (2, 3)), b.param("u", (4,))
    b.output("y", b.tanh(w))
    b.output("loss", b.sum(b.mul(w, w), axes=(0, 1)))
    g = ir.grad_graph(b.graph)
    assert set(g.outputs) == {"y", "loss", "grad.w", "grad.u"}
    wv = np.random.default_rng(0).standard_normal((2, 3))
    out = ir.run(g, {"w": wv, "u": np.ones(4)})
    np.testing.assert_allclose(out["grad.w"], 2 * wv, rtol=1e-12)
    np.testing.assert_array_equal(out["grad.u"], np.zeros(4))
    np.testing.assert_allclose(out["y"], np.tanh(wv), rtol=1e-12)
    only_w = ir.grad_graph(b.graph, wrt=["w"])
    assert "grad.u" not in only_w.outputs


def test_run_errors():
    g, feeds = chain_graph()
    with raises("Chain", "no value given for w"):
        ir.run(g, {"x": feeds["x"]})
    with raises("x has shape [4, 3], graph wants f32[3, 4]"):
        ir.run(g, {**feeds, "x": feeds["x"].T})
