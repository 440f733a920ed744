"""The Candle emitter. Every op case of test_ops (and every layer case) is emitted as generated
Candle code into ONE crate, so the whole table costs one cargo build: forward outputs against
the NumPy reference, and Candle's own autodiff through the generated code against the IR's
gradient (tests/test_rust_crates.py takes the tiny crates through the runner and clippy,
tests/test_models.py the whole zoo end to end)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field

import numpy as np
import pytest
from safetensors.numpy import load_file, save_file

import inferena.ir as ir
from inferena.emitters import candle, environment, lower
from inferena.emitters.rustcode import camel
from inferena.models import MODELS
from inferena.runner import cargo
from test_ops import CASES, GRAD_CASES, as_tuple, build, rng_r

pytestmark = pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo is not installed")

PARAM_NAMES = {1: "weight", 2: "bias", 3: "running_mean", 4: "running_var"}   # by input position
LAYER_CASES = [c for c in CASES if c.op in candle.LAYERS and c.dtypes is None]
BUILD_TIMEOUT = 1800



# --- the op-suite crate ------------------------------------------------------------------

@dataclass
class Entry:
    """One case in the suite crate: module `key`, its graph, inputs and (layer cases) params."""
    key: str
    case: object
    graph: ir.Graph
    feeds: dict
    params: dict = field(default_factory=dict)
    grad: bool = False
    trainable: set = field(default_factory=set)


def layer_graph(c, layers=candle.LAYERS):
    """The op with its parameters named like a layer (`layer.weight`, ...), as a model has them
    (`layers`: the Rust emitter's layer table, op -> Layer)."""
    b = ir.Builder(ir.Graph(f"Layer_{c.op}"))
    values, feeds, params, trainable = [], {}, {}, set()
    for i, arr in enumerate(map(np.asarray, c.inputs)):
        if i in layers[c.op].params:
            name = f"layer.{PARAM_NAMES[i]}"
            values.append(b.param(name, arr.shape, trainable=i not in c.frozen))
            params[name] = arr
            trainable |= {name} if i not in c.frozen else set()
        else:
            feeds[f"x{i}"] = arr
            values.append(b.input(f"x{i}", arr.shape, "f32" if arr.dtype.kind == "f" else "i64"))
    outs = as_tuple(b.op(c.op, *values, **c.attrs))
    for j, o in enumerate(outs):
        b.output(f"out{j}", o)
    return b.graph, feeds, params, trainable


def entries(layers=candle.LAYERS) -> list[Entry]:
    """Every op case, then every layer case of the emitter's layer table, as one crate's modules."""
    out = []
    for c in CASES:
        graph, feeds = build(c, params=False)
        out.append(Entry(f"c{len(out):03d}", c, graph, feeds, grad=c.grad,
                         trainable={f"x{i}" for i, a in enumerate(c.inputs)
                                    if np.asarray(a).dtype.kind == "f" and i not in c.frozen}))
    for c in [c for c in CASES if c.op in layers and c.dtypes is None]:
        graph, feeds, params, trainable = layer_graph(c, layers)
        out.append(Entry(f"c{len(out):03d}", c, graph, feeds, params, grad=c.grad,
                         trainable=trainable | {n for n, a in feeds.items() if a.dtype.kind == "f"}))
    return out


def program(graph):
    return lower(candle.EMITTER, {"full": graph, "latency": graph})


def stored(arr: np.ndarray, dtype: str) -> np.ndarray:
    """As the generated program holds it: f32 (f64 where the IR says so), i64, bool as u8."""
    arr = np.asarray(arr)
    if arr.dtype.kind == "b":
        return arr.astype(np.uint8)
    if arr.dtype.kind == "f":
        return arr.astype(np.float64 if dtype == "f64" else np.float32)
    return arr.astype(np.int64)


def driver(e: Entry) -> str:
    """The Rust function that runs one case: forward, and for gradient cases the loss
    sum(out * r) and Candle's backward."""
    k, g = e.key, e.graph
    lines = [f"// {e.case.id}", f"fn {k}(data: &HashMap<String, Tensor>, out: &mut HashMap<String, Tensor>) -> Result<()> {{",
             "    let mut params: HashMap<String, Tensor> = HashMap::new();"]
    args = []
    for name in g.inputs:
        lines.append(f'    let {name} = get(data, "{k}.{name}")?;')
        if e.grad and name in e.trainable:
            lines.append(f"    let {name} = Var::from_tensor(&{name})?;")
            args.append(f"{name}.as_tensor()")
        else:
            args.append(f"&{name}")
    for i, name in enumerate(e.params):
        var = f"p{i}"
        lines.append(f'    let {var} = get(data, "{k}.{name}")?;')
        if e.grad and name in e.trainable:
            lines.append(f"    let {var} = Var::from_tensor(&{var})?;")
            lines.append(f'    params.insert("{name}".to_string(), {var}.as_tensor().clone());')
        else:
            lines.append(f'    params.insert("{name}".to_string(), {var}.clone());')
    root = camel(g.name)
    lines.append(f"    let model = cases::{k}::{root}::load(VarBuilder::from_tensors(params, DType::F32, &Device::Cpu))?;")
    outs = [f"o{j}" for j in range(len(g.outputs))]
    lines.append(f"    let {outs[0] if len(outs) == 1 else '(' + ', '.join(outs) + ')'} = model.forward({', '.join(args)})?;")
    for j, o in enumerate(outs):
        lines.append(f'    out.insert("{k}.out{j}".to_string(), {o}.clone());')
    if e.grad:
        terms = []
        for j in e.case.grad_outputs or range(len(outs)):
            lines.append(f'    let r{j} = get(data, "{k}.r{j}")?;')
            terms.append(f"(&o{j} * &r{j})?.sum_all()?")
        lines.append(f"    let loss = {terms[0]};")
        for t in terms[1:]:
            lines.append(f"    let loss = (loss + {t})?;")
        lines.append("    let grads = loss.backward()?;")
        for name in g.inputs:
            if name in e.trainable:
                lines.append(f'    if let Some(g) = grads.get(&{name}) {{ out.insert("{k}.grad.{name}".to_string(), g.clone()); }}')
        for i, name in enumerate(e.params):
            if name in e.trainable:
                lines.append(f'    if let Some(g) = grads.get(&p{i}) {{ out.insert("{k}.grad.{name}".to_string(), g.clone()); }}')
    lines += ["    Ok(())", "}"]
    return "\n".join(lines)


MAIN = """#![allow(dead_code, unused_imports, unused_variables, unused_mut, clippy::all)]
//! Every op case of inferena's tests, emitted by the Candle emitter: `ops <inputs> <outputs> <errors>`.
mod cases;
mod ops;

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;

use anyhow::{Context, Result};
use candle_core::{DType, Device, Tensor, Var};
use candle_nn::VarBuilder;

fn get(data: &HashMap<String, Tensor>, key: &str) -> Result<Tensor> {
    data.get(key).cloned().with_context(|| format!("no input {key}"))
}

type Case = fn(&HashMap<String, Tensor>, &mut HashMap<String, Tensor>) -> Result<()>;

%(functions)s

const CASES: &[(&str, Case)] = &[%(table)s];

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let data = candle_core::safetensors::load(&args[1], &Device::Cpu)?;
    let mut out = HashMap::new();
    let mut errors = Vec::new();
    for (key, case) in CASES {
        match std::panic::catch_unwind(AssertUnwindSafe(|| case(&data, &mut out))) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => errors.push(format!("{key}\\t{}", format!("{e:#}").replace('\\n', " "))),
            Err(_) => errors.push(format!("{key}\\tpanicked")),
        }
    }
    candle_core::safetensors::save(&out, &args[2])?;
    std::fs::write(&args[3], errors.join("\\n"))?;
    Ok(())
}
"""


def write_suite(root, items: list[Entry]):
    """The crate root/ops/candle: src/cases/<key>/ per case, one ops.rs, one driver."""
    crate = root / "ops" / "candle"
    env = environment()
    data = {}
    for e in items:
        files = candle.render(program(e.graph), env, _ctx(), fmt=False)
        for name, source in files.items():
            if name.startswith("src/model/"):
                path = crate / "src" / "cases" / e.key / name[len("src/model/"):]
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(source)
        nominal = dict(zip([f"x{i}" for i in range(len(e.case.inputs))], e.case.nominal))
        for name, arr in e.feeds.items():
            data[f"{e.key}.{name}"] = stored(arr, nominal.get(name, "f32"))
        for name, arr in e.params.items():
            data[f"{e.key}.{name}"] = stored(arr, "f32")
        if e.grad:
            for j in e.case.grad_outputs or range(len(e.graph.outputs)):
                out = e.graph.values[list(e.graph.outputs.values())[j]]
                data[f"{e.key}.r{j}"] = stored(rng_r(e.case, j, out.shape), out.dtype)
    files = candle.render(program(items[0].graph), env, _ctx(), helpers="all")
    (crate / "src" / "ops.rs").write_text(files["src/ops.rs"])
    (crate / "Cargo.toml").write_text(re.sub(r'name = ".*"', 'name = "inferena-candle-ops"', files["Cargo.toml"], 1))
    (crate / "src" / "cases" / "mod.rs").write_text("".join(f"pub mod {e.key};\n" for e in items))
    (crate / "src" / "main.rs").write_text(MAIN % {
        "functions": "\n\n".join(driver(e) for e in items),
        "table": ", ".join(f'("{e.key}", {e.key})' for e in items)})
    save_file(data, str(root / "inputs.safetensors"))
    return crate


def _ctx():
    from inferena.emitters import Context
    return Context(None, "test", "test")


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    """Build and run the op-suite crate once: {key: Entry}, outputs, {key: error}."""
    root = tmp_path_factory.mktemp("candle-ops")
    items = entries()
    crate = write_suite(root, items)
    built = cargo.build(crate, BUILD_TIMEOUT)
    proc = subprocess.run([str(built.executable), str(root / "inputs.safetensors"), str(root / "out.safetensors"),
                           str(root / "errors.txt")], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "RUST_BACKTRACE": "0"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    errors = dict(line.split("\t", 1) for line in (root / "errors.txt").read_text().splitlines() if line)
    return {e.case.id + (":layer" if e.params or e.graph.name.startswith("Layer_") else ""): e for e in items}, \
        load_file(str(root / "out.safetensors")), errors


def _entry(suite, c, layer=False) -> Entry:
    table, _, errors = suite
    e = table[c.id + (":layer" if layer else "")]
    assert e.key not in errors, f"{c.id}: {errors[e.key]}"
    return e


def _close(got, want, what, rtol):
    want = np.asarray(want)
    got = np.asarray(got)
    if want.dtype.kind == "b":
        got = got.astype(bool)
    assert got.shape == want.shape, f"{what}: shape {got.shape} != {want.shape}"
    if want.dtype.kind in "fc":
        scale = max(1.0, float(np.max(np.abs(want[np.isfinite(want)]), initial=0.0)))
        np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * 0.1 * scale, err_msg=what)
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_forward(c, suite):
    e = _entry(suite, c)
    outputs = suite[1]
    want = as_tuple(ir.spec(c.op).ref(*c.inputs, **ir.spec(c.op).check_attrs(c.attrs)))
    for j, w in enumerate(want):
        _close(outputs[f"{e.key}.out{j}"], w, f"{c.id} output {j}", rtol=1e-4)


@pytest.mark.parametrize("c", GRAD_CASES, ids=lambda c: c.id)
def test_autodiff_matches_ir_gradient(c, suite):
    """Candle's backward through the generated code (differentiable forms of the fused
    kernels included) gives the IR's gradient; a gradient that never arrived reads as zero."""
    e = _entry(suite, c)
    outputs = suite[1]
    lgraph, lfeeds = build(c, params=True, loss=True)
    want = ir.run(ir.grad_graph(lgraph), lfeeds)
    for name in sorted(e.trainable):
        w = want[f"grad.{name}"]
        got = outputs.get(f"{e.key}.grad.{name}", np.zeros_like(w))
        _close(got, w, f"{c.id}: d loss / d {name}", rtol=1e-3)


@pytest.mark.parametrize("c", LAYER_CASES, ids=lambda c: c.id)
def test_layer_ops_become_candle_layers(c, suite):
    """An op whose parameters share one owner (`layer.weight`, ...) loads them by those names
    into its layer field and reproduces the reference; with gradients for the trainable ones."""
    e = _entry(suite, c, layer=True)
    outputs = suite[1]
    want = ir.run(e.graph, {**e.feeds, **e.params})
    for j, name in enumerate(e.graph.outputs):
        _close(outputs[f"{e.key}.out{j}"], want[name], f"{c.id} (layer) output {j}", rtol=1e-4)
    if c.grad:                   # Candle's backward through the layer, against the IR's gradient
        lgraph, lfeeds = build(c, params=True, loss=True)
        want = ir.run(ir.grad_graph(lgraph), lfeeds)
        for i in range(len(c.inputs)):
            name = f"layer.{PARAM_NAMES[i]}" if i in candle.LAYERS[c.op].params else f"x{i}"
            if name in e.trainable:
                w = want[f"grad.x{i}"]
                _close(outputs.get(f"{e.key}.grad.{name}", np.zeros_like(w)), w, f"{c.id} (layer): d loss / d {name}",
                       rtol=1e-3)
    node = e.graph.nodes[0]
    call = candle.Call([], [], [], node.attrs, [e.graph.values[v] for v in node.inputs],
                       [e.graph.values[o] for o in node.outputs])
    if candle.LAYERS[c.op].fits(call):      # else Candle's layer cannot express it (conv2d geometry)
        source = "".join(candle.render(program(e.graph), environment(), _ctx()).values())
        assert f"layer: {candle.LAYERS[c.op].type}" in source, source


# --- whole models -----------------------------------------------------------------------------

def test_one_struct_per_block_kind_and_a_loop():
    files = candle.render(program(MODELS["SmolLM2-135M"].graphs("full")["full"]), environment(), _ctx())
    layer = files["src/model/llama_decoder_layer.rs"]
    assert layer.count("pub struct LlamaDecoderLayer") == 1
    model = files["src/model/llama_model.rs"]
    assert "layers: Vec<LlamaDecoderLayer>," in model
    assert "LlamaDecoderLayer::load(vb.pp(\"layers\").pp(i))" in model
    assert "for layer in &self.layers {" in model
    assert sum(len(s.splitlines()) for s in files.values()) < 700
