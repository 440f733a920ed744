"""Candle emitter: a Rust crate per model, one struct (`load(vb)` + `forward`) per block kind in
its own file, `Vec<Layer>` loops, candle-nn layers, Candle's own autodiff for training.

One forward path serves inference and training. Where Candle's fast kernel has no (or a
wrong) backward, the helper in templates/candle/ops/ takes that kernel while no gradient is
recorded (inference, latency) and a differentiable form while one is (`Tensor::track_op`,
training): rms_norm, layer_norm, softmax_last_dim and rope (no backward: gradients silently
stop), max_pool2d (backward only for kernel == stride), conv1d (wrong gradients in
candle-core 0.11.1: trained as a conv2d) and conv2d: trained (groups 1) as im2col (a custom op
whose backward is col2im) times the weight, since Candle's conv2d backward runs slow direct CPU
kernels (2-5x slower per layer than this, measured on ResNet-50 and Whisper shapes), and with
groups on an explicitly padded, cropped input (its backward sizes both axes from the height). The
gradient checks against the IR reference (tests/test_candle_emitter.py) prove each."""
from __future__ import annotations

import re

from inferena.ir import sizes

from . import codegen, rustcode
from .base import CPU_ONLY, Emitter
from .codegen import Rule
from .rustcode import RUST, Call, Layer, Struct, camel, ident, literal, shape, snake
from .structure import Program

NAME = "candle"
# Exact versions: every machine builds the same crate graph.
DEPENDENCIES = {"anyhow": "1.0.105", "candle-core": "0.11.1", "candle-nn": "0.11.1", "serde_json": "1.0.154",
                "num-traits": "0.2.19", "rayon": "1.12.0"}        # the last two: as candle-core uses them
VERSION = DEPENDENCIES["candle-core"]
DTYPES = {"f32": "DType::F32", "f64": "DType::F64", "i64": "DType::I64", "bool": "DType::U8"}


def _dim(n: Call, axis: int, rank: int) -> str:
    axis %= rank
    if axis == rank - 1 and rank > 1:
        n.need("candle_core::D")
        return "D::Minus1"
    return str(axis)


def _binary(sym: str, method: str):
    def emit(n: Call) -> str:
        a, b = n.consts
        if b is not None:
            return f"({n.args[0]} {sym} {literal(b)})?"
        if a is not None:
            return f"({literal(a)} {sym} {n.args[1]})?"
        if n.in_types[0].shape == n.in_types[1].shape:
            return f"({n.args[0]} {sym} {n.args[1]})?"
        return f"{n.recv[0]}.broadcast_{method}({n.args[1]})?"
    return emit


def _pow(n: Call) -> str:
    e = n.attrs["exponent"]
    return {2.0: f"{n.recv[0]}.sqr()?", 0.5: f"{n.recv[0]}.sqrt()?", 1.0: f"{n.recv[0]}.clone()"}.get(
        e, f"{n.recv[0]}.powf({literal(e)})?")


def _reduce(method: str):
    def emit(n: Call) -> str:
        rank, x = n.in_types[0].rank, n.recv[0]
        axes = sorted({a % rank for a in n.attrs["axes"]})
        keep = n.attrs["keepdims"]
        if method == "max":           # one axis at a time, last first so indices stay valid
            call = "max_keepdim" if keep else "max"
            return x + "".join(f".{call}({_dim(n, a, rank)})?" for a in reversed(axes))
        if not keep and len(axes) == rank:
            return f"{x}.{method}_all()?"
        dims = _dim(n, axes[0], rank) if len(axes) == 1 else f"[{', '.join(map(str, axes))}]"
        return f"{x}.{method}{'_keepdim' if keep else ''}({dims})?"
    return emit


def _reshape(n: Call) -> str:
    x, spec, rank = n.recv[0], n.attrs["shape"], n.in_types[0].rank
    out = n.out_types[0].shape
    if len(spec) == rank - 1 and rank >= 2 and all(d == 0 for d in spec[:rank - 2]) and spec[-1] in (-1, out[-1]):
        n.need("candle_core::D")
        return f"{x}.flatten_from(D::Minus2)?"
    if spec and all(d != 0 for d in spec):
        dims = ["()" if d == -1 else str(d) for d in spec]
        return f"{x}.reshape({shape(dims)})?"
    dims = [f"{x}.dim({i})?" if d == 0 else "()" if d == -1 else str(d) for i, d in enumerate(spec)]
    return f"{x}.reshape({shape(dims)})?"


def _transpose(n: Call) -> str:
    perm = n.attrs["perm"]
    moved = [i for i, p in enumerate(perm) if p != i]
    if len(moved) == 2:
        return f"{n.recv[0]}.transpose({moved[0]}, {moved[1]})?"
    return f"{n.recv[0]}.permute({shape(perm) if len(perm) <= 6 else list(perm)})?"


def _split(n: Call) -> str:
    rank = n.in_types[0].rank
    axis, start, parts = _dim(n, n.attrs["axis"], rank), 0, []
    for size in n.attrs["sizes"]:
        parts.append(f"{n.recv[0]}.narrow({axis}, {start}, {size})?")
        start += size
    return parts[0] if len(parts) == 1 else f"({', '.join(parts)})"


def _matmul(n: Call) -> str:
    a, b = n.in_types
    same = a.rank == b.rank and a.shape[:-2] == b.shape[:-2]
    return f"{n.recv[0]}.{'matmul' if same else 'broadcast_matmul'}({n.args[1]})?"


def _where(n: Call) -> str:
    like = next(n.args[i] for i in (1, 2) if n.consts[i] is None)
    vals = [f"&scalar({literal(n.consts[i])}, {like})?" if n.consts[i] is not None else n.args[i] for i in (1, 2)]
    return f"where_cond({n.args[0]}, {vals[0]}, {vals[1]})?"


def _cast(n: Call) -> str:
    if n.attrs["dtype"] == "bool":
        return f"{n.recv[0]}.ne(0f64)?"
    n.need("candle_core::DType")
    return f"{n.recv[0]}.to_dtype({DTYPES[n.attrs['dtype']]})?"


def _positions(n: Call) -> str:
    x, off = n.recv[0], rustcode.as_i64(n.attrs["offset"])
    length = f"{x}.dim({_dim(n, n.attrs['axis'], n.in_types[0].rank)})? as i64"
    return (f"Tensor::arange({off}, {off} + {length}, {x}.device())?" if n.attrs["offset"]
            else f"Tensor::arange(0, {length}, {x}.device())?")


def _attention(n: Call) -> str:
    mask = f"Some({n.args[3]})" if len(n.args) == 4 else "None"
    scale = f"({n.recv[0]}.dim(3)? as f64).powf(-0.5)" if codegen.default_scale(n) else literal(n.attrs["scale"])
    return f"attention({n.args[0]}, {n.args[1]}, {n.args[2]}, {mask}, {str(n.attrs['causal']).lower()}, {scale})?"


def _cross_entropy(n: Call) -> str:
    logits, labels = n.recv
    if n.in_types[0].rank > 2:
        n.need("candle_core::D")
        return f"cross_entropy(&{logits}.flatten_to(D::Minus2)?, &{labels}.flatten_all()?)?"
    return f"cross_entropy({n.args[0]}, {n.args[1]})?"


def _linear(n: Call) -> str:
    bias = f"Some({n.recv[2]}.clone())" if len(n.args) == 3 else "None"
    n.need("candle_nn::Linear", "candle_nn::Module")
    return f"Linear::new({n.recv[1]}.clone(), {bias}).forward({n.args[0]})?"


def _pair(v) -> str:
    return f"({v[0]}, {v[1]})"


def _conv2d(n: Call) -> str:
    bias = f"Some({n.args[2]})" if len(n.args) == 3 else "None"
    a = n.attrs
    return (f"conv2d_per_axis({n.args[0]}, {n.args[1]}, {bias}, {_pair(a['stride'])}, {_pair(a['padding'])}, "
            f"{_pair(a['dilation'])}, {a['groups']})?")


def _conv1d(n: Call) -> str:
    a = n.attrs
    bias = f"Some({n.args[2]})" if len(n.args) == 3 else "None"
    return (f"conv1d({n.args[0]}, {n.args[1]}, {bias}, {a['stride']}, {a['padding']}, {a['dilation']}, "
            f"{a['groups']})?")


def _geometry(a: dict, *keys: str) -> str:
    return ", ".join(_pair(a[k]) if isinstance(a[k], tuple) else str(a[k]) for k in keys)


def _arange(n: Call) -> str:
    size, dtype = n.attrs["size"], n.attrs["dtype"]
    suffix = {"f32": "f32", "f64": "f64", "i64": "i64"}[dtype]
    end = f"{size} as {suffix}" if isinstance(size, sizes.Dim) else f"{size}{suffix}"   # a named size: cast
    return f"Tensor::arange(0{suffix}, {end}, {{device}})?"


def _greater(n: Call) -> str:
    if n.consts[1] is not None:
        return f"{n.recv[0]}.gt({literal(n.consts[1])})?"
    if n.consts[0] is not None:
        return f"{n.recv[1]}.lt({literal(n.consts[0])})?"
    if n.in_types[0].shape == n.in_types[1].shape:
        return f"{n.recv[0]}.gt({n.args[1]})?"
    return f"{n.recv[0]}.broadcast_gt({n.args[1]})?"


def _group_norm(n: Call) -> str:
    n.need("candle_nn::GroupNorm", "candle_nn::Module")
    return (f"GroupNorm::new({n.recv[1]}.clone(), {n.recv[2]}.clone(), {n.in_types[1].shape[0]}, "
            f"{n.attrs['groups']}, {literal(n.attrs['eps'])})?.forward({_rank3(n)})?{_unrank3(n)}")


def _rank3(n: Call) -> str:
    """candle-nn's GroupNorm wants [N, C, ...] with at least one spatial axis."""
    return f"&{n.recv[0]}.unsqueeze(2)?" if n.in_types[0].rank == 2 else n.args[0]


def _unrank3(n: Call) -> str:
    return ".squeeze(2)?" if n.in_types[0].rank == 2 else ""


def _batch_norm(n: Call) -> str:
    x, w, b, mean, var = n.recv
    n.need("candle_nn::BatchNorm", "candle_nn::ModuleT")
    return (f"BatchNorm::new({n.in_types[1].shape[0]}, {mean}.clone(), {var}.clone(), {w}.clone(), "
            f"{b}.clone(), {literal(n.attrs['eps'])})?.forward_t({n.args[0]}, false)?")


EXPRESSIONS = {
    "add": _binary("+", "add"),
    "sub": _binary("-", "sub"),
    "mul": _binary("*", "mul"),
    "div": _binary("/", "div"),
    "neg": lambda n: f"{n.recv[0]}.neg()?",
    "exp": lambda n: f"{n.recv[0]}.exp()?",
    "log": lambda n: f"{n.recv[0]}.log()?",
    "sqrt": lambda n: f"{n.recv[0]}.sqrt()?",
    "rsqrt": lambda n: f"{n.recv[0]}.sqrt()?.recip()?",
    "tanh": lambda n: f"{n.recv[0]}.tanh()?",
    "pow": _pow,
    "where": Rule(_where, lambda n: ("where_cond", "scalar") if n.consts[1] is not None or n.consts[2] is not None else ("where_cond",)),
    "cast": _cast,
    "zeros_like": lambda n: f"{n.recv[0]}.zeros_like()?",
    "sigmoid": Rule(lambda n: f"sigmoid({n.args[0]})?", imports=("candle_nn::ops::sigmoid",)),
    "silu": lambda n: f"{n.recv[0]}.silu()?",
    "softmax": Rule(lambda n: f"softmax({n.args[0]}, {_dim(n, n.attrs['axis'], n.in_types[0].rank)})?", ("softmax",)),
    "sum": _reduce("sum"),
    "mean": _reduce("mean"),
    "max": _reduce("max"),
    "sum_to": Rule(lambda n: f"sum_to({n.args[0]}, &{list(n.attrs['shape'])})?", ("sum_to",)),
    "reshape": _reshape,
    "transpose": _transpose,
    "broadcast_to": lambda n: f"{n.recv[0]}.broadcast_as({shape(n.attrs['shape'])})?",
    "split": _split,
    "concat": lambda n: f"Tensor::cat(&[{', '.join(n.args)}], {_dim(n, n.attrs['axis'], n.in_types[0].rank)})?",
    "matmul": _matmul,
    "linear": _linear,
    "embedding": Rule(lambda n: f"Embedding::new({n.recv[1]}.clone(), {n.in_types[1].shape[1]}).forward({n.args[0]})?",
                      imports=("candle_nn::Embedding", "candle_nn::Module")),
    "embedding_grad": Rule(lambda n: (
        f"Tensor::zeros(({n.attrs['num']}, {n.in_types[0].shape[-1]}), {n.recv[0]}.dtype(), {n.recv[0]}.device())?"
        f".index_add(&{n.recv[1]}.flatten_all()?, &{n.recv[0]}.flatten_to(D::Minus2)?, 0)?"), imports=("candle_core::D",)),
    "rmsnorm": Rule(lambda n: f"rms_norm({n.args[0]}, {n.args[1]}, {literal(n.attrs['eps'])})?", ("rms_norm",)),
    "positions": _positions,
    "rope_tables": Rule(lambda n: f"rope_tables({n.args[0]}, {n.attrs['dim']}, {literal(n.attrs['theta'])})?", ("rope_tables",)),
    "rope": Rule(lambda n: f"rope({', '.join(n.args)})?", ("rope",)),
    "causal_mask": Rule(lambda n: (f"causal_mask({n.recv[0]}.dim(D::Minus2)?, {n.recv[1]}.dim(D::Minus2)?, "
                              f"{rustcode.as_i64(n.attrs['offset'])}, {n.recv[0]}.device())?"), ("causal_mask",), ("candle_core::D",)),
    "attention": Rule(_attention, ("attention",)),
    "one_hot": Rule(lambda n: f"one_hot({n.recv[0]}.clone(), {n.attrs['depth']}, 1f32, 0f32)?",
                    imports=("candle_nn::encoding::one_hot",)),
    "cross_entropy": Rule(_cross_entropy, imports=("candle_nn::loss::cross_entropy",)),
    "arange": _arange,
    "cos": lambda n: f"{n.recv[0]}.cos()?",
    "sin": lambda n: f"{n.recv[0]}.sin()?",
    "erf": lambda n: f"{n.recv[0]}.erf()?",
    "relu": lambda n: f"{n.recv[0]}.relu()?",
    "gelu": lambda n: f"{n.recv[0]}.{'gelu_erf' if n.attrs['approximate'] == 'none' else 'gelu'}()?",
    "greater": _greater,
    "select": lambda n: (f"{n.recv[0]}.get_on_dim({_dim(n, n.attrs['axis'], n.in_types[0].rank)}, "
                         f"{n.attrs['index'] % n.in_types[0].shape[n.attrs['axis']]})?"),
    "upsample_nearest": lambda n: (f"{n.recv[0]}.upsample_nearest2d({n.recv[0]}.dim(2)? * {n.attrs['scale']}, "
                                   f"{n.recv[0]}.dim(3)? * {n.attrs['scale']})?"),
    "mse_loss": Rule(lambda n: f"mse({n.args[0]}, {n.args[1]})?", imports=("candle_nn::loss::mse",)),
    "layer_norm": Rule(lambda n: (f"layer_norm({n.args[0]}, {n.args[1]}, "
                             f"{'Some(' + n.args[2] + ')' if len(n.args) == 3 else 'None'}, {literal(n.attrs['eps'])})?"), ("layer_norm",)),
    "group_norm": _group_norm,
    "batch_norm": _batch_norm,
    "conv1d": Rule(_conv1d, ("conv1d",)),
    "conv2d": Rule(_conv2d, ("conv2d_per_axis",)),
    "conv2d_backward_input": Rule(lambda n: (
        f"conv2d_backward_input({n.args[0]}, {n.args[1]}, {_pair(n.attrs['input_size'])}, "
        f"{_geometry(n.attrs, 'stride', 'padding', 'dilation', 'groups')})?"), ("conv2d_backward_input",)),
    "conv2d_backward_weight": Rule(lambda n: (
        f"conv2d_backward_weight({n.args[0]}, {n.args[1]}, {_pair(n.attrs['kernel'])}, "
        f"{_geometry(n.attrs, 'stride', 'padding', 'dilation', 'groups')})?"), ("conv2d_backward_weight",)),
    "max_pool2d": Rule(lambda n: f"max_pool2d({n.args[0]}, {_geometry(n.attrs, 'kernel', 'stride', 'padding')})?", ("max_pool2d",)),
    "max_pool2d_backward": Rule(lambda n: (
        f"max_pool2d_backward({n.args[0]}, {n.args[1]}, {_geometry(n.attrs, 'kernel', 'stride', 'padding')})?"), ("max_pool2d_backward",)),
}
SUPPORTED = set(EXPRESSIONS) | {"const"}


def _config(kind: str, a: dict, pairs: bool) -> str:
    """Conv{1,2}dConfig with the fields that differ from the defaults."""
    take = (lambda v: v[0]) if pairs else (lambda v: v)
    fields = [str(take(a[k])) if getattr(take(a[k]), "name", None) == k else f"{k}: {take(a[k])}"   # `stride`
              for k in ("padding", "stride", "dilation") if str(take(a[k])) != str(0 if k == "padding" else 1)]
    fields += [f"groups: {a['groups']}"] if a["groups"] != 1 else []
    return f"{kind} {{ {', '.join(fields)}, ..Default::default() }}" if fields else "Default::default()"


def _conv2d_layer(n: Call) -> str:
    o, ci, kh, kw = n.in_types[1].shape
    cfg = _config("Conv2dConfig", n.attrs, pairs=True)
    if cfg != "Default::default()":
        n.need("candle_nn::Conv2dConfig")
    if kh == kw:
        fn = "conv2d" if len(n.args) == 3 else "conv2d_no_bias"
        return f"candle_nn::{fn}({ci * n.attrs['groups']}, {o}, {kh}, {cfg}, {{vb}})?"
    bias = f'Some({{vb}}.get({o}, "bias")?)' if len(n.args) == 3 else "None"
    return f'Conv2d::new({{vb}}.get({shape((o, ci, kh, kw))}, "weight")?, {bias}, {cfg})'


def _conv2d_fits(n: Call) -> bool:
    """One padding, stride and dilation for both axes (Candle's conv2d takes one of each), and
    a square input where the stride is not 1 (Candle's conv2d backward sizes both axes alike)."""
    a, (_, _, h, w) = n.attrs, n.in_types[0].shape
    return all(a[k][0] == a[k][1] for k in ("padding", "stride", "dilation")) and (a["stride"][0] == 1 or h == w)


def _conv1d_layer(n: Call) -> str:
    a = n.attrs
    return (f"Conv1d::load({shape(n.in_types[1].shape)}, {str(len(n.args) == 3).lower()}, "
            f"({a['stride']}, {a['padding']}, {a['dilation']}, {a['groups']}), {{vb}})?")


LAYERS = {
    "linear": Layer((1, 2), "Linear", lambda n: (
        f"linear({n.in_types[1].shape[1]}, {n.in_types[1].shape[0]}, {{vb}})?" if len(n.args) == 3 else
        f"linear_no_bias({n.in_types[1].shape[1]}, {n.in_types[1].shape[0]}, {{vb}})?"),
        {1: "weight()", 2: "bias().unwrap()"},
        uses=lambda n: ("candle_nn::Linear", "candle_nn::Module",
                        "candle_nn::linear" if len(n.args) == 3 else "candle_nn::linear_no_bias")),
    "embedding": Layer((1,), "Embedding", lambda n: (
        f"embedding({n.in_types[1].shape[0]}, {n.in_types[1].shape[1]}, {{vb}})?"), {1: "embeddings()"},
        uses=("candle_nn::Embedding", "candle_nn::Module", "candle_nn::embedding")),
    "rmsnorm": Layer((1,), "RmsNorm", lambda n: (
        f"RmsNorm::load({n.in_types[1].shape[0]}, {literal(n.attrs['eps'])}, {{vb}})?"), {1: "weight"},
        helpers=("RmsNorm",)),
    "layer_norm": Layer((1, 2), "LayerNorm", lambda n: (
        f"LayerNorm::load({n.in_types[1].shape[0]}, {literal(n.attrs['eps'])}, {str(len(n.args) == 3).lower()}, "
        f"{{vb}})?"), {1: "weight", 2: "bias.as_ref().unwrap()"}, helpers=("LayerNorm",)),
    "group_norm": Layer((1, 2), "GroupNorm", lambda n: (
        f"group_norm({n.attrs['groups']}, {n.in_types[1].shape[0]}, {literal(n.attrs['eps'])}, {{vb}})?"), {},
        call=lambda n, x: f"forward({_rank3(n) if x == n.args[0] else x})?{_unrank3(n)}",
        uses=("candle_nn::GroupNorm", "candle_nn::Module", "candle_nn::group_norm")),
    "batch_norm": Layer((1, 2, 3, 4), "BatchNorm", lambda n: (
        f"batch_norm({n.in_types[1].shape[0]}, {literal(n.attrs['eps'])}, {{vb}})?"), {},
        call=lambda n, x: f"forward_t({x}, false)?", uses=("candle_nn::BatchNorm", "candle_nn::ModuleT", "candle_nn::batch_norm")),
    "conv2d": Layer((1, 2), "Conv2d", _conv2d_layer, {1: "weight()", 2: "bias().unwrap()"}, fits=_conv2d_fits,
                    call=lambda n, x: f"conv2d_layer(&{{layer}}, {x})?", helpers=("conv2d_layer",),
                    uses=("candle_nn::Conv2d",)),
    "conv1d": Layer((1, 2), "Conv1d", _conv1d_layer, {1: "weight", 2: "bias.as_ref().unwrap()"}, helpers=("Conv1d",)),
}

# Helpers of ops.rs (templates/candle/ops/, helper_file(name), in this order), emitted only where used;
# a helper listed with others needs them too.
HELPERS = {"RmsNorm": ("rms_norm",), "rms_norm": (), "LayerNorm": ("layer_norm",), "layer_norm": (),
           "softmax": (), "rope": (), "rope_tables": (), "causal_mask": (),
           "attention": ("causal_mask", "softmax", "where_cond", "scalar"), "where_cond": (), "scalar": (),
           "sum_to": (), "Conv1d": ("conv1d",), "conv1d": ("conv2d_per_axis",),
           "conv2d_layer": ("conv2d_per_axis",), "conv2d_per_axis": ("every", "dilate", "conv2d_cols"),
           "every": (), "dilate": (), "conv2d_cols": (),
           "conv2d_backward_input": ("conv2d_per_axis",), "conv2d_backward_weight": ("conv2d_per_axis",),
           "max_pool2d": ("pad_with",), "pad_with": (), "max_pool2d_backward": ("max_pool2d",)}



def helper_file(helper: str) -> str:
    """templates/candle/ops/<file> of a helper: a type's file is named apart from its function's
    (`RmsNorm` -> rms_norm_struct.rs, `rms_norm` -> rms_norm.rs), as case-blind file systems need."""
    return f"{re.sub(r'(?<!^)(?=[A-Z])', '_', helper).lower()}_struct.rs" if helper[:1].isupper() else f"{helper}.rs"


# What each helper's code names (its part of ops.rs's `use` lines), next to HELPERS.
_CORE = ("candle_core::Result", "candle_core::Tensor")
_STRUCT = (*_CORE, "candle_nn::VarBuilder")
HELPER_USES = {
    "RmsNorm": _STRUCT, "rms_norm": _CORE, "LayerNorm": _STRUCT, "layer_norm": (*_CORE, "candle_core::D"),
    "softmax": (*_CORE, "candle_core::D", "candle_core::shape::Dim", "candle_core::CpuStorage", "candle_core::CustomOp1",
                "candle_core::Layout", "candle_core::Shape", "num_traits::Float", "rayon::prelude::*"),
    "rope": (*_CORE, "candle_core::D"), "rope_tables": (*_CORE, "candle_core::DType"),
    "causal_mask": (*_CORE, "candle_core::Device"), "attention": (*_CORE, "candle_core::D"),
    "where_cond": _CORE, "scalar": _CORE, "sum_to": _CORE, "Conv1d": _STRUCT, "conv1d": _CORE,
    "conv2d_layer": (*_CORE, "candle_nn::Conv2d"), "conv2d_per_axis": _CORE, "every": _CORE, "dilate": _CORE,
    "conv2d_cols": (*_CORE, "candle_core::CpuStorage", "candle_core::CustomOp1", "candle_core::Layout",
                    "candle_core::Shape", "candle_core::WithDType"),
    "conv2d_backward_input": (*_CORE, "candle_core::Var"), "conv2d_backward_weight": (*_CORE, "candle_core::Var"),
    "max_pool2d": _CORE, "pad_with": _CORE, "max_pool2d_backward": (*_CORE, "candle_core::Var"),
}
# What every block module and the loss module name (the signatures of load and forward).
BLOCK_USES = _STRUCT
LOSS_USES = _CORE


class Writer(rustcode.RustWriter):
    """Candle's writer: the shared Rust writer over Candle's tables. heads: a tied weight
    (another block's parameter) -> the name of the Linear built from it at load (`lm_head`)."""
    EXPRESSIONS = EXPRESSIONS
    LAYERS = LAYERS

    def __init__(self, struct, structs, program, heads: dict[str, str] | None = None):
        super().__init__(struct, structs, program)
        self.heads = heads or {}

    def expr(self, s) -> str:
        """A linear over a weight held by a child block (a tied LM head) is a Linear field
        built once in load() from the child's weight, as candle-transformers' llama.rs does."""
        if s.node.op == "linear" and len(s.inputs) == 2 and s.inputs[1] in self.heads and id(s) not in self.s.layers:
            name = self.heads[s.inputs[1]]
            weight = self.path(self.s, self.block.rel(s.inputs[1]))
            self.derived[name] = ("Linear", f"Linear::new({weight}.clone(), None)")
            self.uses.update(("candle_nn::Linear", "candle_nn::Module"))
            return f"self.{name}.forward({self.arg(s.inputs[0])})?"
        return super().expr(s)

    def device(self) -> str:
        """Where new tensors go: an argument's device, else the block's own `device` field."""
        if self.block.args:
            return f"{self.recv(self.block.args[0])}.device()"
        self.fields.setdefault("device", ("Device", "vb.device().clone()"))
        self.uses.add("candle_core::Device")
        return "&self.device"


def render(program: Program, env, ctx, helpers: str = "used", fmt: bool = True) -> dict[str, str]:
    """File name -> source of the generated crate, rustfmt-formatted (`fmt`), the model's sizes
    named by its config (consts in model/mod.rs). helpers="all" writes every ops.rs helper (the
    per-op test crate)."""
    with sizes.spelled():
        files = _files(program, env, ctx, helpers)
    files = codegen.name_sizes(files, ctx, RUST)
    return rustcode.rustfmt(files) if fmt else files


def _files(program: Program, env, ctx, helpers: str) -> dict[str, str]:
    table = rustcode.structs(program, LAYERS)
    written = rustcode.generic_structs(program, table, LAYERS, lambda st: Writer(st, table, program).write(),
                                       optional=True, nested=True)
    heads = tied_heads(program, ctx)
    for kind, st in table.items():          # children first: a parent may read a child's fields
        if kind not in written:
            written[kind] = Writer(st, table, program, heads).write()
    loss = None
    if program.loss:
        st = Struct(program.loss, program.graphs["full"])
        w = Writer(st, table, program)
        loss = {"args": [program.loss.locals[a] for a in program.loss.args], "body": w.lines(), "helpers": w.helpers,
                "uses": w.uses}
    files = {}
    used: set[str] = set()
    for kind, st in table.items():
        w = written[kind]
        if w is None:                        # written with the first kind of its generic struct
            continue
        w["public"] = {f for k, other in table.items() if other.name == st.name for f in other.public}
        files[f"src/model/{snake(st.name)}.rs"] = _module(env, w, table, ctx.header)
        used |= w["helpers"]
    if loss:
        files["src/model/loss.rs"] = env.get_template("candle/loss.rs.j2").render(
            loss=loss, uses=_use_lines(LOSS_USES, loss["uses"], loss["helpers"]))
        used |= loss["helpers"]
    used = codegen.closure(HELPERS if helpers == "all" else used, HELPERS)   # with the helpers they call
    ops = env.get_template("candle/ops.rs.j2").render(
        helpers=used, order=list(HELPERS), files={h: helper_file(h) for h in used},
        uses=rustcode.use_lines({u for h in used for u in HELPER_USES[h]}))
    files["src/ops.rs"] = ops
    files["src/model/mod.rs"] = env.get_template("candle/mod.rs.j2").render(
        modules=sorted({(snake(st.name), st.name) for st in table.values()} | ({("loss", "loss_fn")} if loss else set())))
    files["src/main.rs"] = main_source(program, env, ctx)
    files["Cargo.toml"] = env.get_template("candle/Cargo.toml.j2").render(
        package=package_name(program, ctx), dependencies=DEPENDENCIES, header=ctx.header.splitlines()[0])
    return files


def tied_heads(program: Program, ctx) -> dict[str, str]:
    """Tied weights the root reads from a child -> the Linear field made of them, named as the
    checkpoint's alias (`lm_head.weight` -> `lm_head`)."""
    tied = ctx.model.tied if ctx.model else {}
    params = program.graphs["full"].params
    return {target: ident(alias.rsplit(".", 1)[0]) for alias, target in tied.items()
            if target in params and alias.endswith(".weight")}


def _module(env, w: dict, table: dict[str, Struct], header: str) -> str:
    return env.get_template("candle/block.rs.j2").render(
        block=w, children=w["children"], doc=_doc(w), uses=_use_lines(BLOCK_USES, w["uses"], w["helpers"]))


def _use_lines(fixed, uses, helpers) -> list[str]:
    """A module's `use` lines: what its template names, what its rules declared, its helpers."""
    return rustcode.use_lines({*fixed, *uses, *(f"crate::ops::{h}" for h in helpers)})


def _doc(w: dict) -> str:
    if not w["path"]:
        return "The model."
    return f"`{w['path']}` in the checkpoint" + (", and the blocks like it in other sizes" if w["params"] else "")


def package_name(program: Program, ctx) -> str:
    return rustcode.crate_name(ctx.folder or program.graphs["full"].name, NAME)


def main_source(program: Program, env, ctx) -> str:
    roots = codegen.roots(program)
    loss = codegen.loss_arguments(program)
    local = rustcode.namer(rustcode.template_words(env, "candle/main.rs.j2"))

    def pattern(outputs: list[str], used=None) -> str:
        vars_ = [local(o) if used is None or o in used else f"_{local(o)}" for o in outputs]
        return vars_[0] if len(vars_) == 1 else f"({', '.join(vars_)})"

    full, latency = roots["full"], roots["latency"]
    inputs = list(dict.fromkeys(full.inputs + [n for k, n in loss if k == "input"]
                                + ["latency." + i for i in latency.inputs]))
    for name in inputs:
        local(name)
    imports = sorted(set([camel(full.kind), camel(latency.kind)] + (["loss_fn"] if program.loss else [])),
                     key=rustcode.name_order)
    return env.get_template("candle/main.rs.j2").render(
        header=ctx.header, version=VERSION, full=full, latency=latency, imports=imports,
        full_type=camel(full.kind), latency_type=camel(latency.kind),
        inputs=[(n, local(n)) for n in inputs], local=local,
        full_args=", ".join(local(i) for i in full.inputs),
        latency_args=", ".join(local("latency." + i) for i in latency.inputs),
        full_outs=pattern(full.outputs), latency_outs=pattern(latency.outputs),
        train_outs=pattern(full.outputs, {n for k, n in loss if k == "output"}),
        loss_args=", ".join(f"&{local(n)}" if k == "output" else local(n) for k, n in loss) if program.loss else None,
        buffers=rustcode.buffers(program))


# cargo builds the crate (a member of the generated/ workspace, runner/cargo.py), cc links it
EMITTER = Emitter(NAME, "Candle", RUST, frozenset(SUPPORTED), render, requires=("cargo", "cc"),
                  reserved=frozenset(h for h in HELPERS if h[:1].islower()) | {"loss_fn", "scalar"}, order=60,
                  devices=CPU_ONLY)
