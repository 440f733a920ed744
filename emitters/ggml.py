"""GGML emitter: C source over ggml's graph API, one function per block kind (`for` loops
over repeated blocks), ggml's own ops (ggml_mul_mat, ggml_rms_norm, ggml_rope_ext NEOX,
ggml_soft_max_ext, ggml_conv_2d_direct, ggml_group_norm, ggml_gelu_erf, ...), weights read
from weights.safetensors into a CPU backend buffer (dims reversed at the boundary: ggml's ne0
is the IR's last axis), graphs placed by ggml-alloc and run by the CPU backend.

Training: ggml's own backward (ggml_build_backward_expand) where every op of the model has one
there (NATIVE_BACKWARD); otherwise the IR's backward graph (ir/autodiff.py) is emitted as more
forward ggml code (train.c) — ggml has no backward for norm, group_norm, gelu_erf, tanh,
concat or upscale; conv gradients go through ggml_im2col / ggml_im2col_back. The record's
`autodiff` says which."""
from __future__ import annotations

import math

from inferena.ir import GRAD_PREFIX, IRError, TensorType, sizes
from inferena.ir.autodiff import grad_graph
from inferena.ir import Graph, Node
from inferena.ir.builder import Builder
from inferena.ir.passes import decompose, eliminate_dead_code, expand

from . import codegen, generic
from .base import TEMPLATES, Emitter
from .ccode import C, Alias, Call, CWriter, flag, functions, graph_of, literal, string
from .structure import Program, analyze

NAME = "ggml"
VERSION = "0.20.2"          # libggml-python 0.20.2.post1 ships ggml 0.20.2
PACKAGE = "libggml-python==0.20.2.post1"
EMPTY = '""'                # the root block's path


def _binary(op: str, commutes: bool):
    def emit(n: Call) -> str:
        a, b = n.args
        ca, cb = n.consts
        if ca is not None and cb is not None:        # folded: a one-element tensor
            n.helpers.add("scalar")
            value = {"add": ca + cb, "sub": ca - cb, "mul": ca * cb, "div": ca / cb if cb else math.inf}[op]
            return f"scalar(n, {literal(value)})"
        if cb is not None:
            return {"add": f"ggml_scale_bias(ctx, {a}, 1.0f, {literal(cb)})",
                    "sub": f"ggml_scale_bias(ctx, {a}, 1.0f, {literal(-cb)})",
                    "mul": f"ggml_scale(ctx, {a}, {literal(cb)})",
                    "div": f"ggml_scale(ctx, {a}, {literal(1.0 / cb)})"}[op]
        if ca is not None:
            if op == "add":
                return f"ggml_scale_bias(ctx, {b}, 1.0f, {literal(ca)})"
            if op == "sub":
                return f"ggml_scale_bias(ctx, {b}, -1.0f, {literal(ca)})"
            if op == "mul":
                return f"ggml_scale(ctx, {b}, {literal(ca)})"
            n.helpers.add("scalar")
            return f"ggml_div(ctx, ggml_repeat(ctx, scalar(n, {literal(ca)}), {b}), {b})"
        ta, tb = n.in_types
        if _fits(tb.shape, ta.shape):
            return f"ggml_{op}(ctx, {a}, {b})"
        if commutes and _fits(ta.shape, tb.shape):
            return f"ggml_{op}(ctx, {b}, {a})"
        if _fits(ta.shape, tb.shape):
            return f"ggml_{op}(ctx, ggml_repeat(ctx, {a}, {b}), {b})"
        out = _dims(list(map(str, n.out_types[0].shape)))[3:]      # both broadcast
        return f"ggml_{op}(ctx, ggml_repeat_4d(ctx, {a}, {out}), {b})"
    return emit


def _dims(dims: list[str]) -> str:
    """reshape()'s `r, ne0, ne1, ne2, ne3` from IR-ordered size expressions."""
    ne = list(reversed(dims)) + ["1"] * (4 - len(dims))
    return ", ".join([str(len(dims)), *ne])


def _fits(small, big) -> bool:
    """Whether a tensor of shape `small` broadcasts into `big` as ggml repeats (each dim divides)."""
    if len(small) > len(big):
        return False
    small = (1,) * (len(big) - len(small)) + tuple(small)
    return all(b % s == 0 for s, b in zip(small, big))


def _unary(fn: str):
    return lambda n: f"ggml_{fn}(ctx, {n.args[0]})"


def _pow(n: Call) -> str:
    e, x = n.attrs["exponent"], n.args[0]
    if e == 0.5:
        return f"ggml_sqrt(ctx, {x})"
    if e == -0.5:
        n.helpers.add("scalar")
        return f"ggml_div(ctx, ggml_repeat(ctx, scalar(n, 1.0f), {x}), ggml_sqrt(ctx, {x}))"
    if e == int(e) and 1 <= e <= 4:          # ggml has no pow: products of squares
        k = int(e)
        out = x if k % 2 else None
        sq = f"ggml_sqr(ctx, {x})"
        for _ in range(k // 2):
            out = sq if out is None else f"ggml_mul(ctx, {out}, {sq})"
        return out
    return f"ggml_exp(ctx, ggml_scale(ctx, ggml_log(ctx, {x}), {literal(e)}))"     # x ** e = exp(e log x)


def _reshape(n: Call) -> str:
    """Sizes as the spec gives them: 0 copies the input's axis, -1 is inferred (reshape()), so
    one function serves every input length."""
    x, spec, r_in = n.args[0], n.attrs["shape"], n.in_types[0].rank
    dims = [f"{x}->ne[{r_in - 1 - j}]" if d == 0 else str(d) for j, d in enumerate(spec)]
    ne = list(reversed(dims)) + ["1"] * (4 - len(dims))
    return f"reshape(ctx, {x}, {len(dims)}, {', '.join(ne)})"


def _permute_axes(perm) -> list[int]:
    """ggml_permute's arguments for IR perm (out axis j = in axis perm[j]): where each ggml
    axis of the input goes."""
    r = len(perm)
    dest = list(range(4))
    for j, pj in enumerate(perm):
        dest[r - 1 - pj % r] = r - 1 - j
    return dest


def _transpose(n: Call) -> str:
    axes = _permute_axes(n.attrs["perm"])
    return f"permute(ctx, {n.args[0]}, {', '.join(map(str, axes))})"


def _split(n: Call):
    ax, start, parts = n.ax(n.attrs["axis"]), 0, []
    for size in n.attrs["sizes"]:
        parts.append(f"slice_axis(ctx, {n.args[0]}, {ax}, {start}, {size})")
        start += size
    return tuple(parts)


def _concat(n: Call) -> str:
    ax = n.ax(n.attrs["axis"])
    expr = n.args[0]
    for other in n.args[1:]:
        expr = f"ggml_concat(ctx, {expr}, {other}, {ax})"
    return expr


def _linear(n: Call) -> str:
    out = f"ggml_mul_mat(ctx, {n.args[1]}, {n.args[0]})"
    return f"ggml_add(ctx, {out}, {n.args[2]})" if len(n.args) == 3 else out


def _matmul(n: Call) -> str:
    a, b = n.args             # IR a @ b = mul_mat(bᵀ, a): ggml_mul_mat(x, y) is y·xᵀ, x broadcast over y
    ta, tb, out = n.in_types[0], n.in_types[1], n.out_types[0]
    batch = tuple(out.shape[:-2])
    if tuple(ta.shape[:-2]) != batch and (len(ta.shape) - 2 < len(batch) or not _fits(tb.shape[:-2], ta.shape[:-2])):
        a = f"ggml_repeat_4d(ctx, {a}, {_dims(list(map(str, (*batch, *ta.shape[-2:]))))[3:]})"
    return f"ggml_mul_mat(ctx, permute(ctx, {b}, 1, 0, 2, 3), {a})"


def _per_channel(n: Call, value: str) -> str:
    """A [C] vector (input `value` of the call) shaped to broadcast over [N, C, ...]."""
    rank = n.out_types[0].rank if n.out_types else n.in_types[0].rank
    c = n.in_types[n.args.index(value)].shape[0]
    if rank <= 2:
        return value
    ones = ", ".join(["1"] * (rank - 2))
    return f"ggml_reshape_{rank - 1}d(ctx, {value}, {ones}, {c})"


def _group_norm(n: Call) -> str:
    x, w, b = n.args
    rank, c = n.in_types[0].rank, n.in_types[1].shape[0]
    x4 = x if rank == 4 else f"reshape(ctx, {x}, 4, {'1' if rank == 2 else f'{x}->ne[0]'}, 1, {c}, -1)"   # [N, C, ..] as [N, C, L, 1]
    out = f"ggml_group_norm(ctx, {x4}, {n.attrs['groups']}, {literal(n.attrs['eps'])})"
    w4, b4 = (f"ggml_reshape_3d(ctx, {v}, 1, 1, {c})" for v in (w, b))
    out = f"ggml_add(ctx, ggml_mul(ctx, {out}, {w4}), {b4})"
    return out if rank == 4 else f"reshape(ctx, {out}, {_dims(list(map(str, n.out_types[0].shape)))})"


def _layer_norm(n: Call) -> str:
    out = f"ggml_mul(ctx, ggml_norm(ctx, {n.args[0]}, {literal(n.attrs['eps'])}), {n.args[1]})"
    return f"ggml_add(ctx, {out}, {n.args[2]})" if len(n.args) == 3 else out


def _batch_norm(n: Call) -> str:
    return f"batch_norm(ctx, {', '.join(n.args)}, {literal(n.attrs['eps'])}, {n.in_types[0].rank})"


def _conv2d(n: Call) -> str:
    a = n.attrs
    (sh, sw), (ph, pw), (dh, dw) = a["stride"], a["padding"], a["dilation"]
    if a["groups"] == 1:
        out = f"ggml_conv_2d_direct(ctx, {n.args[1]}, {n.args[0]}, {sw}, {sh}, {pw}, {ph}, {dw}, {dh})"
    else:
        out = f"conv2d(ctx, {n.args[1]}, {n.args[0]}, {a['groups']}, {sw}, {sh}, {pw}, {ph}, {dw}, {dh})"
    return f"ggml_add(ctx, {out}, {_per_channel(n, n.args[2])})" if len(n.args) == 3 else out


def _conv1d(n: Call) -> str:
    a = n.attrs
    x, (co, ci, k) = n.args[0], n.in_types[1].shape          # x [N, Cin, L]: a conv2d of height 1
    x4 = f"ggml_reshape_4d(ctx, {x}, {x}->ne[0], 1, {ci * a['groups']}, {x}->ne[2])"
    w = f"ggml_reshape_4d(ctx, {n.args[1]}, {k}, 1, {ci}, {co})"
    out = f"conv2d(ctx, {w}, {x4}, {a['groups']}, {a['stride']}, 1, {a['padding']}, 0, {a['dilation']}, 1)"
    out = f"ggml_reshape_3d(ctx, {out}, ({x}->ne[0] + {2 * a['padding']} - {a['dilation'] * (k - 1) + 1}) / {a['stride']} + 1, {co}, {x}->ne[2])"
    return f"ggml_add(ctx, {out}, ggml_reshape_2d(ctx, {n.args[2]}, 1, {co}))" if len(n.args) == 3 else out


def _max_pool2d(n: Call) -> str:
    (kh, kw), (sh, sw), (ph, pw) = n.attrs["kernel"], n.attrs["stride"], n.attrs["padding"]
    return f"ggml_pool_2d(ctx, {n.args[0]}, GGML_OP_POOL_MAX, {kw}, {kh}, {sw}, {sh}, {pw}, {ph})"


def _reduce(kind: str):
    def emit(n: Call) -> str:
        t = n.in_types[0]
        rank, x = t.rank, n.args[0]
        axes = sorted({a % rank for a in n.attrs["axes"]})
        kept = [a for a in range(rank) if a not in axes]
        if not kept and kind != "max":
            whole = f"ggml_sum(ctx, {x})"
            return whole if kind == "sum" else f"ggml_scale(ctx, {whole}, 1.0f / ggml_nelements({x}))"
        perm = kept + axes                       # reduced axes last: ggml's leading rows
        if perm != list(range(rank)):
            x = f"permute(ctx, {x}, {', '.join(map(str, _permute_axes(perm)))})"
        size = lambda a: f"{n.args[0]}->ne[{rank - 1 - a}]"      # sizes of this call's input
        x = f"reshape(ctx, {x}, {_dims([*map(size, kept), ' * '.join(map(size, axes))])})"
        red = (f"ggml_pool_1d(ctx, {x}, GGML_OP_POOL_MAX, {' * '.join(map(size, axes))}, {' * '.join(map(size, axes))}, 0)"
               if kind == "max" else f"ggml_{'sum_rows' if kind == 'sum' else 'mean'}(ctx, {x})")
        out = [size(a) if a in kept else "1" for a in range(rank)] if n.attrs["keepdims"] else list(map(size, kept))
        return f"reshape(ctx, {red}, {_dims(out)})"
    return emit


def _softmax(n: Call) -> str:
    rank = n.in_types[0].rank
    axis = n.attrs["axis"] % rank
    if axis == rank - 1:
        return f"ggml_soft_max(ctx, {n.args[0]})"
    swap = list(range(4))                    # ggml_soft_max works on rows (ne0): swap the axis there and back
    swap[0], swap[rank - 1 - axis] = rank - 1 - axis, 0
    axes = ", ".join(map(str, swap))
    return f"permute(ctx, ggml_soft_max(ctx, permute(ctx, {n.args[0]}, {axes})), {axes})"


def _attention(n: Call) -> str:
    mask = "NULL"
    if len(n.args) == 4:           # a 0/1 mask as additive 0 / -1e30
        mask = f"ggml_scale_bias(ctx, {n.args[3]}, 1e30f, -1e30f)"
    scale = "0.0f" if codegen.default_scale(n) else literal(n.attrs["scale"])    # 0: 1/sqrt(head dim)
    return f"attention(n, {n.args[0]}, {n.args[1]}, {n.args[2]}, {mask}, {int(n.attrs['causal'])}, {scale})"


def _mse(n: Call) -> str:
    d = f"ggml_sub(ctx, {n.args[0]}, {n.args[1]})"
    return f"ggml_scale(ctx, ggml_sum(ctx, ggml_sqr(ctx, {d})), 1.0f / ggml_nelements({n.args[0]}))"


def _select(n: Call) -> str:
    axis = n.attrs["axis"]
    k = n.attrs["index"] % n.in_types[0].shape[axis]
    return f"select_axis(ctx, {n.args[0]}, {n.ax(axis)}, {k}, {n.out_types[0].rank})"


def _arange(n: Call) -> str:
    size = n.attrs["size"]
    end = f"(float) {size}" if isinstance(size, sizes.Dim) else f"{size}.0f"    # a named size: cast
    out = f"ggml_arange(ctx, 0.0f, {end}, 1.0f)"          # f64 is computed in f32 here
    return out if n.attrs["dtype"] in ("f32", "f64") else f"ggml_cast(ctx, {out}, GGML_TYPE_I32)"


def _cast(n: Call) -> str:
    src, dst = n.in_types[0].dtype, n.attrs["dtype"]
    if (src in ("f32", "f64")) == (dst in ("f32", "f64")):
        return n.args[0]                         # f64 is f32 here, i64 and bool are i32
    return f"ggml_cast(ctx, {n.args[0]}, {'GGML_TYPE_F32' if dst in ('f32', 'f64') else 'GGML_TYPE_I32'})"


def _gelu(n: Call) -> str:
    x = n.args[0]
    if n.attrs["approximate"] == "none":
        return f"ggml_gelu_erf(ctx, {x})"
    # the tanh form written out: ggml_gelu reads an f16 table
    inner = f"ggml_scale(ctx, ggml_add(ctx, {x}, ggml_scale(ctx, ggml_mul(ctx, {x}, ggml_sqr(ctx, {x})), 0.044715f)), {literal(math.sqrt(2 / math.pi))})"
    return f"ggml_mul(ctx, ggml_scale(ctx, {x}, 0.5f), ggml_scale_bias(ctx, ggml_tanh(ctx, {inner}), 1.0f, 1.0f))"


def _broadcast_to(n: Call) -> str:
    return f"ggml_repeat_4d(ctx, {n.args[0]}, {_dims(list(map(str, n.attrs['shape'])))[3:]})"


def _sum_to(n: Call) -> str:
    """Sums over the broadcast axes: ggml_repeat_back into a tensor of the target shape (made
    for its shape only), then the target's rank."""
    shape = n.attrs["shape"]
    if tuple(shape) == tuple(n.in_types[0].shape):
        return n.args[0]
    full = (1,) * (n.in_types[0].rank - len(shape)) + tuple(shape)
    like = f"ggml_new_tensor_4d(ctx, GGML_TYPE_F32, {_dims(list(map(str, full)))[3:]})"
    return f"reshape(ctx, ggml_repeat_back(ctx, {n.args[0]}, {like}), {_dims(list(map(str, shape)))})"


def _where(n: Call) -> str:
    """cond is 0/1 (f32): a where it is 1, b where 0, as cond * a + (1 - cond) * b; a constant
    side is cond scaled and shifted (an infinity as +-1e30: 0 * inf would be NaN)."""
    c, a, b = n.args
    ca, cb = n.consts[1], n.consts[2]
    if ca is not None and cb is not None:
        raise IRError("where of two constants")
    mul = _binary("mul", True)
    finite = lambda v: max(-1e30, min(1e30, v))
    if ca is None and cb is None:
        pick_a = mul(Call([a, c], [None, None], {}, [n.in_types[1], n.in_types[0]], n.out_types))
        pick_b = mul(Call([b, f"ggml_scale_bias(ctx, {c}, -1.0f, 1.0f)"], [None, None], {}, [n.in_types[2], n.in_types[0]], n.out_types))
        return f"ggml_add(ctx, {pick_a}, {pick_b})"
    if cb is not None:                 # a * cond + b * (1 - cond)
        pick = mul(Call([a, c], [None, None], {}, [n.in_types[1], n.in_types[0]], n.out_types))
        if cb == 0.0:
            return pick
        rest = f"ggml_scale_bias(ctx, {c}, {literal(-finite(cb))}, {literal(finite(cb))})"
    else:                              # a * cond + b * (1 - cond), a constant
        pick = mul(Call([b, f"ggml_scale_bias(ctx, {c}, -1.0f, 1.0f)"], [None, None], {}, [n.in_types[2], n.in_types[0]], n.out_types))
        if ca == 0.0:
            return pick
        rest = f"ggml_scale(ctx, {c}, {literal(finite(ca))})"
    return _binary("add", True)(Call([pick, rest], [None, None], {}, [n.out_types[0], n.in_types[0]], n.out_types))


def _greater(n: Call) -> str:
    a, b = n.args
    if n.consts[1] is not None:
        return f"ggml_step(ctx, ggml_scale_bias(ctx, {a}, 1.0f, {literal(-n.consts[1])}))"
    if n.consts[0] is not None:
        return f"ggml_step(ctx, ggml_scale_bias(ctx, {b}, -1.0f, {literal(n.consts[0])}))"
    return f"ggml_step(ctx, {_binary('sub', False)(n)})"


def _conv_geometry(a: dict) -> str:
    """im2col's s0, s1, p0, p1, d0, d1 (ggml's axis 0 is the width)."""
    (sh, sw), (ph, pw), (dh, dw) = a["stride"], a["padding"], a["dilation"]
    return f"{sw}, {sh}, {pw}, {ph}, {dw}, {dh}"


def _conv2d_backward_weight(n: Call) -> str:
    x, ct = n.args
    kh, kw = n.attrs["kernel"]
    return f"conv2d_grad_weight(ctx, {x}, {ct}, {kw}, {kh}, {n.attrs['groups']}, {_conv_geometry(n.attrs)})"


def _conv2d_backward_input(n: Call) -> str:
    ct, w = n.args
    h, wd = n.attrs["input_size"]
    return f"conv2d_grad_input(n, {ct}, {w}, {wd}, {h}, {n.attrs['groups']}, {_conv_geometry(n.attrs)})"


def _embedding_grad(n: Call) -> str:
    ct, ids = n.args
    return f"embedding_grad(ctx, {ct}, {ids}, {n.attrs['num']})"


def _max_pool2d_backward(n: Call) -> str:
    ct, x = n.args
    (kh, kw), (sh, sw), (ph, pw) = n.attrs["kernel"], n.attrs["stride"], n.attrs["padding"]
    return f"ggml_pool_2d_back(ctx, {ct}, {x}, GGML_OP_POOL_MAX, {kw}, {kh}, {sw}, {sh}, {pw}, {ph})"


EXPRESSIONS = {
    "add": _binary("add", True), "sub": _binary("sub", False),
    "mul": _binary("mul", True), "div": _binary("div", False),
    "neg": _unary("neg"), "exp": _unary("exp"), "log": _unary("log"), "sqrt": _unary("sqrt"),
    "tanh": _unary("tanh"), "sin": _unary("sin"), "cos": _unary("cos"), "silu": _unary("silu"),
    "relu": _unary("relu"), "sigmoid": _unary("sigmoid"),
    "rsqrt": lambda n: f"ggml_div(ctx, ggml_repeat(ctx, scalar(n, 1.0f), {n.args[0]}), ggml_sqrt(ctx, {n.args[0]}))",
    "pow": _pow, "gelu": _gelu,
    "reshape": _reshape, "transpose": _transpose, "split": _split, "concat": _concat, "select": _select,
    "linear": _linear, "matmul": _matmul,
    "embedding": lambda n: (f"ggml_get_rows(ctx, {n.args[1]}, {n.args[0]})" if n.in_types[0].rank == 1 else
                            f"reshape(ctx, ggml_get_rows(ctx, {n.args[1]}, reshape(ctx, {n.args[0]}, 1, -1, 1, 1, 1)), "
                            f"{n.in_types[0].rank + 1}, {n.in_types[1].shape[1]}, "
                            + ", ".join([f"{n.args[0]}->ne[{i}]" for i in range(n.in_types[0].rank)] + ["1"] * (3 - n.in_types[0].rank)) + ")"),
    "rmsnorm": lambda n: f"ggml_mul(ctx, ggml_rms_norm(ctx, {n.args[0]}, {literal(n.attrs['eps'])}), {n.args[1]})",
    "layer_norm": _layer_norm, "group_norm": _group_norm, "batch_norm": _batch_norm,
    "conv2d": _conv2d, "conv1d": _conv1d, "max_pool2d": _max_pool2d,
    "upsample_nearest": lambda n: f"ggml_upscale(ctx, {n.args[0]}, {n.attrs['scale']}, GGML_SCALE_MODE_NEAREST)",
    "sum": _reduce("sum"), "mean": _reduce("mean"), "max": _reduce("max"), "softmax": _softmax,
    "positions": lambda n: f"positions(n, {n.args[0]}->ne[{n.ax(n.attrs['axis'])}], {n.attrs['offset']})",
    "rope_tables": lambda n: Alias((n.args[0], n.args[0]),
                                   "rope tables: ggml_rope_ext computes cos/sin from the positions itself"),
    "rope": lambda n: (f"rope(ctx, {n.args[0]}, {n.args[1]}, {n.attrs['dim']}, {literal(n.attrs['theta'])})" if "theta" in n.attrs
                       else f"rope_apply(ctx, {n.args[0]}, {n.args[1]}, {n.args[2]})"),
    "causal_mask": lambda n: f"causal_mask(n, {n.args[0]}->ne[1], {n.args[1]}->ne[1], {n.attrs['offset']})",
    "attention": _attention,
    "cross_entropy": lambda n: f"cross_entropy(n, {n.args[0]}, {n.args[1]})",
    "mse_loss": _mse,
    "arange": _arange, "cast": _cast,
    "zeros_like": lambda n: f"ggml_scale(ctx, {n.args[0]}, 0.0f)",
    # ops of the IR's backward graphs
    "broadcast_to": _broadcast_to, "sum_to": _sum_to, "where": _where, "greater": _greater,
    "one_hot": lambda n: f"one_hot(n, {n.args[0]}, {n.attrs['depth']})",
    "erf": lambda n: f"erf_op(n, {n.args[0]})",
    "embedding_grad": _embedding_grad,
    "conv2d_backward_input": _conv2d_backward_input, "conv2d_backward_weight": _conv2d_backward_weight,
    "max_pool2d_backward": _max_pool2d_backward,
}
SUPPORTED = set(EXPRESSIONS) | {"const"}
INT_VIA_F32 = [EXPRESSIONS[op] for op in ("add", "sub", "mul", "div", "neg", "where", "zeros_like", "greater")]
# IR ops whose ggml code above has a ggml backward throughout (ggml_build_backward_expand)
NATIVE_BACKWARD = {"add", "sub", "mul", "div", "neg", "exp", "log", "sqrt", "sin", "cos", "silu", "relu",
                   "reshape", "transpose", "split", "select", "linear", "matmul", "embedding", "rmsnorm",
                   "sum", "mean", "softmax", "positions", "rope_tables", "rope", "attention", "cross_entropy",
                   "mse_loss", "const", "pow", "zeros_like", "max_pool2d"}


class Writer(CWriter):
    EXPRESSIONS = EXPRESSIONS

    def __init__(self, block, graph, program, functions, rope, tables=False, merged=None):
        super().__init__(block, graph, program, functions, merged)
        self.rope, self.tables = rope, tables

    def op(self, s):
        """rope_tables: nothing where ggml_rope_ext reads the positions; the cos/sin tables
        where rope was decomposed (the IR's backward graph)."""
        if s.node.op == "rope_tables" and self.tables:
            pos, a = self.value(s.inputs[0]), s.node.attrs
            return [self.assign(self.block.locals[o], f"rope_table(n, {pos}, {a['dim']}, {literal(a['theta'])}, {i})")
                    for i, o in enumerate(s.outputs)]
        return super().op(s)

    def apply(self, rule, n: Call):
        """Integer arithmetic in f32 (ggml's binary ops take floats; exact for the small integers
        of positions and ids), cast back to i32."""
        if n.attrs.get("__op") is None and any(t.dtype == "i64" for t in n.in_types) and rule in INT_VIA_F32:
            n.args = [f"ggml_cast(ctx, {a}, GGML_TYPE_F32)" if t.dtype == "i64" and c is None else a
                      for a, t, c in zip(n.args, n.in_types, n.consts)]
            code = rule(n)
            return f"ggml_cast(ctx, {code}, GGML_TYPE_I32)" if n.out_types[0].dtype == "i64" else code
        return rule(n)

    def type(self, v):
        """ggml has 4 dims: a 5-D value (the IR's attention decomposition, [B, Hkv, G, S, D]) is
        held with its two leading axes as one; the ops on it leave those two axes alone."""
        t = self.graph.values[v]
        return TensorType((t.shape[0] * t.shape[1], *t.shape[2:]), t.dtype) if t.rank == 5 else t

    def attrs(self, s):
        a = s.node.attrs
        if s.node.op == "rope":          # theta and dim come from the tables' op (else: its tables)
            node = None if self.tables else self.rope.get(s.inputs[1])
            return a if node is None else {**a, "dim": node.attrs["dim"], "theta": node.attrs["theta"]}
        ranks = [self.graph.values[v].rank for v in s.inputs + s.outputs]
        if 5 not in ranks:
            return a
        if max(ranks) > 5:
            raise IRError(f"{s.node.op} on a {max(ranks)}-D tensor: ggml tensors have at most 4 dimensions")
        a = dict(a)
        inner = lambda axis: axis % 5 - 1 if axis % 5 >= 2 else None
        if "perm" in a:
            if tuple(a["perm"][:2]) != (0, 1):
                raise IRError(f"transpose {a['perm']} of a 5-D tensor moves its leading axes")
            a["perm"] = (0, *(p - 1 for p in a["perm"][2:]))
        for key in ("axes", "axis"):
            if key in a:
                axes = [inner(x) for x in (a[key] if key == "axes" else [a[key]])]
                if None in axes:
                    raise IRError(f"{s.node.op} over a leading axis of a 5-D tensor")
                a[key] = tuple(axes) if key == "axes" else axes[0]
        if len(a.get("shape", ())) == 5:
            shape = tuple(a["shape"]) if s.node.op != "reshape" else tuple(self.graph.values[s.outputs[0]].shape)
            a["shape"] = (shape[0] * shape[1], *shape[2:])
        return a


def rope_origins(program: Program) -> dict:
    """cos/sin values (in every block, through calls) -> the rope_tables node making them."""
    found = {}
    for kind in reversed(list(program.blocks)):            # parents first
        block = program.blocks[kind]
        for s in block.stmts:
            if s.kind == "op" and s.node.op == "rope_tables":
                for o in s.outputs:
                    found[o] = s.node
            elif s.kind in ("call", "loop"):
                for child in dict.fromkeys(s.child_kinds):
                    for v, a in zip(s.inputs, program.blocks[child].args):
                        if v in found:
                            found[a] = found[v]
    return found


def tables_read(program: Program, rope: dict) -> bool:
    """Whether anything but rope reads the rotary tables (then they are computed)."""
    for block in program.blocks.values():
        for s in block.stmts:
            if s.kind == "op" and s.node.op != "rope" and any(v in rope for v in s.inputs):
                return True
            if s.kind == "op" and s.node.op == "rope" and s.inputs[0] in rope:
                return True
    roots = {program.roots[v] for v in program.roots}
    return any(r in rope for k in roots for r in program.blocks[k].returns)


def write_program(program: Program, variants: dict[str, str], loss: bool, doc: str, tables: bool = False,
                  config: bool = True) -> str:
    """The C source of a program's block functions and one `build_<variant>` entry per variant
    (its outputs into outs[]), with `build_loss` where the program has the loss; `config`: it
    names the model's sizes from model.h's config block (codegen.name_sizes)."""
    names = functions(program, C.reserved | HELPERS)
    rope = rope_origins(program)
    tables = tables or tables_read(program, rope)
    shared, merged = generic_functions(program, names, lambda block, graph, merged:
                                       Writer(block, graph, program, names, rope, tables, merged))
    parts = []
    for kind, block in program.blocks.items():
        if kind in shared:                  # one function for the kinds of a generic block
            parts.extend([shared[kind]] if shared[kind] else [])
            continue
        w = Writer(block, graph_of(block, program), program, names, rope, tables, merged)
        where = f"`{block.path}` in the checkpoint, and the blocks like it" if block.path else "the model"
        parts.append(w.write(names[kind], f"{kind}: {where}"))
    if loss and program.loss:
        w = Writer(program.loss, program.graphs["full"], program, names, rope)
        parts.append(w.write("loss_fn", "The loss"))
    for variant, entry in variants.items():
        graph, kind = program.graphs[variant], program.roots[variant]
        block = program.blocks[kind]
        outs = [v for k, v in graph.outputs.items() if k != "loss" or not loss]
        lines = [f"struct ggml_tensor *{block.locals[a]} = input(n, {string(a)});" for a in block.args]
        args = ", ".join(["n", EMPTY, *(block.locals[a] for a in block.args)])
        if len(outs) == 1:
            lines.append(f"outs[0] = {names[kind]}({args});")
        else:
            lines.append(f"{names[kind]}({args}, {', '.join(f'&outs[{i}]' for i in range(len(outs)))});")
        parts.append(f"/* The {variant} graph: its outputs into outs[]. */\nvoid {entry}(struct net *n, struct ggml_tensor **outs) {{\n"
                     + "".join(f"    {line}\n" for line in lines) + "}\n")
    if loss and program.loss:
        lines = []
        outputs = [k for k in program.graphs["full"].outputs if k != "loss"]
        args = []
        for kind_, name in codegen.loss_arguments(program):
            if kind_ == "output":
                args.append(f"outs[{outputs.index(name)}]")
            else:
                lines.append(f"struct ggml_tensor *{program.loss.locals[name]} = input(n, {string(name)});")
                args.append(program.loss.locals[name])
        lines.append(f"return loss_fn({', '.join(['n', EMPTY, *args])});")
        parts.append("/* The loss of the full graph's outputs. */\nstruct ggml_tensor *build_loss(struct net *n, struct ggml_tensor **outs) {\n"
                     + "".join(f"    {line}\n" for line in lines) + "}\n")
    use = codegen.CONFIG_USE + "\n" if config else ""
    return f"/* {doc} */\n#include <math.h>\n\n#include \"model.h\"\n{use}\n" + "\n".join(parts)


def generic_functions(program: Program, names: dict[str, str], writer) -> tuple[dict, dict]:
    """Functions of the generic blocks whose member kinds come out as one code (generic.py),
    children first: the sizes the code reads become int64_t arguments, an optional part an
    int flag. {kind: the function's text (the member first in program order) or None},
    {kind: its group}.
    writer(block, graph, merged) -> a Writer."""
    written, merged = {}, {}
    for g in generic.generics(program, optional=True, nested=True):
        texts, used = [], set()
        for kind in g.kinds:
            block, graph = generic.symbolic(program, g, kind, graph_of(program.blocks[kind], program))
            texts.append(generic.fill(writer(block, graph, merged).write(names[g.kinds[0]], ""), used=used))
        if any(t != texts[0] for t in texts[1:]):
            continue                          # a rule writes a size differently per member
        g.params = [a for a in g.args if a in used]
        block, graph = generic.symbolic(program, g, g.kinds[0], graph_of(program.blocks[g.kinds[0]], program))
        text = writer(block, graph, merged).write(
            names[g.kinds[0]], f"{g.name}: `{block.path}` in the checkpoint, and the blocks like it of other sizes",
            sizes=(*g.params, *([flag(g.part)] if g.part else [])))
        first = next(k for k in program.blocks if k in g.kinds)     # C: defined before its callers
        written.update({kind: generic.fill(text) if kind == first else None for kind in g.kinds})
        merged.update({kind: g for kind in g.kinds})
        names.update({kind: names[g.kinds[0]] for kind in g.kinds})
    return written, merged


def _upsample_4d(b, x, *, scale):
    """upsample_nearest in 4-D steps (the IR's decomposition goes through 6-D, and ggml has 4):
    each column `scale` times, then each row."""
    n, c, h, w = x.shape
    wide = b.broadcast_to(b.reshape(x, shape=(n * c, h, w, 1)), shape=(n * c, h, w, scale))
    tall = b.broadcast_to(b.reshape(wide, shape=(n * c, h, 1, w * scale)), shape=(n * c, h, scale, w * scale))
    return b.reshape(tall, shape=(n, c, h * scale, w * scale))


# ops without an IR VJP rewritten before the IR differentiates the graph (its own decomposition
# would need more than ggml's 4 dimensions)
BEFORE_AUTODIFF = {"upsample_nearest": _upsample_4d}


def rewrite(graph: Graph, rules: dict) -> Graph:
    """A copy of the graph with the nodes of `rules`' ops replaced by rules[op](builder, *inputs, **attrs)."""
    out = Graph(graph.name, dict(graph.inputs), dict(graph.params), [], {}, dict(graph.blocks), dict(graph.values))
    rename: dict[str, str] = {}
    for node in graph.nodes:
        node = Node(node.op, [rename.get(v, v) for v in node.inputs], node.outputs, node.attrs, node.block, node.source)
        if node.op not in rules:
            expand(out, node, keep=lambda op: True)
            continue
        start = len(out.nodes)
        b = Builder(out, node.block, node.source)
        result = rules[node.op](b, *[b.value(v) for v in node.inputs], **node.attrs)
        parts, out.nodes[start:] = out.nodes[start:], []
        inner: dict[str, str] = {}
        for part in parts:
            part.inputs = [inner.get(v, v) for v in part.inputs]
            inner.update((o, m) for o, m in zip(part.outputs, expand(out, part, keep=lambda op: True)) if o != m)
        rename[node.outputs[0]] = inner.get(result.name, result.name)
    out.outputs = {k: rename.get(v, v) for k, v in graph.outputs.items()}
    return out


def training_program(program: Program) -> Program:
    """Forward + loss + the IR-derived backward graph (one root, outputs loss and grad.*), with
    the backward of each block kind a block of its own."""
    g = grad_graph(rewrite(program.graphs["full"], BEFORE_AUTODIFF), blocks=True)
    g.outputs = {k: v for k, v in g.outputs.items() if k == "loss" or k.startswith(GRAD_PREFIX)}
    eliminate_dead_code(g)
    g = decompose(g, keep=lambda op: op in SUPPORTED)
    return analyze({"training": g}, loss="", reserved=C.reserved | HELPERS)


def native_training(program: Program) -> bool:
    """Whether ggml's own backward covers every op as written here: the ops of NATIVE_BACKWARD,
    and of those, sub/div only where the right side is not broadcast (their backward does not
    reduce it), matmul only up to 3-D, rope only through ggml_rope_ext (not its given tables)."""
    rope = rope_origins(program)
    for b in [*program.blocks.values(), program.loss]:
        graph = graph_of(b, program) if b is not program.loss else program.graphs["full"]
        for s in (b.stmts if b else ()):
            if s.kind != "op":
                continue
            op, shapes = s.node.op, [graph.values[v].shape for v in s.inputs]
            if op not in NATIVE_BACKWARD:
                return False
            if op in ("sub", "div") and shapes[0] != shapes[1]:
                return False
            if op == "matmul" and max(map(len, shapes)) > 3:
                return False
            if op == "rope" and s.inputs[1] not in rope:
                return False
            if op == "softmax" and s.node.attrs["axis"] % len(shapes[0]) != len(shapes[0]) - 1:
                return False
            if op == "attention" and shapes[0][0] > 1 and shapes[0][1] != shapes[1][1]:
                return False          # ggml's mul_mat backward does not reduce a broadcast over batch and heads
    return True


def render(program: Program, env, ctx) -> dict[str, str]:
    header = ctx.header
    files = {"model.c": write_program(program, {"full": "build_full", "latency": "build_latency"},
                                      True, header.splitlines()[0])}
    full = program.graphs["full"]
    outputs = {k: full.values[v].shape for k, v in full.outputs.items() if k != "loss"}
    lat = program.graphs["latency"]
    latency = {f"latency.{k}": lat.values[v].shape for k, v in lat.outputs.items() if k != "loss"}
    training = None
    if program.loss:
        training = "native" if native_training(program) else "ir"
    grads = []
    if training == "ir":
        train = training_program(program)
        files["train.c"] = write_program(train, {"training": "build_training"}, False,
                                         header.splitlines()[0] + " Training: the IR's backward graph.", tables=True)
        tg = train.graphs["training"]
        order = [k for k in tg.outputs]
        grads = [(k, tg.values[tg.outputs[k]].shape) for k in order]
    frozen = sorted({p.name for p in full.params.values() if not p.trainable})
    files["model.h"] = env.get_template("ggml/model.h.j2").render(header=header, training=training)
    files["main.c"] = env.get_template("ggml/main.c.j2").render(
        header=header, version=VERSION, outputs=outputs, latency=latency, training=training, grads=grads,
        frozen=frozen, max_nodes=_max_nodes(program))
    files["Makefile"] = env.get_template("ggml/Makefile.j2").render(
        header=header.splitlines()[0], package=PACKAGE, sources=" ".join(
            ["main.c", "model.c", *(["train.c"] if training == "ir" else []), "ops.c", "harness.c"]))
    for name in ("ops.h", "ops.c"):          # the shared graph-building helpers, copied unchanged
        files[name] = (TEMPLATES / "ggml" / name).read_text()
    return files


def _max_nodes(program: Program) -> int:
    """A graph size that holds the training graph (forward, backward, gradients)."""
    nodes = sum(len(g.nodes) for g in program.graphs.values())
    return 1 << max(13, math.ceil(math.log2(nodes * 16 + 1)))


# the functions of ops.h, which generated code never binds as locals
HELPERS = frozenset({"W", "child", "item", "input", "positions", "scalar", "one_hot", "causal_mask", "reshape",
                     "select_axis", "slice_axis", "permute", "rope", "rope_table", "rope_apply", "erf_op", "embedding_grad", "conv2d_grad_weight", "conv2d_grad_input", "conv2d", "host_f32", "batch_norm", "attention", "cross_entropy", "ir_shape", "loss_fn",
                     "build_full", "build_latency", "build_loss", "build_training"})
EMITTER = Emitter(NAME, "GGML", C, frozenset(SUPPORTED), render, requires=("cc", "make", "python:libggml"),
                  extras={"libggml": "ggml"}, reserved=HELPERS, order=70)
