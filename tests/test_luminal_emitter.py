"""The Luminal emitter. Every op case of test_ops is emitted as generated Luminal code into ONE
crate (a module per case), so the whole table costs one cargo build: forward outputs against
the NumPy reference, and the IR's backward graph written as Luminal code (Luminal 0.2.0 has no
autodiff) against the IR's gradient, so every rule of the backward graphs is checked too.
tests/test_rust_crates.py takes the tiny crates through the runner and clippy; tests/test_models.py
runs the whole zoo end to end."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import numpy as np
import pytest
from safetensors.numpy import load_file, save_file

import inferena.ir as ir
from inferena.emitters import EMITTERS, Context, lower, luminal, render
from inferena.emitters.base import TEMPLATES
from inferena.models import MODELS
from inferena.runner import cargo
from test_candle_emitter import _close, stored
from test_ops import CASES, GRAD_CASES, as_tuple, build

pytestmark = pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo is not installed")
BUILD_TIMEOUT = 1800

MAIN = """#![allow(dead_code, unused_imports, unused_variables, unused_mut, clippy::all)]
//! Every op case of inferena's tests, emitted by the Luminal emitter: `ops <dir> <outputs> <errors>`.
mod ops;
mod weights;

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::rc::Rc;

use anyhow::Result;
use luminal::prelude::*;
use ops::*;
use safetensors::{Dtype, SafeTensors};
use weights::{Saved, Tensors};

type Outputs = Vec<(GraphTensor<()>, String, Vec<usize>)>;

/// The case's inputs as f32 values: ids, labels and masks exact.
fn read_inputs(path: &Path) -> Result<HashMap<String, Vec<f32>>> {
    let bytes = std::fs::read(path)?;
    let file = SafeTensors::deserialize(&bytes)?;
    Ok(file.tensors().into_iter().map(|(name, t)| {
        let d = t.data();
        let values = match t.dtype() {
            Dtype::F32 => d.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap())).collect(),
            Dtype::I64 => d.chunks_exact(8).map(|b| i64::from_le_bytes(b.try_into().unwrap()) as f32).collect(),
            _ => d.iter().map(|&b| f32::from(b)).collect(),
        };
        (name, values)
    }).collect())
}

fn input(inputs: &HashMap<String, Vec<f32>>, name: &str) -> Result<Vec<f32>> {
    Ok(inputs[name].clone())
}

/// Loads, compiles (as the generated programs do), runs once and saves the outputs.
fn run(mut n: Net, outputs: Outputs, checkpoint: &Rc<Tensors>, saved: &mut Saved) {
    n.load(checkpoint);
    let mut tensors: Vec<GraphTensor<()>> = outputs.iter().map(|(t, _, _)| GraphTensor::retrieve(*t)).collect();
    n.cx.compile(<(GenericCompiler, CPUCompiler)>::default(), &mut tensors);
    n.cx.execute();
    for (t, (_, name, shape)) in tensors.iter().zip(outputs) {
        saved.insert(&name, &t.data(), &shape);
    }
}

%(cases)s

type Case = fn(&Path, &mut Saved) -> Result<()>;
const CASES: &[(&str, Case)] = &[%(table)s];

fn main() -> Result<()> {
    std::thread::Builder::new().stack_size(1 << 30).spawn(suite)?.join().unwrap()
}

fn suite() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(&args[1]);
    let mut saved = Saved::default();
    let mut errors = Vec::new();
    std::panic::set_hook(Box::new(|_| {}));
    for (key, case) in CASES {
        match std::panic::catch_unwind(AssertUnwindSafe(|| case(dir, &mut saved))) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => errors.push(format!("{key}\\t{}", format!("{e:#}").replace('\\n', " "))),
            Err(p) => {
                let msg = p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()));
                errors.push(format!("{key}\\tpanicked: {}", msg.unwrap_or_default().replace('\\n', " ")))
            }
        }
    }
    saved.save(Path::new(&args[2]))?;
    std::fs::write(&args[3], errors.join("\\n"))?;
    Ok(())
}
"""


def _graph_call(key: str, module: str, entry: dict) -> list[str]:
    """Rust lines building one program's graph from the case's inputs and running it."""
    lines = ["let mut n = Net::default();"]
    for local, name, ty in entry["inputs"]:
        lines.append(f'let {local} = n.input::<{ty}>("{name}", input(&inputs, "{name}")?);')
    args = ", ".join(["&mut n", *(i[0] for i in entry["inputs"])])
    lines.append(f"let {entry['pattern']} = {key}::{module}::{entry['fn']}({args});")
    outs = ", ".join(f'({local}.no_shape(), "{key}.{name}".to_string(), vec!{shape})'
                     for local, name, shape in entry["outputs"])
    lines.append(f"run(n, vec![{outs}], &checkpoint, saved);")
    return lines


DRIVER_LOCALS = frozenset({"n", "dir", "saved", "checkpoint", "inputs"})     # what _graph_call's lines bind


def write_suite(root) -> dict:
    """The crate root/ops/luminal: a module per case (its forward and, for a gradient case,
    its training functions), one driver; the cases' weights and inputs beside it. {case id: key}."""
    crate = root / "ops" / "luminal"
    (crate / "src").mkdir(parents=True)
    modules, drivers, keys = [], [], {}
    for c in CASES:
        key = keys[c.id] = f"c{len(keys):03d}"
        graph, feeds = build(c, params=True, loss=c.grad)
        program = lower(EMITTERS["luminal"], {"full": graph, "latency": graph})
        forward, program, signatures = luminal.write_functions(program)
        body = [f"pub mod model {{\n    use crate::ops::*;\n    use luminal::prelude::*;\n{''.join(forward)}}}"]
        lines = [f"fn {key}(dir: &Path, saved: &mut Saved) -> Result<()> {{",
                 f'    let checkpoint = Rc::new(Tensors::open(&dir.join("{key}.weights.safetensors"))?);',
                 f'    let inputs = read_inputs(&dir.join("{key}.inputs.safetensors"))?;']
        entry = luminal._entry(program, "full", signatures, "", DRIVER_LOCALS)
        lines += ["    " + line for line in _graph_call(key, "model", entry)]
        if c.grad:
            train = luminal.training_program(program)
            backward, train, train_signatures = luminal.write_functions(train)
            body.append(f"pub mod train {{\n    use crate::ops::*;\n    use luminal::prelude::*;\n{''.join(backward)}}}")
            entry = luminal._entry(train, "training", train_signatures, "", DRIVER_LOCALS)
            lines += ["    " + line for line in _graph_call(key, "train", entry)]
        modules.append(f"// {c.id}\nmod {key} {{\n" + "\n".join(body) + "\n}")
        drivers.append("\n".join(lines + ["    Ok(())", "}"]))
        nominal = dict(zip([f"x{i}" for i in range(len(c.inputs))], c.nominal))
        weights = {n: stored(a, "f32") for n, a in feeds.items() if n in graph.params}
        save_file(weights, str(root / f"{key}.weights.safetensors"))
        save_file({n: stored(a, nominal.get(n, "f32")) for n, a in feeds.items() if n not in graph.params},
                  str(root / f"{key}.inputs.safetensors"))
    files = render("luminal", MODELS["SmolLM2-135M"].graphs("tiny"), Context(None, "tiny", "test"))
    (crate / "src" / "ops.rs").write_text(files["src/ops.rs"])
    (crate / "src" / "weights.rs").write_text(files["src/weights.rs"])
    (crate / "Cargo.toml").write_text(re.sub(r'name = ".*"', 'name = "inferena-luminal-ops"', files["Cargo.toml"], 1))
    (crate / "src" / "main.rs").write_text(MAIN % {
        "cases": "\n\n".join(modules + drivers), "table": ", ".join(f'("{k}", {k})' for k in keys.values())})
    cargo.write_workspace(root)
    return keys


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    """Build and run the op-suite crate once: {case id: key}, outputs, {key: error}."""
    root = tmp_path_factory.mktemp("luminal-ops")
    keys = write_suite(root)
    built = cargo.build(root / "ops" / "luminal", BUILD_TIMEOUT)
    proc = subprocess.run([str(built.executable), str(root), str(root / "out.safetensors"), str(root / "errors.txt")],
                          capture_output=True, text=True, timeout=1200, env={**os.environ, "RUST_BACKTRACE": "0"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    errors = dict(line.split("\t", 1) for line in (root / "errors.txt").read_text().splitlines() if line)
    return keys, load_file(str(root / "out.safetensors")), errors


def _key(suite, c) -> str:
    keys, _, errors = suite
    assert keys[c.id] not in errors, f"{c.id}: {errors[keys[c.id]]}"
    return keys[c.id]


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_forward(c, suite):
    key, outputs = _key(suite, c), suite[1]
    want = as_tuple(ir.spec(c.op).ref(*c.inputs, **ir.spec(c.op).check_attrs(c.attrs)))
    for j, w in enumerate(want):
        _close(outputs[f"{key}.out{j}"], w, f"{c.id} output {j}", rtol=1e-4)


@pytest.mark.parametrize("c", GRAD_CASES, ids=lambda c: c.id)
def test_ir_backward_in_luminal_matches_the_reference(c, suite):
    key, outputs = _key(suite, c), suite[1]
    graph, feeds = build(c, params=True, loss=True)
    want = ir.run(ir.grad_graph(graph), feeds)
    _close(outputs[f"{key}.loss"], want["loss"], f"{c.id}: loss", rtol=1e-4)
    for name in (k for k in want if k.startswith(ir.GRAD_PREFIX)):
        _close(outputs[f"{key}.{name}"], want[name], f"{c.id}: {name}", rtol=1e-3)


def test_blocks_are_functions_generic_over_the_sizes_their_instances_differ_in():
    """SmolLM2's decoder layer is one function for the full and the latency graph (its sequence
    length a type parameter), called in a loop; the lm head reads the tied embedding."""
    model = render("luminal", MODELS["SmolLM2-135M"].graphs("tiny"), Context(MODELS["SmolLM2-135M"], "tiny", "t"))
    source = model["src/model.rs"]
    assert len(re.findall(r"pub fn llama_decoder_layer\b", source)) == 1
    assert "pub fn llama_decoder_layer<Seq: Dimension>(" in source
    assert re.search(r"for i in 0\.\.2 \{\s*h = llama_decoder_layer\(n, &format!\(\"\{p\}\.layers\.\{i\}\"\)", source)
    assert "pub const HIDDEN: usize = 64;" in source and "GraphTensor<(Const<1>, Seq, Const<HIDDEN>)>" in source
    assert 'n.param::<R2<VOCAB, HIDDEN>>("model.embed_tokens.weight")' in source
    assert '"autodiff": "ir"' in model["src/main.rs"]


def test_a_stage_of_blocks_of_two_kinds_is_a_call_then_a_loop():
    """Full ResNet-50's stages start with a bottleneck with a downsample (a kind of its own), called
    alone; the rest, one kind at one size, are a loop its result feeds."""
    source = render("luminal", MODELS["ResNet-50"].graphs("full"), Context(None, "full", "t"))["src/model.rs"]
    assert re.search(r"let mut x = bottleneck_3::<[^;]*>\(\s*n, \"layer2\.0\", x,?\s*\);\s*"
                     r"for i in 1\.\.4 \{\s*x = bottleneck_2::<[^\n]*>\(n, &format!\(\"layer2\.\{i\}\"\), x\);", source)
    assert len(re.findall(r"pub fn bottleneck", source)) == 3


def test_static_helpers_are_the_template():
    files = render("luminal", MODELS["ResNet-50"].graphs("tiny"), Context(None, "tiny", "t"))
    assert files["src/ops.rs"] == (TEMPLATES / "luminal" / "src" / "ops.rs").read_text()
