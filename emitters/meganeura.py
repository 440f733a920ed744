"""Meganeura emitter: a Rust crate per model for Meganeura 0.3.0 (Vulkan compute through
blade-graphics; on a machine without a GPU, Mesa's lavapipe runs it on the CPU), in the same
cargo workspace as Candle's and Burn's crates.

Meganeura is a graph compiler: the program builds a `meganeura::Graph` (a 2-D graph builder:
every tensor is a flat [rows, columns] f32 buffer, or a 1-D vector of u32 ids) and hands it to
`build_inference_session` (forward) or `build_session` (training: Meganeura's own autodiff,
`autodiff::differentiate`, appends the backward graph; `step()` without a learning rate runs
forward and backward only). The generated `src/model.rs` builds it from the lowered IR as its
own bundled model builders are written (none of them is called): one function per block kind
(`fn llama_decoder_layer(g: &mut Graph, p: &str, x: NodeId) -> NodeId`, reading its parameters
by checkpoint name under its path `p`), a `for` loop over repeated blocks, one `build_<variant>`
entry per graph variant declaring the inputs and calling the root. Meganeura's builder calls
take the sizes of the values (an image's channels, height and width) as arguments, so a block
kind whose instances see other sizes is one function per size (`res_block`, `res_block_2`).

Mapping. An IR value of shape [d0, .., dn] is held flat as [d0*..*d(n-1), dn]. Attention heads
are a layout, not a copy: `reshape [B, S, H*D] -> [B, S, H, D]` and `transpose (0, 2, 1, 3)`
keep the flat [S, H*D] node and record (H, D); `rope` on such a value is Meganeura's half-split
`rope(x, theta, D)` (it computes its tables from theta at positions 0.., as the IR's
`rope_tables` of `positions` with offset 0 does: checked at emit time) and `attention` is
`causal_attention`/`full_attention` with grouped-query heads (scale 1/sqrt(D) only: checked), and
cross-attention (keys of another length) its trainable `multi_head_attn` (its CrossAttention has no
backward). Exact GELU is `gelu_erf`, a helper of the generated crate composing erf from
Meganeura's element-wise ops (Abramowitz & Stegun 7.1.26, |error| <= 1.5e-7; Meganeura's own gelu
is the tanh form, whose backward is yet another approximation, so that one does not train).
Meganeura's attention has no batch axis, so attention needs batch 1. `cross_entropy` is
Meganeura's `cross_entropy_loss` over one-hot labels (the program writes the one-hot input
from the IR's i64 labels); it means over rows, as the IR's does. NCHW images are flat
[N*C*H*W] vectors, as Meganeura's `conv2d_hw`, `group_norm`, `upsample_2x`, channel `concat`,
`max_pool_2d` and `global_avg_pool` take them; `batch_norm` (stored statistics) is a per-channel
scale and shift computed in the graph from the parameters. Positions index a table as a slice
of it (`split_a`/`split_b`). The sinusoidal timestep embeddings (SD 1.5, SmolVLA) are built in
the graph too: arange is Meganeura's exclusive cumulative sum of ones, sin and cos the helper
`sin_cos` (range reduction by 2π, the rounding done by adding and subtracting 1.5·2²³, then a
Taylor series: |error| < 1e-6 up to |x| = 3000). SmolVLA's actions attend to the prefix keys and
causally to each other (a causal mask aligned to the last key): Meganeura's causal attention of
the queries after as many rows of zeros, those rows' results dropped; keys and values are put
together by matmuls with one-hot constants, not Meganeura's concat, whose backward receives the
attention's dV (written by its fused dK/dV kernel) as zeros (reproduced with a 30-line program).

Training is Meganeura's own autodiff where its backward is exact for every op of the model;
where it is not (_TRAIN_BLOCKERS: MaxPool2d's spreads the gradient evenly, the tanh Gelu's is
another approximation; MulPerChannel, which batch norm uses, has none), the IR's backward graph
(ir/autodiff.py, the backward of each block kind a block of its own) is written as more forward
Meganeura ops in `build_training`, an inference session whose outputs are the loss and every
gradient (the record's `autodiff` is "ir"): broadcasting element-wise ops, sum_to and
broadcast_to become reshapes, `broadcast_inner`/`sum_inner` and matmuls by ones between
transposes; the convolutions' backward ops are Meganeura's `conv2d_grad_input`/`conv2d_grad_weight`,
max-pool's a helper composed from its convolutions (one-hot kernels pick each window position;
the gradient goes to the first maximum, as PyTorch's does).

What Meganeura cannot express is checked over the whole graph first where a blocker is known
(_BLOCKERS, none left in the zoo), so the ERROR row names every cause; any other op or form outside
these rules raises an IRError naming it. Attention whose head dim is not a power of two (full-size
SD 1.5: 40, 80, 160), which Meganeura's attention kernels need, is the helper `attention_by_heads`:
matmuls and a softmax, one head at a time (heads cut out with split_a/split_b, put back with
concat)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from inferena.ir import GRAD_PREFIX, IRError, TensorType
from inferena.ir.autodiff import grad_graph
from inferena.ir.passes import decompose, eliminate_dead_code
from inferena.ir.registry import OPS

from . import codegen, rustcode
from .base import Emitter
from .rustcode import RUST, fmt, string
from .structure import Block, Program, Stmt, analyze, hint

NAME = "meganeura"
VERSION = "0.3.0"
# Exact versions; the others as Candle's and Burn's crates pin them (one version each in the
# workspace). Meganeura without default features: no `hub` (no network at run time).
DEPENDENCIES = {"anyhow": '"=1.0.105"', "meganeura": '{ version = "=0.3.0", default-features = false }',
                "memmap2": '"=0.9.12"', "safetensors": '"=0.8.0"', "serde_json": '"=1.0.154"'}

# IR ops written natively (the rest are decomposed by ir.decompose first; a primitive this
# table lacks is an IRError naming it).
SUPPORTED = frozenset({"linear", "matmul", "rmsnorm", "embedding", "positions", "rope_tables", "rope",
                       "attention", "silu", "sigmoid", "relu", "tanh", "exp", "log", "neg", "add", "mul",
                       "reshape", "transpose", "cross_entropy", "softmax", "layer_norm", "conv2d", "group_norm",
                       "upsample_nearest", "concat", "mse_loss", "max_pool2d", "gelu", "batch_norm", "mean",
                       # with broadcasting, for the IR's backward graphs (written as forward code)
                       "sub", "div", "rsqrt", "const", "zeros_like", "greater", "where", "sum", "sum_to",
                       "broadcast_to", "one_hot", "conv2d_backward_input", "conv2d_backward_weight",
                       "max_pool2d_backward", "sin", "cos", "arange", "cast", "split", "causal_mask", "sqrt", "pow",
                       "embedding_grad"})
# layouts whose node holds the IR value in row-major order (a reshape is a view)
_ROW_MAJOR = frozenset({"flat", "nchw", "split", "kernel", "onehot"})
# Ops of the zoo Meganeura's graph cannot express (or train through), and why: checked over the
# whole graph first, so a model's row names every cause, not the first op the walk reaches.
_BLOCKERS: dict[str, str] = {}
# Ops whose native backward is wrong: training goes through the IR's backward graph instead
# (and where that cannot be written either, training is not measured, the row says why).
_TRAIN_BLOCKERS = {
    "max_pool2d": "Meganeura's MaxPool2d backward is approximate (autodiff.rs spreads the gradient evenly, "
                  "like average pooling, instead of to each window's maximum), so its native gradients would "
                  "be wrong",
    "gelu_tanh": "Meganeura's Gelu (the tanh form) has a backward of another approximation (x * sigmoid(1.702 x)), "
                 "so its native gradients would be wrong",
}
# Ops reading all the parameters under one name (`q_proj.weight`, `q_proj.bias`) and nothing
# else: a layer helper of the crate reads them by that name (their positions among the inputs,
# and the names the helper reads)
_LAYERS = {"linear": ((1, 2), ("weight", "bias")), "conv2d": ((1, 2), ("weight", "bias")),
           "batch_norm": ((1, 2, 3, 4), ("weight", "bias", "running_mean", "running_var"))}
_UNARY = {"silu": "silu", "sigmoid": "sigmoid", "relu": "relu", "tanh": "tanh", "exp": "exp", "log": "log",
          "neg": "neg"}
_FORCE_HEADS = False        # tests: every attention one head at a time (attention_by_heads)
# names generated code binds besides locals: the builder, the block's path, the loop index
_TAKEN = frozenset(RUST.reserved | {"g", "p", "i", "Feed", "Variant", "Graph", "NodeId", "Op", "gelu_erf", "linear",
                                     "conv2d", "batch_norm", "sin_cos", "max_pool_2d_backward", "shared_parameter",
                                     "one_hot_rows", "attention_by_heads"})


@dataclass(frozen=True)
class _Val:
    """How an IR value is held: a Rust NodeId local (None: known when the graph is built, no
    node), its IR shape and dtype, the shape of Meganeura's node, and its layout: "flat"
    ([rows, columns]), "nchw" (a flat image vector), "kernel" (a flat conv kernel), "split"
    ([B, S, H, D] over flat [S, H*D]), "heads" ([B, H, S, D] over [S, H*D]), "ids" (u32),
    "onehot" (i64 labels fed as one-hot rows), "positions" (offset, count) or "tables"
    (theta, dim: rope computes its own)."""
    var: str | None
    dims: tuple[int, ...]
    dtype: str = "f32"
    layout: str = "flat"
    shape: tuple[int, ...] = ()
    heads: tuple[int, int] | None = None
    info: Any = None

    def key(self) -> tuple:
        """What a function's code depends on (not the local's name)."""
        return (self.dims, self.dtype, self.layout, self.shape, self.heads, self.info)

    def at(self, var: str | None) -> _Val:
        return replace(self, var=var if self.var is not None else None)


def _flat(shape) -> tuple[int, int]:
    dims = [int(d) for d in shape]
    if not dims:
        return (1, 1)
    rows = math.prod(dims[:-1]) if len(dims) > 1 else 1
    return (rows, dims[-1])


def _ints(shape) -> tuple[int, ...]:
    return tuple(int(d) for d in shape)


def _f32(value: float) -> str:
    """An f32 literal: as short as f32 needs, a std constant where clippy wants one."""
    if math.isinf(value):
        return "f32::INFINITY" if value > 0 else "f32::NEG_INFINITY"
    for name, c in rustcode.STD_CONSTS.items():
        if value and abs(abs(value) - c) <= 1e-7 * c:
            return f"{'-' if value < 0 else ''}std::f32::consts::{name}"
    text = str(np.float32(value))
    return f"{text if '.' in text or 'e' in text else text + '.0'}_f32"


def _several(names: list[str]) -> str:
    """One NodeId, or an array of them (a function's results)."""
    return names[0] if len(names) == 1 else f"[{', '.join(names)}]"


def _prune(lines: list[str], keep: set[str]) -> list[str]:
    """The lines without the `let`s nothing reads (a split's unused part, say), repeatedly."""
    lines = list(lines)
    while True:
        counts: dict[str, int] = {}
        for line in lines:
            for word in re.findall(r"\b\w+\b", line):
                counts[word] = counts.get(word, 0) + 1
        dead = [i for i, line in enumerate(lines) if (m := re.match(r"let (\w+) = ", line))
                and m[1] not in keep and counts[m[1]] == 1]
        if not dead:
            return lines
        lines = [line for i, line in enumerate(lines) if i not in set(dead)]


def _fail(node, why: str):
    raise IRError(f"meganeura cannot express {node.op} ({', '.join(node.outputs)}): {why}")


@dataclass
class _Fn:
    """A written function: its name, kind, first path and text (the doc comment written last,
    when the module knows how many sizes its kind has)."""
    name: str
    kind: str
    path: str
    root: bool
    text: str = ""


class _Module:
    """model.rs: one function per block kind and distinct code (a kind whose instances are built
    with other sizes is one function per size), written on first call."""

    NAME = "\ue000fn\ue001"            # the function's name while its text is compared

    def __init__(self, program: Program):
        self.calls: dict[tuple, tuple[str, list[_Val]]] = {}
        self.use(program)
        self.order: list[_Fn] = []
        self.taken = set(_TAKEN) | {rustcode.snake(k) for k in program.blocks}
        self.helpers: set[str] = set()

    def use(self, program: Program) -> None:
        """Write the blocks of this program next (the forward one, then the IR's training one)."""
        self.program = program
        self.params = {k: p for g in program.graphs.values() for k, p in g.params.items()}
        self.shared = self._shared()

    def _shared(self) -> set[str]:
        """Parameters read by a block other than their owner (tied weights): one node for all."""
        out = set()
        for block in [*self.program.blocks.values(), *([self.program.loss] if self.program.loss else [])]:
            for s in block.stmts:
                out.update(v for v in s.inputs if v in self.params and block.rel(v) not in block.params)
        return out

    def function(self, kind: str, args: list[_Val], path: str, root: bool = False) -> tuple[str, list[_Val]]:
        """The function of a block kind for these arguments, and what its results hold. A root
        (the model) reads its parameters and children by their absolute names and takes no path."""
        key = (id(self.program), kind, root, tuple(a.key() for a in args))
        if key in self.calls:
            return self.calls[key]
        block = self.program.blocks[kind]
        body = _Body(self, block, root=root)
        params = [body.arg(a, v) for a, v in zip(block.args, args)]
        body.stmts(block.stmts)
        results = [body.value(r) for r in block.returns]
        text = body.function(self.NAME, [p for p in params if p], [r.var for r in results if r.var is not None])
        same = next((f for f in self.order if (f.kind, f.root, f.text) == (kind, root, text)), None)
        if same is None:
            base = rustcode.snake(kind)
            k = sum(f.kind == kind for f in self.order) + 1
            name = base if k == 1 else f"{base}_{k}"
            while k > 1 and name in self.taken:
                k += 1
                name = f"{base}_{k}"
            self.taken.add(name)
            same = _Fn(name, kind, path, root, text)
            self.order.append(same)
        self.calls[key] = same.name, results
        return self.calls[key]

    def text(self) -> list[str]:
        out = []
        for fn in self.order:
            if fn.root:
                doc = f"/// {fn.kind}: the model, its parameters by their checkpoint names."
            else:
                sizes = " at these sizes" if sum(f.kind == fn.kind for f in self.order) > 1 else ""
                doc = f"/// {fn.kind}: `{fn.path}` in the checkpoint, and the blocks like it{sizes}."
            out.append(f"{doc}\n{fn.text.replace(self.NAME, fn.name)}")
        return out


class _Body:
    """The statements of one Rust function: values by IR name, lines, unique locals."""

    def __init__(self, module: _Module, block: Block | None, root: bool):
        self.m, self.block, self.root = module, block, root
        self.vals: dict[str, _Val] = {}
        self.lines: list[str] = []
        self.taken: set[str] = set(_TAKEN) | module.taken       # no local hides a function
        self.uses_p = False
        owners = codegen.layer_owners(block, {op: pos for op, (pos, _) in _LAYERS.items()}) if block else {}
        self.layers = {}            # statement -> the name its layer helper reads the parameters under
        for s in block.stmts if block else ():
            if id(s) in owners and not self.m.shared.intersection(s.inputs):
                pos, names = _LAYERS[s.node.op]
                rels = [block.rel(s.inputs[j]) for j in pos if j < len(s.inputs)]
                if rels == [f"{owners[id(s)]}.{name}" for name in names[:len(rels)]]:
                    self.layers[id(s)] = owners[id(s)]

    # --- names -------------------------------------------------------------------------
    def local(self, name: str) -> str:
        base = re.sub(r"\W+", "_", name, flags=re.ASCII).strip("_").lower() or "t"
        base = base if base[0].isalpha() else f"t_{base}"
        if base in self.taken:
            k = 2
            while f"{base}_{k}" in self.taken:
                k += 1
            base = f"{base}_{k}"
        self.taken.add(base)
        return base

    def let(self, expr: str, like: str, dims, **kw) -> _Val:
        """`let <local> = expr;`, the local named after the IR value `like`."""
        var = self.local(hint(like, _TAKEN))
        self.lines.append(f"let {var} = {expr};")
        return _Val(var, _ints(dims), **kw)

    def arg(self, value: str, val: _Val) -> str | None:
        """A function argument: its Rust parameter (None: known when the graph is built)."""
        if val.var is None:
            self.vals[value] = val
            return None
        var = self.local(hint(value, _TAKEN))
        self.vals[value] = val.at(var)
        return var

    def path(self, rel: str) -> str:
        """A name under this block's path, as a Rust &str expression."""
        if self.root:
            return string(rel)
        self.uses_p = True
        return f'&format!("{{p}}.{fmt(rel)}")'

    # --- values --------------------------------------------------------------------------
    def value(self, v: str) -> _Val:
        if v in self.vals:
            return self.vals[v]
        if v in self.m.params:                          # declared where first read
            p = self.m.params[v]
            rel = self.block.rel(v) if self.block is not None else v
            dims = _ints(p.type.shape)
            name = self.local(re.sub(r"^model\.", "", rel))
            if len(dims) > 2:            # conv kernels: flat, as Meganeura's conv2d takes them
                val = _Val(name, dims, layout="kernel", shape=(math.prod(dims),))
            else:
                val = _Val(name, dims, shape=dims)
            if v in self.m.shared:
                self.m.helpers.add("shared_parameter")
                self.lines.append(f"let {name} = shared_parameter(g, {self.path(rel)}, &{list(val.shape)});")
            else:
                self.lines.append(f"let {name} = g.parameter({self.path(rel)}, &{list(val.shape)});")
            self.vals[v] = val
            return val
        raise IRError(f"meganeura: value {v} is read before it is written")

    def bind(self, outputs: list[str], vals: list[_Val], expr: str) -> None:
        """`let (a, b) = expr;` for the results that are nodes; the others bound as they are."""
        names = []
        for o, val in zip(outputs, vals):
            if val.var is None:
                self.vals[o] = val
            else:
                var = self.local(hint(o, _TAKEN))
                self.vals[o] = val.at(var)
                names.append(var)
        target = _several(names)
        self.lines.append(f"let {target} = {expr};" if names else f"{expr};")

    # --- statements ----------------------------------------------------------------------
    def stmts(self, stmts: list[Stmt]) -> None:
        for s in stmts:
            if s.kind == "op":
                _Op(self, s.node, self.layers.get(id(s))).write()
            elif s.kind == "call":
                self.call(s)
            else:
                self.loop(s)

    def child(self, s: Stmt, index: str | int | None) -> tuple[str, str]:
        """A child's path (index "i": the loop's), as a Rust &str expression, and the name of
        the first instance it stands for."""
        step = "" if index is None else "." + ("{i}" if index == "i" else str(index))
        first = s.member + ("" if index is None else f".{0 if index == 'i' else index}")
        prefix = f"{self.block.path}." if self.block is not None and self.block.path else ""
        if self.root:
            return (f'&format!("{fmt(s.member)}{step}")' if index == "i" else string(s.member + step)), prefix + first
        self.uses_p = True
        return f'&format!("{{p}}.{fmt(s.member)}{step}")', prefix + first

    def call(self, s: Stmt) -> None:
        args = [self.value(v) for v in s.inputs]
        path, first = self.child(s, s.index)
        name, results = self.m.function(s.child_kinds[0], args, first)
        self.bind(s.outputs, results, self.call_expr(name, path, args))

    @staticmethod
    def call_expr(name: str, path: str | None, args: list[_Val]) -> str:
        return f"{name}({', '.join(['g', *([path] if path else []), *(a.var for a in args if a.var is not None)])})"

    def loop(self, s: Stmt) -> None:
        """Repeated blocks: a `for` loop where every step is one function whose results hold
        what its carried arguments held; else one call per step."""
        if s.sliced:
            raise IRError(f"meganeura: a loop over {s.member} slices a stacked input (not written)")
        args = [self.value(v) for v in s.inputs]
        steps, step_args = [], list(args)
        for i, kind in enumerate(s.child_kinds):
            name, results = self.m.function(kind, step_args, self.child(s, i)[1])
            steps.append((name, results))
            step_args = list(step_args)
            for j, k in s.carried.items():
                step_args[j] = results[k]
        if len({name for name, _ in steps}) > 1 or any(
                steps[0][1][k].key() != args[j].key() for j, k in s.carried.items()):
            cur = list(args)
            for i, (name, results) in enumerate(steps):
                outs = [f"{o}#{i}" for o in s.outputs]
                self.bind(outs, results, self.call_expr(name, self.child(s, i)[0], cur))
                cur = list(cur)
                for j, k in s.carried.items():
                    cur[j] = self.vals[outs[k]]
            for o in s.outputs:
                self.vals[o] = self.vals[f"{o}#{len(steps) - 1}"]
            return
        name, results = steps[0]
        # the carried values live in mutable locals named after the loop's results
        muts = {}
        for j, k in sorted(s.carried.items(), key=lambda jk: jk[1]):
            if args[j].var is not None:
                muts[j] = self.local(hint(s.outputs[k], _TAKEN))
                self.lines.append(f"let mut {muts[j]} = {args[j].var};")
        cur = [a.at(muts[j]) if j in muts else a for j, a in enumerate(args)]
        targets = list(muts.values())
        target = _several(targets)
        self.lines.append(f"for i in 0..{len(steps)} {{")
        self.lines.append(f"    {target} = {self.call_expr(name, self.child(s, 'i')[0], cur)};")
        self.lines.append("}")
        for j, k in s.carried.items():
            self.vals[s.outputs[k]] = cur[j]

    def function(self, name: str, params: list[str], results: list[str]) -> str:
        """The function's text: `g`, the path (not a root's), the arguments; its results."""
        head = ["g: &mut Graph"] + ([] if self.root else [f"{'p' if self.uses_p else '_p'}: &str"])
        head += [f"{a}: NodeId" for a in params]
        ret = "NodeId" if len(results) == 1 else f"[NodeId; {len(results)}]"
        tail = _several(results)
        lines = _prune(self.lines, set(results))
        if len(results) == 1 and lines and lines[-1].startswith(f"let {tail} = ") and \
                sum(len(re.findall(rf"\b{tail}\b", line)) for line in lines) == 1:
            tail = lines.pop()[len(f"let {tail} = "):-1]       # no `let x = ...; x`
        allow = "#[allow(clippy::too_many_arguments)]\n" if len(head) > 7 else ""
        body = "".join(f"    {line}\n" for line in lines)
        return f"{allow}fn {name}({', '.join(head)}) -> {ret} {{\n{body}    {tail}\n}}\n"


class _Op:
    """One IR op as Meganeura builder calls (or a layout, with no call)."""

    def __init__(self, body: _Body, node, layer: str | None = None):
        self.b, self.n, self.layer = body, node, layer
        owned = set(_LAYERS[node.op][0]) if layer else set()     # read by the layer helper
        self.ins = [_Val(None, _ints(body.m.params[v].type.shape)) if j in owned else body.value(v)
                    for j, v in enumerate(node.inputs)]
        types = [TensorType(v.dims, v.dtype) for v in self.ins]
        inferred = OPS[node.op].infer_types(types, node.attrs)
        self.outs = [_ints(t.shape) for t in inferred]
        self.dtype = inferred[0].dtype

    def fail(self, why: str):
        _fail(self.n, why)

    def put(self, val: _Val, k: int = 0) -> None:
        self.b.vals[self.n.outputs[k]] = val

    def let(self, expr: str, dims=None, name: str = "", **kw) -> _Val:
        kw.setdefault("dtype", self.dtype if self.dtype != "bool" else "f32")
        return self.b.let(expr, name or self.n.outputs[0], self.outs[0] if dims is None else dims, **kw)

    def flat(self, expr: str, **kw) -> _Val:
        """A node holding the output as [rows, columns]."""
        return self.let(expr, shape=_flat(self.outs[0]), **kw)

    def write(self) -> None:
        n, a, ins, op = self.n, self.n.attrs, self.ins, self.n.op
        if op in _UNARY:
            x = ins[0]
            self.put(self.let(f"g.{_UNARY[op]}({x.var})", layout=x.layout, shape=x.shape, heads=x.heads))
        elif op == "gelu":              # Meganeura's gelu is the tanh form; the exact one is composed
            x = ins[0]
            if x.layout not in ("flat", "nchw"):
                self.fail(f"gelu of a {x.layout} value")
            if a["approximate"] == "none":
                self.b.m.helpers.add("gelu_erf")
                self.put(self.let(f"gelu_erf(g, {x.var})", layout=x.layout, shape=x.shape))
            else:
                self.put(self.let(f"g.gelu({x.var})", layout=x.layout, shape=x.shape))
        elif op in ("add", "mul") and ins[0].dims == ins[1].dims and ins[0].shape == ins[1].shape \
                and ins[0].layout == ins[1].layout and ins[0].var and ins[1].var:
            x, y = ins
            self.put(self.let(f"g.{op}({x.var}, {y.var})", layout=x.layout, shape=x.shape, heads=x.heads))
        elif op in ("add", "sub", "mul", "div", "greater"):
            self.put(self.binary(op, *ins))
        elif op == "where":
            self.put(self.where(*ins))
        elif op == "const":
            if a["dtype"] not in ("f32", "f64"):
                self.fail(f"a {a['dtype']} constant")
            self.put(_Val(None, (), a["dtype"], layout="const", info=float(a["value"])))
        elif op == "zeros_like":
            self.put(self.expand(_Val(None, (), layout="const", info=0.0), self.outs[0]))
        elif op in ("rsqrt", "sqrt", "pow"):     # x ** e = exp(e log x): Meganeura has no sqrt or pow
            e = {"rsqrt": -0.5, "sqrt": 0.5}.get(op) or a["exponent"]
            x = self.rows2d(ins[0], self.outs[0])
            if e == int(e) and 1 <= e <= 4:     # products: right for negative x too
                y = x
                for _ in range(int(e) - 1):
                    y = self.let(f"g.mul({y.var}, {x.var})", shape=x.shape)
                self.put(y)
                return
            log = self.let(f"g.log({x.var})", name=f"{self.n.outputs[0]}_log", shape=x.shape)
            scaled = self.binary("mul", log, _Val(None, (), x.dtype, layout="const", info=float(e)))
            self.put(self.let(f"g.exp({scaled.var})", shape=scaled.shape))
        elif op == "embedding_grad":    # the gradient of a table: Meganeura's scatter_add of the rows
            ct, ids = ins
            if ids.layout != "ids":
                self.fail("embedding_grad of ids from an input")
            ct = self.rows2d(ct, (ids.shape[0], ct.dims[-1]))
            self.put(self.let(f"g.scatter_add({ids.var}, {ct.var}, {a['num']})", shape=self.outs[0]))
        elif op == "broadcast_to":
            self.put(self.expand(ins[0], self.outs[0]))
        elif op == "sum_to":
            self.put(self.reduce(ins[0], self.outs[0]))
        elif op == "sum":
            axes = {ax % len(ins[0].dims) for ax in a["axes"]}
            kept = tuple(1 if i in axes else d for i, d in enumerate(ins[0].dims))
            self.put(replace(self.reduce(ins[0], kept), dims=self.outs[0]))
        elif op == "one_hot":           # the labels are fed one-hot
            if ins[0].layout != "onehot" or ins[0].shape[1] != a["depth"]:
                self.fail("one_hot of the labels input only")
            self.put(replace(ins[0], dims=self.outs[0], dtype="f32", layout="flat"))
        elif op in ("conv2d_backward_input", "conv2d_backward_weight", "max_pool2d_backward"):
            self.backward()
        elif op == "linear":
            x, w = ins[0], ins[1]
            if x.layout != "flat":
                self.fail(f"linear of a {x.layout} value")
            if self.layer:
                self.b.m.helpers.add("linear")
                self.put(self.flat(f"linear(g, {self.b.path(self.layer)}, {x.var}, {list(w.dims)}, "
                                   f"{str(len(ins) == 3).lower()})"))
                return
            y = self.flat(f"g.matmul_bt({x.var}, {w.var})")
            if len(ins) == 3:
                y = self.flat(f"g.bias_add({y.var}, {ins[2].var})")
            self.put(y)
        elif op == "matmul":
            x, w = ins
            if len(w.dims) != 2 or x.layout != "flat":
                self.fail("Meganeura's matmul is 2-D (no batched matmul)")
            self.put(self.flat(f"g.matmul({x.var}, {w.var})"))
        elif op == "rmsnorm":
            self.put(self.flat(f"g.rms_norm({ins[0].var}, {ins[1].var}, {float(a['eps'])!r}_f32)"))
        elif op == "layer_norm":
            if len(ins) != 3:
                self.fail("Meganeura's layer_norm needs a scale and a shift")
            self.put(self.flat(f"g.layer_norm({ins[0].var}, {ins[1].var}, {ins[2].var}, {float(a['eps'])!r}_f32)"))
        elif op == "softmax":
            x = ins[0]
            if a["axis"] % len(x.dims) != len(x.dims) - 1 or x.layout != "flat":
                self.fail("Meganeura's softmax is over the last axis of a 2-D tensor")
            self.put(self.flat(f"g.softmax({x.var})"))
        elif op == "embedding" and ins[0].layout == "positions":
            self.put(self.rows(ins[1], *ins[0].info))
        elif op == "embedding":
            ids, table = ins
            if ids.layout != "ids":
                self.fail("Meganeura's embedding takes u32 ids from an input")
            self.put(self.flat(f"g.embedding({ids.var}, {table.var})"))
        elif op == "positions":         # known when the graph is built: a slice of what they index
            x = ins[0]
            axis = a["axis"] % len(x.dims)
            if axis != len(x.dims) - 2 + (x.dtype == "i64") or math.prod(x.dims[:axis]) != 1:
                self.fail("positions along the sequence of a batch-1 value only")
            self.put(_Val(None, self.outs[0], "i64", layout="positions", info=(int(a["offset"]), self.outs[0][0])))
        elif op == "rope_tables":
            pos = ins[0]
            if pos.layout != "positions":
                self.fail("Meganeura's rope computes its tables at positions offset.. of the rows it rotates")
            for k in range(2):
                self.put(_Val(None, self.outs[k], layout="tables", info=(float(a["theta"]), int(a["dim"]), pos.info[0])), k)
        elif op == "causal_mask":       # known when the graph is built: attention applies it
            self.put(_Val(None, self.outs[0], "bool", layout="mask", info=int(a["offset"])))
        elif op == "reshape":
            self.reshape(ins[0])
        elif op == "transpose":
            x, perm = ins[0], tuple(a["perm"])
            if perm == (0, 2, 1, 3) and x.layout in ("split", "heads") and x.dims[0] == 1:
                self.put(replace(x, dims=self.outs[0], layout="heads" if x.layout == "split" else "split"))
            elif x.layout == "flat" and (perm == (1, 0) or perm == (0, 2, 1) and x.dims[0] == 1):
                self.put(self.flat(f"g.transpose({x.var})"))
            else:
                self.fail(f"Meganeura has no general transpose (perm {perm} of {list(x.dims)}); heads of a "
                          "batch-1 [1, S, H, D] value and 2-D transposes only")
        elif op == "rope":
            x, cos = ins[0], ins[1]
            if x.layout != "heads" or cos.layout != "tables":
                self.fail("rope of attention heads with tables from rope_tables")
            theta, dim, offset = cos.info
            if dim != x.heads[1]:
                self.fail(f"rotary dim {dim} is not the head dim {x.heads[1]} (Meganeura rotates whole heads)")
            expr = f"g.rope_with_offset({x.var}, {theta!r}_f32, {offset}, {dim})" if offset else \
                f"g.rope({x.var}, {theta!r}_f32, {dim})"
            self.put(self.let(expr, layout="heads", shape=x.shape, heads=x.heads))
        elif op == "attention":
            self.attention()
        elif op in ("conv2d", "group_norm", "upsample_nearest", "batch_norm", "max_pool2d", "mean"):
            self.image()
        elif op in ("concat", "split"):
            self.concat_split()
        elif op == "arange":            # Meganeura's exclusive cumulative sum of ones: 0, 1, ..
            if a["dtype"] not in ("f32", "f64"):
                self.fail(f"an {a['dtype']} arange")
            n = a["size"]
            ones = self.let(f"g.constant(vec![1.0; {n}], &[1, {n}])", (1, n), f"{self.n.outputs[0]}_ones", shape=(1, n))
            self.put(self.let(f"g.exclusive_cumsum({ones.var}, false)", shape=(1, n)))
        elif op == "cast":              # f64 is f32 here
            if {ins[0].dtype, a["dtype"]} - {"f32", "f64"}:
                self.fail(f"a cast from {ins[0].dtype} to {a['dtype']}")
            self.put(replace(ins[0], dtype=a["dtype"]))
        elif op in ("sin", "cos"):      # composed (helper): Meganeura has no sin or cos
            x = self.rows2d(ins[0], ins[0].dims)
            self.b.m.helpers.add("sin_cos")
            self.put(self.let(f"sin_cos(g, {x.var}, {str(op == 'cos').lower()})", shape=x.shape))
        elif op == "mse_loss":
            x, y = ins
            if x.shape != y.shape or x.layout != y.layout:
                self.fail("mse_loss of two tensors of one shape")
            self.put(self.let(f"g.mse_loss({x.var}, {y.var})", shape=(1,)))
        elif op == "cross_entropy":
            logits, labels = ins
            if labels.layout != "onehot" or logits.layout != "flat":
                self.fail("cross_entropy of flat logits and labels from an input")
            self.put(self.let(f"g.cross_entropy_loss({logits.var}, {labels.var})", shape=(1,)))
        else:
            self.fail("no Meganeura graph op for it in this emitter")

    def rows(self, table: _Val, start: int, count: int) -> _Val:
        """Rows start..start+count of a [P, D] table (positions index it): the table itself, or
        split off it (Meganeura's split_a/split_b cut a [batch, channels, rest] buffer)."""
        p, d = table.dims
        if (start, count) == (0, p):
            return table
        x = self.let(f"g.reshape({table.var}, &[{p * d}])", (p * d,), shape=(p * d,))   # split_a/b: flat
        if start:
            x = self.let(f"g.split_b({x.var}, 1, {start}, {p - start}, {d})", ((p - start) * d,), shape=((p - start) * d,))
        if start + count < p:
            x = self.let(f"g.split_a({x.var}, 1, {count}, {p - start - count}, {d})", (count * d,), shape=(count * d,))
        return self.let(f"g.reshape({x.var}, &[{count}, {d}])", (count, d), shape=(count, d))

    # --- broadcasting, for the IR's backward graphs ------------------------------------------
    def rows2d(self, x: _Val, dims, suffix: str = "") -> _Val:
        """A row-major value of shape `dims` as the node [rows, columns] of them."""
        want = _flat(dims)
        if x.layout == "const":
            return self.expand(x, dims)
        if x.layout not in _ROW_MAJOR:
            self.fail(f"{self.n.op} of a {x.layout} value")
        if x.shape == want:
            return replace(x, dims=_ints(dims), layout="flat", heads=None)
        return self.let(f"g.reshape({x.var}, &{list(want)})", dims, f"{self.n.outputs[0]}{suffix}", shape=want)

    def expand(self, x: _Val, out) -> _Val:
        """x broadcast to `out` (numpy's rule), as the node [rows, columns] of `out`: from the
        innermost axis out, kept axes are a reshape, a repeated one Meganeura's broadcast_inner
        (each element repeated) between transposes, or a matmul by a column of ones."""
        out = _ints(out)
        name = f"{self.n.outputs[0]}_expanded"
        if x.layout == "const":
            rows, cols = _flat(out)
            col = self.let(f"g.constant(vec![{_f32(x.info)}; {rows}], &[{rows}, 1])", (rows, 1), name, shape=(rows, 1))
            return col if cols == 1 else self.let(f"g.broadcast_inner({col.var}, {cols})", out, name, shape=(rows, cols))
        dims = (1,) * (len(out) - len(x.dims)) + x.dims
        if dims == out:
            return self.rows2d(x, out)
        if x.layout not in _ROW_MAJOR:
            self.fail(f"broadcast of a {x.layout} value")
        total = math.prod(dims)
        t = self.let(f"g.reshape({x.var}, &[{total}, 1])", (total, 1), name, shape=(total, 1))
        outer, inner = total, 1                         # t is [outer, inner]
        for d, o in reversed(list(zip(dims, out))):
            if o == 1:
                continue
            if d == o:
                outer, inner = outer // d, inner * d
                continue
            if inner > 1 and t.shape != (outer, inner):
                t = self.let(f"g.reshape({t.var}, &[{outer}, {inner}])", (outer, inner), name, shape=(outer, inner))
            if inner == 1:
                t = self.let(f"g.broadcast_inner({t.var}, {o})", (outer, o), name, shape=(outer, o))
            elif outer == 1:
                ones = self.let(f"g.constant(vec![1.0; {o}], &[{o}, 1])", (o, 1), f"{name}_ones", shape=(o, 1))
                t = self.let(f"g.matmul({ones.var}, {t.var})", (o, inner), name, shape=(o, inner))
            else:                                       # each row of t repeated o times
                t = self.let(f"g.transpose({t.var})", (inner, outer), name, shape=(inner, outer))
                t = self.let(f"g.reshape({t.var}, &[{inner * outer}, 1])", (inner * outer, 1), name,
                             shape=(inner * outer, 1))
                t = self.let(f"g.broadcast_inner({t.var}, {o})", (inner, outer * o), name, shape=(inner * outer, o))
                t = self.let(f"g.reshape({t.var}, &[{inner}, {outer * o}])", (inner, outer * o), name,
                             shape=(inner, outer * o))
                t = self.let(f"g.transpose({t.var})", (outer * o, inner), name, shape=(outer * o, inner))
            inner *= o
            t = self.let(f"g.reshape({t.var}, &[{outer}, {inner}])", (outer, inner), name, shape=(outer, inner)) \
                if t.shape != (outer, inner) else t
        return self.rows2d(replace(t, dims=(outer * inner,)), out)

    def reduce(self, x: _Val, target) -> _Val:
        """x summed down to `target` (sum_to: the axes it broadcast over), the inverse of
        expand: sum_inner over a trailing axis, a matmul by a row of ones over a leading one,
        transposes around it between."""
        target = _ints(target)
        dims = x.dims
        full = (1,) * (len(dims) - len(target)) + target
        if full == dims:
            return self.rows2d(x, target)
        if x.layout not in _ROW_MAJOR:
            self.fail(f"sum of a {x.layout} value")
        name = f"{self.n.outputs[0]}_sum"
        total = math.prod(dims)
        t = self.let(f"g.reshape({x.var}, &[{total}, 1])", (total, 1), name, shape=(total, 1))
        outer, inner = total, 1                         # t is [outer, inner]: inner = kept sizes done
        for d, k in reversed(list(zip(dims, full))):
            if d == k:
                outer, inner = outer // d, inner * d
                continue
            rest = outer // d
            if inner == 1:
                t = self.let(f"g.reshape({t.var}, &[{rest}, {d}])", (rest, d), name, shape=(rest, d))
                t = self.let(f"g.sum_inner({t.var})", (rest, 1), name, shape=(rest, 1))
            elif rest == 1:
                ones = self.let(f"g.constant(vec![1.0; {d}], &[1, {d}])", (1, d), f"{name}_ones", shape=(1, d))
                t = self.let(f"g.reshape({t.var}, &[{d}, {inner}])", (d, inner), name, shape=(d, inner))
                t = self.let(f"g.matmul({ones.var}, {t.var})", (1, inner), name, shape=(1, inner))
            else:
                t = self.let(f"g.reshape({t.var}, &[{outer}, {inner}])", (outer, inner), name, shape=(outer, inner))
                t = self.let(f"g.transpose({t.var})", (inner, outer), name, shape=(inner, outer))
                t = self.let(f"g.reshape({t.var}, &[{inner * rest}, {d}])", (inner * rest, d), name,
                             shape=(inner * rest, d))
                t = self.let(f"g.sum_inner({t.var})", (inner * rest, 1), name, shape=(inner * rest, 1))
                t = self.let(f"g.reshape({t.var}, &[{inner}, {rest}])", (inner, rest), name, shape=(inner, rest))
                t = self.let(f"g.transpose({t.var})", (rest, inner), name, shape=(rest, inner))
            outer = rest
        return self.rows2d(replace(t, dims=(outer * inner,), shape=(outer, inner)), target)

    def binary(self, op: str, x: _Val, y: _Val) -> _Val:
        """An element-wise op of two values broadcast to the output (a constant added as a
        bias row)."""
        if x.layout == "const" or y.layout == "const":      # a constant takes the other side's dtype
            x, y = (replace(x, dtype=y.dtype), y) if x.layout == "const" else (x, replace(y, dtype=x.dtype))
        result = OPS[op].infer_types([TensorType(x.dims, x.dtype), TensorType(y.dims, y.dtype)], {})[0]
        out, dtype = _ints(result.shape), result.dtype
        rows, cols = _flat(out)
        if op in ("add", "sub") and (x.layout == "const") != (y.layout == "const"):
            v, c = (y, x) if x.layout == "const" else (x, y)
            value = c.info if op == "add" or c is x else -c.info
            v = self.rows2d(self.expand(v, out) if v.dims != out else v, out)
            if op == "sub" and c is x:
                v = self.let(f"g.neg({v.var})", out, shape=v.shape)
            bias = self.let(f"g.constant(vec![{_f32(value)}; {cols}], &[{cols}])", (cols,),
                            f"{self.n.outputs[0]}_bias", shape=(cols,))
            return self.let(f"g.bias_add({v.var}, {bias.var})", out, dtype=dtype, shape=(rows, cols))
        if op == "div" and y.layout == "const":
            return self.binary("mul", x, _Val(None, (), layout="const", info=1.0 / y.info))
        a, b = (self.expand(v, out) if v.dims != out or v.layout == "const" else self.rows2d(v, out) for v in (x, y))
        if op == "sub":
            b = self.let(f"g.neg({b.var})", out, f"{self.n.outputs[0]}_neg", shape=b.shape)
        expr = {"add": "add", "sub": "add", "mul": "mul", "div": "div", "greater": "greater"}[op]
        return self.let(f"g.{expr}({a.var}, {b.var})", out, dtype=dtype, shape=(rows, cols))

    def where(self, cond: _Val, x: _Val, y: _Val) -> _Val:
        """cond (0/1) picks x, else y: x * cond where y is 0, y + cond * (x - y) otherwise."""
        out = self.outs[0]
        if any(v.layout == "const" and not math.isfinite(v.info) for v in (x, y)):
            self.fail("where with an infinite side (cond * x + (1 - cond) * y would be NaN)")
        c = self.expand(cond, out) if cond.dims != out else self.rows2d(cond, out)
        if y.layout == "const" and y.info == 0.0:
            return self.binary("mul", x, replace(c, dtype=x.dtype if x.layout != "const" else y.dtype))
        if x.layout == "const" and x.info == 0.0:
            keep = self.binary("sub", _Val(None, (), layout="const", info=1.0), replace(c, dtype=x.dtype if x.layout != "const" else y.dtype))
            return self.binary("mul", y, keep)
        diff = self.binary("sub", x, y)
        return self.binary("add", y, self.binary("mul", replace(c, dtype=x.dtype if x.layout != "const" else y.dtype), diff))

    def backward(self) -> None:
        """The IR's convolution and max-pool backward ops: Meganeura's conv2d_grad_input and
        conv2d_grad_weight; max_pool_2d_backward, a helper composed from its convolutions."""
        a, op, ins = self.n.attrs, self.n.op, self.ins
        ct, x = (ins[0], None) if op == "conv2d_backward_input" else \
            (ins[1], ins[0]) if op == "conv2d_backward_weight" else ins
        nb, c, h, w = self.outs[0] if op != "conv2d_backward_weight" else x.dims
        ct = self.nchw(ct, ct.dims)
        x = x and self.nchw(x, x.dims)
        if op == "max_pool2d_backward":
            k, st, pad = tuple(a["kernel"]), tuple(a["stride"]), tuple(a["padding"])
            if k[0] != k[1] or st[0] != st[1] or pad[0] != pad[1]:
                self.fail("max-pool with one kernel size, stride and padding")
            self.b.m.helpers.add("max_pool_2d_backward")
            self.put(self.let(f"max_pool_2d_backward(g, {ct.var}, {x.var}, {[nb, c, h, w]}, {k[0]}, {st[0]}, {pad[0]})",
                              layout="nchw", shape=(math.prod(self.outs[0]),)))
            return
        if tuple(a["dilation"]) != (1, 1) or a["groups"] != 1:
            self.fail("dilated or grouped convolution")
        o = ct.dims[1]
        kh, kw = ins[1].dims[2:] if op == "conv2d_backward_input" else a["kernel"]
        one_d = (h, kh, a["padding"][0]) == (1, 1, 0)         # a 1-D conv: its height stride is moot
        stride = a["stride"][1] if one_d else a["stride"][0]
        if not one_d and a["stride"][0] != a["stride"][1]:
            self.fail(f"stride {a['stride']} (Meganeura's convolutions take one stride)")
        geometry = f"{c}, {h}, {w}, {o}, {kh}, {kw}, {stride}, {a['padding'][0]}, {a['padding'][1]}"
        if op == "conv2d_backward_input":
            self.put(self.let(f"g.conv2d_grad_input({ct.var}, {ins[1].var}, {nb}, {geometry})", layout="nchw",
                              shape=(math.prod(self.outs[0]),)))
        else:
            self.put(self.let(f"g.conv2d_grad_weight({ct.var}, {x.var}, {geometry})", layout="kernel",
                              shape=(math.prod(self.outs[0]),)))

    def reshape(self, x: _Val) -> None:
        shape = self.outs[0]
        if x.layout == "kernel" and len(shape) == 4:
            self.put(replace(x, dims=shape))
        elif x.layout in ("flat", "split") and len(shape) == 4 and _flat(x.dims)[1] == shape[2] * shape[3] \
                and x.shape[0] == math.prod(shape[:2]):     # heads, or an image of these rows
            self.put(replace(x, dims=shape, layout="split", heads=(shape[2], shape[3])))
        elif x.layout in ("flat", "split", "nchw") and len(shape) == 4:
            self.put(self.nchw(x, shape))
        elif x.layout in ("flat", "split", "nchw"):
            flat = _flat(shape)
            self.put(replace(x, dims=shape, layout="flat", heads=None) if flat == x.shape and x.layout != "nchw"
                     else self.flat(f"g.reshape({x.var}, &{list(flat)})"))
        else:
            self.fail(f"reshape of a {x.layout} value to {list(shape)}")

    def nchw(self, x: _Val, dims) -> _Val:
        """A row-major value as the flat [N*C*H*W] vector Meganeura's image ops take."""
        if x.layout == "nchw":
            return replace(x, dims=_ints(dims))
        total = math.prod(dims)
        return self.let(f"g.reshape({x.var}, &[{total}])", dims, layout="nchw", shape=(total,))

    def image(self) -> None:
        """Ops on NCHW values (flat [N*C*H*W] nodes)."""
        n, a, op, ins = self.n, self.n.attrs, self.n.op, self.ins
        x = ins[0]
        if x.layout in ("flat", "split") and len(x.dims) == 4:
            x = self.nchw(x, x.dims)
        if x.layout != "nchw":
            self.fail("Meganeura's image ops take NCHW values")
        nb, c, h, w = x.dims
        out = self.outs[0]
        image = lambda expr, **kw: self.let(expr, layout="nchw", shape=(math.prod(out),), **kw)
        if op == "conv2d":
            k = ins[1]
            o, _, kh, kw = k.dims
            if a["groups"] != 1:
                self.fail(f"groups {a['groups']} (Meganeura's conv2d has no groups; its depthwise conv2d_dw has "
                          "no autodiff)")
            one_d = (h, kh, a["padding"][0]) == (1, 1, 0)         # a 1-D conv: its height stride is moot
            stride = a["stride"][1] if one_d else a["stride"][0]
            if tuple(a["dilation"]) != (1, 1) or not one_d and a["stride"][0] != a["stride"][1]:
                self.fail(f"dilation {a['dilation']}, stride {a['stride']} (Meganeura's conv2d: one stride, no "
                          "dilation)")
            if self.layer:
                self.b.m.helpers.add("conv2d")
                y = image(f"conv2d(g, {self.b.path(self.layer)}, {x.var}, {[nb, c, h, w]}, {[o, kh, kw]}, {stride}, "
                          f"{list(a['padding'])}, {str(len(ins) == 3).lower()})")
                self.put(y)
                return
            y = image(f"g.conv2d_hw({x.var}, {k.var}, {nb}, {c}, {h}, {w}, {o}, {kh}, {kw}, {stride}, "
                      f"{a['padding'][0]}, {a['padding'][1]})")
            if len(ins) == 3:
                y = image(f"g.add_per_channel({y.var}, {ins[2].var}, {o}, {out[2] * out[3]})")
        elif op == "group_norm":
            y = image(f"g.group_norm({x.var}, {ins[1].var}, {ins[2].var}, {nb}, {c}, {h * w}, {a['groups']}, "
                      f"{float(a['eps'])!r}_f32)")
        elif op == "batch_norm":        # stored statistics: a per-channel scale and shift (helper)
            if not self.layer:
                self.fail("batch norm whose parameters are not all under one name of its block")
            self.b.m.helpers.add("batch_norm")
            y = image(f"batch_norm(g, {self.b.path(self.layer)}, {x.var}, {[nb, c, h * w]}, {float(a['eps'])!r})")
        elif op == "max_pool2d":
            k, st, pad = tuple(a["kernel"]), tuple(a["stride"]), tuple(a["padding"])
            if k[0] != k[1] or st[0] != st[1] or pad[0] != pad[1]:
                self.fail("Meganeura's max_pool_2d takes one stride and one padding")
            y = image(f"g.max_pool_2d({x.var}, {nb}, {c}, {h}, {w}, {k[0]}, {k[1]}, {st[0]}, {pad[0]})")
        elif op == "mean":
            if tuple(ax % 4 for ax in a["axes"]) != (2, 3) or a["keepdims"]:
                self.fail("Meganeura averages NCHW values over H and W only (global_avg_pool)")
            y = self.flat(f"g.global_avg_pool({x.var}, {nb}, {c}, {h * w})")
        elif op == "upsample_nearest":
            if a["scale"] != 2:
                self.fail(f"scale {a['scale']} (Meganeura's upsample is 2x)")
            y = image(f"g.upsample_2x({x.var}, {nb}, {c}, {h}, {w})")
        self.put(y)

    def concat_split(self) -> None:
        """Along any axis of row-major values: Meganeura's concat, split_a and split_b cut a
        [batch, channels, rest] buffer (batch: the sizes before the axis, rest: after it)."""
        a, ins, op = self.n.attrs, self.ins, self.n.op
        dims = ins[0].dims
        axis = a["axis"] % len(dims)
        batch, rest = math.prod(dims[:axis]), math.prod(dims[axis + 1:])
        if op == "concat" and all(v.layout == "heads" for v in ins) and axis == 2 and dims[0] == 1:
            # heads [1, H, S, D] over [S, H*D]: along S, the rows, each part put in place by a matmul
            # with a one-hot [T, rows] constant (exact). Not Meganeura's concat: its backward gets the
            # attention's dV (written by the fused dK/dV kernel) as zeros, found with a 30-line program.
            total, start, y = sum(v.shape[0] for v in ins), 0, None
            for v in ins:
                rows, width = v.shape
                place = self.let(f"one_hot_rows(g, {total}, {start}, {rows})", (total, rows),
                                 f"{self.n.outputs[0]}_place", shape=(total, rows))
                self.b.m.helpers.add("one_hot_rows")
                part = self.let(f"g.matmul({place.var}, {v.var})", layout="heads", shape=(total, width), heads=ins[0].heads)
                y = part if y is None else self.let(f"g.add({y.var}, {part.var})", layout="heads", shape=(total, width),
                                                    heads=ins[0].heads)
                start += rows
            self.put(replace(y, dims=self.outs[0]))
            return
        if any(v.layout not in _ROW_MAJOR for v in ins):
            self.fail(f"{op} of a {ins[0].layout} value")
        image = len(dims) == 4 and axis == 1
        flat = lambda v, d: v if v.layout == "nchw" and image else self.nchw(v, d)
        if op == "concat":
            y, size = flat(ins[0], ins[0].dims), ins[0].dims[axis]
            for v in ins[1:]:
                v, more = flat(v, v.dims), v.dims[axis]
                y = self.let(f"g.concat({y.var}, {v.var}, {batch}, {size}, {more}, {rest})", (batch, size + more, rest),
                             layout="nchw", shape=(batch * (size + more) * rest,))
                size += more
            self.put(replace(y, dims=self.outs[0]) if image else self.rows2d(y, self.outs[0]))
            return
        x, total, start = flat(ins[0], dims), dims[axis], 0
        for k, size in enumerate(a["sizes"]):
            part = x
            if start:
                part = self.let(f"g.split_b({part.var}, {batch}, {start}, {total - start}, {rest})", (batch, total - start, rest),
                                self.n.outputs[k], layout="nchw", shape=(batch * (total - start) * rest,))
            if start + size < total:
                part = self.let(f"g.split_a({part.var}, {batch}, {size}, {total - start - size}, {rest})",
                                (batch, size, rest), self.n.outputs[k], layout="nchw", shape=(batch * size * rest,))
            self.put(replace(part, dims=self.outs[k]) if image else self.rows2d(part, self.outs[k]), k)
            start += size

    def attention(self) -> None:
        a, ins = self.n.attrs, self.ins
        q, k, v = ins[:3]
        if len(ins) > 3 and (ins[3].layout != "mask" or a["causal"] or ins[3].info != k.shape[0] - q.shape[0]):
            self.fail("Meganeura's attention takes no mask (causal or full only, or a causal mask aligned to "
                      "the last key)")
        if any(x.layout != "heads" for x in (q, k, v)):
            self.fail("attention of [1, H, S, D] heads")
        h, d = q.heads
        kvh = k.heads[0]
        if not codegen.is_default_scale(float(a["scale"]), d):
            self.fail(f"scale {a['scale']} (Meganeura's attention scales by 1/sqrt(head dim) only)")
        if (d & (d - 1) or _FORCE_HEADS) and len(ins) == 3 and (not a["causal"] or q.shape[0] == k.shape[0]):
            # Meganeura's attention kernels take a power-of-two head dim: one head at a time (helper)
            self.b.m.helpers.add("attention_by_heads")
            self.put(self.let(f"attention_by_heads(g, [{q.var}, {k.var}, {v.var}], [{h}, {kvh}, {d}], "
                              f"{_f32(a['scale'])}, {str(bool(a['causal'])).lower()})", layout="heads", shape=q.shape,
                              heads=q.heads))
            return
        if d & (d - 1):
            self.fail(f"head dim {d} with a mask: Meganeura's attention kernels take a power-of-two head dim")
        if q.shape[0] != k.shape[0] and a["causal"]:
            self.fail("causal attention over a key sequence of another length")
        if len(ins) > 3 and ins[3].info:
            # queries after `prefix` keys, each seeing every earlier key: Meganeura's causal attention
            # of the queries after `prefix` rows of zeros, those rows' results dropped
            prefix, width = ins[3].info, q.shape[1]
            zeros = self.let(f"g.constant(vec![0.0; {prefix * width}], &[{prefix * width}])", (prefix, width),
                             f"{self.n.outputs[0]}_skipped", shape=(prefix * width,))
            flat = self.let(f"g.reshape({q.var}, &[{math.prod(q.shape)}])", name=f"{self.n.outputs[0]}_queries",
                            shape=(math.prod(q.shape),))      # concat gives its inputs flat gradients
            padded = self.let(f"g.concat({zeros.var}, {flat.var}, 1, {prefix}, {q.shape[0]}, {width})",
                              name=f"{self.n.outputs[0]}_queries", shape=(k.shape[0] * width,))
            padded = self.let(f"g.reshape({padded.var}, &[{k.shape[0]}, {width}])", name=f"{self.n.outputs[0]}_queries",
                              shape=(k.shape[0], width))
            out = self.let(f"g.causal_attention({padded.var}, {k.var}, {v.var}, {h}, {kvh}, {d})",
                           shape=(k.shape[0], width))
            out = self.let(f"g.split_b({out.var}, 1, {prefix}, {q.shape[0]}, {width})", shape=(q.shape[0] * width,))
            self.put(self.let(f"g.reshape({out.var}, &{list(q.shape)})", layout="heads", shape=q.shape, heads=q.heads))
            return
        if q.shape[0] != k.shape[0]:    # cross-attention: its trainable form (CrossAttention has no backward)
            expr = f"g.multi_head_attn({q.var}, {k.var}, {v.var}, {h}, {kvh}, {d}, true)"
        else:
            causal = a["causal"] or len(ins) > 3           # a causal mask of offset 0
            expr = f"g.{'causal_attention' if causal else 'full_attention'}({q.var}, {k.var}, {v.var}, {h}, {kvh}, {d})"
        self.put(self.let(expr, layout="heads", shape=q.shape, heads=q.heads))


def blockers(graph) -> list[str]:
    found = {}
    for n in graph.nodes:
        op = "sin" if n.op == "cos" else n.op
        if op in _BLOCKERS:
            found.setdefault(op, n.outputs[0])
    return [f"{_BLOCKERS[op]} ({op}: {value})" for op, value in found.items()]


def untrainable(graph) -> str | None:
    op = lambda n: "gelu_tanh" if n.op == "gelu" and n.attrs["approximate"] != "none" else n.op
    found = {op(n): n.outputs[0] for n in reversed(graph.nodes) if op(n) in _TRAIN_BLOCKERS}
    return "; ".join(f"{_TRAIN_BLOCKERS[op]} ({op}: {v})" for op, v in found.items()) or None


def _inputs(graph) -> list[tuple[str, _Val, str, str]]:
    """The graph's inputs: (name, how the graph holds it, its declaration, how main.rs feeds it)."""
    users, out = graph.users(), []
    for name, t in graph.inputs.items():
        dims, n = _ints(t.shape), math.prod(_ints(t.shape))
        uses = [u.op for u in users.get(name, [])]
        if t.dtype == "i64" and uses and all(u in ("cross_entropy", "one_hot") for u in uses):
            user = users[name][0]
            classes = int(graph.values[user.inputs[0]].shape[-1]) if user.op == "cross_entropy" \
                else int(user.attrs["depth"])
            out.append((name, _Val(name, dims, "i64", "onehot", (n, classes)), f'g.input({string(name)}, &[{n}, {classes}])',
                        f"Feed::OneHot({classes})"))
        elif t.dtype == "i64" and uses and all(u in ("embedding", "positions") for u in uses):
            out.append((name, _Val(name, dims, "i64", "ids", (n,)), f'g.input_u32({string(name)}, &[{n}])', "Feed::Ids"))
        elif t.dtype == "i64":
            raise IRError(f"meganeura cannot take the i64 input {name} used by {', '.join(uses)} "
                          "(ids feed embedding, labels feed cross_entropy)")
        elif t.rank == 4:           # NCHW, flat as Meganeura's convs take it
            out.append((name, _Val(name, dims, layout="nchw", shape=(n,)), f'g.input({string(name)}, &[{n}])', "Feed::Values"))
        else:
            out.append((name, _Val(name, dims, shape=_flat(dims)), f'g.input({string(name)}, &{list(_flat(dims))})',
                        "Feed::Values"))
    return out


def _entry(module: _Module, variant: str, fn: str, loss_first: bool) -> dict:
    """`build_<variant>`: the inputs, the root's call, the loss; and what main.rs feeds and reads."""
    program = module.program
    graph = program.graphs[variant]
    kind = program.roots[variant]
    root = program.blocks[kind]
    body = _Body(module, None, root=True)
    inputs = _inputs(graph)
    for name, val, decl, _ in inputs:
        body.vals[name] = val.at(body.local(name))
        body.lines.append(f"let {body.vals[name].var} = {decl};")
    args = [body.value(a) for a in root.args]
    name, results = module.function(kind, args, "", root=True)
    loss_name = "loss" if "loss" in graph.outputs else None
    outs = [k for k in graph.outputs if k != loss_name]
    returned = [k for k in graph.outputs if program.loss is None or k != loss_name]   # the root's results
    body.bind([graph.outputs[k] for k in returned], results, body.call_expr(name, None, args))
    if loss_name and program.loss is not None:
        body.stmts(program.loss.stmts)
    order = ([loss_name] if loss_name else []) + outs if loss_first else outs + ([loss_name] if loss_name else [])
    rets = []
    for k in order:
        val = body.vals[graph.outputs[k]]
        if val.var is None:
            raise IRError(f"meganeura: output {k} is not a tensor node")
        rets.append((k, val))
    lines = _prune(body.lines, {v.var for _, v in rets}) + [f"vec![{', '.join(v.var for _, v in rets)}]"]
    text = f"/// The {variant} graph; returns its outputs ({', '.join(k for k, _ in rets)}).\n" \
           f"pub fn {fn}(g: &mut Graph) -> Vec<NodeId> {{\n" + "".join(f"    {line}\n" for line in lines) + "}\n"
    return {"fn": fn, "text": text, "const": variant.upper(), "prefix": "latency." if variant == "latency" else "", "inputs": [(name, feed) for name, _, _, feed in inputs],
            "outputs": [(k, [int(d) for d in graph.values[graph.outputs[k]].shape]) for k, _ in rets]}


def training_program(program: Program) -> Program:
    """The IR's backward graph of the full graph, written as more forward ops: one root whose
    outputs are the loss and every grad.*, the backward of each block kind a block of its own."""
    g = grad_graph(program.graphs["full"], blocks=True)
    g.outputs = {k: v for k, v in g.outputs.items() if k == "loss" or k.startswith(GRAD_PREFIX)}
    eliminate_dead_code(g)
    g = decompose(g, keep=lambda op: op in SUPPORTED)
    return analyze({"training": g}, loss="", reserved=_TAKEN)


def _rust_str(text: str | None) -> str | None:
    return None if text is None else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(program: Program, env, ctx) -> dict[str, str]:
    full = program.graphs["full"]
    blocked = blockers(full) or blockers(program.graphs["latency"])
    if blocked:
        raise IRError(f"meganeura cannot express {full.name}: " + "; ".join(blocked))
    module = _Module(program)
    variants = [_entry(module, "full", "build_full", loss_first=True),
                _entry(module, "latency", "build_latency", loss_first=True)]
    # Meganeura's own autodiff where its backward is exact for every op; else the IR's
    reason = untrainable(full)
    training = None if "loss" not in full.outputs else "ir" if reason else "native"
    if training == "ir":
        try:
            module.use(training_program(program))
            variants.append(_entry(module, "training", "build_training", loss_first=True))
            reason = None
        except IRError as e:
            training, reason = None, f"{reason}; the IR's backward graph cannot be written in its place: {e}"
    files = {
        "src/model.rs": env.get_template("meganeura/model.rs.j2").render(
            name=full.name, functions=module.text(), variants=variants, helpers=module.helpers,
            train=training == "native", frozen=rustcode.buffers(program)),
        "src/main.rs": env.get_template("meganeura/main.rs.j2").render(
            header=ctx.header, version=VERSION, training=training, untrainable=_rust_str(reason)),
        "src/weights.rs": env.get_template("meganeura/weights.rs").render(),
        "Cargo.toml": env.get_template("burn/Cargo.toml.j2").render(
            package=rustcode.crate_name(ctx.folder or full.name, NAME), dependencies=DEPENDENCIES,
            header=ctx.header.splitlines()[0]),
    }
    return rustcode.rustfmt(files)


# cargo builds the crate (a member of the generated/ workspace, runner/cargo.py), cc links it
# IR ops this emitter does not map to Meganeura's builder (a max reduction has no Meganeura op;
# erf is only written inside gelu_erf): a model holding one is an ERROR row naming it.
UNWRITTEN = frozenset({"max", "erf"})
EMITTER = Emitter(NAME, "Meganeura", RUST, SUPPORTED, render, requires=("cargo", "cc"), order=64,
                  unwritten=UNWRITTEN, devices=frozenset({"cpu", "vulkan"}))       # cpu: lavapipe
