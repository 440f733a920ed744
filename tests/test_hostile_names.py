"""Hostile names (issue 24): parameter, block, kind, value, input and output names holding quotes,
code, keywords of Python/Rust/C, unicode, 300 characters, or colliding once made identifiers
(`a.b`/`a_b`, `Class`/`class`). Every emitter writing from the IR must write valid code in which
a name is never code: only identifiers made by the one rule (structure.identifier) and string
literals escaped by the language's rules. The rule of what the IR rejects is ir/names.py."""
from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import inferena.ir as ir
from inferena import emitters
from inferena.emitters import EMITTERS, Context, Emitter
from inferena.runner import cargo
from inferena.ir.names import BLOCK_PART, INVISIBLE, MAX_LENGTH, check_graph_names, check_name, name_problem
from emitted import render

# emitters that write the program from the IR (not an ecosystem's own implementation)
FROM_IR = [name for name, e in EMITTERS.items() if e.source == Emitter.source]
MARKER = "inferena_pwned"                  # a call of it outside a string literal is an injection
PAYLOADS = ['x"); import os; os.system("echo pwned', f"x'); {MARKER}(); ('", f'"""; {MARKER}() #',
            f'a\\"b{{p}}}}{{ */ /* ?? ??= // # \\n {MARKER}()', "`${x}` $(echo) %s %d"]
KEYWORDS = ["class", "type", "fn", "self", "int", "match", "struct", "return", "None", "lambda", "import",
            "def", "True", "for", "mut", "impl", "crate", "super", "loop", "void", "char", "auto", "main",
            "torch", "nn", "F", "p", "n", "g", "vb", "ctx", "loss_fn", "params", "weight", "forward", "load",
            "model", "inputs", "device", "args", "tensors", "x_1"]
COLLIDING = [("a.b", "a_b"), ("x-1", "x_1"), ("Class", "class"), ("ﬁ", "fi"), ("Ab", "a_b"), ("v1", "1")]
TEXT = st.text(st.characters(exclude_categories=tuple(INVISIBLE), exclude_characters="."), min_size=1, max_size=8)
PART = st.one_of(st.sampled_from(KEYWORDS + PAYLOADS), TEXT, st.just("é" * 300), st.just("w" * 300))
MEMBER = st.one_of(st.sampled_from([k for k in KEYWORDS if BLOCK_PART.fullmatch(k)]),
                   st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True), st.just("b" * 300))


@dataclass
class Names:
    root: str
    kinds: tuple[str, str]           # the repeated block's kind, the head's (colliding)
    member: str                      # the repeated block's list: <member>.0, <member>.1
    head: str                        # the head block
    owners: tuple[str, str]          # the layers' owners: <owner>.weight
    params: tuple[str, str]          # two plain parameters of one block (colliding)
    hint: str                        # a value name
    inputs: tuple[str, str]          # colliding
    target: str
    outputs: tuple[str, str]         # colliding


def pair(strategy):
    """Two distinct names: a colliding pair, or two drawn from `strategy`."""
    drawn = st.tuples(strategy, strategy).filter(lambda p: p[0] != p[1])
    return st.one_of(st.sampled_from(COLLIDING), drawn)


@st.composite
def names(draw) -> Names:
    n = Names(draw(PART), draw(pair(PART)), draw(MEMBER), draw(MEMBER), draw(pair(PART)), draw(pair(PART)),
              draw(PART), draw(pair(PART)), draw(PART), draw(pair(PART)))
    values = [*n.inputs, n.target]
    valid = (n.member != n.head and len(set(values)) == 3 and "loss" not in n.outputs and not set(values) & set(n.outputs)
             and not any(v.startswith(("latency.", "grad.")) for v in values + list(n.outputs)))
    return n if valid else draw(st.nothing())


def build(n: Names) -> ir.Graph:
    """A few linear/add/relu nodes in blocks of two kinds, every name hostile."""
    b = ir.Builder(ir.Graph(n.root))
    target = b.input(n.target, (2, 4))
    h = b.add(b.input(n.inputs[0], (2, 4)), b.input(n.inputs[1], (2, 4)), name=n.hint)
    for i in range(2):
        with b.block(f"{n.member}.{i}", n.kinds[0]):
            h = b.linear(h, b.param(f"{n.owners[0]}.weight", (4, 4)), name=n.hint)
            h = b.add(b.add(h, b.param(n.params[0], (4,))), b.param(n.params[1], (4,)), name=n.hint)
            h = b.add(b.relu(h, name=n.hint), h, name=n.hint)
    with b.block(n.head, n.kinds[1]):
        h = b.linear(h, b.param(f"{n.owners[1]}.weight", (4, 4)), name=n.hint)
    b.output(n.outputs[0], h)
    b.output("loss", b.mse_loss(h, target))
    return b.graph


def emit_all(graph: ir.Graph) -> dict[str, dict[str, str | bytes]]:
    """Each emitter's files; an emitter whose framework cannot hold a name says so instead (an
    IRError `<framework> cannot ...`, the row's reason), never writes broken code."""
    out = {}
    for fw in FROM_IR:
        try:
            out[fw] = render(fw, {"full": graph, "latency": graph})
        except ir.IRError as err:
            assert re.match(r"[\w-]+ cannot ", str(err)), f"{fw}: {err}"
    return out


# --- what valid, injection-free code is ----------------------------------------------------
def check_python(path: str, text: str) -> None:
    tree = ast.parse(text)
    compile(tree, path, "exec")           # duplicate arguments and the like fail here, not in parse
    for node in ast.walk(tree):
        assert not (isinstance(node, ast.Name) and node.id == MARKER), f"{path}: {MARKER} is code"
        assert not (isinstance(node, ast.Attribute) and node.attr == "system"), f"{path}: os.system is code"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            assert "os" not in [a.name for a in node.names] + [node.module if isinstance(node, ast.ImportFrom) else ""]
    defined = [s.name for s in tree.body if isinstance(s, (ast.ClassDef, ast.FunctionDef))]
    assert len(defined) == len(set(defined)), f"{path}: a class or function defined twice: {defined}"


def code_outside_literals(text: str) -> str:
    """Rust or C source with its comments, string and char literals blanked (each must close)."""
    token = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])\'|[^"/\']+|/|\'', re.S)
    out, at = [], 0
    for m in token.finditer(text):
        assert m.start() == at, f"unclosed literal or comment at {text[at:at + 60]!r}"
        tok, at = m[0], m.end()
        out.append(" " if tok[:2] in ("//", "/*") or tok[0] in "\"'" and len(tok) > 1 else tok)
    assert at == len(text), f"unclosed literal or comment at {text[at:at + 60]!r}"
    return "".join(out)


def check_native(path: str, text: str) -> None:
    code = code_outside_literals(text)
    assert not re.search(rf"(?<!\w){MARKER}\(\)|os\.system", code), f"{path}: a name became code"
    assert code.isascii(), f"{path}: a non-ASCII identifier: {[c for c in code if not c.isascii()][:5]}"
    if path.endswith(".rs"):
        types = re.findall(r"^(?:pub )?(?:struct|enum) (\w+)", code, re.M)
        fns = re.findall(r"^(?:pub )?fn (\w+)", code, re.M)
        assert len(types) == len(set(types)) and len(fns) == len(set(fns)), f"{path}: a name defined twice"
        for body in re.findall(r"^(?:pub )?struct \w+ \{\n(.*?)^\}", code, re.M | re.S):
            fields = re.findall(r"^\s+(?:pub )?(?:r#)?(\w+):", body, re.M)
            assert len(fields) == len(set(fields)), f"{path}: a field defined twice: {fields}"


def check_files(framework: str, files: dict[str, str | bytes]) -> None:
    for path, text in files.items():
        if isinstance(text, bytes):
            onnx = pytest.importorskip("onnx")
            onnx.checker.check_model(onnx.load_from_string(text))
        elif path.endswith(".py"):
            check_python(f"{framework}/{path}", text)
        elif re.search(r"\.(rs|c|h)$", path):
            check_native(f"{framework}/{path}", text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(names())
def test_hostile_names_make_valid_code_in_every_emitter(n):
    graph = build(n)
    for framework, files in emit_all(graph).items():
        check_files(framework, files)


def test_names_stay_unchanged_in_the_graph():
    """Only identifiers are made from names: the checkpoint's names, kept as the weights' keys."""
    n = FIXED
    graph = build(n)
    assert {f"{n.member}.0.{n.params[0]}", f"{n.head}.{n.owners[1]}.weight"} <= set(graph.params)
    assert set(ir.init_params(graph)) == set(graph.params)


FIXED = Names(PAYLOADS[0], ("Class", "class"), "type", "fn", (PAYLOADS[3], "é" * 300), ("a-b", "a_b"),
              PAYLOADS[1], ("x-1", "model"), "None", (PAYLOADS[2], "vb"))


def test_colliding_names_get_distinct_identifiers():
    files = emit_all(build(FIXED))
    model = files["pytorch"]["model.py"]
    assert {"Class", "Block_class"} <= set(re.findall(r"^class (\w+)\(", model, re.M))
    forward = re.search(r"def forward\(self, (.*)\):", model.split("class Net")[-1] if "class Net" in model else model)
    assert forward and len(set(forward[1].split(", "))) == len(forward[1].split(", "))
    layer = files["candle"]["src/model/class.rs"] if "src/model/class.rs" in files["candle"] else \
        next(t for p, t in files["candle"].items() if p.endswith(".rs") and "a_b" in t)
    fields = re.findall(r"^    (\w+): ", layer.split("impl")[0], re.M)
    assert len(fields) == len(set(fields)), fields


@pytest.mark.parametrize("name, problem", [
    ("", "is empty"), ("a\0b", "U+0000"), ("a\nb", "U+000A"), ("x\u202e", "U+202E"), ("\ue004config\ue005", "U+E004"),
    ("a" * (MAX_LENGTH + 1), "characters long"), ("a..b", "empty part"), (".a", "empty part")])
def test_the_ir_rejects_names_up_front_naming_them(name, problem):
    assert problem in name_problem(name, dotted=True)
    with pytest.raises(ir.IRError, match=re.escape(repr(name)[:60])):
        check_name(name, "parameter", dotted=True)
    b = ir.Builder(ir.Graph("Net"))
    with pytest.raises(ir.IRError, match="parameter"):
        b.param(name, (4,))


def test_the_validator_check_names_every_declared_name():
    graph = build(FIXED)
    check_graph_names(graph)
    graph.outputs["a\0b"] = graph.outputs[FIXED.outputs[0]]
    with pytest.raises(ir.IRError, match=re.escape("output 'a\\x00b' holds the invisible character U+0000")):
        check_graph_names(graph)
    graph.outputs = {FIXED.inputs[0]: graph.outputs[FIXED.outputs[0]]}
    with pytest.raises(ir.IRError, match="is named like an input"):
        check_graph_names(graph)


def test_block_parts_are_identifiers_or_indices():
    b = ir.Builder(ir.Graph("Net"))
    with pytest.raises(ir.IRError, match=r"block path 'x-1' has the part 'x-1'"):
        with b.block("x-1", "Layer"):
            pass
    for ok in ("class", "layers", "b" * 300):
        with b.block(f"{ok}.0", "Layer"):
            pass
    assert name_problem("é.weight", dotted=True) is None and name_problem("x-1.weight", dotted=True) is None


# --- a fixed sample through the real compilers -----------------------------------------------
def _program(framework: str, root: Path) -> Path:
    """The fixed sample's program written as `inferena gen` writes it (harness included)."""
    out = root / "model" / framework
    emitters.emit(framework, {"full": build(FIXED), "latency": build(FIXED)}, out, Context(None, "tiny", "test"))
    return out


@pytest.mark.parametrize("framework", ["pytorch", "jax", "mlx", "onnxruntime"])
def test_fixed_sample_runs_and_matches_the_reference(framework, tmp_path):
    """The names round-trip: the program finds every weight and input under its hostile name and
    writes outputs, loss and every gradient under theirs, equal to the reference's."""
    for module in EMITTERS[framework].requires:
        pytest.importorskip(module)
    _run_and_compare(_program(framework, tmp_path), [sys.executable, "main.py"])


def _run_and_compare(program: Path, command: list[str]) -> None:
    """Run a program of the fixed sample (in its folder, data beside it) on perturbed weights:
    its outputs, loss and every gradient, under their names, match the reference."""
    graph = build(FIXED)
    rng = np.random.default_rng(0)
    weights = {k: v + rng.normal(0, 0.1, v.shape).astype(np.float32) for k, v in ir.init_params(graph).items()}
    inputs = {k: rng.normal(size=t.shape).astype(np.float32) for k, t in graph.inputs.items()}
    ir.save_tensors(program.parent / "weights.safetensors", weights)
    ir.save_tensors(program.parent / "inputs.safetensors", {**inputs, **{f"latency.{k}": v for k, v in inputs.items()}})
    proc = subprocess.run([*command, "--data", "..", "--out", "outputs.safetensors", "--warmup", "0", "--repeat", "1"],
                          cwd=program, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = ir.load_tensors(program / "outputs.safetensors")
    want = ir.run(ir.grad_graph(graph), {**weights, **inputs})
    keys = [FIXED.outputs[0], "loss", *(f"grad.{p}" for p in graph.params)]
    assert set(keys) <= set(got), sorted(set(keys) - set(got))
    for key in keys:
        np.testing.assert_allclose(got[key], want[key], rtol=2e-5, atol=1e-6, err_msg=key)


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
def test_fixed_sample_ggml_compiles(tmp_path):
    proc = subprocess.run([sys.executable, "-c", "import libggml, os; print(os.path.dirname(libggml.__file__))"],
                          capture_output=True, text=True)
    if proc.returncode:
        pytest.skip("libggml-python is not installed (pip install 'inferena[ggml]')")
    out = _program("ggml", tmp_path)
    sources = sorted(str(p) for p in out.glob("*.c"))
    proc = subprocess.run(["cc", "-fsyntax-only", "-std=gnu11", f"-I{proc.stdout.strip()}/include", *sources],
                          cwd=out, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]


@pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo is not installed")
@pytest.mark.parametrize("framework", ["candle", "burn"])
def test_fixed_sample_crate_builds_and_runs(framework, tmp_path):
    """The fixed sample's crate through rustc, run. Built as `inferena run` builds it, so the
    dependencies are the ones every other Rust test built (tests/conftest.py's shared target dir,
    the same flags and features: other flags would rebuild them all)."""
    program = _program(framework, tmp_path)
    _run_and_compare(program, [str(cargo.build(program, 1800).executable)])
