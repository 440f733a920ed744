"""Burn emitter: a Rust crate per model for Burn 0.22 (`flex` CPU backend, Burn's autodiff
for training), in the same cargo workspace as Candle's crates. One `#[derive(Module)]` struct
per block kind (`load(vb)` + `forward`) in its own file, `Vec<Layer>` loops, burn-nn layers
(Linear, Embedding, RmsNorm, LayerNorm, GroupNorm, BatchNorm, Conv1d/Conv2d) and Burn's
functional ops (`module::attention`, `conv2d`, `max_pool2d`, `interpolate`, activations).

Burn 0.22 has no backend type parameter: `Tensor<D>` (rank D, f32), `Tensor<D, Int>`,
`Tensor<D, Bool>`; a rank-0 IR value is a `Tensor<1>` of one element (written back rank 0).
Ops take their inputs by value: a value is moved into the statement reading it last and
cloned (a reference count) before. Weights are read by the generated `Weights` (ops.rs) from
weights.safetensors under the checkpoint's names, and mapped to Burn's layouts at load:
Linear weights are [in, out] (transposed), norm scales and shifts are `gamma`/`beta`.
Every trainable tensor it hands out is tracked, so training reports Burn's gradient under the
checkpoint name (transposed back for Linear).

Where a Burn module differs from the IR, the generated code makes up for it, and the op suite
(tests/test_burn_emitter.py: every op case, forward and Burn's gradient against the IR's)
checks each: RotaryEncoding pairs interleaved dims, so half-split RoPE is written by hand
(narrow + cat); `module::attention` has no grouped-query heads (k and v are expanded to the
query heads), masks where its mask is true (the IR's mask is true where attending is allowed)
and aligns its causal diagonal bottom-right when S != T (the IR's is top-left, j <= i: the
causal mask is passed as a mask); BatchNorm on an autodiff device normalises with the batch's
statistics and updates the running ones, so it is loaded with its training flag off (the IR's
batch_norm uses the stored statistics, in training too); Embedding takes [B, S] ids only;
`Tensor::from_data` gives a tensor the device's float type unless told the data's (f64 inputs
are read as f64); Burn's RmsNorm divides by the root mean square (the IR multiplies by its
reciprocal: equal up to rounding). Burn's autodiff reaches every parameter in the zoo; the
IR's own backward ops (conv2d_backward_*, max_pool2d_backward, embedding_grad, which only an
IR-autodiff graph holds) are written through Burn's autodiff of the forward op."""
from __future__ import annotations

import re
from typing import Any

from inferena.ir import sizes

from . import codegen, rustcode
from .base import Emitter
from .codegen import Rule
from .rustcode import RUST, Call, Layer, Struct, camel, ident, literal, snake
from .structure import Program

NAME = "burn"
# Exact versions (Burn's: flex backend; default features bring autodiff). The others as
# Candle's crates pin them, so the workspace resolves one version of each.
DEPENDENCIES = {"anyhow": '"=1.0.105"', "burn": '{ version = "=0.22.1", features = ["flex"] }',
                "memmap2": '"=0.9.12"', "rayon": '"=1.12.0"', "safetensors": '"=0.8.0"',
                "serde_json": '"=1.0.154"'}
VERSION = "0.22.1"


def tensor_type(t) -> str:
    """The Burn type of an IR value: `Tensor<3>`, `Tensor<2, Int>`, `Tensor<4, Bool>`."""
    rank = max(t.rank, 1)
    kind = {"i64": ", Int", "bool": ", Bool"}.get(t.dtype, "")
    return f"Tensor<{rank}{kind}>"


def _kinds(types) -> set[str]:
    """The `use` items the tensor types name (Int, Bool)."""
    return {f"burn::tensor::{k}" for k in ("Int", "Bool") if any(f", {k}>" in t for t in types)}


def _rank(t) -> int:
    return max(t.rank, 1)


def _axis(axis: int, t) -> int:
    return axis % max(t.rank, 1)


def _dims(values) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def _to_rank(expr: str, have: int, want: int) -> str:
    """A value lifted to `want` axes by leading unit axes (Burn broadcasts same-rank tensors)."""
    return expr if have >= want else f"{expr}.unsqueeze::<{want}>()"


_OPS = {"add": "+", "sub": "-", "mul": "*", "div": "/"}
_SCALAR = {"add": "add_scalar", "sub": "sub_scalar", "mul": "mul_scalar", "div": "div_scalar"}


def _binary(op: str):
    def emit(n: Call) -> str:
        a, b = n.consts
        out = _rank(n.out_types[0])
        if b is not None:
            return f"{n.args[0]}.{_SCALAR[op]}({literal(b)})"
        if a is not None:
            x = n.args[1]
            return {"add": f"{x}.add_scalar({literal(a)})", "mul": f"{x}.mul_scalar({literal(a)})",
                    "sub": f"{x}.neg().add_scalar({literal(a)})",
                    "div": f"{x}.recip().mul_scalar({literal(a)})"}[op]
        x = _to_rank(n.args[0], _rank(n.in_types[0]), out)
        y = _to_rank(n.args[1], _rank(n.in_types[1]), out)
        return f"{x} {_OPS[op]} {y}"
    return emit


def _pow(n: Call) -> str:
    e = n.attrs["exponent"]
    x = n.args[0]
    return {2.0: f"{x}.square()", 0.5: f"{x}.sqrt()", 1.0: x, -1.0: f"{x}.recip()"}.get(
        e, f"{x}.powf_scalar({literal(e)})")


def _reduce(method: str):
    def emit(n: Call) -> str:
        t = n.in_types[0]
        rank, x = _rank(t), n.args[0]
        axes = sorted({a % rank for a in n.attrs["axes"]}) if t.rank else [0]
        keep = n.attrs["keepdims"]
        if not keep and len(axes) == t.rank:
            return f"{x}.{method}()"             # every axis: one element, Tensor<1>
        if len(axes) == 1:
            code = f"{x}.{method}_dim({axes[0]})"
        else:
            code = f"{x}.{method}_dims(&{_dims(axes)})"
        if not keep and t.rank:
            code += f".squeeze_dims::<{_rank(n.out_types[0])}>(&{_dims(axes)})"
        return code
    return emit


def _reshape(n: Call) -> str:
    spec = n.attrs["shape"]
    if not spec:
        return f"{n.args[0]}.reshape([1])"
    return f"{n.args[0]}.reshape({_dims(spec)})"


def _transpose(n: Call) -> str:
    perm = n.attrs["perm"]
    moved = [i for i, p in enumerate(perm) if p != i]
    if len(moved) == 2:
        return f"{n.args[0]}.swap_dims({moved[0]}, {moved[1]})"
    return f"{n.args[0]}.permute({_dims(perm)})"


def _split(n: Call) -> str:
    axis, start, parts = _axis(n.attrs["axis"], n.in_types[0]), 0, []
    widths = n.attrs["sizes"]
    for i, size in enumerate(widths):
        x = n.args[0] if i == len(widths) - 1 else f"{n.recv[0]}.clone()"
        parts.append(f"{x}.narrow({axis}, {start}, {size})")
        start += size
    return parts[0] if len(parts) == 1 else f"({', '.join(parts)})"


def _matmul(n: Call) -> str:
    out = _rank(n.out_types[0])
    a = _to_rank(n.args[0], _rank(n.in_types[0]), out)
    b = _to_rank(n.args[1], _rank(n.in_types[1]), out)
    return f"{a}.matmul({b})"


def _where(n: Call) -> str:
    out = _rank(n.out_types[0])
    if all(n.consts[i] is None and tuple(n.in_types[i].shape) == tuple(n.out_types[0].shape) for i in range(3)):
        return f"{n.args[2]}.mask_where({n.args[0]}, {n.args[1]})"        # one shape: any tensor kind
    cond = _to_rank(n.args[0], _rank(n.in_types[0]), out)
    a, b = (f"{literal(n.consts[i])}" if n.consts[i] is not None else _to_rank(n.args[i], _rank(n.in_types[i]), out)
            for i in (1, 2))
    if n.consts[1] is not None and n.consts[2] is None:
        return f"where_scalar({cond}, {literal(n.consts[1])}, {b})"
    if n.consts[2] is not None and n.consts[1] is None:
        return f"where_scalar({cond}.bool_not(), {literal(n.consts[2])}, {a})"
    return f"where_cond({cond}, {a}, {b})"


def _where_helpers(n: Call) -> tuple:
    if all(n.consts[i] is None and tuple(n.in_types[i].shape) == tuple(n.out_types[0].shape) for i in range(3)):
        return ()
    return ("where_scalar",) if (n.consts[1] is None) != (n.consts[2] is None) else ("where_cond",)


def _cast(n: Call) -> str:
    src, dst, x = n.in_types[0].dtype, n.attrs["dtype"], n.args[0]
    if src == dst:
        return x
    if dst == "bool":
        return f"{x}.bool()" if src == "i64" else f"{x}.not_equal_elem(0.0)"
    if dst == "i64":
        return f"{x}.int()"
    if src in ("i64", "bool"):
        x = f"{x}.float()"
    if dst == "f64" or src == "f64":
        n.need("burn::tensor::DType")
        return f"{x}.cast(DType::{dst.upper()})"
    return x


def _positions(n: Call) -> str:
    x, off, axis = n.recv[0], rustcode.as_i64(n.attrs["offset"]), _axis(n.attrs["axis"], n.in_types[0])
    n.need("burn::tensor::Int")
    length = f"{x}.dims()[{axis}] as i64"
    return f"Tensor::<1, Int>::arange({off}..{off} + {length}, &{x}.device())" if n.attrs["offset"] else \
        f"Tensor::<1, Int>::arange(0..{length}, &{x}.device())"


def _attention(n: Call) -> str:
    mask = f"Some({_to_rank(n.args[3], _rank(n.in_types[3]), 4)})" if len(n.args) == 4 else "None"
    scale = "None" if codegen.default_scale(n) else f"Some({literal(n.attrs['scale'])})"
    return f"attention({n.args[0]}, {n.args[1]}, {n.args[2]}, {mask}, {str(n.attrs['causal']).lower()}, {scale})"


def _cross_entropy(n: Call) -> str:
    logits, labels = n.in_types
    x, y = n.args
    if logits.rank != 2:
        x, y = f"{x}.flatten::<2>(0, {logits.rank - 2})", f"{y}.flatten::<1>(0, {labels.rank - 1})"
    return f"cross_entropy({x}, {y})"


def _linear(n: Call) -> str:
    n.need("burn::tensor::module::linear")
    bias = f"Some({n.args[2]})" if len(n.args) == 3 else "None"
    return f"linear({n.args[0]}, {n.args[1]}.transpose(), {bias})"


def _pairs(v) -> str:
    return f"[{v[0]}, {v[1]}]"


def _conv_options(n: Call, dims: int) -> str:
    a = n.attrs
    n.need("burn::tensor::ops::ConvOptions")
    if dims == 1:
        return f"ConvOptions::new([{a['stride']}], [{a['padding']}], [{a['dilation']}], {a['groups']})"
    return (f"ConvOptions::new({_pairs(a['stride'])}, {_pairs(a['padding'])}, {_pairs(a['dilation'])}, "
            f"{a['groups']})")


def _conv(dims: int):
    def emit(n: Call) -> str:
        n.need(f"burn::tensor::module::conv{dims}d")
        bias = f"Some({n.args[2]})" if len(n.args) == 3 else "None"
        return f"conv{dims}d({n.args[0]}, {n.args[1]}, {bias}, {_conv_options(n, dims)})"
    return emit


def _max_pool(n: Call) -> str:
    a = n.attrs
    n.need("burn::tensor::module::max_pool2d", "burn::tensor::ops::MaxPoolOptions")
    return (f"max_pool2d({n.args[0]}, MaxPoolOptions::new({_pairs(a['kernel'])})"
            f".with_stride({_pairs(a['stride'])}).with_padding({_pairs(a['padding'])}))")


def _arange(n: Call) -> str:
    size, dtype = n.attrs["size"], n.attrs["dtype"]
    n.need("burn::tensor::Int")
    code = f"Tensor::<1, Int>::arange(0..{rustcode.as_i64(size)}, {{device}})"
    if dtype == "i64":
        return code
    if dtype == "f64":
        n.need("burn::tensor::DType")
        return f"{code}.float().cast(DType::F64)"
    return f"{code}.float()"


def _greater(n: Call) -> str:
    if n.consts[1] is not None:
        return f"{n.args[0]}.greater_elem({literal(n.consts[1])})"
    if n.consts[0] is not None:
        return f"{n.args[1]}.lower_elem({literal(n.consts[0])})"
    out = _rank(n.out_types[0])
    return (f"{_to_rank(n.args[0], _rank(n.in_types[0]), out)}"
            f".greater({_to_rank(n.args[1], _rank(n.in_types[1]), out)})")


def _select(n: Call) -> str:
    t = n.in_types[0]
    axis = _axis(n.attrs["axis"], t)
    index = n.attrs["index"] % t.shape[axis]
    code = f"{n.args[0]}.narrow({axis}, {index}, 1)"
    return code + (f".squeeze_dim::<{t.rank - 1}>({axis})" if t.rank > 1 else "")


def _upsample(n: Call) -> str:
    return f"upsample_nearest({n.args[0]}, {n.attrs['scale']})"


def _mse(n: Call) -> str:
    n.need("burn::nn::loss::MseLoss", "burn::nn::loss::Reduction")
    return f"MseLoss::new().forward({n.args[0]}, {n.args[1]}, Reduction::Mean)"


def _layer_norm(n: Call) -> str:
    n.need("burn::tensor::module::layer_norm")
    bias = f"Some({n.args[2]})" if len(n.args) == 3 else "None"
    return f"layer_norm({n.args[0]}, {n.args[1]}, {bias}, {literal(n.attrs['eps'])})"


def _group_norm(n: Call) -> str:
    return f"group_norm({n.args[0]}, {n.args[1]}, {n.args[2]}, {n.attrs['groups']}, {literal(n.attrs['eps'])})"


def _batch_norm(n: Call) -> str:
    x, w, b, mean, var = n.args
    n.need("burn::tensor::module::batch_norm")
    return f"batch_norm({x}, {w}, {b}, {mean}, {var}, {literal(n.attrs['eps'])})"


def _embedding(n: Call) -> str:
    n.need("burn::tensor::module::embedding")
    ids = n.in_types[0]
    if ids.rank == 2:
        return f"embedding({n.args[1]}, {n.args[0]})"
    if ids.rank == 1:          # Burn's embedding takes [B, S] ids
        return f"embedding({n.args[1]}, {n.args[0]}.unsqueeze()).squeeze_dim::<2>(0)"
    return (f"embedding({n.args[1]}, {n.args[0]}.flatten::<1>(0, {ids.rank - 1}).unsqueeze())"
            f".reshape({_dims(n.out_types[0].shape)})")


def _softmax(n: Call) -> str:
    n.need("burn::tensor::activation::softmax")
    return f"softmax({n.args[0]}, {_axis(n.attrs['axis'], n.in_types[0])})"


def _act(name: str):
    def emit(n: Call) -> str:
        n.need(f"burn::tensor::activation::{name}")
        return f"{name}({n.args[0]})"
    return emit


def _gelu(n: Call) -> str:
    name = "gelu" if n.attrs["approximate"] == "none" else "gelu_approximate"
    n.need(f"burn::tensor::activation::{name}")
    return f"{name}({n.args[0]})"


def _one_hot(n: Call) -> str:
    t = n.in_types[0]
    return f"{n.args[0]}.one_hot::<{t.rank + 1}>({n.attrs['depth']}).float()"


def _broadcast_to(n: Call) -> str:
    return f"{n.args[0]}.expand({_dims(n.attrs['shape'])})"


def _sum_to(n: Call) -> str:
    t, shape = n.in_types[0], tuple(n.attrs["shape"])
    lead = t.rank - len(shape)
    dims = list(range(lead)) + [lead + i for i, d in enumerate(shape) if d == 1 and t.shape[lead + i] != 1]
    code = n.args[0] if not dims else f"{n.args[0]}.sum_dims(&{_dims(dims)})"
    if tuple(t.shape) == shape:
        return code
    return f"{code}.reshape({_dims(shape or (1,))})"


EXPRESSIONS = {
    "add": _binary("add"), "sub": _binary("sub"), "mul": _binary("mul"), "div": _binary("div"),
    "neg": lambda n: f"{n.args[0]}.neg()",
    "exp": lambda n: f"{n.args[0]}.exp()",
    "log": lambda n: f"{n.args[0]}.log()",
    "sqrt": lambda n: f"{n.args[0]}.sqrt()",
    "rsqrt": lambda n: f"{n.args[0]}.sqrt().recip()",
    "tanh": lambda n: f"{n.args[0]}.tanh()",
    "cos": lambda n: f"{n.args[0]}.cos()",
    "sin": lambda n: f"{n.args[0]}.sin()",
    "erf": lambda n: f"{n.args[0]}.erf()",
    "pow": _pow,
    "where": Rule(_where, _where_helpers),
    "cast": _cast,
    "zeros_like": lambda n: f"{n.recv[0]}.zeros_like()",
    "sigmoid": _act("sigmoid"), "silu": _act("silu"), "relu": _act("relu"),
    "gelu": _gelu,
    "softmax": _softmax,
    "sum": _reduce("sum"), "mean": _reduce("mean"), "max": _reduce("max"),
    "sum_to": _sum_to,
    "reshape": _reshape,
    "transpose": _transpose,
    "broadcast_to": _broadcast_to,
    "split": _split,
    "concat": lambda n: f"Tensor::cat(vec![{', '.join(n.args)}], {_axis(n.attrs['axis'], n.in_types[0])})",
    "matmul": _matmul,
    "linear": _linear,
    "embedding": _embedding,
    "rmsnorm": Rule(lambda n: f"rms_norm({n.args[0]}, {n.args[1]}, {literal(n.attrs['eps'])})", ("rms_norm",)),
    "positions": _positions,
    "rope_tables": Rule(lambda n: f"rope_tables({n.args[0]}, {n.attrs['dim']}, {literal(n.attrs['theta'])})", ("rope_tables",)),
    "rope": Rule(lambda n: f"rope({', '.join(n.args)})", ("rope",)),
    "causal_mask": Rule(lambda n: (f"causal_mask({n.recv[0]}.dims()[{n.in_types[0].rank - 2}], "
                                   f"{n.recv[1]}.dims()[{n.in_types[1].rank - 2}], {rustcode.as_i64(n.attrs['offset'])}, &{n.recv[0]}.device())"),
                        ("causal_mask",)),
    "attention": Rule(_attention, ("attention",)),
    "one_hot": _one_hot,
    "cross_entropy": Rule(_cross_entropy, ("cross_entropy",)),
    "arange": _arange,
    "greater": _greater,
    "select": _select,
    "upsample_nearest": Rule(_upsample, ("upsample_nearest",)),
    "mse_loss": _mse,
    "layer_norm": _layer_norm,
    "group_norm": Rule(_group_norm, ("group_norm",)),
    "batch_norm": _batch_norm,
    "conv1d": _conv(1),
    "conv2d": _conv(2),
    "max_pool2d": _max_pool,
    # the IR's backward ops (its own autodiff's; Burn trains with its own): Burn's autodiff of the op
    "embedding_grad": Rule(lambda n: (
        f"embedding_grad({n.args[0]}.reshape([1, -1, {n.in_types[0].shape[-1]}]), {n.args[1]}.reshape([1, -1]), "
        f"{n.attrs['num']})"), ("embedding_grad",)),
    "conv2d_backward_input": Rule(lambda n: (
        f"conv2d_backward_input({n.args[0]}, {n.args[1]}, {_pairs(n.attrs['input_size'])}, {_conv_options(n, 2)})"),
        ("conv2d_backward_input",)),
    "conv2d_backward_weight": Rule(lambda n: (
        f"conv2d_backward_weight({n.args[0]}, {n.args[1]}, {_pairs(n.attrs['kernel'])}, {_conv_options(n, 2)})"),
        ("conv2d_backward_weight",)),
    "max_pool2d_backward": Rule(lambda n: (
        f"max_pool2d_backward({n.args[0]}, {n.args[1]}, {_pairs(n.attrs['kernel'])}, {_pairs(n.attrs['stride'])}, "
        f"{_pairs(n.attrs['padding'])})"), ("max_pool2d_backward",)),
}
SUPPORTED = set(EXPRESSIONS) | {"const"}


def _with(code: str, options: list[tuple[str, Any, Any]]) -> str:
    """A Burn config: `Conv2dConfig::new(..)` and a `.with_<field>(value)` for each field whose
    value is not the config's default (a size of a shape-generic block is always written)."""
    for field, value, default in options:
        if isinstance(value, float) and isinstance(default, float):
            if value != default:
                code += f".with_{field}({literal(value)})"
        elif str(value) != str(default):
            code += f".with_{field}({value})"
    return code


def _bias(n: Call, position: int = 2) -> tuple:
    return ("bias", str(len(n.args) > position).lower(), "true")


def _linear_load(n: Call) -> str:
    out, inp = n.in_types[1].shape
    n.need("burn::nn::LinearConfig")
    return f"load_linear({{vb}}, {_with(f'LinearConfig::new({inp}, {out})', [_bias(n)])})?"


def _embedding_load(n: Call) -> str:
    n.need("burn::nn::EmbeddingConfig")
    return f"load_embedding({{vb}}, EmbeddingConfig::new({n.in_types[1].shape[0]}, {n.in_types[1].shape[1]}))?"


def _norm_load(kind: str, fn: str, args, extra=()):
    def load(n: Call) -> str:
        n.need(f"burn::nn::{kind}Config")
        config = _with(f"{kind}Config::new({', '.join(str(a) for a in args(n))})",
                       [("epsilon", float(n.attrs["eps"]), 1e-5), *(e(n) for e in extra)])
        return f"{fn}({{vb}}, {config})?"
    return load


def _conv2d_load(n: Call) -> str:
    a = n.attrs
    o, ci, kh, kw = n.in_types[1].shape
    n.need("burn::nn::conv::Conv2dConfig")
    (pt, pl) = a["padding"]
    options = [("stride", _pairs(a["stride"]), "[1, 1]"),
               ("padding", f"PaddingConfig2d::Explicit({pt}, {pl}, {pt}, {pl})", "PaddingConfig2d::Explicit(0, 0, 0, 0)"),
               ("dilation", _pairs(a["dilation"]), "[1, 1]"), ("groups", a["groups"], 1), _bias(n)]
    if "PaddingConfig2d" in "".join(str(v) for f, v, d in options if str(v) != str(d)):
        n.need("burn::nn::PaddingConfig2d")
    config = _with(f"Conv2dConfig::new([{ci * a['groups']}, {o}], [{kh}, {kw}])", options)
    return f"load_conv2d({{vb}}, {config})?"


def _conv1d_load(n: Call) -> str:
    a = n.attrs
    o, ci, k = n.in_types[1].shape
    n.need("burn::nn::conv::Conv1dConfig")
    options = [("stride", a["stride"], 1), ("padding", f"PaddingConfig1d::Explicit({a['padding']}, {a['padding']})",
                                                  "PaddingConfig1d::Explicit(0, 0)"),
               ("dilation", a["dilation"], 1), ("groups", a["groups"], 1), _bias(n)]
    if str(a["padding"]) != "0":
        n.need("burn::nn::PaddingConfig1d")
    config = _with(f"Conv1dConfig::new({ci * a['groups']}, {o}, {k})", options)
    return f"load_conv1d({{vb}}, {config})?"


def _forward(n: Call, x: str) -> str:
    return f"forward({x})"


def _group_norm_call(n: Call, x: str) -> str:
    return "forward(" + x + ")" if n.in_types[0].rank > 2 else f"forward({x}.unsqueeze_dim::<3>(2)).squeeze_dim::<2>(2)"


LAYERS = {
    "linear": Layer((1, 2), "Linear", _linear_load, {1: "weight.val().transpose()", 2: "bias.as_ref().unwrap().val()"},
                    call=_forward, helpers=("load_linear",), uses=("burn::nn::Linear",)),
    "embedding": Layer((1,), "Embedding", _embedding_load, {1: "weight.val()"},
                       fits=lambda n: n.in_types[0].rank == 2, call=_forward, helpers=("load_embedding",),
                       uses=("burn::nn::Embedding",)),
    "rmsnorm": Layer((1,), "RmsNorm", _norm_load("RmsNorm", "load_rms_norm", lambda n: [n.in_types[1].shape[0]]),
                     {1: "gamma.val()"}, call=_forward, helpers=("load_rms_norm",), uses=("burn::nn::RmsNorm",)),
    "layer_norm": Layer((1, 2), "LayerNorm", _norm_load("LayerNorm", "load_layer_norm", lambda n: [n.in_types[1].shape[0]],
                                                        [lambda n: _bias(n)]),
                        {1: "gamma.val()", 2: "beta.as_ref().unwrap().val()"}, call=_forward,
                        helpers=("load_layer_norm",), uses=("burn::nn::LayerNorm",)),
    "group_norm": Layer((1, 2), "GroupNorm", _norm_load("GroupNorm", "load_group_norm",
                                                        lambda n: [n.attrs["groups"], n.in_types[1].shape[0]]),
                        {1: "gamma.as_ref().unwrap().val()", 2: "beta.as_ref().unwrap().val()"}, call=_group_norm_call,
                        helpers=("load_group_norm",), uses=("burn::nn::GroupNorm",)),
    "batch_norm": Layer((1, 2, 3, 4), "BatchNorm", _norm_load("BatchNorm", "load_batch_norm",
                                                              lambda n: [n.in_types[1].shape[0]]),
                        {1: "gamma.val()", 2: "beta.val()", 3: "running_mean.value()", 4: "running_var.value()"},
                        call=_forward, helpers=("load_batch_norm",), uses=("burn::nn::BatchNorm",)),
    "conv2d": Layer((1, 2), "Conv2d", _conv2d_load, {1: "weight.val()", 2: "bias.as_ref().unwrap().val()"},
                    call=_forward, helpers=("load_conv2d",), uses=("burn::nn::conv::Conv2d",)),
    "conv1d": Layer((1, 2), "Conv1d", _conv1d_load, {1: "weight.val()", 2: "bias.as_ref().unwrap().val()"},
                    call=_forward, helpers=("load_conv1d",), uses=("burn::nn::conv::Conv1d",)),
}

# Helpers of ops.rs (templates/burn/ops/<name>.rs, in this order), emitted only where used; a
# helper listed with others needs them too. The *_layer ones are methods of Weights.
HELPERS = {"weights": (), "load_linear": ("weights",), "load_embedding": ("weights",), "load_rms_norm": ("weights",),
           "load_layer_norm": ("weights",), "load_group_norm": ("weights",), "load_batch_norm": ("weights",),
           "load_conv2d": ("weights",), "load_conv1d": ("weights",),
           "rms_norm": (), "rope": (), "rope_tables": (), "causal_mask": (), "attention": ("causal_mask",),
           "where_cond": (), "where_scalar": (), "cross_entropy": (), "group_norm": (), "upsample_nearest": (),
           "embedding_grad": (), "conv2d_backward_input": (), "conv2d_backward_weight": (), "max_pool2d_backward": ()}
_T = ("burn::tensor::Tensor",)
_W = ("anyhow::Result",)
HELPER_USES = {
    "weights": ("std::cell::RefCell", "std::collections::HashMap", "std::path::Path", "std::rc::Rc",
                "anyhow::Context", "anyhow::Result", "anyhow::bail", "burn::module::Param",
                "burn::tensor::Device", "burn::tensor::Gradients", "burn::tensor::TensorData", "burn::tensor::Int",
                "burn::tensor::Bool", "burn::tensor::DType", "memmap2::Mmap", "safetensors::Dtype",
                "safetensors::SafeTensors", *_T),
    "load_linear": (*_W, "burn::nn::Linear", "burn::nn::LinearConfig"),
    "load_embedding": (*_W, "burn::nn::Embedding", "burn::nn::EmbeddingConfig"),
    "load_rms_norm": (*_W, "burn::nn::RmsNorm", "burn::nn::RmsNormConfig"),
    "load_layer_norm": (*_W, "burn::nn::LayerNorm", "burn::nn::LayerNormConfig"),
    "load_group_norm": (*_W, "burn::nn::GroupNorm", "burn::nn::GroupNormConfig"),
    "load_batch_norm": (*_W, "burn::nn::BatchNorm", "burn::nn::BatchNormConfig", "burn::module::RunningState",
                        "burn::module::Param"),
    "load_conv2d": (*_W, "burn::nn::conv::Conv2d", "burn::nn::conv::Conv2dConfig"),
    "load_conv1d": (*_W, "burn::nn::conv::Conv1d", "burn::nn::conv::Conv1dConfig"),
    "rms_norm": _T, "rope": _T, "rope_tables": (*_T, "burn::tensor::Int", "burn::tensor::TensorData"),
    "causal_mask": (*_T, "burn::tensor::Bool", "burn::tensor::Device", "burn::tensor::TensorData"),
    "attention": (*_T, "burn::tensor::Bool", "burn::tensor::module", "burn::tensor::ops::AttentionModuleOptions"),
    "where_cond": (*_T, "burn::tensor::Bool"), "where_scalar": (*_T, "burn::tensor::Bool"),
    "cross_entropy": (*_T, "burn::tensor::Int", "burn::tensor::activation::log_softmax"),
    "group_norm": _T,
    "embedding_grad": (*_T, "burn::tensor::Int", "burn::tensor::module::embedding"),
    "conv2d_backward_input": (*_T, "burn::tensor::module::conv2d", "burn::tensor::ops::ConvOptions"),
    "conv2d_backward_weight": (*_T, "burn::tensor::module::conv2d_weight_backward", "burn::tensor::ops::ConvOptions"),
    "max_pool2d_backward": (*_T, "burn::tensor::module::max_pool2d", "burn::tensor::ops::MaxPoolOptions"),
    "upsample_nearest": (*_T, "burn::tensor::module::interpolate", "burn::tensor::ops::InterpolateMode",
                         "burn::tensor::ops::InterpolateOptions"),
}
BLOCK_USES = ("anyhow::Result", "burn::module::Module", "crate::ops::Weights", *_T)
LOSS_USES = _T


class Writer(rustcode.RustWriter):
    """Burn's writer: the shared Rust writer over Burn's tables, with values passed by value
    (moved where read last, cloned before) and ranks in every type."""
    EXPRESSIONS = EXPRESSIONS
    LAYERS = LAYERS

    def __init__(self, struct, structs, program):
        super().__init__(struct, structs, program)
        self.in_loop = False
        self.last = {}                          # value -> index of the statement reading it last
        for i, s in enumerate(self.block.stmts):
            for v in s.inputs:
                self.last[v] = i
        for r in self.block.returns:
            self.last[r] = len(self.block.stmts)

    def _moves(self, value: str) -> bool:
        if self.in_loop or self.last.get(value) != self.at:
            return False
        if self.at < len(self.block.stmts):
            return self.block.stmts[self.at].inputs.count(value) == 1
        return self.block.returns.count(value) == 1

    def arg(self, value: str) -> str:
        if value in self.consts:
            return literal(self.consts[value])
        if value in self.block.locals:
            name = self.block.locals[value]
            return name if self._moves(value) else f"{name}.clone()"
        return self.param(value)

    def recv(self, value: str) -> str:
        """A value read for its shape or device only (never moved)."""
        if value in self.block.locals:
            return self.block.locals[value]
        return self.param(value)

    def param(self, value: str) -> str:
        expr = super().param(value)
        return expr if expr.endswith(")") else f"{expr}.val()"

    def owned(self, value: str) -> str:
        return self.arg(value)

    def param_field(self, rel, param):
        t = param.type
        self.uses.add("burn::module::Param")
        return f"Param<{tensor_type(t)}>", f"vb.param({rustcode.string(rel)}, {_dims(t.shape or (1,))})?"

    def boxed(self, expr: str) -> str:
        return expr

    def const_tensor(self, value, t) -> str:
        suffix = {"f32": "f32", "f64": "f64", "i64": "i64", "bool": ""}[t.dtype]
        if t.dtype == "bool":
            return f"{tensor_type(t).replace('<', '::<', 1)}::from_data([{str(bool(value)).lower()}], {self.device()})"
        number = str(int(value)) if t.dtype == "i64" else literal(value)
        if not number[-1].isdigit() or "::" in number:        # a std constant, f64::NEG_INFINITY
            number = f"{number} as {suffix}"
        else:
            number += suffix
        return f"{tensor_type(t).replace('<', '::<', 1)}::from_data([{number}], {self.device()})"

    def ret(self, values):
        return values[0] if len(values) == 1 else f"({', '.join(values)})"

    def device(self) -> str:
        """`&device`, taken from the first argument before anything moves it (or Burn's
        default device where the block has no arguments)."""
        self.needs_device = True
        return "&device"

    def lines(self):
        self.needs_device = False
        body = super().lines()
        if self.needs_device:
            source = f"{self.recv(self.block.args[0])}.device()" if self.block.args else "Device::default()"
            if not self.block.args:
                self.uses.add("burn::tensor::Device")
            body.insert(0, f"let device = {source};")
        last = re.fullmatch(rf"let {re.escape(body[-1])} =\s*(.*);", body[-2], re.S) if len(body) > 1 else None
        if last:                 # `let x = f(..); x` returns f(..) (clippy: let_and_return)
            body[-2:] = [last.group(1)]
        return body

    def call(self, s, args, target):
        return f"{target}.forward({', '.join(args)})"

    def loop(self, s):
        lines = []
        self.in_loop = True
        args = [self.arg(v) for v in s.inputs]
        self.in_loop = False
        for j, k in s.carried.items():
            v, out = s.inputs[j], self.block.locals[s.outputs[k]]
            if v not in self.mutable:
                lines.append(f"let mut {out} = {self.arg(v)};")
            args[j] = out
        outs = [self.block.locals[o] for o in s.outputs]
        target = outs[0] if len(outs) == 1 else f"({', '.join(outs)})"
        var = codegen.loop_var(s.member)
        member = f"self.{self.s.field(s.member)}"
        if s.sliced:
            lines.append(f"for (i, {var}) in {member}.iter().enumerate() {{")
            for j, value in s.sliced.items():
                step = self.block.locals[value]
                rank = _rank(self.graph.values[s.inputs[j]])
                lines.append(f"    let {step} = {self.recv(s.inputs[j])}.clone().narrow(0, i, 1)"
                             f".squeeze_dim::<{rank - 1}>(0);")
                args[j] = step
        else:
            lines.append(f"for {var} in &{member} {{")
        lines.append(f"    {target} = {self.call(s, args, var)};")
        lines.append("}")
        return lines

    def write(self) -> dict:
        w = super().write()
        types = self.graph.values
        w["arg_types"] = [tensor_type(types[a]) for a in self.block.args]
        w["return_types"] = [tensor_type(types[r]) for r in self.block.returns]
        self.uses |= _kinds(w["arg_types"] + w["return_types"])
        for e in w["enums"]:              # the variants' forward: the first member's signature
            m = next(m for m in self.block.members if m.name == e["member"])
            st = self.structs[m.kinds[0]]
            e["arg_types"] = [tensor_type(st.graph.values[a]) for a in st.block.args]
            e["return_types"] = [tensor_type(st.graph.values[r]) for r in st.block.returns]
        return w


def render(program: Program, env, ctx, helpers: str = "used", fmt: bool = True) -> dict[str, str]:
    """File name -> source of the generated crate, rustfmt-formatted (`fmt`), the model's sizes
    named by its config (consts in model/mod.rs). helpers="all" writes every ops.rs helper
    (the per-op test crate)."""
    with sizes.spelled():
        files = _files(program, env, ctx, helpers)
    files = codegen.name_sizes(files, ctx, RUST)
    return rustcode.rustfmt(files) if fmt else files


def _files(program: Program, env, ctx, helpers: str) -> dict[str, str]:
    table = rustcode.structs(program, LAYERS)
    written = rustcode.generic_structs(program, table, LAYERS, lambda st: Writer(st, table, program).write(),
                                       optional=True, nested=True)
    for kind, st in table.items():          # children first: a parent may read a child's fields
        if kind not in written:
            written[kind] = Writer(st, table, program).write()
    loss = None
    if program.loss:
        st = Struct(program.loss, program.graphs["full"])
        w = Writer(st, table, program)
        g = program.graphs["full"]
        loss = {"args": [program.loss.locals[a] for a in program.loss.args], "body": w.lines(), "helpers": w.helpers,
                "uses": w.uses, "arg_types": [tensor_type(g.values[a]) for a in program.loss.args],
                "return_type": tensor_type(g.values[program.loss.returns[0]])}
        loss["uses"] |= _kinds(loss["arg_types"])
    files = {}
    used: set[str] = {"weights"}
    for kind, st in table.items():
        w = written[kind]
        if w is None:
            continue
        w["public"] = {f for k, other in table.items() if other.name == st.name for f in other.public}
        files[f"src/model/{snake(st.name)}.rs"] = env.get_template("burn/block.rs.j2").render(
            block=w, children=w["children"], doc=_doc(w),
            uses=_use_lines(BLOCK_USES, w["uses"], w["helpers"]))
        used |= w["helpers"]
    if loss:
        files["src/model/loss.rs"] = env.get_template("burn/loss.rs.j2").render(
            loss=loss, uses=_use_lines(LOSS_USES, loss["uses"], loss["helpers"]))
        used |= loss["helpers"]
    used = codegen.closure(HELPERS if helpers == "all" else used, HELPERS)
    files["src/ops.rs"] = env.get_template("burn/ops.rs.j2").render(
        helpers=used, order=list(HELPERS), uses=rustcode.use_lines({u for h in used for u in HELPER_USES[h]}))
    files["src/model/mod.rs"] = env.get_template("burn/mod.rs.j2").render(
        modules=sorted({(snake(st.name), st.name) for st in table.values()} | ({("loss", "loss_fn")} if loss else set())))
    files["src/main.rs"] = main_source(program, env, ctx)
    files["Cargo.toml"] = env.get_template("burn/Cargo.toml.j2").render(
        package=rustcode.crate_name(ctx.folder or program.graphs["full"].name, NAME), dependencies=DEPENDENCIES,
        header=ctx.header.splitlines()[0], burn_backends=True)    # gemm (Flex's products), wgpu, CUDA
    return files


def _use_lines(fixed, uses, helpers) -> list[str]:
    """A module's `use` lines: what its template names, what its rules declared, its helpers."""
    return rustcode.use_lines({*fixed, *uses, *(f"crate::ops::{h}" for h in helpers)})


def _doc(w: dict) -> str:
    if not w["path"]:
        return "The model."
    return f"`{w['path']}` in the checkpoint" + (", and the blocks like it in other sizes" if w["params"] else "")


def main_source(program: Program, env, ctx) -> str:
    roots = codegen.roots(program)
    loss = codegen.loss_arguments(program)
    local = rustcode.namer(rustcode.template_words(env, "burn/main.rs.j2"))
    g = program.graphs["full"]
    lg = program.graphs["latency"]

    def pattern(outputs: list[str], used=None) -> str:
        vars_ = [local(o) if used is None or o in used else f"_{local(o)}" for o in outputs]
        return vars_[0] if len(vars_) == 1 else f"({', '.join(vars_)})"

    full, latency = roots["full"], roots["latency"]

    def kind(t):
        return _rank(t), {"i64": "int", "bool": "bool"}.get(t.dtype, "float"), t.rank == 0

    ins = [(n, local(n), *kind(g.inputs[n])) for n in dict.fromkeys(full.inputs + [n for k, n in loss if k == "input"])]
    ins += [("latency." + n, local("latency." + n), *kind(lg.inputs[n])) for n in latency.inputs]
    outs = {n: kind(g.values[g.outputs[n]])[2] for n in full.outputs}
    lat_outs = {n: kind(lg.values[lg.outputs[n.split(".", 1)[1]]])[2] for n in latency.outputs}
    imports = sorted(set([camel(full.kind), camel(latency.kind)] + (["loss_fn"] if program.loss else [])),
                     key=rustcode.name_order)
    return env.get_template("burn/main.rs.j2").render(
        header=ctx.header, version=VERSION, full=full, latency=latency, imports=imports,
        full_type=camel(full.kind), latency_type=camel(latency.kind),
        inputs=ins, local=local, outs=outs, lat_outs=lat_outs,
        full_args=", ".join(f"{local(i)}.clone()" for i in full.inputs),
        latency_args=", ".join(f"{local('latency.' + i)}.clone()" for i in latency.inputs),
        full_outs=pattern(full.outputs), latency_outs=pattern(latency.outputs),
        train_outs=pattern(full.outputs, {n for k, n in loss if k == "output"}),
        loss_args=", ".join(local(n) if k == "output" else f"{local(n)}.clone()" for k, n in loss) if program.loss else None,
        buffers=rustcode.buffers(program))


# cargo builds the crate (a member of the generated/ workspace, runner/cargo.py), cc links it
EMITTER = Emitter(NAME, "Burn", RUST, frozenset(SUPPORTED), render, requires=("cargo", "cc"),
                  reserved=frozenset(h for h in HELPERS if h[:1].islower()) | {"loss_fn"},
                  order=62, devices=frozenset({"cpu", "vulkan", "cuda"}))
