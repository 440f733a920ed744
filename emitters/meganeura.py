"""Meganeura emitter: a Rust crate per model for Meganeura 0.3.0 (Vulkan compute through
blade-graphics; on a machine without a GPU, Mesa's lavapipe runs it on the CPU), in the same
cargo workspace as Candle's and Burn's crates.

Meganeura is a graph compiler: the program builds a `meganeura::Graph` (a 2-D graph builder:
every tensor is a flat [rows, columns] f32 buffer, or a 1-D vector of u32 ids) and hands it to
`build_inference_session` (forward) or `build_session` (training: Meganeura's own autodiff,
`autodiff::differentiate`, appends the backward graph; `step()` without a learning rate runs
forward and backward only). The generated `src/model.rs` writes one builder function per IR
graph variant, op by op in the IR's order, from the lowered IR (nothing of Meganeura's bundled
model builders is called).

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
scale and shift computed in the graph from the parameters.

What Meganeura cannot express is checked over the whole graph first, so the ERROR row names every
cause (_BLOCKERS: no sin/cos/arange op); an op Meganeura
runs forward but cannot train through (_TRAIN_BLOCKERS: max-pool, whose backward is approximate)
gives a program that measures inference and latency and reports training as not measured, with
the reason. Any other op outside this table raises an IRError naming it."""
from __future__ import annotations

import math
import re

from inferena.ir import IRError

from . import rustcode
from .base import Emitter
from .rustcode import RUST
from .structure import Program

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
                       "upsample_nearest", "concat", "mse_loss", "max_pool2d", "gelu", "batch_norm", "mean"})
# Ops of the zoo Meganeura's graph cannot express (or train through), and why: checked over the
# whole graph first, so a model's row names every cause, not the first op the walk reaches.
_BLOCKERS = {
    "arange": "Meganeura's graph has no arange, sin or cos, so the sinusoidal timestep embedding cannot be "
              "built in it",
    "sin": "Meganeura's graph has no sin or cos op",
}
# Ops Meganeura runs forward but cannot train through: the program measures inference and
# latency and reports training as not measured, with this reason.
_TRAIN_BLOCKERS = {
    "max_pool2d": "Meganeura's MaxPool2d backward is approximate (autodiff.rs spreads the gradient evenly, "
                  "like average pooling, instead of to each window's maximum), so its native gradients would "
                  "be wrong, and this emitter does not write the IR's autodiff in their place",
    "gelu_tanh": "Meganeura's Gelu (the tanh form) has a backward of another approximation (x * sigmoid(1.702 x)), "
                 "so its native gradients would be wrong",
}
_UNARY = {"silu": "silu", "sigmoid": "sigmoid", "relu": "relu", "tanh": "tanh", "exp": "exp", "log": "log",
          "neg": "neg"}


class _Val:
    """How an IR value is held: a Rust NodeId local, its flat 2-D shape, and its layout:
    "flat", "split" ([B, S, H, D] over flat [S, H*D]), "heads" ([B, H, S, D] over [S, H*D]),
    "positions" (offset) or "tables" (theta, dim) (no node: rope computes its own)."""

    def __init__(self, var, shape=None, layout="flat", heads=None, info=None):
        self.var, self.shape, self.layout, self.heads, self.info = var, shape, layout, heads, info


def _flat(shape) -> tuple[int, int]:
    dims = [int(d) for d in shape]
    if not dims:
        return (1, 1)
    rows = math.prod(dims[:-1]) if len(dims) > 1 else 1
    return (rows, dims[-1])


class _Builder:
    """The Rust lines building one IR graph."""

    def __init__(self, graph, fn: str):
        self.g, self.fn = graph, fn
        self.vals: dict[str, _Val] = {}
        self.lines: list[str] = []
        self.count = 0
        self.taken: set[str] = set()
        self.block = None
        self.current = ""
        self.labels: dict[str, int] = {}    # i64 input -> classes (fed one-hot)
        self.ids: list[str] = []            # i64 inputs fed as u32 ids
        self.helpers: set[str] = set()      # model.rs helper functions the code calls

    def fail(self, node, why: str):
        raise IRError(f"meganeura cannot express {node.op} ({', '.join(node.outputs)}): {why}")

    def new(self, expr: str, shape, name: str = "", **kw) -> _Val:
        """`let <name> = expr;`, named after the IR value it holds (unique in the function)."""
        name = name or self.current
        base = re.sub(r"\W+", "_", name.removeprefix("model.").removeprefix("model/")).strip("_").lower() or "t"
        base = base if base[0].isalpha() else f"t_{base}"
        if base in RUST.reserved:
            base += "_"
        self.count += 1
        var = base if base not in self.taken else f"{base}_{self.count}"
        self.taken.add(var)
        self.lines.append(f"let {var} = {expr};")
        return _Val(var, shape, **kw)

    def blockers(self) -> list[str]:
        g, found = self.g, {}
        for n in g.nodes:
            op = "sin" if n.op == "cos" else n.op
            if op in _BLOCKERS:
                found.setdefault(op, n.outputs[0])
        return [f"{_BLOCKERS[op]} ({op}: {value})" for op, value in found.items()]

    def untrainable(self) -> str | None:
        op = lambda n: "gelu_tanh" if n.op == "gelu" and n.attrs["approximate"] != "none" else n.op
        found = {op(n): n.outputs[0] for n in reversed(self.g.nodes) if op(n) in _TRAIN_BLOCKERS}
        return "; ".join(f"{_TRAIN_BLOCKERS[op]} ({op}: {v})" for op, v in found.items()) or None

    def build(self):
        g = self.g
        blocked = self.blockers()
        if blocked:
            raise IRError(f"meganeura cannot express {g.name}: " + "; ".join(blocked))
        users = g.users()
        for name, t in g.inputs.items():
            if t.dtype == "i64":
                uses = [n.op for n in users.get(name, [])]
                if uses and all(u == "cross_entropy" for u in uses):
                    classes = int(g.values[users[name][0].inputs[0]].shape[-1])
                    self.labels[name] = classes
                    self.vals[name] = self.new(f'g.input("{name}", &[{math.prod(int(d) for d in t.shape)}, {classes}])', name=name, shape=
                                               (math.prod(int(d) for d in t.shape), classes))
                elif uses and all(u in ("embedding", "positions") for u in uses):
                    self.ids.append(name)
                    n = math.prod(int(d) for d in t.shape)
                    self.vals[name] = self.new(f'g.input_u32("{name}", &[{n}])', (n,), name=name, layout="ids",
                                               info=tuple(int(d) for d in t.shape))
                else:
                    raise IRError(f"meganeura cannot take the i64 input {name} used by {', '.join(uses)} "
                                  "(ids feed embedding, labels feed cross_entropy)")
            elif t.dtype in ("f32", "f64") and t.rank == 4:          # NCHW, flat as Meganeura's convs take it
                shape = tuple(int(d) for d in t.shape)
                self.vals[name] = self.new(f'g.input("{name}", &[{math.prod(shape)}])', shape, name=name, layout="nchw")
            elif t.dtype in ("f32", "f64"):
                self.vals[name] = self.new(f'g.input("{name}", &{list(_flat(t.shape))})', _flat(t.shape), name=name)
            else:
                raise IRError(f"meganeura has no {t.dtype} input ({name})")
        for name, p in g.params.items():
            dims = [int(d) for d in p.type.shape]
            if len(dims) > 2:            # conv kernels: flat, as Meganeura's conv2d takes them
                self.vals[name] = self.new(f'g.parameter("{name}", &[{math.prod(dims)}])', tuple(dims), name=name,
                                           layout="kernel")
            else:
                self.vals[name] = self.new(f'g.parameter("{name}", &{dims})', tuple(dims), name=name)
        for node in g.nodes:
            self.node(node)
        outs = list(g.outputs.items())
        return outs

    def node(self, n):
        if n.block != self.block and n.block:
            self.lines.append(f"// {n.block}")
        self.block = n.block
        self.current = n.outputs[0]
        g, v = self.g, self.vals
        ins = [v.get(i) for i in n.inputs]
        out_t = [g.values[o] for o in n.outputs]
        op, a = n.op, n.attrs

        def put(val):
            v[n.outputs[0]] = val

        if op in _UNARY:
            x = ins[0]
            put(self.new(f"g.{_UNARY[op]}({x.var})", x.shape, layout=x.layout, heads=x.heads))
        elif op == "gelu":              # Meganeura's gelu is the tanh form; the exact one is composed
            x = ins[0]
            if x.layout not in ("flat", "nchw"):
                self.fail(n, f"gelu of a {x.layout} value")
            if a["approximate"] == "none":
                self.helpers.add("gelu_erf")
                put(self.new(f"gelu_erf(g, {x.var})", x.shape, layout=x.layout))
            else:
                put(self.new(f"g.gelu({x.var})", x.shape, layout=x.layout))
        elif op in ("add", "mul"):
            x, y = ins
            if x is None or y is None or x.shape != y.shape or x.layout != y.layout:
                self.fail(n, "Meganeura's add and mul take two tensors of one shape (no broadcasting "
                             "or constants in this emitter)")
            put(self.new(f"g.{op}({x.var}, {y.var})", x.shape, layout=x.layout, heads=x.heads))
        elif op == "linear":
            x, w = ins[0], ins[1]
            y = self.new(f"g.matmul_bt({x.var}, {w.var})", (x.shape[0], w.shape[0]))
            if len(ins) == 3:
                y = self.new(f"g.bias_add({y.var}, {ins[2].var})", y.shape)
            put(y)
        elif op == "matmul":
            x, w = ins
            ta, tb = (g.values[i] for i in n.inputs)
            if tb.rank != 2 or x.layout != "flat":
                self.fail(n, "Meganeura's matmul is 2-D (no batched matmul)")
            put(self.new(f"g.matmul({x.var}, {w.var})", (x.shape[0], w.shape[1])))
        elif op == "rmsnorm":
            put(self.new(f"g.rms_norm({ins[0].var}, {ins[1].var}, {float(a['eps'])!r}_f32)", ins[0].shape))
        elif op == "layer_norm":
            if len(ins) != 3:
                self.fail(n, "Meganeura's layer_norm needs a scale and a shift")
            put(self.new(f"g.layer_norm({ins[0].var}, {ins[1].var}, {ins[2].var}, {float(a['eps'])!r}_f32)",
                         ins[0].shape))
        elif op == "softmax":
            t = g.values[n.inputs[0]]
            if a["axis"] % t.rank != t.rank - 1 or ins[0].layout != "flat":
                self.fail(n, "Meganeura's softmax is over the last axis of a 2-D tensor")
            put(self.new(f"g.softmax({ins[0].var})", ins[0].shape))
        elif op == "embedding" and ins[0] is not None and ins[0].layout == "positions":
            put(self.rows(ins[1], *ins[0].info))
        elif op == "embedding":
            ids, table = ins
            if ids is None or ids.layout != "ids":
                self.fail(n, "Meganeura's embedding takes u32 ids from an input")
            put(self.new(f"g.embedding({ids.var}, {table.var})", (ids.shape[0], table.shape[1])))
        elif op == "positions":         # known when the graph is built: a slice of what they index
            t = g.values[n.inputs[0]]
            if a["axis"] % t.rank != t.rank - 2 + (t.dtype == "i64") or math.prod(t.shape[:a["axis"] % t.rank]) != 1:
                self.fail(n, "positions along the sequence of a batch-1 value only")
            put(_Val(None, layout="positions", info=(int(a["offset"]), int(out_t[0].shape[0]))))
        elif op == "rope_tables":
            pos = ins[0]
            if pos is None or pos.layout != "positions" or pos.info[0] != 0:
                self.fail(n, "Meganeura's rope computes its tables at positions 0.. (offset 0 only)")
            v[n.outputs[0]] = v[n.outputs[1]] = _Val(None, layout="tables",
                                                     info=(float(a["theta"]), int(a["dim"])))
        elif op == "reshape":
            self.reshape(n, ins[0], g.values[n.inputs[0]], out_t[0])
        elif op == "transpose":
            x, perm = ins[0], tuple(a["perm"])
            t = g.values[n.inputs[0]]
            if perm == (0, 2, 1, 3) and x.layout in ("split", "heads") and int(t.shape[0]) == 1:
                put(_Val(x.var, x.shape, layout="heads" if x.layout == "split" else "split", heads=x.heads))
            elif x.layout == "flat" and (perm == (1, 0) or perm == (0, 2, 1) and int(t.shape[0]) == 1):
                put(self.new(f"g.transpose({x.var})", (x.shape[1], x.shape[0])))
            else:
                self.fail(n, f"Meganeura has no general transpose (perm {perm} of {t}); heads of a batch-1 "
                             "[1, S, H, D] value and 2-D transposes only")
        elif op == "rope":
            x, cos = ins[0], ins[1]
            if x is None or x.layout != "heads" or cos is None or cos.layout != "tables":
                self.fail(n, "rope of attention heads with tables from rope_tables")
            theta, dim = cos.info
            if dim != x.heads[1]:
                self.fail(n, f"rotary dim {dim} is not the head dim {x.heads[1]} (Meganeura rotates whole heads)")
            put(self.new(f"g.rope({x.var}, {theta!r}_f32, {dim})", x.shape, layout="heads", heads=x.heads))
        elif op == "attention":
            self.attention(n, ins)
        elif op in ("conv2d", "group_norm", "upsample_nearest", "batch_norm", "max_pool2d", "mean") or \
                (op == "concat" and g.values[n.inputs[0]].rank == 4):
            self.image(n, ins)
        elif op == "mse_loss":
            x, y = ins
            if x.shape != y.shape or x.layout != y.layout:
                self.fail(n, "mse_loss of two tensors of one shape")
            put(self.new(f"g.mse_loss({x.var}, {y.var})", (1, 1)))
        elif op == "cross_entropy":
            logits, labels = ins
            if labels is None or n.inputs[1] not in self.labels or logits.layout != "flat":
                self.fail(n, "cross_entropy of flat logits and labels from an input")
            put(self.new(f"g.cross_entropy_loss({logits.var}, {labels.var})", (1, 1)))
        else:
            self.fail(n, "no Meganeura graph op for it in this emitter")

    def rows(self, table, start: int, count: int) -> _Val:
        """Rows start..start+count of a [P, D] table (positions index it): the table itself, or
        split off it (Meganeura's split_a/split_b cut a [batch, channels, rest] buffer)."""
        p, d = table.shape
        if (start, count) == (0, p):
            return table
        x = table
        if start:
            x = self.new(f"g.split_b({x.var}, 1, {start}, {p - start}, {d})", ((p - start) * d,))
        if start + count < p:
            x = self.new(f"g.split_a({x.var}, 1, {count}, {p - start - count}, {d})", (count * d,))
        return self.new(f"g.reshape({x.var}, &[{count}, {d}])", (count, d))

    def reshape(self, n, x, t_in, t_out):
        shape = [int(d) for d in t_out.shape]
        total = math.prod(shape)
        if x.layout == "kernel" and len(shape) == 4:
            self.vals[n.outputs[0]] = _Val(x.var, tuple(shape), layout="kernel")
        elif x.layout in ("flat", "split") and len(shape) == 4 and _flat(t_in.shape)[1] == shape[2] * shape[3] \
                and x.shape[0] == math.prod(shape[:2]):     # heads, or an image of these rows
            self.vals[n.outputs[0]] = _Val(x.var, x.shape, layout="split", heads=(shape[2], shape[3]))
        elif x.layout in ("flat", "split", "nchw") and len(shape) == 4:
            self.vals[n.outputs[0]] = self.nchw(x, tuple(shape))
        elif x.layout in ("flat", "split", "nchw"):
            flat = _flat(shape)
            self.vals[n.outputs[0]] = x if flat == x.shape and x.layout != "nchw" else self.new(
                f"g.reshape({x.var}, &{list(flat)})", flat)
        else:
            self.fail(n, f"reshape of a {x.layout} value to {shape} ({total} values)")

    def nchw(self, x, dims) -> _Val:
        """A row-major value as the flat [N*C*H*W] vector Meganeura's image ops take."""
        if x.layout == "nchw":
            return _Val(x.var, tuple(dims), layout="nchw")
        return self.new(f"g.reshape({x.var}, &[{math.prod(dims)}])", tuple(dims), layout="nchw")

    def image(self, n, ins):
        """Ops on NCHW values (flat [N*C*H*W] nodes)."""
        a, op = n.attrs, n.op
        x = ins[0]
        if x is not None and x.layout in ("flat", "split") and self.g.values[n.inputs[0]].rank == 4:
            x = self.nchw(x, tuple(int(d) for d in self.g.values[n.inputs[0]].shape))
        if x is None or x.layout != "nchw":
            self.fail(n, "Meganeura's image ops take NCHW values")
        nb, c, h, w = x.shape
        out = tuple(int(d) for d in self.g.values[n.outputs[0]].shape)
        if op == "conv2d":
            k = ins[1]
            o, _, kh, kw = k.shape
            if a["groups"] != 1:
                self.fail(n, f"groups {a['groups']} (Meganeura's conv2d has no groups; its depthwise conv2d_dw has "
                             "no autodiff)")
            stride = a["stride"][1] if (h, kh, a["padding"][0]) == (1, 1, 0) else a["stride"][0]   # a 1-D conv
            if tuple(a["dilation"]) != (1, 1) or stride not in a["stride"] or (h, kh, a["padding"][0]) != (1, 1, 0) \
                    and a["stride"][0] != a["stride"][1]:
                self.fail(n, f"dilation {a['dilation']}, stride {a['stride']} (Meganeura's conv2d: one stride, no "
                             "dilation)")
            y = self.new(f"g.conv2d_hw({x.var}, {k.var}, {nb}, {c}, {h}, {w}, {o}, {kh}, {kw}, {stride}, "
                         f"{a['padding'][0]}, {a['padding'][1]})", out, layout="nchw")
            if len(ins) == 3:
                y = self.new(f"g.add_per_channel({y.var}, {ins[2].var}, {o}, {out[2] * out[3]})", out, layout="nchw")
        elif op == "group_norm":
            y = self.new(f"g.group_norm({x.var}, {ins[1].var}, {ins[2].var}, {nb}, {c}, {h * w}, {a['groups']}, "
                         f"{float(a['eps'])!r}_f32)", out, layout="nchw")
        elif op == "batch_norm":        # stored statistics: y = x * scale + shift, per channel
            _, wt, bias, mean, var = ins
            eps = float(a["eps"])
            self.lines.append(f"// batch_norm: scale = weight / sqrt(var + {eps!r}), shift = bias - mean * scale")
            eps_c = self.new(f"g.constant(vec![{eps!r}; {c}], &[{c}])", (c,), name=f"{n.outputs[0]}_eps")
            half = self.new(f"g.constant(vec![-0.5; {c}], &[{c}])", (c,), name=f"{n.outputs[0]}_minus_half")
            shifted = self.new(f"g.add({var.var}, {eps_c.var})", (c,), name=f"{n.outputs[0]}_var")
            logv = self.new(f"g.log({shifted.var})", (c,), name=f"{n.outputs[0]}_log_var")
            half_log = self.new(f"g.mul({logv.var}, {half.var})", (c,), name=f"{n.outputs[0]}_half_log_var")
            r = self.new(f"g.exp({half_log.var})", (c,), name=f"{n.outputs[0]}_rsqrt")
            scale = self.new(f"g.mul({wt.var}, {r.var})", (c,), name=f"{n.outputs[0]}_scale")
            moved = self.new(f"g.mul({mean.var}, {scale.var})", (c,), name=f"{n.outputs[0]}_mean_scaled")
            neg = self.new(f"g.neg({moved.var})", (c,), name=f"{n.outputs[0]}_minus_mean_scaled")
            shift = self.new(f"g.add({bias.var}, {neg.var})", (c,), name=f"{n.outputs[0]}_shift")
            # Meganeura's mul_per_channel reads its gate per (batch, channel): the scale repeated N times
            ones = self.new(f"g.constant(vec![1.0; {nb}], &[{nb}, 1])", (nb, 1), name=f"{n.outputs[0]}_ones")
            row = self.new(f"g.reshape({scale.var}, &[1, {c}])", (1, c), name=f"{n.outputs[0]}_scale_row")
            tiled = self.new(f"g.matmul({ones.var}, {row.var})", (nb, c), name=f"{n.outputs[0]}_scale_tiled")
            gate = self.new(f"g.reshape({tiled.var}, &[{nb * c}])", (nb * c,), name=f"{n.outputs[0]}_gate")
            scaled = self.new(f"g.mul_per_channel({x.var}, {gate.var}, {c}, {h * w})", out,
                              name=f"{n.outputs[0]}_scaled")
            y = self.new(f"g.add_per_channel({scaled.var}, {shift.var}, {c}, {h * w})", out, layout="nchw")
        elif op == "max_pool2d":
            k, st, pad = tuple(a["kernel"]), tuple(a["stride"]), tuple(a["padding"])
            if k[0] != k[1] or st[0] != st[1] or pad[0] != pad[1]:
                self.fail(n, "Meganeura's max_pool_2d takes one stride and one padding")
            y = self.new(f"g.max_pool_2d({x.var}, {nb}, {c}, {h}, {w}, {k[0]}, {k[1]}, {st[0]}, {pad[0]})", out,
                         layout="nchw")
        elif op == "mean":
            if tuple(ax % 4 for ax in a["axes"]) != (2, 3) or a["keepdims"]:
                self.fail(n, "Meganeura averages NCHW values over H and W only (global_avg_pool)")
            y = self.new(f"g.global_avg_pool({x.var}, {nb}, {c}, {h * w})", (nb, c))
        elif op == "upsample_nearest":
            if a["scale"] != 2:
                self.fail(n, f"scale {a['scale']} (Meganeura's upsample is 2x)")
            y = self.new(f"g.upsample_2x({x.var}, {nb}, {c}, {h}, {w})", out, layout="nchw")
        else:                                                   # concat
            t = self.g.values[n.inputs[0]]
            other = ins[1]
            if other is not None and other.layout in ("flat", "split"):
                other = ins[1] = self.nchw(other, tuple(int(d) for d in self.g.values[n.inputs[1]].shape))
            if len(ins) != 2 or a["axis"] % 4 != 1 or other.layout != "nchw":
                self.fail(n, "Meganeura concatenates two NCHW values along channels only")
            y = self.new(f"g.concat({x.var}, {ins[1].var}, {nb}, {c}, {ins[1].shape[1]}, {h * w})", out,
                         layout="nchw")
        self.vals[n.outputs[0]] = y

    def attention(self, n, ins):
        a = n.attrs
        q, k, v = ins[:3]
        if len(ins) > 3:
            self.fail(n, "Meganeura's attention takes no mask (causal or full only)")
        if any(x is None or x.layout != "heads" for x in (q, k, v)):
            self.fail(n, "attention of [1, H, S, D] heads")
        h, d = q.heads
        kvh = k.heads[0]
        if abs(float(a["scale"]) - 1 / math.sqrt(d)) > 1e-9:
            self.fail(n, f"scale {a['scale']} (Meganeura's attention scales by 1/sqrt(head dim) only)")
        if d & (d - 1):
            self.fail(n, f"head dim {d}: Meganeura's attention kernels take a power-of-two head dim")
        if q.shape[0] != k.shape[0] and a["causal"]:
            self.fail(n, "causal attention over a key sequence of another length")
        if q.shape[0] != k.shape[0]:    # cross-attention: its trainable form (CrossAttention has no backward)
            expr = f"g.multi_head_attn({q.var}, {k.var}, {v.var}, {h}, {kvh}, {d}, true)"
        else:
            expr = f"g.{'causal_attention' if a['causal'] else 'full_attention'}({q.var}, {k.var}, {v.var}, {h}, {kvh}, {d})"
        self.vals[n.outputs[0]] = self.new(expr, q.shape, layout="heads", heads=q.heads)


def _rust_str(text: str | None) -> str | None:
    return None if text is None else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _outputs(b: _Builder, order: list[str]) -> list[dict]:
    g, out = b.g, []
    for name in order:
        val = b.vals[g.outputs[name]]
        t = g.values[g.outputs[name]]
        if val.var is None:
            raise IRError(f"meganeura: output {name} is not a tensor node")
        out.append({"name": name, "var": val.var, "len": math.prod(val.shape),
                    "shape": [int(d) for d in t.shape], "loss": val.shape == (1, 1) and t.rank == 0})
    return out


def _variant(graph, fn: str, loss_first: bool) -> dict:
    b = _Builder(graph, fn)
    b.build()
    order = list(graph.outputs)
    if loss_first and "loss" in order:
        order.remove("loss")
        order.insert(0, "loss")
    outs = _outputs(b, order)
    return {"fn": fn, "lines": b.lines, "helpers": b.helpers, "untrainable": b.untrainable(), "outputs": outs, "labels": b.labels, "ids": b.ids,
            "floats": [n for n, t in graph.inputs.items() if t.dtype != "i64"],
            "params": list(graph.params), "name": graph.name,
            "param_shapes": {n: [int(d) for d in p.type.shape] for n, p in graph.params.items()}}


def render(program: Program, env, ctx) -> dict[str, str]:
    full = program.graphs["full"]
    latency = program.graphs["latency"]
    fv = _variant(full, "build_full", loss_first=True)
    lv = _variant(latency, "build_latency", loss_first=True)
    if "loss" not in full.outputs:
        fv["train"] = None
    buffers = rustcode.buffers(program)
    files = {
        "src/model.rs": env.get_template("meganeura/model.rs.j2").render(variants=[fv, lv], name=full.name,
                                                                       helpers=fv["helpers"] | lv["helpers"]),
        "src/main.rs": env.get_template("meganeura/main.rs.j2").render(
            header=ctx.header, version=VERSION, full=fv, latency=lv, buffers=buffers,
            train="loss" in full.outputs and not fv["untrainable"], untrainable=_rust_str(fv["untrainable"])),
        "src/weights.rs": env.get_template("meganeura/weights.rs").render(),
        "Cargo.toml": env.get_template("burn/Cargo.toml.j2").render(
            package=rustcode.crate_name(ctx.folder or full.name, NAME), dependencies=DEPENDENCIES,
            header=ctx.header.splitlines()[0]),
    }
    return rustcode.rustfmt(files)


# cargo builds the crate (a member of the generated/ workspace, runner/cargo.py), cc links it
# IR ops this emitter does not map to Meganeura's builder (yet; some have no Meganeura op at all:
# _BLOCKERS): a model holding one is an ERROR row naming it.
UNWRITTEN = frozenset({"sub", "div", "sqrt", "rsqrt", "pow", "where", "cast", "const", "zeros_like", "sum", "max",
                       "sum_to", "broadcast_to", "split", "select", "embedding_grad", "causal_mask", "one_hot",
                       "sin", "cos", "erf", "greater", "arange", "conv2d_backward_input",
                       "conv2d_backward_weight", "max_pool2d_backward"})
EMITTER = Emitter(NAME, "Meganeura", RUST, SUPPORTED, render, requires=("cargo", "cc"), order=64,
                  unwritten=UNWRITTEN)
