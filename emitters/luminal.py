"""Luminal emitter: a Rust crate per model for Luminal 0.2.0 (its CPU compiler), in the same
cargo workspace as the other Rust frameworks' crates.

Luminal builds a lazy graph of static-shaped tensors (`GraphTensor<(Const<1>, Seq,
Const<HIDDEN>)>`: every shape is a type) and compiles it (`GenericCompiler` + `CPUCompiler`:
matmul patterns become sgemm kernels, unary chains fuse) before running it. The generated
`src/model.rs` has one function per block kind, a `for` loop over repeated blocks, each block
reading its parameters by checkpoint name under its path (`n.param::<R2<..>>(&format!("{p}.
q_proj.weight"))`). A block whose instances see other sizes (the sequence length of the full
and the latency graph, the resolution of a U-Net level) is generic over those sizes as Luminal's
own modules are: `fn llama_mlp<Seq: Dimension>(...)`, each size a type parameter (one per way
the size varies over the instances); a caller names the ones its arguments do not carry.
Block kinds that differ only in sizes (ResNet's bottlenecks of each stage, the U-Net's levels,
parameter shapes included) are merged into one such generic function (`merge_sizes`).

What Luminal 0.2.0 lacks, or gets wrong on the CPU, is composed from its primitives in the
crate's `src/ops.rs` (the template's comments say which trap each helper avoids): erf,
convolutions and their gradients (per kernel offset, one sgemm each), max pooling, batched
matmul (one sgemm per batch item), attention (per head), embedding and one-hot (exact one-hot
rows: its `gather`/`equals` are wrong under CPUCompiler), rope tables, aranges as data. Luminal
has no autodiff in this release: training runs the IR's backward graph (ir/autodiff.py),
written as more forward Luminal code (`src/train.rs`), and the record says so (`"autodiff":
"ir"`)."""
from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from inferena.ir import GRAD_PREFIX, Graph, IRError, sizes
from inferena.ir.autodiff import grad_graph
from inferena.ir.passes import decompose, eliminate_dead_code

from . import codegen
from .base import CPU_ONLY, TEMPLATES, Emitter
from .rustcode import RUST, STD_CONSTS, crate_name, fmt, ident, namer, rustfmt, snake, string, template_words
from .structure import Block, Program, Stmt, analyze, function_names

NAME = "luminal"
VERSION = "0.2.0"
DEPENDENCIES = {"anyhow": '"=1.0.105"', "luminal": '"=0.2.0"', "memmap2": '"=0.9.12"', "safetensors": '"=0.8.0"',
                "serde_json": '"=1.0.154"'}
INF = 1e30          # where() of an infinite constant: a large finite one (0 * inf would be NaN)


class D:
    """One size as each instance of a block kind has it (an entry per instance); `spelled`:
    the config-named size (ir/sizes.Dim) where every instance has it."""

    def __init__(self, values: tuple[int, ...], spelled=None):
        self.values, self.spelled = tuple(int(v) for v in values), spelled

    @property
    def const(self) -> int | None:
        return self.values[0] if len(set(self.values)) == 1 else None

    def __eq__(self, other) -> bool:
        return isinstance(other, D) and self.values == other.values

    def __hash__(self) -> int:
        return hash(self.values)

    def __mul__(self, other: "D") -> "D":
        return self._combine(other, lambda a, b: a * b)

    def __add__(self, other: "D") -> "D":
        return self._combine(other, lambda a, b: a + b)

    def _combine(self, other: "D", fn) -> "D":
        both = self.spelled is not None and other.spelled is not None
        return D(tuple(fn(a, b) for a, b in zip(self.values, other.values)), fn(self.spelled, other.spelled) if both else None)


def _product(dims: list[D], like: D) -> D:
    out = D(tuple(1 for _ in like.values), 1)
    for d in dims:
        out = out * d
    return out


@dataclass
class Signature:
    """What a caller needs of a block's function: its name, its type parameters (each a size
    per instance of the kind) and which of them its arguments' types carry."""
    name: str
    params: list[tuple[int, ...]]
    inferred: set[int]


def lit(value: float) -> str:
    """An f32 literal."""
    if math.isinf(value):
        return "f32::NEG_INFINITY" if value < 0 else "f32::INFINITY"
    for name, c in STD_CONSTS.items():          # clippy asks for the std constant
        if value != 0 and abs(abs(value) - c) <= 1e-7 * c:
            return f"{'-' if value < 0 else ''}std::f32::consts::{name}"
    text = str(np.float32(value))        # as short as f32 needs
    return text if ("." in text or "e" in text) else text + ".0"


def axes_type(axes) -> str:
    axes = list(axes)
    return f"Axis<{axes[0]}>" if len(axes) == 1 else f"Axes{len(axes)}<{', '.join(map(str, axes))}>"


@dataclass
class Call:
    """What an op's rule sees: each input as a Rust expression (None for a scalar constant,
    whose value is in consts), attributes, the sizes of inputs and outputs (a D per axis), and
    the writer that spells their types."""
    args: list[str | None]
    consts: list[float | None]
    attrs: dict[str, Any]
    ins: list[list[D]]
    outs: list[list[D]]
    in_types: list             # the inputs' IR types (dtypes)
    writer: "Writer"

    def ty(self, dims: list[D]) -> str:
        return self.writer.ty(dims)

    def dim(self, d: D) -> str:
        return self.writer.dim(d)

    def size(self, d: D) -> str:
        """A size as a usize expression: `64`, `extent::<Seq>()`."""
        return str(d.spelled if isinstance(d.spelled, sizes.Dim) else d.const) if d.const is not None else \
            f"extent::<{self.dim(d)}>()"

    @property
    def out(self) -> str:
        return self.ty(self.outs[0])

    def tensor(self, i: int) -> str:
        """Input i as a tensor (a scalar constant becomes one, broadcast to the output)."""
        if self.args[i] is not None:
            return self.args[i]
        return f"n.constant::<{self.out}>({lit(self.consts[i])})"

    def expand(self, i: int, dims: list[D] | None = None) -> str:
        """Input i broadcast to `dims` (default: the output's), as NumPy broadcasts."""
        return expand(self, self.tensor(i), self.ins[i] if self.args[i] is not None else self.outs[0],
                      dims or self.outs[0])


def expand(n: Call, x: str, src: list[D], dst: list[D]) -> str:
    """`x` of sizes src broadcast to dst: its size-1 axes that grow dropped by a reshape, then
    Luminal's expand adding every new axis."""
    lead = len(dst) - len(src)
    grow = [i for i, d in enumerate(src) if d.const == 1 and dst[lead + i].const != 1]
    if grow:
        src = [d for i, d in enumerate(src) if i not in grow]
        x = f"{x}.reshape::<{n.ty(src)}>()"
    new = list(range(lead)) + [lead + i for i in grow]
    return f"{x}.expand::<{n.ty(dst)}, {axes_type(sorted(new))}>()" if new else x


def _binary(sym: str):
    def emit(n: Call) -> str:
        ca, cb = n.consts
        if ca is not None and cb is not None:
            value = {"+": ca + cb, "-": ca - cb, "*": ca * cb, "/": ca / cb if cb else math.inf}[sym]
            return f"n.constant::<{n.out}>({lit(value)})"
        if cb is not None:
            return f"{n.expand(0)} {sym} {lit(cb)}"
        if ca is not None:
            b = n.expand(1)
            return {"+": f"{b} + {lit(ca)}", "*": f"{b} * {lit(ca)}", "-": f"-{b} + {lit(ca)}",
                    "/": f"{b}.recip() * {lit(ca)}"}[sym]
        return f"{n.expand(0)} {sym} {n.expand(1)}"
    return emit


def _pow(n: Call) -> str:
    x, e = n.args[0], n.attrs["exponent"]
    if e == int(e) and 1 <= e <= 4:
        return " * ".join([x] * int(e))
    named = {0.5: f"{x}.sqrt()", -0.5: f"{x}.sqrt().recip()", -1.0: f"{x}.recip()", 0.0: f"n.constant::<{n.out}>(1.0)"}
    return named.get(e, f"({x}.ln() * {lit(e)}).exp()")      # x > 0, as the models use it


def _where(n: Call) -> str:
    """cond is 0/1: cond * a + (1 - cond) * b, exact for finite a and b (an infinite constant
    is a large finite one: 0 * inf would be NaN)."""
    c = n.expand(0)
    ca, cb = (None if v is None else max(-INF, min(INF, v)) for v in n.consts[1:])
    keep = f"{c} * {n.expand(1)}" if ca is None else f"{c} * {lit(ca)}"
    other = f"(-{c} + 1.0) * {n.expand(2)}" if cb is None else f"(-{c} + 1.0) * {lit(cb)}"
    if ca == 0.0:
        return other
    if cb == 0.0:
        return keep
    return f"{keep} + {other}"


def _greater(n: Call) -> str:
    return f"{n.expand(0)}.greater_than({n.expand(1)})"


def _reduce(method: str):
    def emit(n: Call) -> str:
        src, rank = n.ins[0], len(n.ins[0])
        axes = sorted({a % rank for a in n.attrs["axes"]})
        if not axes:
            return n.args[0]
        kept = [d for i, d in enumerate(src) if i not in axes]
        out = f"{n.args[0]}.{method}::<{n.ty(kept)}, {axes_type(axes)}>()"
        return f"{out}.reshape::<{n.out}>()" if n.attrs["keepdims"] else out
    return emit


def _sum_to(n: Call) -> str:
    src, dst = n.ins[0], n.outs[0]
    lead = len(src) - len(dst)
    axes = list(range(lead)) + [lead + i for i, d in enumerate(dst) if d.const == 1 and src[lead + i].const != 1]
    if not axes:
        return n.args[0]
    kept = [d for i, d in enumerate(src) if i not in axes]
    out = f"{n.args[0]}.sum_reduce::<{n.ty(kept)}, {axes_type(axes)}>()"
    return out if len(kept) == len(dst) else f"{out}.reshape::<{n.out}>()"


def _reshape(n: Call):
    if n.ins[0] == n.outs[0]:
        return Alias(n.args[0])
    return f"{n.args[0]}.reshape::<{n.out}>()"


def _transpose(n: Call):
    perm = [p % len(n.ins[0]) for p in n.attrs["perm"]]
    if perm == sorted(perm):
        return Alias(n.args[0])
    return f"{n.args[0]}.permute::<{n.out}, {axes_type(perm)}>()"


def _split(n: Call) -> tuple[str, ...]:
    """Each part a copied slice; its bounds from the parts' sizes (type parameters where they vary)."""
    axis, parts = n.attrs["axis"] % len(n.ins[0]), []
    start = D((0,) * len(n.ins[0][axis].values), 0)
    for dims in n.outs:
        end = start + dims[axis]
        parts.append(f"slice_axis::<{n.ty(dims)}>({n.args[0]}, {axis}, {n.size(start)}, {n.size(end)})")
        start = end
    return tuple(parts)


def _concat(n: Call) -> str:
    axis = n.attrs["axis"] % len(n.ins[0])
    expr, dims = n.tensor(0), list(n.ins[0])
    for i in range(1, len(n.args)):
        dims = [d + n.ins[i][a] if a == axis else d for a, d in enumerate(dims)]
        expr = f"{expr}.concat_along::<{n.ty(dims)}, Axis<{axis}>, _>({n.tensor(i)})"
    return expr


def _matmul(n: Call) -> str:
    if len(n.ins[0]) == 3 and len(n.ins[1]) == 2:      # Luminal's sgemm kernel: [B, M, K] times [K, N]
        return f"{n.args[0]}.matmul({n.args[1]})"
    return f"matmul::<{n.out}>({n.args[0]}, {n.args[1]})"


def _linear(n: Call) -> str:
    x, w = n.args[0], n.args[1]
    wt = f"{w}.permute::<_, Axes2<1, 0>>()"
    if len(n.ins[0]) == 3:
        y = f"{x}.matmul({wt})"
    else:                  # rows as [1, rows, in]: Luminal's sgemm kernel is [B, M, K] times [K, N]
        rows = _product(n.ins[0][:-1], n.ins[0][0])
        one = D((1,) * len(rows.values), 1)
        y = f"{x}.reshape::<{n.ty([one, rows, n.ins[0][-1]])}>().matmul({wt}).reshape::<{n.out}>()"
    return f"{y} + {n.expand(2)}" if len(n.args) == 3 else y


def _norm(n: Call, method: str) -> str:
    axis = len(n.ins[0]) - 1
    y = f"{n.args[0]}.{method}::<{axis}, _>({lit(n.attrs['eps'])}) * {n.expand(1)}"
    return f"{y} + {n.expand(2)}" if len(n.args) == 3 else y


def _conv2d(n: Call) -> str:
    a = n.attrs
    geometry = f"{list(a['stride'])}, {list(a['padding'])}, {list(a['dilation'])}, {a['groups']}"
    y = f"conv2d::<{n.out}>({n.args[0]}, {n.args[1]}, {geometry})"
    return f"{y} + {n.args[2]}.expand::<{n.out}, Axes3<0, 2, 3>>()" if len(n.args) == 3 else y   # per channel


def _conv_backward(name: str):
    def emit(n: Call) -> str:        # the input's or the kernel's size: the output's
        a = n.attrs
        geometry = f"{list(a['stride'])}, {list(a['padding'])}, {list(a['dilation'])}, {a['groups']}"
        return f"{name}::<{n.out}>({n.args[0]}, {n.args[1]}, {geometry})"
    return emit


def _pool(name: str):
    def emit(n: Call) -> str:
        a = n.attrs
        geometry = f"{list(a['kernel'])}, {list(a['stride'])}, {list(a['padding'])}"
        return f"{name}::<{n.out}>({', '.join(n.args)}, {geometry})"
    return emit


def _attention(n: Call) -> str:
    q, k, v = n.args[:3]
    causal = str(n.attrs["causal"]).lower()
    scale = "None" if codegen.default_scale(n) else f"Some({lit(n.attrs['scale'])})"   # None: 1/sqrt(head dim)
    if len(n.args) == 4:
        mask = expand(n, n.args[3], n.ins[3], n.outs[0][:2] + [n.ins[0][2], n.ins[1][2]])
        return f"masked_attention::<{n.out}>({q}, {k}, {v}, {mask}, {causal}, {scale})"
    return f"attention::<{n.out}>({q}, {k}, {v}, {causal}, {scale})"


def _cast(n: Call):
    """Every value is f32 in Luminal (ids too: exact below 2^24); a float cast to an integer
    drops its fraction (x - x % 1, % keeping the dividend's sign), to bool tests for nonzero."""
    src, dst = n.in_types[0].dtype, n.attrs["dtype"]
    x = n.args[0]
    if src in ("f32", "f64") and dst == "i64":
        return f"{x} - {x} % 1.0"
    if dst == "bool" and src != "bool":
        return f"{x}.abs().greater_than(n.constant::<{n.out}>(0.0))"
    return Alias(x)


@dataclass
class Alias:
    """A rule whose output is its input under another name (no statement)."""
    expr: str


EXPRESSIONS = {
    "add": _binary("+"), "sub": _binary("-"), "mul": _binary("*"), "div": _binary("/"),
    "neg": lambda n: f"-{n.args[0]}", "exp": lambda n: f"{n.args[0]}.exp()", "log": lambda n: f"{n.args[0]}.ln()",
    "sqrt": lambda n: f"{n.args[0]}.sqrt()", "rsqrt": lambda n: f"{n.args[0]}.sqrt().recip()",
    "tanh": lambda n: f"{n.args[0]}.tanh()", "sin": lambda n: f"{n.args[0]}.sin()", "cos": lambda n: f"{n.args[0]}.cos()",
    "sigmoid": lambda n: f"{n.args[0]}.sigmoid()", "relu": lambda n: f"{n.args[0]}.relu()",
    "silu": lambda n: f"{n.args[0]}.swish()",
    "erf": lambda n: f"erf({n.args[0]})",
    "pow": _pow, "where": _where, "greater": _greater,
    "cast": _cast,
    "zeros_like": lambda n: f"n.constant::<{n.out}>(0.0)",
    "sum": _reduce("sum_reduce"), "mean": _reduce("mean_reduce"), "max": _reduce("max_reduce"), "sum_to": _sum_to,
    "softmax": lambda n: f"{n.args[0]}.softmax::<{n.attrs['axis'] % len(n.ins[0])}>()",
    "rmsnorm": lambda n: _norm(n, "std_norm"), "layer_norm": lambda n: _norm(n, "layer_norm"),
    "reshape": _reshape, "transpose": _transpose, "broadcast_to": lambda n: n.expand(0),
    "split": _split, "concat": _concat,
    "matmul": _matmul, "linear": _linear,
    "embedding": lambda n: f"embedding::<{n.out}>({n.args[0]}, {n.args[1]})",
    "arange": lambda n: f"n.arange::<{n.dim(n.outs[0][0])}>()",
    "positions": lambda n: (f"n.arange::<{n.dim(n.outs[0][0])}>()"
                            + (f" + {lit(n.attrs['offset'])}" if n.attrs["offset"] else "")),
    "rope_tables": lambda n: (f"rope_tables::<{n.dim(n.outs[0][0])}, {n.dim(n.outs[0][1])}>(n, {n.args[0]}, "
                              f"{lit(n.attrs['theta'])})"),
    "causal_mask": lambda n: f"causal_mask::<{n.dim(n.outs[0][0])}, {n.dim(n.outs[0][1])}>(n, {n.attrs['offset']})",
    "attention": _attention,
    "cross_entropy": lambda n: f"cross_entropy(n, {n.args[0]}, {n.args[1]})",
    "batch_norm": lambda n: f"batch_norm({', '.join(n.args)}, {lit(n.attrs['eps'])})",
    "group_norm": lambda n: f"group_norm({', '.join(n.args)}, {n.attrs['groups']}, {lit(n.attrs['eps'])})",
    "gelu": lambda n: (f"gelu({n.args[0]})" if n.attrs["approximate"] == "none" else
                       f"(({n.args[0]} * {n.args[0]} * {n.args[0]} * 0.044715 + {n.args[0]}) * "
                       f"{lit(math.sqrt(2 / math.pi))}).tanh() * {n.args[0]} * 0.5 + {n.args[0]} * 0.5"),
    "upsample_nearest": lambda n: f"upsample_nearest::<{n.out}>({n.args[0]}, {n.attrs['scale']})",
    "one_hot": lambda n: f"one_hot::<{n.out}>(n, {n.args[0]})",
    "embedding_grad": lambda n: f"embedding_grad::<{n.out}>(n, {n.args[0]}, {n.args[1]})",
    "conv2d": _conv2d,
    "conv2d_backward_input": _conv_backward("conv2d_backward_input"),
    "conv2d_backward_weight": _conv_backward("conv2d_backward_weight"),
    "max_pool2d": _pool("max_pool2d"), "max_pool2d_backward": _pool("max_pool2d_backward"),
}
SUPPORTED = frozenset(EXPRESSIONS) | {"const"}
# outputs that may be a view of another tensor's data (a permutation or a broadcast): Luminal
# 0.2.0's reductions give wrong results on a permuted view, so a reduction makes it contiguous
VIEWS = {"transpose", "broadcast_to", "zeros_like"}
# ops whose output keeps their input's layout (a view stays a view)
UNARY = {"neg", "exp", "log", "sqrt", "rsqrt", "tanh", "sin", "cos", "sigmoid", "relu", "silu", "erf", "pow", "cast"}
# ops whose code passes `n` to a helper (its arguments cannot borrow it again)
TAKES_NET = {"cross_entropy", "embedding_grad", "one_hot", "rope_tables", "causal_mask"}
# ops whose rule takes a scalar constant input as a number (`x * 0.125`)
SCALAR_ARGS = {"add", "sub", "mul", "div", "where", "greater"}
# ops that read any view right (elementwise, by index); the others get contiguous inputs
ELEMENTWISE = UNARY | VIEWS | {"add", "sub", "mul", "div", "where", "greater", "split", "reshape"}


def _join(path: str, rel: str) -> str:
    return f"{path}.{rel}" if path else rel


class Shapes:
    """The sizes of every value of every block kind, per instance (program.instances)."""

    def __init__(self, program: Program):
        self.maps: dict[str, list[tuple[Graph, dict[str, str], str]]] = {}
        self.index: dict[str, dict[tuple[int, str], int]] = {}
        for kind, block in program.blocks.items():
            maps, index = [], {}
            for i, (graph, inst) in enumerate(program.instances[kind]):
                rename = {_join(block.path, rel): _join(inst.path, rel) for rel in block.params}
                rename.update(zip(block.args, inst.args))
                for cs, s in zip(block.stmts, inst.stmts):
                    rename.update(zip(cs.outputs, s.outputs))
                maps.append((graph, rename, inst.path))
                index[(id(graph), inst.path)] = i
            self.maps[kind], self.index[kind] = maps, index

    def dims(self, kind: str, value: str) -> list[D]:
        maps = self.maps[kind]
        graph0, rename0, _ = maps[0]
        if value not in rename0:                 # a value from outside: one size everywhere
            return [D((d,) * len(maps), d) for d in graph0.values[value].shape]
        shapes = [g.values[r[value]].shape for g, r, _ in maps]
        first = graph0.values[rename0[value]].shape
        return [D(tuple(s[a] for s in shapes), first[a]) for a in range(len(first))]

    def type(self, kind: str, value: str):
        graph, rename, _ = self.maps[kind][0]
        return graph.values[rename.get(value, value)]

    def child(self, kind: str, rel: str, child_kind: str) -> list[int]:
        """For each instance of `kind`, the instance of `child_kind` at `rel` under it."""
        return [self.index[child_kind][(id(graph), f"{path}.{rel}" if path else rel)]
                for graph, _, path in self.maps[kind]]


# names for a size that varies over a block's instances, by where it is first seen
_ROLE = {2: ["Rows", "Seq"], 3: ["Batch", "Seq", "Width"], 4: ["Batch", "Channels", "Height", "Width"]}
_PARAM_ROLE = {1: ["Features"], 2: ["Out", "In"], 4: ["Out", "In", "KernelHeight", "KernelWidth"]}


class Writer:
    """Writes the Rust function of one block kind. `signatures`: the functions written so far
    (children come first)."""

    def __init__(self, program: Program, kind: str, shapes: Shapes, names: dict[str, str],
                 signatures: dict[str, Signature], root: bool):
        self.program, self.kind, self.shapes, self.names = program, kind, shapes, names
        self.block: Block = program.blocks[kind]
        self.signatures, self.root = signatures, root
        self.consts = codegen.const_values(self.block)
        self.params: dict[tuple[int, ...], str] = {}
        self.aliases: dict[str, str] = {}
        self.views: set[str] = set()

    # --- types -------------------------------------------------------------------------
    def atom(self, d: D, role: str = "Len") -> str:
        if d.const is not None:        # a config-named size (`HEADS / KV_HEADS`), but 0 and 1 as themselves
            value = d.spelled if isinstance(d.spelled, sizes.Dim) and d.const not in (0, 1) else d.const
            text = str(value)
            simple = not isinstance(value, sizes.Dim) or re.fullmatch(r"\w+", value.expr)
            return text if simple else f"{{ {text} }}"
        if d.values not in self.params:
            taken = set(self.params.values())
            name, k = role, 2
            while name in taken:
                name, k = f"{role}{k}", k + 1
            self.params[d.values] = name
        return self.params[d.values]

    def ty(self, dims: list[D], roles: list[str] | None = None) -> str:
        """A shape type: `R2<HIDDEN, HIDDEN>`, `(Const<1>, Seq, Const<HIDDEN>)`."""
        roles = roles or _ROLE.get(len(dims), ["Len"] * len(dims))
        if all(d.const is not None for d in dims):
            return f"R{len(dims)}<{', '.join(self.atom(d) for d in dims)}>" if dims else "R0"
        return "(" + ", ".join(self.dim(d, r) for d, r in zip(dims, roles)) + ("," if len(dims) == 1 else "") + ")"

    def dim(self, d: D, role: str = "Len") -> str:
        """A dimension type: `Const<64>`, or the type parameter of a size the instances differ in."""
        atom = self.atom(d, role)
        return f"Const<{atom}>" if d.const is not None else atom

    def dims(self, value: str) -> list[D]:
        return self.shapes.dims(self.kind, value)

    def tensor_type(self, value: str) -> str:
        return f"GraphTensor<{self.ty(self.dims(value))}>"

    # --- values ------------------------------------------------------------------------
    def local(self, value: str) -> str:
        return self.block.locals[value]

    def value(self, v: str) -> str:
        if v in self.consts:
            return self.constant(v)
        if v in self.aliases:
            return self.aliases[v]
        if v in self.block.locals:
            return self.local(v)
        rel = self.block.rel(v)
        name = string(v) if self.root else f'&format!("{{p}}.{fmt(rel)}")'
        dims = self.dims(v)
        return f"n.param::<{self.ty(dims, _PARAM_ROLE.get(len(dims)))}>({name})"

    def fresh(self, v: str) -> str:
        """v's tensor, contiguous where it may be a permuted or broadcast view."""
        return f"{self.value(v)}.contiguous()" if v in self.views else self.value(v)

    def constant(self, v: str) -> str:
        return f"n.constant::<{self.ty(self.dims(v))}>({lit(self.consts[v])})"

    # --- statements --------------------------------------------------------------------
    def op(self, s: Stmt, later: set[str]) -> list[str]:
        node = s.node
        if node.op == "const":
            return []
        if node.op not in EXPRESSIONS:
            raise IRError(f"luminal cannot express {node.op}: the emitter has no rule for it (and it has no "
                          "decomposition)")
        reads = self.value if node.op in ELEMENTWISE else self.fresh
        scalars = node.op in SCALAR_ARGS           # the rule takes a constant input as a number
        lines: list[str] = []
        args = [None if v in self.consts and scalars else reads(v) for v in s.inputs]
        if node.op in TAKES_NET:
            args = [self.bound(v, a, lines) for v, a in zip(s.inputs, args)]
        call = Call(args, [self.consts.get(v) if scalars else None for v in s.inputs], node.attrs,
                    [self.dims(v) for v in s.inputs], [self.dims(o) for o in s.outputs],
                    [self.shapes.type(self.kind, v) for v in s.inputs], self)
        code = EXPRESSIONS[node.op](call)
        if isinstance(code, Alias) and code.expr in self.block.locals.values() and code.expr != self.local(s.outputs[0]):
            code = code.expr          # a statement: the input's name may be bound to another value later
        if isinstance(code, Alias):
            self.aliases[s.outputs[0]] = code.expr
            if s.inputs[0] in self.views:
                self.views.add(s.outputs[0])
            return []
        if node.op in VIEWS or node.op in UNARY and s.inputs and s.inputs[0] in self.views:
            self.views.update(s.outputs)
        names = [self.local(o) if o in later else f"_{self.local(o)}" for o in s.outputs]
        if isinstance(code, tuple):
            code = f"({', '.join(code)})"
        return lines + [f"let {names[0] if len(names) == 1 else '(' + ', '.join(names) + ')'} = {code};"]

    def bound(self, v: str, expr: str, lines: list[str]) -> str:
        """An argument of a call that borrows `n`: one made here (a parameter, a constant) is
        bound to a local first."""
        if not expr.startswith("n."):
            return expr
        name = ident(self.block.rel(v) if v not in self.consts else self.local(v))
        lines.append(f"let {name} = {expr};")
        return name

    def call_args(self, s: Stmt, lines: list[str]) -> list[str]:
        return [self.bound(v, self.fresh(v), lines) for v in s.inputs]

    def turbofish(self, s: Stmt, child: str, steps: list[int | None]) -> str:
        """The type arguments of a call where the child's arguments do not carry them all."""
        sig = self.signatures[child]
        if not sig.params or set(range(len(sig.params))) <= sig.inferred:
            return ""
        per_instance = [self.shapes.child(self.kind, s.member if step is None else f"{s.member}.{step}", child)
                        for step in steps]
        atoms = []
        for j, values in enumerate(sig.params):
            picks = {tuple(values[c] for c in calls) for calls in per_instance}
            if len(picks) > 1:
                raise IRError(f"luminal cannot express {self.kind}: the blocks of {s.member} ({child}) differ "
                              "in a size, which one loop over them cannot pass as a type")
            atoms.append(self.dim(D(picks.pop())))
        return f"::<{', '.join(atoms)}>"

    def path(self, member: str, index: str | None) -> str:
        """`index`: a number, or a placeholder of the format! string (`{i}`)."""
        if self.root and (index is None or index.isdigit()):
            return string(member if index is None else f"{member}.{index}")
        rel = fmt(member) if index is None else f"{fmt(member)}.{index}"
        return f'&format!("{rel}")' if self.root else f'&format!("{{p}}.{rel}")'

    def call(self, s: Stmt, later: set[str]) -> list[str]:
        child = s.child_kinds[0]
        fn = self.names[child] + self.turbofish(s, child, [None if s.index is None else s.index])
        lines = []
        args = ", ".join(["n", self.path(s.member, None if s.index is None else str(s.index)), *self.call_args(s, lines)])
        names = [self.local(o) if o in later else f"_{self.local(o)}" for o in s.outputs]
        target = names[0] if len(names) == 1 else f"({', '.join(names)})"
        return lines + [f"let {target} = {fn}({args});"]

    def loop(self, s: Stmt, later: set[str]) -> list[str]:
        """A `for` loop over each run of blocks of one kind (ResNet's stage: its first block, with a
        downsample, called alone, then a loop over the rest); each run's results feed the next."""
        lines = []
        args = self.call_args(s, lines)
        outs = [self.local(o) for o in s.outputs]
        target = outs[0] if len(outs) == 1 else f"({', '.join(outs)})"
        for j in s.sliced:
            raise IRError(f"luminal cannot express {self.kind}: its loop over {s.member} slices its argument "
                          f"{s.inputs[j]}, which this emitter does not write")
        starts = [i for i, k in enumerate(s.child_kinds) if i == 0 or k != s.child_kinds[i - 1]]
        runs = list(zip(starts, starts[1:] + [len(s.child_kinds)]))
        looped = [end - start > 1 for start, end in runs]
        for r, (start, end) in enumerate(runs):
            fn = self.names[s.child_kinds[start]] + self.turbofish(s, s.child_kinds[start], list(range(start, end)))
            carried = [outs[s.carried[j]] if j in s.carried else a for j, a in enumerate(args)]
            if not looped[r]:          # a block alone; `mut` where a loop assigns its results next
                call = f"{fn}({', '.join(['n', self.path(s.member, str(start)), *args])})"
                bound = [f"mut {o}" if looped[r + 1:r + 2] == [True] else o for o in outs]
                lines.append(f"let {bound[0] if len(bound) == 1 else '(' + ', '.join(bound) + ')'} = {call};")
            else:
                if r == 0:             # later runs assign to what an earlier one bound
                    lines += [f"let mut {outs[k]} = {args[j]};" for j, k in s.carried.items()]
                call = f"{fn}({', '.join(['n', self.path(s.member, '{i}'), *carried])})"
                lines += [f"for i in {start}..{end} {{", f"    {target} = {call};", "}"]
            args = carried
        return lines

    def write(self) -> tuple[str, Signature]:
        block = self.block
        read_later = [set() for _ in block.stmts]
        seen = set(block.returns)
        for i in range(len(block.stmts) - 1, -1, -1):
            read_later[i] = set(seen)
            seen |= set(block.stmts[i].inputs)
        args = [f"{self.local(a)}: {self.tensor_type(a)}" for a in block.args]
        body = []
        for i, s in enumerate(block.stmts):
            body += self.op(s, read_later[i]) if s.kind == "op" else \
                self.call(s, read_later[i]) if s.kind == "call" else self.loop(s, read_later[i])
        rets = [self.value(r) for r in block.returns]
        tail = re.fullmatch(r"let (\w+) = (.*);", body[-1], re.S) if body else None
        if tail and [tail[1]] == rets:          # the last statement's value is returned
            body[-1] = tail[2]
        else:
            body.append(rets[0] if len(rets) == 1 else f"({', '.join(rets)})")
        ret_types = [self.tensor_type(r) for r in block.returns]
        ret = ret_types[0] if len(ret_types) == 1 else f"({', '.join(ret_types)})"
        inferred = set()
        arg_text = " ".join(args)
        params = list(self.params.items())
        for j, (_, name) in enumerate(params):
            if re.search(rf"\b{name}\b", arg_text):
                inferred.add(j)
        generics = f"<{', '.join(f'{name}: Dimension' for _, name in params)}>" if params else ""
        text = "\n".join(body)
        used = lambda name: re.search(rf"\b{name}\b", text) is not None
        head = ["n: &mut Net" if used("n") else "_n: &mut Net"] + \
            ([] if self.root else ["p: &str" if used("p") else "_p: &str"]) + args
        name = self.names[self.kind]
        where = f"`{block.path}` in the checkpoint, and the blocks like it" if block.path else "the model"
        allow = [lint for lint, hit in (("too_many_arguments", len(head) > 7), ("type_complexity", len(rets) > 1)) if hit]
        allow = f"#[allow({', '.join(f'clippy::{a}' for a in allow)})]\n" if allow else ""
        text = (f"/// {block.kind}: {where}.\n{allow}"
                f"pub fn {name}{generics}({', '.join(head)}) -> {ret} {{\n"
                + "".join(f"    {line}\n" for line in body) + "}\n")
        return text, Signature(name, [values for values, _ in params], inferred)


# attributes that are sizes: the code reads them from the values' types instead
SIZE_ATTRS = {"reshape": {"shape"}, "broadcast_to": {"shape"}, "sum_to": {"shape"}, "split": {"sizes"},
              "arange": {"size"}, "one_hot": {"depth"}, "embedding_grad": {"num"}, "rope_tables": {"dim"},
              "conv2d_backward_input": {"input_size"}, "conv2d_backward_weight": {"kernel"}}


def _shape_free(program: Program, kind: str, rep: dict[str, str]) -> tuple:
    """A block's structure without its sizes (parameter shapes, size attributes, an attention's
    default scale) and with its children by the kinds they are merged into."""
    block, graph = program.blocks[kind], program.instances[kind][0][0]
    ref = {v: ("arg", i) for i, v in enumerate(block.args)}
    out = []
    for s in block.stmts:
        ins = tuple(ref.get(v, ("param" if block.rel(v) in block.params else "outer", block.rel(v))) for v in s.inputs)
        if s.kind == "op":
            attrs = {k: a for k, a in s.node.attrs.items() if k not in SIZE_ATTRS.get(s.node.op, ())}
            if s.node.op == "attention" and codegen.is_default_scale(attrs["scale"], graph.values[s.inputs[0]].shape[-1]):
                attrs["scale"] = "default"
            head = (s.node.op, tuple(sorted((k, repr(a)) for k, a in attrs.items())))
        else:
            head = (s.kind, s.member, s.index, tuple(rep[k] for k in s.child_kinds), tuple(sorted(s.carried.items())),
                    tuple(sorted(s.sliced)))
        out.append((head, ins, len(s.outputs)))
        ref.update((o, ("val", len(ref))) for o in s.outputs)
    return tuple(out), tuple(ref.get(v) for v in block.returns)


def merge_sizes(program: Program) -> Program:
    """The program with the block kinds that differ only in sizes as one kind (its instances
    all of theirs): one generic function, the sizes type parameters (children first)."""
    rep, first = {}, {}
    for kind in program.blocks:
        rep[kind] = first.setdefault(_shape_free(program, kind, rep), kind)
    blocks = {k: dataclasses.replace(b, stmts=[dataclasses.replace(st, child_kinds=[rep[c] for c in st.child_kinds])
                                               for st in b.stmts])
              for k, b in program.blocks.items() if rep[k] == k}
    merged = Program(blocks, {v: rep[k] for v, k in program.roots.items()}, program.loss, program.graphs)
    for kind, found in program.instances.items():
        merged.instances.setdefault(rep[kind], []).extend(found)
    return merged


def write_functions(program: Program) -> tuple[list[str], Program, dict[str, Signature]]:
    """The block functions of a program, children first (blocks of one kind in other sizes: one),
    the program as they write it, their signatures."""
    program = merge_sizes(program)
    shapes, names = Shapes(program), function_names(program, snake, HELPERS)
    roots = set(program.roots.values())
    signatures, texts = {}, []
    for kind in program.blocks:
        text, signatures[kind] = Writer(program, kind, shapes, names, signatures, kind in roots).write()
        texts.append(text)
    return texts, program, signatures


def training_program(program: Program) -> Program:
    """Forward, loss and the IR's backward graph in one root whose outputs are the loss and
    every gradient; the backward of each block kind a block of its own."""
    g = grad_graph(program.graphs["full"], blocks=True)
    g.outputs = {k: v for k, v in g.outputs.items() if k == "loss" or k.startswith(GRAD_PREFIX)}
    eliminate_dead_code(g)
    g = decompose(g, keep=lambda op: op in SUPPORTED)
    return analyze({"training": g}, loss="", reserved=RUST.reserved | HELPERS)


def _rust_type(shape) -> str:
    return f"R{len(shape)}<{', '.join(str(int(d)) for d in shape)}>" if shape else "R0"


def _entry(program: Program, variant: str, signatures: dict[str, Signature], prefix: str,
           taken: frozenset[str]) -> dict:
    """What main.rs needs to build one graph: its inputs (local, name, type), the root call,
    its outputs (local, name, shape)."""
    graph, kind = program.graphs[variant], program.roots[variant]
    sig = signatures[kind]
    turbofish = ""
    if sig.params and not set(range(len(sig.params))) <= sig.inferred:
        # the root's instances are the variants' roots, in the order of program.graphs
        index = [program.roots[v] for v in program.graphs][:list(program.graphs).index(variant)].count(kind)
        turbofish = "::<" + ", ".join(f"Const<{values[index]}>" for values in sig.params) + ">"
    key = lambda name: string(prefix + name)[1:-1]       # the template quotes it
    local = namer(taken)           # main.rs's own locals not shadowed
    inputs = [(local(a), key(a), _rust_type(graph.values[a].shape)) for a in program.blocks[kind].args]
    outputs = [(local(k), key(k), [int(d) for d in graph.values[v].shape]) for k, v in graph.outputs.items()
               if k != "loss" or variant == "training"]
    names = [o[0] for o in outputs]
    return {"name": variant, "fn": sig.name + turbofish, "inputs": inputs, "outputs": outputs,
            "pattern": names[0] if len(names) == 1 else f"({', '.join(names)})"}


def render(program: Program, env, ctx) -> dict[str, str]:
    header, files = ctx.header, {}
    train = training_program(program) if program.loss else None
    with sizes.spelled():
        forward, program, signatures = write_functions(program)
        if train:
            backward, train, train_signatures = write_functions(train)
    taken = template_words(env, "luminal/main.rs.j2")
    model = {variant: _entry(program, variant, signatures, prefix, taken)
             for variant, prefix in (("full", ""), ("latency", "latency."))}
    training = None
    if train:
        training = _entry(train, "training", train_signatures, "", taken)
        files["src/train.rs"] = env.get_template("luminal/train.rs.j2").render(
            doc=header.splitlines()[0], functions=backward, config=codegen.CONFIG_USE)
    files["src/model.rs"] = env.get_template("luminal/model.rs.j2").render(
        doc=header.splitlines()[0], functions=forward, config=codegen.CONFIG_BLOCK)
    files["src/main.rs"] = env.get_template("luminal/main.rs.j2").render(
        header=header, version=VERSION, full=model["full"], latency=model["latency"], training=training,
        frozen=sorted(p.name for p in program.graphs["full"].params.values() if not p.trainable))
    files["src/ops.rs"] = (TEMPLATES / "luminal" / "src" / "ops.rs").read_text()
    files["src/weights.rs"] = (TEMPLATES / "meganeura" / "weights.rs").read_text()
    files["Cargo.toml"] = env.get_template("burn/Cargo.toml.j2").render(
        package=crate_name(ctx.folder or program.graphs["full"].name, NAME), dependencies=DEPENDENCIES,
        header=header.splitlines()[0])
    files = codegen.name_sizes(files, ctx, RUST)
    if "src/train.rs" in files:              # the sizes are model.rs's
        files["src/train.rs"] = files["src/train.rs"].replace("use super::", "use crate::model::")
    # a size spelled as its value needs no braces: `Const<{ 8 }>` -> `Const<8>`
    files = {k: re.sub(r"\{ (\d+) \}", r"\1", t) if k.endswith(".rs") else t for k, t in files.items()}
    return rustfmt(files)


# the helpers of templates/luminal/ops.rs, which generated code never binds as locals
HELPERS = frozenset({"n", "p", "i", "Net", "slice_axis", "matmul", "attention", "masked_attention", "conv2d",
                     "conv2d_backward_input", "conv2d_backward_weight", "max_pool2d", "max_pool2d_backward", "erf",
                     "rope_tables", "causal_mask", "one_hot", "embedding", "embedding_grad", "cross_entropy", "batch_norm",
                     "group_norm", "gelu", "upsample_nearest"})
EMITTER = Emitter(NAME, "Luminal", RUST, SUPPORTED, render, requires=("cargo", "cc"), reserved=HELPERS, order=66,
                  devices=CPU_ONLY)
