"""ONNX emitter: ONNX models built with onnx.helper at opset 26, run by ONNX Runtime.

Three models per program: inference.onnx (the full graph's forward outputs), latency.onnx
(the latency graph) and training.onnx (forward, loss and the IR-derived backward graph in
one model, outputting `loss` and `grad.<param>`; ONNX Runtime has no autodiff of its own).
Each block kind is one ONNX local function (domain `inferena`), so 30 decoder layers are 30
call nodes of one function; so is the backward of each block kind (grad_graph(blocks=True)).
Parameters are graph inputs: the files carry no weights, and main.py binds
weights.safetensors to them as initializers before creating a session.

Function bodies are shape-polymorphic (one function serves the full and the latency graph,
and blocks of one kind at different resolutions): shapes come from attributes or from
Shape nodes, which ONNX Runtime folds away for the static shapes of the graph inputs."""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from inferena.ir import GRAD_PREFIX, Graph, IRError, TensorType, decompose, grad_graph
from inferena.ir.autodiff import BACKWARD_PATH
from inferena.ir.passes import eliminate_dead_code

from . import generic, structure
from .base import Emitter
from .generic import Size
from .pycode import PYTHON
from .structure import Block, Program, Stmt, analyze

OPSET = 26                  # newest default-domain opset ONNX Runtime 1.31 accepts (27, 28: no)
IR_VERSION = 13             # the ONNX IR version that goes with opset 26 (onnx 1.21)
DOMAIN = "inferena"         # the model's block functions
ELEM = {"f32": 1, "i64": 7, "bool": 9, "f64": 11}     # onnx.TensorProto.FLOAT, INT64, BOOL, DOUBLE
NP_DTYPE = {"f32": np.float32, "f64": np.float64, "i64": np.int64, "bool": np.bool_}


def hint(value: str) -> str:
    """An ONNX tensor's name from an IR value's (structure.hint; any string is a name there)."""
    return structure.hint(value, prefix="")


def _onnx():
    try:
        import onnx
    except ImportError:
        raise IRError("the ONNX emitter needs the onnx package when generating "
                      "(pip install 'inferena[onnxruntime]')") from None
    return onnx


@dataclass
class OpCall:
    """What an op's rule sees: ONNX names of its inputs and outputs, attributes, IR types
    (only their rank and dtype are used: function bodies serve every instance's shapes)."""
    args: list[str]
    outs: list[str]
    attrs: dict[str, Any]
    in_types: list[TensorType]
    out_types: list[TensorType]


class Body:
    """The nodes of one ONNX graph or function body, with unique readable value names."""

    def __init__(self, onnx, taken=()):
        self.onnx = onnx
        self.nodes: list = []
        self.names: dict[str, str] = {}          # IR value -> ONNX name
        self.used: set[str] = set(taken)
        self._consts: dict[tuple, str] = {}
        self._counters: dict[str, int] = {}
        self.preferred: dict[str, str] = {}      # IR value -> the graph output name it takes
        self.attributes: dict[str, int | list[int]] = {}   # function attribute -> this call's value

    def _references(self, attrs: dict) -> list:
        """Attributes given as a generic block's sizes (generic.Size, all of one argument)
        become references to a function attribute of that name (`strides` -> `stride`), so
        blocks that differ only there share one function; the rest stay in `attrs`."""
        refs = []
        for key, v in list(attrs.items()):
            items = list(v) if isinstance(v, (list, tuple)) else [v]
            if not items or not all(isinstance(x, Size) for x in items) or len({x.name for x in items}) > 1:
                continue
            name, value = items[0].name, [int(x) for x in items] if isinstance(v, (list, tuple)) else int(v)
            if self.attributes.setdefault(name, value) != value:
                continue                         # one name, two values: written as they are
            kind = self.onnx.AttributeProto.INTS if isinstance(value, list) else self.onnx.AttributeProto.INT
            refs.append(self.onnx.AttributeProto(name=key, ref_attr_name=name, type=kind))
            del attrs[key]
        return refs

    def fresh(self, base: str) -> str:
        name, i = base, self._counters.get(base, 1)
        while name in self.used:
            i += 1
            name = f"{base}_{i}"
        self._counters[base] = i
        self.used.add(name)
        return name

    def define(self, value: str, name: str | None = None) -> str:
        """Name the value `name` if that is free, else after its IR name ('q', 'q_2', ...);
        a graph output is named after the output."""
        if value in self.preferred:
            name = self.preferred[value]
        elif name is None or name in self.used:
            name = self.fresh(name or hint(value))
        self.used.add(name)
        self.names[value] = name
        return name

    def op(self, op_type: str, *inputs: str, out: str | None = None, outs: int | list[str] | None = None,
           domain: str = "", name: str | None = None, **attrs):
        """Append a node; returns its output name (or the list of them, with `outs`)."""
        if outs is None:
            outputs = [out or self.fresh(op_type[0].lower() + op_type[1:])]
        else:
            outputs = outs if isinstance(outs, list) else [self.fresh(op_type.lower()) for _ in range(outs)]
        refs = self._references(attrs)
        self.nodes.append(self.onnx.helper.make_node(op_type, list(inputs), outputs, domain=domain,
                                                     name=name, **attrs))
        self.nodes[-1].attribute.extend(refs)
        return outputs[0] if outs is None else outputs

    def const(self, value, dtype: str = "i64", base: str = "c", out: str | None = None) -> str:
        """A Constant node (one per distinct value in a body)."""
        array = np.asarray(value, NP_DTYPE[dtype])
        key = (dtype, array.shape, array.tobytes())
        if out is None and key in self._consts:
            return self._consts[key]
        name = out or self.fresh(base)
        self.nodes.append(self.onnx.helper.make_node(
            "Constant", [], [name], value=self.onnx.numpy_helper.from_array(array, name)))
        self._consts.setdefault(key, name)
        return name


# --- the op table: IR op -> ONNX node(s) -----------------------------------------------------------

SAME = {   # one ONNX op, same inputs, same semantics (NumPy broadcasting = ONNX broadcasting)
    "add": "Add", "sub": "Sub", "mul": "Mul", "div": "Div", "neg": "Neg", "exp": "Exp", "log": "Log",
    "sqrt": "Sqrt", "tanh": "Tanh", "sigmoid": "Sigmoid", "relu": "Relu", "sin": "Sin", "cos": "Cos",
    "erf": "Erf", "where": "Where", "greater": "Greater", "matmul": "MatMul",
}


def _reduce(onnx_op):
    def rule(e: Body, n: OpCall):
        if not n.attrs["axes"]:              # ONNX would reduce over every axis
            e.op("Identity", n.args[0], out=n.outs[0])
        else:
            e.op(onnx_op, n.args[0], e.const(n.attrs["axes"], base="axes"), out=n.outs[0],
                 keepdims=int(n.attrs["keepdims"]))
    return rule


def _sum_to(e: Body, n: OpCall):
    """Sum over the leading axes and the axes the target keeps as 1, then drop the leading ones."""
    shape, rank = n.attrs["shape"], n.in_types[0].rank
    lead = rank - len(shape)
    axes = list(range(lead)) + [lead + i for i, s in enumerate(shape) if s == 1]
    x = e.op("ReduceSum", n.args[0], e.const(axes, base="axes"), keepdims=1) if axes else n.args[0]
    e.op("Reshape", x, e.const(shape, base="shape"), out=n.outs[0])


def _linear(e: Body, n: OpCall):
    x, w = n.args[:2]
    if n.in_types[0].rank == 2:              # x @ w.T + bias is exactly Gemm
        e.op("Gemm", *n.args, out=n.outs[0], transB=1)
        return
    y = e.op("MatMul", x, e.op("Transpose", w, perm=[1, 0]), out=None if len(n.args) == 3 else n.outs[0])
    if len(n.args) == 3:
        e.op("Add", y, n.args[2], out=n.outs[0])


def _positions(e: Body, n: OpCall):
    axis = n.attrs["axis"] % n.in_types[0].rank
    size = e.op("Squeeze", e.op("Shape", n.args[0], start=axis, end=axis + 1))
    start = e.const(n.attrs["offset"], base="start")
    limit = e.op("Add", size, start) if n.attrs["offset"] else size
    e.op("Range", start, limit, e.const(1, base="one"), out=n.outs[0])


def _rope_tables(e: Body, n: OpCall):
    """cos/sin of positions x inv_freq, computed in float64 like the reference, then f32."""
    dim, theta = n.attrs["dim"], n.attrs["theta"]
    inv_freq = e.const(1.0 / theta ** (np.arange(0, dim, 2, dtype=np.float64) / dim), "f64", "inv_freq")
    pos = e.op("Unsqueeze", e.op("Cast", n.args[0], to=ELEM["f64"]), e.const([1], base="axes"))
    angles = e.op("Mul", pos, inv_freq, out=e.fresh("angles"))
    for fn, out in zip(("Cos", "Sin"), n.outs):
        e.op("Cast", e.op(fn, angles), out=out, to=ELEM[n.out_types[0].dtype])


def _rope(e: Body, n: OpCall):
    """RotaryEmbedding (interleaved=0 is the half-split pairing) for [B, H, S, D] and [B, S, D]:
    its cos/sin caches are [B, S, D/2], ours [S, D/2]."""
    x, cos, sin = n.args
    rank = n.in_types[0].rank
    if rank in (3, 4):
        batch = e.op("Concat", e.op("Shape", x, end=1), e.const([1, 1], base="ones"), axis=0)
        caches = [e.op("Expand", t, batch) for t in (cos, sin)]
        e.op("RotaryEmbedding", x, *caches, out=n.outs[0], interleaved=0, **({"num_heads": 1} if rank == 3 else {}))
        return
    half = n.in_types[0].shape[-1] // 2      # other ranks: the rotation written out
    x1, x2 = e.op("Split", x, e.const([half, half], base="halves"), outs=2, axis=-1)
    e.op("Concat", e.op("Sub", e.op("Mul", x1, cos), e.op("Mul", x2, sin)),
         e.op("Add", e.op("Mul", x2, cos), e.op("Mul", x1, sin)), out=n.outs[0], axis=-1)


def _causal_mask(e: Body, n: OpCall):
    q, k = n.args
    size = e.op("Concat", e.op("Shape", q, start=-2, end=-1), e.op("Shape", k, start=-2, end=-1), axis=0)
    _lower_triangle(e, size, n.attrs["offset"], out=n.outs[0])


def _lower_triangle(e: Body, size: str, offset: int = 0, out: str | None = None) -> str:
    """Boolean [S, T] (from the 1-D `size`), True where key j <= query i + offset."""
    ones = e.op("ConstantOfShape", size, value=e.onnx.numpy_helper.from_array(np.ones(1, np.bool_)))
    return e.op("Trilu", ones, e.const(offset, base="offset"), out=out, upper=0)


def _attention(e: Body, n: OpCall):
    """softmax(q k^T * scale + bias) v with MatMul and Softmax, which ONNX Runtime fuses and
    runs on MLAS. Not Attention-23: ONNX Runtime 1.32's CPU provider runs it as its function
    body (its profile shows Where, Expand, Cast... nodes even for a lone Attention node), whose
    Where nodes took 1.0 s of SD 1.5's 2.1 s inference (16 cores; with MatMul/Softmax: 1.2 s,
    torch.onnx.export's model 1.16 s). Grouped-query heads: q is viewed as
    [B, Hkv, group, S, D] against k, v as [B, Hkv, 1, T, D]; masks become an additive bias."""
    q, k, v, *mask = n.args
    (_, hq, _, d), hk = n.in_types[0].shape, n.in_types[1].shape[1]
    group = hq // hk
    q = e.op("Mul", q, e.const(n.attrs["scale"], n.in_types[0].dtype, "scale"))
    if group > 1:
        q = e.op("Reshape", q, e.const([0, hk, group, -1, d], base="grouped"))
        k, v = (e.op("Unsqueeze", t, e.const([2], base="axes")) for t in (k, v))
    scores = e.op("MatMul", q, e.op("Transpose", k, perm=[0, 1, 2, 4, 3] if group > 1 else [0, 1, 3, 2]))
    allowed = _grouped_mask(e, n, mask[0], hk, group) if mask else None
    if n.attrs["causal"]:
        causal = _lower_triangle(e, e.op("Shape", scores, start=-2))
        allowed = e.op("And", allowed, causal) if allowed else causal
    if allowed:
        dtype = n.in_types[0].dtype
        bias = e.op("Where", allowed, e.const(0.0, dtype, "zero"), e.const(-np.inf, dtype, "neg_inf"))
        scores = e.op("Add", scores, bias)
    out = e.op("MatMul", e.op("Softmax", scores, axis=-1), v, out=None if group > 1 else n.outs[0])
    if group > 1:
        e.op("Reshape", out, e.const([0, hq, -1, n.in_types[2].shape[-1]], base="heads"), out=n.outs[0])


def _grouped_mask(e: Body, n: OpCall, mask: str, hk: int, group: int) -> str:
    """A [.., H, S, T] mask for grouped scores [B, Hkv, group, S, T]."""
    shape = n.in_types[3].shape
    if group == 1 or len(shape) < 3:
        return mask
    if shape[-3] == 1:
        return e.op("Unsqueeze", mask, e.const([-3], base="axes"))
    heads = [e.const([hk, group], base="mask_heads"), e.op("Shape", mask, start=-2)]
    return e.op("Reshape", mask, e.op("Concat", *([e.op("Shape", mask, end=1)] if len(shape) == 4 else []),
                                      *heads, axis=0))


def _group_norm(e: Body, n: OpCall):
    """InstanceNormalization over [N, groups, -1], then the per-channel scale and bias. Not
    GroupNormalization-21: ONNX Runtime 1.32 has no CPU kernel for it and inlines its function
    body, 2x slower on SD 1.5's shapes (measured: [2, 320, 64, 64], 2 threads, 17.8 vs 8.5 ms)."""
    x, scale, bias = n.args
    groups, dtype = n.attrs["groups"], n.in_types[0].dtype
    grouped = e.op("Reshape", x, e.const([0, groups, -1], base="grouped"))
    normed = e.op("InstanceNormalization", grouped, e.const(np.ones(groups), dtype, "ones"),
                  e.const(np.zeros(groups), dtype, "zeros"), epsilon=n.attrs["eps"])
    axes = e.const(list(range(1, n.in_types[0].rank - 1)), base="axes")      # [C] -> [C, 1, 1]
    scaled = e.op("Mul", e.op("Reshape", normed, e.op("Shape", x)), e.op("Unsqueeze", scale, axes))
    e.op("Add", scaled, e.op("Unsqueeze", bias, axes), out=n.outs[0])


def _embedding_grad(e: Body, n: OpCall):
    """Rows of the gradient added into a zero table at their ids (repeated ids accumulate)."""
    grad, ids = n.args
    zeros = _zeros(e, e.const([n.attrs["num"], n.in_types[0].shape[-1]], base="shape"), n.out_types[0].dtype)
    e.op("ScatterND", zeros, e.op("Unsqueeze", ids, e.const([-1], base="axes")), grad, out=n.outs[0],
         reduction="add")


def _zeros(e: Body, shape: str, dtype: str, out: str | None = None) -> str:
    value = e.onnx.numpy_helper.from_array(np.zeros(1, NP_DTYPE[dtype]))
    return e.op("ConstantOfShape", shape, out=out, value=value)


def _cross_entropy(e: Body, n: OpCall):
    """SoftmaxCrossEntropyLoss wants [N, C] scores: the positions are flattened first."""
    logits, labels = n.args
    if n.in_types[0].rank != 2:
        logits = e.op("Flatten", logits, axis=-1)
        labels = e.op("Reshape", labels, e.const([-1], base="shape"))
    e.op("SoftmaxCrossEntropyLoss", logits, labels, out=n.outs[0], reduction="mean")


def _one_hot(e: Body, n: OpCall):
    values = e.const([0, 1], n.out_types[0].dtype, "off_on")
    e.op("OneHot", n.args[0], e.const(n.attrs["depth"], base="depth"), values, out=n.outs[0], axis=-1)


def _conv2d(e: Body, n: OpCall):
    a = n.attrs
    e.op("Conv", *n.args, out=n.outs[0], strides=list(a["stride"]), pads=list(a["padding"]) * 2,
         dilations=list(a["dilation"]), group=a["groups"])


def _conv1d(e: Body, n: OpCall):
    a = n.attrs
    e.op("Conv", *n.args, out=n.outs[0], strides=[a["stride"]], pads=[a["padding"]] * 2,
         dilations=[a["dilation"]], group=a["groups"])


def _conv2d_backward_input(e: Body, n: OpCall):
    """The transpose of the convolution: ConvTranspose with the same weight, its output
    padded at the end up to the input size (rows a strided conv never reached get 0)."""
    a = n.attrs
    grad_hw = n.in_types[0].shape[2:]
    kernel = n.in_types[1].shape[2:]
    extra = [size - ((g - 1) * s + (k - 1) * d + 1 - 2 * p) for size, g, s, k, d, p in
             zip(a["input_size"], grad_hw, a["stride"], kernel, a["dilation"], a["padding"])]
    e.op("ConvTranspose", *n.args, out=n.outs[0], strides=list(a["stride"]), pads=list(a["padding"]) * 2,
         dilations=list(a["dilation"]), group=a["groups"], output_padding=extra)


def _conv2d_backward_weight(e: Body, n: OpCall):
    """dW[o, c, i, j] = sum over n, y, x of grad[n, o, y, x] * x_padded[n, c, y*s + i*d, x*s + j*d]:
    the input's patches (im2col, as a convolution of each channel with a one-hot kernel per
    kernel position) times the gradient, one batched MatMul per sample and group."""
    a = n.attrs
    x, grad = n.args
    (kh, kw), groups = a["kernel"], a["groups"]
    c, o = n.in_types[0].shape[1], n.in_types[1].shape[1]
    cg, og = c // groups, o // groups
    if (kh, kw) == (1, 1) and a["stride"] == (1, 1) and a["padding"] == (0, 0):
        cols = x                                                   # a 1x1 conv's patches are the pixels
    else:
        one_hot = np.eye(kh * kw, dtype=NP_DTYPE[n.in_types[0].dtype]).reshape(kh * kw, 1, kh, kw)
        planes = e.op("Reshape", x, e.const([-1, 1, 0, 0], base="shape"))        # [N*C, 1, H, W]
        cols = e.op("Conv", planes, e.const(one_hot, n.in_types[0].dtype, "one_hot_kernel"),
                    strides=list(a["stride"]), pads=list(a["padding"]) * 2, dilations=list(a["dilation"]))
    batch = e.op("Shape", grad, end=1)
    patches = e.op("Reshape", cols, e.op("Concat", batch, e.const([groups, cg * kh * kw, -1], base="shape"),
                                         axis=0))              # [N, G, C/G*KH*KW, Ho*Wo]
    g = e.op("Reshape", grad, e.const([0, groups, og, -1], base="shape"))          # [N, G, O/G, Ho*Wo]
    per_sample = e.op("MatMul", g, e.op("Transpose", patches, perm=[0, 1, 3, 2]))
    total = e.op("ReduceSum", per_sample, e.const([0], base="axes"), keepdims=0)
    e.op("Reshape", total, e.const([o, cg, kh, kw], base="shape"), out=n.outs[0])


def _max_pool2d(e: Body, n: OpCall):
    a = n.attrs
    e.op("MaxPool", n.args[0], out=n.outs[0], kernel_shape=list(a["kernel"]), strides=list(a["stride"]),
         pads=list(a["padding"]) * 2)


def _max_pool2d_backward(e: Body, n: OpCall):
    """MaxPool's indices (flat, row-major, first maximum of each window) say where each
    output came from; the gradient is scattered back there, overlaps adding up."""
    a = n.attrs
    grad, x = n.args
    _, indices = e.op("MaxPool", x, outs=2, kernel_shape=list(a["kernel"]), strides=list(a["stride"]),
                      pads=list(a["padding"]) * 2)
    flat = e.const([-1], base="flat")
    zeros = _zeros(e, e.op("Shape", e.op("Reshape", x, flat)), n.out_types[0].dtype)
    dx = e.op("ScatterElements", zeros, e.op("Reshape", indices, flat), e.op("Reshape", grad, flat),
              axis=0, reduction="add")
    e.op("Reshape", dx, e.op("Shape", x), out=n.outs[0])


def _upsample_nearest(e: Body, n: OpCall):
    s = float(n.attrs["scale"])
    e.op("Resize", n.args[0], "", e.const([1.0, 1.0, s, s], "f32", "scales"), out=n.outs[0],
         mode="nearest", coordinate_transformation_mode="asymmetric", nearest_mode="floor")


def _select(e: Body, n: OpCall):
    e.op("Gather", n.args[0], e.const(n.attrs["index"], base="index"), out=n.outs[0], axis=n.attrs["axis"])


def _arange(e: Body, n: OpCall):
    dtype = n.out_types[0].dtype
    e.op("Range", e.const(0, dtype, "zero"), e.const(n.attrs["size"], dtype, "size"),
         e.const(1, dtype, "one"), out=n.outs[0])


def _split(e: Body, n: OpCall):
    if len(n.outs) == 1:
        e.op("Identity", n.args[0], out=n.outs[0])
    else:
        e.op("Split", n.args[0], e.const(n.attrs["sizes"], base="sizes"), outs=list(n.outs), axis=n.attrs["axis"])


def _mse_loss(e: Body, n: OpCall):
    d = e.op("Sub", *n.args)
    axes = e.const(list(range(n.in_types[0].rank)), base="axes")
    e.op("ReduceMean", e.op("Mul", d, d), axes, out=n.outs[0], keepdims=0)


RULES: dict[str, Callable[[Body, OpCall], None]] = {
    **{op: (lambda onnx_op: lambda e, n: e.op(onnx_op, *n.args, out=n.outs[0]))(onnx_op)
       for op, onnx_op in SAME.items()},
    "rsqrt": lambda e, n: e.op("Reciprocal", e.op("Sqrt", n.args[0]), out=n.outs[0]),
    "pow": lambda e, n: e.op("Pow", n.args[0], e.const(n.attrs["exponent"], n.in_types[0].dtype, "exponent"),
                             out=n.outs[0]),
    "cast": lambda e, n: e.op("Cast", n.args[0], out=n.outs[0], to=ELEM[n.attrs["dtype"]]),
    "const": lambda e, n: e.const(n.attrs["value"], n.attrs["dtype"], out=n.outs[0]),
    "zeros_like": lambda e, n: _zeros(e, e.op("Shape", n.args[0]), n.out_types[0].dtype, n.outs[0]),
    "silu": lambda e, n: e.op("Mul", n.args[0], e.op("Sigmoid", n.args[0]), out=n.outs[0]),
    "gelu": lambda e, n: e.op("Gelu", n.args[0], out=n.outs[0], approximate=n.attrs["approximate"]),
    "softmax": lambda e, n: e.op("Softmax", n.args[0], out=n.outs[0], axis=n.attrs["axis"]),
    "sum": _reduce("ReduceSum"),
    "mean": _reduce("ReduceMean"),
    "max": _reduce("ReduceMax"),
    "sum_to": _sum_to,
    "reshape": lambda e, n: e.op("Reshape", n.args[0], e.const(n.attrs["shape"], base="shape"), out=n.outs[0]),
    "transpose": lambda e, n: e.op("Transpose", n.args[0], out=n.outs[0], perm=list(n.attrs["perm"])),
    "broadcast_to": lambda e, n: e.op("Expand", n.args[0], e.const(n.attrs["shape"], base="shape"),
                                      out=n.outs[0]),
    "split": _split,
    "concat": lambda e, n: e.op("Concat", *n.args, out=n.outs[0], axis=n.attrs["axis"]),
    "select": _select,
    "arange": _arange,
    "linear": _linear,
    "embedding": lambda e, n: e.op("Gather", n.args[1], n.args[0], out=n.outs[0], axis=0),
    "embedding_grad": _embedding_grad,
    "rmsnorm": lambda e, n: e.op("RMSNormalization", *n.args, out=n.outs[0], axis=-1, epsilon=n.attrs["eps"]),
    "layer_norm": lambda e, n: e.op("LayerNormalization", *n.args, out=n.outs[0], axis=-1,
                                    epsilon=n.attrs["eps"]),
    "group_norm": _group_norm,
    "batch_norm": lambda e, n: e.op("BatchNormalization", *n.args, out=n.outs[0], epsilon=n.attrs["eps"]),
    "positions": _positions,
    "rope_tables": _rope_tables,
    "rope": _rope,
    "causal_mask": _causal_mask,
    "attention": _attention,
    "one_hot": _one_hot,
    "cross_entropy": _cross_entropy,
    "mse_loss": _mse_loss,
    "conv2d": _conv2d,
    "conv1d": _conv1d,
    "conv2d_backward_input": _conv2d_backward_input,
    "conv2d_backward_weight": _conv2d_backward_weight,
    "max_pool2d": _max_pool2d,
    "max_pool2d_backward": _max_pool2d_backward,
    "upsample_nearest": _upsample_nearest,
}
SUPPORTED = set(RULES)


# --- blocks -> functions, roots -> graphs ---------------------------------------------------------

def _under(value: str, path: str) -> bool:
    return path == "" or value.startswith(path + ".")


class ModelWriter:
    """Writes the ONNX models of one analysed program: a function per block kind, the
    root block as the main graph."""

    def __init__(self, onnx, program: Program):
        self.onnx, self.program = onnx, program
        self.types: dict[str, TensorType] = {}
        self.params: dict[str, Any] = {}
        for graph in program.graphs.values():
            self.types.update(graph.values)
            self.params.update(graph.params)
        self._param_inputs: dict[str, list[str]] = {}
        self.gradients = {v: k[len(GRAD_PREFIX):] for graph in program.graphs.values()
                          for k, v in graph.outputs.items() if k.startswith(GRAD_PREFIX)}
        self.functions: dict[str, Any] = {}
        self.names: dict[str, str] = {}          # block kind -> its function (kinds of one code share one)
        self._bodies: dict[bytes, str] = {}      # a function's body -> its name
        self.generic = {kind: g for g in generic.generics(program) for kind in g.kinds}
        self.call_attributes: dict[str, dict] = {}   # block kind -> its function's attribute values

    # parameters a block kind takes, by name relative to it: its own, then its children's
    def param_inputs(self, kind: str) -> list[str]:
        if kind not in self._param_inputs:
            block = self.program.blocks[kind]
            names: list[str] = []
            for s in block.stmts:
                if s.kind == "op":
                    names += [block.rel(v) for v in s.inputs if v in self.params and _under(v, block.path)]
                else:
                    for prefix, child in self._children(s):
                        names += [f"{prefix}.{p}" for p in self.param_inputs(child)]
            self._param_inputs[kind] = list(dict.fromkeys(names))
        return self._param_inputs[kind]

    @staticmethod
    def _children(s: Stmt) -> list[tuple[str, str]]:
        """(member path, kind) of each block a call or loop statement calls."""
        if s.kind == "call":
            return [(s.member if s.index is None else f"{s.member}.{s.index}", s.child_kinds[0])]
        return [(f"{s.member}.{i}", kind) for i, kind in enumerate(s.child_kinds)]

    def function(self, kind: str) -> str:
        """The function of a block kind, written on first use; kinds that differ only in their
        parameters' shapes or integer attributes (generic.py's blocks of other sizes) come out
        as one body and share one function, its shapes those of the inputs, its attributes
        (`stride`) given by each call."""
        if kind in self.names:
            return self.names[kind]
        block = self.program.blocks[kind]
        if kind in self.generic:
            every = copy.copy(next(iter(self.program.graphs.values())))
            every.values = self.types                   # the values of all graphs
            block, _ = generic.symbolic(self.program, self.generic[kind], kind, every)
        params = self.param_inputs(kind)
        body = Body(self.onnx, taken=params)
        inputs = [body.define(a, self._arg_name(block, a)) for a in block.args]
        for value in block.returns:        # a weight's gradient: grad.<weight name>
            weight = self.gradients.get(value)
            if weight and self._arg_name(block, weight) != hint(weight):
                body.preferred[value] = body.fresh(GRAD_PREFIX + self._arg_name(block, weight))
        for p in params:
            body.names[block.path + "." + p if block.path else p] = p
        self.write_body(block, body)
        outputs = self.returns(block, body)
        doc = f"{kind}: block {block.path}" + (" (and every block of this kind)" if block.path else "")
        fn = self.onnx.helper.make_function(
            DOMAIN, kind, inputs + params, outputs, body.nodes,
            [self.onnx.helper.make_opsetid("", OPSET), self.onnx.helper.make_opsetid(DOMAIN, 1)],
            attributes=list(body.attributes), doc_string=doc)
        self.call_attributes[kind] = body.attributes
        key = self.onnx.helper.make_function(DOMAIN, "", fn.input, fn.output, fn.node, fn.opset_import,
                                             attributes=list(body.attributes))
        self.names[kind] = self._bodies.setdefault(key.SerializeToString(), kind)
        if self.names[kind] == kind:
            self.functions[kind] = fn
        return self.names[kind]

    def _arg_name(self, block: Block, value: str) -> str:
        """An argument's name in a function: its IR name's readable part, or for a weight
        that a backward block gets from its forward block (`model_grad.layers.3` from
        `model.layers.3`), the weight's name relative to that block."""
        head, _, rest = block.path.partition(".")
        if value in self.params and head.endswith(BACKWARD_PATH):
            forward = head[:-len(BACKWARD_PATH)] + (f".{rest}" if rest else "")
            if value.startswith(forward + "."):
                return value[len(forward) + 1:]
        return hint(value)

    def returns(self, block: Block, body: Body) -> list[str]:
        """Names of a function's results; an Identity where a result is an input or repeats."""
        outputs = []
        inputs = {body.names[a] for a in block.args} | set(self.param_inputs(block.kind))
        for value in block.returns:
            name = body.names[value]
            if name in inputs or name in outputs:
                name = body.op("Identity", name, out=body.fresh(hint(value)))
            outputs.append(name)
        return outputs

    def write_body(self, block: Block, body: Body) -> None:
        for s in block.stmts:
            if s.kind == "op":
                self.write_op(s, body)
            elif s.kind == "call":
                self.write_call(block, s, body, self._children(s)[0], [body.names[v] for v in s.inputs],
                                s.outputs)
            else:
                self.write_loop(block, s, body)

    def write_op(self, s: Stmt, body: Body) -> None:
        node = s.node
        if node.op == "const":             # one Constant per distinct value
            body.names[s.outputs[0]] = body.const(node.attrs["value"], node.attrs["dtype"], hint(s.outputs[0]))
            return
        outs = [body.define(o) for o in s.outputs]
        call = OpCall([body.names[v] for v in s.inputs], outs, node.attrs,
                      [self.types[v] for v in s.inputs], [self.types[o] for o in s.outputs])
        if node.op not in RULES:
            raise IRError(f"the ONNX emitter has no rule for op {node.op} (and it has no decomposition)")
        RULES[node.op](body, call)

    def write_call(self, block: Block, s: Stmt, body: Body, child: tuple[str, str], args: list[str],
                   outputs: list[str], fresh_outputs: bool = False) -> list[str]:
        prefix, kind = child
        function = self.function(kind)
        params = [body.names[self._param_value(block, f"{prefix}.{p}")] for p in self.param_inputs(kind)]
        outs = [body.fresh(hint(o)) if fresh_outputs else body.define(o) for o in outputs]
        body.op(function, *args, *params, outs=outs, domain=DOMAIN, name=prefix, **self.call_attributes[kind])
        return outs

    @staticmethod
    def _param_value(block: Block, rel: str) -> str:
        return f"{block.path}.{rel}" if block.path else rel

    def write_loop(self, block: Block, s: Stmt, body: Body) -> None:
        """A loop over repeated blocks: one call node per block, results carried along."""
        args = [body.names[v] for v in s.inputs]
        children = self._children(s)
        for step, child in enumerate(children):
            step_args = list(args)
            for j in s.sliced:        # per-block slice of a stacked input
                step_args[j] = body.op("Gather", args[j], body.const(step, base="index"), axis=0,
                                       out=body.fresh(hint(s.sliced[j])))
            last = step == len(children) - 1
            outs = self.write_call(block, s, body, child, step_args, s.outputs, fresh_outputs=not last)
            for j, k in s.carried.items():
                args[j] = outs[k]

    def model(self, kind: str, graph: Graph, outputs: dict[str, str], doc: str):
        """The main graph of a root block: its inputs, then every parameter it uses; the
        graph outputs are named as the IR graph's outputs."""
        helper = self.onnx.helper
        block = self.program.blocks[kind]
        params = self.param_inputs(kind)
        body = Body(self.onnx, taken=list(graph.inputs) + params + list(outputs))
        for a in block.args:
            body.names[a] = a
        for p in params:
            body.names[p] = p
        for out, value in reversed(list(outputs.items())):
            if value not in body.names:
                body.preferred[value] = out
        self.write_body(block, body)
        for out, value in outputs.items():
            if body.names[value] != out:         # an input, or a value output twice
                body.op("Identity", body.names[value], out=out)

        def info(name, t):
            return helper.make_tensor_value_info(name, ELEM[t.dtype], list(t.shape))

        g = helper.make_graph(
            body.nodes, kind, [info(a, graph.inputs[a]) for a in block.args]
            + [info(p, self.params[p].type) for p in params],
            [info(n, graph.values[v]) for n, v in outputs.items()], doc_string=doc)
        used = {self.names[k] for k in self._reachable(kind)}
        return helper.make_model(
            g, opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid(DOMAIN, 1)],
            functions=[self.functions[k] for k in self.functions if k in used], ir_version=IR_VERSION,
            producer_name="inferena", doc_string=doc)

    def _reachable(self, kind: str) -> set[str]:
        found, todo = set(), [kind]
        while todo:
            for s in self.program.blocks[todo.pop()].stmts:
                for _, child in ([] if s.kind == "op" else self._children(s)):
                    if child not in found:
                        found.add(child)
                        todo.append(child)
        return found


def training_program(program: Program) -> tuple[Program, Graph]:
    """Forward + loss + the IR-derived backward graph, analysed into blocks: the forward
    blocks return what the backward needs as extra results, and the backward of each block
    is a block of its own (`model_grad.layers.3` [LlamaDecoderLayerBackward])."""
    full = program.graphs["full"]
    g = grad_graph(full, blocks=True)
    g.outputs = {k: v for k, v in g.outputs.items() if k == "loss" or k.startswith(GRAD_PREFIX)}
    eliminate_dead_code(g)
    g = decompose(g, keep=lambda op: op in SUPPORTED)       # backward ops we do not write natively
    return analyze({"training": g}, loss=""), g


def render(program: Program, env, ctx) -> dict[str, str | bytes]:
    """File name -> content: three .onnx models (bytes) and main.py."""
    onnx = _onnx()
    models = {}
    writer = ModelWriter(onnx, program)
    for name, variant in (("inference", "full"), ("latency", "latency")):
        graph = program.graphs[variant]
        outputs = {k: v for k, v in graph.outputs.items() if k != "loss"}
        models[name] = writer.model(program.roots[variant], graph, outputs, f"{ctx.header}\n\n{name} model")
    if program.loss:
        training, graph = training_program(program)
        models["training"] = ModelWriter(onnx, training).model(
            training.roots["training"], graph, dict(graph.outputs), f"{ctx.header}\n\ntraining model")
    files: dict[str, str | bytes] = {}
    for name, model in models.items():
        onnx.checker.check_model(model, full_check=True)
        files[f"{name}.onnx"] = model.SerializeToString()
    files["main.py"] = env.get_template("onnxruntime/main.py.j2").render(
        header=ctx.header, opset=OPSET, training="training" in models)
    return files


DECIMAL = re.compile(r"(?<![\w.])-?\d*\.\d+(?:e[-+]?\d+)?")


def to_text(data: bytes) -> str:
    """The readable text form of an emitted model (onnx.printer), for review and snapshots.
    Decimal constants are shown to 10 significant digits: their last bits come from the libm
    under NumPy (10**-2.5 came out one ulp apart on two NumPy versions), not from the emitter."""
    onnx = _onnx()
    text = onnx.printer.to_text(onnx.load_from_string(data))
    return DECIMAL.sub(lambda m: f"{float(m[0]):.10g}", text)


EMITTER = Emitter("onnxruntime", "ONNX Runtime", PYTHON, frozenset(SUPPORTED), render,
                  requires=("onnxruntime", "onnx", "safetensors", "numpy"),
                  extras={"onnxruntime": "onnxruntime", "onnx": "onnxruntime"}, to_text=to_text, order=40)
